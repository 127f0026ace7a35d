#!/bin/sh
# Run every test of fsepack and print one closing line "N passed, N failed".
#   - cmocka unit binaries given as arguments (their summaries are added up);
#   - end-to-end scripts tests/e2e/test_*.sh and test_*.py, which print one
#     "PASS name" or "FAIL name: why" line per check;
#   - the handed cases (../shared/cases/run) when ../shared is present.
# Exit status 0 only when nothing failed.
pass=0; fail=0
logdir=build/tests/logs; mkdir -p "$logdir"
count() { # $1 = log file with PASS/FAIL lines
  p=$(grep -c '^PASS' "$1"); f=$(grep -c '^FAIL' "$1")
  pass=$((pass + p)); fail=$((fail + f))
}
for t in "$@"; do
  log="$logdir/$(basename "$t").log"
  "./$t" > "$log" 2>&1; rc=$?
  cat "$log"
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  if ! grep -q '^\[==========\] [0-9]* test(s) run\.$' "$log" || { [ $rc -ne 0 ] && [ "$f" = 0 ]; }; then
    echo "FAIL $t: exit $rc without a complete cmocka summary"; f=$((f + 1))
  fi
  pass=$((pass + p)); fail=$((fail + f))
done
for t in tests/e2e/test_*.sh tests/e2e/test_*.py; do
  [ -f "$t" ] || continue
  log="$logdir/$(basename "$t").log"
  case "$t" in *.py) /usr/bin/python3 "$t" > "$log" 2>&1 ;; *) sh "$t" > "$log" 2>&1 ;; esac
  rc=$?
  cat "$log"
  count "$log"
  if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$log"; then echo "FAIL $t: exit $rc"; fail=$((fail + 1)); fi
done
if [ -x ../shared/cases/run ]; then
  log="$logdir/shared-cases.log"
  ../shared/cases/run --bin build/fsepack > "$log" 2>&1; rc=$?
  cat "$log"
  count "$log"
  if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$log"; then echo "FAIL shared cases: exit $rc"; fail=$((fail + 1)); fi
else
  echo "(../shared/cases not present: handed cases skipped, the project's own fixtures were used)"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
