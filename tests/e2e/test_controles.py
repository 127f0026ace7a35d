#!/usr/bin/python3
"""End-to-end: every quality control of DESIGN §6 (generator/measures/checks.c)
on a small job written here (fiche graves-3, 2024, a handful of CSV rows).

The clean job triggers none of the rules below: that is each rule's
non-triggering input (with a few near misses: exactly 200 h in a month,
tableau d'impact equal to 0.004 h). Each variant changes one thing and must
put its rule into controles.csv, at the file and line of the planted row:

  hors-periode            an hour row of January 2025          (heures.csv:5, info)
  valeur-rejetee          a notification date 31/02/2024       (marches.csv:2)
  dates-incoherentes      a participant leaving before entering (participants.csv:2)
  heures-excessives       P1 at 220 h in March 2024            (heures.csv:2 or 5)
  heures-sans-critere     an hour row without criterion        (heures.csv:5)
  doublon                 MR1 twice, its date written 2024-03-15 the second time
                          (mises_en_relation.csv:3; the same participant and offer
                          another day is no duplicate)
  mer-offre-inconnue      a mise en relation on offer OF9      (mises_en_relation.csv:3)
  action-sans-presence    action AC2 without attendance row    (actions.csv:3)
  presence-action-inconnue attendance on action AC9            (presences.csv:3)
  participant-sans-contact participant P2 "Contact renseigné" Non (participants.csv:3)
  siret-invalide          a SIRET failing the Luhn key         (contacts.csv:2)
  tableau-impact-ecart    ABC's tableau says 45 h for OP2, we count 40 h (tableau_impact.csv:3;
                          OP1, equal to 0.004 h, is not reported)

A negative hour (-5 h, heures.csv:5) is a rejected value with its own rule
heures-negatives (issue 7: every number field counts something): the run
stops with 65 at heures.csv:5:9 and writes no pack.

Then the handed cases (tests/fixtures/cases): controles.csv of each pack lists
its planted anomalies at their lines, recomputed here from the CSV exports:
every in-period action without any attendance row (action-sans-presence),
every 2024 hour row without criterion (heures-sans-critere, agen), and every
hour row outside 2024 inside a hors-periode line range.
"""
import csv
import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import e2e
from e2e import report, BIN, CASES


def siret(prefix13):
    """prefix13 + the Luhn key digit."""
    for k in range(10):
        s = prefix13 + str(k)
        tot = 0
        for i, ch in enumerate(s):
            v = int(ch) * (2 if i % 2 == 0 else 1)
            tot += v - 9 if v > 9 else v
        if tot % 10 == 0:
            return s
    raise ValueError


SIRET = siret("4420617300001")
BAD_SIRET = SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10)

BASE = {
    "marches.csv": ["N° opération;Opération;Donneur d'ordre;N° marché;Entreprise attributaire;SIRET;"
                    "Date de notification;Date de début;Date de fin;Heures prévues",
                    "OP1;Opération un;Ville A;M1;Ent A;%s;15/01/2024;01/02/2024;30/11/2024;500" % SIRET,
                    "OP2;Opération deux;Ville B;M2;Ent A;%s;15/01/2024;01/02/2024;30/11/2024;300" % SIRET],
    "heures.csv": ["N° opération;N° marché;Entreprise attributaire;Réf. participant;Nom;Prénom;"
                   "Critère d'éligibilité;Mois;Heures réalisées",
                   "OP1;M1;Ent A;P1;Martin;Paul;DELD;01/03/2024;100",
                   "OP1;M1;Ent A;P2;Durand;Anne;BRSA;01/04/2024;50",
                   "OP2;M2;Ent A;P2;Durand;Anne;BRSA;01/05/2024;40"],
    "offres.csv": ["N° offre;Date de réception;Entreprise;SIRET;Intitulé du poste",
                   "OF1;10/03/2024;Ent A;%s;Maçon" % SIRET],
    "mises_en_relation.csv": ["N° mise en relation;Date;Réf. participant;Nom;Prénom;N° offre;Entreprise;Résultat",
                              "MR1;15/03/2024;P1;Martin;Paul;OF1;Ent A;Retenu"],
    "contacts.csv": ["Date;Entreprise;SIRET;Type de contact;Objet",
                     "05/03/2024;Ent A;%s;Physique;Prospection" % SIRET],
    "actions.csv": ["N° action;Intitulé;Type d'action;Date", "AC1;Job dating BTP;Job dating;20/03/2024"],
    "presences.csv": ["N° action;Réf. personne;Type;Nom;Prénom;Présence", "AC1;P1;Participant;Martin;Paul;Présent"],
    "participants.csv": ["Réf. participant;Nom;Prénom;Date d'entrée;Contact renseigné;Date de sortie",
                         "P1;Martin;Paul;01/01/2024;Oui;", "P2;Durand;Anne;02/01/2024;Oui;"],
    "tableau_impact.csv": ["N° opération;N° marché;Heures réalisées", "OP1;M1;150.004", "OP2;M2;40"],
}
DATASETS = {"marches.csv": "marches", "heures.csv": "heures", "offres.csv": "offres",
            "mises_en_relation.csv": "mises_en_relation", "contacts.csv": "contacts", "actions.csv": "actions",
            "presences.csv": "presences", "participants.csv": "participants",
            "tableau_impact.csv": "tableau_impact_abc"}


