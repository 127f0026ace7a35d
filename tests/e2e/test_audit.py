#!/usr/bin/python3
"""End-to-end: auditor-ready packs (issue 5) on tests/fixtures/cases/graves-xlsx
and agen-csv, run from the repository root with /usr/bin/python3.

  reproducible  two runs with the same SOURCE_DATE_EPOCH (and --archive) into
                two folders give the same SHA256SUMS and the same ZIP bytes;
                the PDF Info dates and the XLSX creation date are the epoch's;
                another epoch gives another SHA256SUMS;
  sigkill       a run killed with SIGKILL while its hidden folder is being
                filled leaves the published pack byte-identical (every file's
                SHA-256) and nothing else visible; the next run removes the
                leftovers and publishes;
  previous      a second run keeps the first pack, whole, as .2024.precedent;
  lock          while another process holds <out>/.fsepack.lock, run exits 75
                and `run --wait` does not publish; once released it does;
  concurrent    two `run --wait` started together with two epochs: both exit
                0, the published pack is entirely one run's (its SHA256SUMS
                equals that run's reference) and .2024.precedent the other's;
  verify        `fsepack verify` says intact (exit 0) for the folder and the
                ZIP; one byte changed in any file of the pack (each file, at
                its start, middle and end) gives exit 65 and names that file;
                a missing and an unexpected file are named; a ZIP whose entry
                was changed names it; a path that is no pack gives 66;
  preuves       the bilan's XLSX has one sheet "Preuves NN <id>" per indicator,
                titled with the measure; its rows' count is the one the bilan
                and bordereau PDFs state; for a sum the rows add up to the
                value, for a count their number is the value; each row's
                (file, line) holds the row shown (checked in agen's CSV); with
                confidentialite = initiales no surname of the exports appears.
"""
import csv
import fcntl
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
import e2e
from e2e import report, BIN, CASES

try:
    import openpyxl
except ImportError:
    print("FAIL audit: openpyxl missing (run with /usr/bin/python3)")
    sys.exit(1)

GRAVES = os.path.join(CASES, "graves-xlsx")
AGEN = os.path.join(CASES, "agen-csv")
E1, E2 = "1735689600", "1738368000"   # 2025-01-01, 2025-02-01


def run(args, epoch=E1, **kw):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    return subprocess.run([BIN] + args, capture_output=True, text=True, env=env, errors="replace", **kw)


def tree(folder):
    """{name: sha256} of every file of a folder (not recursive)."""
    out = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as fh:
            out[name] = hashlib.sha256(fh.read()).hexdigest()
    return out


def read(path, mode="r"):
    with open(path, mode) as fh:
        return fh.read()


