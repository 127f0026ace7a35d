#!/usr/bin/env python3
"""summary.py — the table that `make run` prints after writing the packs.

    python3 tests/tools/summary.py [OUT_DIR]        (default: out)

Reads every OUT_DIR/<fiche>/<période>/indicateurs.csv (the packs written by
`fsepack run`; hidden folders such as a pack being written are skipped) and
prints one line per indicator: fiche, période, indicateur, valeur, cible, taux
(valeur / cible, as a percentage), sorted by fiche then période then in the
order of the file; then a closing line "N packs, M indicateurs, K à la cible
ou au-delà". Figures are shown the French way (1 234,5). Standard library
only. Exit status 0; 66 (EX_NOINPUT) when OUT_DIR holds no pack.
"""
import csv
import glob
import os
import sys


def fr(v, decimals=2):
    """'345452.25' -> '345 452,25'; '' -> ''; non-numbers unchanged."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return v or ""
    s = ("%.*f" % (decimals, x)).rstrip("0").rstrip(".") if decimals else "%.0f" % x
    ent, _, dec = s.partition(".")
    sign = "-" if ent.startswith("-") else ""
    ent = ent.lstrip("-")
    groups = []
    while len(ent) > 3:
        groups.insert(0, ent[-3:])
        ent = ent[:-3]
    groups.insert(0, ent)
    return sign + " ".join(groups) + ("," + dec if dec else "")


def main(argv):
    out = argv[0] if argv else "out"
    files = sorted(glob.glob(os.path.join(out, "[!.]*", "[!.]*", "indicateurs.csv")))
    if not files:
        print("summary: aucun pack sous %s/ (fsepack run JOB --out %s)" % (out, out), file=sys.stderr)
        return 66
    rows = [("fiche", "période", "indicateur", "valeur", "cible", "taux")]
    reached = 0
    for path in files:
        periode = os.path.basename(os.path.dirname(path))
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter=";"):
                taux = r.get("taux") or ""
                if taux:
                    reached += float(taux) >= 1
                    taux = fr(float(taux) * 100, 0) + " %"
                rows.append((r["fiche"], periode, r["indicateur"], fr(r["valeur"]), fr(r.get("cible")), taux))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    right = {3, 4, 5}
    for n, r in enumerate(rows):
        print("  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print("%d packs, %d indicateurs, %d à la cible ou au-delà" % (len(files), len(rows) - 1, reached))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
