#!/usr/bin/python3
"""End-to-end: poppler reads every PDF of a pack without a warning.

Auditors open the pièces with poppler's tools (pdftotext, pdffonts); a
"Syntax Warning" on their stderr makes a pack look broken. libharu 2.3.0
gave every font a ToUnicode CMap written with `begincidrange`, which a
ToUnicode map may not use (PDF 32000-1 §9.10.3), and poppler printed
"Invalid 'begincidrange' operator in ToUnicode CMap" for each font of each
PDF; generator/pieces/pdf_tounicode.c writes a valid one. For each fixture
case of tests/fixtures/cases, every PDF of the pack (pièces, bordereau,
dossier-complet.pdf) must give an empty stderr and exit 0 with `pdftotext`,
`pdftotext -layout` and `pdffonts`, and pdffonts must say each font has a
ToUnicode map ("uni yes"). The map itself is read back with qpdf: bfranges
only, and it must send the codes the pages draw to the characters of the
text: "Opération" (the bordereau's first table) is drawn with the codes
004F 0070 00E9 ..., which the map must send to U+004F U+0070 U+00E9 ...
Run from the repository root, after `make build/fsepack`.
"""
import os
import re
import subprocess
import sys
import tempfile

import e2e

CASES = ["agen-csv", "bordeaux-cp1252", "graves-xlsx"]


def run(args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def quiet(path, name):
    """pdftotext, pdftotext -layout and pdffonts: exit 0, nothing on stderr."""
    bad = []
    for args in (["pdftotext", path, "-"], ["pdftotext", "-layout", path, "-"], ["pdffonts", path]):
        r = run(args)
        if r.returncode != 0 or r.stderr:
            bad.append("%s: exit %d, stderr %r" % (" ".join(a for a in args if a not in (path, "-")),
                                                   r.returncode, r.stderr.decode(errors="replace")[:200]))
    e2e.report(not bad, "pdf_poppler quiet %s" % name, "; ".join(bad))
    fonts = [l.split() for l in run(["pdffonts", path]).stdout.decode().splitlines()[2:] if l.strip()]
    e2e.report(fonts and all(len(t) >= 6 and t[-3] == "yes" for t in fonts),
               "pdf_poppler unicode map %s" % name, "pdffonts uni column: %s" % [t[-3:] for t in fonts])


def tounicode_maps(path):
    """The decoded /ToUnicode streams of path, by object number (the file
    as libharu writes it: no object streams, uncompressed dictionaries)."""
    data = open(path, "rb").read()
    maps = {}
    for num in sorted(set(re.findall(rb"/ToUnicode (\d+) 0 R", data))):
        r = run(["qpdf", "--show-object=%d" % int(num), "--filtered-stream-data", path])
        maps[int(num)] = r.stdout.decode("latin-1") if r.returncode == 0 else ""
    return maps


def lookup(cmap, code):
    """The Unicode text the bfranges / bfchars of cmap give a 2-byte code, or None."""
    for a, b, dst in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>", cmap):
        lo, hi = int(a, 16), int(b, 16)
        if lo <= code <= hi:
            return chr(int(dst, 16) + code - lo)
    return None


def check_map(pack, name):
    """The bordereau's maps: bfranges only; the codes of "Opération" as drawn
    in a content stream map back to "Opération"."""
    path = os.path.join(pack, "00-bordereau.pdf")
    maps = tounicode_maps(path)
    e2e.report(len(maps) == 2, "pdf_poppler two maps %s" % name, "ToUnicode objects: %s" % sorted(maps))
    for num, cmap in sorted(maps.items()):
        e2e.report("beginbfrange" in cmap and "cidrange" not in cmap and "notdefrange" not in cmap,
                   "pdf_poppler bfrange only %s obj %d" % (name, num), cmap[:300])
    # the codes drawn: the hex string of a Tj in the first page's content stream
    qdf = run(["qpdf", "--qdf", "--object-streams=disable", path, "-"]).stdout
    drawn = None
    for hexstr in re.findall(rb"<([0-9a-f]+)> Tj", qdf):
        codes = [int(hexstr[i:i + 4], 16) for i in range(0, len(hexstr), 4)]
        if len(codes) == 9 and codes[2] == 0xE9 and codes[0] == 0x4F:
            drawn = codes
            break
    e2e.report(drawn is not None, "pdf_poppler codes drawn %s" % name, "no <004f..00e9..> Tj in the bordereau")
    if drawn:
        for num, cmap in sorted(maps.items()):
            got = "".join(lookup(cmap, c) or "?" for c in drawn)
            e2e.report(got == "Opération", "pdf_poppler map sends codes to text %s obj %d" % (name, num),
                       "codes %s give %r" % (["%04X" % c for c in drawn], got))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1735689600")
        for case in CASES:
            job = os.path.join(e2e.CASES, case, "job.ini")
            out = os.path.join(tmp, case)
            r = subprocess.run([e2e.BIN, "run", job, "--out", out], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if not e2e.report(r.returncode == 0, "pdf_poppler run %s" % case,
                              "exit %d: %s" % (r.returncode, r.stderr[-300:])):
                continue
            packs = []
            for root, _, files in sorted(os.walk(out)):
                for f in sorted(files):
                    if f.endswith(".pdf"):
                        quiet(os.path.join(root, f), "%s/%s" % (case, os.path.relpath(os.path.join(root, f), out)))
                if "00-bordereau.pdf" in files:
                    packs.append(root)
            e2e.report(bool(packs), "pdf_poppler packs %s" % case, "no bordereau under %s" % out)
            for pack in packs:
                check_map(pack, "%s/%s" % (case, os.path.relpath(pack, out)))
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
