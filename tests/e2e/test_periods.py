"""Packs of a month and of a half-year (DESIGN §5 period labels, §6 rules):
the figures are recomputed here from the agen fixture's exports, the targets
stay the annual ones × ETP in indicateurs.csv, and the folder names follow the
contract (2024-05, 2024-01-01_2024-06-30). Prints PASS/FAIL lines."""
import csv, datetime as dt, os, shutil, subprocess, sys, tempfile

ROOT = os.getcwd()
FIX = os.path.join(ROOT, "tests/fixtures/cases/agen-csv")
BIN = os.environ.get("FSEPACK_BIN") or os.path.join(ROOT, "build/fsepack")
failed = False


def report(ok, name, why=""):
    global failed
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))
    failed |= not ok


def rows(name):
    with open(os.path.join(FIX, "exports", name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def day(s):
    return dt.datetime.strptime(s, "%d/%m/%Y").date() if s else None


def hours(a, b):
    total = 0.0
    for r in rows("heures.csv"):
        m = day(r["Mois"])
        if r["Critère d'éligibilité"] and a <= m <= b:
            total += float(r["Heures réalisées"].replace(",", "."))
    return round(total, 2)


def marches(a, b):
    ids = set()
    for r in rows("marches.csv"):
        d, f = day(r["Date de début"]), day(r["Date de fin"])
        if (d is None or d <= b) and (f is None or f >= a):
            ids.add(r["N° marché"])
    return len(ids)


out = tempfile.mkdtemp(prefix="fsepack-periods-")
try:
    for period, label, a, b in [("2024-05", "2024-05", dt.date(2024, 5, 1), dt.date(2024, 5, 31)),
                                ("2024-01-01..2024-06-30", "2024-01-01_2024-06-30",
                                 dt.date(2024, 1, 1), dt.date(2024, 6, 30))]:
        p = subprocess.run([BIN, "run", os.path.join(FIX, "job.ini"), "--period", period, "--fiche", "agen-4",
                            "--out", out], capture_output=True, text=True)
        report(p.returncode == 0, period + " exit 0", p.stderr[-300:])
        path = os.path.join(out, "agen-4", label, "indicateurs.csv")
        if not os.path.exists(path):
            report(False, period + " folder " + label, "missing")
            continue
        with open(path, encoding="utf-8") as f:
            got = {r["indicateur"]: r for r in csv.DictReader(f, delimiter=";")}
        h, m = got["heures_insertion"], got["marches_clauses"]
        report(abs(float(h["valeur"]) - hours(a, b)) <= 0.005, period + " heures", "%s != %s" % (h["valeur"], hours(a, b)))
        report(int(float(m["valeur"])) == marches(a, b), period + " marchés", "%s != %s" % (m["valeur"], marches(a, b)))
        report(h["cible"] == "80000" and m["cible"] == "90", period + " annual targets", "%s %s" % (h["cible"], m["cible"]))
        report(h["debut"] == a.isoformat() and h["fin"] == b.isoformat(), period + " dates", h["debut"] + " " + h["fin"])
        report(abs(float(h["taux"]) - float(h["valeur"]) / 80000) < 0.0001, period + " taux", h["taux"])
finally:
    shutil.rmtree(out)
sys.exit(1 if failed else 0)
