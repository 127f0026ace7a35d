"""What a gestionnaire reads in the pièces, on the agen-csv fixture (agen-4):
- the tableau d'impact's breakdown tables (entreprise, modalité, public,
  sexe, mois) end on a total of participants counted once each, equal to
  "Participants" of its Synthèse (the column does not add up: a person is on
  several rows), in the XLSX and in the PDF text;
- no "ligne(s)"-style parenthesised plural in the tableau d'impact or the bilan;
- the bilan of a month pack (2024-05) draws the hours cumulated from January
  to May against the trajectory (not one lone point for May): its chart data
  (XLSX "Graphiques") has the five months, and the last cumulated value is the
  "Cumul de l'année" of heures_insertion in the "Cumul" sheet; the PDF shows
  the chart title and the months janv. to mai;
- stderr: hours of an XLSX export are written with a decimal comma
  ("52,50 h de P…", never "52.5 h") on the graves-xlsx fixture;
- the bilan's rates chart names indicators with a capital, accented too
  ("Événements emploi", samples/hauts-de-garonne);
- a "liste" cell of several dates (liste des personnes préparées of
  samples/bordeaux) shows them in calendar order;
- `fsepack list` writes targets and ETP the French way ("cible 3,2 (4 par
  ETP × 0,8 ETP)", "25 000"), on samples/perigueux.
Run from the repository root with /usr/bin/python3 (openpyxl)."""
import glob, os, re, shutil, subprocess, sys, tempfile
import e2e
from e2e import report, BIN, CASES

try:
    import openpyxl
except ImportError:
    openpyxl = None


def pdftext(path):
    r = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True)
    return r.stdout.decode("utf-8", "replace").replace("\u202f", " ").replace("\u00a0", " ")


def one(pattern):
    g = sorted(glob.glob(pattern))
    return g[0] if g else None


