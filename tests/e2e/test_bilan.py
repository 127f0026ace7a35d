#!/usr/bin/python3
"""End-to-end: the bilan de l'action (01-bilan.pdf / 01-bilan.xlsx) of every fiche.

Run from the repository root with /usr/bin/python3 (it has openpyxl), after
`make build/fsepack`; needs qpdf and poppler-utils (pdffonts, pdftotext).

Packs made here, in a temporary folder, from tests/fixtures/cases:
  agen-csv         -> agen-4, agen-3
  graves-xlsx      -> graves-3 (twice, to check the bilan is byte-identical)
  bordeaux-cp1252  -> bordeaux-4, bordeaux-3
  hdg              graves-xlsx copy with small etapes and participants exports and
                   --fiche hauts-de-garonne-3: its six FSE+ participant indicators
                   have no target and appear in the table with an empty target and rate.

For each fiche, PDF: `qpdf --check` exits 0; pdffonts shows every font embedded;
pdftotext -layout holds "Cofinancé par l'Union européenne", the fiche id, the first
words of every indicator libellé, for every indicator "Réalisé <value>" with the
value of indicateurs.csv written the French way ("57 795,61", "39"; spaces
normalised) followed by "pour une cible de <cible>" or "(indicateur sans cible)",
"Règles de comptage", "Synthèse des contrôles", "Méthode et sources", and no path
of this machine (the temporary folder, the repository).
XLSX: opens with openpyxl; sheets "Synthèse", "Indicateurs", "Méthode et
sources"; on "Indicateurs" every indicator's Réalisé, Cible and Taux equal
indicateurs.csv (to 0.005; empty target -> empty cells); the zip holds
xl/charts/chart*.xml (1 chart, plus 4 for a fiche with an hours indicator);
on "Graphiques" the last "Heures cumulées" equals the hours indicator; the
"Contrôles" sheet counts per rule and severity never exceed controles.csv and
equal it for every rule but piece-non-produite (pièces made after the bilan).
Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.
"""
import csv
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import zipfile
import e2e
from e2e import report

try:
    import openpyxl
except ImportError:
    print("FAIL e2e-bilan: openpyxl missing (run with /usr/bin/python3; apt-get install python3-openpyxl)")
    sys.exit(1)

ROOT = os.getcwd()
BIN = os.environ.get("FSEPACK_BIN") or os.path.join(ROOT, "build", "fsepack")
CASES = os.path.join(ROOT, "tests", "fixtures", "cases")
HOURS = {"agen-4", "graves-3", "bordeaux-4", "hauts-de-garonne-3"}
FSE_PLUS = ["participants_femmes", "participants_hommes", "participants_chomeurs_longue_duree",
            "participants_handicap", "participants_qualification", "participants_emploi_sortie"]




def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=900, **kw)


def norm(s):
    """Spaces of every kind collapsed to one ASCII space; typographic apostrophe as '."""
    s = s.replace("\u2019", "'")
    return re.sub(r"[\s\u00a0\u202f]+", " ", s)


def french(v):
    """57795.61 -> '57 795,61'; 39.0 -> '39' (as the bilan writes them)."""
    if abs(v - round(v)) < 0.005:
        s, dec = "%d" % round(v), ""
    else:
        s, dec = ("%.2f" % v).split(".")
        dec = "," + dec
    neg = s.startswith("-")
    s = s.lstrip("-")
    groups = []
    while len(s) > 3:
        groups.insert(0, s[-3:])
        s = s[:-3]
    groups.insert(0, s)
    return ("-" if neg else "") + " ".join(groups) + dec


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def num(s):
    return float(s) if s not in (None, "") else None


# ------------------------------------------------------------------------ PDF

