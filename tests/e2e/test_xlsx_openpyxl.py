#!/usr/bin/python3
"""The C XLSX reader against openpyxl, cell by cell.

Run from the repository root with /usr/bin/python3 (which has openpyxl).
For every .xlsx under tests/fixtures (recursively, except the deliberately
broken ones under */broken/) and under ../shared/cases/*/exports when ../shared
exists, compares the output of build/tests/xlsx_dump (see
tests/tools/xlsx_dump.c) with openpyxl.load_workbook(data_only=True):
  str      -> TEXT, same text (openpyxl leaves _xHHHH_ escapes, we decode them)
  int/float-> NUMBER, same value
  datetime -> DATE with the same ISO text (to the second), or NUMBER with the
              serial when the format shows no date (h:mm with a day count)
  date     -> DATE "YYYY-MM-DD"
  time, timedelta -> NUMBER (fraction of day / days)
  bool     -> BOOL; data_type 'e' -> ERROR; None or '' -> nothing
Known, deliberate differences, accepted: serial 60 of the 1900 system
(openpyxl: 1900-02-28, we: NUMBER 60) and serials in [0, 1) of the 1904
system (openpyxl: a time, we: 1904-01-01 plus that time).
Prints "PASS <file>" or "FAIL <file>: why" per file; exit 0 iff no FAIL.
"""
import datetime
import glob
import os
import re
import subprocess
import sys
import warnings

try:
    import openpyxl
except ImportError:
    print("FAIL xlsx_openpyxl: openpyxl missing (apt-get install python3-openpyxl)")
    sys.exit(1)

DUMP = "build/tests/xlsx_dump"
EPOCH_1970 = datetime.datetime(1970, 1, 1)
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def dump_binary():
    """build/tests/xlsx_dump, brought up to date by the Makefile's own rule
    (it links the reader with every object it needs, so no source list here
    can drift from the code)."""
    r = subprocess.run(["make", "-s", DUMP], capture_output=True, text=True)
    if r.returncode or not os.path.exists(DUMP):
        print("FAIL xlsx_dump: cannot build: %s" % r.stderr.strip().replace("\n", " | ")[:300])
        sys.exit(1)
    return DUMP


def unescape(s):
    """Decode _xHHHH_ as the C reader does (pairs joined, lone surrogates and NUL U+FFFD)."""
    units = []
    pos = 0
    for m in ESCAPE.finditer(s):
        units.append(s[pos:m.start()])
        units.append(int(m.group(1), 16))
        pos = m.end()
    units.append(s[pos:])
    out = []
    i = 0
    while i < len(units):
        u = units[i]
        if isinstance(u, str):
            out.append(u)
        elif 0xD800 <= u <= 0xDBFF and i + 2 < len(units) and units[i + 1] == "" \
                and isinstance(units[i + 2], int) and 0xDC00 <= units[i + 2] <= 0xDFFF:
            out.append(chr(0x10000 + ((u - 0xD800) << 10) + (units[i + 2] - 0xDC00)))
            i += 2
        elif 0xD800 <= u <= 0xDFFF or u == 0:
            out.append("\ufffd")
        else:
            out.append(chr(u))
        i += 1
    return "".join(out)


def unquote(field):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), field)


def read_dump(binary, path):
    r = subprocess.run([binary, path], capture_output=True)
    if r.returncode:
        raise RuntimeError("xlsx_dump: " + r.stderr.decode("utf-8", "replace").strip())
    sheets = []
    for line in r.stdout.decode("utf-8").split("\n"):
        if not line:
            continue
        f = line.split("\t")
        if f[0] == "sheet":
            sheets.append((unquote(f[1]), {}))
        else:
            sheets[-1][1][(int(f[0]), int(f[1]))] = (f[2], unquote(f[3]), float(f[4]))
    return sheets


