#!/usr/bin/python3
"""End-to-end: every sample of samples/ through `fsepack run`, and every pack it writes.

Run from the repository root with /usr/bin/python3 (it has openpyxl), after
`make build/fsepack`; needs qpdf and poppler-utils (pdffonts, pdftotext).

For every samples/<plie>/job.ini: `build/fsepack run JOB --out TMP` exits 0 and
writes TMP/<fiche>/2024/ for every [fiche.<id>] of the job. Then:

  figures      samples/<plie>/expected.csv exists (fiche;indicateur;valeur;cible,
               the oracle written by tests/tools/gen_samples.py from the FICHES.md
               rules) and no expected valeur is zero; every expected indicator is in indicateurs.csv with
               |valeur - expected| <= 0.005 and the same for cible (both empty or
               both numbers), and indicateurs.csv has no indicator the oracle lacks;
  pièces       every pièce named by the fiche definition (templates/fiches/<id>.ini:
               `pieces =` of [fiche] and of each indicator, ids separated by |), and
               the bordereau, exists as NN-<id>.pdf and NN-<id>.xlsx — a pièce that
               manifest.json lists in "pieces_non_produites" is reported as FAIL
               too ("not produced yet") so that what is missing stays visible;
  PDF          (every PDF of the pack) `qpdf --check` exits 0; pdffonts lists fonts
               and every one is embedded ("emb" yes); pdftotext -layout holds
               "Cofinancé par l'Union européenne" and "page 1 / ";
  XLSX         (every XLSX of the pack) opens with openpyxl; has the sheets
               "Synthèse" and "Méthode et sources"; no cell is a formula; on every
               sheet with a header row (the autofilter's first row), every data cell
               (rows after the header, up to the "Total…" row or the autofilter's
               end) under a header holding the word Date, Début, Fin, Réception or
               Diffusion (and Notification, Mois, Signature, Entrée, Sortie,
               Premier/Dernier, Première/Dernière) is a date or empty, and under a
               header holding "SIRET" is a 14-digit text or empty;
  recount      for a list pièce (templates/pieces/<id>.ini exists) named by exactly
               one indicator whose measure starts with count or distinct and has no
               "+", the number of data rows of the pièce's table sheet (the sheet
               named by `feuille` in its layout: rows between the header and the
               "Total…" row) equals that indicator's valeur in indicateurs.csv;
  checksums    `sha256sum -c SHA256SUMS` passes in the pack;
  confidentiality  for a job whose [sortie] confidentialite is initiales or
               pseudonyme: no surname of a participant of its exports (Nom of the
               heures, participants and mises_en_relation exports, and of the
               presences rows of type Participant) appears as a word in the text of
               any PDF of its packs. A surname that is also a word of the exports'
               other columns (a staff member, a company, a place) is left out of the
               check, and said so.

  coverage     ten samples, and their packs are exactly one per fiche of
               templates/fiches/ (15).

Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.
Temporary folders are removed.
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
import unicodedata
import warnings
import e2e


def report(ok, name, why=""):
    return e2e.report(ok, name, why, 700)

try:
    import openpyxl
except ImportError:
    print("FAIL e2e-samples: openpyxl missing (run with /usr/bin/python3; apt-get install python3-openpyxl)")
    sys.exit(1)

ROOT = os.getcwd()
BIN = os.environ.get("FSEPACK_BIN") or os.path.join(ROOT, "build", "fsepack")
SAMPLES = os.path.join(ROOT, "samples")
TEMPLATES = os.path.join(ROOT, "templates")
NOT_TABLES = {"Synthèse", "Méthode et sources"}
# Headers whose cells must be dates: the words of the brief (Date, Début, Fin, Réception,
# Diffusion) and the other date columns of the pièces (Notification, Mois, Signature, Entrée,
# Sortie, Premier/Dernier contact, Première/Dernière). Whole words, case-sensitive: "Dates" (a
# text list of dates), "Signatures" (a count) and "Canal de diffusion" are not date columns.
DATE_WORD = re.compile(r"(?<![\w])(Date|Début|Fin|Réception|Diffusion|Notification|Mois|Signature|Entrée|Sortie"
                       r"|Premier|Dernier|Première|Dernière)(?![\w])")
TOTAL = re.compile(r"^\s*Total\b")
EU = "Cofinancé par l'Union européenne"




def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=900, **kw)


def norm(s):
    s = unicodedata.normalize("NFKD", str(s or ""))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return "".join(c for c in s.lower() if c.isalnum())


# ------------------------------------------------------------------ INI files

def read_ini(path):
    """[(section, key, value)] in order; repeated keys kept; continuation lines
    (indented, after a key) appended with a space; ';' and '#' lines are comments."""
    out, section, last = [], None, None
    with open(path, encoding="utf-8-sig") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            s = line.strip()
            if not s or s.startswith((";", "#")):
                continue
            if line[:1] in (" ", "\t") and last is not None:
                sec, key, val = out[last]
                out[last] = (sec, key, (val + " " + s).strip())
                continue
            if s.startswith("[") and s.endswith("]"):
                section, last = s[1:-1].strip(), None
                continue
            if "=" in s:
                k, v = s.split("=", 1)
                v = re.sub(r"\s+;.*$", "", v.strip()) if " ;" in v else v.strip()
                out.append((section, k.strip(), v))
                last = len(out) - 1
    return out


def ini_get(entries, section, key, default=None):
    vals = [v for s, k, v in entries if s == section and k == key]
    return vals[-1] if vals else default


def fiche_definition(fid):
    """(pieces of the fiche in order, {indicator: (measure, [pieces])})"""
    path = os.path.join(TEMPLATES, "fiches", fid + ".ini")
    if not os.path.exists(path):
        return None, None
    e = read_ini(path)
    split = lambda v: [p.strip() for p in (v or "").split("|") if p.strip()]  # noqa: E731
    pieces = split(ini_get(e, "fiche", "pieces"))
    inds = {}
    for s, k, v in e:
        if s and s.startswith("indicateur."):
            ind = s.split(".", 1)[1]
            inds.setdefault(ind, ["", []])
            if k == "mesure":
                inds[ind][0] = v
            elif k == "pieces":
                inds[ind][1] = split(v)
    for ind, (_, ps) in inds.items():
        for p in ps:
            if p not in pieces:
                pieces.append(p)
    return pieces, {k: (m, ps) for k, (m, ps) in inds.items()}


def piece_sheet(pid):
    path = os.path.join(TEMPLATES, "pieces", pid + ".ini")
    if not os.path.exists(path):
        return None
    return ini_get(read_ini(path), "piece", "feuille") or ""


# ------------------------------------------------------------------ exports (for surnames)

def read_export_rows(path, sheet=None):
    """Rows of an export as lists of strings, the header row first (found as the
    first row holding a cell "Nom" or a known header); CSV in UTF-8 (BOM or not) or
    Windows-1252 with ; , or TAB, or XLSX."""
    rows = []
    if path.lower().endswith(".xlsx"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheets = [wb[sheet]] if sheet and sheet in wb.sheetnames else wb.worksheets
        for ws in sheets:
            for r in ws.iter_rows(values_only=True):
                rows.append(["" if v is None else str(v) for v in r])
            if any(len(r) > 3 for r in rows):
                break
            rows = []
        wb.close()
        return rows
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
    lines = [l for l in text.splitlines() if l.strip()]
    sample = max(lines[:8], key=lambda l: max(l.count(";"), l.count(","), l.count("\t"))) if lines else ""
    delim = max([";", ",", "\t"], key=sample.count)
    return [r for r in csv.reader(text.splitlines(), delimiter=delim)]


def with_header(rows, want):
    """(header, data rows) with the header the first row holding every name of want."""
    for i, r in enumerate(rows[:20]):
        cells = [norm(c) for c in r]
        if all(norm(w) in cells for w in want):
            return r, rows[i + 1:]
    return None, []


def participant_surnames(job_path, entries):
    """({surname}, {word of the other columns}) from the job's exports."""
    base = os.path.dirname(job_path)
    names, other = set(), set()
    for s, k, v in entries:
        if not (s or "").startswith("source.") or k != "fichier":
            continue
        ds = s.split(".", 1)[1]
        sheet = ini_get(entries, s, "feuille")
        try:
            rows = read_export_rows(os.path.join(base, v), sheet)
        except Exception:  # noqa: BLE001 - unreadable here: nothing to collect
            continue
        head, data = with_header(rows, ["Nom"]) if ds in ("heures", "participants", "mises_en_relation",
                                                             "presences") else (None, [])
        if head is None:
            head, data = (rows[0], rows[1:]) if rows else ([], [])
            for r in data:
                for c in r:
                    other.update(re.findall(r"[^\W\d_][\w'’-]*", c))
            continue
        hn = [norm(h) for h in head]
        inom = hn.index("nom")
        iprenom = hn.index("prenom") if "prenom" in hn else -1
        itype = hn.index("type") if ds == "presences" and "type" in hn else -1
        for r in data:
            if len(r) <= inom:
                continue
            if r and norm(r[0]) == "total":
                continue
            if itype < 0 or (len(r) > itype and norm(r[itype]) == "participant"):
                if r[inom].strip():
                    names.add(r[inom].strip())
            for j, c in enumerate(r):
                if j not in (inom, iprenom):
                    other.update(re.findall(r"[^\W\d_][\w'’-]*", c))
    return names, other


