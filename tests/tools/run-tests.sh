#!/bin/sh
# Run every test of fsepack and print one closing line "N passed, N failed".
#   - cmocka unit binaries given as arguments (their summaries are added up);
#   - end-to-end scripts tests/e2e/test_*.sh and test_*.py, which print one
#     "PASS name" or "FAIL name: why" line per check;
#   - the handed cases (../shared/cases/run) when ../shared is present;
#   - when ASAN_UNITS lists the unit binaries built with
#     -fsanitize=address,undefined (make test does), the same again under the
#     sanitizers: those units, then the e2e suites and the handed cases with
#     FSEPACK_BIN=build/asan/fsepack; any sanitizer report stops the binary
#     (halt_on_error) and fails the check. Their lines are prefixed "asan: ".
#     SANITIZE_ONLY=1 runs only that part (make test-sanitize).
# Exit status 0 only when nothing failed.
pass=0; fail=0
logdir=build/tests/logs; mkdir -p "$logdir"
count() { # $1 = log file with PASS/FAIL lines
  p=$(grep -c '^PASS' "$1"); f=$(grep -c '^FAIL' "$1")
  pass=$((pass + p)); fail=$((fail + f))
}
# $1 = label prefix ("" or "asan: "), $2 = log dir, then unit binaries.
run_units() {
  pre=$1; dir=$2; shift 2
  for t in "$@"; do
    log="$dir/$(basename "$t").log"
    "./$t" > "$log" 2>&1; rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    if ! grep -q '^\[==========\] [0-9]* test(s) run\.$' "$log" || { [ $rc -ne 0 ] && [ "$f" = 0 ]; }; then
      echo "FAIL $pre$t: exit $rc without a complete cmocka summary"; f=$((f + 1))
    fi
    if grep -q 'ERROR: AddressSanitizer\|runtime error:' "$log"; then
      echo "FAIL $pre$t: sanitizer report (see $log)"; f=$((f + 1))
    fi
    pass=$((pass + p)); fail=$((fail + f))
  done
}
# $1 = label prefix, $2 = log dir: every e2e script, then the handed cases.
run_e2e() {
  pre=$1; dir=$2
  for t in tests/e2e/test_*.sh tests/e2e/test_*.py; do
    [ -f "$t" ] || continue
    # Under ASan, the suites that never run fsepack itself are not repeated:
    # valgrind (cannot run ASan binaries), the README examples and make
    # install (they build and run build/fsepack), the sample generator, the
    # XLSX reader checked through the plain build/tests/xlsx_dump.
    case "$pre:$t" in
      "asan: "*/test_valgrind.sh|"asan: "*/test_readme.py|"asan: "*/test_install.sh|\
      "asan: "*/test_gen_samples.py|"asan: "*/test_xlsx_openpyxl.py) continue ;;
    esac
    log="$dir/$(basename "$t").log"
    case "$t" in *.py) /usr/bin/python3 "$t" > "$log.raw" 2>&1 ;; *) sh "$t" > "$log.raw" 2>&1 ;; esac
    rc=$?
    sed "s/^PASS /PASS $pre/; s/^FAIL /FAIL $pre/" "$log.raw" > "$log"
    cat "$log"
    count "$log"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$log"; then echo "FAIL $pre$t: exit $rc"; fail=$((fail + 1)); fi
    if [ -n "$pre" ] && grep -q 'ERROR: AddressSanitizer\|runtime error:' "$log"; then
      echo "FAIL $pre$t: sanitizer report (see $log)"; fail=$((fail + 1))
    fi
  done
  if [ -x ../shared/cases/run ]; then
    log="$dir/shared-cases.log"
    ../shared/cases/run --bin "${FSEPACK_BIN:-build/fsepack}" > "$log.raw" 2>&1; rc=$?
    sed "s/^PASS /PASS $pre/; s/^FAIL /FAIL $pre/" "$log.raw" > "$log"
    cat "$log"
    count "$log"
    if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$log"; then echo "FAIL ${pre}shared cases: exit $rc"; fail=$((fail + 1)); fi
  else
    echo "(../shared/cases not present: handed cases skipped, the project's own fixtures were used)"
  fi
}
if [ -z "$SANITIZE_ONLY" ]; then
  run_units "" "$logdir" "$@"
  run_e2e "" "$logdir"
fi
if [ -n "$ASAN_UNITS" ]; then
  adir=build/asan/logs; mkdir -p "$adir"
  export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0:exitcode=99
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99
  export FSE_TEST_OUT=build/asan/tests/doc_writers
  run_units "asan: " "$adir" $ASAN_UNITS
  FSEPACK_BIN=$(pwd)/build/asan/fsepack; export FSEPACK_BIN
  run_e2e "asan: " "$adir"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
