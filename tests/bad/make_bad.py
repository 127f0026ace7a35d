#!/usr/bin/python3
"""Write the small hostile inputs of tests/bad/ from the agen-csv fixture.

Each file stands in for one export of tests/fixtures/cases/agen-csv (the
dataset is named in expected.tsv); tests/e2e/test_bad.sh runs the job with
that export replaced and checks the exact message and exit status. The
files are committed; re-run only after changing this script (from anywhere,
with /usr/bin/python3, which has openpyxl). The large ones (a 30 MB cell, a
zip bomb, a 600 MiB file, 16 385 columns) are made by test_bad.sh at test
time instead of being committed.
"""
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = os.path.join(HERE, "..", "fixtures", "cases", "agen-csv", "exports")


def src(name):
    with open(os.path.join(CASE, name), "rb") as fh:
        return fh.read().split(b"\r\n")[:21]      # header + 20 rows


def put(name, data):
    with open(os.path.join(HERE, name), "wb") as fh:
        fh.write(data)


def lines(rows):
    return b"\r\n".join(rows) + b"\r\n"


def edit(rows, i, old, new):
    rows = list(rows)
    assert old in rows[i], (i, old)
    rows[i] = rows[i].replace(old, new, 1)
    return rows


A = src("actions.csv")     # N° action;Intitulé;Type d'action;Date;…
H = src("heures.csv")      # …;Mois;Heures réalisées;Heures de formation
date5 = A[5].split(b";")[3]
hours7 = H[7].split(b";")[17]

# --- CSV -------------------------------------------------------------------
put("empty.csv", b"")
put("blank-lines.csv", b"\r\n\r\n  \r\n")
put("header-only.csv", lines(A[:1]))
put("unbalanced-quote.csv", lines(edit(A, 5, b";Sens", b';"Sens')))
put("stray-quote.csv", lines(edit(A, 5, b"Sens", b'Se"ns')))
put("duplicate-header.csv", lines([A[0].replace(b"Lieu", b"Date")] + A[1:]))
put("missing-column.csv", lines([b";".join(r.split(b";")[:3] + r.split(b";")[4:]) for r in A]))
put("no-header.csv", lines([b"Export;du;01/01/2025"] + [b"x;y;z"] * 3))
put("date-31-02.csv", lines(edit(A, 5, b";" + date5 + b";", b";31/02/2024;")))
put("date-month-13.csv", lines(edit(A, 5, b";" + date5 + b";", b";12/13/2024;")))
put("date-two-digit-year.csv", lines(edit(A, 5, b";" + date5 + b";", b";17/03/24;")))
put("number-12-5-3.csv", lines(edit(H, 7, b";" + hours7 + b";", b";12,5,3;")))
put("negative-hours.csv", lines(edit(H, 7, b";" + hours7 + b";", b";-7,00;")))
put("number-exponent.csv", lines(edit(H, 7, b";" + hours7 + b";", b";1e3;")))
put("number-with-unit.csv", lines(edit(H, 7, b";" + hours7 + b";", b";7 h;")))
put("number-huge.csv", lines(edit(H, 7, b";" + hours7 + b";", b";1" + b"0" * 40 + b";")))
put("extra-field.csv", lines(edit(A, 5, b";", b";X;")))
put("missing-field.csv", lines(A[:6] + [b";".join(A[6].split(b";")[:-1])] + A[7:]))
u16 = b"\xff\xfe" + lines(A).decode("utf-8").encode("utf-16-le")
put("utf16-truncated.csv", u16[:len(u16) - 601])      # cut inside a character
put("utf16-lone-surrogate.csv", b"\xff\xfe" + lines(A).decode("utf-8").replace("Sens", "Se\ud800ns", 1)
    .encode("utf-16-le", "surrogatepass"))
