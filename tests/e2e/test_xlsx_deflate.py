#!/usr/bin/python3
"""End-to-end: the XLSX pièces are deflated by ISA-L (pieces/xlsx_deflate.c,
issue 8), not by zlib inside libxlsxwriter, and stay sound. Runs the
Bordeaux sample (its bilan's Preuves sheets hold several MB of XML) from the
repository root with /usr/bin/python3:

  zip sound     every XLSX of the pack passes zipfile's testzip (each entry's
                CRC-32 and size) and `unzip -t` (when installed);
  isa-l         every entry is ZIP_DEFLATED with the general-purpose flag bits
                of level 1 (0x6; zlib's default level leaves them 0), and the
                largest entry is larger than zlib level 6 makes of the same
                bytes, by less than 60 %;
  openpyxl      every workbook opens with openpyxl, every sheet reads back
                as many rows as its dimension says, and the Preuves sheets
                hold more than 2 000 rows (the values themselves are checked
                by test_audit, test_pieces and the other XLSX tests);
  cut part      the same run under a 150 kB file size limit (SIGXFSZ
                ignored, as a full /tmp), below the bilan's XLSX and the
                deflated bytes of its largest part (the parts are deflated
                as libxlsxwriter writes them: xlsx_deflate.c "part files";
                under the 1 MB limit once used here, which cut their
                uncompressed temporary files, the run now succeeds):
                fsepack must fail with exit 73 and a French message naming
                the XLSX, leave the previous pack byte for byte and no
                temporary folder. A constant_memory sheet's temporary file
                cut short (the message then names the incomplete part) is
                tested by tests/unit/test_xlsx_tmpfile.c.

Prints "PASS name" / "FAIL name: why"; exit 0 iff no FAIL.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
import e2e
from e2e import report, BIN

try:
    import openpyxl
except ImportError:
    print("FAIL xlsx_deflate: openpyxl missing (run with /usr/bin/python3)")
    sys.exit(1)

JOB = os.path.join(e2e.ROOT, "samples", "bordeaux", "job.ini")


def zlib6(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return len(c.compress(data) + c.flush())


def main():
    tmp = tempfile.mkdtemp(prefix="fsepack-xdefl-")
    try:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1735689600")
        r = subprocess.run([BIN, "run", JOB, "--out", tmp], capture_output=True, text=True, env=env)
        if not report(r.returncode == 0, "xlsx_deflate run bordeaux", "exit %d %s" % (r.returncode, r.stderr[-300:])):
            return
        books = sorted(glob.glob(os.path.join(tmp, "*", "*", "*.xlsx")))
        report(len(books) >= 8, "xlsx_deflate pack has XLSX pièces", books)
        bad_crc, bad_method, biggest = [], [], None
        for b in books:
            with zipfile.ZipFile(b) as z:
                t = z.testzip()
                if t is not None:
                    bad_crc.append("%s:%s" % (os.path.basename(b), t))
                for i in z.infolist():
                    if i.compress_type != zipfile.ZIP_DEFLATED or i.flag_bits & 0x6 != 0x6:
                        bad_method.append("%s:%s type %d flags %#x" % (os.path.basename(b), i.filename,
                                                                       i.compress_type, i.flag_bits))
                    if biggest is None or i.file_size > biggest[2]:
                        biggest = (b, i.filename, i.file_size, i.compress_size, z.read(i))
        report(not bad_crc, "xlsx_deflate zip sound (testzip)", bad_crc[:5])
        if shutil.which("unzip"):
            bad = [b for b in books if subprocess.run(["unzip", "-tqq", b], capture_output=True).returncode]
            report(not bad, "xlsx_deflate zip sound (unzip -t)", bad[:5])
        report(not bad_method, "xlsx_deflate every entry deflated at level 1 (flag bits 0x6)", bad_method[:5])
        b, name, size, csize, data = biggest
        z6 = zlib6(data)
        report(size > 1000000 and z6 < csize < z6 * 1.6,
               "xlsx_deflate largest entry compressed by ISA-L, not zlib -6",
               "%s %s: %d bytes -> %d (zlib -6: %d)" % (os.path.basename(b), name, size, csize, z6))

        bad, rows = [], 0
        for b in books:
            wb = openpyxl.load_workbook(b)
            for ws in wb.worksheets:
                n = sum(1 for _ in ws.iter_rows(values_only=True))
                if n != ws.max_row:
                    bad.append("%s!%s: %d rows read, dimension %d" % (os.path.basename(b), ws.title, n, ws.max_row))
                if ws.title.startswith("Preuves"):
                    rows += n
        report(not bad and rows > 2000, "xlsx_deflate openpyxl reads every workbook",
               "preuves rows %d; %s" % (rows, bad[:5]))
        cut_part(tmp, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def tree(root):
    """{relative path: bytes} of every file under root."""
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = fh.read()
    return out


def cut_part(tmp, env):
    before = tree(tmp)
    r = subprocess.run(["bash", "-c", "trap '' XFSZ; ulimit -f 150; exec \"$0\" run \"$1\" --out \"$2\"",
                        BIN, JOB, tmp], capture_output=True, text=True, env=env)
    msg = [l for l in r.stderr.splitlines() if "écriture impossible de" in l]
    report(r.returncode == 73 and msg and msg[0].split(" : ")[0].endswith("01-bilan.xlsx"),
           "xlsx_deflate cut part: exit 73 naming the XLSX", "exit %d %s" % (r.returncode, r.stderr[-400:]))
    # libxlsxwriter's own English "[ERROR] workbook_close(): …" lines are
    # not shown beside the French error (xlsx_writer.c capture_begin)
    report("[ERROR]" not in r.stderr and "workbook_close" not in r.stderr,
           "xlsx_deflate cut part: only the French error, no libxlsxwriter line", r.stderr[-400:])
    after = tree(tmp)
    report(after == before, "xlsx_deflate cut part: previous pack intact, nothing left behind",
           "changed or new: %s" % sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))[:5])


main()
sys.exit(e2e.exit_status())
