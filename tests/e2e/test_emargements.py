#!/usr/bin/python3
"""End-to-end: the émargement pièce of a pack and the `fsepack emargement` command.

Run from the repository root with /usr/bin/python3 (it has openpyxl), after
`make build/fsepack`; needs qpdf and poppler-utils (pdffonts, pdftotext).

Pièce "Synthèse des émargements" (NN-emargements.pdf / .xlsx), packs made here
from tests/fixtures/cases:
  agen-3      agen-csv job --fiche agen-3: actions_mediation names the pièce
              -> counted actions = actions of type Médiation dated in 2024
  bordeaux-3  bordeaux-cp1252 job --fiche bordeaux-3: actions_collectives
              (type in @actions_collectives of templates/listes.ini) and
              preparations_recrutement (participants present at actions of type
              Préparation au recrutement) name the pièce -> counted actions = the
              former in 2024 plus the 2024 Préparation actions with a participant
              present
  agen-init   agen-csv copy with confidentialite = initiales
  agen-flags  agen-csv copy where a present person of AC3012 did not sign and
              every attendance row of AC3042 is removed
Checks: qpdf --check, pdffonts all embedded; pdftotext shows every counted
action id and no other action heading; per action, the number present in the
PDF (the "N présents" of its detail note, 0 for an action without present) and
in the XLSX "Actions" sheet equals the count made here from the presences
source (distinct Réf. personne with Présence = Présent); the XLSX lists
exactly the counted actions; the totals row adds up; with initiales no
surname of a present participant appears in the PDF or the XLSX (surnames
that also occur in the actions export or as a structure — animators, places —
are left out of that check), while the "complet" pack shows them; no
eligibility value (DELD, BRSA, RQTH, AAH) is printed; agen-flags lists both
actions as "à régulariser" with the right reason.

Command `fsepack emargement` (agen-csv, bordeaux-cp1252, graves-xlsx):
exit 0 and <out>/emargements-2024.pdf (qpdf, fonts), no temporary file
left; one sheet per distinct action id dated 2024 in the actions source
(sheets found by their heading "Feuille d'émargement — action ID"); each
sheet shows "Cofinancé par l'Union européenne", its action id, "Matin" or
"Après-midi", numbered lines 1..20 at least and the animator block; the
people registered for the action are pre-filled; --action restricts to the
ids given; an unknown --action, no job, an unknown option or --action with
no value exit 64; a missing job exits 66; an output folder held by another
run exits 75; an output under a regular file exits 73; two runs with the
same SOURCE_DATE_EPOCH give identical bytes; initiales hides the surnames.
Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.
"""
import configparser
import csv
import datetime
import fcntl
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import warnings
import e2e
from e2e import report

try:
    import openpyxl
except ImportError:
    print("FAIL e2e-emargements: openpyxl missing (run with /usr/bin/python3; apt-get install python3-openpyxl)")
    sys.exit(1)

ROOT = os.getcwd()
BIN = os.environ.get("FSEPACK_BIN") or os.path.join(ROOT, "build", "fsepack")
CASES = os.path.join(ROOT, "tests", "fixtures", "cases")
P0, P1 = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")




def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, errors="replace", timeout=900, env=ENV, **kw)


def norm(s):
    """fse_norm_key: lower case ASCII letters and digits, accents removed."""
    s = (s or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s.lower() if c.isascii() and c.isalnum())


def to_date(v):
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    v = (str(v) if v is not None else "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(v, fmt).date()
        except ValueError:
            pass
    return None


def read_source(path):
    """Rows of a CSV (utf-8 or windows-1252, ';') or XLSX export as dicts."""
    if path.endswith(".xlsx"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        wb.close()
    else:
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        rows = list(csv.reader(text.splitlines(), delimiter=";"))
    head = [norm(str(h)) for h in rows[0]]
    out = []
    for r in rows[1:]:
        if not any(c not in (None, "") for c in r):
            continue
        out.append({head[i]: ("" if r[i] is None else r[i]) for i in range(min(len(head), len(r)))})
    return out


def job_source(jobdir, dataset):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";",), interpolation=None)
    cp.read(os.path.join(jobdir, "job.ini"), encoding="utf-8")
    return os.path.join(jobdir, cp["source." + dataset]["fichier"].strip())


