#!/usr/bin/env python3
"""gen.py — deterministic synthetic exports for `make bench`.

usage: gen.py DIR HOUR_ROWS

Writes DIR/csv/*.csv, DIR/xlsx/*.xlsx and DIR/{csv,xlsx}/job.ini: an ABC
Clause hours export of HOUR_ROWS rows (months 2023-01..2025-12, several
years, ~10 monthly rows per participant) with its marchés, and Viesion
exports in proportion (per 1 000 hour rows: 20 marchés, 100 contacts,
50 offres, 100 mises en relation, 10 actions, 200 présences). Headers are
those of the handed exports (templates/colonnes.ini aliases). The job runs
three fiches that read all of them (agen-4, bergerac-3, graves-3) on 2024.
Same seed, same bytes: the files only depend on HOUR_ROWS.

XLSX files are written directly (sheet XML with shared strings, dates as
serials with a date style) through zipfile: openpyxl is far too slow at
1 M rows.
"""
import os, random, sys, zipfile

D, N = sys.argv[1], int(sys.argv[2])
R = random.Random(20240101)

def sc(k):  # rows of a Viesion export per 1 000 hour rows, at least 5
    return max(5, N * k // 1000)

NOMS = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
        "Vincent", "Fournier", "N'Diaye", "Diallo", "Lambert", "Fontaine", "Rousseau"]
PRENOMS = ["Lucas", "Emma", "Léa", "Hugo", "Chloé", "Théo", "Camille", "Yanis", "Fatoumata",
           "Cédric", "Inès", "Nathan", "Manon", "Louis", "Jade", "Éric", "Sarah", "Adam"]
SECT = ["Bâtiment", "Logistique", "Restauration", "Commerce", "Propreté", "Espaces verts"]
COMM = ["Pont-Neuf", "Bel-Air", "Bastide", "Jean Moulin", "Saint-Exupéry", "Marie Curie"]
CHARGES = ["Mme Duprat", "M. Castaing", "Mme Lagarde", "M. Etcheverry"]
ENT = [f"{a} {b} {c}" for a in ["Bâtiment", "Transports", "Électricité", "Menuiserie", "Garage",
                                 "Plâtrerie", "Charpente", "Logistique"]
       for b in ["du Lot", "Océane", "Périgord", "des Landes", "Médoc", "Sud-Ouest", "des Graves"]
       for c in ["SARL", "SAS", "SA", "EURL", "SCOP"]]

def siret(i):
    return f"{(i * 7919 + 10000000000003) % 100000000000000:014d}"

