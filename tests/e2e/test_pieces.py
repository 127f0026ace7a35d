#!/usr/bin/python3
"""End-to-end: the pièces of a pack (tableau d'impact, liste des marchés), PDF and XLSX.

Run from the repository root with /usr/bin/python3 (it has openpyxl), after
`make build/fsepack`; needs qpdf and poppler-utils (pdffonts, pdftotext, pdfinfo).

Packs made here from tests/fixtures/cases:
  agen     agen-csv job               -> agen-4/2024: NN-tableau-impact.*, NN-liste-marches.*
  graves   graves-xlsx job            -> graves-3/2024: NN-tableau-impact.*
           (graves-3 declares no liste des marchés: its clauses volet is justified by
           a liste des donneurs d'ordre, seed/FICHES.md §9)
  graves-lm  graves-xlsx job --fiche agen-4 -> agen-4/2024: NN-liste-marches.* over the
           XLSX exports of the Graves, whose SIRETs may start with 0
  agen-eq  agen-csv copy where an in-period marché has Opération "=1+2" and
           Donneur d'ordre "=2+3"  -> those cells must stay text in the XLSX
Pièces are found by glob (NN-tableau-impact.pdf/.xlsx, NN-liste-marches.pdf/.xlsx).

PDF: `qpdf --check` exits 0; pdffonts shows every font embedded; the text
(pdftotext -layout) holds "Cofinancé par l'Union européenne", "Donneur d'ordre"
(and "Modalité" in the tableau d'impact), "page k / N" on every page with N the
page count (pdfinfo) and the manifest's "pages"; the liste des marchés shows
every marché id in period (counted here from the source: [Date de début, Date
de fin] overlaps 2024, no end = running) and a total of distinct marchés equal
to that count and to marches_clauses of indicateurs.csv; the tableau d'impact's
XLSX "Total" row of its per-marché sheet equals heures_insertion (to 0.01).
XLSX: no formula cell (data_type 'f'); date columns hold datetimes and no cell
holds a date as text; SIRET cells are 14-digit text (a SIRET starting with 0
from the Graves exports is checked); on every table sheet (all but "Synthèse"
and "Méthode et sources") the header row carries the autofilter and is frozen.
Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.
"""
import csv
import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import e2e
from e2e import report

try:
    import openpyxl
except ImportError:
    print("FAIL e2e-pieces: openpyxl missing (run with /usr/bin/python3; apt-get install python3-openpyxl)")
    sys.exit(1)

ROOT = os.getcwd()
BIN = os.environ.get("FSEPACK_BIN") or os.path.join(ROOT, "build", "fsepack")
CASES = os.path.join(ROOT, "tests", "fixtures", "cases")
P0, P1 = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
NOT_TABLES = {"Synthèse", "Méthode et sources"}
DATE_HEADER = re.compile(r"^(date|début|debut|fin|notification|mois)\b", re.I)
DATE_TEXT = re.compile(r"^\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|\d{2}/\d{4})\s*$")




def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=900, **kw)


def to_date(v):
    if v is None or v == "":
        return None
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    return datetime.datetime.strptime(str(v).strip(), "%d/%m/%Y").date()


def source_marches(casedir):
    """Rows of the case's marches export as dicts (CSV UTF-8 or XLSX)."""
    csv_path = os.path.join(casedir, "exports", "marches.csv")
    if os.path.exists(csv_path):
        with open(csv_path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh, delimiter=";"))
    wb = openpyxl.load_workbook(os.path.join(casedir, "exports", "marches.xlsx"), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v not in (None, "") for v in r)]


def in_period(rows):
    """{marché id: row} of the marchés whose [début, fin] overlaps 2024 (no end = running)."""
    out = {}
    for r in rows:
        a, b = to_date(r.get("Date de début")), to_date(r.get("Date de fin"))
        if (a is None or a <= P1) and (b is None or b >= P0):
            out.setdefault(str(r["N° marché"]).strip(), r)
    return out


def indicator(pack, ind):
    path = os.path.join(pack, "indicateurs.csv")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if row.get("indicateur") == ind:
                try:
                    return float(row["valeur"])
                except (TypeError, ValueError):
                    return None
    return None


def manifest_pages(pack, name):
    try:
        m = json.load(open(os.path.join(pack, "manifest.json"), encoding="utf-8"))
        for o in m.get("sorties", []):
            if o.get("chemin") == name:
                return o.get("pages")
    except (OSError, ValueError):
        pass
    return None


