#!/bin/sh
# test_timings.sh — FSEPACK_TIMINGS=1 (common/timings.h, read by make bench):
# one stage line per source with the bytes of its file and the rows the pack
# counts (manifest.json), one per pièce and one per pack; nothing without the
# variable, nor with FSEPACK_TIMINGS=0, and the same packs either way.
# Run from the repo root; prints PASS/FAIL lines, exits 1 on any failure.
failed=0
pass() { echo "PASS timings: $1"; }
fail() { echo "FAIL timings: $1: $2"; failed=1; }
tmp=$(mktemp -d /tmp/fsepack-timings.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
job=samples/agen/job.ini
export SOURCE_DATE_EPOCH=1735689600

FSEPACK_TIMINGS=1 build/fsepack run "$job" --out "$tmp/a" >/dev/null 2>"$tmp/err1"
FSEPACK_TIMINGS=0 build/fsepack run "$job" --out "$tmp/b" >/dev/null 2>"$tmp/err0"
build/fsepack run "$job" --out "$tmp/c" >/dev/null 2>"$tmp/err"

size=$(stat -c %s samples/agen/exports/heures.csv)
rows=$(/usr/bin/python3 -c "import json,sys; m=json.load(open(sys.argv[1])); \
print(sum(i['lignes_lues'] for i in m['entrees'] if i['jeu'] == 'heures'))" \
  "$tmp/a/agen-4/2024/manifest.json" 2>/dev/null)
line=$(grep '^fsepack-timing: ingest heures ' "$tmp/err1")
if echo "$line" | grep -q " bytes=$size rows=$rows peak_kb=[0-9]*\$" && [ -n "$rows" ] && [ "$rows" -gt 0 ]; then
  pass "ingest heures: bytes=$size rows=$rows"
else
  fail "ingest heures" "got \"$line\", want bytes=$size rows=$rows (manifest)"
fi
n=$(grep -c '^fsepack-timing: ingest ' "$tmp/err1")
[ "$n" = 5 ] && pass "one ingest line per source (5)" || fail "ingest lines" "$n, want 5"
for f in agen-4 agen-3; do
  grep -q "^fsepack-timing: pack $f wall=[0-9.]* cpu=[0-9.]* peak_kb=[0-9]*\$" "$tmp/err1" \
    && pass "pack line of $f" || fail "pack line of $f" "missing"
  grep -q "^fsepack-timing: piece $f/bordereau wall=" "$tmp/err1" \
    && pass "bordereau line of $f" || fail "bordereau line of $f" "missing"
done
if grep -q 'fsepack-timing' "$tmp/err" "$tmp/err0"; then
  fail "off by default" "timing lines without FSEPACK_TIMINGS=1"
else
  pass "off without the variable and with FSEPACK_TIMINGS=0"
fi
if diff -r "$tmp/a" "$tmp/c" >/dev/null; then pass "same packs with and without timings"
else fail "same packs" "the packs differ"; fi
exit $failed
