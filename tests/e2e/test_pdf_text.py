#!/usr/bin/python3
"""End-to-end: the text a reader sees in every PDF pièce stays what it was.

Issue 8 rewrote how the PDF pièces are written (one text object per table
row, the column rules drawn once per page, the page header as one form
XObject, a memo of libharu's glyph lookup): the bytes changed, what users
see must not. This test pins what they read: for each fixture case of
tests/fixtures/cases run with SOURCE_DATE_EPOCH=1735689600, the SHA-256 of
`pdftotext -layout` of every pièce (positions to the column, so a moved,
lost or re-wrapped word changes it) must equal the one recorded in
tests/fixtures/pdf_text.sha256. The bordereau lists the SHA-256 and sizes
of the other files, which change with any byte: its `pdftotext -raw` text
is compared with every 64-hex digest and every file size of the pack
masked and the whitespace collapsed. dossier-complet.pdf is checked page
by page against its parts by test_dossier_complet.py.

The recorded digests were made by the writer before issue 8 (main at
0d7042d, poppler-utils 22.12 of Debian 12), and the same pixels were
checked with pdftoppm. After a deliberate change of what the pièces show,
look at the PDFs, then record the new digests with
  /usr/bin/python3 tests/e2e/test_pdf_text.py --update
Run from the repository root, after `make build/fsepack`.
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile

import e2e

RECORD = os.path.join(e2e.ROOT, "tests", "fixtures", "pdf_text.sha256")
CASES = ["agen-csv", "bordeaux-cp1252", "graves-xlsx"]


def text(args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout


def bordereau_text(pack):
    """pdftotext -raw of the bordereau, digests and file sizes masked."""
    t = text(["pdftotext", "-raw", "-enc", "UTF-8", os.path.join(pack, "00-bordereau.pdf"), "-"]).decode()
    t = re.sub(r"\b[0-9a-f]{64}\b", "HASH", t)
    for f in os.listdir(pack):
        n = os.path.getsize(os.path.join(pack, f))
        grouped = "{:,}".format(n)
        for sep in ("\u202f", "\u00a0", " ", ""):
            t = t.replace(grouped.replace(",", sep), "SIZE")
    return " ".join(t.split()).encode()


def digests(out):
    """{case/fiche/file: sha256 hex} for every PDF pièce under out."""
    got = {}
    for root, _, files in sorted(os.walk(out)):
        for f in sorted(files):
            if not f.endswith(".pdf") or f == "dossier-complet.pdf":
                continue
            path = os.path.join(root, f)
            if f == "00-bordereau.pdf":
                data = bordereau_text(root)
            else:
                data = text(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"])
            got[os.path.relpath(path, out)] = hashlib.sha256(data).hexdigest()
    return got


def main():
    got = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1735689600")
        for case in CASES:
            job = os.path.join(e2e.CASES, case, "job.ini")
            r = subprocess.run([e2e.BIN, "run", job, "--out", os.path.join(tmp, case)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            e2e.report(r.returncode == 0, "pdf_text run %s" % case, "exit %d: %s" % (r.returncode, r.stderr[-300:]))
        got = digests(tmp)
    if "--update" in sys.argv[1:]:
        with open(RECORD, "w") as fh:
            for k in sorted(got):
                fh.write("%s  %s\n" % (got[k], k))
        print("recorded %d digests in %s" % (len(got), RECORD))
        return 0
    want = {}
    with open(RECORD) as fh:
        for line in fh:
            h, name = line.rstrip("\n").split("  ", 1)
            want[name] = h
    e2e.report(sorted(got) == sorted(want), "pdf_text same pièces",
               "missing %s, new %s" % (sorted(set(want) - set(got)), sorted(set(got) - set(want))))
    for name in sorted(want):
        if name in got:
            e2e.report(got[name] == want[name], "pdf_text %s" % name,
                       "pdftotext text differs from the recorded one (look at the PDF; --update if meant)")
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