def actions_2024(jobdir):
    """{id: row} of the distinct action ids dated in 2024 (first row of an id)."""
    out = {}
    for r in read_source(job_source(jobdir, "actions")):
        d = to_date(r.get("date"))
        aid = str(r.get("naction", "")).strip()
        if aid and d and P0 <= d <= P1 and aid not in out:
            out[aid] = r
    return out


def presences(jobdir):
    return read_source(job_source(jobdir, "presences"))


def present_count(pres):
    """{action id: number of distinct people present}."""
    people = {}
    for r in pres:
        if norm(r.get("presence")) != "present":
            continue
        key = norm(str(r.get("refpersonne", ""))) or "|".join(norm(str(r.get(k, ""))) for k in ("nom", "prenom", "structure"))
        people.setdefault(str(r.get("naction", "")).strip(), set()).add(key)
    return {k: len(v) for k, v in people.items()}


def liste(name):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";",), interpolation=None)
    cp.read(os.path.join(ROOT, "templates", "listes.ini"), encoding="utf-8")
    return {norm(v) for v in cp[name]["valeurs"].split("|")}


def pdftext(path, layout=False):
    args = ["pdftotext"] + (["-layout"] if layout else []) + [path, "-"]
    return sh(args).stdout


def check_pdf_file(path, name):
    q = sh(["qpdf", "--check", path])
    report(q.returncode == 0, name + " qpdf --check", "exit %d: %s" % (q.returncode, (q.stdout + q.stderr).strip()[-300:]))
    f = sh(["pdffonts", path])
    lines = [l for l in f.stdout.splitlines()[2:] if l.strip()]
    bad = [l for l in lines if l.split()[-5] != "yes"]
    report(f.returncode == 0 and lines and not bad, name + " fonts embedded", f.stdout[-400:])


def copy_case(tmp, case, name, conf=None):
    dst = os.path.join(tmp, name)
    shutil.copytree(os.path.join(CASES, case), dst)
    if conf:
        p = os.path.join(dst, "job.ini")
        s = open(p, encoding="utf-8").read()
        s = re.sub(r"(?m)^confidentialite\s*=.*$", "confidentialite = " + conf, s)
        open(p, "w", encoding="utf-8").write(s)
    return dst


def run_pack(jobdir, fiche, out):
    r = sh([BIN, "run", os.path.join(jobdir, "job.ini"), "--fiche", fiche, "--out", out])
    pdf = glob.glob(os.path.join(out, fiche, "2024", "[0-9][0-9]-emargements.pdf"))
    return r, (pdf[0] if pdf else None)


