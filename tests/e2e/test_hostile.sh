#!/bin/sh
# Hostile inputs found by attacking fsepack: each must give an error (or a
# reported warning) and never a silently changed figure, a hang or damage.
# Prints PASS/FAIL lines; run from the repo root.
B=${FSEPACK_BIN:-$(pwd)/build/fsepack}
FIX=$(pwd)/tests/fixtures/cases/agen-csv
T=$(mktemp -d /tmp/fsepack-hostile.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; fail=1; }
fresh() { rm -rf "$T/w"; cp -r "$FIX" "$T/w"; cd "$T/w" || exit 1; }
expect() { # name, wanted exit status, stderr pattern
  if [ "$rc" -eq "$2" ] && grep -q -- "$3" "$T/err"; then ok "$1"; else ko "$1" "exit $rc, stderr: $(head -c 300 "$T/err")"; fi
}
run() { timeout 20 "$B" run job.ini --out out >"$T/out" 2>"$T/err"; rc=$?; }
figure() { grep "^$1;[^;]*;$2;" out/$1/2024/indicateurs.csv | cut -d';' -f7; }

fresh; printf '[source.heures]\nfichier = exports/heures.csv\n' >> job.ini; run
expect "export declared twice refused" 65 "job.ini:[0-9]*:1: error: heures : .* mêmes lignes"

fresh; mkfifo exports/fifo; sed -i 's#exports/heures.csv#exports/fifo#' job.ini; run
expect "fifo as export refused, no hang" 66 "^job.ini:15:11: error: ouverture impossible de la source heures : exports/fifo : pas un fichier ordinaire$"

fresh; sed -i 's#exports/heures.csv#exports#' job.ini; run
expect "folder as export refused" 66 "^job.ini:15:11: error: ouverture impossible de la source heures : exports : est un dossier, pas un fichier d'export$"

fresh; sed -i '17s/;35;/;1e400;/' exports/heures.csv; sed -i '17s/;35,00;/;1'"$(printf '0%.0s' $(seq 1 40))"';/' exports/heures.csv; run
expect "overflowing number rejected" 65 "heures.csv:17:18: error"

fresh; sed -i '3s#;\([0-9/]*\);\([0-9/]*\);\([0-9/]*\);#;\1;01/06/2025;01/01/2023;#' exports/marches.csv; run
expect "end before start rejected when counted" 65 "marches.csv:3:1[0-9]: error"

fresh; head -1 exports/contacts.csv > c && mv c exports/contacts.csv; run
if [ "$rc" -eq 65 ] && grep -q "contacts.csv: error: contacts : aucune ligne de données sous l.en-tête (ligne 1)" "$T/err" && [ ! -d out/agen-3 ]; then
  ok "header-only export is an error, no pack"; else ko "header-only export is an error, no pack" "exit $rc"; fi

fresh; { i=0; while [ $i -lt 59 ]; do echo "Titre $i"; i=$((i+1)); done; cat exports/heures.csv; } > h && mv h exports/heures.csv
sed -i 's#^fichier = exports/heures.csv#fichier = exports/heures.csv\nligne_entete = 60#' job.ini; run
if [ "$rc" -eq 0 ] && [ "$(figure agen-4 heures_insertion)" = 55379.13 ]; then ok "ligne_entete beyond 50"; else ko "ligne_entete beyond 50" "exit $rc $(head -c 200 "$T/err")"; fi

fresh; sed -i '2s/^\([^;]*\);[^;]*;/\1;TotalEnergies Marketing France;/' exports/contacts.csv; run
if [ "$rc" -eq 0 ] && [ "$(figure agen-3 entreprises_partenaires)" -ge 115 ] && ! grep -q "ligne-total" out/agen-3/2024/controles.csv; then
  ok "a company named Total… is a row, not the total line"; else ko "a company named Total… is a row" "exit $rc"; fi

fresh; mkdir -p victim out/agen-4; echo keep > victim/a.txt; ln -s ../../victim out/agen-4/2024; run
if [ "$rc" -eq 73 ] && [ -f victim/a.txt ]; then ok "symlinked pack folder refused, target intact"; else ko "symlinked pack folder" "exit $rc, victim: $(ls victim)"; fi

fresh; run; mkdir -p out/agen-4/.2024.tmp-999999 && echo x > out/agen-4/.2024.tmp-999999/junk; run
if [ "$rc" -eq 0 ] && [ ! -e out/agen-4/.2024.tmp-999999 ]; then ok "stale hidden folder removed"; else ko "stale hidden folder removed" "exit $rc"; fi

fresh; sed -i '23s/;\([0-9]*\),\([0-9]*\);/;\1;\2;/' exports/heures.csv; run
expect "a row with one field too many is an error" 65 "heures.csv:23: error: la ligne a 20 champs, l.en-tête (ligne 1) en a 19"

fresh; printf 'AC9999;Atelier\r\n' >> exports/actions.csv; run
expect "a row with fields missing is an error" 65 "actions.csv:[0-9]*: error: la ligne a 2 champs"

fresh; python3 -c "
import sys; p='exports/contacts.csv'; b=open(p,'rb').read().split(b'\\r\\n')
b[43]=b[43].decode().encode('cp1252'); open(p,'wb').write(b'\\r\\n'.join(b))"; run
expect "mixed encodings are an error" 65 "contacts.csv:44:[0-9]*: error: .*encodages mélangés"

