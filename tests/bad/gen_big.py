#!/usr/bin/env python3
"""gen_big.py — the big inputs of the bad-input corpus, made at test time
rather than committed (tests/e2e/test_bad.sh calls it).

usage: gen_big.py NAME OUT ACTIONS_CSV
  NAME: cell-30mb.csv | cell-30mb.xlsx | zip-bomb.xlsx | too-many-columns.csv
  ACTIONS_CSV: the fixture's actions export the first two start from.
"""
import sys
import zipfile

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P = "http://schemas.openxmlformats.org/package/2006/relationships"


def book(path, write_sheet):
    """An XLSX with one sheet "Actions" whose sheet1.xml write_sheet(zipfile) writes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("_rels/.rels", '<Relationships xmlns="%s"><Relationship Id="r1" Type="%s/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>' % (P, R))
        z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="Actions" '
                   'sheetId="1" r:id="r1"/></sheets></workbook>' % (M, R))
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="%s"><Relationship Id="r1" '
                   'Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % (P, R))
        write_sheet(z)


def cell_30mb_csv(out, actions):
    rows = open(actions, "rb").read().split(b"\r\n")[:6]
    f = rows[4].split(b";")
    f[1] = b'"' + b"x" * (30 << 20) + b'"'
    rows[4] = b";".join(f)
    open(out, "wb").write(b"\r\n".join(rows) + b"\r\n")


def cell_30mb_xlsx(out, actions):
    rows = open(actions, "rb").read().decode().split("\r\n")[:6]
    f = rows[4].split(";")
    f[1] = "x" * (30 << 20)
    rows[4] = ";".join(f)
    cells = "".join('<row r="%d">%s</row>' % (i + 1, "".join('<c t="inlineStr"><is><t>%s</t></is></c>' % v
                    for v in r.split(";"))) for i, r in enumerate(rows))
    book(out, lambda z: z.writestr("xl/worksheets/sheet1.xml",
                                   '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (M, cells)))


def zip_bomb_xlsx(out, actions):
    def sheet(z):   # 600 MiB of blanks that deflate to almost nothing
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(('<worksheet xmlns="%s"><sheetData>' % M).encode())
            blank = b" " * (1 << 20)
            for _ in range(600):
                f.write(blank)
            f.write(b"</sheetData></worksheet>")
    book(out, sheet)


def too_many_columns_csv(out, actions):
    open(out, "w").write(";".join("C%d" % i for i in range(16385)) + "\r\n")


MAKERS = {"cell-30mb.csv": cell_30mb_csv, "cell-30mb.xlsx": cell_30mb_xlsx,
          "zip-bomb.xlsx": zip_bomb_xlsx, "too-many-columns.csv": too_many_columns_csv}

if __name__ == "__main__":
    name, out, actions = sys.argv[1:4]
    if name not in MAKERS:
        sys.exit("gen_big.py: no generator for %s" % name)
    MAKERS[name](out, actions)