def find_piece(pack, piece, ext, label):
    hits = sorted(glob.glob(os.path.join(pack, "[0-9][0-9]-%s.%s" % (piece, ext))))
    report(len(hits) == 1, "%s %s.%s present" % (label, piece, ext),
           "found %s in %s (files: %s)" % ([os.path.basename(h) for h in hits], pack,
                                          sorted(os.listdir(pack)) if os.path.isdir(pack) else "no pack"))
    return hits[0] if hits else None


def norm_text(s):
    return s.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")


# ------------------------------------------------------------------------ PDF

def check_pdf(path, pack, label, words):
    """Generic checks; returns the layout text ('' when unreadable)."""
    base = os.path.basename(path)
    n = "%s %s" % (label, base)
    e2e.check_pdf_valid(path, n, 700)
    t = sh(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"])
    text = norm_text(t.stdout)
    if t.returncode != 0 or not text.strip():
        report(False, n + " text", "pdftotext exit %d, %d characters" % (t.returncode, len(text)))
        return ""
    for w in ["Cofinancé par l'Union européenne"] + words:
        near = [l.strip() for l in text.splitlines() if w.split()[0] in l][:2]
        report(w in text, "%s text %r" % (n, w), "not in pdftotext -layout output%s" % (
            "; lines with %r: %s" % (w.split()[0], " | ".join(re.sub(r"\s{2,}", "  ", l) for l in near)[:300])
            if near else ""))
    report("\ufffd" not in text, n + " no replacement character", "U+FFFD in the text")
    info = sh(["pdfinfo", path])
    m = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    pages = int(m.group(1)) if m else None
    footers = re.findall(r"page (\d+) / (\d+)", text)
    want = [(str(k), str(pages)) for k in range(1, (pages or 0) + 1)]
    report(pages and footers == want, n + " page k / N",
           "pdfinfo %s pages; footers found %s" % (pages, ["%s / %s" % x for x in footers][:12]))
    mp = manifest_pages(pack, base)
    report(mp == pages, n + " manifest pages", "manifest says %r, pdfinfo %r" % (mp, pages))
    return text


# ----------------------------------------------------------------------- XLSX

def load_xlsx(path, label):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        report(False, "%s %s opens" % (label, os.path.basename(path)), repr(e))
        return None


def header_row(ws):
    """Row number of the table header: the autofilter's first row, else None."""
    ref = ws.auto_filter.ref
    if not ref:
        return None
    m = re.match(r"^\$?[A-Z]+\$?(\d+)", ref)
    return int(m.group(1)) if m else None


def columns(ws, hrow):
    return {str(c.value).strip(): c.column for c in ws[hrow] if c.value is not None}


def check_xlsx(path, label):
    wb = load_xlsx(path, label)
    if wb is None:
        return None
    n = "%s %s" % (label, os.path.basename(path))
    formulas, date_text, bad_dates, bad_siret, siret_cols = [], [], [], [], 0
    sheets_without = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append("%s!%s=%r" % (ws.title, c.coordinate, c.value))
                elif isinstance(c.value, str) and DATE_TEXT.match(c.value):
                    date_text.append("%s!%s=%r" % (ws.title, c.coordinate, c.value))
        if ws.title in NOT_TABLES:
            continue
        hrow = header_row(ws)
        frozen = ws.freeze_panes
        fm = re.match(r"^[A-Z]+(\d+)$", frozen or "")
        if hrow is None or not fm or int(fm.group(1)) != hrow + 1:
            sheets_without.append("%s (autofilter %r, freeze %r)" % (ws.title, ws.auto_filter.ref, frozen))
            continue
        for name, col in columns(ws, hrow).items():
            for r in range(hrow + 1, ws.max_row + 1):
                v = ws.cell(r, col).value
                first = ws.cell(r, 1).value
                if v is None or (isinstance(first, str) and first.startswith("Total")):
                    continue
                if DATE_HEADER.match(name) and not isinstance(v, (datetime.datetime, datetime.date)):
                    bad_dates.append("%s!%s=%r" % (ws.title, ws.cell(r, col).coordinate, v))
                if name.upper() == "SIRET":
                    siret_cols += 1
                if name.upper() == "SIRET" and not (isinstance(v, str) and re.fullmatch(r"\d{14}", v)):
                    bad_siret.append("%s!%s=%r" % (ws.title, ws.cell(r, col).coordinate, v))
    report(not formulas, n + " no formula cell", "formula cells: %s" % formulas[:5])
    report(not sheets_without, n + " header frozen with autofilter", "sheets: %s" % sheets_without)
    report(not bad_dates, n + " date columns hold dates", "cells: %s" % bad_dates[:5])
    report(not date_text, n + " no date written as text", "text cells that read as dates: %s" % date_text[:5])
    if siret_cols:
        report(not bad_siret, n + " SIRET as 14-digit text", "cells: %s" % bad_siret[:5])
    return wb


def table(wb, need):
    """(sheet, header row, {header: column}) of the first table sheet with all headers of need."""
    for ws in wb.worksheets:
        hrow = header_row(ws)
        if hrow is None:
            for r in range(1, min(ws.max_row, 10) + 1):
                if set(need) <= set(columns(ws, r)):
                    hrow = r
                    break
        if hrow and set(need) <= set(columns(ws, hrow)):
            return ws, hrow, columns(ws, hrow)
    return None, None, None


# --------------------------------------------------------------------- pieces

def check_tableau(pack, label):
    pdf = find_piece(pack, "tableau-impact", "pdf", label)
    if pdf:
        check_pdf(pdf, pack, label, ["Modalité", "Donneur d'ordre"])
    path = find_piece(pack, "tableau-impact", "xlsx", label)
    if not path:
        return
    wb = check_xlsx(path, label)
    if wb is None:
        return
    n = "%s %s total hours" % (label, os.path.basename(path))
    ws, hrow, cols = table(wb, ["N° marché", "Heures réalisées"])
    if ws is None:
        report(False, n, "no sheet with a header row holding \"N° marché\" and \"Heures réalisées\"")
        return
    total = None
    for r in range(hrow + 1, ws.max_row + 1):
        if str(ws.cell(r, 1).value or "").strip() == "Total":
            total = ws.cell(r, cols["Heures réalisées"]).value
            break
    want = indicator(pack, "heures_insertion")
    report(isinstance(total, (int, float)) and want is not None and abs(total - want) <= 0.01, n,
           "sheet %r Total row Heures réalisées = %r, indicateurs.csv heures_insertion = %r" % (ws.title, total, want))


def check_liste(pack, label, casedir, zero_siret=False):
    marches = in_period(source_marches(casedir))
    ids = sorted(marches)
    pdf = find_piece(pack, "liste-marches", "pdf", label)
    if pdf:
        text = check_pdf(pdf, pack, label, ["Donneur d'ordre"])
        n = "%s %s" % (label, os.path.basename(pdf))
        if text:
            missing = [i for i in ids if i not in text]
            report(not missing, n + " shows every marché in period",
                   "%d of %d marché ids missing: %s" % (len(missing), len(ids), missing[:10]))
            m = re.search(r"(\d[\d ]*)\s+marchés?(?:\(s\))?\s+distincts?(?:\(s\))?", text)
            got = int(m.group(1).replace(" ", "")) if m else None
            want = indicator(pack, "marches_clauses")
            report(got is not None and got == len(ids) and want == got, n + " total distinct marchés",
                   "PDF total %r, in period in the source %d, indicateurs.csv marches_clauses %r" % (got, len(ids), want))
            zeros = sorted({str(r.get("SIRET") or "") for r in marches.values()
                            if str(r.get("SIRET") or "").startswith("0")})
            if zero_siret:
                lost = [z for z in zeros if z not in text]
                report(zeros and not lost, n + " SIRET with leading 0",
                       "SIRETs starting with 0 in the source %s, not shown as such: %s" % (zeros, lost))
    path = find_piece(pack, "liste-marches", "xlsx", label)
    if not path:
        return
    wb = check_xlsx(path, label)
    if wb is None:
        return
    n = "%s %s" % (label, os.path.basename(path))
    ws, hrow, cols = table(wb, ["N° marché"])
    if ws is None:
        report(False, n + " marchés", "no sheet with a \"N° marché\" header")
        return
    rows = {}
    for r in range(hrow + 1, ws.max_row + 1):
        v = ws.cell(r, cols["N° marché"]).value
        if isinstance(v, str) and v.strip():
            rows[v.strip()] = r
    report(sorted(rows) == ids, n + " marchés in period",
           "missing %s, extra %s" % (sorted(set(ids) - set(rows))[:10], sorted(set(rows) - set(ids))[:10]))
    if zero_siret:
        sample = sorted((i, str(r.get("SIRET") or "")) for i, r in marches.items()
                        if str(r.get("SIRET") or "").startswith("0"))
        if not sample:
            report(False, n + " SIRET with leading 0", "test fixture: no in-period marché with a SIRET starting with 0")
        elif "SIRET" not in cols:
            report(False, n + " SIRET with leading 0", "no SIRET column")
        else:
            mid, siret = sample[0]
            cell = ws.cell(rows[mid], cols["SIRET"]) if mid in rows else None
            report(cell is not None and cell.value == siret and cell.data_type == "s",
                   n + " SIRET with leading 0",
                   "marché %s: SIRET cell %r (type %s), source %r" % (
                       mid, cell.value if cell else None, cell.data_type if cell else None, siret))


def check_formula_text(pack, label):
    """Cells of the source starting with '=' stay text in the XLSX."""
    path = find_piece(pack, "liste-marches", "xlsx", label)
    if not path:
        return
    wb = load_xlsx(path, label)
    if wb is None:
        return
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value in ("=1+2", "=2+3"):
                    found[c.value] = c.data_type
    report(found == {"=1+2": "s", "=2+3": "s"}, label + " cells starting with = stay text",
           "cells found with their types: %s (want both as 's')" % found)
    tab = find_piece(pack, "tableau-impact", "xlsx", label)
    if tab:
        wb = load_xlsx(tab, label)
        f = [c.coordinate for ws in (wb.worksheets if wb else []) for row in ws.iter_rows() for c in row
             if c.data_type == "f"]
        report(wb is not None and not f, label + " tableau-impact no formula cell", "formula cells %s" % f[:5])


def make_eq_case(tmp):
    """Copy of agen-csv where the first in-period marché row holds '=' texts."""
    dst = os.path.join(tmp, "agen-eq")
    shutil.copytree(os.path.join(CASES, "agen-csv"), dst)
    path = os.path.join(dst, "exports", "marches.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    h = rows[0]
    ids = in_period([dict(zip(h, r)) for r in rows[1:]])
    for r in rows[1:]:
        if r[h.index("N° marché")] in ids:
            r[h.index("Opération")] = "=1+2"
            r[h.index("Donneur d'ordre")] = "=2+3"
            break
    os.chmod(path, 0o644)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)
    return dst


def produce(label, job, out, extra=()):
    p = sh([BIN, "run", job, "--out", out] + list(extra))
    report(p.returncode == 0, label + " run exit 0", "exit %d: %s" % (p.returncode, p.stderr.strip()[-400:]))
    return p.returncode == 0


def main():
    if not os.access(BIN, os.X_OK):
        print("FAIL e2e-pieces: no executable build/fsepack (run make build/fsepack first)")
        return 1
    missing = [t for t in ("qpdf", "pdffonts", "pdftotext", "pdfinfo") if not shutil.which(t)]
    if missing:
        print("FAIL e2e-pieces: missing tools %s (apt-get install qpdf poppler-utils)" % missing)
        return 1
    agen, graves = os.path.join(CASES, "agen-csv"), os.path.join(CASES, "graves-xlsx")
    tmp = tempfile.mkdtemp(prefix="fsepack-e2e-pieces-")
    try:
        if produce("agen", os.path.join(agen, "job.ini"), os.path.join(tmp, "agen")):
            pack = os.path.join(tmp, "agen", "agen-4", "2024")
            check_tableau(pack, "agen agen-4")
            check_liste(pack, "agen agen-4", agen)
        if produce("graves", os.path.join(graves, "job.ini"), os.path.join(tmp, "graves")):
            check_tableau(os.path.join(tmp, "graves", "graves-3", "2024"), "graves graves-3")
        if produce("graves-lm", os.path.join(graves, "job.ini"), os.path.join(tmp, "graves-lm"), ["--fiche", "agen-4"]):
            check_liste(os.path.join(tmp, "graves-lm", "agen-4", "2024"), "graves-lm agen-4", graves, zero_siret=True)
        eq = make_eq_case(tmp)
        if produce("agen-eq", os.path.join(eq, "job.ini"), os.path.join(tmp, "agen-eq-out")):
            check_formula_text(os.path.join(tmp, "agen-eq-out", "agen-4", "2024"), "agen-eq agen-4")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    try:
        rc = main()
    except Exception as exc:  # a crash of the test itself is a failure, not a silence
        import traceback
        traceback.print_exc()
        print("FAIL e2e-pieces: test crashed: %r" % exc)
        rc = 1
    sys.exit(rc)