put("nul-byte.csv", lines(edit(A, 5, b"Sens", b"Se\x00ns")))
put("mixed-encoding.csv", lines(A[:5] + [A[5].decode("utf-8").encode("cp1252")] + A[6:]))
put("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
put("invalid-utf8-declared.csv", lines(edit(A, 5, b"Sens", b"Sens\xff")))


# --- XLSX ------------------------------------------------------------------
def book(rows):
    """A minimal workbook written by hand, every text in xl/sharedStrings.xml
    (as Excel writes them; openpyxl would write inline strings)."""
    from xml.sax.saxutils import escape
    sst, index, cells = [], {}, []
    for i, r in enumerate(rows):
        cs = []
        for j, v in enumerate(r.decode("utf-8").split(";")):
            if v not in index:
                index[v] = len(sst)
                sst.append(v)
            cs.append('<c r="%s%d" t="s"><v>%d</v></c>' % ("ABCDEFGHIJKLMNOPQRSTUVWXYZ"[j], i + 1, index[v]))
        cells.append('<row r="%d">%s</row>' % (i + 1, "".join(cs)))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>' % (pkg, rel),
        "xl/workbook.xml": '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="Actions" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>' % (main, rel),
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>' % (pkg, rel, rel),
        "xl/sharedStrings.xml": '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' % (
            main, len(sst), len(sst), "".join("<si><t>%s</t></si>" % escape(v) for v in sst)),
        "xl/worksheets/sheet1.xml": '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (
            main, "".join(cells)),
    }
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body)
    return b.getvalue()


def rezip(data, drop=(), change=None):
    """Copy the zip data without the parts in drop, change(name, bytes) -> bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            body = zin.read(info.filename)
            if change:
                body = change(info.filename, body)
            zout.writestr(info.filename, body)
    return out.getvalue()


good = book(A)
put("truncated.xlsx", good[: len(good) // 2])
put("no-shared-strings.xlsx", rezip(good, drop=("xl/sharedStrings.xml",)))
put("header-only.xlsx", book(A[:1]))
put("date-31-02.xlsx", book(edit(A, 5, b";" + date5 + b";", b";31/02/2024;")))
put("no-sheet-part.xlsx", rezip(good, drop=("xl/worksheets/sheet1.xml",)))


def sheet_edit(old, new):
    def f(name, body):
        if name == "xl/worksheets/sheet1.xml":
            assert old in body, old
            return body.replace(old, new, 1)
        return body
    return f


put("bad-xml.xlsx", rezip(good, change=sheet_edit(b"</row>", b"</rw>")))
put("sst-index.xlsx", rezip(good, change=sheet_edit(b"<v>0</v>", b"<v>99999</v>")))
put("duplicate-cell.xlsx", rezip(good, change=sheet_edit(b'r="B2"', b'r="A2"')))
put("cell-past-xfd.xlsx", rezip(good, change=sheet_edit(b'r="B2"', b'r="XFE2"')))
put("doctype.xlsx", rezip(good, change=sheet_edit(
    b"<worksheet", b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet')))
put("deep-nesting.xlsx", rezip(good, change=sheet_edit(
    b"<sheetData>", b"<sheetData>" + b"<x>" * 100000 + b"</x>" * 100000)))
crc = bytearray(good)
pos = crc.find(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml") + 40
crc[pos] ^= 0xFF     # a byte of the compressed sheet flipped: CRC or inflate error
put("bad-crc.xlsx", bytes(crc))
out = io.BytesIO()
with zipfile.ZipFile(out, "w") as z:
    z.writestr("readme.txt", "not a workbook")
put("not-a-workbook.xlsx", out.getvalue())

# --- job -------------------------------------------------------------------
put("job-long-line.ini", b"[plie]\nporteur = " + b"x" * 300 + b"\n")
put("job-not-utf8.ini", b"[plie]\nporteur = Association Agen\xe9\n")
put("job-unknown-dataset.ini", b"[source.participantes]\nfichier = exports/actions.csv\n")
put("job-path-traversal.ini", b"[fiche.../../etc]\ndossier_mdfse = 1\n")
