#!/bin/sh
# End-to-end: bad input gets a located error, the right exit status, and no pack.
#
# Run from the repository root (tests/tools/run-tests.sh does), after
# `make build/fsepack`. Works on a copy of tests/fixtures/cases/agen-csv in a
# temporary folder, breaks it one way at a time, and checks:
#   (a) a declared file missing                 -> 66, stderr names the file
#   (b) a required column absent                 -> 65, names field heures, lists the headers found
#   (c) "12h" in Heures réalisées of a 2024 row  -> 65, heures.csv:LINE:COL: (COL = column number)
#   (d) an unparsable Mois in that row           -> 65, heures.csv:LINE:COL:
#   (e) --fiche nope -> 64; a [fiche.nope] section -> 65 at job.ini:LINE
#   (f) two "Heures réalisées" columns           -> 65
#   (g) missing job file                         -> 66
#   (h) bad usage (no args, unknown option or command, bad --period) -> 64
#   (i) every failing run creates no <out>/<fiche>/ folder (nothing but the lock
#       file in a fresh --out) and leaves a pack published before in the same
#       --out byte-identical (sha256 of every file, and the same entries)
#   (j) another process holds <out>/.fsepack.lock   -> 75
#   (k) --out /proc/nope                          -> 73
#   (l) a stray quote in a CSV field (strict)     -> 65, heures.csv:LINE:
#   (m) `check` exits 0 and writes nothing; `list` exits 0 with the 15 fiches;
#       `list JOB` shows agen-4 and agen-3 only
# Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.

ROOT=$(pwd)
BIN=${FSEPACK_BIN:-$ROOT/build/fsepack}
FIXTURE=$ROOT/tests/fixtures/cases/agen-csv
nfail=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $(printf '%s' "$2" | tr '\n\r' '  ' | cut -c1-500)"; nfail=$((nfail + 1)); }
check() { # name condition-status why
  if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

if [ ! -x "$BIN" ]; then
  echo "FAIL errors: no executable build/fsepack (run make build/fsepack first)"; exit 1
fi
if [ ! -f "$FIXTURE/job.ini" ]; then
  echo "FAIL errors: no fixture $FIXTURE"; exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/fsepack-e2e-errors.XXXXXX") || exit 1
HOLDER=
cleanup() {
  [ -n "$HOLDER" ] && { : > "$T/release"; wait "$HOLDER" 2>/dev/null; }
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# the whole state of a folder: every entry, and the sha256 of every file
tree_state() {
  [ -d "$1" ] || { echo "(absent)"; return; }
  (cd "$1" && find . -print | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2)
}

# fresh copy of the good fixture in $T/$1
fresh() { rm -rf "${T:?}/$1"; cp -R "$FIXTURE" "$T/$1"; chmod -R u+w "$T/$1"; }

# columns of heures.csv (header on line 1 of the agen fixture)
col_of() { # file header-label -> 1-based column number
  awk -F';' -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) { f = $i; sub(/\r$/, "", f); if (f == want) { print i; exit } } }' "$1"
}
H=$FIXTURE/exports/heures.csv
C_HEURES=$(col_of "$H" "Heures réalisées")
C_MOIS=$(col_of "$H" "Mois")
C_CRIT=$(col_of "$H" "Critère d'éligibilité")
C_NOM=$(col_of "$H" "Nom")
if [ -z "$C_HEURES" ] || [ -z "$C_MOIS" ] || [ -z "$C_CRIT" ] || [ -z "$C_NOM" ]; then
  echo "FAIL errors: fixture heures.csv lacks an expected header"; exit 1