def add(f, line):
    return lambda d: d[f].append(line)


def setcell(f, row, col, value):
    def go(d):
        cells = d[f][row].split(";")
        cells[col] = value
        d[f][row] = ";".join(cells)
    return go


# rule -> (change, file, lines where the rule must be reported)
VARIANTS = {
    "hors-periode": (add("heures.csv", "OP1;M1;Ent A;P3;Petit;Léa;DELD;01/01/2025;20"), "heures.csv", {5}),
    "valeur-rejetee": (setcell("marches.csv", 1, 6, "31/02/2024"), "marches.csv", {2}),
    "dates-incoherentes": (setcell("participants.csv", 1, 5, "15/12/2023"), "participants.csv", {2}),
    "heures-excessives": (add("heures.csv", "OP1;M1;Ent A;P1;Martin;Paul;DELD;01/03/2024;120"), "heures.csv", {2, 5}),
    "heures-sans-critere": (add("heures.csv", "OP1;M1;Ent A;P3;Petit;Léa;;01/05/2024;30"), "heures.csv", {5}),
    "doublon": (add("mises_en_relation.csv", "MR1;2024-03-15;P1;Martin;Paul;OF1;Ent A;Retenu"),   # same day
                "mises_en_relation.csv", {3}),
    "mer-offre-inconnue": (add("mises_en_relation.csv", "MR2;16/03/2024;P2;Durand;Anne;OF9;Ent A;Retenu"),
                           "mises_en_relation.csv", {3}),
    "action-sans-presence": (add("actions.csv", "AC2;Forum emploi;Forum;22/05/2024"), "actions.csv", {3}),
    "presence-action-inconnue": (add("presences.csv", "AC9;P2;Participant;Durand;Anne;Présent"), "presences.csv", {3}),
    "participant-sans-contact": (setcell("participants.csv", 2, 4, "Non"), "participants.csv", {3}),
    "siret-invalide": (setcell("contacts.csv", 1, 2, BAD_SIRET), "contacts.csv", {2}),
    "tableau-impact-ecart": (setcell("tableau_impact.csv", 2, 2, "45"), "tableau_impact.csv", {3}),
}
# near misses: the clean job plus something that must still not trigger the rule
NEAR = {
    "heures-excessives": add("heures.csv", "OP1;M1;Ent A;P1;Martin;Paul;DELD;01/03/2024;100"),   # exactly 200 h
    "hors-periode": add("heures.csv", "OP1;M1;Ent A;P3;Petit;Léa;DELD;01/12/2024;20"),           # last month in
    "doublon": add("mises_en_relation.csv", "MR1;16/03/2024;P1;Martin;Paul;OF1;Ent A;Retenu"),    # another day
    "dates-incoherentes": setcell("participants.csv", 1, 5, "01/01/2024"),                        # leaves the day he enters
}


