#!/usr/bin/python3
"""End-to-end: every case of tests/fixtures/cases/ through `fsepack run`, pack by pack.

Run from the repository root with /usr/bin/python3 (it has openpyxl), after
`make build/fsepack`. Each case folder holds job.ini, exports/ and expected.csv
(fiche;indicateur;valeur;cible) -- copies of the handed cases, so that nothing
here needs ../shared. For each case:

  run      `fsepack run JOB --out TMP` exits 0 and writes TMP/<fiche>/2024/
           for every fiche of expected.csv;
  indicateurs.csv  header exactly fiche;volet;indicateur;libelle;debut;fin;
           valeur;cible;taux, one row per expected indicator and no other,
           |valeur - expected| <= 0.005, same for cible, debut 2024-01-01,
           fin 2024-12-31, taux = valeur/cible rounded to 4 decimals;
  SHA256SUMS  `sha256sum -c` passes and covers every other file of the pack;
  manifest.json  parses; lists every input declared by the job (path relative
           to the job) with its real size and SHA-256, its encoding, header
           line and number of data rows (counted here from the file itself);
           lists every output file (all but manifest.json and SHA256SUMS)
           with its real SHA-256;
  controles.csv  header severite;regle;fichier;ligne;message; agen: one
           heures-sans-critere row per in-period hour row without eligibility
           criterion, with its physical line; graves: one doublon row per
           repeated mise en relation (same participant, offre and date);
  determinism  two runs with SOURCE_DATE_EPOCH=1735689600 into two folders
           give byte-identical trees (diff -r); and a third run started from
           another working directory with the job given by its absolute path
           gives the same tree again (the pack must not depend on how the job
           path was spelled).

Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.
"""
import csv
import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import e2e
from e2e import report

try:
    import openpyxl
except ImportError:
    print("FAIL e2e-cases: openpyxl missing (run with /usr/bin/python3; apt-get install python3-openpyxl)")
    sys.exit(1)

ROOT = os.getcwd()
BIN = os.environ.get("FSEPACK_BIN") or os.path.join(ROOT, "build", "fsepack")
CASES = os.path.join(ROOT, "tests", "fixtures", "cases")
HEADER = "fiche;volet;indicateur;libelle;debut;fin;valeur;cible;taux"
EPOCH = "1735689600"
P0, P1 = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)

# Encoding of every export of the handed cases (cases/README.md).
ENCODINGS = {
    "agen-csv": {"*": "utf-8"},
    "bordeaux-cp1252": {"*": "windows-1252", "exports/conventions.csv": "utf-8-bom"},
    "graves-xlsx": {"*": "xlsx"},
}
# Header lines that are not 1: bordeaux heures.csv has two title lines and a
# blank line above its header.
HEADER_LINES = {("bordeaux-cp1252", "exports/heures.csv"): 4}
# Data rows known by hand, to guard the counting below: bordeaux heures.csv has
# 1463 physical lines = 2 title lines + 1 blank + header + 1458 data rows +
# the export's own "Total" line.
KNOWN_ROWS = {("bordeaux-cp1252", "exports/heures.csv"): 1458}




def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def read_semicolon_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))