fi
# the first physical line of a 2024 row that has an eligibility criterion
LINE=$(awk -F';' -v m="$C_MOIS" -v c="$C_CRIT" 'NR > 1 && $m ~ /\/2024$/ && $c != "" { print NR; exit }' "$H")
# set field $3 of physical line $2 of CSV $1 to $4 (in place; CRLF kept)
set_field() {
  awk -F';' -v OFS=';' -v n="$2" -v k="$3" -v v="$4" 'NR == n { cr = sub(/\r$/, ""); $k = v; if (cr) $0 = $0 "\r" } { print }' \
    "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

# A good pack published before, that no failing run may touch.
PUB=$T/published
fresh good
"$BIN" run "$T/good/job.ini" --out "$PUB" > "$T/good.out" 2> "$T/good.err"; rc=$?
check "errors good run publishes" "$rc" "exit $rc: $(tail -c 300 "$T/good.err")"
[ -d "$PUB/agen-4" ] || fail "errors good run publishes" "no $PUB/agen-4"
tree_state "$PUB" > "$T/published.state"

# expect_failure NAME STATUS JOB [ARGS...]: run JOB twice, into a fresh --out and
# into the published --out; check the status both times and that nothing is
# published. The stderr of the first run is left in $T/NAME.err.
expect_failure() {
  name=$1; want=$2; job=$3; shift 3
  out=$T/out-$name
  "$BIN" run "$job" "$@" --out "$out" > "$T/$name.out" 2> "$T/$name.err"; rc=$?
  [ "$rc" -eq "$want" ]
  check "errors $name exit $want" $? "exit $rc, stderr: $(grep -v ': warning: ' "$T/$name.err" | head -c 400)"
  left=$( [ -d "$out" ] && cd "$out" && find . -mindepth 1 ! -name .fsepack.lock -print | head -5)
  [ -z "$left" ]
  check "errors $name no pack" $? "the failed run left in --out: $left"
  "$BIN" run "$job" "$@" --out "$PUB" > /dev/null 2> "$T/$name.err2"; rc2=$?
  [ "$rc2" -eq "$want" ]
  check "errors $name exit $want over a published pack" $? "exit $rc2"
  tree_state "$PUB" > "$T/$name.state"
  cmp -s "$T/published.state" "$T/$name.state"
  check "errors $name published pack intact" $? \
    "$(diff "$T/published.state" "$T/$name.state" | grep '^[<>]' | head -3)"
}

# stderr_has NAME ERE WHY: the diagnostics of $T/NAME.err match ERE
stderr_has() {
  grep -Eq -- "$2" "$T/$1.err"
  check "errors $1 $3" $? "no stderr line matches /$2/; stderr: $(grep -v ': warning: ' "$T/$1.err" | head -c 400)"
}

# (a) a declared file missing
fresh a; rm "$T/a/exports/marches.csv"
expect_failure a-missing-file 66 "$T/a/job.ini"
# the error stands at the job's fichier = value (line 18, column 11 of the
# fixture's job.ini: what the user fixes) and names the path as resolved
L=$(grep -n '^fichier = exports/marches.csv$' "$T/a/job.ini" | cut -d: -f1)
stderr_has a-missing-file "^$T/a/job\.ini:$L:11: error: ouverture impossible de la source marches : $T/a/exports/marches\.csv : fichier ou dossier inexistant\$" \
  "points at the job's fichier = line and column, names the file"

# (b) a required column absent
fresh b; sed '1s/Heures réalisées/Heures faites/' "$FIXTURE/exports/heures.csv" > "$T/b/exports/heures.csv"
expect_failure b-missing-column 65 "$T/b/job.ini"
stderr_has b-missing-column 'heures\.csv:1:.*error:.*[^a-z_]heures([^a-z_]|$)' "names the column heures"
stderr_has b-missing-column 'error:.*Heures faites.*Mois|error:.*Mois.*Heures faites' "lists the headers found"

# (c) an unparsable number in Heures réalisées of a 2024 row with a criterion
fresh c; set_field "$T/c/exports/heures.csv" "$LINE" "$C_HEURES" "12h"
expect_failure c-bad-number 65 "$T/c/job.ini"
stderr_has c-bad-number "heures\\.csv:$LINE:$C_HEURES: error:" "located at heures.csv:$LINE:$C_HEURES"

# (d) an unparsable date in a used date field (Mois of that row)
fresh d; set_field "$T/d/exports/heures.csv" "$LINE" "$C_MOIS" "45/13/2024"
expect_failure d-bad-date 65 "$T/d/job.ini"
stderr_has d-bad-date "heures\\.csv:$LINE:$C_MOIS: error:" "located at heures.csv:$LINE:$C_MOIS"

# (e) unknown fiche: on the command line (usage), in the job (data error)
fresh e
expect_failure e-fiche-option 64 "$T/e/job.ini" --fiche nope
stderr_has e-fiche-option 'nope' "names the fiche"
fresh e2; printf '\n[fiche.nope]\ndossier_mdfse = 1\n' >> "$T/e2/job.ini"
ELINE=$(grep -n '^\[fiche\.nope\]' "$T/e2/job.ini" | cut -d: -f1)
expect_failure e-fiche-section 65 "$T/e2/job.ini"
stderr_has e-fiche-section "job\\.ini:$ELINE(:[0-9]+)?: error:.*nope" "located at job.ini:$ELINE"

# (f) duplicate header names: "Heures de formation" renamed "Heures réalisées"
fresh f; sed '1s/Heures de formation/Heures réalisées/' "$FIXTURE/exports/heures.csv" > "$T/f/exports/heures.csv"
expect_failure f-duplicate-header 65 "$T/f/job.ini"
stderr_has f-duplicate-header 'heures\.csv:1(:[0-9]+)?: error:.*Heures réalisées' "located on the header line"

# (g) missing job file
expect_failure g-missing-job 66 "$T/nope/job.ini"
stderr_has g-missing-job 'nope/job\.ini' "names the job file"

# (h) bad usage
"$BIN" > /dev/null 2>&1; rc=$?
[ "$rc" -eq 64 ]; check "errors h-no-args exit 64" $? "exit $rc"
fresh h
expect_failure h-unknown-option 64 "$T/h/job.ini" --bogus
expect_failure h-bad-period 64 "$T/h/job.ini" --period bad
expect_failure h-bad-month 64 "$T/h/job.ini" --period 2024-13
"$BIN" frobnicate "$T/h/job.ini" > /dev/null 2>&1; rc=$?
[ "$rc" -eq 64 ]; check "errors h-unknown-command exit 64" $? "exit $rc"
"$BIN" run > /dev/null 2>&1; rc=$?
[ "$rc" -eq 64 ]; check "errors h-run-without-job exit 64" $? "exit $rc"

# (l) a stray quote inside an unquoted field (strict CSV)
fresh l; set_field "$T/l/exports/heures.csv" "$LINE" "$C_NOM" 'Le"roy'
expect_failure l-stray-quote 65 "$T/l/job.ini"
stderr_has l-stray-quote "heures\\.csv:$LINE(:[0-9]+)?: error:" "located at heures.csv:$LINE"

# (k) output folder not creatable
fresh k
"$BIN" run "$T/k/job.ini" --out /proc/nope > /dev/null 2> "$T/k.err"; rc=$?
[ "$rc" -eq 73 ]; check "errors k-out-not-creatable exit 73" $? "exit $rc: $(grep -v ': warning: ' "$T/k.err" | head -c 300)"

# (j) the lock: another process holds <out>/.fsepack.lock
if command -v flock > /dev/null 2>&1; then
  LOCK=$PUB/.fsepack.lock

  ( flock 9 && : > "$T/held" && while [ ! -e "$T/release" ]; do sleep 0.1; done ) 9>> "$LOCK" &
  HOLDER=$!
  i=0; while [ ! -e "$T/held" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if [ -e "$T/held" ]; then
    fresh j
    "$BIN" run "$T/j/job.ini" --out "$PUB" > /dev/null 2> "$T/j.err"; rc=$?
    [ "$rc" -eq 75 ]; check "errors j-lock-held exit 75" $? "exit $rc: $(grep -v ': warning: ' "$T/j.err" | head -c 300)"
    tree_state "$PUB" > "$T/j.state"
    cmp -s "$T/published.state" "$T/j.state"
    check "errors j-lock-held published pack intact" $? "$(diff "$T/published.state" "$T/j.state" | grep '^[<>]' | head -3)"
  else
    fail "errors j-lock-held" "could not take the lock with flock(1) within 10 s"
  fi
  : > "$T/release"; wait "$HOLDER"; HOLDER=
  rm -f "$T/release" "$T/held"
else
  fail "errors j-lock-held" "flock(1) not installed (util-linux)"
fi

# (m) check writes nothing; list shows the fiches
fresh m; mkdir "$T/cwd-m"
before=$(tree_state "$T/m"; tree_state "$T/cwd-m")
( cd "$T/cwd-m" && "$BIN" check "$T/m/job.ini" ) > "$T/m-check.out" 2> "$T/m-check.err"; rc=$?
[ "$rc" -eq 0 ]; check "errors m-check exit 0" $? "exit $rc: $(grep -v ': warning: ' "$T/m-check.err" | head -c 300)"
after=$(tree_state "$T/m"; tree_state "$T/cwd-m")
[ "$before" = "$after" ]; check "errors m-check writes nothing" $? \
  "new or changed: $(printf '%s\n' "$after" | grep -vxF "$before" | head -3)"

ALL="agen-3 agen-4 bergerac-3 bordeaux-3 bordeaux-4 graves-3 hauts-de-garonne-3 libournais-2024-04
libournais-3 perigueux-2 perigueux-3 portes-du-sud-3 sources-3 technowest-3 technowest-4"
# fiche ids listed: lines "<id> — <PLIE> — ..." (em dash)
ids_of() { sed -n 's/^\([a-z0-9][a-z0-9-]*\) — .*/\1/p' "$1" | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'; }
"$BIN" list > "$T/list.out" 2> "$T/list.err"; rc=$?
[ "$rc" -eq 0 ]; check "errors m-list exit 0" $? "exit $rc: $(head -c 300 "$T/list.err")"
want=$(printf '%s\n' $ALL | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
got=$(ids_of "$T/list.out")
[ "$got" = "$want" ]; check "errors m-list all 15 fiches" $? "listed [$got], expected [$want]"
"$BIN" list "$T/m/job.ini" > "$T/listjob.out" 2> "$T/listjob.err"; rc=$?
[ "$rc" -eq 0 ]; check "errors m-list-job exit 0" $? "exit $rc: $(head -c 300 "$T/listjob.err")"
got=$(ids_of "$T/listjob.out")
[ "$got" = "agen-3 agen-4" ]; check "errors m-list-job agen-4 and agen-3 only" $? "listed [$got]"

[ "$nfail" -eq 0 ]
