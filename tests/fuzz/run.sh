#!/bin/sh
# Run each libFuzzer binary given for $1 seconds, one after the other, at the
# lowest priority. Seeds: tests/fuzz/corpus/<target>/ (committed, read only);
# what a fuzzer adds goes to build/fuzz/corpus/<target>/ (not in git), a
# crashing input to build/fuzz/artifacts/<target>/. Prints one line per
# fuzzer (executions, coverage, corpus) and exits 1 when any found something.
# usage: [FUZZ_RUNS=N] sh tests/fuzz/run.sh SECONDS build/fuzz/fuzz_csv ...
# (FUZZ_RUNS also stops each fuzzer after N executions)
secs=$1; shift
status=0
for bin in "$@"; do
  name=$(basename "$bin"); target=${name#fuzz_}
  gen=build/fuzz/corpus/$target; art=build/fuzz/artifacts/$target; log=build/fuzz/$name.log
  mkdir -p "$gen" "$art"
  dict=""; [ -f "tests/fuzz/$target.dict" ] && dict="-dict=tests/fuzz/$target.dict"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  nice -n 19 "$bin" -max_total_time="$secs" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$art/" $dict "$gen" "tests/fuzz/corpus/$target" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
  echo "$name: exit $rc, ${execs:-?} executions in ${took:-$secs}s, ${cov:-cov: ?}, corpus $(ls "$gen" | wc -l) files"
  if [ $rc -ne 0 ]; then status=1; grep -m5 'ERROR\|SUMMARY\|Test unit written' "$log"; fi
done
exit $status