def check_pdf(path, fiche, inds, label):
    q = sh(["qpdf", "--check", path])
    report(q.returncode == 0, label + " qpdf --check", "exit %d: %s" % (q.returncode, (q.stdout + q.stderr)[-300:]))
    f = sh(["pdffonts", path])
    fonts, bad = [], []
    for line in f.stdout.splitlines()[2:]:
        tok = line.split()
        if len(tok) >= 6:
            fonts.append(tok[0])
            if tok[-5] != "yes":
                bad.append(tok[0])
    report(f.returncode == 0 and fonts and not bad, label + " fonts embedded",
           "pdffonts exit %d, fonts %s, not embedded %s" % (f.returncode, fonts, bad))
    t = sh(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"])
    text = norm(t.stdout)
    report(t.returncode == 0 and text.strip(), label + " text", "pdftotext exit %d" % t.returncode)
    for w in ["Cofinancé par l'Union européenne", fiche, "Identification de l'opération",
              "Règles de comptage", "Synthèse des contrôles", "Méthode et sources"]:
        report(w in text, "%s text %r" % (label, w), "not in pdftotext -layout output")
    for r in inds:
        first = " ".join(norm(r["libelle"]).split()[:4])
        report(first in text, "%s libellé %s" % (label, r["indicateur"]), "%r not in the text" % first)
        v, c = num(r["valeur"]), num(r["cible"])
        want = "Réalisé %s " % french(v) + ("pour une cible de %s" % french(c) if c is not None
                                           else "(indicateur sans cible)")
        report(want in text, "%s value %s" % (label, r["indicateur"]),
               "%r not in the text (indicateurs.csv: valeur %s, cible %s)" % (want, r["valeur"], r["cible"]))
    leaks = [p for p in (ROOT, tempfile.gettempdir() + "/") if p in t.stdout]
    report(not leaks, label + " no machine path", "text holds %s" % leaks)
    return text


# ----------------------------------------------------------------------- XLSX

def check_xlsx(path, fiche, inds, pack, label):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        report(False, label + " opens", repr(e))
        return
    report(True, label + " opens")
    for s in ("Synthèse", "Indicateurs", "Méthode et sources"):
        report(s in wb.sheetnames, "%s sheet %s" % (label, s), "sheets: %s" % wb.sheetnames)
    if "Indicateurs" in wb.sheetnames:
        rows = list(wb["Indicateurs"].iter_rows(values_only=True))
        hdr = next((i for i, r in enumerate(rows) if r and r[0] == "Indicateur"), None)
        if hdr is None:
            report(False, label + " Indicateurs header", "no header row starting with 'Indicateur'")
        else:
            col = {v: i for i, v in enumerate(rows[hdr]) if v}
            table = {r[0]: r for r in rows[hdr + 1:] if r and r[0]}
            for r in inds:
                got = table.get(r["indicateur"])
                if got is None:
                    report(False, "%s sheet row %s" % (label, r["indicateur"]), "missing")
                    continue
                v, c, t = num(r["valeur"]), num(r["cible"]), num(r["taux"])
                gv, gc, gt = got[col["Réalisé"]], got[col["Cible"]], got[col["Taux"]]
                ok = isinstance(gv, (int, float)) and abs(gv - v) <= 0.005
                ok &= (gc is None) if c is None else isinstance(gc, (int, float)) and abs(gc - c) <= 0.005
                ok &= (gt is None) if t is None else isinstance(gt, (int, float)) and abs(gt - t) <= 0.00006
                report(ok, "%s sheet row %s" % (label, r["indicateur"]),
                       "sheet (réalisé, cible, taux) = %r, indicateurs.csv = %r" % ((gv, gc, gt), (v, c, t)))
    charts = [n for n in zipfile.ZipFile(path).namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)]
    want = 5 if fiche in HOURS else 1
    report(len(charts) == want, label + " charts", "%d chart parts, expected %d" % (len(charts), want))
    heures = next((r for r in inds if r["indicateur"] in ("heures_insertion", "heures_clauses")), None)
    if heures and "Graphiques" in wb.sheetnames:
        last, col, seen = None, None, False
        for r in wb["Graphiques"].iter_rows(values_only=True):
            if col is None and "Heures cumulées" in r:
                col, seen = r.index("Heures cumulées"), True
                continue
            if col is not None:
                if r[0] is None:
                    break
                last = r[col]
        report(seen and last is not None and abs(last - float(heures["valeur"])) <= 0.01,
               label + " cumulative hours end at the indicator",
               "last 'Heures cumulées' %r, indicateurs.csv %s" % (last, heures["valeur"]))
    if "Contrôles" in wb.sheetnames:
        csv_count = {}
        for r in read_csv(os.path.join(pack, "controles.csv")):
            k = (r["regle"], r["severite"])
            csv_count[k] = csv_count.get(k, 0) + 1
        bad, seen = [], 0
        for r in wb["Contrôles"].iter_rows(min_row=3, values_only=True):
            if not r or not r[0] or r[0] == "Total":
                continue
            seen += 1
            k, n = (r[0], r[2]), r[3]
            c = csv_count.get(k, 0)
            if n > c or (r[0] != "piece-non-produite" and n != c):
                bad.append("%s/%s: %s vs %s" % (k[0], k[1], n, c))
        if not seen and any(k[0] != "piece-non-produite" for k in csv_count):
            bad.append("no row on the sheet while controles.csv has %d" % sum(csv_count.values()))
        report(not bad, label + " contrôles = controles.csv", "; ".join(bad))


