#!/usr/bin/python3
"""End-to-end: the sample exports are those the generator writes, and they are sound.

Run from the repository root with /usr/bin/python3 (openpyxl). Checks:

  same seed, same files   tests/tools/gen_samples.py --into TMP writes, for each of
                          the ten PLIEs, byte for byte the files committed under
                          samples/<plie>/ (job.ini, expected.csv, exports/…), and
                          no file of samples/ is missing from its output;
  SIRET Luhn              every value of a SIRET column of every export (CSV in
                          UTF-8 or Windows-1252, XLSX) is empty or 14 digits
                          passing the Luhn check;
  volumes                 Bordeaux's heures export holds more than 2 000 rows and
                          its expected heures_insertion is within 20 % of the
                          350 000 of bordeaux-4; Agen's expected marchés clausés
                          within 20 % of 90; the samples weigh less than 5 MB.

Prints "PASS name" / "FAIL name: why"; exit 0 iff no FAIL.
"""
import csv
import glob
import io
import os
import shutil
import subprocess
import sys
import tempfile
import e2e

ROOT = e2e.ROOT
SAMPLES = os.path.join(ROOT, "samples")
GEN = os.path.join(ROOT, "tests", "tools", "gen_samples.py")


def files_under(d):
    return sorted(os.path.relpath(os.path.join(a, f), d) for a, _, fs in os.walk(d) for f in fs)


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def csv_rows(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text else ""
    delim = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delim))


def xlsx_rows(path):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = []
    for ws in wb.worksheets:
        rows += [list(r) for r in ws.iter_rows(values_only=True)]
    return rows


def sirets(path):
    rows = xlsx_rows(path) if path.endswith(".xlsx") else csv_rows(path)
    out, col = [], None
    for r in rows:
        cells = ["" if c is None else str(c).strip() for c in r]
        if col is None:
            if "SIRET" in cells:
                col = cells.index("SIRET")
            continue
        if col < len(cells) and cells[0] != "Total":
            out.append(cells[col])
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="fsepack-gen-samples-")
    try:
        p = subprocess.run([sys.executable, GEN, "--into", tmp], capture_output=True, text=True)
        if not e2e.report(p.returncode == 0, "gen_samples runs", p.stderr[-400:]):
            return 1
        plies = sorted(os.listdir(tmp))
        e2e.report(len(plies) == 10, "gen_samples writes the ten PLIEs", plies)
        for plie in plies:
            new, old = files_under(os.path.join(tmp, plie)), files_under(os.path.join(SAMPLES, plie))
            differ = [f for f in new if f not in old or
                      open(os.path.join(tmp, plie, f), "rb").read() != open(os.path.join(SAMPLES, plie, f), "rb").read()]
            e2e.report(not differ and new == old, "samples/%s is what gen_samples writes (same seed, same files)" % plie,
                       "differ: %s; only committed: %s" % (differ[:5], sorted(set(old) - set(new))[:5]))
        bad, n = [], 0
        for path in sorted(glob.glob(os.path.join(SAMPLES, "*", "exports", "*"))):
            for v in sirets(path):
                if v:
                    n += 1
                    if not (len(v) == 14 and v.isdigit() and luhn_ok(v)):
                        bad.append("%s: %r" % (os.path.relpath(path, ROOT), v))
        e2e.report(n > 500 and not bad, "samples: every SIRET is 14 digits passing the Luhn check (%d)" % n,
                   "%d values read; bad %s" % (n, bad[:5]))
        heures = csv_rows(os.path.join(SAMPLES, "bordeaux", "exports", "heures.csv"))
        exp = {}
        for f in glob.glob(os.path.join(SAMPLES, "*", "expected.csv")):
            for r in csv.DictReader(open(f, encoding="utf-8"), delimiter=";"):
                exp[(r["fiche"], r["indicateur"])] = float(r["valeur"])
        h = exp.get(("bordeaux-4", "heures_insertion"), 0)
        e2e.report(len(heures) > 2000 and abs(h - 350000) <= 70000,
                   "samples: Bordeaux at the volume of its fiche (%d rows, %.2f hours)" % (len(heures), h), "")
        m = exp.get(("agen-4", "marches_clauses"), 0)
        e2e.report(abs(m - 90) <= 18, "samples: Agen at the volume of its fiche (%d marchés)" % m, "")
        size = sum(os.path.getsize(os.path.join(SAMPLES, f)) for f in files_under(SAMPLES))
        e2e.report(size < 5 * 1024 * 1024, "samples weigh less than 5 MB (%d bytes)" % size, "")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
