#!/usr/bin/python3
"""End-to-end: rewrites of an export that must not change what fsepack
counts, aimed at the fast paths of issue 8 (12-byte text heads in the
string pool and the column memos, interned-pointer grouping, madvise
release of the parsed input). Each variant of tests/fixtures/cases/agen-csv
is compared with the plain case. Run from the repository root with
/usr/bin/python3 (reads the pièces with build/tests/xlsx_dump).

  head-shared   every participant id prefixed with the same 12 bytes
                ("ABCDEFGHIJKLP100329"): the ids are equal on the bytes kept
                in a pool slot / memo entry and differ only after them;
  head-exact    every id padded to exactly 12 bytes ("P10032900000");
                for both: indicateurs.csv, controles.csv and every cell of
                the bilan, tableau d'impact and listes (participant counts,
                groups, hours) are those of the plain case, the id mapped
                back;
  shuffled      the hours rows in another order (months no longer sorted):
                the same figures and the same count of controls per rule
                (hors-periode aside: its lines group consecutive rows);
  ends-*        CR, LF, a UTF-8 BOM, Windows-1252: the same figures and the
                same controles.csv, byte for byte;
  big-*         heures.csv grown past 16 MiB (the reader gives parsed pages
                back to the system) with an error on its last line: the
                message still names that line and column, and quotes the
                value; a last record whose quoted field spans 40 lines and
                has text after its closing quote: named at the line and
                column of that text.
"""
import csv
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import BIN, CASES, ROOT, report, exit_status  # noqa: E402

DUMP = os.path.join(ROOT, "build", "tests", "xlsx_dump")
PIECES = ["agen-4/2024/01-bilan.xlsx", "agen-4/2024/02-liste-marches.xlsx", "agen-4/2024/03-tableau-impact.xlsx",
          "agen-3/2024/01-bilan.xlsx", "agen-3/2024/02-liste-entreprises.xlsx"]
REF_COL = 7   # "Réf. participant" in heures.csv (0-based)