def job_sources(job):
    """[(dataset, fichier, feuille)] from the job's [source.*] sections (fichier may repeat)."""
    out, section, sheet_of = [], None, {}
    with open(job, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.split(";", 1)[0].strip() if not raw.lstrip().startswith(";") else ""
            m = re.match(r"^\[(.+)\]$", line)
            if m:
                section = m.group(1).strip()
                continue
            if not section or not section.startswith("source.") or "=" not in line:
                continue
            key, val = (s.strip() for s in line.split("=", 1))
            if key == "fichier":
                out.append([section[7:], val, None])
            elif key == "feuille":
                sheet_of[section[7:]] = val
    for s in out:
        s[2] = sheet_of.get(s[0])
    return out


def decode_text(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def csv_records(path):
    """[(physical line of the record's start, fields)] of a ';' CSV file."""
    text = decode_text(path)
    lines = text.split("\n")
    out = []
    reader = csv.reader((l + "\n" for l in lines), delimiter=";")
    for rec in reader:
        out.append((reader.line_num, [f.rstrip("\r") for f in rec]))
    # line_num is the line where the record ends; records here span one line
    return out


def data_rows(path, sheet):
    """Independent count of data rows: records after the header row, blank ones
    and a closing "Total" line excluded. The header row is the first row with at
    least 5 non-empty cells."""
    if path.endswith(".xlsx"):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = [[("" if v is None else str(v)).strip() for v in r] for r in ws.iter_rows(values_only=True)]
        wb.close()
    else:
        rows = [[f.strip() for f in rec] for _, rec in csv_records(path)]
    hdr = next(i for i, r in enumerate(rows) if sum(1 for c in r if c) >= 5)
    body = [r for r in rows[hdr + 1:] if any(r)]
    body = [r for r in body if not (r[0].lower().startswith("total") and sum(1 for c in r if c) <= 3)]
    return hdr + 1, len(body)


def num(s):
    s = (s or "").strip()
    return None if s == "" else float(s)


def run(args, cwd=None, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([BIN] + args, cwd=cwd, env=env, capture_output=True, text=True, errors="replace", timeout=900)


# --------------------------------------------------------------------- checks

def check_indicateurs(case, fiche, pack, expected):
    name = "%s %s indicateurs" % (case, fiche)
    path = os.path.join(pack, "indicateurs.csv")
    if not os.path.isfile(path):
        report(False, name, "no indicateurs.csv in %s" % pack)
        return
    raw = open(path, "rb").read()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        report(False, name + " utf-8", str(e))
    rows = read_semicolon_csv(path)
    report(rows and ";".join(rows[0]) == HEADER, name + " header",
           "header is %r" % (";".join(rows[0]) if rows else "(empty file)"))
    got = {}
    for r in rows[1:]:
        if len(r) != 9:
            report(False, name + " row width", "row %r has %d fields, not 9" % (r, len(r)))
            continue
        d = dict(zip(HEADER.split(";"), r))
        got[d["indicateur"]] = d
    exp = {e["indicateur"]: e for e in expected if e["fiche"] == fiche}
    report(set(got) == set(exp), name + " rows",
           "indicators %s, expected %s" % (sorted(got), sorted(exp)))
    for ind, e in sorted(exp.items()):
        n = "%s %s %s" % (case, fiche, ind)
        g = got.get(ind)
        if g is None:
            report(False, n, "missing from indicateurs.csv")
            continue
        problems = []
        if g["fiche"] != fiche:
            problems.append("fiche %r" % g["fiche"])
        if not g["volet"] or not g["libelle"]:
            problems.append("empty volet or libelle")
        if (g["debut"], g["fin"]) != ("2024-01-01", "2024-12-31"):
            problems.append("debut;fin %s;%s != 2024-01-01;2024-12-31" % (g["debut"], g["fin"]))
        try:
            gv, ev = num(g["valeur"]), num(e["valeur"])
            if gv is None or abs(gv - ev) > 0.005:
                problems.append("valeur %s != %s" % (g["valeur"], e["valeur"]))
            gc, ec = num(g["cible"]), num(e["cible"])
            if (gc is None) != (ec is None) or (gc is not None and abs(gc - ec) > 0.005):
                problems.append("cible %s != %s" % (g["cible"], e["cible"]))
            gt = num(g["taux"])
            if gc:
                want = round(gv / gc, 4)
                if gt is None or abs(gt - want) > 1e-9:
                    problems.append("taux %s != valeur/cible = %.4f" % (g["taux"], want))
                elif "." in g["taux"] and len(g["taux"].split(".")[1]) > 4:
                    problems.append("taux %s has more than 4 decimals" % g["taux"])
            elif g["taux"] != "":
                problems.append("taux %r without a target" % g["taux"])
        except (ValueError, TypeError) as err:
            problems.append("unreadable number: %s" % err)
        report(not problems, n, "; ".join(problems))


def check_sums(case, fiche, pack):
    name = "%s %s SHA256SUMS" % (case, fiche)
    if not os.path.isfile(os.path.join(pack, "SHA256SUMS")):
        report(False, name, "no SHA256SUMS")
        return
    p = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=pack, capture_output=True, text=True, errors="replace")
    report(p.returncode == 0, name + " sha256sum -c", (p.stdout + p.stderr).strip()[-400:])
    listed = set()
    for line in open(os.path.join(pack, "SHA256SUMS"), encoding="utf-8"):
        m = re.match(r"^[0-9a-f]{64} [ *](.+)$", line.rstrip("\n"))
        if m:
            listed.add(m.group(1))
    files = set(os.listdir(pack)) - {"SHA256SUMS"}
    report(listed == files, name + " covers every file",
           "missing %s, extra %s" % (sorted(files - listed), sorted(listed - files)))


def check_manifest(case, casedir, fiche, pack):
    name = "%s %s manifest" % (case, fiche)
    try:
        m = json.load(open(os.path.join(pack, "manifest.json"), encoding="utf-8"))
    except (OSError, ValueError) as e:
        report(False, name + " parses", e)
        return
    report(True, name + " parses")
    inputs = m.get("entrees")
    outputs = m.get("sorties")
    if not isinstance(inputs, list) or not isinstance(outputs, list):
        report(False, name + " layout", "no list \"entrees\" / \"sorties\" (keys: %s)" % sorted(m))
        return
    by_path = {}
    for e in inputs:
        p = e.get("chemin", "")
        full = os.path.normpath(p if os.path.isabs(p) else os.path.join(casedir, p))
        by_path[full] = e
    for dataset, fichier, sheet in job_sources(os.path.join(casedir, "job.ini")):
        full = os.path.normpath(os.path.join(casedir, fichier))
        n = "%s %s manifest input %s" % (case, fiche, fichier)
        e = by_path.get(full)
        if e is None:
            report(False, n, "not listed (inputs listed: %s)" % sorted(x.get("chemin") for x in inputs))
            continue
        problems = []
        if e.get("sha256") != sha256(full):
            problems.append("sha256 %s != real %s" % (e.get("sha256"), sha256(full)))
        if "taille" in e and e["taille"] != os.path.getsize(full):
            problems.append("taille %s != real %d" % (e["taille"], os.path.getsize(full)))
        enc = ENCODINGS[case].get(fichier, ENCODINGS[case]["*"])
        if e.get("encodage") != enc:
            problems.append("encodage %r != %r" % (e.get("encodage"), enc))
        hdr, nrows = data_rows(full, sheet)
        want_hdr = HEADER_LINES.get((case, fichier), 1)
        if hdr != want_hdr:  # guards the independent count itself
            problems.append("test fixture: header found at %d, expected %d" % (hdr, want_hdr))
        if (case, fichier) in KNOWN_ROWS and nrows != KNOWN_ROWS[(case, fichier)]:
            problems.append("test fixture: %d data rows counted, expected %d" % (nrows, KNOWN_ROWS[(case, fichier)]))
        if e.get("ligne_entete") != want_hdr:
            problems.append("ligne_entete %r != %d" % (e.get("ligne_entete"), want_hdr))
        if e.get("lignes_lues") != nrows:
            problems.append("lignes_lues %r != %d data rows in the file" % (e.get("lignes_lues"), nrows))
        report(not problems, n, "; ".join(problems))
    listed = {o.get("chemin"): o for o in outputs}
    files = sorted(set(os.listdir(pack)) - {"manifest.json", "SHA256SUMS"})
    for f in files:
        n = "%s %s manifest output %s" % (case, fiche, f)
        o = listed.get(f)
        if o is None:
            report(False, n, "not listed in sorties")
        else:
            report(o.get("sha256") == sha256(os.path.join(pack, f)), n,
                   "sha256 %s != real %s" % (o.get("sha256"), sha256(os.path.join(pack, f))))
    extra = sorted(set(listed) - set(files))
    report(not extra, "%s %s manifest outputs exist" % (case, fiche), "listed but absent: %s" % extra)


def hours_without_criterion(casedir):
    """Physical lines of heures.csv rows of 2024 with no eligibility criterion."""
    recs = csv_records(os.path.join(casedir, "exports", "heures.csv"))
    hdr = recs[0][1]
    i_crit, i_mois = hdr.index("Critère d'éligibilité"), hdr.index("Mois")
    out = set()
    for line, r in recs[1:]:
        if len(r) <= max(i_crit, i_mois) or not any(r):
            continue
        mois = datetime.datetime.strptime(r[i_mois].strip(), "%d/%m/%Y").date()
        if P0 <= mois <= P1 and not r[i_crit].strip():
            out.add(line)
    return out


def duplicated_mer(casedir):
    """Physical rows of mises_en_relation.xlsx repeating an earlier (participant, offre, date)."""
    wb = openpyxl.load_workbook(os.path.join(casedir, "exports", "mises_en_relation.xlsx"), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    h = rows[0]
    ip, io, idt = h.index("Réf. participant"), h.index("N° offre"), h.index("Date")
    seen, dup = set(), set()
    for n, r in enumerate(rows[1:], start=2):
        k = (r[ip], r[io], r[idt])
        if k in seen:
            dup.add(n)
        seen.add(k)
    return dup


def check_controles(case, casedir, fiche, pack):
    name = "%s %s controles" % (case, fiche)
    path = os.path.join(pack, "controles.csv")
    if not os.path.isfile(path):
        report(False, name, "no controles.csv")
        return
    rows = read_semicolon_csv(path)
    report(rows and ";".join(rows[0]) == "severite;regle;fichier;ligne;message", name + " header",
           "header is %r" % (";".join(rows[0]) if rows else "(empty)"))
    body = [dict(zip(["severite", "regle", "fichier", "ligne", "message"], r)) for r in rows[1:]]
    if case == "agen-csv" and fiche == "agen-4":
        want = hours_without_criterion(casedir)
        got = {int(r["ligne"]) for r in body if r["regle"] == "heures-sans-critere"
               and r["fichier"].endswith("heures.csv") and r["ligne"].strip().isdigit()}
        report(len(want) == 3 and got == want, name + " heures-sans-critere",
               "lines reported %s, rows of 2024 without criterion at lines %s" % (sorted(got), sorted(want)))
    if case == "graves-xlsx":
        want = duplicated_mer(casedir)
        got = {int(r["ligne"]) for r in body if r["regle"] == "doublon"
               and r["fichier"].endswith("mises_en_relation.xlsx") and r["ligne"].strip().isdigit()}
        report(len(want) == 2 and got == want, name + " doublon",
               "lines reported %s, repeated mises en relation at rows %s" % (sorted(got), sorted(want)))


def differing(diff_q, first):
    """Relative paths named by `diff -r -q` output."""
    out = []
    for line in diff_q.splitlines():
        m = re.match(r"^Files (\S+) and \S+ differ$", line)
        if m:
            out.append(os.path.relpath(m.group(1), first))
        elif line.startswith("Only in "):
            out.append(line)
    return ", ".join(out) or diff_q.strip()


def check_determinism(case, job, first):
    """first = a tree made by `run job` (job relative to the repository root) with
    SOURCE_DATE_EPOCH; make a second one the same way, then a third from another cwd."""
    tmp = tempfile.mkdtemp(prefix="fsepack-e2e-det-")
    try:
        second = os.path.join(tmp, "second")
        p = run(["run", job, "--out", second], env_extra={"SOURCE_DATE_EPOCH": EPOCH})
        if p.returncode != 0:
            report(False, case + " determinism", "second run: exit %d: %s" % (p.returncode, p.stderr[-300:]))
            return
        d = subprocess.run(["diff", "-r", "-q", first, second], capture_output=True, text=True, errors="replace")
        report(d.returncode == 0, case + " determinism", "files differ: %s" % differing(d.stdout, first))
        # The same job seen from another working directory, by its absolute path.
        third = os.path.join(tmp, "third")
        elsewhere = os.path.join(tmp, "cwd")
        os.mkdir(elsewhere)
        p = run(["run", os.path.abspath(job), "--out", third],
                cwd=elsewhere, env_extra={"SOURCE_DATE_EPOCH": EPOCH})
        if p.returncode != 0:
            report(False, case + " determinism other cwd", "exit %d: %s" % (p.returncode, p.stderr[-300:]))
            return
        d = subprocess.run(["diff", "-r", "-q", first, third], capture_output=True, text=True, errors="replace")
        report(d.returncode == 0, case + " determinism other cwd",
               "the job given as %s from another folder gives other bytes in: %s" % (
                   os.path.abspath(job), differing(d.stdout, first)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if not os.access(BIN, os.X_OK):
        print("FAIL e2e-cases: no executable build/fsepack (run make build/fsepack first)")
        return 1
    cases = sorted(d for d in glob.glob(os.path.join(CASES, "*")) if os.path.isfile(os.path.join(d, "expected.csv")))
    if not cases:
        print("FAIL e2e-cases: no case under tests/fixtures/cases")
        return 1
    # cwd = repository root; the job is given relative to it, as a user would.
    for casedir in cases:
        case = os.path.basename(casedir)
        rel = os.path.relpath(casedir, ROOT)
        with open(os.path.join(casedir, "expected.csv"), encoding="utf-8", newline="") as fh:
            expected = list(csv.DictReader(fh, delimiter=";"))
        fiches = sorted({e["fiche"] for e in expected})
        tmp = tempfile.mkdtemp(prefix="fsepack-e2e-case-")
        try:
            out = os.path.join(tmp, "out")
            p = run(["run", os.path.join(rel, "job.ini"), "--out", out], env_extra={"SOURCE_DATE_EPOCH": EPOCH})
            report(p.returncode == 0, case + " run exit 0", "exit %d: %s" % (p.returncode, p.stderr.strip()[-400:]))
            packs = sorted(d for d in os.listdir(out) if not d.startswith(".")) if os.path.isdir(out) else []
            report(packs == fiches, case + " packs", "fiche folders %s, expected %s" % (packs, fiches))
            for fiche in fiches:
                pack = os.path.join(out, fiche, "2024")
                if not os.path.isdir(pack):
                    report(False, "%s %s pack" % (case, fiche), "no folder %s/2024" % fiche)
                    continue
                check_indicateurs(case, fiche, pack, expected)
                check_sums(case, fiche, pack)
                check_manifest(case, casedir, fiche, pack)
                check_controles(case, casedir, fiche, pack)
            if p.returncode == 0:
                check_determinism(case, os.path.join(rel, "job.ini"), out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    try:
        rc = main()
    except Exception as exc:  # a crash of the test itself is a failure, not a silence
        import traceback
        traceback.print_exc()
        print("FAIL e2e-cases: test crashed: %r" % exc)
        rc = 1
    sys.exit(rc)
