"""world.py — the people, companies and rows of one PLIE's exports, drawn from
one random.Random seeded by SEED and the PLIE's key (same seed, same rows)."""
from .common import *  # noqa: F401,F403
from .common import random, unicodedata, dt
from .vocab import *  # noqa: F401,F403


# ----------------------------------------------------------------- the world of one PLIE


class World:
    def __init__(self, key, cfg):
        self.key = key
        self.cfg = cfg
        self.rng = random.Random("%s-%s" % (SEED, key))
        self.people = []
        self.companies = []
        self.structures = []
        self._make_people(cfg.get("people", 260))
        self._make_companies(cfg.get("companies", 150))
        self._make_structures()

    # people ---------------------------------------------------------
    def _make_people(self, n=260):
        rng = self.rng
        used = set()
        for i in range(n):
            sexe = "F" if rng.random() < 0.46 else "H"
            while True:
                nom = rng.choice(SURNAMES)
                prenom = rng.choice(PRENOMS_F if sexe == "F" else PRENOMS_H)
                if (nom, prenom) not in used:
                    used.add((nom, prenom))
                    break
            birth = rdate(rng, dt.date(1962, 1, 1), dt.date(2005, 6, 30))
            age = (dt.date(2024, 1, 1) - birth).days / 365.25
            if age < 26:
                crit = rng.choice(["Jeune -26 ans", "Jeune -26 ans", "DELD", "BRSA", "Résident QPV"])
            elif age >= 50 and rng.random() < 0.5:
                crit = "Senior +50 ans"
            else:
                crit = rng.choice(["DELD", "BRSA", "ASS", "AAH", "RQTH", "Résident QPV", "Salarié SIAE", "Autre",
                                   "DELD", "BRSA"])
            entree = rdate(rng, dt.date(2022, 3, 1), dt.date(2024, 11, 30))
            sortie = None
            if rng.random() < 0.45 and entree + dt.timedelta(days=120) < W1:
                sortie = rdate(rng, max(entree + dt.timedelta(days=120), W0), W1)
            self.people.append(dict(
                participant_id="P%06d" % (self.cfg["pid0"] + i * 7 + rng.randint(0, 6)),
                nom=nom, prenom=prenom, sexe=sexe, date_naissance=birth, critere=crit,
                niveau_formation=rng.choice(NIVEAUX), commune=rng.choice(self.cfg["communes"]),
                qpv=rng.random() < 0.35, date_entree=entree, date_sortie=sortie,
                deld=rng.random() < 0.45, brsa=rng.random() < 0.35, rqth=rng.random() < 0.14,
                referent=rng.choice(self.cfg["staff"]), plie=rng.random() < 0.7))

    # companies ------------------------------------------------------
    def _make_companies(self, n=150):
        rng = self.rng
        names = set()
        while len(self.companies) < n:
            trade, sector, (lo, hi) = rng.choice(TRADES)
            q = rng.choice(self.cfg["qualif"])
            legal = rng.choice(LEGAL)
            name = "%s %s" % (trade, q)
            if legal:
                name += " " + legal
            if name in names:
                continue
            names.add(name)
            has_siret = rng.random() > 0.12
            eff = rng.randint(lo, hi)
            if rng.random() < 0.3:
                eff = rng.randint(1, 10)        # many TPE
            self.companies.append(dict(
                entreprise=name, siret=siret(rng, rng.random() < 0.12) if has_siret else None,
                effectif=eff if rng.random() > 0.05 else None, secteur=sector,
                commune=rng.choice(self.cfg["communes"])))

    def _make_structures(self):
        q = self.cfg["qualif"]
        self.structures = [
            ("ETTI %s Intérim Solidaire" % q[0], "ETTI", "Mise à disposition", "Intérim d'insertion"),
            ("GEIQ BTP %s" % q[1], "GEIQ", "Mise à disposition", "Contrat de professionnalisation"),
            ("AI %s Services" % q[2], "AI", "Mise à disposition", "CDDI"),
            ("EI %s Bâtiment" % q[3], "EI", "Sous-traitance", "CDDI"),
            ("ACI Jardins %s" % q[4], "ACI", "Sous-traitance", "CDDI"),
            ("Intérim %s Emploi" % q[5], "ETT", "Mise à disposition", "Intérim"),
        ]

    def company_row_name(self, c):
        """Name as typed in one row: a company without SIRET is sometimes typed in
        capitals without accents (the same company for the normalised name)."""
        if c["siret"] is None and self.rng.random() < 0.25:
            s = unicodedata.normalize("NFKD", c["entreprise"])
            return "".join(ch for ch in s if not unicodedata.combining(ch)).upper()
        return c["entreprise"]

    # marches ---------------------------------------------------------
    def marches(self, n_ops, boundary=True, notified_runs_in_year=False):
        rng = self.rng
        rows = []
        donneurs = self.cfg["donneurs"]
        attributaires = [c for c in self.companies if c["secteur"] in ("BTP", "Espaces verts", "Propreté",
                                                                      "Restauration", "Logistique")]
        for k in range(1, n_ops + 1):
            notif = rdate(rng, dt.date(2021, 9, 1), dt.date(2025, 1, 31))
            opid = "OP-%d-%03d" % (notif.year, k)
            place = rng.choice(PLACES)
            opname = rng.choice(OPERATION_KINDS).format(p=place)
            do, dtype = donneurs[rng.randrange(len(donneurs))] if k > len(donneurs) else donneurs[k - 1]
            commune = rng.choice(self.cfg["communes"])
            for lot in range(1, rng.choice([1, 1, 2, 2, 3, 4]) + 1):
                n = notif + dt.timedelta(days=rng.randint(0, 25))
                debut = n + dt.timedelta(days=rng.randint(10, 60))
                if notified_runs_in_year and n.year == 2024 and debut > P1:
                    debut = P1 - dt.timedelta(days=rng.randint(0, 10))
                fin = None if rng.random() < 0.1 else add_months(debut, rng.randint(4, 30)) - dt.timedelta(days=rng.randint(1, 20))
                c = rng.choice(attributaires)
                lotname = lot_for(rng, c)
                statut = "Terminé" if fin and fin < EXPORT_DAY else ("Notifié" if debut > EXPORT_DAY else "En cours")
                rows.append(dict(
                    operation_id=opid, operation=opname, donneur_ordre=do, type_donneur_ordre=dtype,
                    marche_id="M%02d-%03d-%d" % (n.year % 100, k, lot), objet="%s – %s" % (opname, lotname),
                    lot="Lot %02d" % lot, entreprise=c["entreprise"], siret=c["siret"],
                    base_juridique=rng.choice(CLAUSES), date_notification=n, date_debut=debut,
                    date_fin=fin, heures_prevues=rng.choice(HEURES_PREVUES), statut=statut, commune=commune))
        if boundary:
            # marchés touching the edges of the period (inclusive bounds)
            edges = [(dt.date(2023, 1, 10), dt.date(2024, 1, 1)),     # ends on the first day: active
                     (dt.date(2024, 12, 31), dt.date(2025, 9, 30)),    # starts on the last day: active
                     (dt.date(2023, 2, 1), dt.date(2023, 12, 31)),     # ends the day before: not active
                     (dt.date(2025, 1, 1), dt.date(2025, 12, 31))]     # starts the day after: not active
            for j, (a, b) in enumerate(edges):
                k = n_ops + 1 + j
                do, dtype = rng.choice(donneurs)
                c = rng.choice(attributaires)
                n = a - dt.timedelta(days=30)
                opname = rng.choice(OPERATION_KINDS).format(p=rng.choice(PLACES))
                rows.append(dict(
                    operation_id="OP-%d-%03d" % (n.year, k), operation=opname, donneur_ordre=do,
                    type_donneur_ordre=dtype, marche_id="M%02d-%03d-1" % (n.year % 100, k),
                    objet="%s – %s" % (opname, lot_for(rng, c)), lot="Lot 01", entreprise=c["entreprise"],
                    siret=c["siret"], base_juridique=rng.choice(CLAUSES), date_notification=n, date_debut=a,
                    date_fin=b, heures_prevues=rng.choice(HEURES_PREVUES),
                    statut="Terminé" if b < EXPORT_DAY else "En cours", commune=rng.choice(self.cfg["communes"])))
        return rows

    # heures ----------------------------------------------------------
    def heures(self, marches, per_marche=(1, 4), run=(2, 9), no_critere=4, hours=None):
        """Monthly rows (one per participant, marché and month) of per_marche
        participants per marché, each working a run of consecutive months of the
        marché; hours of a month drawn from `hours` (default: part-time to full-time)."""
        rng = self.rng
        hours = hours or [7, 14, 17.5, 21, 35, 52.5, 70, 87.5, 105, 120.5, 140, 151.67]
        rows = []
        worked = {}   # (participant, month) -> hours: nobody works more than a full month (151.67 h)
        workers = self.people[:]
        for m in marches:
            a = max(m["date_debut"], W0)
            b = min(m["date_fin"] or W1, W1)
            if a > b:
                continue
            months = []
            d = month_start(a)
            while d <= b:
                months.append(d)
                d = add_months(d, 1)
            for _ in range(rng.randint(*per_marche)):
                p = rng.choice(workers)
                struct = rng.random()
                if struct < 0.3:
                    structure, tstruct, modal, contrat = (m["entreprise"], "Entreprise", "Embauche directe",
                                                         rng.choice(["CDD", "CDI", "Contrat de professionnalisation"]))
                else:
                    structure, tstruct, modal, contrat = rng.choice(self.structures)
                    if rng.random() < 0.08:
                        modal = "Formation"
                    elif rng.random() < 0.05:
                        modal = "Co-traitance"
                start = rng.randrange(len(months))
                length = rng.randint(*run)
                for mo in months[start:start + length]:
                    h = rng.choice(hours)
                    hf = rng.choice([0, 0, 0, 0, 7, 14])
                    h = min(h, round(151.67 - worked.get((p["participant_id"], mo), 0), 2))
                    if h < 7:
                        continue
                    worked[(p["participant_id"], mo)] = worked.get((p["participant_id"], mo), 0) + h
                    rows.append(dict(
                        operation_id=m["operation_id"], marche_id=m["marche_id"], lot=m["lot"],
                        entreprise=m["entreprise"], structure=structure, type_structure=tstruct,
                        modalite=modal, participant_id=p["participant_id"], nom=p["nom"], prenom=p["prenom"],
                        sexe=p["sexe"], date_naissance=p["date_naissance"], critere=p["critere"],
                        niveau_formation=p["niveau_formation"], participant_plie="Oui" if p["plie"] else "Non",
                        type_contrat=contrat, mois=mo, heures=h,
                        heures_formation=hf))
        rng.shuffle(rows)
        rows.sort(key=lambda r: (r["operation_id"], r["marche_id"], r["participant_id"], r["mois"]))
        # a few rows whose eligibility criterion was not entered: mostly in 2024, one outside
        in24 = [i for i, r in enumerate(rows) if in_p(r["mois"])]
        out = [i for i, r in enumerate(rows) if not in_p(r["mois"])]
        for i in rng.sample(in24, no_critere - 1) + rng.sample(out, 1):
            rows[i]["critere"] = None
        return rows

    # contacts ---------------------------------------------------------
    def contacts(self, n, n_companies, modes=None, dup=2):
        rng = self.rng
        pool = rng.sample(self.companies, n_companies)
        if not any((c["siret"] or "").startswith("0") for c in pool[:3]):   # a frequent one starts with 0
            pool[0] = next(c for c in self.companies if (c["siret"] or "").startswith("0"))
        for j, eff in ((1, 10), (2, 11)):       # the bounds of "10 salariés et moins" / "moins de 11"
            if not any(c["effectif"] == eff for c in pool[:6]):
                pool[j]["effectif"] = eff
        modes = modes or [("Physique", 34), ("Téléphone", 26), ("Mail", 20), ("Visio", 10), ("Événement", 10)]
        objets = [("Prospection", 25), ("Recrutement", 30), ("Information mesures emploi", 15),
                  ("Clause sociale", 15), ("Suivi en emploi", 15)]
        rows = []
        edge_days = [dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2023, 12, 31), dt.date(2025, 1, 1)]
        for i in range(n):
            c = pool[min(int(rng.expovariate(1 / (n_companies / 2.5))), n_companies - 1)]
            d = edge_days[i] if i < len(edge_days) else rdate(rng, W0, W1)
            mode = pick_weighted(rng, modes)
            rows.append(dict(
                date=d, entreprise=self.company_row_name(c), siret=c["siret"], effectif=c["effectif"],
                secteur=c["secteur"], commune=c["commune"], mode=mode, objet=pick_weighted(rng, objets),
                charge=rng.choice(self.cfg["staff"]),
                justificatif=rng.choice(["Compte rendu", "Émargement", "Mail", "", "Compte rendu"]) or None,
                _company=c))
        rows.sort(key=lambda r: r["date"])
        spellings = {}
        for r in rows:
            if not r["siret"] and in_p(r["date"]):
                spellings.setdefault(norm(r["entreprise"]), set()).add(r["entreprise"])
        if not any(len(v) > 1 for v in spellings.values()):   # a company without SIRET typed two ways
            r = next(r for r in rows if not r["siret"] and in_p(r["date"]))
            s = unicodedata.normalize("NFKD", r["_company"]["entreprise"])
            typed = "".join(ch for ch in s if not unicodedata.combining(ch)).upper()
            rows.append(dict(r, entreprise=typed if typed != r["entreprise"] else r["_company"]["entreprise"],
                             date=r["date"] + dt.timedelta(days=1 if r["date"] < P1 else -1)))
        rng.shuffle(rows)
        for _ in range(dup):   # the same contact exported twice
            r = rng.choice([r for r in rows if in_p(r["date"])])
            rows.insert(rng.randrange(len(rows)), dict(r))
        return rows

    # offres / mises en relation -------------------------------------------
    def offres(self, n, dup=0, no_postes=3, prefix="OF"):
        rng = self.rng
        rows = []
        pool = rng.sample(self.companies, min(70, len(self.companies)))
        for i in range(n):
            c = rng.choice(pool)
            rec = rdate(rng, W0, W1)
            if i == 0:
                rec = dt.date(2023, 12, 31)
            elif i == 1:
                rec = dt.date(2024, 12, 31)
            poste, rome = rng.choice(POSTES)
            contrat, duree = rng.choice(CONTRATS_OFFRE)
            diff = None
            if rng.random() < 0.8:
                diff = rec + dt.timedelta(days=rng.choice([0, 1, 2, 3, 5, 8, 12, 20]))
                if diff > EXPORT_DAY:
                    diff = None
            if i == 2:                      # received 2023, diffused 2024
                rec, diff = dt.date(2023, 12, 27), dt.date(2024, 1, 3)
            elif i == 3:                    # received 2024, diffused 2025
                rec, diff = dt.date(2024, 12, 28), dt.date(2025, 1, 6)
            statut = rng.choice(["Pourvue", "Pourvue", "Ouverte", "Annulée", "Clôturée"])
            rows.append(dict(
                offre_id="%s%02d%04d" % (prefix, rec.year % 100, 100 + i), date_reception=rec,
                entreprise=self.company_row_name(c), siret=c["siret"], intitule=poste, code_rome=rome,
                type_contrat=contrat, duree=duree or None,
                nb_postes=pick_weighted(rng, [(1, 60), (2, 25), (3, 10), (5, 3)]), lieu=rng.choice(self.cfg["communes"]),
                statut=statut, date_diffusion=diff, canal=rng.choice(CANAUX) if diff else None,
                charge=rng.choice(self.cfg["staff"]), _company=c))
        for r in rng.sample(rows, no_postes):   # "Nombre de postes" left empty: 1 by default
            r["nb_postes"] = None
        rows.sort(key=lambda r: (r["date_reception"], r["offre_id"]))
        for _ in range(dup):
            r = rng.choice([r for r in rows if in_p(r["date_reception"]) and r["date_diffusion"]])
            rows.insert(rng.randrange(len(rows)), dict(r))
        return rows

    def mer(self, offres, n, dup=2, unknown=0):
        rng = self.rng
        rows = []
        seen = set()
        uniq = {o["offre_id"]: o for o in offres}
        offer_list = list(uniq.values())
        while len(rows) < n:
            o = rng.choice(offer_list)
            d = o["date_reception"] + dt.timedelta(days=rng.randint(1, 50))
            if d > W1:
                continue
            p = rng.choice(self.people)
            if (p["participant_id"], o["offre_id"], d) in seen:
                continue
            seen.add((p["participant_id"], o["offre_id"], d))
            rows.append(dict(
                date=d, participant_id=p["participant_id"], nom=p["nom"], prenom=p["prenom"],
                offre_id=o["offre_id"], entreprise=o["entreprise"], siret=o["siret"],
                charge=o["charge"], resultat=pick_weighted(rng, [("Retenu", 20), ("Non retenu", 40),
                                                                 ("En attente", 15), ("Embauche", 25)])))
        for k in range(unknown):   # on an offer older than the export (unknown offer)
            p = rng.choice(self.people)
            rows.append(dict(date=dt.date(2024, 2, 5 + k), participant_id=p["participant_id"], nom=p["nom"],
                             prenom=p["prenom"], offre_id="OF23%04d" % (9000 + k), entreprise=None, siret=None,
                             charge=self.cfg["staff"][0], resultat="Non retenu"))
        # on the edges of the period: the day after an offer of 31/12/2023 (counted: the mise
        # en relation is dated in 2024) and the day after an offer of 31/12/2024 (not counted)
        for day in (dt.date(2024, 1, 1), dt.date(2025, 1, 1)):
            o = next((o for o in offer_list if o["date_reception"] == day - dt.timedelta(days=1)), None)
            if o is not None:
                p = rng.choice(self.people)
                rows.append(dict(date=day, participant_id=p["participant_id"], nom=p["nom"], prenom=p["prenom"],
                                 offre_id=o["offre_id"], entreprise=o["entreprise"], siret=o["siret"],
                                 charge=o["charge"], resultat="En attente"))
        rows.sort(key=lambda r: r["date"])
        for j, r in enumerate(rows):
            r["mer_id"] = "MER%05d" % (61000 + j)
        for _ in range(dup):       # the same mise en relation exported twice
            r = rng.choice([r for r in rows if in_p(r["date"])])
            rows.insert(rng.randrange(len(rows)), dict(r))
        return rows

    # actions / presences ---------------------------------------------------
    def actions(self, n, weights=None, dup=1, variants=True):
        rng = self.rng
        weights = weights or ([(t, 8) for t in COLLECTIVE] + [("Sensibilisation", 6), ("Médiation", 6),
                                                              ("Préparation au recrutement", 10)])
        rows = []
        for i in range(n):
            t = pick_weighted(rng, weights)
            d = rdate(rng, W0, W1)
            if i == 0:
                d = dt.date(2024, 12, 31)
            elif i == 1:
                d = dt.date(2023, 12, 31)
            elif i == 2:                      # counted only by indicators that name it
                t, d = "Médiation", rdate(rng, dt.date(2024, 3, 1), dt.date(2024, 11, 30))
            slot = rng.choice([("09:00", "12:00"), ("14:00", "17:00"), ("09:00", "16:30")])
            typed = t
            if variants and i in (5, 11, 17):     # typed without accents / in another case
                typed = {0: t.upper(), 1: unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode(),
                         2: t.lower()}[(i // 6) % 3]
            rows.append(dict(
                action_id="AC%d" % (4000 + i), intitule="%s – %s" % (t, rng.choice(THEMES)), type=typed,
                date=d, heure_debut=slot[0], heure_fin=slot[1],
                lieu=rng.choice(self.cfg["communes"] + ["Maison de l'emploi", "Pôle entreprises"]),
                animateur=rng.choice(self.cfg["staff"] + ["France Travail", "Mission locale"]),
                charge=rng.choice(self.cfg["staff"]), _type=t))
        rows.sort(key=lambda r: r["action_id"])
        for _ in range(dup):
            r = rng.choice([r for r in rows if in_p(r["date"])])
            rows.insert(rng.randrange(len(rows)), dict(r))
        return rows

    def presences(self, actions, without=3):
        rng = self.rng
        rows = []
        acts = list({a["action_id"]: a for a in actions}.values())
        skip = set(a["action_id"] for a in rng.sample([a for a in acts if in_p(a["date"])], without))
        for a in acts:
            if a["action_id"] in skip:
                continue
            half = {"09:00": "Matin", "14:00": "Après-midi"}[a["heure_debut"]] if a["heure_fin"] != "16:30" else "Journée"
            for p in rng.sample(self.people, rng.randint(3, 11)):
                st = pick_weighted(rng, [("Présent", 80), ("Absent", 12), ("Excusé", 8)])
                rows.append(dict(action_id=a["action_id"], personne_id=p["participant_id"], type_personne="Participant",
                                 nom=p["nom"], prenom=p["prenom"], structure=None, statut=st, demi_journee=half,
                                 signe="Oui" if st == "Présent" and rng.random() < 0.95 else "Non"))
            for j in range(rng.choice([0, 0, 1, 2, 3])):
                c = rng.choice(self.companies)
                rows.append(dict(action_id=a["action_id"], personne_id="E%05d" % rng.randint(1000, 9999),
                                 type_personne="Entreprise", nom=rng.choice(REP_SURNAMES),
                                 prenom=rng.choice(PRENOMS_F + PRENOMS_H), structure=c["entreprise"],
                                 statut="Présent", demi_journee=half, signe="Oui"))
            if rng.random() < 0.3:
                rows.append(dict(action_id=a["action_id"], personne_id=None, type_personne="Intervenant",
                                 nom=rng.choice(REP_SURNAMES), prenom=rng.choice(PRENOMS_F + PRENOMS_H),
                                 structure=rng.choice(["France Travail", "Mission locale", "Cap emploi"]),
                                 statut="Présent", demi_journee=half, signe="Oui"))
        return rows

    # etapes / participants ---------------------------------------------------
    def etapes(self, n_people, steps=(1, 7), weights=None, variants=0):
        rng = self.rng
        weights = weights or [("Entretien", 40), ("Promotion de profil", 20), ("Préparation au recrutement", 10),
                              ("Suivi en emploi", 15), ("Atelier collectif", 5), ("Orientation formation", 10)]
        modes = {"Entretien": [("Physique individuel", 55), ("Téléphone", 25), ("Physique collectif", 10),
                               ("Mail", 5), ("SMS", 5)],
                 "Suivi en emploi": [("Téléphone", 50), ("Physique individuel", 30), ("SMS", 10), ("Mail", 10)]}
        rows = []
        people = self.people[:n_people]
        for p in people:
            a = max(p["date_entree"], W0)
            b = min(p["date_sortie"] or W1, W1)
            if a > b:
                continue
            for _ in range(rng.randint(*steps)):
                t = pick_weighted(rng, weights)
                m = pick_weighted(rng, modes.get(t, [("Physique individuel", 50), ("Mail", 30),
                                                     ("Physique collectif", 10), ("Téléphone", 10)]))
                rows.append(dict(date=rdate(rng, a, b), participant_id=p["participant_id"], type=t, mode=m,
                                 charge=p["referent"], _type=t))
        # steps on the edges of the period (inclusive bounds), for people followed on both sides
        long = [p for p in people if p["date_entree"] <= dt.date(2023, 12, 1) and
                (p["date_sortie"] is None or p["date_sortie"] >= dt.date(2025, 1, 31))]
        for day, t, m in ((dt.date(2023, 12, 31), "Promotion de profil", "Mail"),
                          (dt.date(2024, 1, 1), "Entretien", "Physique individuel"),
                          (dt.date(2024, 12, 31), "Entretien", "Physique collectif"),
                          (dt.date(2025, 1, 1), "Promotion de profil", "Physique individuel"),
                          (dt.date(2024, 12, 31), "Promotion de profil", "Physique individuel")):
            p = rng.choice(long)
            rows.append(dict(date=day, participant_id=p["participant_id"], type=t, mode=m, charge=p["referent"], _type=t))
        rows.sort(key=lambda r: (r["date"], r["participant_id"]))
        for r in rng.sample([r for r in rows if r["_type"] in ("Promotion de profil", "Entretien") and in_p(r["date"])],
                            variants):
            r["type"] = r["_type"].upper() if r["_type"] == "Entretien" else r["_type"].lower()
        return rows

    def participants(self, n_people, sexe_words=5, x_bool=3):
        rng = self.rng
        rows = []
        for i, p in enumerate(self.people[:n_people]):
            sortie = p["date_sortie"]
            situation = qualif = None
            if sortie:
                situation = pick_weighted(rng, [(s, w) for s, w in zip(SITUATIONS, [30, 20, 8, 15, 4, 10, 8, 5])])
                qualif = "Oui" if rng.random() < 0.3 else "Non"
            rows.append(dict(
                participant_id=p["participant_id"], nom=p["nom"], prenom=p["prenom"], sexe=p["sexe"],
                date_naissance=p["date_naissance"], commune=p["commune"], qpv="Oui" if p["qpv"] else "Non",
                date_entree=p["date_entree"], referent=p["referent"],
                deld="Oui" if p["deld"] else "Non", brsa="Oui" if p["brsa"] else "Non",
                rqth="Oui" if p["rqth"] else "Non", niveau_formation=p["niveau_formation"],
                contact_renseigne="Oui" if rng.random() < 0.93 else "Non", date_sortie=sortie,
                situation_sortie=situation, qualification=qualif))
        for r in rng.sample(rows, sexe_words):       # "Femme" / "Homme" written in full
            r["sexe"] = {"F": "Femme", "H": "Homme"}[r["sexe"]]
        for r in rng.sample(rows, x_bool):           # boolean ticked with an X, else empty
            r["deld"] = "X" if r["deld"] == "Oui" else None
        if not any(r["deld"] == "X" for r in rows):
            next(r for r in rows if r["deld"] == "Oui")["deld"] = "X"
        return rows

    # conventions -------------------------------------------------------------
    def conventions(self, n):
        rng = self.rng
        partners = [(d, "Donneur d'ordre") for d, _ in self.cfg["donneurs"]] + \
                   [(s[0], "SIAE") for s in self.structures[:5]] + \
                   [("France Travail – agence locale", "Service public de l'emploi"),
                    ("Fédération du BTP (antenne locale)", "Organisation professionnelle"),
                    ("Maison de l'emploi du territoire", "Partenaire emploi")]
        objets = ["Convention de partenariat clauses sociales", "Convention de mise en œuvre des clauses d'insertion",
                  "Convention de coopération SIAE", "Charte d'engagement achats responsables",
                  "Convention d'échange de données"]
        edges = [(dt.date(2022, 1, 1), dt.date(2023, 12, 31)), (dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
                 (dt.date(2022, 1, 3), dt.date(2024, 1, 1))]
        rows = []
        for i in range(n):
            partner, ptype = partners[i % len(partners)] if i < len(partners) else rng.choice(partners)
            if i < len(edges):
                debut, fin = edges[i]
            else:
                debut = rdate(rng, dt.date(2021, 6, 1), dt.date(2025, 2, 1))
                fin = None if rng.random() < 0.25 else add_months(debut, rng.choice([12, 24, 36])) - dt.timedelta(days=1)
            sig = debut - dt.timedelta(days=rng.randint(0, 20))
            cid = "CV-%d-%02d" % (sig.year, i + 1)
            rows.append(dict(convention_id=cid, partenaire=partner, type_partenaire=ptype,
                             objet=rng.choice(objets), date_signature=sig, date_debut=debut, date_fin=fin,
                             fichier="conventions/%s.pdf" % cid))
        rows.sort(key=lambda r: r["date_debut"])
        return rows