def xlsx_sheets(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    return out


def detail_counts(text, ids):
    """{id: N} from the PDF: each action's detail section starts with its
    heading "ID — dd/mm/yyyy — " and holds "N présent(s), M signature(s)"
    (0 when the section says nobody is present)."""
    flat = " ".join(text.split())
    pos = []
    for aid in ids:
        m = re.search(re.escape(aid) + r" — \d\d/\d\d/\d{4} — ", flat)
        if m:
            pos.append((m.start(), aid))
    pos.sort()
    out = {}
    for i, (p, aid) in enumerate(pos):
        chunk = flat[p: pos[i + 1][0] if i + 1 < len(pos) else len(flat)]
        m = re.search(r"(\d+) présents?, (\d+) signatures?", chunk)
        if m:
            out[aid] = int(m.group(1))
        elif "À régulariser : aucun" in chunk:
            out[aid] = 0
    return out


def check_summary(name, jobdir, fiche, counted, tmp):
    out = os.path.join(tmp, "out-" + name)
    r, pdf = run_pack(jobdir, fiche, out)
    report(r.returncode == 0 and pdf, name + " pack with emargements", "exit %d %s" % (r.returncode, r.stderr[-300:]))
    if not pdf:
        return None
    check_pdf_file(pdf, name)
    text = pdftext(pdf)
    flat = " ".join(text.split())
    missing = sorted(a for a in counted if a not in flat)
    report(not missing, name + " every counted action id shown", "missing %s" % missing)
    all_ids = set(actions_2024(jobdir))
    extra = sorted(a for a in all_ids - set(counted) if re.search(re.escape(a) + r" — \d\d/\d\d/\d{4} — ", flat))
    report(not extra, name + " no uncounted action detailed", "extra %s" % extra)
    expect = {a: present_count(presences(jobdir)).get(a, 0) for a in counted}
    got = detail_counts(text, counted)
    diff = {a: (got.get(a), expect[a]) for a in counted if got.get(a) != expect[a]}
    report(not diff, name + " present per action (PDF) = count from presences source", "id: (pdf, source) %s" % diff)
    sheets = xlsx_sheets(pdf[:-4] + ".xlsx")
    rows = sheets.get("Actions", [])
    hdr = rows[1] if len(rows) > 1 else []
    body, tot = [], []
    for r in rows[2:]:                      # data rows, then "Total", then the note
        if not r or r[0] in (None, "Total"):
            tot = [r] if r and r[0] == "Total" else []
            break
        body.append(r)
    ids = [str(r[0]) for r in body]
    report(sorted(ids) == sorted(counted) and len(ids) == len(set(ids)), name + " XLSX lists exactly the counted actions",
           "xlsx %d, expected %d; extra %s missing %s" % (len(ids), len(counted), sorted(set(ids) - set(counted)),
                                                          sorted(set(counted) - set(ids))))
    if "Présents" in hdr:
        ci = hdr.index("Présents")
        diff = {str(r[0]): (r[ci], expect.get(str(r[0]))) for r in body if r[ci] != expect.get(str(r[0]))}
        report(not diff, name + " present per action (XLSX) = count from presences source", diff)
        report(tot and tot[0][ci] == sum(expect.values()), name + " total present",
               "%s vs %d" % (tot[0][ci] if tot else None, sum(expect.values())))
    else:
        report(False, name + " XLSX Présents column", hdr)
    elig = [w for w in ("DELD", "BRSA", "RQTH", "AAH") if re.search(r"\b%s\b" % w, flat)]
    report(not elig, name + " no eligibility value printed", elig)
    return pdf


def surnames_present(jobdir, counted):
    """Surnames of participants present at the counted actions, minus words
    that the actions export or the structures also hold."""
    pres = presences(jobdir)
    other = set()
    for r in read_source(job_source(jobdir, "actions")):
        for v in r.values():
            other |= set(re.findall(r"[\w'’-]+", str(v)))
    for r in pres:
        other |= set(re.findall(r"[\w'’-]+", str(r.get("structure", ""))))
    names = set()
    for r in pres:
        if str(r.get("naction", "")).strip() in counted and norm(r.get("presence")) == "present" \
                and norm(r.get("type")) == "participant":
            n = str(r.get("nom", "")).strip()
            if len(n) > 2 and n not in other:
                names.add(n)
    return names


def shown_names(names, text):
    return sorted(n for n in names if re.search(r"(?<![\w])%s(?![\w])" % re.escape(n), text))


def xlsx_text(path):
    return "\n".join(" ".join(str(c) for c in r if c is not None)
                     for rows in xlsx_sheets(path).values() for r in rows)


def sheet_chunks(text):
    """Pages (form feed separated) grouped into sheets: {id: text}."""
    out, cur = {}, None
    for page in text.split("\f"):
        m = re.search(r"Feuille d'émargement — action (\S+)", page)
        if m:
            cur = m.group(1)
            out[cur] = out.get(cur, "") + page
        elif cur:
            out[cur] += page
    return out


def check_sheets(name, jobdir, tmp):
    out = os.path.join(tmp, "sheets-" + name)
    r = sh([BIN, "emargement", os.path.join(jobdir, "job.ini"), "--out", out])
    pdf = os.path.join(out, "emargements-2024.pdf")
    report(r.returncode == 0 and os.path.isfile(pdf), name + " emargement exit 0 and emargements-2024.pdf",
           "exit %d %s" % (r.returncode, r.stderr[-300:]))
    if not os.path.isfile(pdf):
        return
    left = [f for f in os.listdir(out) if f not in ("emargements-2024.pdf", ".fsepack.lock")]
    report(not left, name + " no temporary file left", left)
    check_pdf_file(pdf, name + " sheets")
    acts = actions_2024(jobdir)
    chunks = sheet_chunks(pdftext(pdf, layout=True))
    report(sorted(chunks) == sorted(acts), name + " one sheet per 2024 action",
           "%d sheets for %d actions; extra %s missing %s" % (len(chunks), len(acts), sorted(set(chunks) - set(acts))[:5],
                                                              sorted(set(acts) - set(chunks))[:5]))
    pres = presences(jobdir)
    registered = {}
    for p in pres:
        registered.setdefault(str(p.get("naction", "")).strip(), set()).add(str(p.get("nom", "")).strip())
    bad = []
    for aid, t in sorted(chunks.items()):
        nums = {int(m) for m in re.findall(r"(?m)^\s{0,6}(\d{1,3})\b", t)}
        why = []
        if "Cofinancé par l'Union européenne" not in t:
            why.append("no EU mention")
        if aid not in t.replace("Feuille d'émargement — action " + aid, ""):
            why.append("id only in heading")
        if "Matin" not in t and "Après-midi" not in t:
            why.append("no half-day column")
        if not set(range(1, 21)) <= nums:
            why.append("lines %s missing" % sorted(set(range(1, 21)) - nums)[:5])
        if "Animateur / animatrice" not in t or "Signature" not in t:
            why.append("no animator block")
        regs = [n for n in registered.get(aid, ()) if n]
        if regs and not any(n in t for n in regs):
            why.append("registered people not pre-filled")
        if why:
            bad.append("%s: %s" % (aid, ", ".join(why)))
    report(not bad, name + " every sheet: EU block, id, half-days, lines 1..20, animator, pre-filled", bad[:5])
    # half-day columns follow the hours: a 09:00–12:00 action has no afternoon column
    am = [a for a, r in acts.items() if str(r.get("heurededebut", "")).startswith("09") and str(r.get("heuredefin", "")).startswith("12")]
    wrong = [a for a in am if a in chunks and "Après-midi — signature" in chunks[a]]
    report(not wrong, name + " morning actions have only the Matin column", wrong[:5])
    return pdf


def main():
    if not os.path.isfile(BIN):
        report(False, "e2e-emargements", "build/fsepack missing: run make build/fsepack")
        return
    tmp = tempfile.mkdtemp(prefix="fsepack-em-")
    try:
        # ---- the pièce
        agen = copy_case(tmp, "agen-csv", "agen")
        counted_agen = sorted(a for a, r in actions_2024(agen).items() if norm(r.get("typedaction")) == "mediation")
        report(len(counted_agen) > 0, "agen-3 fixture has Médiation actions", counted_agen)
        pdf_agen = check_summary("agen-3", agen, "agen-3", counted_agen, tmp)

        bdx = copy_case(tmp, "bordeaux-cp1252", "bordeaux")
        coll = liste("actions_collectives")
        a24 = actions_2024(bdx)
        prep_present = {str(p.get("naction", "")).strip() for p in presences(bdx)
                        if norm(p.get("presence")) == "present" and norm(p.get("type")) == "participant"}
        counted_bdx = sorted(a for a, r in a24.items() if norm(r.get("typedaction")) in coll
                             or (norm(r.get("typedaction")) == "preparationaurecrutement" and a in prep_present))
        check_summary("bordeaux-3", bdx, "bordeaux-3", counted_bdx, tmp)

        # confidentialité: initiales hides the surnames that "complet" shows
        names = surnames_present(agen, set(counted_agen))
        if pdf_agen:
            shown = shown_names(names, " ".join(pdftext(pdf_agen).split()))
            report(len(shown) >= 3, "agen-3 complet shows surnames (sanity)", "%d of %d" % (len(shown), len(names)))
        init = copy_case(tmp, "agen-csv", "agen-init", conf="initiales")
        r, pdf = run_pack(init, "agen-3", os.path.join(tmp, "out-init"))
        report(r.returncode == 0 and pdf, "agen-3 initiales pack", r.stderr[-300:])
        if pdf:
            leak = shown_names(names, " ".join(pdftext(pdf).split()))
            report(not leak, "agen-3 initiales: no surname of a present participant in the PDF", leak[:10])
            leak = shown_names(names, xlsx_text(pdf[:-4] + ".xlsx"))
            report(not leak, "agen-3 initiales: no surname of a present participant in the XLSX", leak[:10])
            report(re.search(r"\b\w\. \w\.", pdftext(pdf)) is not None, "agen-3 initiales: names as initials")

        # flags: an unsigned presence and an action without attendance row
        flags = copy_case(tmp, "agen-csv", "agen-flags")
        pp = job_source(flags, "presences")
        lines = open(pp, encoding="utf-8-sig").read().splitlines()
        out_lines, done = [lines[0]], False
        for l in lines[1:]:
            f = l.split(";")
            if f[0] == "AC3042":
                continue
            if f[0] == "AC3012" and f[6] == "Présent" and not done:
                f[8], done = "Non", True
            out_lines.append(";".join(f))
        open(pp, "w", encoding="utf-8").write("\r\n".join(out_lines) + "\r\n")
        r, pdf = run_pack(flags, "agen-3", os.path.join(tmp, "out-flags"))
        report(r.returncode == 0 and pdf, "agen-flags pack", r.stderr[-300:])
        if pdf and "AC3012" in counted_agen and "AC3042" in counted_agen:
            reg = xlsx_sheets(pdf[:-4] + ".xlsx").get("À régulariser", [])
            motif = {str(x[0]): str(x[5]) for x in reg[2:] if x and len(x) > 5 and x[0] not in (None, "Total")}
            report("sans signature" in motif.get("AC3012", ""), "agen-flags: unsigned presence flagged", motif)
            report("Aucune ligne" in motif.get("AC3042", ""), "agen-flags: action without attendance flagged", motif)
            flat = " ".join(pdftext(pdf).split())
            report("1 présence sans signature" in flat and "Aucune ligne d'émargement" in flat,
                   "agen-flags: flags in the PDF", "")

        # ---- the command
        grv = copy_case(tmp, "graves-xlsx", "graves")
        sheets_agen = check_sheets("agen", agen, tmp)
        check_sheets("bordeaux", bdx, tmp)
        check_sheets("graves", grv, tmp)

        job = os.path.join(agen, "job.ini")
        some = sorted(actions_2024(agen))[:2]
        out = os.path.join(tmp, "sheets-some")
        r = sh([BIN, "emargement", job, "--out", out, "--action", some[0], "--action=" + some[1]])
        # chosen actions get their own file: the period's full set is never replaced
        named = os.path.join(out, "emargements-2024-%s-%s.pdf" % (some[0], some[1]))
        chunks = sheet_chunks(pdftext(named, layout=True)) if r.returncode == 0 and os.path.exists(named) else {}
        report(r.returncode == 0 and sorted(chunks) == some, "emargement --action restricts the sheets",
               "exit %d, sheets %s" % (r.returncode, sorted(chunks)))

        if sheets_agen:
            out2 = os.path.join(tmp, "sheets-again")
            r = sh([BIN, "emargement", job, "--out", out2])
            same = r.returncode == 0 and open(sheets_agen, "rb").read() == open(os.path.join(out2, "emargements-2024.pdf"), "rb").read()
            report(same, "emargement deterministic under SOURCE_DATE_EPOCH", r.stderr[-200:])

        r = sh([BIN, "emargement", os.path.join(init, "job.ini"), "--out", os.path.join(tmp, "sheets-init")])
        p = os.path.join(tmp, "sheets-init", "emargements-2024.pdf")
        if r.returncode == 0 and os.path.isfile(p):
            all_names = {str(x.get("nom", "")).strip() for x in presences(agen)} & surnames_present(agen, set(actions_2024(agen)))
            leak = shown_names(all_names, " ".join(pdftext(p).split()))
            report(not leak, "emargement initiales: no registered surname printed", leak[:10])
        else:
            report(False, "emargement initiales", r.stderr[-300:])

        for args, want, name in (
                ([], 64, "no job"),
                ([job, "--bogus"], 64, "unknown option"),
                ([job, "--action"], 64, "--action without value"),
                ([job, "--out", os.path.join(tmp, "x"), "--action", "NOPE-999"], 64, "unknown action"),
                ([job, "extra.ini"], 64, "two jobs"),
                ([os.path.join(tmp, "missing", "job.ini")], 66, "missing job")):
            r = sh([BIN, "emargement"] + args)
            report(r.returncode == want, "emargement %s -> %d" % (name, want), "exit %d: %s" % (r.returncode, r.stderr[-200:]))

        held = os.path.join(tmp, "held")
        os.makedirs(held)
        with open(os.path.join(held, ".fsepack.lock"), "w") as lk:
            fcntl.flock(lk, fcntl.LOCK_EX)
            r = sh([BIN, "emargement", job, "--out", held])
        report(r.returncode == 75 and not os.path.exists(os.path.join(held, "emargements-2024.pdf")),
               "emargement lock held -> 75", "exit %d" % r.returncode)
        plain = os.path.join(tmp, "plain-file")
        open(plain, "w").write("x")
        r = sh([BIN, "emargement", job, "--out", os.path.join(plain, "sub")])
        report(r.returncode == 73, "emargement output under a file -> 73", "exit %d: %s" % (r.returncode, r.stderr[-200:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
sys.exit(e2e.exit_status())
