#!/bin/sh
# pdf-same-look.sh OLD_DIR NEW_DIR — for every PDF under NEW_DIR whose bytes
# differ from the file of the same relative path under OLD_DIR, prove that a
# reader sees the same document: `pdftotext -layout` gives the same text and
# `pdftoppm -r 50` the same pixels on every page (raw PPM compared with cmp),
# and `qpdf --check` passes. Prints one line per differing PDF and a summary;
# exit status 1 when any check fails. Used to vet changes that alter the bytes
# of the PDFs but must not alter what they show (issue 8).
# The bordereau lists the SHA-256 and size of the other files, which change
# with their bytes: its pages (alone, and at the head of dossier-complet.pdf)
# are compared as the words of `pdftotext -raw` with every 64-hex digest and
# every number masked (numbers alone dropped: "120 503" is two words), in
# any order (the digests' widths set the columns, so
# a row may wrap or move to the next page), not as pixels.
old=$1; new=$2
[ -d "$old" ] && [ -d "$new" ] || { echo "usage: $0 OLD_DIR NEW_DIR" >&2; exit 64; }
t=$(mktemp -d /tmp/pdfsame.XXXXXX); trap 'rm -rf "$t"' EXIT
n=0; same=0; bad=0
for f in $(cd "$new" && find . -name '*.pdf' | LC_ALL=C sort); do
  [ -f "$old/$f" ] || { echo "NEW ONLY $f"; continue; }
  cmp -s "$old/$f" "$new/$f" && { same=$((same + 1)); continue; }
  n=$((n + 1)); why=""; skip=0
  case "$f" in
    */00-bordereau.pdf) skip=$(pdfinfo "$new/$f" | awk '/^Pages:/{print $2}') ;;
    */dossier-complet.pdf) b="$(dirname "$new/$f")/00-bordereau.pdf"
      [ -f "$b" ] && skip=$(pdfinfo "$b" | awk '/^Pages:/{print $2}') ;;
  esac
  mask() { tr -s ' \n' '\n\n' | sed -E 's/[0-9a-f]{64}/#/g; s/[0-9]+/0/g' | grep -vx '0*' | LC_ALL=C sort; }
  if [ "$skip" -gt 0 ]; then
    pdftotext -raw -l "$skip" "$old/$f" - 2>/dev/null | mask >"$t/a.txt"
    pdftotext -raw -l "$skip" "$new/$f" - 2>/dev/null | mask >"$t/b.txt"
    cmp -s "$t/a.txt" "$t/b.txt" || why="$why masked-text"
  fi
  total=$(pdfinfo "$new/$f" | awk '/^Pages:/{print $2}')
  [ "$skip" -ge "$total" ] && skip=$total && { [ -n "$why" ] && { bad=$((bad + 1)); echo "DIFFERENT $f:$why"; } || echo "SAME LOOK $f ($total pages as masked text)"; continue; }
  pdftotext -layout -f $((skip + 1)) "$old/$f" "$t/a.txt" 2>"$t/a.err"
  pdftotext -layout -f $((skip + 1)) "$new/$f" "$t/b.txt" 2>"$t/b.err"
  cmp -s "$t/a.txt" "$t/b.txt" || why="$why text"
  [ -s "$t/b.err" ] && why="$why poppler-stderr"
  rm -f "$t"/a-*.ppm "$t"/b-*.ppm
  pdftoppm -r 50 -f $((skip + 1)) "$old/$f" "$t/a" 2>/dev/null; pdftoppm -r 50 -f $((skip + 1)) "$new/$f" "$t/b" 2>/dev/null
  pa=$(ls "$t" | grep -c '^a-.*ppm$'); pb=$(ls "$t" | grep -c '^b-.*ppm$')
  [ "$pa" = "$pb" ] || why="$why pages:$pa/$pb"
  for a in "$t"/a-*.ppm; do
    [ -f "$a" ] || continue
    b="$t/b-${a##*/a-}"; cmp -s "$a" "$b" || { why="$why pixels:${a##*/a-}"; break; }
  done
  qpdf --check "$new/$f" >/dev/null 2>&1 || why="$why qpdf-check"
  if [ -n "$why" ]; then bad=$((bad + 1)); echo "DIFFERENT $f:$why"
  else echo "SAME LOOK $f ($(wc -c <"$old/$f") -> $(wc -c <"$new/$f") bytes, $pb pages as pixels, $skip as masked text)"; fi
done
echo "$n PDFs with other bytes: $((n - bad)) look the same, $bad differ; $same byte-identical"
[ "$bad" = 0 ]
