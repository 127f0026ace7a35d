#!/bin/sh
# test_doc_writers.sh — inspects the PDF and XLSX that the unit test
# build/tests/test_doc_writers wrote into build/tests/doc_writers/ (the unit
# tests run first: tests/tools/run-tests.sh). Run from the repo root.
# Prints "PASS name" / "FAIL name: why" per check; exits 1 on any failure.
#
# PDF (qpdf, poppler): structure, embedded fonts, EU mention, accents, every
# row marker once, the split row's "(suite)", all 80 comment lines, the
# page header, table title "(suite)" and table header on every page,
# "page X / N", bookmarks, properties, landscape size, determinism; column
# widths (widths.pdf): no identifier, date, header word or text word broken. XLSX (openpyxl): sheets, real
# dates, identifiers and "=SUM(A1)" kept as text, frozen header and
# autofilter, formats, totals, truncation mark, charts, determinism.

dir=${FSE_TEST_OUT:-build/tests/doc_writers}
pdf=$dir/doc.pdf
xlsx=$dir/doc.xlsx
failed=0
pass() { echo "PASS doc_writers: $1"; }
fail() { echo "FAIL doc_writers: $1: $2"; failed=1; }
check() { # name, why-if-false, command...
  name=$1; why=$2; shift 2
  if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name" "$why"; fi
}

for f in doc.pdf doc2.pdf doc.xlsx doc2.xlsx landscape.pdf widths.pdf edge.xlsx pages.txt; do
  if [ ! -f "$dir/$f" ]; then
    fail "inputs" "$dir/$f missing (run build/tests/test_doc_writers from the repo root first)"
    exit 1
  fi
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------- PDF
qpdf --check "$pdf" > "$tmp/qpdf.txt" 2>&1
rc=$?
if [ $rc -eq 0 ]; then pass "qpdf --check"; else fail "qpdf --check" "exit $rc: $(tail -2 "$tmp/qpdf.txt")"; fi

pdffonts "$pdf" 2>/dev/null | tail -n +3 > "$tmp/fonts.txt"
nfonts=$(wc -l < "$tmp/fonts.txt")
notemb=$(grep -Evc ' yes +(yes|no) +(yes|no) +[0-9]+ +[0-9]+ *$' "$tmp/fonts.txt")
if [ "$nfonts" -ge 2 ] && [ "$notemb" -eq 0 ]; then pass "fonts embedded ($nfonts)"
else fail "fonts embedded" "$nfonts fonts, $notemb not embedded: $(cat "$tmp/fonts.txt")"; fi

pdftotext -layout "$pdf" "$tmp/all.txt" 2>/dev/null
check "EU mention" "no \"Cofinancé par l'Union européenne\"" grep -q "Cofinancé par l'Union européenne" "$tmp/all.txt"
check "accents intact" "accented sentence altered" grep -q "Éléphant à l'œil : déjà vu, çà et là, Noël" "$tmp/all.txt"
# pdftotext prints the U+202F of French numbers as a plain space
check "euro and grouping" "\"1 823 911,50 €\" missing" grep -q "1 823 911,50 €" "$tmp/all.txt"
check "percent" "\"50,0 %\" missing" grep -q "50,0 %" "$tmp/all.txt"

bad=""
for i in $(seq -w 1 60); do
  n=$(grep -o "ROW-$i" "$tmp/all.txt" | wc -l)
  [ "$n" -eq 1 ] || bad="$bad ROW-$i×$n"
done
if [ -z "$bad" ]; then pass "60 row markers once each"; else fail "row markers" "$bad"; fi

bad=""
for i in $(seq -w 1 80); do
  n=$(grep -o "COMMENT-LINE-$i" "$tmp/all.txt" | wc -l)
  [ "$n" -eq 1 ] || bad="$bad COMMENT-LINE-$i×$n"
done
if [ -z "$bad" ]; then pass "80 comment lines once each"; else fail "comment lines" "$bad"; fi

pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
want=$(cat "$dir/pages.txt")
if [ -n "$pages" ] && [ "$pages" = "$want" ] && [ "$pages" -ge 3 ]; then pass "page count $pages (= writer's count)"
else fail "page count" "pdfinfo says '$pages', writer said '$want'"; fi