def main():
    if openpyxl is None:
        report(False, "presentation: openpyxl", "run with /usr/bin/python3")
        return
    tmp = tempfile.mkdtemp()
    try:
        job = os.path.join(CASES, "agen-csv", "job.ini")
        out = os.path.join(tmp, "out")
        for period in ("2024", "2024-05"):
            r = subprocess.run([BIN, "run", job, "--fiche", "agen-4", "--period", period, "--out", out],
                               capture_output=True)
            report(r.returncode == 0, "presentation: run agen-4 " + period, r.stderr.decode()[-300:])

        # tableau d'impact: distinct participants on every breakdown's total
        ti = one(os.path.join(out, "agen-4", "2024", "*-tableau-impact.xlsx"))
        wb = openpyxl.load_workbook(ti)
        syn = {row[0]: row[1] for row in wb["Synthèse"].iter_rows(values_only=True) if row and row[0]}
        people = int(str(syn.get("Participants", "0")).replace("\u202f", "").replace(" ", ""))
        for name in ("Par entreprise", "Par modalité", "Par public", "Par sexe", "Par mois"):
            ws = wb[name]
            head = [c.value for c in ws[2]]
            col = head.index("Participants") if "Participants" in head else None
            tot = [row for row in ws.iter_rows(values_only=True) if row and row[0] == "Total"]
            got = tot[0][col] if tot and col is not None else None
            rows = [row[col] for row in ws.iter_rows(min_row=3, values_only=True)
                    if row and row[0] not in (None, "Total") and col is not None and isinstance(row[col], (int, float))]
            report(people > 0 and got == people and sum(rows) >= people,
                   "presentation: tableau d'impact « %s » total participants distincts" % name,
                   "total %r, Synthèse %r, column sum %r" % (got, people, sum(rows)))
        text = pdftext(ti[:-5] + ".pdf")
        totals = re.findall(r"^\s*Total\s+[\d ]+,\d\d\s+100,0 %\s+([\d ]+?)\s+([\d ]+)$", text, re.M)
        report(len(totals) == 4 and all(int(p.replace(" ", "")) == people for p, _ in totals),
               "presentation: tableau d'impact PDF totals show %d participants" % people, repr(totals))
        bilan = one(os.path.join(out, "agen-4", "2024", "*-bilan.pdf"))
        both = text + pdftext(bilan)
        bad = sorted(set(re.findall(r"\w+\(s\)", both)))
        report(not bad, "presentation: no parenthesised plural in tableau d'impact and bilan", repr(bad))

        # month bilan: the year to date curve
        mb = one(os.path.join(out, "agen-4", "2024-05", "*-bilan.xlsx"))
        wb = openpyxl.load_workbook(mb)
        g = list(wb["Graphiques"].iter_rows(values_only=True))
        start = [i for i, row in enumerate(g) if row[0] and str(row[0]).startswith("Heures cumulées")]
        months, values = [], []
        if start:
            for row in g[start[0] + 2:]:
                if not row[0]:
                    break
                months.append(row[0])
                values.append(row[1])
        cumul = {row[0]: row for row in wb["Cumul"].iter_rows(values_only=True) if row and row[0]}
        hrow = cumul.get("heures_insertion")
        ytd = hrow[2] if hrow else None
        want = ["janv. 2024", "févr. 2024", "mars 2024", "avr. 2024", "mai 2024"]
        report(months == want and values and ytd is not None and abs(values[-1] - ytd) < 0.005
               and values == sorted(values),
               "presentation: month bilan curve from January to May ends on the year to date",
               "months %r values %r cumul %r" % (months, values, ytd))
        mt = pdftext(mb[:-5] + ".pdf")
        report("Heures cumulées depuis le début de l'année" in mt and all(m in mt for m in want),
               "presentation: month bilan PDF chart title and months", "title or a month missing")

        # stderr: decimal comma for hours read from an XLSX export
        r = subprocess.run([BIN, "check", os.path.join(CASES, "graves-xlsx", "job.ini")], capture_output=True)
        err = r.stderr.decode("utf-8", "replace")
        hours = re.findall(r"(\S+) h de \S+ sans critère", err)
        report(hours and all(re.fullmatch(r"-?\d+(,\d+)?", h) for h in hours),
               "presentation: hours without criterion written with a decimal comma", repr(hours))
        # liste des personnes préparées (samples/bordeaux, bordeaux-3): the dates of
        # a person's séances in calendar order, not in text order of dd/mm/yyyy
        import datetime as dt
        r = subprocess.run([BIN, "run", os.path.join(e2e.ROOT, "samples", "bordeaux", "job.ini"),
                            "--fiche", "bordeaux-3", "--out", out], capture_output=True)
        lp = one(os.path.join(out, "bordeaux-3", "2024", "*-liste-personnes-preparees.xlsx"))
        multi, wrong = 0, []
        if lp:
            ws = openpyxl.load_workbook(lp).worksheets[1]
            head = [c.value for c in ws[2]]
            col = head.index("Dates") if "Dates" in head else None
            for row in ws.iter_rows(min_row=3, values_only=True):
                v = row[col] if col is not None else None
                if isinstance(v, str) and ", " in v:
                    multi += 1
                    days = [dt.datetime.strptime(x, "%d/%m/%Y") for x in v.split(", ")]
                    if days != sorted(days):
                        wrong.append(v)
        report(r.returncode == 0 and multi > 0 and not wrong,
               "presentation: liste des personnes préparées, dates of several séances in calendar order",
               "%d multi-date cells, out of order: %r" % (multi, wrong[:3]))

        # the rates chart names each indicator with a capital, accented ones too
        # (hauts-de-garonne-3: "Nombre d'événements emploi" -> "Événements emploi")
        r = subprocess.run([BIN, "run", os.path.join(e2e.ROOT, "samples", "hauts-de-garonne", "job.ini"),
                            "--out", out], capture_output=True)
        hb = one(os.path.join(out, "hauts-de-garonne-3", "2024", "*-bilan.xlsx"))
        cats = []
        if hb:
            g = list(openpyxl.load_workbook(hb)["Graphiques"].iter_rows(values_only=True))
            for row in g[2:]:
                if not row[0]:
                    break
                cats.append(row[0])
        report(r.returncode == 0 and "Événements emploi" in cats and all(c[0].isupper() for c in cats),
               "presentation: rates chart categories start with a capital", repr(cats))
        # Graphiques sheet: one number format per series of a chart, headers as wide as their column
        bad_fmt, narrow = [], []
        if hb:
            ws = openpyxl.load_workbook(hb)["Graphiques"]
            rows = list(ws.iter_rows())
            i = 0
            while i < len(rows):
                if rows[i][0].value == "Catégorie":
                    heads = rows[i]
                    block = []
                    for row in rows[i + 1:]:
                        if row[0].value is None:
                            break
                        block.append(row)
                    for j, h in enumerate(heads[1:], start=1):
                        if h.value is None:
                            continue
                        fmts = {row[j].number_format for row in block if isinstance(row[j].value, (int, float))}
                        if len(fmts) > 1:
                            bad_fmt.append((h.value, sorted(fmts)))
                        w = ws.column_dimensions[h.column_letter].width
                        if w is None or w < len(h.value):
                            narrow.append((h.value, w))
                    i += len(block)
                i += 1
        report(hb and not bad_fmt and not narrow,
               "presentation: Graphiques sheet, one format per series and headers shown whole",
               "formats %r narrow %r" % (bad_fmt, narrow))

        # list: targets the French way (the Périgueux relation volet has 0.8 ETP)
        r = subprocess.run([BIN, "list", os.path.join(e2e.ROOT, "samples", "perigueux", "job.ini")],
                           capture_output=True)
        out_l = r.stdout.decode("utf-8", "replace").replace("\u202f", " ")
        report(r.returncode == 0 and "cible 3,2 (4 par ETP × 0,8 ETP)" in out_l and "cible 25 000" in out_l
               and not re.search(r"\d\.\d", out_l),
               "presentation: list writes targets and ETP with a decimal comma and grouped thousands",
               out_l[:300])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
sys.exit(e2e.exit_status())
