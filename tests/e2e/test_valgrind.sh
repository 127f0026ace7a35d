#!/bin/sh
# test_valgrind.sh — the handed cases of tests/fixtures/cases run end to end
# (fsepack run, every pièce written) under
#   valgrind --error-exitcode=1 --leak-check=full
# with the normal build: no invalid read or write, no use of uninitialised
# memory, no definite or possible leak. The CSV case covers the CSV reader
# and the Windows-1252 one the decoder, the XLSX case the XLSX reader; all
# three write PDF and XLSX pièces. Skipped under the ASan pass of
# run-tests.sh (valgrind cannot run ASan binaries). Run from the repo root.
B=$(pwd)/build/fsepack
T=$(mktemp -d /tmp/fsepack-valgrind.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
if ! command -v valgrind >/dev/null; then
  echo "FAIL valgrind: not installed (it is in DEB_PKGS: run make deps)"; exit 1
fi
for c in agen-csv bordeaux-cp1252 graves-xlsx; do
  job=tests/fixtures/cases/$c/job.ini
  valgrind -q --error-exitcode=1 --leak-check=full --log-file="$T/$c.vg" \
    "$B" run "$job" --out "$T/out-$c" >"$T/$c.out" 2>"$T/$c.err"; rc=$?
  n=$(ls "$T/out-$c"/*/*/indicateurs.csv 2>/dev/null | wc -l)
  if [ "$rc" -eq 0 ] && [ ! -s "$T/$c.vg" ] && [ "$n" -ge 1 ]; then
    echo "PASS valgrind: $c run clean, $n pack(s) written"
  else
    echo "FAIL valgrind: $c: exit $rc, $n pack(s), valgrind: $(grep -m3 '==[0-9]*== [A-Z]' "$T/$c.vg" | tr '\n' ' ')"; fail=1
  fi
done
exit $fail
