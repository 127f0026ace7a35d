#!/usr/bin/python3
"""End-to-end: dossier-complet.pdf is the pack's pièces merged as written (issue 8).

Run from the repository root after `make build/fsepack`; needs qpdf and
poppler-utils (pdfinfo, pdftotext).

Packs made here from tests/fixtures/cases (SOURCE_DATE_EPOCH=1735689600):
agen-csv (agen-4/2024) and graves-xlsx (graves-3/2024). For each pack, the
pièces are its NN-id.pdf files in NN order (00-bordereau first, as built):
  - `qpdf --check` of dossier-complet.pdf exits 0;
  - its page count (pdfinfo) = the sum of the pièces' page counts (pdfinfo),
    and the "pages" the manifest gives it;
  - its outline (qpdf --json --json-key=outlines) has one top-level item per
    pièce, in NN order, none nested; item k points (/Fit) to the page where
    pièce k starts (1 + the pages of the pièces before it), and its title is
    the one the bordereau's list of files gives NN-id.pdf (pdftotext; for
    the bordereau itself, the title of its page header);
  - the text (pdftotext -layout) of the first and of the last page of every
    pièce equals that of the same page in the dossier; so does every page of
    the graves tableau d'impact (its "page X / Y" footer stays the pièce's);
  - pdfinfo: Title "Dossier des pièces justificatives", Creator "fsepack",
    Author = the PLIE, CreationDate 2025-01-01 00:00 UTC (SOURCE_DATE_EPOCH);
  - a second run with the same SOURCE_DATE_EPOCH writes identical bytes.
Prints "PASS <name>" or "FAIL <name>: <why>" per check; exit 0 iff no FAIL.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import e2e
from e2e import report

EPOCH = "1735689600"  # 2025-01-01T00:00:00Z


def run(case, out):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    p = subprocess.run([e2e.BIN, "run", os.path.join(e2e.CASES, case, "job.ini"), "--out", out],
                       env=env, capture_output=True, text=True)
    return p.returncode, p.stderr


def pdfinfo(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (l.split(":", 1) for l in out.splitlines() if ":" in l)}


def page_text(path, page):
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), path, "-"],
                          capture_output=True, text=True).stdout


def check_pack(name, pack, plie):
    dossier = os.path.join(pack, "dossier-complet.pdf")
    if not report(os.path.exists(dossier), "%s dossier-complet.pdf written" % name, pack):
        return
    chk = subprocess.run(["qpdf", "--check", dossier], capture_output=True, text=True)
    report(chk.returncode == 0, "%s dossier qpdf --check" % name, chk.stdout[-300:] + chk.stderr[-300:])
    pieces = sorted(p for p in glob.glob(os.path.join(pack, "[0-9][0-9]-*.pdf")))
    report(len(pieces) >= 3 and os.path.basename(pieces[0]) == "00-bordereau.pdf",
           "%s pièces found, bordereau first" % name, [os.path.basename(p) for p in pieces])
    pages = [int(pdfinfo(p).get("Pages", "-1")) for p in pieces]
    starts = [1 + sum(pages[:k]) for k in range(len(pieces))]
    info = pdfinfo(dossier)
    total = int(info.get("Pages", "-1"))
    report(total == sum(pages) and min(pages) > 0, "%s dossier pages = sum of the pièces' pages" % name,
           "%d vs %s" % (total, pages))
    manifest = json.load(open(os.path.join(pack, "manifest.json")))
    listed = [s.get("pages") for s in manifest["sorties"] if s["chemin"] == "dossier-complet.pdf"]
    report(listed == [total], "%s manifest pages of the dossier" % name, "%s vs %d" % (listed, total))

    js = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", dossier],
                                   capture_output=True, text=True).stdout)
    items = js["outlines"]
    report(len(items) == len(pieces) and all(not o["kids"] for o in items),
           "%s one flat outline item per pièce" % name, "%d items for %d pièces" % (len(items), len(pieces)))
    bordereau = subprocess.run(["pdftotext", "-layout", pieces[0], "-"], capture_output=True, text=True).stdout
    for k, (piece, o) in enumerate(zip(pieces, items)):
        base = os.path.basename(piece)
        report(o["destpageposfrom1"] == starts[k] and o["dest"][1:] == ["/Fit"],
               "%s outline %s -> its first page" % (name, base),
               "%s vs page %d" % ((o["destpageposfrom1"], o["dest"]), starts[k]))
        listed = re.escape(base) + r"\s+" + re.escape(o["title"]) if k else re.escape(o["title"])  # its header
        report(o["title"] and re.search(r"^\s*" + listed + r"\s", bordereau, re.M),
               "%s outline title of %s is its title in the bordereau" % (name, base), o["title"])
        checked = {1, pages[k]}
        if "tableau-impact" in base and name == "graves":
            checked = set(range(1, pages[k] + 1))
        for p in sorted(checked):
            a, b = page_text(piece, p), page_text(dossier, starts[k] + p - 1)
            report(a.strip() and a == b, "%s text of %s page %d = dossier page %d" % (name, base, p, starts[k] + p - 1),
                   "%r vs %r" % (a[:200], b[:200]))
    footers = re.findall(r"page (\d+) / (\d+)", page_text(dossier, starts[-1] + pages[-1] - 1))
    report(footers == [(str(pages[-1]), str(pages[-1]))], "%s last dossier page keeps the pièce's footer" % name,
           footers)

    report(info.get("Title") == "Dossier des pièces justificatives", "%s dossier Title" % name, info.get("Title"))
    report(info.get("Creator") == "fsepack" and info.get("Author") == plie, "%s dossier Creator/Author" % name,
           (info.get("Creator"), info.get("Author")))
    report(info.get("CreationDate", "").endswith("Jan  1 00:00:00 2025 UTC")
           and info.get("ModDate") == info.get("CreationDate"),
           "%s dossier dates from SOURCE_DATE_EPOCH" % name, (info.get("CreationDate"), info.get("ModDate")))


def main():
    tmp = tempfile.mkdtemp(prefix="fsepack-dossier.")
    try:
        for name, case, fiche, plie in (("agen", "agen-csv", "agen-4", "PLIE de l'Agenais"),
                                        ("graves", "graves-xlsx", "graves-3", "PLIE des Graves")):
            outs = [os.path.join(tmp, "%s-%d" % (name, i)) for i in (1, 2)]
            rcs = [run(case, o) for o in outs]
            if not report(all(rc == 0 for rc, _ in rcs), "%s run" % name, [e[-300:] for _, e in rcs]):
                continue
            packs = [os.path.join(o, fiche, "2024") for o in outs]
            check_pack(name, packs[0], plie)
            same = [open(os.path.join(p, "dossier-complet.pdf"), "rb").read() for p in packs]
            report(same[0] == same[1] and len(same[0]) > 1000, "%s dossier identical bytes over two runs" % name,
                   "%d vs %d bytes" % (len(same[0]), len(same[1])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(e2e.exit_status())


if __name__ == "__main__":
    main()