def check_reproducible(tmp):
    a, b, c = (os.path.join(tmp, x) for x in ("r1", "r2", "r3"))
    pa = run(["run", os.path.join(GRAVES, "job.ini"), "--out", a, "--archive"])
    pb = run(["run", os.path.join(GRAVES, "job.ini"), "--out", b, "--archive"])
    pc = run(["run", os.path.join(GRAVES, "job.ini"), "--out", c], epoch=E2)
    if not report(pa.returncode == pb.returncode == pc.returncode == 0, "audit reproducible runs",
                  "exits %d %d %d: %s" % (pa.returncode, pb.returncode, pc.returncode, pa.stderr[-300:])):
        return
    sa, sb = (read(os.path.join(x, "graves-3", "2024", "SHA256SUMS")) for x in (a, b))
    report(sa == sb and sa.count("\n") >= 10, "audit same SOURCE_DATE_EPOCH same SHA256SUMS",
           "SHA256SUMS differ:\n%s" % "".join(set(sa.splitlines(True)) ^ set(sb.splitlines(True))))
    za, zb = (read(os.path.join(x, "graves-3", "2024.zip"), "rb") for x in (a, b))
    report(za == zb and len(za) > 1000, "audit same SOURCE_DATE_EPOCH same ZIP bytes",
           "zips of %d and %d bytes differ" % (len(za), len(zb)))
    with zipfile.ZipFile(os.path.join(a, "graves-3", "2024.zip")) as z:
        names = z.namelist()
        dates = {i.date_time for i in z.infolist()}
    want = ["graves-3_2024/" + n for n in sorted(os.listdir(os.path.join(a, "graves-3", "2024")))]
    report(names == want and dates == {(2025, 1, 1, 0, 0, 0)}, "audit ZIP entries sorted, dated by the epoch",
           "entries %s dates %s, expected %s" % (names[:4], dates, want[:4]))
    sc = read(os.path.join(c, "graves-3", "2024", "SHA256SUMS"))
    report(sc != sa, "audit another SOURCE_DATE_EPOCH another SHA256SUMS", "same sums for two epochs")
    pdf = os.path.join(a, "graves-3", "2024", "01-bilan.pdf")
    info = subprocess.run(["pdfinfo", "-isodates", pdf], capture_output=True, text=True).stdout
    report("CreationDate:    2025-01-01T00:00:00" in info and "ModDate:         2025-01-01T00:00:00" in info,
           "audit PDF Info dates from SOURCE_DATE_EPOCH", info[-300:])
    with zipfile.ZipFile(os.path.join(a, "graves-3", "2024", "01-bilan.xlsx")) as z:
        core = z.read("docProps/core.xml").decode()
    m = re.search(r"<dcterms:created[^>]*>([^<]*)<", core)
    report(m and m.group(1) == "2025-01-01T00:00:00Z", "audit XLSX creation date from SOURCE_DATE_EPOCH",
           m.group(1) if m else core[:200])


def check_sigkill(tmp):
    out = os.path.join(tmp, "k")
    job = os.path.join(GRAVES, "job.ini")
    p = run(["run", job, "--out", out])
    parent = os.path.join(out, "graves-3")
    final = os.path.join(parent, "2024")
    if not report(p.returncode == 0, "audit sigkill first run", p.stderr[-300:]):
        return
    killed_mid = 0
    for attempt in range(30):
        before = tree(final)
        proc = subprocess.Popen([BIN, "run", job, "--out", out], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=dict(os.environ, SOURCE_DATE_EPOCH=str(int(E2) + attempt)))
        seen = False
        while proc.poll() is None and not seen:
            for name in os.listdir(parent):
                if name.startswith(".2024.tmp-") and os.path.isdir(os.path.join(parent, name)):
                    try:
                        seen = len(os.listdir(os.path.join(parent, name))) >= 2
                    except FileNotFoundError:
                        pass
            if not seen:
                time.sleep(0.0005)
        if seen:
            proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        after = tree(final)
        if rc == -signal.SIGKILL and after == before:
            killed_mid += 1
            visible = sorted(n for n in os.listdir(parent) if not n.startswith("."))
            report(visible == ["2024"], "audit sigkill leaves nothing visible", "entries %s" % visible)
            break
        # the run ended or was killed after publishing: the pack must then be the new one, whole
        v = subprocess.run([BIN, "verify", final], capture_output=True, text=True)
        if v.returncode != 0:
            report(False, "audit sigkill attempt %d" % attempt, "pack neither previous nor whole: %s" % v.stdout[-300:])
            return
    if not report(killed_mid == 1, "audit SIGKILL mid-way leaves the previous pack byte-identical",
                  "never caught the run before it published (30 attempts) or the pack changed"):
        return
    p = run(["run", job, "--out", out])
    left = [n for n in os.listdir(parent) if ".tmp-" in n]
    report(p.returncode == 0 and not left, "audit run after SIGKILL removes the leftovers",
           "exit %d, left %s" % (p.returncode, left))


