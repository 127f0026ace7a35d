#!/bin/sh
# make bench — speed and memory of `fsepack run` at a PLIE's scale: builds the
# raw-parse baselines (tests/bench/raw_*.c), generates deterministic exports
# (10 k, 100 k and 1 M hour rows, CSV and XLSX, cached in build/bench) and
# prints the table of tests/bench/bench.py, which rewrites BENCH.md.
# BENCH_SIZES="10000 100000" limits the sizes. Asserts nothing.
set -e
mkdir -p build/bench
for p in raw_csv raw_xlsx; do
    ${CC:-cc} -O2 -Wall -Wextra -o build/bench/$p tests/bench/$p.c -lcsv -lzip -lexpat
done
exec python3 tests/bench/bench.py build/fsepack build/bench BENCH.md $BENCH_SIZES
