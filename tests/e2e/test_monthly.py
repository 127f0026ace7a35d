"""Monthly packs under cron (issue 6), on the agen-csv fixture:
- a month's figures equal those recomputed here from that month's rows, for
  each kind of measure (sum, count, distinct over dates, distinct over date
  ranges);
- the bilan of a month pack shows the year to date (recomputed here too)
  against the prorated target: May's is 5/12 of the year's;
- previous-month and year-of-previous-month resolve from FSEPACK_TODAY;
- through a pipe: no escape sequence, nothing on stdout but the --summary
  line; at a terminal (script(1)): progress and colour, none with NO_COLOR;
- --help of each command, check as a pre-flight;
- contrib/: systemd-analyze verify of the units (where available) and their
  command lines, and the crontab line, run with the paths substituted.
Run from the repository root with /usr/bin/python3 (openpyxl)."""
import csv, datetime as dt, os, re, shlex, shutil, subprocess, sys, tempfile
import e2e
from e2e import report, BIN, ROOT

FIX = os.path.join(ROOT, "tests/fixtures/cases/agen-csv")
try:
    import openpyxl
except ImportError:
    openpyxl = None


def rows(name):
    with open(os.path.join(FIX, "exports", name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def day(s):
    return dt.datetime.strptime(s, "%d/%m/%Y").date() if s else None


def norm(s):
    return " ".join(s.split()).casefold()


def expected(a, b):
    """The four figures of agen-3 and agen-4 over [a, b], from the exports."""
    h = sum(float(r["Heures réalisées"].replace(",", ".")) for r in rows("heures.csv")
            if r["Critère d'éligibilité"] and a <= day(r["Mois"]) <= b)
    m = {r["N° marché"] for r in rows("marches.csv")
         if (day(r["Date de début"]) is None or day(r["Date de début"]) <= b)
         and (day(r["Date de fin"]) is None or day(r["Date de fin"]) >= a)}
    e = {norm(r["Entreprise"]) for r in rows("contacts.csv") if r["Entreprise"] and a <= day(r["Date"]) <= b}
    c = {norm(r["N° action"]) for r in rows("actions.csv")
         if r["Type d'action"] == "Médiation" and a <= day(r["Date"]) <= b}
    return {"heures_insertion": round(h, 2), "marches_clauses": len(m),
            "entreprises_partenaires": len(e), "actions_mediation": len(c)}


def month_end(y, m):
    return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))


def run(args, env=None, cwd=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env or {})
    return subprocess.run(args, capture_output=True, env=e, cwd=cwd)


def indicateurs(out, fiche, label):
    path = os.path.join(out, fiche, label, "indicateurs.csv")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return {r["indicateur"]: r for r in csv.DictReader(f, delimiter=";")}


