#!/bin/sh
# End-to-end: the man page renders cleanly and `make install` lays out a
# working fsepack under PREFIX (and DESTDIR), which `make uninstall` removes.
#
# Run from the repository root (tests/tools/run-tests.sh does), after `make`.
#   (a) groff -ww (every warning) formats doc/fsepack.1 with no message;
#       `man -l doc/fsepack.1` exits 0, says nothing on stderr and shows the
#       sections NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS FILES ENVIRONMENT
#       EXIT STATUS EXAMPLES and the four commands;
#   (b) make install PREFIX=TMP/x writes TMP/x/bin/fsepack (executable),
#       TMP/x/share/man/man1/fsepack.1 (what `man -l` renders) and the
#       templates under TMP/x/share/fsepack/templates (colonnes.ini, listes.ini,
#       the 15 fiches, the list layouts);
#   (c) the installed binary, run from another folder with FSEPACK_TEMPLATES
#       unset on a copy of samples/graves, exits 0 and gives the figures of
#       samples/graves/expected.csv; a libellé changed in the installed
#       templates shows in indicateurs.csv (it reads those templates);
#   (d) make install DESTDIR=TMP/stage PREFIX=/usr stages under TMP/stage/usr,
#       and the staged binary finds its templates too;
#   (e) make uninstall PREFIX=TMP/x removes what (b) wrote.
# Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.

ROOT=$(pwd)
nfail=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $(printf '%s' "$2" | tr '\n\r' '  ' | cut -c1-500)"; nfail=$((nfail + 1)); }
check() { if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1" "$3"; fi; }

TMP=$(mktemp -d /tmp/fsepack-install.XXXXXX)
trap 'rm -rf "$TMP"' EXIT INT TERM

# (a) the man page
warn=$(groff -k -ww -z -man doc/fsepack.1 2>&1)
check "man page: groff -ww formats it without warning" "$([ -z "$warn" ]; echo $?)" "$warn"
MANWIDTH=80 man -l doc/fsepack.1 > "$TMP/man.txt" 2> "$TMP/man.err"; rc=$?
check "man page: man -l renders it (exit 0, nothing on stderr)" \
  "$([ $rc -eq 0 ] && [ ! -s "$TMP/man.err" ]; echo $?)" "exit $rc: $(cat "$TMP/man.err")"
missing=""
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS FILES ENVIRONMENT "EXIT STATUS" EXAMPLES \
         "fsepack run JOB.ini" "fsepack check JOB.ini" "fsepack list" "fsepack emargement JOB.ini"; do
  grep -q "^ *$s" "$TMP/man.txt" || missing="$missing [$s]"
done
check "man page: sections and commands shown" "$([ -z "$missing" ]; echo $?)" "missing$missing"

# (b) make install PREFIX=
P=$TMP/x
make -s install PREFIX="$P" > "$TMP/install.log" 2>&1; rc=$?
check "make install PREFIX=… exits 0" "$rc" "$(tail -n 5 "$TMP/install.log")"
nf=$(ls "$P/share/fsepack/templates/fiches/"*.ini 2>/dev/null | wc -l)
np=$(ls "$P/share/fsepack/templates/pieces/"*.ini 2>/dev/null | wc -l)
nsrc=$(ls templates/pieces/*.ini | wc -l)
check "make install: bin, man page and templates (15 fiches, $nsrc layouts) under PREFIX" \
  "$([ -x "$P/bin/fsepack" ] && cmp -s doc/fsepack.1 "$P/share/man/man1/fsepack.1" \
      && [ -f "$P/share/fsepack/templates/colonnes.ini" ] && [ -f "$P/share/fsepack/templates/listes.ini" ] \
      && [ "$nf" -eq 15 ] && [ "$np" -eq "$nsrc" ]; echo $?)" "fiches $nf, layouts $np; $(ls -R "$P" | head -20)"
man -l "$P/share/man/man1/fsepack.1" 2>/dev/null | grep -q "^NAME"
check "make install: the installed man page renders" $? "man -l failed"

# (c) the installed binary from another folder
cp -r samples/graves "$TMP/graves"
sed -i 's/^libelle = Nombre d.heures d.insertion réalisées$/libelle = Heures installées (test)/' \
  "$P/share/fsepack/templates/fiches/graves-3.ini"
(cd / && env -u FSEPACK_TEMPLATES "$P/bin/fsepack" run "$TMP/graves/job.ini" --out "$TMP/out" \
   > "$TMP/run.log" 2>&1); rc=$?
ind=$TMP/out/graves-3/2024/indicateurs.csv
bad=""
if [ -f "$ind" ]; then
  while IFS=';' read -r fiche indic valeur cible; do
    [ "$fiche" = fiche ] && continue
    got=$(awk -F';' -v i="$indic" '$3 == i {print $7}' "$ind")
    [ "$got" = "$valeur" ] || bad="$bad $indic=$got(expected $valeur)"
  done < samples/graves/expected.csv
else
  bad="no indicateurs.csv"
fi
check "installed fsepack (from /, no FSEPACK_TEMPLATES) gives the figures of samples/graves" \
  "$([ $rc -eq 0 ] && [ -z "$bad" ]; echo $?)" "exit $rc:$bad $(tail -n 3 "$TMP/run.log")"
grep -q ';heures_insertion;Heures installées (test);' "$ind" 2>/dev/null
check "installed fsepack reads PREFIX/share/fsepack/templates" $? "$(grep heures_insertion "$ind")"

# (d) DESTDIR staging
make -s install DESTDIR="$TMP/stage" PREFIX=/usr > "$TMP/stage.log" 2>&1; rc=$?
(cd / && env -u FSEPACK_TEMPLATES "$TMP/stage/usr/bin/fsepack" list > "$TMP/list.txt" 2>&1); rc2=$?
check "make install DESTDIR=… PREFIX=/usr stages a working fsepack" \
  "$([ $rc -eq 0 ] && [ $rc2 -eq 0 ] && [ -f "$TMP/stage/usr/share/man/man1/fsepack.1" ] \
      && grep -q '^graves-3' "$TMP/list.txt"; echo $?)" "exit $rc/$rc2: $(tail -n 3 "$TMP/stage.log" "$TMP/list.txt")"

# (e) make uninstall
make -s uninstall PREFIX="$P" > "$TMP/uninstall.log" 2>&1; rc=$?
left=$(find "$P" -type f 2>/dev/null)
check "make uninstall PREFIX=… removes what make install wrote" \
  "$([ $rc -eq 0 ] && [ -z "$left" ]; echo $?)" "exit $rc; left: $left"

[ "$nfail" -eq 0 ]
