"""e2e.py — what the end-to-end tests share: the repository paths, the
PASS/FAIL line of each check and the count of failures (tests/tools/
run-tests.sh adds up the lines; the exit status says whether any failed).
Imported by the test_*.py beside it, run from the repository root."""
import os
import subprocess

ROOT = os.getcwd()
BIN = os.environ.get("FSEPACK_BIN") or os.path.join(ROOT, "build", "fsepack")
CASES = os.path.join(ROOT, "tests", "fixtures", "cases")

failures = 0


def report(ok, name, why="", width=600):
    """Print "PASS name" or "FAIL name: why" (why on one printable line, cut at width); returns ok."""
    global failures
    if ok:
        print("PASS %s" % name)
    else:
        failures += 1
        why = "".join(c if c.isprintable() else "?" for c in " ".join(str(why).split()))
        print("FAIL %s: %s" % (name, why[:width]))
    return ok


def exit_status():
    """1 when some check failed, else 0."""
    return 1 if failures else 0


def check_pdf_valid(path, n, width=600):
    """Two checks every PDF of a pack passes, reported as "<n> qpdf --check"
    and "<n> fonts embedded": qpdf finds the file sound, and pdffonts lists
    fonts that are all embedded (DESIGN §7). Returns the font names."""
    run = lambda args: subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    q = run(["qpdf", "--check", path])
    report(q.returncode == 0, n + " qpdf --check", "exit %d: %s" % (q.returncode, (q.stdout + q.stderr).strip()[-300:]),
           width)
    f = run(["pdffonts", path])
    fonts, bad = [], []
    for line in f.stdout.splitlines()[2:]:
        tok = line.split()
        if len(tok) < 6:
            continue
        fonts.append(tok[0])
        if tok[-5] != "yes":  # name type... encoding emb sub uni object-number generation
            bad.append("%s (emb %s)" % (tok[0], tok[-5]))
    report(f.returncode == 0 and fonts and not bad, n + " fonts embedded",
           "pdffonts exit %d, fonts %s, not embedded: %s" % (f.returncode, fonts[:6], bad[:6]), width)
    return fonts