def name_regex(name):
    parts = [re.escape(p) for p in re.split(r"[\s]+", name.replace("’", "'")) if p]
    body = r"\s+".join(parts)
    return re.compile(r"(?<![\w'-])(?:%s|%s)(?![\w'-])" % (body, body.upper()))


# ------------------------------------------------------------------ indicateurs

def read_semicolon(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def num(s):
    s = (s or "").strip()
    return None if s == "" else float(s)


def check_figures(sample, packs_by_fiche, expected_path):
    exp = read_semicolon(expected_path)
    got = {}
    for fid, pack in packs_by_fiche.items():
        p = os.path.join(pack, "indicateurs.csv")
        if os.path.exists(p):
            for row in read_semicolon(p):
                got[(row.get("fiche"), row.get("indicateur"))] = row
    seen = set()
    for e in exp:
        key = (e["fiche"], e["indicateur"])
        seen.add(key)
        name = "%s %s %s" % (sample, e["fiche"], e["indicateur"])
        g = got.get(key)
        if g is None:
            report(False, name, "missing from indicateurs.csv")
            continue
        problems = []
        try:
            gv, ev = num(g.get("valeur")), num(e["valeur"])
            if gv is None or abs(gv - ev) > 0.005:
                problems.append("valeur %s, expected %s" % (g.get("valeur"), e["valeur"]))
            if not ev or not gv:   # a sample shows every indicator at work: no zero figure
                problems.append("valeur %s (expected %s) is zero" % (g.get("valeur"), e["valeur"]))
            gc, ec = num(g.get("cible")), num(e["cible"])
            if (gc is None) != (ec is None) or (gc is not None and abs(gc - ec) > 0.005):
                problems.append("cible %s, expected %s" % (g.get("cible"), e["cible"]))
        except ValueError as err:
            problems.append("not a number: %s" % err)
        report(not problems, name, "; ".join(problems))
    extra = sorted(k for k in got if k not in seen)
    report(not extra, "%s indicateurs.csv has no indicator outside expected.csv" % sample, "extra %s" % extra)


def indicator_values(pack):
    p = os.path.join(pack, "indicateurs.csv")
    out = {}
    if os.path.exists(p):
        for row in read_semicolon(p):
            try:
                out[row["indicateur"]] = float(row["valeur"])
            except (KeyError, TypeError, ValueError):
                out[row.get("indicateur")] = None
    return out


# ------------------------------------------------------------------ PDF

def pdf_text(path):
    t = sh(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"])
    return t.returncode, t.stdout.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")


def check_pdf(path, label):
    n = "%s %s" % (label, os.path.basename(path))
    e2e.check_pdf_valid(path, n, 700)
    rc, text = pdf_text(path)
    report(rc == 0 and EU in text, n + " text holds %r" % EU, "pdftotext exit %d, %d characters" % (rc, len(text)))
    report(rc == 0 and "page 1 / " in text, n + " text holds 'page 1 / '",
           "pdftotext exit %d; footers seen: %s" % (rc, re.findall(r"page \d+ / \d+", text)[:3]))
    return text


# ------------------------------------------------------------------ XLSX

def header_row(ws):
    ref = ws.auto_filter.ref
    m = re.match(r"^\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?$", ref or "")
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2) or m.group(1))