tmp = tempfile.mkdtemp(prefix="fsepack-monthly-")
job = os.path.join(FIX, "job.ini")
try:
    out = os.path.join(tmp, "out")
    # 1. month figures, each kind of measure, over three months
    seen_nonzero = set()
    for y, mo in [(2024, 5), (2024, 6), (2024, 7)]:
        label = "%04d-%02d" % (y, mo)
        p = run([BIN, "run", job, "--period", label, "--out", out])
        report(p.returncode == 0, "monthly %s exit 0" % label, p.stderr.decode()[-300:])
        want = expected(dt.date(y, mo, 1), month_end(y, mo))
        got = {**indicateurs(out, "agen-3", label), **indicateurs(out, "agen-4", label)}
        for ind, v in want.items():
            g = float(got[ind]["valeur"]) if ind in got else None
            report(g is not None and abs(g - v) <= 0.005, "monthly %s %s = %s" % (label, ind, v), "got %s" % g)
            if v:
                seen_nonzero.add(ind)
        if ind in got:
            r = got["heures_insertion"]
            report((r["debut"], r["fin"]) == (label + "-01", month_end(y, mo).isoformat()),
                   "monthly %s indicateurs.csv dates" % label, r["debut"] + " " + r["fin"])
    report(seen_nonzero == set(want), "monthly every measure kind is nonzero in some month",
           "zero throughout: %s" % (set(want) - seen_nonzero))

    # 2. the bilan of May: year to date against target × 5/12
    ytd = expected(dt.date(2024, 1, 1), dt.date(2024, 5, 31))
    may = expected(dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    if openpyxl is None:
        report(False, "monthly bilan XLSX", "openpyxl missing (use /usr/bin/python3)")
    for fiche in ("agen-3", "agen-4"):
        csvrows = indicateurs(out, fiche, "2024-05")
        if openpyxl is None:
            break
        path = os.path.join(out, fiche, "2024-05", "01-bilan.xlsx")
        wb = openpyxl.load_workbook(path)
        if not report("Cumul" in wb.sheetnames, "monthly %s bilan has a Cumul sheet" % fiche, wb.sheetnames):
            continue
        ws = wb["Cumul"]
        table = [[c.value for c in r] for r in ws.iter_rows()]
        hi = next(i for i, r in enumerate(table) if r and r[0] == "Indicateur")
        head = table[hi]
        report(head[4] == "Cible proratisée (5/12)", "monthly %s prorated column is 5/12" % fiche, head)
        for r in table[hi + 1:]:
            if not r or r[0] not in csvrows:
                continue
            ind, c = r[0], csvrows[r[0]]
            cible = float(c["cible"])
            report(abs(r[1] - may[ind]) <= 0.005, "monthly %s %s month value in bilan" % (fiche, ind), r)
            report(abs(r[2] - ytd[ind]) <= 0.005, "monthly %s %s year to date = %s" % (fiche, ind, ytd[ind]), r)
            report(abs(r[4] - round(cible * 5 / 12, 2)) <= 0.005,
                   "monthly %s %s prorated target = 5/12 of %s" % (fiche, ind, cible), r)
            rate = ytd[ind] / (cible * 5 / 12)
            want_v = "en avance" if rate >= 1.10 else "dans la trajectoire" if rate >= 0.90 else "en retard"
            report(r[6] == want_v, "monthly %s %s verdict %s (%.1f %%)" % (fiche, ind, want_v, rate * 100), r)
    # a year pack has no Cumul section
    p = run([BIN, "run", job, "--period", "2024", "--fiche", "agen-4", "--out", out])
    if openpyxl is not None and p.returncode == 0:
        wb = openpyxl.load_workbook(os.path.join(out, "agen-4", "2024", "01-bilan.xlsx"))
        report("Cumul" not in wb.sheetnames, "monthly year pack has no Cumul sheet", wb.sheetnames)

    # 3. previous-month, year-of-previous-month
    out2 = os.path.join(tmp, "out2")
    for today, period, label in [("2024-06-01", "previous-month", "2024-05"),
                                 ("2025-01-01", "previous-month", "2024-12"),
                                 ("2025-01-01", "year-of-previous-month", "2024")]:
        p = run([BIN, "run", job, "--period", period, "--fiche", "agen-4", "--out", out2],
                env={"FSEPACK_TODAY": today})
        report(p.returncode == 0 and os.path.isdir(os.path.join(out2, "agen-4", label)),
               "monthly %s on %s is %s" % (period, today, label), p.stderr.decode()[-200:])
    p = run([BIN, "run", job, "--period", "previous-month", "--out", out2], env={"FSEPACK_TODAY": "2024-13-01"})
    report(p.returncode == 64 and "FSEPACK_TODAY" in p.stderr.decode(), "monthly bad FSEPACK_TODAY exit 64",
           "%d %s" % (p.returncode, p.stderr.decode()[-200:]))

    # 4. through a pipe: nothing but warnings/errors, no escape sequence
    p = run([BIN, "run", job, "--period", "2024-05", "--out", out2])
    report(p.returncode == 0 and p.stdout == b"", "monthly pipe: nothing on stdout", p.stdout[:200])
    report(b"\x1b" not in p.stderr and b"\r" not in p.stderr, "monthly pipe: no escape sequence on stderr",
           repr(p.stderr[:200]))
    report(all(re.search(r": (warning|error): ", l) or l.startswith("fsepack: ")
               for l in p.stderr.decode().splitlines()), "monthly pipe: stderr holds diagnostics only",
           p.stderr.decode()[:300])
    p = run([BIN, "run", job, "--period", "2024-05", "--out", out2, "--summary"])
    lines = p.stdout.decode().splitlines()
    report(len(lines) == 1 and re.fullmatch(r"fsepack: agen-4, agen-3 2024-05 : 4 indicateurs, \d+ ✓ \d+ ✗, "
                                            r"\d+ avertissements, dernier pack .*/agen-3/2024-05", lines[0])
           is not None, "monthly --summary is one line", lines)
    p = run([BIN, "run", job, "--period", "2024-05", "--fiche", "nope", "--out", out2, "--summary"])
    report(p.returncode == 64 and re.fullmatch(r"fsepack: nope 2024-05 : échec, statut 64, 1 erreur, 0 pack écrit\n",
                                               p.stdout.decode()) is not None,
           "monthly --summary of a failed run", p.stdout.decode())

    # 5. at a terminal (script(1) gives a pseudo-terminal)
    script = shutil.which("script")
    if script:
        cmd = " ".join(shlex.quote(x) for x in [BIN, "run", job, "--period", "2024-05", "--fiche", "agen-4",
                                                 "--out", out2])
        for nc in (None, "1"):
            env = {"TERM": "xterm"}
            if nc:
                env["NO_COLOR"] = nc
            p = run([script, "-qec", cmd, "/dev/null"], env=env)
            t = p.stdout
            name = "monthly tty%s" % (" NO_COLOR" if nc else "")
            report(p.returncode == 0 and b"\r\x1b[K" in t and "pièce".encode() in t,
                   name + ": progress line drawn and erased", repr(t[:200]))
            report(("heures_insertion" in t.decode() and "marches_clauses" in t.decode()
                    and ("✓" in t.decode() or "✗" in t.decode())), name + ": table of indicators", repr(t[-400:]))
            has_colour = b"\x1b[32m" in t or b"\x1b[31m" in t
            report(has_colour == (nc is None), name + ": colour %s" % ("on" if nc is None else "off"), repr(t[-300:]))
    else:
        report(True, "monthly tty (script(1) absent: skipped)")

    # 6. help, check as pre-flight
    for cmd in ("run", "check", "list", "emargement"):
        p = run([BIN, cmd, "--help"])
        report(p.returncode == 0 and p.stdout.decode().startswith("usage : fsepack " + cmd),
               "monthly %s --help" % cmd, p.stdout.decode()[:100] + p.stderr.decode()[:100])
        p = run([BIN, "help", cmd])
        report(p.returncode == 0 and p.stdout.decode().startswith("usage : fsepack " + cmd), "monthly help " + cmd)
    p = run([BIN, "--version"])
    report(p.returncode == 0 and re.fullmatch(r"fsepack \d+\.\d+\.\d+\n", p.stdout.decode()) is not None,
           "monthly --version", p.stdout)
    p = run([BIN, "check", job, "--period", "2024-05"])
    report(p.returncode == 0 and p.stdout == b"", "monthly check through a pipe: silent, exit 0", p.stdout[:200])
    p = run([BIN, "check", job, "--period", "2024-05", "--summary"])
    report(p.returncode == 0 and re.fullmatch(r"fsepack: check .*job\.ini 2024-05 : prêt, 0 erreur, \d+ avertissements\n",
                                              p.stdout.decode()) is not None, "monthly check --summary", p.stdout)
    # check --verbose: the per-rule counts add up to the closing line's
    p = run([BIN, "check", job, "--period", "2024-05", "--verbose"])
    out = p.stdout.decode()
    per = {"erreur": 0, "avertissement": 0, "info": 0}
    for m in re.finditer(r"^[a-z0-9-]+ +(erreur|avertissement|info) +(\d+)$", out, re.M):
        per[m.group(1)] += int(m.group(2))
    last = re.search(r"^(\d+) erreurs?, (\d+) avertissements?, (\d+) informations?$", out, re.M)
    report(p.returncode == 0 and last is not None and per["info"] > 0
           and (per["erreur"], per["avertissement"], per["info"]) == tuple(int(x) for x in last.groups()),
           "monthly check --verbose: counts by rule and severity add up", out[-400:])
    broken = os.path.join(tmp, "broken")
    shutil.copytree(FIX, broken)
    os.remove(os.path.join(broken, "exports", "heures.csv"))
    p = run([BIN, "check", os.path.join(broken, "job.ini"), "--period", "2024-05"])
    report(p.returncode == 66 and "heures.csv" in p.stderr.decode() and ": error: " in p.stderr.decode(),
           "monthly check of a missing export: 66, named", "%d %s" % (p.returncode, p.stderr.decode()[:200]))

    # 7. contrib/: the units and the crontab line, paths substituted
    plie = os.path.join(tmp, "plie")
    shutil.copytree(FIX, plie)
    shutil.rmtree(os.path.join(plie, "out"), ignore_errors=True)

    def subst(text):
        return text.replace("/usr/local/bin/fsepack", BIN).replace("/srv/plie", plie)

    units = os.path.join(tmp, "units")
    os.makedirs(units)
    for name in ("fsepack-monthly.service", "fsepack-monthly.timer"):
        with open(os.path.join(ROOT, "contrib", name), encoding="utf-8") as f:
            text = subst(f.read())
        with open(os.path.join(units, name), "w", encoding="utf-8") as f:
            f.write(text)
    sa = shutil.which("systemd-analyze")
    if sa:
        # Documentation=man:fsepack(1): the page as `make install` puts it
        man1 = os.path.join(tmp, "man", "man1")
        os.makedirs(man1)
        shutil.copy(os.path.join(ROOT, "doc", "fsepack.1"), man1)
        p = subprocess.run([sa, "verify", "fsepack-monthly.service", "fsepack-monthly.timer"], cwd=units,
                           capture_output=True, env=dict(os.environ, MANPATH=os.path.join(tmp, "man")))
        report(p.returncode == 0 and not p.stderr.strip(), "monthly systemd-analyze verify of contrib units",
               p.stderr.decode()[:300])
        p = subprocess.run([sa, "calendar", "--iterations=2", "*-*-01 06:00:00"], capture_output=True)
        report(p.returncode == 0 and b"-01 06:00:00" in p.stdout, "monthly timer fires on the 1st at 06:00",
               p.stdout.decode()[:300])
    else:
        report(True, "monthly systemd-analyze absent: units checked by running their commands only")
    with open(os.path.join(units, "fsepack-monthly.service"), encoding="utf-8") as f:
        svc = f.read()
    wd = re.search(r"^WorkingDirectory=(.*)$", svc, re.M).group(1)
    cmds = re.findall(r"^(ExecStartPre|ExecStart)=(.*)$", svc, re.M)
    report([c[0] for c in cmds] == ["ExecStartPre", "ExecStart", "ExecStart"], "monthly service: check, then two runs",
           cmds)
    ok = True
    for kind, line in cmds:
        p = run(shlex.split(line), env={"FSEPACK_TODAY": "2024-06-01"}, cwd=wd)
        ok &= p.returncode == 0
        report(p.returncode == 0 and len(p.stdout.decode().splitlines()) == 1,
               "monthly service %s %s: exit 0, one summary line" % (kind, line.split()[-3]),
               "%d %s %s" % (p.returncode, p.stdout.decode()[:200], p.stderr.decode()[-200:]))
    for fiche in ("agen-3", "agen-4"):
        for label in ("2024-05", "2024"):
            report(os.path.exists(os.path.join(plie, "out", fiche, label, "manifest.json")),
                   "monthly service wrote %s/%s" % (fiche, label))
    with open(os.path.join(ROOT, "contrib", "crontab.example"), encoding="utf-8") as f:
        tab = [l for l in f.read().splitlines() if l.strip() and not l.lstrip().startswith("#") and "=" not in l.split()[0]]
    report(len(tab) == 1 and tab[0].split()[:5] == ["0", "6", "1", "*", "*"], "monthly crontab: one line, 1st at 06:00",
           tab)
    shutil.rmtree(os.path.join(plie, "out"))
    line = subst(tab[0].split(None, 5)[5])
    p = run(["/bin/sh", "-c", line], env={"FSEPACK_TODAY": "2024-09-01"})
    report(p.returncode == 0 and len(p.stdout.decode().splitlines()) == 3, "monthly crontab line runs: 3 summary lines",
           "%d %s %s" % (p.returncode, p.stdout.decode()[:300], p.stderr.decode()[-200:]))
    report(b"\x1b" not in p.stdout + p.stderr, "monthly crontab line: no escape sequence")
    for fiche in ("agen-3", "agen-4"):
        for label in ("2024-08", "2024"):
            report(os.path.exists(os.path.join(plie, "out", fiche, label, "manifest.json")),
                   "monthly crontab wrote %s/%s" % (fiche, label))
finally:
    shutil.rmtree(tmp)
sys.exit(e2e.exit_status())
