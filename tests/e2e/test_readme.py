#!/usr/bin/python3
"""End-to-end: the README's examples run as written, and its table of the
datasets is the one the sources give.

Run from the repository root with /usr/bin/python3 after `make`. Checks:

  examples   every fenced block of README.md whose info string is exactly `sh`
             is run, in the order of the README, by `sh -e` in ONE temporary
             copy of the repository (build/ included, timestamps kept, so that
             `make run` only runs the samples), from the copy's root, with
             FSEPACK_TEMPLATES unset; each exits 0, and for each line
             `#=> text` of the block, its output (stdout and stderr) holds
             text. Blocks marked `shell`, `text` or `ini` are shown, not run
             (set-up commands, crontab lines, formats). At least 8 blocks.
  colonnes   tests/tools/colonnes_doc.py --check: the Markdown between
             <!-- colonnes:debut --> and <!-- colonnes:fin --> is what
             generator/datasets/schema.c and templates/colonnes.ini give.

Prints "PASS name" / "FAIL name: why"; exit 0 iff no FAIL.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import e2e

ROOT = e2e.ROOT
SKIP = {".git", "out"}
SKIP_BUILD = {"asan", "fuzz"}   # the sanitized build and the fuzzers' corpora: no example uses them


def blocks(text):
    """[(line number, body)] of the ```sh blocks."""
    out = []
    for m in re.finditer(r"^```sh\n(.*?)^```\s*$", text, re.S | re.M):
        out.append((text.count("\n", 0, m.start()) + 1, m.group(1)))
    return out


def main():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    p = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "tools", "colonnes_doc.py"), "--check"],
                       cwd=ROOT, capture_output=True, text=True)
    e2e.report(p.returncode == 0, "README: the table of the datasets matches schema.c and colonnes.ini",
               p.stderr.strip())
    found = blocks(text)
    if not e2e.report(len(found) >= 8, "README: %d runnable sh examples" % len(found), "fewer than 8"):
        return e2e.exit_status()
    tmp = tempfile.mkdtemp(prefix="fsepack-readme-")
    try:
        copy = os.path.join(tmp, "fsepack")
        shutil.copytree(ROOT, copy, symlinks=True, ignore=lambda d, names: [
            n for n in names if (d == ROOT and n in SKIP) or (d == os.path.join(ROOT, "build") and n in SKIP_BUILD)])
        env = {k: v for k, v in os.environ.items() if k not in ("FSEPACK_TEMPLATES", "SOURCE_DATE_EPOCH")}
        for line, body in found:
            name = "README line %d: %s" % (line, body.strip().splitlines()[0][:60])
            try:
                r = subprocess.run(["sh", "-e", "-c", body], cwd=copy, env=env, capture_output=True, text=True,
                                   errors="replace", timeout=900)
            except subprocess.TimeoutExpired:
                e2e.report(False, name, "timed out")
                continue
            output = r.stdout + r.stderr
            want = [l.strip()[3:].strip() for l in body.splitlines() if l.strip().startswith("#=>")]
            missing = [w for w in want if w not in output]
            e2e.report(r.returncode == 0 and not missing, name + " (exit 0, shows %d claimed text(s))" % len(want),
                       "exit %d; missing %s; output: %s" % (r.returncode, missing, output[-400:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