def total_row(ws, hrow):
    for r in range(hrow + 1, ws.max_row + 1):
        for c in ws[r]:
            if isinstance(c.value, str) and TOTAL.match(c.value):
                return r
    return None


def data_rows(ws, hrow, end):
    """Row numbers of the data: after the header, before the Total row (else up to
    the autofilter's end), non-empty."""
    t = total_row(ws, hrow)
    last = (t - 1) if t else end
    return [r for r in range(hrow + 1, last + 1)
            if any(c.value not in (None, "") for c in ws[r])], t


def check_xlsx(path, label):
    n = "%s %s" % (label, os.path.basename(path))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        report(False, n + " opens with openpyxl", repr(e))
        return None
    report(True, n + " opens with openpyxl")
    missing = [s for s in ("Synthèse", "Méthode et sources") if s not in wb.sheetnames]
    report(not missing, n + " sheets Synthèse and Méthode et sources", "missing %s; sheets %s" % (missing, wb.sheetnames))
    formulas, bad_dates, bad_siret = [], [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append("%s!%s=%r" % (ws.title, c.coordinate, c.value))
        hrow, end = header_row(ws)
        if hrow is None:
            continue
        rows, _ = data_rows(ws, hrow, end)
        for c in ws[hrow]:
            h = str(c.value or "")
            is_date, is_siret = bool(DATE_WORD.search(h)), "SIRET" in h.upper()
            if not (is_date or is_siret):
                continue
            for r in rows:
                cell = ws.cell(r, c.column)
                v = cell.value
                if v in (None, ""):
                    continue
                if is_date and not isinstance(v, (datetime.datetime, datetime.date)):
                    bad_dates.append("%s!%s [%s]=%r" % (ws.title, cell.coordinate, h, v))
                if is_siret and not (isinstance(v, str) and re.fullmatch(r"\d{14}", v)):
                    bad_siret.append("%s!%s [%s]=%r" % (ws.title, cell.coordinate, h, v))
    report(not formulas, n + " no formula cell", "formula cells %s" % formulas[:5])
    report(not bad_dates, n + " date columns hold dates", "%d cells: %s" % (len(bad_dates), bad_dates[:5]))
    report(not bad_siret, n + " SIRET columns hold 14-digit text", "%d cells: %s" % (len(bad_siret), bad_siret[:5]))
    return wb


def check_recount(wb, pid, ind, value, label, path):
    n = "%s %s recount = %s" % (label, os.path.basename(path), ind)
    sheet = piece_sheet(pid)
    cands = [ws for ws in wb.worksheets if ws.title == sheet] or \
            [ws for ws in wb.worksheets if ws.title not in NOT_TABLES and ws.title != "Répartition"
             and header_row(ws)[0]]
    if not cands:
        report(False, n, "no table sheet %r (sheets %s)" % (sheet, wb.sheetnames))
        return
    ws = cands[0]
    hrow, end = header_row(ws)
    if hrow is None:
        report(False, n, "sheet %r has no header row (autofilter)" % ws.title)
        return
    rows, t = data_rows(ws, hrow, end)
    if t is None:
        report(False, n, "sheet %r has no \"Total…\" row after its header (row %d)" % (ws.title, hrow))
        return
    report(value is not None and len(rows) == value, n,
           "sheet %r: %d data rows between header (row %d) and Total (row %d); indicateurs.csv %s = %r"
           % (ws.title, len(rows), hrow, t, ind, value))


# ------------------------------------------------------------------ packs

def check_pack(sample, fid, pack, surnames):
    label = "%s %s" % (sample, fid)
    try:
        manifest = json.load(open(os.path.join(pack, "manifest.json"), encoding="utf-8"))
        report(True, label + " manifest.json parses")
    except (OSError, ValueError) as e:
        report(False, label + " manifest.json parses", repr(e))
        manifest = {}
    not_produced = set()
    for p in manifest.get("pieces_non_produites") or []:
        not_produced.add(p if isinstance(p, str) else (p.get("piece") or p.get("id") or json.dumps(p)))
    pieces, inds = fiche_definition(fid)
    if pieces is None:
        report(False, label + " fiche definition", "templates/fiches/%s.ini not found" % fid)
        pieces, inds = [], {}
    files = sorted(os.listdir(pack))
    for pid in ["bordereau"] + pieces:
        for ext in ("pdf", "xlsx"):
            hits = [f for f in files if re.fullmatch(r"\d\d-%s\.%s" % (re.escape(pid), ext), f)]
            if pid in not_produced and not hits:
                report(False, "%s pièce %s.%s" % (label, pid, ext),
                       "not produced yet (manifest.json pieces_non_produites)")
            else:
                report(len(hits) == 1, "%s pièce %s.%s" % (label, pid, ext),
                       "found %s among %s" % (hits, [f for f in files if f[:2].isdigit()]))
    # PDFs and XLSX
    texts = {}
    for f in files:
        path = os.path.join(pack, f)
        if f.endswith(".pdf"):
            texts[f] = check_pdf(path, label)
    workbooks = {}
    for f in files:
        if f.endswith(".xlsx"):
            workbooks[f] = check_xlsx(os.path.join(pack, f), label)
    # recount of list pièces named by exactly one count/distinct indicator
    values = indicator_values(pack)
    for pid in pieces:
        if piece_sheet(pid) is None:
            continue
        naming = [i for i, (m, ps) in inds.items() if pid in ps]
        if len(naming) != 1:
            continue
        ind = naming[0]
        m = inds[ind][0].strip()
        if not re.match(r"^(count|distinct)\b", m) or "+" in m:
            continue
        hits = [f for f in files if re.fullmatch(r"\d\d-%s\.xlsx" % re.escape(pid), f)]
        if not hits or workbooks.get(hits[0]) is None:
            report(False, "%s %s.xlsx recount = %s" % (label, pid, ind), "no readable XLSX")
            continue
        check_recount(workbooks[hits[0]], pid, ind, values.get(ind), label, hits[0])
    # checksums
    c = sh(["sha256sum", "-c", "SHA256SUMS"], cwd=pack)
    report(c.returncode == 0, label + " sha256sum -c SHA256SUMS",
           "exit %d: %s" % (c.returncode, (c.stdout + c.stderr).strip()[-300:]))
    # confidentiality
    if surnames is not None:
        regs = [(s, name_regex(s)) for s in sorted(surnames)]
        for f, text in sorted(texts.items()):
            lines = (text or "").splitlines()
            leaks = []
            for s, rx in regs:
                hit = next((l for l in lines if rx.search(l)), None)
                if hit is not None:
                    leaks.append("%s (line: %s)" % (s, " ".join(hit.split())[:100]))
            report(not leaks, "%s %s no participant surname" % (label, f),
                   "%d surname(s) in the text: %s" % (len(leaks), "; ".join(leaks[:5])))


def run_sample(job, tmp):
    sample = os.path.basename(os.path.dirname(job))
    entries = read_ini(job)
    fiches = [s.split(".", 1)[1] for s in dict.fromkeys(s for s, _, _ in entries if s and s.startswith("fiche."))]
    out = os.path.join(tmp, "out")   # one folder for every pack, as `make run` does
    p = sh([BIN, "run", job, "--out", out])
    if not report(p.returncode == 0, "%s run exit 0" % sample, "exit %d: %s" % (p.returncode, p.stderr.strip()[-500:])):
        return
    packs = {}
    for fid in fiches:
        found = sorted(glob.glob(os.path.join(out, fid, "*", "manifest.json")))
        if report(bool(found), "%s %s pack written" % (sample, fid), "no %s/%s/<period>/manifest.json" % (out, fid)):
            packs[fid] = os.path.dirname(found[0])
    expected = os.path.join(os.path.dirname(job), "expected.csv")
    if report(os.path.exists(expected), "%s expected.csv (the generator's figures) exists" % sample,
              "run /usr/bin/python3 tests/tools/gen_samples.py %s" % sample):
        check_figures(sample, packs, expected)
    conf = (ini_get(entries, "sortie", "confidentialite") or "complet").strip().lower()
    surnames = None
    if conf in ("initiales", "pseudonyme"):
        names, other = participant_surnames(job, entries)
        other_n = {norm(w) for w in other}
        kept = {s for s in names if norm(s) not in other_n}
        left = sorted(names - kept)
        report(bool(kept), "%s confidentiality (%s): participant surnames found in the exports" % (sample, conf),
               "no surname found")
        if left:
            print("   (%s: %d surname(s) also written in other columns of the exports, not checked: %s)"
                  % (sample, len(left), ", ".join(left[:10])))
        surnames = kept
    for fid, pack in packs.items():
        check_pack(sample, fid, pack, surnames)


def fr_figure(v):
    """expected.csv's '345452.25' as tests/tools/summary.py shows it: '345 452,25'."""
    ent, _, dec = v.partition(".")
    groups = []
    while len(ent) > 3:
        groups.insert(0, ent[-3:])
        ent = ent[:-3]
    return " ".join([ent] + groups) + ("," + dec if dec else "")


def check_summary(out, jobs):
    """The table `make run` prints (tests/tools/summary.py over the packs): one line per
    indicator of every expected.csv holding its fiche, indicateur, valeur and cible, and
    the closing count of packs and indicators."""
    p = sh([sys.executable, os.path.join(ROOT, "tests", "tools", "summary.py"), out])
    lines = p.stdout.splitlines()
    exp = []
    for job in jobs:
        path = os.path.join(os.path.dirname(job), "expected.csv")
        if os.path.exists(path):
            exp += read_semicolon(path)
    missing = []
    for e in exp:
        want = [e["fiche"], "2024", e["indicateur"], fr_figure(e["valeur"])] + ([fr_figure(e["cible"])] if e["cible"] else [])
        if not any(l.split()[:3] == want[:3] and " ".join(want[3:]) in " ".join(l.split()[3:]) for l in lines):
            missing.append(" ".join(want))
    report(p.returncode == 0 and not missing, "make run summary: a line per indicator with its valeur and cible",
           "exit %d; missing %s" % (p.returncode, missing[:3]))
    last = lines[-1] if lines else ""
    report(last.startswith("15 packs, %d indicateurs, " % len(exp)), "make run summary: closing line %r" % last,
           "expected 15 packs, %d indicateurs" % len(exp))


def main():
    if not os.access(BIN, os.X_OK):
        print("FAIL e2e-samples: no executable build/fsepack (run make build/fsepack first)")
        return 1
    missing = [t for t in ("qpdf", "pdffonts", "pdftotext", "sha256sum") if not shutil.which(t)]
    if missing:
        print("FAIL e2e-samples: missing tools %s (apt-get install qpdf poppler-utils)" % missing)
        return 1
    jobs = sorted(glob.glob(os.path.join(SAMPLES, "*", "job.ini")))
    if not jobs:
        print("FAIL e2e-samples: no samples/*/job.ini")
        return 1
    tmp = tempfile.mkdtemp(prefix="fsepack-e2e-samples-")
    try:
        for job in jobs:
            run_sample(job, tmp)
        # the samples cover the seed: the ten PLIEs and every one of the 15 fiches
        fiches = sorted(os.path.basename(f)[:-4] for f in glob.glob(os.path.join(TEMPLATES, "fiches", "*.ini")))
        packs = sorted(os.path.basename(os.path.dirname(os.path.dirname(m)))
                       for m in glob.glob(os.path.join(tmp, "out", "*", "*", "manifest.json")))
        report(len(jobs) == 10, "samples: ten PLIEs", "%d samples/*/job.ini" % len(jobs))
        report(len(fiches) == 15 and packs == fiches, "samples: one pack for each of the 15 fiches",
               "fiches %s, packs %s" % (fiches, packs))
        check_summary(os.path.join(tmp, "out"), jobs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