def shows_date(fmt):
    """Mirror of fse_xlsx_code_fmt: does the first section show a day, month or year?"""
    f = (fmt or "").split(";")[0]
    f = re.sub(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|(?i:am/pm|a/p)', "", f).lower()
    return bool(re.search("[yd]", f)) or ("m" in f and not re.search("[hs]", f))


def serial_of(dt, is1904):
    base = datetime.datetime(1904, 1, 1) if is1904 else datetime.datetime(1899, 12, 30)
    s = (dt - base) / datetime.timedelta(days=1)
    return s - 1 if not is1904 and s < 61 else s          # openpyxl adds a day below 60


def iso(dt):
    dt = (dt + datetime.timedelta(microseconds=500000)).replace(microsecond=0)
    return dt.strftime("%Y-%m-%d") if dt.time() == datetime.time(0) else dt.strftime("%Y-%m-%dT%H:%M:%S")


def check_cell(ref, cell, ours, is1904):
    """Return None when our (kind, text, num) matches openpyxl's cell, else a reason."""
    v = cell.value
    got = "%s %r %r" % ours if ours else "nothing"
    if v is None or v == "":
        return None if ours is None else "%s: openpyxl empty, we %s" % (ref, got)
    if ours is None:
        return "%s: openpyxl %r, we nothing" % (ref, v)
    kind, text, num = ours
    ok = False
    if cell.data_type == "e":
        ok = kind == "ERROR" and text == v
    elif isinstance(v, bool):
        ok = kind == "BOOL" and text == ("TRUE" if v else "FALSE") and num == int(v)
    elif isinstance(v, (int, float)):
        ok = kind == "NUMBER" and num == float(v) and float(text) == num
    elif isinstance(v, str):
        ok = kind == "TEXT" and text == unescape(v)
    elif isinstance(v, datetime.datetime):
        if kind == "DATE":
            ok = text == iso(v) and abs(num - (v - EPOCH_1970) / datetime.timedelta(days=1)) < 1e-5
        elif kind == "NUMBER" and not is1904 and num == 60:
            ok = v == datetime.datetime(1900, 2, 28)          # the phantom 29/02/1900
        elif kind == "NUMBER":
            ok = abs(num - serial_of(v, is1904)) < 1e-6 and not shows_date(cell.number_format)
    elif isinstance(v, datetime.date):
        ok = kind == "DATE" and text == v.isoformat()
    elif isinstance(v, datetime.time):
        secs = v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6
        if kind == "NUMBER":
            ok = abs(num * 86400 - secs) < 0.01
        elif kind == "DATE" and is1904:
            ok = text == iso(datetime.datetime(1904, 1, 1) + datetime.timedelta(seconds=secs))
    elif isinstance(v, datetime.timedelta):
        ok = kind == "NUMBER" and abs(num * 86400 - v.total_seconds()) < 0.01
    return None if ok else "%s: openpyxl %r (%s), we %s" % (ref, v, cell.number_format, got)


def compare(binary, path):
    ours = read_dump(binary, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, data_only=True)
    is1904 = wb.epoch == datetime.datetime(1904, 1, 1)
    names = [ws.title for ws in wb.worksheets]
    if names != [n for n, _ in ours]:
        return "sheets %r, openpyxl %r" % ([n for n, _ in ours], names)
    ncells = 0
    for ws, (name, cells) in zip(wb.worksheets, ours):
        seen = set()
        for (r, c), cell in ws._cells.items():
            seen.add((r, c))
            why = check_cell("%s!%s" % (name, cell.coordinate), cell, cells.get((r, c)), is1904)
            if why:
                return why
            ncells += cell.value not in (None, "")
        extra = sorted(k for k in cells if k not in seen)
        if extra:
            return "%s: we have cells openpyxl has not, first at row %d col %d" % (name, *extra[0])
    return ncells


def main():
    files = sorted(p for p in glob.glob("tests/fixtures/**/*.xlsx", recursive=True)
                   if "/broken/" not in p)
    if os.path.isdir("../shared"):
        files += sorted(glob.glob("../shared/cases/*/exports/*.xlsx"))
    if not files:
        print("FAIL xlsx_openpyxl: no .xlsx file found (run from the repository root)")
        return 1
    binary = dump_binary()
    failed = 0
    for path in files:
        try:
            res = compare(binary, path)
        except Exception as e:  # a crash of either side is a failure of this file
            res = "%s: %s" % (type(e).__name__, e)
        if isinstance(res, int):
            print("PASS %s (%d cells)" % (path, res))
        else:
            failed += 1
            print("FAIL %s: %s" % (path, res))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