def day(y, m, d):  # days since 1970-01-01
    import datetime
    return (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days

def rdate():
    y = R.choice((2023, 2024, 2024, 2025))
    return day(y, R.randint(1, 12), R.randint(1, 28))

# A cell: str (text), ("d", days) date, ("n", number) number, None empty.
def hours_rows():
    nm = sc(20)
    mar = []
    for i in range(nm):
        op, deb = i // 4, rdate() - 300
        mar.append([f"OP-{op:05d}", f"Opération {op}", f"Donneur d'ordre {op % 97}",
                    R.choice(["Collectivité", "Bailleur social", "État"]), f"M-{i:06d}",
                    f"Travaux {i}", f"Lot {i % 4 + 1:02d}", ENT[i % len(ENT)], siret(i % len(ENT)),
                    "L2112-2 condition d'exécution", ("d", deb - 30), ("d", deb),
                    ("d", deb + R.randint(200, 900)), ("n", R.randint(100, 5000)), "En cours", R.choice(COMM)])
    hrs = []
    npart = max(1, N // 10)
    for i in range(N):
        p = R.randrange(npart)
        m = mar[p % nm]
        y, mo = 2023 + (i // 12) % 3, i % 12 + 1
        hrs.append([m[0], m[4], m[6], m[7], "ACI Jardins d'insertion", "ACI",
                    R.choice(["Mise à disposition", "Embauche directe", "Sous-traitance"]),
                    f"P{p:07d}", NOMS[p % len(NOMS)], PRENOMS[p % len(PRENOMS)], "HF"[p % 2],
                    ("d", day(1960 + p % 40, p % 12 + 1, p % 28 + 1)),
                    R.choice(["DELD", "BRSA", "RQTH", "Jeune -26 ans"]) if R.random() > 0.02 else "",
                    R.choice(["Sans diplôme", "CAP/BEP", "Bac"]), R.choice(["Oui", "Non"]), "CDDI",
                    ("d", day(y, mo, 1)), ("n", R.randint(100, 6000) / 100),
                    ("n", R.choice([0, 0, 7, 14]))])
    return mar, hrs

def viesion():
    no, nmer, nc, na, npr = sc(50), sc(100), sc(100), sc(10), sc(200)
    npart = max(1, N // 10)
    off = [[f"OF{i:07d}", ("d", rdate()), ENT[i % len(ENT)], siret(i % len(ENT)),
            R.choice(["Maçon", "Cariste", "Agent d'entretien", "Serveur"]), "F1703",
            R.choice(["CDI", "CDD", "Intérim"]), "6 mois", ("n", R.randint(1, 4)), R.choice(COMM),
            R.choice(["Ouverte", "Pourvue", "Annulée"]), ("d", rdate()), "Mail référents",
            R.choice(CHARGES)] for i in range(no)]
    mer = []
    for i in range(nmer):
        p, o = R.randrange(npart), R.randrange(no)
        mer.append([f"MER{i:07d}", ("d", rdate()), f"P{p:07d}", NOMS[p % len(NOMS)],
                    PRENOMS[p % len(PRENOMS)], off[o][0], off[o][2], off[o][3], R.choice(CHARGES),
                    R.choice(["Retenu", "Non retenu", "En attente"])])
    con = [[("d", rdate()), ENT[R.randrange(len(ENT))], None, ("n", R.randint(1, 300)),
            R.choice(SECT), R.choice(COMM), R.choice(["Physique", "Visio", "Mail", "Téléphone"]),
            "Clause sociale", R.choice(CHARGES), None] for i in range(nc)]
    act = [[f"AC{i:06d}", f"Action {i}", R.choice(["Job dating", "Sensibilisation",
            "Visite d'entreprise", "Forum"]), ("d", rdate()), "09:00", "12:00", R.choice(COMM),
            R.choice(CHARGES), R.choice(CHARGES)] for i in range(na)]
    pre = []
    for i in range(npr):
        p = R.randrange(npart)
        pre.append([act[i % na][0], f"P{p:07d}", "Participant", NOMS[p % len(NOMS)],
                    PRENOMS[p % len(PRENOMS)], None, R.choice(["Présent", "Présent", "Excusé"]),
                    "Matin", R.choice(["Oui", "Oui", "Non"])])
    return off, mer, con, act, pre

HEAD = {
    "marches": ["N° opération", "Opération", "Donneur d'ordre", "Type de donneur d'ordre",
                "N° marché", "Objet du marché", "Lot", "Entreprise attributaire", "SIRET",
                "Type de clause", "Date de notification", "Date de début", "Date de fin",
                "Heures prévues", "Statut", "Commune"],
    "heures": ["N° opération", "N° marché", "Lot", "Entreprise attributaire", "Structure employeuse",
               "Type de structure", "Modalité", "Réf. participant", "Nom", "Prénom", "Sexe",
               "Date de naissance", "Critère d'éligibilité", "Niveau de formation",
               "Participant PLIE", "Type de contrat", "Mois", "Heures réalisées",
               "Heures de formation"],
    "offres": ["N° offre", "Date de réception", "Entreprise", "SIRET", "Intitulé du poste",
               "Code ROME", "Type de contrat", "Durée", "Nombre de postes", "Lieu", "Statut",
               "Date de diffusion", "Canal de diffusion", "Chargé(e)"],
    "mises_en_relation": ["N° mise en relation", "Date", "Réf. participant", "Nom", "Prénom",
                          "N° offre", "Entreprise", "SIRET", "Chargé(e)", "Résultat"],
    "contacts": ["Date", "Entreprise", "SIRET", "Effectif", "Secteur", "Commune", "Type de contact",
                 "Objet", "Chargé(e)", "Justificatif"],
    "actions": ["N° action", "Intitulé", "Type d'action", "Date", "Heure de début", "Heure de fin",
                "Lieu", "Animateur", "Chargé(e)"],
    "presences": ["N° action", "Réf. personne", "Type", "Nom", "Prénom", "Structure", "Présence",
                  "Demi-journée", "Signé"],
}

def civil(days):
    import datetime
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=days)

def csv_cell(v):
    if v is None: return ""
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"' if (";" in v or '"' in v) else v
    if v[0] == "d":
        d = civil(v[1]); return f"{d.day:02d}/{d.month:02d}/{d.year}"
    x = v[1]
    return str(x).replace(".", ",") if isinstance(x, float) else str(x)

def write_csv(path, head, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(";".join(head) + "\r\n")
        f.writelines(";".join(map(csv_cell, r)) + "\r\n" for r in rows)

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def write_xlsx(path, head, rows):
    sst, order = {}, []
    def si(s):
        i = sst.get(s)
        if i is None:
            i = sst[s] = len(order); order.append(s)
        return i
    def col(c):
        s = ""
        while True:
            s = chr(65 + c % 26) + s; c = c // 26 - 1
            if c < 0: return s
    def cell(v, c, n, gap):  # r only after a gap: keeps a 1 M-row sheet under the 512 MB part cap
        if v is None: return ""
        r = f' r="{col(c)}{n}"' if gap else ""
        if isinstance(v, str): return f'<c{r} t="s"><v>{si(v)}</v></c>'
        if v[0] == "d": return f'<c{r} s="1"><v>{v[1] + 25569}</v></c>'
        return f"<c{r}><v>{v[1]}</v></c>"
    def row(r, n):
        out, gap = [], False
        for c, v in enumerate(r):
            out.append(cell(v, c, n, gap)); gap = v is None
        return "".join(out)
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
             '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    allrows = [head] + rows
    for n, r in enumerate(allrows, 1):
        parts.append(f'<row r="{n}">' + row(r, n) + "</row>")
    parts.append("</sheetData></worksheet>")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns='
                   '"http://schemas.openxmlformats.org/package/2006/content-types"><Default '
                   'Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                   'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                   f'"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                   f'Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} '
                   f'xmlns:r="{rel}"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/>'
                   '</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?>'
                   f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target='
                   f'"worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
                   f'Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{rel}/styles" '
                   f'Target="styles.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}>'
                   '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
                   '</cellXfs></styleSheet>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(parts))
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} '
                   f'uniqueCount="{len(order)}">' + "".join(f"<si><t>{esc(s)}</t></si>" for s in order)
                   + "</sst>")

def job(fmt, names):
    s = ["; fsepack bench job (tests/bench/gen.py): fictitious data\n[plie]\nnom = PLIE de banc d'essai\n"
         "[periode]\ndefaut = 2024\n"]
    for n in names:
        s.append(f"[source.{n}]\nfichier = {n}.{fmt}\n")
    s.append("[fiche.agen-4]\n[fiche.bergerac-3]\n[fiche.graves-3]\n[sortie]\ndossier = out\n")
    return "".join(s)

mar, hrs = hours_rows()
off, mer, con, act, pre = viesion()
data = {"marches": mar, "heures": hrs, "offres": off, "mises_en_relation": mer, "contacts": con,
        "actions": act, "presences": pre}
for fmt in ("csv", "xlsx"):
    os.makedirs(f"{D}/{fmt}", exist_ok=True)
    for name, rows in data.items():
        (write_csv if fmt == "csv" else write_xlsx)(f"{D}/{fmt}/{name}.{fmt}", HEAD[name], rows)
    with open(f"{D}/{fmt}/job.ini", "w", encoding="utf-8") as f:
        f.write(job(fmt, data))