def write_job(folder, data):
    os.makedirs(os.path.join(folder, "exports"), exist_ok=True)
    job = ["[plie]", "nom = PLIE des Graves", "[periode]", "defaut = 2024"]
    for f, lines in data.items():
        with open(os.path.join(folder, "exports", f), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        job += ["[source.%s]" % DATASETS[f], "fichier = exports/%s" % f]
    job += ["[fiche.graves-3]", "etp.clauses = 1", "[sortie]", "confidentialite = complet"]
    with open(os.path.join(folder, "job.ini"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(job) + "\n")


def controles(folder):
    """(exit status, rows of controles.csv, stderr) of a run of folder/job.ini."""
    out = os.path.join(folder, "out")
    p = subprocess.run([BIN, "run", os.path.join(folder, "job.ini"), "--out", out], capture_output=True, text=True)
    path = os.path.join(out, "graves-3", "2024", "controles.csv")
    if not os.path.exists(path):
        return p.returncode, [], p.stderr
    with open(path, encoding="utf-8", newline="") as fh:
        return p.returncode, list(csv.DictReader(fh, delimiter=";")), p.stderr


def fresh():
    return {f: list(lines) for f, lines in BASE.items()}


def check_negative_hours(tmp):
    folder = os.path.join(tmp, "negative-hours")
    data = fresh()
    add("heures.csv", "OP1;M1;Ent A;P3;Petit;Léa;DELD;01/05/2024;-5")(data)
    write_job(folder, data)
    rc, rows, err = controles(folder)
    want = ("exports/heures.csv:5:9: error: le champ heures contient « -5 », valeur invalide, et l'indicateur "
            "heures_insertion de la fiche graves-3 en dépend : corrigez l'export")
    report(rc == 65 and any(l == want or l.endswith("/" + want) for l in err.splitlines()) and not os.path.exists(os.path.join(folder, "out", "graves-3")),
           "controles a negative hour stops the run at heures.csv:5:9, no pack", "exit %d: %s" % (rc, err[-300:]))
    rule = "exports/heures.csv:5:9: warning: colonne I « Heures réalisées » (heures) : « -5 » est négatif"
    report(any(rule in l for l in err.splitlines()),
           "controles heures-negatives names the negative hour at heures.csv:5:9", err[-400:])


def check_heures_excessives_order(tmp):
    """Several participant-months over 200 h (checks.c groups them by interned
    participant and month, issue 8): each is reported once, at its first row,
    with its sum, in the order of the "participant, month" text keys (P1 before
    P10 before P2), and a participant-month at exactly 200 h is not."""
    folder = os.path.join(tmp, "excessives-order")
    data = fresh()
    for line in ("OP2;M2;Ent A;P2;Durand;Anne;BRSA;01/06/2024;120",      # 5
                 "OP2;M2;Ent A;P2;Durand;Anne;BRSA;01/06/2024;100",      # 6: P2 June 220
                 "OP1;M1;Ent A;P10;Roux;Marc;DELD;01/07/2024;150",       # 7
                 "OP1;M1;Ent A;P10;Roux;Marc;DELD;01/07/2024;60,5",      # 8: P10 July 210,5
                 "OP1;M1;Ent A;P1;Martin;Paul;DELD;01/03/2024;110",      # 9: P1 March 100 (line 2) + 110
                 "OP1;M1;Ent A;P1;Martin;Paul;DELD;01/11/2024;201",      # 10: P1 November 201
                 "OP1;M1;Ent A;P3;Petit;Léa;DELD;01/09/2024;150",        # 11
                 "OP1;M1;Ent A;P3;Petit;Léa;DELD;01/09/2024;50"):        # 12: P3 September exactly 200
        add("heures.csv", line)(data)
    write_job(folder, data)
    rc, rows, err = controles(folder)
    got = [(r["ligne"], r["message"]) for r in rows if r["regle"] == "heures-excessives"]
    want = [("2", "P1 a 210,00 h dans le mois 03/2024 (plus de 200 h)"),
            ("10", "P1 a 201,00 h dans le mois 11/2024 (plus de 200 h)"),
            ("7", "P10 a 210,50 h dans le mois 07/2024 (plus de 200 h)"),
            ("5", "P2 a 220,00 h dans le mois 06/2024 (plus de 200 h)")]
    report(rc == 0 and got == want, "controles heures-excessives: one per participant-month, first row, key order",
           "exit %d: %s" % (rc, got))


def check_rules(tmp):
    base = os.path.join(tmp, "clean")
    write_job(base, fresh())
    rc, rows, err = controles(base)
    report(rc == 0, "controles clean job runs", "exit %d: %s" % (rc, err[-300:]))
    rules = {r["regle"] for r in rows}
    for rule in VARIANTS:
        report(rule not in rules, "controles %s not triggered by the clean job" % rule,
               [r["message"] for r in rows if r["regle"] == rule][:2])
    for rule, change in NEAR.items():
        folder = os.path.join(tmp, "near-" + rule)
        data = fresh()
        change(data)
        write_job(folder, data)
        rc, rows, err = controles(folder)
        got = [r["message"] for r in rows if r["regle"] == rule]
        report(rc == 0 and not got, "controles %s not triggered by its near miss" % rule, "exit %d %s" % (rc, got[:2]))
    for rule, (change, f, lines) in VARIANTS.items():
        folder = os.path.join(tmp, rule)
        data = fresh()
        change(data)
        write_job(folder, data)
        rc, rows, err = controles(folder)
        hit = [r for r in rows if r["regle"] == rule and r["fichier"] == "exports/" + f]
        at = {int(r["ligne"]) for r in hit if r["ligne"].isdigit()}
        if rule == "tableau-impact-ecart":
            hit = [r for r in hit if "OP2" in r["message"] and "OP1" not in r["message"]] if len(hit) == 1 else []
        report(rc == 0 and hit and at <= lines and at, "controles %s triggered at %s:%s" % (rule, f, sorted(lines)),
               "exit %d, reported at lines %s: %s" % (rc, sorted(at), [r["message"] for r in hit][:2] or err[-200:]))


def read_csv(path):
    """Rows of an export as lists of text, index 0 = physical line 1 (CSV in
    UTF-8 or Windows-1252, or the XLSX's only or last sheet)."""
    if path.endswith(".xlsx"):
        import openpyxl
        ws = openpyxl.load_workbook(path, read_only=True).worksheets[-1]
        return [["" if c is None else c.strftime("%d/%m/%Y") if hasattr(c, "strftime") else str(c) for c in r]
                for r in ws.iter_rows(values_only=True)]
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return list(csv.reader(text.splitlines(), delimiter=";"))


def date(s):
    try:
        return datetime.datetime.strptime(s.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def check_cases(tmp):
    """The planted anomalies of the CSV cases, recomputed from their exports."""
    for case in ("agen-csv", "bordeaux-cp1252", "graves-xlsx"):
        casedir = os.path.join(CASES, case)
        out = os.path.join(tmp, "case-" + case)
        p = subprocess.run([BIN, "run", os.path.join(casedir, "job.ini"), "--out", out], capture_output=True, text=True)
        if not report(p.returncode == 0, "controles %s run" % case, p.stderr[-300:]):
            continue
        ext = ".xlsx" if case.endswith("xlsx") else ".csv"
        acts = read_csv(os.path.join(casedir, "exports", "actions" + ext))
        pres = read_csv(os.path.join(casedir, "exports", "presences" + ext))
        with_pres = {r[0].strip() for r in pres[1:] if r}
        want_bare = {i + 1 for i, r in enumerate(acts) if i and r and r[0].strip() not in with_pres
                     and date(r[3]) and date(r[3]).year == 2024}
        if case != "agen-csv":
            for path in sorted(glob.glob(os.path.join(out, "*", "2024", "controles.csv"))):
                with open(path, encoding="utf-8", newline="") as fh:
                    bare = {int(r["ligne"]) for r in csv.DictReader(fh, delimiter=";") if r["regle"] == "action-sans-presence"}
                report(bare == want_bare and want_bare, "controles %s actions without émargement at their lines"
                       % path.split(os.sep)[-3], "reported %s, planted %s" % (sorted(bare), sorted(want_bare)))
            continue
        heures = read_csv(os.path.join(casedir, "exports", "heures.csv"))
        h = heures[0]
        ci, mi = h.index("Critère d'éligibilité"), h.index("Mois")
        want_regul = {i + 1 for i, r in enumerate(heures) if i and r and date(r[mi]) and date(r[mi]).year == 2024
                      and not r[ci].strip()}
        want_out = {i + 1 for i, r in enumerate(heures) if i and r and date(r[mi]) and date(r[mi]).year != 2024}
        want_in = {i + 1 for i, r in enumerate(heures) if i and r and date(r[mi]) and date(r[mi]).year == 2024}
        for path in sorted(glob.glob(os.path.join(out, "*", "2024", "controles.csv"))):
            fiche = path.split(os.sep)[-3]
            with open(path, encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh, delimiter=";"))
            bare = {int(r["ligne"]) for r in rows if r["regle"] == "action-sans-presence"}
            report(bare == want_bare and want_bare, "controles %s actions without émargement at their lines" % fiche,
                   "reported %s, planted %s" % (sorted(bare), sorted(want_bare)))
            regul = {int(r["ligne"]) for r in rows if r["regle"] == "heures-sans-critere" and r["ligne"]}
            report(regul == want_regul and len(want_regul) == 3, "controles %s hours without criterion at their lines" % fiche,
                   "reported %s, planted %s" % (sorted(regul), sorted(want_regul)))
            covered = set()
            for r in rows:
                if r["regle"] != "hors-periode" or not r["fichier"].endswith("heures.csv") or not r["ligne"]:
                    continue
                m = re.match(r"heures : lignes? ([0-9, -]+) hors de la période", r["message"])
                for a, b in re.findall(r"(\d+)(?:-(\d+))?", m.group(1) if m else ""):
                    covered |= set(range(int(a), int(b or a) + 1))
            report(bool(want_out) and want_out <= covered and not (covered & want_in),
                   "controles %s every hour row outside 2024 listed hors-periode" % fiche,
                   "%d rows outside 2024, %d not listed, %d rows of 2024 listed" % (
                       len(want_out), len(want_out - covered), len(covered & want_in)))


def main():
    if not os.access(BIN, os.X_OK):
        print("FAIL controles: no build/fsepack")
        return 1
    tmp = tempfile.mkdtemp(prefix="fsepack-controles-")
    try:
        check_rules(tmp)
        check_heures_excessives_order(tmp)
        check_negative_hours(tmp)
        check_cases(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return e2e.exit_status()


if __name__ == "__main__":
    sys.exit(main())