fresh; sed -i 's/^\[fiche.agen-4\]$/[fiche.agen-4]\netp.clause = 2/' job.ini; run
expect "etp of a volet the fiche does not have is an error" 65 "job.ini:[0-9]*:1: error: etp.clause : la fiche agen-4 n.a pas de volet clause"

fresh; timeout 20 "$B" run job.ini --fiche technowest-3 --out out >"$T/out" 2>"$T/err"; rc=$?
expect "a fiche not declared in the job is reported" 65 "fiche technowest-3 .* non déclarée dans ce job"

fresh; timeout 20 "$B" run job.ini --period 2025 --out out >"$T/out" 2>"$T/err"; rc=$?
expect "a period outside the fiche is reported" 0 "sort de la période d.exécution de la fiche agen-4"

fresh; SOURCE_DATE_EPOCH=9223372036854775807 timeout 20 "$B" run job.ini --out out >"$T/out" 2>"$T/err"; rc=$?
expect "an out-of-range SOURCE_DATE_EPOCH is a usage error" 64 "SOURCE_DATE_EPOCH"
# digits only (README): strtoll alone would take a leading blank or sign
for v in " 1735689600" "+1735689600" "1735689600 "; do
  fresh; SOURCE_DATE_EPOCH="$v" timeout 20 "$B" run job.ini --out out >"$T/out" 2>"$T/err"; rc=$?
  expect "SOURCE_DATE_EPOCH='$v' is a usage error" 64 "SOURCE_DATE_EPOCH=« $v »"
done

# an empty SOURCE_DATE_EPOCH or FSEPACK_TODAY is unset (README, fsepack(1)): the clock dates the pack
fresh; d0=$(date -u +%F); SOURCE_DATE_EPOCH= timeout 20 "$B" run job.ini --out out >"$T/out" 2>"$T/err"; rc=$?; d1=$(date -u +%F)
g=$(sed -n 's/^  "genere_le": "\(.*\)",$/\1/p' out/agen-4/2024/manifest.json 2>/dev/null)
if [ "$rc" -eq 0 ] && { [ "$g" = "$d0" ] || [ "$g" = "$d1" ]; }; then ok "an empty SOURCE_DATE_EPOCH is the clock"
else ko "an empty SOURCE_DATE_EPOCH is the clock" "exit $rc, genere_le '$g', today $d1: $(head -c 200 "$T/err")"; fi
fresh; m0=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)
FSEPACK_TODAY= timeout 20 "$B" check job.ini --period previous-month --summary >"$T/out" 2>"$T/err"; rc=$?
m1=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)
if [ "$rc" -eq 0 ] && { grep -q " $m0 :" "$T/out" || grep -q " $m1 :" "$T/out"; }; then ok "an empty FSEPACK_TODAY is the clock"
else ko "an empty FSEPACK_TODAY is the clock" "exit $rc, want $m1: $(head -c 300 "$T/out") $(head -c 200 "$T/err")"; fi

fresh; mkdir tpl; cp -r "$FIX/../../../../templates/." tpl/
printf '[colonne.zz]\ntitre = TH\nchamp = presences.personne_id\npar = siret:personne_id\nou = nom = Dubois\nagregat = nombre\n' >> tpl/pieces/liste-entreprises.ini
FSEPACK_TEMPLATES=$(pwd)/tpl timeout 20 "$B" check job.ini >"$T/out" 2>"$T/err"; rc=$?
expect "a layout testing a name in ou is refused" 65 "liste-entreprises.ini:[0-9]*:1: error: colonne zz : ou teste nom"

fresh; mkdir tpl; cp -r "$FIX/../../../../templates/." tpl/; printf '[colonne.zz\n' >> tpl/pieces/liste-entreprises.ini
FSEPACK_TEMPLATES=$(pwd)/tpl timeout 20 "$B" run job.ini --out out >"$T/out" 2>"$T/err"; rc=$?
if [ "$rc" -eq 65 ] && [ ! -d out/agen-3 ] && grep -q "liste-entreprises.ini:[0-9]*:1: error" "$T/err"; then
  ok "a broken layout stops the run before any pack"; else ko "a broken layout stops the run" "exit $rc $(head -c 200 "$T/err")"; fi

fresh; sed -i 's#^fichier = exports/actions.csv#fichier = exports/actions.csv\ncolonne.animateur = Nom#' job.ini; run
expect "an alias may not show a name column as another field" 65 "colonne.animateur = Nom"

fresh; mkdir tpl; cp -r "$FIX/../../../../templates/." tpl/; sed -i 's/type = Médiation/type = Mediatoin/' tpl/fiches/agen-3.ini
FSEPACK_TEMPLATES=$(pwd)/tpl timeout 20 "$B" check job.ini >"$T/out" 2>"$T/err"; rc=$?
expect "a value no row holds is reported (typo in a fiche)" 0 "agen-3.ini:[0-9]*: warning: fiche agen-3, indicateur actions_mediation : aucune ligne de l.export actions n.a type = « Mediatoin »"

fresh; sed -i "17s/;Senior +50 ans;/;Aucun;/" exports/heures.csv; run
expect "a criterion reading as none is reported" 0 "heures.csv:17: warning: le critère d.éligibilité « Aucun » se lit comme une absence de critère"

fresh; sed -i '3s#;\([0-9/]*\);\([0-9/]*\);\([0-9/]*\);#;\1;;\3;#' exports/marches.csv; run
expect "a marché without start date is reported" 0 "marches.csv:3: warning: marches : pas de date_debut"

exit $fail
