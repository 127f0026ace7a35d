"""What a visual review of the packs asked for (samples/, read back with
pdftotext and openpyxl):
- bordereau (agen-3): the H1 does not repeat the page-header title; every
  SHA-256 of the pack's files reads whole in the PDF text (never cut over two
  lines); no pièce is listed twice before "Fichiers du pack"; indicateurs.csv
  is named for what it is, not "données";
- bilan: the "Mesure" line is French, generated from the measure, and the
  rule as written is in the XLSX "Méthode et sources" sheet; in a month pack
  the rate column says it is the month against the annual target;
- prorated targets (libournais 2024-06, 6/12) show the decimals they need
  ("12,5", not "12,50"), the same in the PDF and the XLSX;
- no XLSX of any sample pack holds a figure as text: a text cell that looks
  like a French number ("55 379,13", "3", "41 000,00 €") fails unless it is
  an identifier, stored with the text format "@";
- liste des personnes préparées (bordeaux-3): Actions and Dates of a row are
  paired: the k-th date is the date of the k-th action in actions.csv;
- Agen's liste des marchés (93 rows) fits in at most 6 pages (it took 10).
Needs /usr/bin/python3 (openpyxl) and poppler-utils."""
import csv
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402
from e2e import BIN, ROOT, report  # noqa: E402

try:
    import openpyxl
except ImportError:
    openpyxl = None

FIGURE = re.compile(r"^-?[0-9 \u00a0\u202f]+(,[0-9]+)?( %| h| €)?$")


def run(args):
    return subprocess.run(args, capture_output=True)


def pdftext(path, layout=False, first=None, last=None):
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    p = run(args + [path, "-"])
    return p.stdout.decode("utf-8", "replace")


def one(pattern):
    m = sorted(glob.glob(pattern))
    return m[0] if m else None


def pages(path):
    p = run(["pdfinfo", path])
    m = re.search(r"^Pages:\s+(\d+)", p.stdout.decode(), re.M)
    return int(m.group(1)) if m else None


def bordereau(out):
    pack = os.path.join(out, "agen-3", "2024")
    pdf = os.path.join(pack, "00-bordereau.pdf")
    text = pdftext(pdf)
    first = pdftext(pdf, first=1)
    n = first.count("Bordereau des pièces justificatives")
    report(n == 2, "polish: bordereau H1 does not repeat the page title",
           "page 1 shows the title %d times (header and footer only: 2)" % n)
    sums = {}
    for line in open(os.path.join(pack, "SHA256SUMS"), encoding="utf-8"):
        h, name = line.split(None, 1)
        sums[name.strip().lstrip("*")] = h
    listed = [f for f in sums if not f.startswith("00-bordereau") and f not in
              ("dossier-complet.pdf", "manifest.json", "SHA256SUMS", "controles.csv")]
    runs = re.findall(r"[0-9a-f]{16,}", text)   # every hex run of the text, as pdftotext reads it
    cut = [f for f in listed if sums[f] not in runs
           or any(r != sums[f] and (sums[f].startswith(r) or sums[f].endswith(r)) for r in runs)]
    report(listed and not cut, "polish: bordereau SHA-256 values read whole",
           "hash cut over two lines (or missing) in the PDF text for %s" % cut)
    if openpyxl:
        wb = openpyxl.load_workbook(os.path.join(pack, "00-bordereau.xlsx"))
        files = []   # the Fichier column of every table before "Fichiers"
        for ws in wb.worksheets[1:]:
            if ws.title in ("Fichiers", "Méthode et sources"):
                continue
            head = [c.value for c in ws[2]]
            if "Fichier" in head:
                files += [r[head.index("Fichier")] for r in ws.iter_rows(min_row=3, values_only=True) if r]
        twice = sorted({f for f in files if f and files.count(f) > 1})
        report(files and not twice, "polish: bordereau lists each pièce once before the file list",
               "listed twice: %s" % twice)
        ws = wb["Fichiers"]
        rows = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True) if r and r[0]}
        what = rows.get("indicateurs.csv")
        report(what and what != "données" and "indicateurs" in what.lower(),
               "polish: bordereau names indicateurs.csv's pièce", repr(what))


def synth_values(wb, key):
    return [r[1] for r in wb["Synthèse"].iter_rows(values_only=True) if r and r[0] == key]


def bilan(out):
    if not openpyxl:
        return
    wb = openpyxl.load_workbook(one(os.path.join(out, "agen-4", "2024", "*-bilan.xlsx")))
    mesures = synth_values(wb, "Mesure")
    raw = [m for m in mesures if re.search(r"\b(count|distinct|sum)\b|\bof\b", str(m))]
    report(mesures and not raw and any("somme des heures" in str(m) for m in mesures),
           "polish: bilan Mesure lines in French", "raw rules shown: %r (all: %r)" % (raw, mesures))
    method = [c for r in wb["Méthode et sources"].iter_rows(values_only=True) for c in r if c]
    report("sum heures of heures" in method, "polish: bilan Méthode et sources keeps the rule as written",
           "no cell 'sum heures of heures' in %r" % method[:40])