bad=""; tpages=0; row38=0; suite_after=0; first_tpage=0
i=1
while [ "$i" -le "${pages:-0}" ]; do
  pdftotext -layout -f "$i" -l "$i" "$pdf" "$tmp/p.txt" 2>/dev/null
  grep -q "Cofinancé par l'Union européenne" "$tmp/p.txt" || bad="$bad p$i:EU"
  grep -q "Tableau d'impact des clauses sociales" "$tmp/p.txt" || bad="$bad p$i:title"
  grep -q "PLIE des Graves" "$tmp/p.txt" || bad="$bad p$i:PLIE"
  grep -q "Période : du 01/01/2024 au 31/12/2024" "$tmp/p.txt" || bad="$bad p$i:période"
  grep -q "page $i / $pages" "$tmp/p.txt" || bad="$bad p$i:footer"
  grep -q "généré le 29/11/2026" "$tmp/p.txt" || bad="$bad p$i:généré"
  if grep -q "ROW-\|(suite)" "$tmp/p.txt"; then
    tpages=$((tpages + 1))
    grep -q "Commentaire détaillé" "$tmp/p.txt" || bad="$bad p$i:table-header"
    [ "$first_tpage" -eq 0 ] && first_tpage=$i
    if [ "$i" -gt "$first_tpage" ]; then
      grep -q "Heures par participant (suite)" "$tmp/p.txt" || bad="$bad p$i:table-title-suite"
    fi
  fi
  grep -q "ROW-38" "$tmp/p.txt" && row38=$i
  # the split row's own marker: a line holding only "(suite)"
  if [ "$row38" -gt 0 ] && [ "$i" -eq $((row38 + 1)) ] && grep -q "^ *(suite) *$" "$tmp/p.txt"; then suite_after=1; fi
  i=$((i + 1))
done
if [ -z "$bad" ]; then pass "header, footer on all $pages pages; table header (title \"(suite)\" when continued) on its $tpages pages"
else fail "page furniture" "$bad"; fi
if [ "$row38" -gt 0 ] && [ "$suite_after" -eq 1 ]; then pass "row 38 split: \"(suite)\" on page $((row38 + 1))"
else fail "split row" "ROW-38 on page $row38, no \"(suite)\" on the next page"; fi

qpdf --json --json-key=outlines "$pdf" > "$tmp/outlines.json" 2>/dev/null
check "bookmarks" "level-1 headings missing from the outline" \
  /usr/bin/python3 -c "
import json,sys
t=[o['title'] for o in json.load(open('$tmp/outlines.json'))['outlines']]
sys.exit(0 if t==['Synthèse de l\'opération','Détail des heures d\'insertion','Méthode et sources'] else 1)"

pdfinfo "$pdf" > "$tmp/info.txt" 2>/dev/null
check "properties" "title/author/creator/date wrong: $(grep -E 'Title|Author|Creator|CreationDate' "$tmp/info.txt" | tr '\n' ';')" \
  sh -c "grep -q '^Title: *Tableau d.impact des clauses sociales — été 2024\$' '$tmp/info.txt' &&
         grep -q '^Author: *PLIE des Graves\$' '$tmp/info.txt' &&
         grep -q '^Creator: *fsepack\$' '$tmp/info.txt' &&
         grep -q '^CreationDate: *Wed Jan 31 12:00:00 2024 UTC\$' '$tmp/info.txt'"
check "landscape A4" "landscape.pdf is not 841.89 x 595.276" \
  sh -c "pdfinfo '$dir/landscape.pdf' 2>/dev/null | grep -q '^Page size: *841.89 x 595.276'"
check "PDF deterministic" "doc.pdf and doc2.pdf differ" cmp -s "$pdf" "$dir/doc2.pdf"
check "PDF renders" "pdftoppm failed" pdftoppm -r 30 -f 1 -l 2 -png "$pdf" "$tmp/r"

# ---------------------------------------------------------- column widths
# widths.pdf: the liste des marchés shape (15 columns, identifiers longer
# than their declared share, word-heavy text, a long totals label in the
# identifier column) over several pages, then a table whose words only fit
# once the font shrinks. A broken word shows in pdftotext as two pieces on
# two lines, so every whole word must be found as often as it was written.
w=$dir/widths.pdf
pdftotext -layout "$w" "$tmp/w.txt" 2>/dev/null
wpages=$(pdfinfo "$w" 2>/dev/null | sed -n 's/^Pages: *//p')
count() { grep -o -- "$1" "$tmp/w.txt" | wc -l; }
bad=""
for i in $(seq -w 1 40); do
  for id in "OP-2022-AQUI-0000$i" "M24-0$i-[123]-BIS" "000000724000$i" "Bastide-$i"; do
    n=$(count "$id"); [ "$n" -eq 1 ] || bad="$bad $id×$n"
  done
