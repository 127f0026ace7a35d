#!/bin/sh
# test_bad.sh — the corpus of broken and hostile inputs of tests/bad/: each
# one replaces an export of tests/fixtures/cases/agen-csv (or is appended to
# its job.ini), fsepack run must exit with the status and print the exact
# stderr line written in tests/bad/expected.tsv, and leave no pack (the out
# folder stays empty). The big inputs (a 30 MB cell, a zip bomb, a 600 MiB
# file, 16 385 columns) are made here, not committed.
#
# expected.tsv: file <TAB> where <TAB> exit <TAB> stderr line; where is the
# dataset whose export the file replaces ("actions", "heures"), optionally
# "+key = value" for a key added under that [source.*], or "job" (the file
# is appended to job.ini). Lines starting with # are comments.
# `sh tests/e2e/test_bad.sh --print` prints what fsepack says now, in the
# same format, to review a change of wording. Run from the repo root.
ROOT=$(pwd)
B=${FSEPACK_BIN:-$ROOT/build/fsepack}
BAD=$ROOT/tests/bad
FIX=$ROOT/tests/fixtures/cases/agen-csv
T=$(mktemp -d /tmp/fsepack-bad.XXXXXX)
trap 'rm -rf "$T"' EXIT
print=0; [ "$1" = "--print" ] && print=1
fail=0
tab=$(printf '\t')

# Make a generated input $1 at path $2.
gen() {
  case $1 in
    cell-30mb.csv|cell-30mb.xlsx|zip-bomb.xlsx|too-many-columns.csv)
      /usr/bin/python3 "$BAD/gen_big.py" "$1" "$2" "$FIX/exports/actions.csv" ;;
    too-large.csv) head -c 1000 "$FIX/exports/actions.csv" > "$2" && truncate -s 600M "$2" ;;
    *) return 1 ;;
  esac
}

while IFS="$tab" read -r file where want_rc want_msg; do
  case $file in ''|'#'*) continue ;; esac
  rm -rf "$T/w"; cp -r "$FIX" "$T/w"
  if [ -f "$BAD/$file" ]; then src=$BAD/$file
  else src=$T/gen-$file; [ -f "$src" ] || gen "$file" "$src" || { echo "FAIL bad: $file: no such input"; fail=1; continue; }
  fi
  ds=${where%%+*}; extra=""; case $where in *+*) extra=${where#*+} ;; esac
  if [ "$ds" = job ]; then
    cat "$src" >> "$T/w/job.ini"
  else
    cp "$src" "$T/w/exports/$file"
    sed -i "s#^fichier = exports/$ds.csv\$#fichier = exports/$file${extra:+\\n$extra}#" "$T/w/job.ini"
    grep -q "^fichier = exports/$file\$" "$T/w/job.ini" || { echo "FAIL bad: $file: no source $ds in the job"; fail=1; continue; }
  fi
  (cd "$T/w" && timeout 120 "$B" run job.ini --out out >out.txt 2>err.txt); rc=$?
  packs=$(find "$T/w/out" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  if [ $print = 1 ]; then
    msg=$(grep -v ': warning: \|^fsepack: ' "$T/w/err.txt" | head -1)
    printf '%s\t%s\t%s\t%s\n' "$file" "$where" "$rc" "$msg"; continue
  fi
  if [ "$rc" -ne "$want_rc" ]; then
    echo "FAIL bad: $file: exit $rc, want $want_rc; stderr: $(head -c 300 "$T/w/err.txt" | tr '\n' ' ')"; fail=1
  elif ! grep -qxF -- "$want_msg" "$T/w/err.txt"; then
    echo "FAIL bad: $file: no stderr line \"$want_msg\"; stderr: $(head -c 300 "$T/w/err.txt" | tr '\n' ' ')"; fail=1
  elif [ "$packs" -ne 0 ]; then
    echo "FAIL bad: $file: $packs pack folder(s) written under out/"; fail=1
  else
    echo "PASS bad: $file (exit $rc)"
  fi
done < "$BAD/expected.tsv"
exit $fail