def check_pack(pack, fiche):
    label = "bilan %s" % fiche
    pdf, xlsx = os.path.join(pack, "01-bilan.pdf"), os.path.join(pack, "01-bilan.xlsx")
    for p in (pdf, xlsx):
        report(os.path.exists(p), "%s %s present" % (label, os.path.basename(p)),
               "files: %s" % (sorted(os.listdir(pack)) if os.path.isdir(pack) else "no pack"))
    if not (os.path.exists(pdf) and os.path.exists(xlsx)):
        return None
    inds = read_csv(os.path.join(pack, "indicateurs.csv"))
    text = check_pdf(pdf, fiche, inds, label + " pdf")
    check_xlsx(xlsx, fiche, inds, pack, label + " xlsx")
    return inds, text


def run(job, out, *args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1732838400")
    r = sh([BIN, "run", job, "--out", out] + list(args), env=env)
    report(r.returncode == 0, "run %s %s" % (os.path.relpath(job, ROOT) if job.startswith(ROOT) else
                                             os.path.basename(os.path.dirname(job)), " ".join(args)),
           "exit %d: %s" % (r.returncode, r.stderr[-400:]))
    return r.returncode == 0


def sha(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def main():
    if not os.access(BIN, os.X_OK):
        report(False, "e2e-bilan", "%s missing: run make build/fsepack" % BIN)
        return
    tmp = tempfile.mkdtemp(prefix="fsepack-bilan-")
    try:
        for case, fiches in (("agen-csv", ["agen-4", "agen-3"]), ("graves-xlsx", ["graves-3"]),
                             ("bordeaux-cp1252", ["bordeaux-4", "bordeaux-3"])):
            out = os.path.join(tmp, case)
            if not run(os.path.join(CASES, case, "job.ini"), out):
                continue
            for f in fiches:
                check_pack(os.path.join(out, f, "2024"), f)

        # determinism: same inputs, same SOURCE_DATE_EPOCH -> same bytes
        out2 = os.path.join(tmp, "graves-again")
        if run(os.path.join(CASES, "graves-xlsx", "job.ini"), out2):
            for ext in ("pdf", "xlsx"):
                a = os.path.join(tmp, "graves-xlsx", "graves-3", "2024", "01-bilan." + ext)
                b = os.path.join(out2, "graves-3", "2024", "01-bilan." + ext)
                report(os.path.exists(a) and os.path.exists(b) and sha(a) == sha(b),
                       "bilan graves-3 %s deterministic" % ext, "two runs differ")

        # hauts-de-garonne-3: FSE+ participant indicators without target
        case = os.path.join(tmp, "hdg-case")
        shutil.copytree(os.path.join(CASES, "graves-xlsx"), case)
        with open(os.path.join(case, "exports", "etapes.csv"), "w", encoding="utf-8") as fh:
            fh.write("Date;Réf. participant;Type d'étape;Mode\n"
                     "15/03/2024;P001;Promotion de profil;Physique individuel\n"
                     "20/04/2024;P002;Promotion de profil;Téléphone\n"
                     "02/05/2024;P003;Promotion de profil;Mail\n")
        with open(os.path.join(case, "exports", "participants.csv"), "w", encoding="utf-8") as fh:
            fh.write("Réf. participant;Nom;Prénom;Sexe;Date d'entrée;DELD;RQTH;Qualification obtenue;"
                     "Date de sortie;Situation à la sortie\n"
                     "P001;Durand;Anne;F;01/02/2024;Oui;Non;Oui;30/11/2024;Emploi durable\n"
                     "P002;Martin;Paul;H;01/03/2024;Non;Oui;Non;;\n"
                     "P003;Petit;Léa;F;01/01/2024;Oui;Non;Non;;\n")
        with open(os.path.join(case, "job.ini"), "a", encoding="utf-8") as fh:
            fh.write("\n[source.etapes]\nfichier = exports/etapes.csv\n"
                     "\n[source.participants]\nfichier = exports/participants.csv\n"
                     "\n[fiche.hauts-de-garonne-3]\ndossier_mdfse = 202400777\n")
        out = os.path.join(tmp, "hdg")
        if run(os.path.join(case, "job.ini"), out, "--fiche", "hauts-de-garonne-3"):
            res = check_pack(os.path.join(out, "hauts-de-garonne-3", "2024"), "hauts-de-garonne-3")
            if res:
                inds, text = res
                ids = {r["indicateur"]: r for r in inds}
                for i in FSE_PLUS:
                    r = ids.get(i)
                    report(r is not None and r["cible"] == "" and r["taux"] == "",
                           "bilan hauts-de-garonne-3 %s without target" % i, "indicateurs.csv row %r" % r)
                report("202400777" in text, "bilan hauts-de-garonne-3 dossier MDFSE",
                       "202400777 not in the text")
                report("80 %" in text, "bilan hauts-de-garonne-3 cofinancement", "'80 %' not in the text")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_bare_actions():
    """graves-3: the actions counted without any émargement line are flagged in the
    bilan; the count is recomputed here from the fixture's XLSX exports."""
    import datetime as dt
    import openpyxl
    import unicodedata
    def key(v):
        v = unicodedata.normalize("NFKD", str(v or ""))
        return re.sub(r"[^a-z0-9]", "", "".join(ch for ch in v if not unicodedata.combining(ch)).lower())
    case = os.path.join(ROOT, "tests/fixtures/cases/graves-xlsx")
    def rows(name):
        ws = openpyxl.load_workbook(os.path.join(case, "exports", name), read_only=True).worksheets[0]
        it = ws.iter_rows(values_only=True)
        head = [key(h) for h in next(it)]
        return [dict(zip(head, r)) for r in it]
    coll = {key(t) for t in ["Job dating", "Visite d'entreprise", "Forum", "Atelier", "Découverte métiers",
            "Café recrutement", "Information collective", "Événement emploi", "Zoom métier", "Opération recrutement"]}
    with_pres = {str(r["naction"]).strip().lower() for r in rows("presences.xlsx") if r.get("naction")}
    bare = set()
    for r in rows("actions.xlsx"):
        d = r["date"]
        if isinstance(d, dt.datetime) and d.year == 2024 and key(r["typedaction"]) in coll:
            if str(r["naction"]).strip().lower() not in with_pres:
                bare.add(r["naction"])
    tmp = tempfile.mkdtemp(prefix="fsepack-bare-")
    try:
        out = os.path.join(tmp, "o")
        p = sh([BIN, "run", os.path.join(case, "job.ini"), "--out", out])
        text = sh(["pdftotext", "-layout", os.path.join(out, "graves-3", "2024", "01-bilan.pdf"), "-"]).stdout
        want = "%d actions comptées sans aucune ligne d'émargement" % len(bare)
        report(p.returncode == 0 and len(bare) > 0 and want in " ".join(text.split()),
               "bilan graves-3 actions without émargement flagged", "want %r (%d actions)" % (want, len(bare)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
check_bare_actions()
sys.exit(e2e.exit_status())