done
n=$(count '[0-3][0-9]/[01][0-9]/20[0-9][0-9]')   # 3 dates per row, 3 in each page's header and footer
[ "$n" -eq $((120 + 3 * ${wpages:-0})) ] || bad="$bad dates×$n"
for word in "Démolition-reconstruction" "Communauté" "d'agglomération" "Nouvelle-Aquitaine" "Société" \
            "coopérative" "Pyrénées-Atlantiques"; do
  n=$(count "$word"); [ "$n" -eq 40 ] || bad="$bad $word×$n"
done
n=$(count "d'attribution"); [ "$n" -eq 20 ] || bad="$bad d'attribution×$n"
n=$(count "distinct(s)"); [ "$n" -eq 1 ] || bad="$bad distinct(s)×$n"
for r in A B C; do
  for c in 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14; do
    n=$(count "Métropole[X ]*$r$c"); [ "$n" -eq 1 ] || bad="$bad Métropole$r$c×$n"
  done
done
if [ -z "$bad" ]; then pass "widths: identifiers, dates and words whole"
else fail "widths" "broken or missing:$bad"; fi
bad=""
i=1
while [ "$i" -le "${wpages:-0}" ]; do
  pdftotext -layout -f "$i" -l "$i" "$w" "$tmp/p.txt" 2>/dev/null
  if grep -q "OP-2022-AQUI" "$tmp/p.txt"; then
    for word in "N° opération" "Opération" "Donneur" "d'ordre" "N° marché" "Entreprise" "attributaire" \
                "SIRET" "Type de" "clause" "Notification" "Début" "Fin" "prévues" "réalisées" "(période)" \
                "(cumul)" "réalisation"; do
      grep -q -- "$word" "$tmp/p.txt" || bad="$bad p$i:$word"
    done
    if [ "$i" -gt 1 ]; then
      grep -q "Marchés clausés actifs sur la période (suite)" "$tmp/p.txt" || bad="$bad p$i:title-suite"
    fi
  fi
  i=$((i + 1))
done
if [ -n "$wpages" ] && [ "$wpages" -ge 2 ] && [ -z "$bad" ]; then pass "widths: header words whole on all $wpages pages, title \"(suite)\""
else fail "widths header" "pages '$wpages':$bad"; fi

# ---------------------------------------------------------------- XLSX
check "XLSX deterministic" "doc.xlsx and doc2.xlsx differ" cmp -s "$xlsx" "$dir/doc2.xlsx"
/usr/bin/python3 - "$xlsx" "$dir/edge.xlsx" <<'EOF'
import sys, zipfile, datetime
import openpyxl
path, edge = sys.argv[1], sys.argv[2]
def out(ok, name, why):
    print(("PASS doc_writers: xlsx " + name) if ok else ("FAIL doc_writers: xlsx %s: %s" % (name, why)))
    return ok
ok = True
wb = openpyxl.load_workbook(path)
names = wb.sheetnames
ok &= out(names == ["Synthèse", "Heures_participants", "Graphiques", "Méthode et sources"],
          "sheets", repr(names))
ws = wb["Heures_participants"]
ok &= out(isinstance(ws["D3"].value, datetime.datetime) and ws["D3"].value.date() == datetime.date(2024, 1, 4)
          and ws["D3"].number_format == "dd/mm/yyyy", "date cell", repr((ws["D3"].value, ws["D3"].number_format)))
ok &= out(isinstance(ws["E3"].value, datetime.datetime) and ws["E3"].number_format == "mm/yyyy",
          "month cell", repr((ws["E3"].value, ws["E3"].number_format)))
ok &= out(ws["B3"].value == "01234567890123" and ws["B3"].data_type == "s", "ID text",
          repr((ws["B3"].value, ws["B3"].data_type)))
ok &= out(ws["C7"].value == "=SUM(A1)" and ws["C7"].data_type == "s", "formula-like text stays text",
          repr((ws["C7"].value, ws["C7"].data_type)))
ok &= out(ws.freeze_panes == "A3", "freeze panes", repr(ws.freeze_panes))
ok &= out(ws.auto_filter.ref == "A2:I62", "autofilter", repr(ws.auto_filter.ref))
fm = (ws["F3"].number_format, ws["G3"].number_format, ws["H3"].number_format)
ok &= out(fm == ("#,##0", "0.0%", '#,##0.00\\ "€"'), "number formats", repr(fm))
hours = sum(ws.cell(row=r, column=6).value for r in range(3, 63))
euros = sum(v for v in (ws.cell(row=r, column=8).value for r in range(3, 63)) if isinstance(v, (int, float)))
tot = [c.value for c in ws[63]]
ok &= out(tot[0] == "Total" and tot[5] == hours and abs(tot[7] - euros) < 1e-6 and ws["F63"].font.b,
          "totals", repr((tot, hours, euros)))