def run(work):
    r = subprocess.run([BIN, "run", "job.ini", "--out", "out"], cwd=work, capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"), timeout=600)
    return r.returncode, r.stderr


def read(work, rel):
    p = os.path.join(work, "out", rel)
    return open(p, encoding="utf-8").read() if os.path.exists(p) else None


def dump(work, rel):
    r = subprocess.run([DUMP, os.path.join(work, "out", rel)], capture_output=True, text=True)
    return r.stdout + r.stderr


def variant(tmp, name, edit):
    """A copy of agen-csv whose heures.csv bytes went through edit."""
    work = os.path.join(tmp, name)
    shutil.copytree(os.path.join(CASES, "agen-csv"), work)
    p = os.path.join(work, "exports", "heures.csv")
    with open(p, "rb") as f:
        data = f.read()
    with open(p, "wb") as f:
        f.write(edit(data))
    return work


def map_ids(fn):
    """An edit rewriting the participant id of every data line with fn."""
    def edit(data):
        lines = data.decode("utf-8").split("\r\n")
        for i in range(1, len(lines)):
            cells = lines[i].split(";")
            if len(cells) > REF_COL and cells[REF_COL]:
                cells[REF_COL] = fn(cells[REF_COL])
                lines[i] = ";".join(cells)
        return "\r\n".join(lines).encode("utf-8")
    return edit


def rules(controles):
    counts = {}
    for row in csv.reader(io.StringIO(controles or ""), delimiter=";"):
        if len(row) > 1 and row[1] != "hors-periode":   # ranges of consecutive rows: depend on the order
            counts[row[1]] = counts.get(row[1], 0) + 1
    return counts


def main():
    tmp = tempfile.mkdtemp(prefix="fsepack-invariance-")
    try:
        base = variant(tmp, "base", lambda d: d)
        rc, err = run(base)
        if not report(rc == 0, "invariance baseline run", "exit %d: %s" % (rc, err[-300:])):
            return
        fig = {f: read(base, f + "/2024/indicateurs.csv") for f in ("agen-3", "agen-4")}
        ctl = {f: read(base, f + "/2024/controles.csv") for f in ("agen-3", "agen-4")}
        cells = {p: dump(base, p) for p in PIECES}

        # ids equal on their first 12 bytes, or of exactly 12 bytes
        for name, fwd, back in (
                ("head-shared", lambda v: "ABCDEFGHIJKL" + v, lambda s: s.replace("ABCDEFGHIJKL", "")),
                ("head-exact", lambda v: (v + "0" * 12)[:12], lambda s: re.sub(r"\b(P\d{6})0{5}\b", r"\1", s))):
            w = variant(tmp, name, map_ids(fwd))
            rc, err = run(w)
            report(rc == 0, name + " run", "exit %d: %s" % (rc, err[-300:]))
            for f in fig:
                report(read(w, f + "/2024/indicateurs.csv") == fig[f], "%s %s figures" % (name, f))
                report(back(read(w, f + "/2024/controles.csv") or "") == ctl[f], "%s %s controles" % (name, f))
            for p in PIECES:
                got = back(dump(w, p))
                diff = [a + " | " + b for a, b in zip(got.splitlines(), cells[p].splitlines()) if a != b]
                report(got == cells[p], "%s %s cells" % (name, p), diff[:3])

        # hours rows in another order
        def shuffle(data):
            lines = data.rstrip(b"\r\n").split(b"\r\n")
            rows = lines[1:]
            random.Random(8).shuffle(rows)
            return b"\r\n".join([lines[0]] + rows) + b"\r\n"
        w = variant(tmp, "shuffled", shuffle)
        rc, err = run(w)
        for f in fig:
            report(rc == 0 and read(w, f + "/2024/indicateurs.csv") == fig[f], "shuffled %s figures" % f, err[-300:])
            a, b = rules(read(w, f + "/2024/controles.csv")), rules(ctl[f])
            report(a == b, "shuffled %s controls per rule" % f, "%s != %s" % (a, b))

        # line ends and encodings (line numbers unchanged)
        for name, edit in (("ends-cr", lambda d: d.replace(b"\r\n", b"\r")),
                           ("ends-lf", lambda d: d.replace(b"\r\n", b"\n")),
                           ("ends-bom", lambda d: b"\xef\xbb\xbf" + d),
                           ("ends-cp1252", lambda d: d.decode("utf-8").encode("cp1252"))):
            w = variant(tmp, name, edit)
            rc, err = run(w)
            for f in fig:
                report(rc == 0 and read(w, f + "/2024/indicateurs.csv") == fig[f], "%s %s figures" % (name, f),
                       err[-300:])
                report(read(w, f + "/2024/controles.csv") == ctl[f], "%s %s controles" % (name, f))

        # past 16 MiB: the pages parsed are given back, the messages still
        # quote the last line
        copies = 130   # 150 KB each: ~19.5 MB

        def grow(last):
            def edit(data):
                lines = data.rstrip(b"\r\n").split(b"\r\n")
                rows = lines[1:] * copies
                rows[-1] = last(rows[-1])
                return b"\r\n".join([lines[0]] + rows) + b"\r\n"
            return edit

        def cell(i, val):
            return lambda line: b";".join(val if k == i else c for k, c in enumerate(line.split(b";")))
        nlines = 1 + copies * (open(os.path.join(CASES, "agen-csv/exports/heures.csv"), "rb").read()
                               .rstrip(b"\r\n").count(b"\r\n"))
        w = variant(tmp, "big-number", grow(cell(17, b"12,5,3")))
        rc, err = run(w)
        want = "exports/heures.csv:%d:18: error: le champ heures contient « 12,5,3 »" % nlines
        report(rc == 65 and want in err, "big-number error on the last line", "exit %d: %s" % (rc, err[-300:]))
        quoted = b'"' + b"\r\n".join([b"y" * 999] * 40) + b'"trop'
        w = variant(tmp, "big-quoted", grow(cell(8, quoted)))
        rc, err = run(w)
        want = "exports/heures.csv:%d:1001: error: CSV mal formé : texte après le guillemet fermant du champ 9" \
               % (nlines + 39)
        report(rc == 65 and want in err, "big-quoted error after a 40-line field", "exit %d: %s" % (rc, err[-300:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
sys.exit(exit_status())
