"""e2e.py — what the end-to-end tests share: the repository paths, the
PASS/FAIL line of each check and the count of failures (tests/tools/
run-tests.sh adds up the lines; the exit status says whether any failed).
Imported by the test_*.py beside it, run from the repository root."""
import os

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