ok &= out(ws["H9"].value == "à régulariser", "text in a number column", repr(ws["H9"].value))
ok &= out(ws["I40"].value.count("\n") == 79, "multi-line cell", "newlines lost")
syn = wb["Synthèse"]
ok &= out(syn["A1"].value == "Cofinancé par l'Union européenne" and syn["B3"].value == "PLIE des Graves",
          "synthèse header", repr((syn["A1"].value, syn["B3"].value)))
vals = [c for row in syn.iter_rows(values_only=True) for c in row if isinstance(c, str)]
ok &= out(any("Éléphant à l'œil" in v for v in vals) and not any("Les heures sont comptées" in v for v in vals),
          "synthèse blocks", "paragraph missing or method paragraph not moved")
meth = [c for row in wb["Méthode et sources"].iter_rows(values_only=True) for c in row if c]
ok &= out(meth[:2] == ["Méthode et sources", "Les heures sont comptées à la date de la prestation ; une personne "
          "n'est comptée qu'une fois par opération."] and "Sources" in meth, "méthode sheet", repr(meth))
charts = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/charts/chart")]
ok &= out(len(charts) == 3, "native charts", repr(charts))
ok &= out(wb.properties.created == datetime.datetime(2024, 1, 31, 12, 0, 0), "created property",
          repr(wb.properties.created))
we = openpyxl.load_workbook(edge)
ok &= out(we.sheetnames == ["Synthèse", "synthèse (2)", "Un titre de tableau beaucoup tr", "Graphiques",
                            "Méthode et sources"], "sheet names sanitised", repr(we.sheetnames))
v = we.worksheets[2]["A3"].value
ok &= out(len(v) == 32767 and v.endswith(" […tronqué]"), "long text truncated", repr((len(v), v[-12:])))
ok &= out(we.worksheets[2]["B3"].value == "26/06/1860", "pre-1900 date as text", repr(we.worksheets[2]["B3"].value))
sys.exit(0 if ok else 1)
EOF
[ $? -eq 0 ] || failed=1

# ---------------------------------------------------------------- totals kept with their last row; chart labels
# totals.pdf: 60 tables of 1..60 rows (test_write_totals_and_labels). On a
# page that continues a table ("Tk (suite)" then its header "Col Valeur"),
# the first line under the header is a row "rk-i", never "Total" alone.
if [ -f "$dir/totals.pdf" ]; then
  pdftotext -layout "$dir/totals.pdf" "$tmp/totals.txt" 2>/dev/null
  orphans=$(awk '/^ *T[0-9]+ \(suite\)/ { s = 1; next }
                 s == 1 && /Col/ { s = 2; next }
                 s == 2 && NF { if ($1 == "Total") n++; s = 0 }
                 END { print n + 0 }' "$tmp/totals.txt")
  conts=$(grep -c '^ *T[0-9]* (suite)' "$tmp/totals.txt")
  if [ "$orphans" -eq 0 ] && [ "$conts" -gt 0 ]; then pass "totals never alone on a page ($conts continued tables)"
  else fail "totals never alone on a page" "$orphans continued table(s) show only their Total row (of $conts)"; fi
else
  fail "totals never alone on a page" "$dir/totals.pdf missing"
fi
if [ -f "$dir/chartlabels.pdf" ]; then
  pdftotext "$dir/chartlabels.pdf" - 2>/dev/null | sed 's/\xe2\x80\xaf/ /g; s/\xc2\xa0/ /g' > "$tmp/labels.txt"
  miss=""
  for v in "140 442,65" "103 273,48" "23 317,34" "10 363,99"; do grep -q "^$v\$" "$tmp/labels.txt" || miss="$miss [$v]"; done
  if [ -z "$miss" ]; then pass "chart value labels with the decimals of the tables"
  else fail "chart value labels with the decimals of the tables" "missing$miss; got $(grep '[0-9],[0-9]\|^[0-9 ]*$' "$tmp/labels.txt" | tr '\n' '|')"; fi
else
  fail "chart value labels with the decimals of the tables" "$dir/chartlabels.pdf missing"
fi

if [ -f "$dir/longheader.pdf" ]; then
  pdftotext -layout "$dir/longheader.pdf" - 2>/dev/null | sed 's/\xc2\xa0/ /g' > "$tmp/lh.txt"
  if grep -q '^ *Période : du 01/01/2024 au 31/12/2024 *$' "$tmp/lh.txt"; then pass "long header: the period whole on its own line"
  else fail "long header: the period whole on its own line" "$(grep -A1 'Fiche n' "$tmp/lh.txt" | tr '\n' '|')"; fi
else
  fail "long header: the period whole on its own line" "$dir/longheader.pdf missing"
fi

exit $failed