def month(out):
    pack = os.path.join(out, "libournais-3", "2024-06")
    xl, pdf = one(os.path.join(pack, "*-bilan.xlsx")), one(os.path.join(pack, "*-bilan.pdf"))
    if not (xl and pdf and openpyxl):
        report(False, "polish: month bilan", "no bilan in %s" % pack)
        return
    wb = openpyxl.load_workbook(xl)
    head = [c.value for c in wb["Indicateurs"][2]]
    words = " ".join(pdftext(pdf).split())
    report("Taux (mois / cible annuelle)" in head and "part de la cible de l'année atteinte dans le mois" in words,
           "polish: month bilan rate column says month / annual target", "header %r" % head)
    ws = wb["Cumul"]
    text = pdftext(pdf, layout=True)
    seen, bad = 0, []
    for r in ws.iter_rows(min_row=3):
        v = r[4].value
        if not isinstance(v, (int, float)):
            continue
        cents = round(v * 100)
        dec = 0 if cents % 100 == 0 else 1 if cents % 10 == 0 else 2
        want_fmt = "#,##0" + ("." + "0" * dec if dec else "")
        shown = ("%.*f" % (dec, v)).replace(".", ",")
        seen += dec == 1
        if r[4].number_format != want_fmt or not re.search(r"(?<![\d,])%s(?![\d,])" % re.escape(shown), text):
            bad.append((r[0].value, v, r[4].number_format, shown))
    report(seen and not bad, "polish: prorated targets with the decimals they need, PDF and XLSX alike",
           "%d one-decimal targets; wrong: %r" % (seen, bad))


def figures_as_text(out):
    if not openpyxl:
        report(False, "polish: XLSX figures are numbers", "openpyxl missing (use /usr/bin/python3)")
        return
    found, nfiles = [], 0
    for path in sorted(glob.glob(os.path.join(out, "*", "*", "*.xlsx"))):
        nfiles += 1
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.number_format != "@" and FIGURE.match(c.value):
                        found.append("%s %s!%s %r" % (os.path.relpath(path, out), ws.title, c.coordinate, c.value))
    report(nfiles >= 30 and not found, "polish: no figure stored as text in any sample XLSX",
           "%d files; %d text figures: %s" % (nfiles, len(found), found[:8]))
    tw = one(os.path.join(out, "agen-4", "2024", "*-tableau-impact.xlsx"))
    ind = {r["indicateur"]: r for r in csv.DictReader(open(os.path.join(out, "agen-4", "2024", "indicateurs.csv"),
                                                             encoding="utf-8"), delimiter=";")} if tw else {}
    if tw:
        v = synth_values(openpyxl.load_workbook(tw), "Heures d'insertion réalisées (comptées)")
        want = [float(r["valeur"]) for k, r in ind.items() if k == "heures_insertion"]
        report(v and isinstance(v[0], float) and want and abs(v[0] - want[0]) < 0.005,
               "polish: tableau d'impact Synthèse hours are a number equal to indicateurs.csv", "%r vs %r" % (v, want))


def paired(out):
    if not openpyxl:
        return
    path = one(os.path.join(out, "bordeaux-3", "2024", "*-liste-personnes-preparees.xlsx"))
    dates = {}
    with open(os.path.join(ROOT, "samples", "bordeaux", "exports", "actions.csv"), encoding="cp1252") as f:
        for r in csv.reader(f, delimiter=";"):
            if r and r[0].startswith("AC"):
                dates[r[0]] = r[3]
    ws = openpyxl.load_workbook(path).worksheets[1]
    head = [c.value for c in ws[2]]
    ia, idt = head.index("Actions"), head.index("Dates")
    multi, wrong = 0, []
    for row in ws.iter_rows(min_row=3, values_only=True):
        if not row[ia] or not isinstance(row[ia], str) or not row[ia].startswith("AC"):
            continue
        acts, ds = row[ia].split(", "), str(row[idt] or "").split(", ")
        multi += len(acts) > 1
        if len(acts) != len(ds) or any(dates.get(a) != d for a, d in zip(acts, ds)):
            wrong.append((row[ia], row[idt]))
    report(multi and not wrong, "polish: personnes préparées Actions and Dates paired",
           "%d rows of several actions; unpaired: %r" % (multi, wrong[:5]))


def marches(out):
    pdf = one(os.path.join(out, "agen-4", "2024", "*-liste-marches.pdf"))
    n = pages(pdf) if pdf else None
    report(n is not None and n <= 6, "polish: Agen liste des marchés in at most 6 pages", "%r pages" % n)
    if openpyxl and pdf:
        ws = openpyxl.load_workbook(pdf[:-4] + ".xlsx")["Marchés"]
        head = [c.value for c in ws[2]]
        report("SIRET" in head and "Fin" in head and "Lot" in head,
               "polish: liste des marchés XLSX keeps one column per value", repr(head))


def main():
    out = tempfile.mkdtemp(prefix="fsepack-polish-")
    try:
        for job in sorted(glob.glob(os.path.join(ROOT, "samples", "*", "job.ini"))):
            p = run([BIN, "run", job, "--out", out])
            report(p.returncode == 0, "polish: run %s" % os.path.relpath(job, ROOT), p.stderr.decode()[-300:])
        p = run([BIN, "run", os.path.join(ROOT, "samples", "libournais", "job.ini"), "--period", "2024-06",
                 "--out", out])
        report(p.returncode == 0, "polish: run libournais 2024-06", p.stderr.decode()[-300:])
        bordereau(out)
        bilan(out)
        month(out)
        figures_as_text(out)
        paired(out)
        marches(out)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
