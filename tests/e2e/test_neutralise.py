"""Hostile text inside exports is neutralised, never silently (issue 7):
  - control characters in a company name become spaces and are reported once
    (a TAB becomes a space silently)
    (rule caractere-controle, located at the first one); the company keeps its
    identity, so entreprises_partenaires stays 115 (the figure of the fixture);
  - a character outside the BMP (emoji) is reported once (caractere-hors-police)
    and drawn as "□" in the PDF pièces (read back with pdftotext), kept as is
    in the XLSX;
  - names starting with = + - @ stay text in every XLSX of the pack (openpyxl:
    no cell of type formula anywhere, the name read back as written).
Works on copies of tests/fixtures/cases/agen-csv. Prints PASS/FAIL lines."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import e2e
from e2e import report

warnings.filterwarnings("ignore")
import openpyxl  # noqa: E402

FIX = os.path.join(e2e.CASES, "agen-csv")
INJECT = ["=HYPERLINK(A1)", "+33 5 56 00 00 00", "-2+3", "@SUM(A1:A9)"]


def run_with(edit):
    """Copy the fixture, apply edit(lines of contacts.csv as bytes), run; (dir, proc)."""
    tmp = tempfile.mkdtemp(prefix="fsepack-neutralise-")
    w = os.path.join(tmp, "w")
    shutil.copytree(FIX, w)
    p = os.path.join(w, "exports", "contacts.csv")
    lines = open(p, "rb").read().split(b"\r\n")
    edit(lines)
    open(p, "wb").write(b"\r\n".join(lines))
    r = subprocess.run([e2e.BIN, "run", "job.ini", "--out", "out"], cwd=w, capture_output=True, timeout=300)
    return tmp, w, r


def figure(w, fiche, ind):
    for f in glob.glob(os.path.join(w, "out", fiche, "*", "indicateurs.csv")):
        for line in open(f, encoding="utf-8"):
            c = line.rstrip("\n").split(";")
            if c[0] == fiche and ind in c:
                return c[6]
    return None


def controls(lines):
    lines[2] = lines[2].replace(b"Peinture Garonne SA", b"Peinture\x01Garonne\tSA\xc2\x85", 1)


def hostile(lines):
    rows = [i for i in range(1, len(lines)) if lines[i].split(b";")[0].endswith(b"/2024")]
    for i, name in zip(rows[5:], INJECT):   # rows in the period, each its own company (no SIRET)
        f = lines[i].split(b";")
        f[1], f[2] = name.encode(), b""
        lines[i] = b";".join(f)
    f = lines[20].split(b";")
    f[1] = f[1] + " \U0001F600".encode()
    lines[20] = b";".join(f)
    emoji_name.append(f[1].decode())


emoji_name = []


def main():
    if not os.access(e2e.BIN, os.X_OK):
        report(False, "neutralise", "%s missing" % e2e.BIN)
        return
    tmp, w, r = run_with(controls)
    err = r.stderr.decode("utf-8", "replace")
    want = ("exports/contacts.csv:3:2: warning: 2 caractères de contrôle remplacés par une espace "
            "(le premier ici)")
    report(r.returncode == 0 and want in err.splitlines(), "neutralise: control characters reported once, located",
           "exit %d, stderr: %s" % (r.returncode, err[:400]))
    got = figure(w, "agen-3", "entreprises_partenaires")
    report(got == "115", "neutralise: a name with control characters keeps its company (figure 115)", got)
    shutil.rmtree(tmp)

    tmp, w, r = run_with(hostile)
    err = r.stderr.decode("utf-8", "replace")
    report(r.returncode == 0 and "exports/contacts.csv:21:2: warning: 1 caractère hors du plan multilingue de base"
           " (émoji…, le premier ici) : la police des pièces PDF ne l'a pas, il y est remplacé par" in err, "neutralise: emoji reported once, located", "exit %d, stderr: %s" % (r.returncode, err[:400]))
    pdf = glob.glob(os.path.join(w, "out", "agen-3", "*", "*liste-entreprises.pdf"))
    text = subprocess.run(["pdftotext", "-layout", pdf[0], "-"], capture_output=True, text=True).stdout if pdf else ""
    shown = emoji_name[0].replace("\U0001F600", "\u25a1") if emoji_name else "?"
    report(shown in text and "\U0001F600" not in text, "neutralise: emoji drawn as \u25a1 in the PDF",
           "%r not in pdftotext output" % shown)
    books = sorted(glob.glob(os.path.join(w, "out", "*", "*", "*.xlsx")))
    formulas, found = [], set()
    for b in books:
        wb = openpyxl.load_workbook(b)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.data_type == "f":
                        formulas.append("%s!%s %r" % (os.path.basename(b), c.coordinate, c.value))
                    if isinstance(c.value, str) and c.value in INJECT:
                        found.add(c.value)
    report(len(books) >= 8 and not formulas, "neutralise: no formula cell in the %d XLSX of the packs" % len(books),
           "; ".join(formulas[:5]))
    report(found == set(INJECT), "neutralise: names starting with = + - @ read back as text",
           "found %s" % sorted(found))
    shutil.rmtree(tmp)


main()
sys.exit(e2e.exit_status())