def check_previous_and_lock(tmp):
    out = os.path.join(tmp, "p")
    job = os.path.join(GRAVES, "job.ini")
    run(["run", job, "--out", out])
    first = tree(os.path.join(out, "graves-3", "2024"))
    p = run(["run", job, "--out", out, "--verbose"], epoch=E2)
    prev = os.path.join(out, "graves-3", ".2024.precedent")
    report(p.returncode == 0 and os.path.isdir(prev) and tree(prev) == first,
           "audit previous pack kept whole as .2024.precedent", "exit %d; %s" % (p.returncode, p.stdout[-200:]))
    report(".2024.precedent" in p.stdout, "audit run says where the previous pack is", p.stdout[-300:])
    published = tree(os.path.join(out, "graves-3", "2024"))
    with open(os.path.join(out, ".fsepack.lock"), "a") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        p = run(["run", job, "--out", out], epoch=E1)
        report(p.returncode == 75 and tree(os.path.join(out, "graves-3", "2024")) == published,
               "audit lock held -> exit 75, pack untouched", "exit %d: %s" % (p.returncode, p.stderr[-200:]))
        env = dict(os.environ, SOURCE_DATE_EPOCH=E1)
        w = subprocess.Popen([BIN, "run", job, "--out", out, "--wait"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, text=True)
        time.sleep(1.0)
        waiting = w.poll() is None
        same = tree(os.path.join(out, "graves-3", "2024")) == published
        fcntl.flock(lk, fcntl.LOCK_UN)
    o, e = w.communicate(timeout=120)
    report(waiting and same, "audit run --wait waits for the lock without publishing",
           "finished while the lock was held (exit %s)" % w.returncode)
    report(w.returncode == 0 and tree(os.path.join(out, "graves-3", "2024")) != published,
           "audit run --wait publishes once the lock is released", "exit %d: %s" % (w.returncode, e[-200:]))


def check_concurrent(tmp):
    job = os.path.join(GRAVES, "job.ini")
    refs = {}
    for ep in (E1, E2):
        ref = os.path.join(tmp, "ref" + ep)
        run(["run", job, "--out", ref], epoch=ep)
        refs[ep] = read(os.path.join(ref, "graves-3", "2024", "SHA256SUMS"))
    out = os.path.join(tmp, "c")
    procs = [subprocess.Popen([BIN, "run", job, "--out", out, "--wait"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH=ep))
             for ep in (E1, E2)]
    rcs = [p.wait(timeout=300) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    final = read(os.path.join(out, "graves-3", "2024", "SHA256SUMS"))
    prev_path = os.path.join(out, "graves-3", ".2024.precedent", "SHA256SUMS")
    prev = read(prev_path) if os.path.exists(prev_path) else ""
    v = subprocess.run([BIN, "verify", os.path.join(out, "graves-3", "2024")], capture_output=True, text=True)
    report(rcs == [0, 0], "audit two concurrent runs --wait both succeed", "exits %s" % rcs)
    report(v.returncode == 0 and {final, prev} == set(refs.values()),
           "audit two concurrent runs do not interleave",
           "published pack is whole=%s, published/previous are the two runs' packs=%s"
           % (v.returncode == 0, {final, prev} == set(refs.values())))


def flip(path, offset):
    b = bytearray(read(path, "rb"))
    b[offset] ^= 0x01
    with open(path, "wb") as fh:
        fh.write(b)


def check_verify(tmp):
    out = os.path.join(tmp, "v")
    p = run(["run", os.path.join(GRAVES, "job.ini"), "--out", out, "--archive", "--verbose"])
    pack = os.path.join(out, "graves-3", "2024")
    zpath = pack + ".zip"
    v = subprocess.run([BIN, "verify", pack], capture_output=True, text=True)
    fp = hashlib.sha256(read(os.path.join(pack, "SHA256SUMS"), "rb")).hexdigest()
    report(p.returncode == 0 and v.returncode == 0 and "intègre" in v.stdout and fp in v.stdout,
           "audit verify intact pack -> 0 with its fingerprint", "exit %d: %s" % (v.returncode, v.stdout[-300:]))
    report(fp in p.stdout, "audit run prints the pack's fingerprint", p.stdout[-300:])
    v = subprocess.run([BIN, "verify", zpath], capture_output=True, text=True)
    report(v.returncode == 0, "audit verify intact ZIP -> 0", "exit %d: %s" % (v.returncode, v.stdout[-300:]))
    missed = []
    names = sorted(os.listdir(pack))
    work = os.path.join(tmp, "flip")
    for name in names:
        size = os.path.getsize(os.path.join(pack, name))
        for off in sorted({0, size // 2, size - 1}):
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pack, work)
            flip(os.path.join(work, name), off)
            r = subprocess.run([BIN, "verify", work], capture_output=True, text=True)
            problems = r.stdout.split("NON INTÈGRE")[0]
            if r.returncode != 65 or ("fichier %s " % name) not in problems:
                missed.append("%s@%d: exit %d %s" % (name, off, r.returncode, problems[-120:]))
    report(not missed and len(names) >= 10, "audit verify finds one changed byte in any file (%d files)" % len(names),
           "; ".join(missed[:4]))
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(pack, work)
    os.remove(os.path.join(work, "03-emargements.pdf"))
    with open(os.path.join(work, "extra.txt"), "w") as fh:
        fh.write("x")
    r = subprocess.run([BIN, "verify", work], capture_output=True, text=True)
    report(r.returncode == 65 and "fichier 03-emargements.pdf : absent" in r.stdout
           and "fichier extra.txt : inattendu" in r.stdout, "audit verify names a missing and an unexpected file",
           r.stdout[-300:])
    bad_zip = os.path.join(tmp, "bad.zip")
    with zipfile.ZipFile(zpath) as zin, zipfile.ZipFile(bad_zip, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("indicateurs.csv"):
                data = data.replace(b"graves-3", b"graves-4", 1)
            zout.writestr(info, data)
    r = subprocess.run([BIN, "verify", bad_zip], capture_output=True, text=True)
    report(r.returncode == 65 and "fichier indicateurs.csv : modifié" in r.stdout,
           "audit verify names the changed file of a ZIP", "exit %d: %s" % (r.returncode, r.stdout[-300:]))
    damaged = os.path.join(tmp, "damaged.zip")
    shutil.copy(zpath, damaged)
    flip(damaged, os.path.getsize(damaged) // 2)   # inside some entry's compressed data
    r = subprocess.run([BIN, "verify", damaged], capture_output=True, text=True)
    report(r.returncode == 65 and "contenu corrompu" in r.stdout, "audit verify of a damaged ZIP -> 65, entry named",
           "exit %d: %s" % (r.returncode, r.stdout[-300:]))
    r = subprocess.run([BIN, "verify", os.path.join(tmp, "nothing-here")], capture_output=True, text=True)
    report(r.returncode == 66, "audit verify of a missing path -> 66", "exit %d" % r.returncode)
    r = subprocess.run([BIN, "verify", os.path.dirname(pack)], capture_output=True, text=True)
    report(r.returncode == 66 and "pas un pack" in r.stdout, "audit verify of a folder that is no pack -> 66",
           "exit %d: %s" % (r.returncode, r.stdout[-200:]))


def pdf_text(path):
    """The PDF's text in reading order, on one line (cells that wrap rejoin)."""
    t = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    return " ".join(t.split())


def check_preuves(tmp, case, conf=None):
    casedir = os.path.join(tmp, "case-" + case + (conf or ""))
    shutil.copytree(os.path.join(CASES, case), casedir)
    if conf:
        job = read(os.path.join(casedir, "job.ini")).replace("confidentialite = complet", "confidentialite = " + conf)
        with open(os.path.join(casedir, "job.ini"), "w") as fh:
            fh.write(job)
    out = os.path.join(tmp, "pr-" + case + (conf or ""))
    p = run(["run", os.path.join(casedir, "job.ini"), "--out", out])
    if not report(p.returncode == 0, "audit preuves %s run" % case, p.stderr[-300:]):
        return
    for pack in sorted(glob.glob(os.path.join(out, "*", "2024"))):
        fiche = os.path.basename(os.path.dirname(pack))
        label = "audit preuves %s%s" % (fiche, " " + conf if conf else "")
        with open(os.path.join(pack, "indicateurs.csv"), encoding="utf-8") as fh:
            inds = list(csv.DictReader(fh, delimiter=";"))
        bilan = sorted(glob.glob(os.path.join(pack, "*-bilan.xlsx")))[0]
        wb = openpyxl.load_workbook(bilan, read_only=True)
        sheets = [s for s in wb.sheetnames if s.startswith("Preuves ")]
        want = [("Preuves %02d %s" % (k + 1, r["indicateur"]))[:31].rstrip("_- ") for k, r in enumerate(inds)]
        report(sheets == want, label + " one Preuves sheet per indicator", "sheets %s, expected %s" % (sheets, want))
        bil_pdf = pdf_text(os.path.join(pack, os.path.basename(bilan)[:-5] + ".pdf"))
        bor_pdf = pdf_text(os.path.join(pack, "00-bordereau.pdf"))
        bad = []
        surnames = set()
        if conf:
            for f in glob.glob(os.path.join(casedir, "exports", "*.csv")):
                with open(f, encoding="utf-8") as fh:
                    for r in csv.DictReader(fh, delimiter=";"):
                        if r.get("Nom"):
                            surnames.add(r["Nom"])
        leaks = set()
        for k, r in enumerate(inds):
            if k >= len(sheets):
                break
            rows = list(wb[sheets[k]].iter_rows(values_only=True))
            title, header = rows[0][0] or "", list(rows[1])
            data = [x for x in rows[2:] if x and x[0] and str(x[0]).startswith("exports/")]
            if "Règle de la fiche (mesure =) : " not in title:
                bad.append("%s: no measure in %r" % (sheets[k], title[:80]))
            n = len(data)
            stated = "%d ligne%s, listée%s dans %s, feuille « %s »" % (
                n, "s" if n > 1 else "", "s" if n > 1 else "", os.path.basename(bilan), sheets[k])
            if stated not in bil_pdf or stated not in bor_pdf:
                bad.append("%s: %r not in the bilan (%s) or the bordereau (%s)" % (
                    sheets[k], stated, stated in bil_pdf, stated in bor_pdf))
            val = float(r["valeur"])
            if "Heures réalisées" in header and r["indicateur"].startswith("heures"):
                total = sum(float(x[header.index("Heures réalisées")] or 0) for x in data)
                if abs(total - val) > 0.005:
                    bad.append("%s: rows add up to %.2f, value %.2f" % (sheets[k], total, val))
            if "count" in title.split("Règle de la fiche (mesure =) : ")[-1][:6] and n != round(val):
                bad.append("%s: %d rows for a count of %s" % (sheets[k], n, r["valeur"]))
            if case == "agen-csv" and "Réf. participant" in header:   # the cited line holds the row
                for x in data[:50]:
                    lines = read(os.path.join(casedir, x[0]), "rb").decode("utf-8").split("\r\n")
                    if str(x[header.index("Réf. participant")]) not in lines[int(x[2]) - 1]:
                        bad.append("%s: line %s of %s is not the row shown" % (sheets[k], x[2], x[0]))
                        break
            for x in data:
                for cell in x:
                    if isinstance(cell, str) and any(re.search(r"\b%s\b" % re.escape(s), cell) for s in surnames):
                        leaks.add(cell)
        report(not bad, label + " evidence rows = figure, stated in bilan and bordereau", "; ".join(bad[:4]))
        if conf:
            report(not leaks and surnames, label + " no surname in the Preuves sheets",
                   "%d surnames known, leaked %s" % (len(surnames), sorted(leaks)[:3]))


def main():
    if not os.access(BIN, os.X_OK):
        print("FAIL audit: no build/fsepack")
        return 1
    tmp = tempfile.mkdtemp(prefix="fsepack-audit-")
    try:
        check_reproducible(tmp)
        check_sigkill(tmp)
        check_previous_and_lock(tmp)
        check_concurrent(tmp)
        check_verify(tmp)
        check_preuves(tmp, "agen-csv")
        check_preuves(tmp, "graves-xlsx")
        check_preuves(tmp, "agen-csv", "initiales")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
