#!/usr/bin/python3
"""gen_samples.py — deterministic generator of the sample exports of the ten PLIEs.

Run from anywhere with /usr/bin/python3 (standard library, plus openpyxl for
the XLSX exports — Debian's python3-openpyxl):

    /usr/bin/python3 tests/tools/gen_samples.py [--into DIR] [PLIE…]

It (re)writes, for the ten PLIEs of the seed (agen, bordeaux, graves,
technowest, perigueux, hauts-de-garonne, libournais, portes-du-sud, sources,
bergerac), or those named:

    samples/<plie>/job.ini         the job config (fiches, ETP, sources, confidentialité)
    samples/<plie>/exports/…       fictitious ABC Clause / Viesion exports
    samples/<plie>/expected.csv    fiche;indicateur;valeur;cible — the oracle

The exports follow DESIGN.md §3 (default header names), French values (dates
dd/mm/yyyy, decimal commas, months in several spellings), rows from Oct 2023
to Feb 2025, a few hour rows without eligibility criterion, a couple of
duplicated rows on the datasets' keys, Luhn-valid SIRETs (some starting with
0), companies without SIRET written with case/accent variants, and one format
per sample (CSV Windows-1252 ';', CSV UTF-8 BOM ',' fully quoted, XLSX with
real date cells, CSV UTF-8 with title lines and a "Total" line, …).
Volumes are those of the fiches' targets, so that every figure lands near its
cible and none is zero: Bordeaux about 345 000 hours of insertion in 2024 (one
row per participant, marché and month: a few thousand rows, CSV Windows-1252
with title and Total lines), Agen 93 marchés clausés and about 74 000 hours,
the Graves with 2 ETP of relation entreprises, and so on (expected.csv).

expected.csv is computed HERE, from the typed rows generated, by applying the
counting rules of seed/FICHES.md ("Counting vocabulary") directly — not by
running fsepack: period 2024-01-01..2024-12-31 inclusive; heures by month and
only with a criterion; marches/conventions by overlap of [début, fin] (no end
= running); offres by date of reception (unless the fiche says diffusion);
count = distinct keys (mises_en_relation: participant, offre, date; actions:
action; offres: offre; contacts: company, date, mode); companies = SIRET, else
normalised name; values compared ignoring case and accents; targets × ETP of
the volet when the fiche is par ETP.

Before writing expected.csv, check_traps() verifies that the cases the rules
talk about are really in the data (rows without criterion, duplicates on each
key, dates on 31/12 and 01/01, running marchés and conventions, offers received
in 2023 and diffused in 2024, TPE at 10 and 11 employees, …) and stops with an
error naming the missing one, so that a change here cannot silently make the
samples easier.

Everything is derived from SEED: two runs give byte-identical files (XLSX
timestamps are fixed).
"""
import csv
import datetime as dt
import io
import os
import random
import re
import shutil
import unicodedata
import zipfile

SEED = 20240917
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "samples")

P0, P1 = dt.date(2024, 1, 1), dt.date(2024, 12, 31)   # the period of every fiche
W0, W1 = dt.date(2023, 10, 1), dt.date(2025, 2, 28)   # what the exports cover
EXPORT_DAY = dt.date(2025, 3, 3)                      # day of the extraction

# ----------------------------------------------------------------- headers (DESIGN §3)

HEADERS = {
    "marches": [
        ("operation_id", "N° opération"), ("operation", "Opération"), ("donneur_ordre", "Donneur d'ordre"),
        ("type_donneur_ordre", "Type de donneur d'ordre"), ("marche_id", "N° marché"),
        ("objet", "Objet du marché"), ("lot", "Lot"), ("entreprise", "Entreprise attributaire"),
        ("siret", "SIRET"), ("base_juridique", "Type de clause"),
        ("date_notification", "Date de notification"), ("date_debut", "Date de début"),
        ("date_fin", "Date de fin"), ("heures_prevues", "Heures prévues"), ("statut", "Statut"),
        ("commune", "Commune")],
    "heures": [
        ("operation_id", "N° opération"), ("marche_id", "N° marché"), ("lot", "Lot"),
        ("entreprise", "Entreprise attributaire"), ("structure", "Structure employeuse"),
        ("type_structure", "Type de structure"), ("modalite", "Modalité"),
        ("participant_id", "Réf. participant"), ("nom", "Nom"), ("prenom", "Prénom"), ("sexe", "Sexe"),
        ("date_naissance", "Date de naissance"), ("critere", "Critère d'éligibilité"),
        ("niveau_formation", "Niveau de formation"), ("participant_plie", "Participant PLIE"),
        ("type_contrat", "Type de contrat"), ("mois", "Mois"), ("heures", "Heures réalisées"),
        ("heures_formation", "Heures de formation")],
    "conventions": [
        ("convention_id", "N° convention"), ("partenaire", "Partenaire"),
        ("type_partenaire", "Type de partenaire"), ("objet", "Objet"),
        ("date_signature", "Date de signature"), ("date_debut", "Date de début"),
        ("date_fin", "Date de fin"), ("fichier", "Fichier")],
    "participants": [
        ("participant_id", "Réf. participant"), ("nom", "Nom"), ("prenom", "Prénom"), ("sexe", "Sexe"),
        ("date_naissance", "Date de naissance"), ("commune", "Commune"), ("qpv", "QPV"),
        ("date_entree", "Date d'entrée"), ("referent", "Référent"), ("deld", "DELD"), ("brsa", "BRSA"),
        ("rqth", "RQTH"), ("niveau_formation", "Niveau de formation"),
        ("contact_renseigne", "Contact renseigné"), ("date_sortie", "Date de sortie"),
        ("situation_sortie", "Situation à la sortie"), ("qualification", "Qualification obtenue")],
    "offres": [
        ("offre_id", "N° offre"), ("date_reception", "Date de réception"), ("entreprise", "Entreprise"),
        ("siret", "SIRET"), ("intitule", "Intitulé du poste"), ("code_rome", "Code ROME"),
        ("type_contrat", "Type de contrat"), ("duree", "Durée"), ("nb_postes", "Nombre de postes"),
        ("lieu", "Lieu"), ("statut", "Statut"), ("date_diffusion", "Date de diffusion"),
        ("canal", "Canal de diffusion"), ("charge", "Chargé(e)")],
    "mises_en_relation": [
        ("mer_id", "N° mise en relation"), ("date", "Date"), ("participant_id", "Réf. participant"),
        ("nom", "Nom"), ("prenom", "Prénom"), ("offre_id", "N° offre"), ("entreprise", "Entreprise"),
        ("siret", "SIRET"), ("charge", "Chargé(e)"), ("resultat", "Résultat")],
    "contacts": [
        ("date", "Date"), ("entreprise", "Entreprise"), ("siret", "SIRET"), ("effectif", "Effectif"),
        ("secteur", "Secteur"), ("commune", "Commune"), ("mode", "Type de contact"), ("objet", "Objet"),
        ("charge", "Chargé(e)"), ("justificatif", "Justificatif")],
    "actions": [
        ("action_id", "N° action"), ("intitule", "Intitulé"), ("type", "Type d'action"), ("date", "Date"),
        ("heure_debut", "Heure de début"), ("heure_fin", "Heure de fin"), ("lieu", "Lieu"),
        ("animateur", "Animateur"), ("charge", "Chargé(e)")],
    "presences": [
        ("action_id", "N° action"), ("personne_id", "Réf. personne"), ("type_personne", "Type"),
        ("nom", "Nom"), ("prenom", "Prénom"), ("structure", "Structure"), ("statut", "Présence"),
        ("demi_journee", "Demi-journée"), ("signe", "Signé")],
    "etapes": [
        ("date", "Date"), ("participant_id", "Réf. participant"), ("type", "Type d'étape"),
        ("mode", "Mode"), ("charge", "Chargé(e)")],
}

# ----------------------------------------------------------------- vocabularies

# Participants' surnames: fictitious, chosen so that none is a first name, a
# staff member, a place or a word of the companies' names (the confidentiality
# check of tests/e2e/test_samples.py looks for them in the PDFs).
SURNAMES = [
    "Abadie", "Agostini", "Arrieta", "Bacqué", "Barrère", "Bénard", "Bensaïd", "Berdoulet",
    "Bidegain", "Boudjema", "Brethes", "Camara", "Capdevielle", "Carrère", "Cazaubon", "Cazenave",
    "Chabanne", "Cissé", "Claverie", "Courrèges", "Coutant", "Darrigrand", "Daugé", "Dembélé",
    "Diop", "Dubarry", "Ducasse", "Dufau", "Duhalde", "Estrade", "Etchegaray", "Faget",
    "Ferreira", "Fourcade", "Gachet", "Garat", "Gassie", "Goyhenetche", "Haddad", "Hargous",
    "Haurat", "Hourcade", "Idrissi", "Irigoin", "Jauréguiberry", "Kaci", "Kowalski", "Labarthe",
    "Lafargue", "Laffitte", "Lahitte", "Lalanne", "Larrieu", "Larrouy", "Lasserre", "Lataste",
    "Loustau", "Mansouri", "Massé", "Mendiondo", "Meziane", "Mounier", "Nguyen", "Ochoa",
    "Oulmi", "Pereira", "Peyrelongue", "Pujol", "Quintana", "Rahmani", "Sabathé", "Sallaberry",
    "Sarraute", "Sissoko", "Soulé", "Tachon", "Tauzin", "Traoré", "Uhart", "Vergez",
    "Yilmaz", "Zerrouki", "Darmaillacq", "Ospital", "Pédelaborde", "Sempé", "Beyrie", "Candau",
    "Dupouy", "Lartigau", "Mouliérac", "Baudouin", "Coustet", "Dagorn", "Ezzahiri", "Fontanié",
    "Guiraudie", "Hamidou", "Ibarrola", "Jolibert", "Kerbrat", "Lescarret", "Marcadé", "Nadaud",
    "Oyarzabal", "Puyoô", "Roumégoux", "Soubiran", "Tastet", "Urrutia", "Vignau", "Zanetti",
    "Da Costa", "N'Guessan", "Ben Salah", "Le Goff",
]
PRENOMS_F = ["Amina", "Chloé", "Fatou", "Inès", "Julie", "Karima", "Laura", "Léa", "Manon", "Maëlys",
             "Nadia", "Océane", "Pauline", "Sabrina", "Sandrine", "Sofia", "Yasmine", "Zoé", "Aïcha",
             "Émilie", "Hélène", "Marine", "Nathalie", "Rokia", "Séverine", "Valérie", "Anaïs"]
PRENOMS_H = ["Adrien", "Bilal", "Cédric", "Damien", "Enzo", "Florian", "Hugo", "Ibrahima", "Jérôme",
             "Kevin", "Loïc", "Mamadou", "Mehdi", "Nicolas", "Omar", "Quentin", "Rayan", "Samir",
             "Sébastien", "Théo", "Yanis", "Youssef", "Alexandre", "Grégory", "Moussa", "Stéphane"]
# Company representatives and partners met in actions (not participants).
REP_SURNAMES = ["Aubertin", "Bellocq", "Chaumeil", "Delpech", "Espinasse", "Fayolle", "Gimbert",
                "Hérault", "Jarlan", "Lacampagne", "Mazières", "Noguès", "Paillé", "Rességuier"]

TRADES = [  # (trade, sector, typical effectif range)
    ("Maçonnerie", "BTP", (3, 60)), ("Charpente", "BTP", (2, 30)), ("Couverture", "BTP", (1, 20)),
    ("Plâtrerie", "BTP", (2, 40)), ("Peinture", "BTP", (1, 25)), ("Menuiserie", "BTP", (2, 45)),
    ("Électricité", "BTP", (1, 80)), ("Plomberie", "BTP", (1, 20)), ("Terrassement", "BTP", (5, 120)),
    ("Espaces verts", "Espaces verts", (2, 40)), ("Propreté", "Propreté", (5, 250)),
    ("Transports", "Logistique", (5, 150)), ("Logistique", "Logistique", (10, 300)),
    ("Restauration", "Restauration", (3, 60)), ("Boulangerie", "Commerce", (1, 12)),
    ("Garage", "Commerce", (1, 15)), ("Serrurerie", "BTP", (1, 10)), ("Carrelage", "BTP", (1, 12)),
    ("Aide à domicile", "Services à la personne", (5, 90)), ("Hôtellerie", "Hôtellerie", (4, 70)),
]
LEGAL = ["SARL", "SAS", "EURL", "SA", "SCOP", ""]
CRITERES = ["DELD", "BRSA", "ASS", "AAH", "RQTH", "Jeune -26 ans", "Senior +50 ans", "Résident QPV",
            "Salarié SIAE", "Autre"]
NIVEAUX = ["Sans diplôme", "CAP/BEP", "Bac", "Bac+2", "Bac+3 et plus"]
CLAUSES = ["L2112-2 condition d'exécution", "L2152-7 critère d'attribution",
           "L2113-13 marché réservé SIAE", "R2123-1 marché d'insertion"]
HEURES_PREVUES = [350, 500, 700, 833, 1000, 1200, 1607, 2000, 2500, 3500, 5000]
LOTS = ["Gros œuvre", "Terrassement", "Charpente – couverture", "Plâtrerie – isolation", "Peinture",
        "Menuiseries extérieures", "Électricité", "Plomberie – chauffage", "Espaces verts",
        "Nettoyage", "Voirie – réseaux", "Carrelage"]
LOT_OF_TRADE = {"Maçonnerie": ["Gros œuvre", "Maçonnerie"], "Charpente": ["Charpente – couverture"],
                "Couverture": ["Charpente – couverture", "Couverture – zinguerie"],
                "Plâtrerie": ["Plâtrerie – isolation"], "Peinture": ["Peinture", "Revêtements muraux"],
                "Menuiserie": ["Menuiseries extérieures", "Menuiseries intérieures"],
                "Électricité": ["Électricité courants forts et faibles"], "Plomberie": ["Plomberie – chauffage"],
                "Terrassement": ["Terrassement", "Voirie – réseaux"], "Espaces verts": ["Espaces verts"],
                "Propreté": ["Nettoyage des locaux", "Nettoyage de fin de chantier"],
                "Transports": ["Transport – logistique"], "Logistique": ["Transport – logistique"],
                "Restauration": ["Restauration collective"], "Serrurerie": ["Serrurerie – métallerie"],
                "Carrelage": ["Carrelage – faïence"]}


def lot_for(rng, company):
    for trade, lots in LOT_OF_TRADE.items():
        if company["entreprise"].startswith(trade):
            return rng.choice(lots)
    return rng.choice(LOTS)


OPERATION_KINDS = [
    "Construction du groupe scolaire {p}", "Réhabilitation de la résidence {p}",
    "Rénovation énergétique du collège {p}", "Aménagement de la ZAC {p}",
    "Construction de logements sociaux {p}", "Extension de la médiathèque {p}",
    "Voirie et réseaux quartier {p}", "Entretien des espaces verts secteur {p}",
    "Nettoyage des bâtiments publics {p}", "Restauration collective site {p}",
    "Réhabilitation du gymnase {p}", "Construction de la maison de santé {p}",
]
PLACES = ["des Tilleuls", "Jean-Jaurès", "Pasteur", "les Acacias", "du Lac", "des Vignes", "du Moulin",
          "la Gare", "Victor-Hugo", "des Chênes", "du Parc", "Jules-Ferry", "les Peupliers",
          "du Stade", "la Poterie", "Saint-Exupéry", "les Érables", "du Port", "Marie-Curie",
          "des Arts", "la Source", "les Prés", "du Bourg", "Bellevue"]
POSTES = [("Maçon", "F1703"), ("Manœuvre BTP", "F1704"), ("Agent d'entretien", "K2204"),
          ("Préparateur de commandes", "N1103"), ("Cariste", "N1101"), ("Peintre en bâtiment", "F1606"),
          ("Agent de sécurité", "K2503"), ("Employé polyvalent de restauration", "G1603"),
          ("Aide à domicile", "K1304"), ("Ouvrier paysagiste", "A1203"), ("Électricien", "F1602"),
          ("Chauffeur livreur", "N4105"), ("Plombier chauffagiste", "F1603"), ("Vendeur", "D1211"),
          ("Commis de cuisine", "G1602"), ("Femme/valet de chambre", "G1501")]
CONTRATS_OFFRE = [("CDI", ""), ("CDD", "6 mois"), ("CDD", "3 mois"), ("CDD", "12 mois"), ("Intérim", "1 mois"),
                  ("CDDI", "4 mois"), ("Contrat de professionnalisation", "12 mois"), ("Apprentissage", "24 mois")]
CANAUX = ["France Travail", "Plateforme de l'inclusion", "Mail référents", "Site du PLIE", "Réseaux sociaux"]
COLLECTIVE = ["Job dating", "Visite d'entreprise", "Forum", "Atelier", "Découverte métiers", "Café recrutement",
              "Information collective", "Événement emploi", "Zoom métier", "Opération recrutement"]
OTHER_ACTIONS = ["Sensibilisation", "Médiation", "Préparation au recrutement"]
# Action types of a PLIE whose fiche expects few collective actions (a handful a year):
# a quarter of its actions are collective.
FEW_COLLECTIVE = [(t, 1) for t in COLLECTIVE] + [("Sensibilisation", 8), ("Médiation", 8),
                                                 ("Préparation au recrutement", 14)]
THEMES = ["BTP", "propreté", "logistique", "restauration", "services à la personne", "espaces verts",
          "hôtellerie", "transport"]
SITUATIONS = ["Emploi durable (CDI, CDD de 6 mois et plus)", "Emploi de transition (CDD de moins de 6 mois)",
              "Emploi aidé (PEC)", "Formation qualifiante", "Création d'entreprise", "Abandon",
              "Déménagement", "Raisons de santé"]

# ----------------------------------------------------------------- the ten PLIEs

PLIES = {
    "agen": dict(
        nom="PLIE de l'Agenais", porteur="Agglomération d'Agen (fictive)",
        communes=["Agen", "Le Passage", "Boé", "Bon-Encontre", "Foulayronnes", "Pont-du-Casse", "Colayrac-Saint-Cirq",
                  "Estillac", "Layrac", "Astaffort"],
        qualif=["Garonne", "Agenais", "du Gravier", "Pruneau", "Albret", "Serres", "Confluent", "Brulhois"],
        staff=["Mme Castéran", "M. Delmas", "Mme Sourbès"],
        donneurs=[("Ville d'Agen-Gravier (fictive)", "Collectivité"),
                  ("Agglomération du Confluent agenais (fictive)", "Collectivité"),
                  ("Agen Habitat OPH (fictif)", "Bailleur social"),
                  ("Département – collèges de l'Agenais (fictif)", "Collectivité"),
                  ("Centre hospitalier de l'Agenais (fictif)", "Établissement public"),
                  ("Technopole Garonne Aménagement (fictive)", "Établissement public"),
                  ("Ville de Boé-Confluent (fictive)", "Collectivité"),
                  ("Habitat Garonne Pruneau SA HLM (fictif)", "Bailleur social"),
                  ("Syndicat des eaux de l'Albret (fictif)", "Établissement public"),
                  ("Région – lycées de l'Agenais (fictif)", "Collectivité")],
        pid0=280000, people=320),
    "bordeaux": dict(
        nom="PLIE de Bordeaux", porteur="Association PLIE de Bordeaux (fictive)",
        communes=["Bordeaux", "Bordeaux Bastide", "Bordeaux Bacalan", "Bordeaux Saint-Augustin",
                  "Bordeaux Caudéran", "Bordeaux Belcier", "Bordeaux Grand Parc", "Bordeaux Chartrons"],
        qualif=["Garonne", "Bastide", "Chartrons", "Bacalan", "Belcier", "Aquitaine", "Lac", "Euratlantique",
                "Gironde", "Port de la Lune"],
        staff=["Mme Larrieu-Dupuy", "M. Bernadet", "Mme Oustry", "M. Faure-Lacoste", "Mme Sentenac"],
        donneurs=[("Ville de Bordeaux-Port de la Lune (fictive)", "Collectivité"),
                  ("Métropole – opérations de Bordeaux (fictif)", "Collectivité"),
                  ("Aquitanis Lune OPH (fictif)", "Bailleur social"),
                  ("Euratlantique Aménagement EPA (fictif)", "Établissement public"),
                  ("CHU Garonne (fictif)", "Établissement public"),
                  ("Domofrance Lune SA HLM (fictif)", "Bailleur social"),
                  ("Région – lycées bordelais (fictif)", "Collectivité"),
                  ("Port de Bacalan (fictif)", "Établissement public"),
                  ("Mésolia Garonne (fictif)", "Bailleur social"),
                  ("Bordeaux Lac Aménagement SPL (fictive)", "Établissement public"),
                  ("Département – collèges bordelais (fictif)", "Collectivité"),
                  ("Université Victoire (fictive)", "Établissement public")],
        pid0=290000, people=700, companies=220),
    "graves": dict(
        nom="PLIE des Graves", porteur="Association PLIE des Graves (fictive)",
        communes=["Bègles", "La Brède", "Léognan", "Martillac", "Saint-Médard-d'Eyrans", "Cadaujac",
                  "Saint-Selve", "Castres-Gironde", "Isle-Saint-Georges", "Ayguemorte-les-Graves"],
        qualif=["Montesquieu", "des Graves", "Bèglais", "Garonne", "Sauvagine", "Jallère", "La Brède"],
        staff=["Mme Lescure", "M. Bourdil", "Mme Maubourguet"],
        donneurs=[("Ville de Bègles-Sauvagine (fictive)", "Collectivité"),
                  ("Communauté de communes Montesquieu-Graves (fictive)", "Collectivité"),
                  ("Graves Habitat OPH (fictif)", "Bailleur social"),
                  ("Métropole – pôle Graves (fictif)", "Collectivité"),
                  ("Département – collèges des Graves (fictif)", "Collectivité"),
                  ("Ville de Léognan-Bourg (fictive)", "Collectivité"),
                  ("Syndicat des eaux de la Jallère (fictif)", "Établissement public"),
                  ("Bègles Aménagement SPL (fictive)", "Établissement public"),
                  ("Ville de La Brède-Montesquieu (fictive)", "Collectivité"),
                  ("Centre hospitalier des Graves (fictif)", "Établissement public"),
                  ("Ville de Cadaujac-Port (fictive)", "Collectivité"),
                  ("Région – lycée des Graves (fictif)", "Collectivité"),
                  ("Martillac Habitat (fictif)", "Bailleur social"),
                  ("Ville de Martillac-Centre (fictive)", "Collectivité")],
        pid0=300000),
    "technowest": dict(
        nom="PLIE Espace Technowest", porteur="Association Espace Technowest (fictive)",
        communes=["Mérignac", "Le Haillan", "Saint-Médard-en-Jalles", "Saint-Jean-d'Illac",
                  "Martignas-sur-Jalle", "Le Taillan-Médoc", "Eysines"],
        qualif=["Jalle", "Aéroparc", "Médoc", "Atlantique", "des Pins", "Technopôle", "Océan", "Gironde"],
        staff=["Mme Ribeyrolles", "M. Texier", "Mme Valadier"],
        donneurs=[("Ville de Mérignac-Centre (fictive)", "Collectivité"),
                  ("Communauté de communes Jalle-Médoc (fictive)", "Collectivité"),
                  ("Jalle Habitat OPH (fictif)", "Bailleur social"),
                  ("Aéroparc Aménagement SPL (fictive)", "Établissement public"),
                  ("Département – collèges Ouest (fictif)", "Collectivité"),
                  ("Centre hospitalier de l'Ouest girondin (fictif)", "Établissement public"),
                  ("Syndicat intercommunal des eaux de la Jalle (fictif)", "Établissement public"),
                  ("Habitat des Pins SA HLM (fictif)", "Bailleur social"),
                  ("État – base aérienne (fictif)", "État"),
                  ("Technowest Aménagement (fictif)", "Entreprise privée")],
        pid0=210000),
    "perigueux": dict(
        nom="PLIE du Grand Périgueux", porteur="Communauté d'agglomération du Grand Périgueux",
        communes=["Périgueux", "Boulazac Isle Manoire", "Trélissac", "Coulounieix-Chamiers", "Chancelade",
                  "Marsac-sur-l'Isle", "Champcevinel", "Bassillac et Auberoche"],
        qualif=["de l'Isle", "Périgord", "Vésone", "du Manoire", "Dordogne", "Périgord Vert", "Toulon"],
        staff=["Mme Lavergne", "M. Besse", "Mme Marty"],
        donneurs=[("Ville de Périgueux-Centre (fictive)", "Collectivité"),
                  ("Agglomération Isle-Vésone (fictive)", "Collectivité"),
                  ("Isle Habitat OPH (fictif)", "Bailleur social"),
                  ("Département – routes Isle (fictif)", "Collectivité"),
                  ("Centre hospitalier Vésone (fictif)", "Établissement public"),
                  ("SEM Isle Aménagement (fictive)", "Établissement public"),
                  ("Syndicat des eaux du Manoire (fictif)", "Établissement public"),
                  ("Lycée des métiers de l'Isle (fictif)", "Établissement public")],
        pid0=220000),
    "hauts-de-garonne": dict(
        nom="PLIE des Hauts de Garonne", porteur="GIP Grand projet des villes Rive Droite (fictif)",
        communes=["Cenon", "Lormont", "Floirac", "Bassens"],
        qualif=["Rive Droite", "des Coteaux", "Garonne", "Presqu'île", "Aquitaine", "des Hauts", "Bastide"],
        staff=["Mme Peyrot", "M. Chassagne", "Mme Boyer", "M. Roques"],
        donneurs=[("Ville de Cenon-Coteaux (fictive)", "Collectivité"),
                  ("Ville de Lormont-Rive (fictive)", "Collectivité"),
                  ("Métropole – pôle Rive Droite (fictif)", "Collectivité"),
                  ("Coteaux Habitat SA HLM (fictif)", "Bailleur social"),
                  ("Rive Droite Logement (fictif)", "Bailleur social"),
                  ("Habitat des Hauts OPH (fictif)", "Bailleur social"),
                  ("Région – lycées Rive Droite (fictif)", "Collectivité"),
                  ("Aménagement Rive Droite EPA (fictif)", "Établissement public"),
                  ("Port de la Presqu'île (fictif)", "Établissement public"),
                  ("Ville de Floirac-Garonne (fictive)", "Collectivité"),
                  ("Ville de Bassens-Port (fictive)", "Collectivité"),
                  ("Centre hospitalier Rive Droite (fictif)", "Établissement public")],
        pid0=230000),
    "libournais": dict(
        nom="PLIE du Libournais", porteur="Association PLIE du Libournais (fictive)",
        communes=["Libourne", "Coutras", "Saint-Émilion", "Castillon-la-Bataille", "Sainte-Foy-la-Grande",
                  "Saint-Denis-de-Pile", "Izon", "Saint-Seurin-sur-l'Isle"],
        qualif=["Dordogne", "Libournais", "de l'Isle", "Fronsadais", "Entre-deux-Mers", "Pomerol", "Dronne"],
        staff=["Mme Castagnet", "M. Sudre", "Mme Grenier"],
        donneurs=[("Ville de Libourne-Bastide (fictive)", "Collectivité"),
                  ("Agglomération Dordogne-Isle (fictive)", "Collectivité"),
                  ("Habitat Est-Gironde OPH (fictif)", "Bailleur social"),
                  ("Centre hospitalier du Libournais (fictif)", "Établissement public"),
                  ("SIAEP de la Dronne (fictif)", "Établissement public"),
                  ("Commune de Coutras-Centre (fictive)", "Collectivité")],
        pid0=240000),
    "portes-du-sud": dict(
        nom="PLIE Portes du Sud", porteur="Association Portes du Sud Emploi (fictive)",
        communes=["Gradignan", "Talence", "Villenave-d'Ornon"],
        qualif=["Sud Gironde", "du Campus", "Talençais", "Eau Bourde", "Métropole", "Ornon", "Thouars"],
        staff=["Mme Daney", "M. Lagrange"],
        donneurs=[("Ville de Talence-Campus (fictive)", "Collectivité"),
                  ("Ville de Gradignan-Malartic (fictive)", "Collectivité"),
                  ("Ville de Villenave-Courréjean (fictive)", "Collectivité"),
                  ("Université – campus Sud (fictif)", "Établissement public"),
                  ("Résidences étudiantes Campus Sud (fictif)", "Établissement public"),
                  ("Sud Gironde Logement SA HLM (fictif)", "Bailleur social"),
                  ("Métropole – pôle Sud (fictif)", "Collectivité"),
                  ("Département – collèges Sud (fictif)", "Collectivité")],
        pid0=250000),
    "sources": dict(
        nom="PLIE des Sources", porteur="Association PLIE des Sources (fictive)",
        communes=["Pessac", "Cestas", "Canéjan", "Saint-Jean-d'Illac"],
        qualif=["Eau Bourde", "Pessacais", "Landes Girondines", "des Sources", "Bordeaux Sud", "Alouette",
                "Bersol"],
        staff=["Mme Lacaze", "M. Dutrey", "Mme Fauché"],
        donneurs=[("Ville de Pessac-Alouette (fictive)", "Collectivité"),
                  ("Communauté de communes Eau Bourde (fictive)", "Collectivité"),
                  ("Habitat Sources Solidaire OPH (fictif)", "Bailleur social"),
                  ("Centre hospitalier des Sources (fictif)", "Établissement public"),
                  ("Ville de Cestas-Réjouit (fictive)", "Collectivité"),
                  ("Bersol Aménagement SPL (fictive)", "Établissement public"),
                  ("Département – collèges Sources (fictif)", "Collectivité")],
        pid0=260000),
    "bergerac": dict(
        nom="PLIE du territoire bergeracois", porteur="Association PLIE du Bergeracois (fictive)",
        communes=["Bergerac", "Prigonrieux", "Creysse", "Lalinde", "Eymet", "Beaumont-du-Périgord",
                  "Sigoulès-et-Flaugeac", "Le Fleix"],
        qualif=["Bergeracois", "Pourpre", "des Bastides", "Monbazillac", "Pays de Bergerac", "Dordogne Sud",
                "Cingle"],
        staff=["Mme Lacombe-Roux", "M. Fargeot"],
        donneurs=[("Ville de Bergerac-Rive (fictive)", "Collectivité"),
                  ("Agglomération du Pays Pourpre (fictive)", "Collectivité"),
                  ("Communauté de communes Sud Pourpre (fictive)", "Collectivité"),
                  ("Pourpre Habitat OPH (fictif)", "Bailleur social"),
                  ("Centre hospitalier du Bergeracois (fictif)", "Établissement public"),
                  ("Communauté de communes des Bastides (fictive)", "Collectivité")],
        pid0=270000),
}

# ----------------------------------------------------------------- helpers


def norm(s):
    """Case, accents, spaces and punctuation ignored (FICHES.md: companies' names, values)."""
    s = unicodedata.normalize("NFKD", str(s or ""))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return "".join(c for c in s.lower() if c.isalnum())


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def siret(rng, leading_zero=False):
    body = ("0" if leading_zero else str(rng.randint(1, 9))) + "".join(str(rng.randint(0, 9)) for _ in range(12))
    for k in range(10):
        if luhn_ok(body + str(k)):
            return body + str(k)
    raise AssertionError("no Luhn key")


def rdate(rng, a, b):
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def month_start(d):
    return dt.date(d.year, d.month, 1)


def in_p(d):
    return d is not None and P0 <= d <= P1


def overlaps(a, b):
    return (a is None or a <= P1) and (b is None or b >= P0)


def truthy(v):
    return norm(v) in ("oui", "o", "x", "1", "vrai", "yes")


def pick_weighted(rng, items):
    """items: [(value, weight)]"""
    tot = sum(w for _, w in items)
    x = rng.uniform(0, tot)
    for v, w in items:
        x -= w
        if x <= 0:
            return v
    return items[-1][0]


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


# ----------------------------------------------------------------- writers

FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
GROUPED = {"heures_prevues"}


class Fmt:
    def __init__(self, kind, encoding="utf-8", delimiter=";", quote_all=False, month="date", group="\u00a0",
                 eol="\r\n"):
        self.kind, self.encoding, self.delimiter, self.quote_all = kind, encoding, delimiter, quote_all
        self.month, self.group, self.eol = month, group, eol


def fr_number(v, group=""):
    if isinstance(v, float) and not v.is_integer():
        return ("%.2f" % v).replace(".", ",")
    s = str(int(v))
    if group and len(s) > 3:
        s = s[:-3] + group + s[-3:]
    return s


def cell_text(field, v, fmt):
    if v is None or v == "":
        return ""
    if isinstance(v, dt.date):
        if field == "mois":
            return {"date": v.strftime("%d/%m/%Y"), "mm/yyyy": v.strftime("%m/%Y"), "iso": v.strftime("%Y-%m"),
                    "fr": "%s %d" % (FR_MONTHS[v.month - 1], v.year)}[fmt.month]
        return v.strftime("%d/%m/%Y")
    if isinstance(v, bool):
        return "Oui" if v else "Non"
    if isinstance(v, (int, float)):
        return fr_number(v, fmt.group if field in GROUPED else "")
    return str(v)


def cell_xlsx(field, v):
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def write_csv(path, dataset, rows, fmt, header_override=None, title=None, total=None):
    cols = HEADERS[dataset]
    heads = [header_override.get(f, h) if header_override else h for f, h in cols]
    buf = io.StringIO()
    if fmt.quote_all or fmt.delimiter == ",":
        w = csv.writer(buf, delimiter=fmt.delimiter, quoting=csv.QUOTE_ALL if fmt.quote_all else csv.QUOTE_MINIMAL,
                       lineterminator=fmt.eol)
    else:
        w = csv.writer(buf, delimiter=fmt.delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator=fmt.eol)
    for line in title or []:
        w.writerow(line)
    w.writerow(heads)
    for r in rows:
        w.writerow([cell_text(f, r.get(f), fmt) for f, _ in cols])
    if total:
        w.writerow(total)
    data = buf.getvalue()
    if fmt.encoding == "utf-8-sig":
        raw = b"\xef\xbb\xbf" + data.encode("utf-8")
    else:
        raw = data.encode(fmt.encoding)
    with open(path, "wb") as fh:
        fh.write(raw)


FIXED_TIME = dt.datetime(2025, 3, 3, 8, 30, 0)


def write_xlsx(path, sheets):
    """sheets: [(title, [rows of values], date_format_columns?)] — values already typed."""
    import openpyxl  # Debian python3-openpyxl (/usr/bin/python3)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(list(r))
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, dt.datetime):
                    c.number_format = "DD/MM/YYYY"
    wb.properties.creator = "ABC Clause / Viesion (export fictif)"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    bio = io.BytesIO()
    wb.save(bio)
    # re-pack with fixed timestamps and a fixed core.xml date: byte-identical output
    src = zipfile.ZipFile(io.BytesIO(bio.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2025-03-03T08:30:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 3, 8, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)


def xlsx_table(dataset, rows, title_lines=None):
    cols = HEADERS[dataset]
    out = [list(t) for t in (title_lines or [])]
    out.append([h for _, h in cols])
    for r in rows:
        out.append([cell_xlsx(f, r.get(f)) for f, _ in cols])
    return out


def write_dataset(world, dataset, rows, fmt, name=None, **kw):
    exports = os.path.join(SAMPLES, world.key, "exports")
    if fmt.kind == "xlsx":
        fname = (name or dataset) + ".xlsx"
        sheets = kw.get("before", []) + [(kw.get("sheet", "Export"), xlsx_table(dataset, rows, kw.get("title")))]
        write_xlsx(os.path.join(exports, fname), sheets)
    else:
        fname = (name or dataset) + ".csv"
        write_csv(os.path.join(exports, fname), dataset, rows, fmt, kw.get("header_override"), kw.get("title"),
                  kw.get("total"))
    return "exports/" + fname


# ----------------------------------------------------------------- the oracle (FICHES.md rules)

COLLECTIVE_N = {norm(t) for t in COLLECTIVE}


def company_key(r):
    return ("siret", r["siret"]) if r.get("siret") else ("nom", norm(r["entreprise"]))


def o_sum_heures(heures):
    return round(sum(r["heures"] for r in heures if in_p(r["mois"]) and (r["critere"] or "").strip()), 2)


def o_active(rows):
    return [r for r in rows if overlaps(r["date_debut"], r["date_fin"])]


def o_distinct(rows, keyf):
    return len({keyf(r) for r in rows})


def o_count_actions(actions, types):
    tn = {norm(t) for t in types}
    return len({a["action_id"] for a in actions if in_p(a["date"]) and norm(a["type"]) in tn})


def o_count_mer(mer):
    return len({(r["participant_id"], r["offre_id"], r["date"]) for r in mer if in_p(r["date"])})


def o_contacts(contacts, pred=lambda r: True):
    return [r for r in contacts if in_p(r["date"]) and pred(r)]


def o_offres_avec_mer(offres, mer):
    with_mer = {r["offre_id"] for r in mer if in_p(r["date"]) and r["offre_id"]}
    return len({o["offre_id"] for o in offres if in_p(o["date_reception"]) and o["offre_id"] in with_mer})


def fmtv(v):
    if v is None:
        return ""
    if isinstance(v, float) and not v.is_integer():
        return ("%.2f" % v).rstrip("0").rstrip(".")
    return str(int(v))


def write_expected(world, rows):
    path = os.path.join(SAMPLES, world.key, "expected.csv")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("fiche;indicateur;valeur;cible\n")
        for fiche, ind, val, cible in rows:
            fh.write("%s;%s;%s;%s\n" % (fiche, ind, fmtv(val), fmtv(cible)))


MDFSE = {"agen-3": "202400303", "agen-4": "202400304", "bordeaux-3": "202400113", "bordeaux-4": "202400114",
         "graves-3": "202400763",
         "technowest-3": "202400731", "technowest-4": "202400732", "perigueux-3": "202401103",
         "perigueux-2": "202401102", "hauts-de-garonne-3": "202400417", "libournais-3": "202400953",
         "libournais-2024-04": "202400954", "portes-du-sud-3": "202400588", "sources-3": "202400642",
         "bergerac-3": "202400219"}


def write_job(world, sources, fiches, confidentialite, comment):
    cfg = world.cfg
    lines = ["; Fichier de tâche de l'exemple %s — ce que lance cron :" % world.key,
             ";   build/fsepack run samples/%s/job.ini" % world.key]
    lines += ["; " + c for c in comment]
    lines += ["; Écrit par tests/tools/gen_samples.py (données fictives, déterministes) ; expected.csv à côté",
              "; donne les chiffres que ce script calcule lui-même avec les règles de comptage des fiches.",
              "; Les chemins sont relatifs à ce fichier.", "",
              "[plie]", "nom = %s" % cfg["nom"], "porteur = %s" % cfg["porteur"], "",
              "[periode]", "defaut = 2024", ""]
    for ds, path, extra in sources:
        lines.append("[source.%s]" % ds)
        lines.append("fichier = %s" % path)
        for k, v in extra:
            lines.append("%s = %s" % (k, v))
        lines.append("")
    for fid, etps in fiches:
        lines.append("[fiche.%s]" % fid)
        lines.append("dossier_mdfse = %s" % MDFSE[fid])
        for volet, etp in etps:
            lines.append("etp.%s = %s" % (volet, etp))
        lines.append("")
    lines += ["[sortie]", "dossier = ../../out", "confidentialite = %s" % confidentialite]
    if confidentialite == "pseudonyme":  # a sample secret: a real PLIE keeps its own out of the repository
        lines += ["; un secret d'exemple : un PLIE garde le sien hors du dépôt",
                  "sel_pseudonyme = exemple-a-remplacer-%s" % world.key]
    lines += [""]
    with open(os.path.join(SAMPLES, world.key, "job.ini"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines))


def reset(key):
    d = os.path.join(SAMPLES, key)
    if os.path.isdir(os.path.join(d, "exports")):
        shutil.rmtree(os.path.join(d, "exports"))
    os.makedirs(os.path.join(d, "exports"), exist_ok=True)


def heures_total_line(rows):
    """The export's own "Total" line: sum of every row of the file."""
    n = len(HEADERS["heures"])
    line = [""] * n
    line[0] = "Total"
    fields = [f for f, _ in HEADERS["heures"]]
    line[fields.index("heures")] = fr_number(round(sum(r["heures"] for r in rows), 2))
    line[fields.index("heures_formation")] = fr_number(float(sum(r["heures_formation"] for r in rows)))
    return line


# ----------------------------------------------------------------- traps present?


def dup_keys(rows, keyf):
    keys = [keyf(r) for r in rows]
    return len(keys) - len(set(keys))


def check_traps(key, extra=(), **ds):
    """The data of a sample hold the cases the counting rules talk about; fail loudly
    if a change of the generator makes one disappear."""
    t = []
    h = ds.get("heures")
    if h:
        t += [("heures: rows without criterion in 2024", sum(1 for r in h if in_p(r["mois"]) and not r["critere"]) >= 2),
              ("heures: a row without criterion outside 2024", any(not in_p(r["mois"]) and not r["critere"] for r in h)),
              ("heures: months of 2023 and of 2025", any(r["mois"] < P0 for r in h) and any(r["mois"] > P1 for r in h))]
    m = ds.get("marches")
    if m:
        t += [("marches: running (no end) and active", any(r["date_fin"] is None and overlaps(r["date_debut"], None) for r in m)),
              ("marches: ended on 31/12/2023", any(r["date_fin"] == dt.date(2023, 12, 31) for r in m)),
              ("marches: ended on 01/01/2024", any(r["date_fin"] == dt.date(2024, 1, 1) for r in m)),
              ("marches: starts on 01/01/2025", any(r["date_debut"] == dt.date(2025, 1, 1) for r in m)),
              ("marches: SIRET starting with 0", any((r["siret"] or "").startswith("0") for r in m))]
    c = ds.get("conventions")
    if c:
        t += [("conventions: running (no end) and active", any(r["date_fin"] is None and overlaps(r["date_debut"], None) for r in c)),
              ("conventions: ended 2023 / starting 2025", any(r["date_fin"] and r["date_fin"] < P0 for r in c)
               and any(r["date_debut"] > P1 for r in c))]
    k = ds.get("contacts")
    if k:
        noname = {}
        for r in k:
            if not r["siret"] and in_p(r["date"]):
                noname.setdefault(norm(r["entreprise"]), set()).add(r["entreprise"])
        t += [("contacts: duplicated (company, date, mode) in 2024",
               dup_keys([r for r in k if in_p(r["date"])], lambda r: (company_key(r), r["date"], r["mode"])) >= 1),
              ("contacts: a company without SIRET written two ways in 2024", any(len(v) > 1 for v in noname.values())),
              ("contacts: on 01/01/2024, 31/12/2024, 31/12/2023, 01/01/2025",
               {dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2023, 12, 31), dt.date(2025, 1, 1)} <= {r["date"] for r in k}),
              ("contacts: SIRET starting with 0 in 2024", any((r["siret"] or "").startswith("0") and in_p(r["date"]) for r in k))]
    o = ds.get("offres")
    if o:
        t += [("offres: empty number of posts", any(r["nb_postes"] is None for r in o)),
              ("offres: received 2023, diffused 2024", any(r["date_reception"] < P0 and in_p(r["date_diffusion"]) for r in o)),
              ("offres: received 2024, diffused 2025",
               any(in_p(r["date_reception"]) and r["date_diffusion"] and r["date_diffusion"] > P1 for r in o)),
              ("offres: received 2024, never diffused", any(in_p(r["date_reception"]) and not r["date_diffusion"] for r in o))]
    e = ds.get("mer")
    if e:
        t += [("mises_en_relation: duplicated in 2024",
               dup_keys([r for r in e if in_p(r["date"])], lambda r: (r["participant_id"], r["offre_id"], r["date"])) >= 2),
              ("mises_en_relation: on 01/01/2024 and 01/01/2025",
               {dt.date(2024, 1, 1), dt.date(2025, 1, 1)} <= {r["date"] for r in e})]
    a = ds.get("actions")
    if a:
        t += [("actions: duplicated action in 2024", dup_keys([r for r in a if in_p(r["date"])], lambda r: r["action_id"]) >= 1),
              ("actions: a type typed in capitals or without accents in 2024",
               any(r["type"] != r["_type"] and in_p(r["date"]) for r in a)),
              ("actions: non-collective types in 2024", any(r["_type"] in OTHER_ACTIONS and in_p(r["date"]) for r in a)),
              ("actions: on 31/12/2023 and 31/12/2024", {dt.date(2023, 12, 31), dt.date(2024, 12, 31)} <= {r["date"] for r in a})]
    pr = ds.get("presences")
    if pr and a:
        t += [("presences: absent / excused rows", {"Absent", "Excusé"} <= {r["statut"] for r in pr}),
              ("presences: an action of 2024 without attendance row",
               any(in_p(r["date"]) for r in a if r["action_id"] not in {x["action_id"] for x in pr}))]
    et = ds.get("etapes")
    if et:
        pro24 = {r["participant_id"] for r in et if in_p(r["date"]) and r["_type"] == "Promotion de profil"}
        t += [("etapes: promoted only outside 2024",
               any(r["_type"] == "Promotion de profil" and not in_p(r["date"]) and r["participant_id"] not in pro24 for r in et)),
              ("etapes: non-physical interviews in 2024",
               any(r["_type"] == "Entretien" and in_p(r["date"]) and not r["mode"].startswith("Physique") for r in et))]
    pa = ds.get("participants")
    if pa:
        t += [("participants: sexe written Femme / Homme", {"Femme", "Homme"} & {r["sexe"] for r in pa} != set()),
              ("participants: DELD ticked with X", any(r["deld"] == "X" for r in pa)),
              ("participants: exits in 2023, 2024 and 2025",
               all(any(r["date_sortie"] and r["date_sortie"].year == y for r in pa) for y in (2023, 2024, 2025)))]
    t += list(extra)
    bad = [label for label, ok in t if not ok]
    if bad:
        raise SystemExit("gen_samples: %s: traps missing from the data: %s" % (key, "; ".join(bad)))
    print("%s: the %d cases of the counting rules looked for are in the data" % (key, len(t)))
    return len(t)


# ----------------------------------------------------------------- the samples


def gen_technowest():
    w = World("technowest", PLIES["technowest"])
    reset(w.key)
    fmt = Fmt("csv", encoding="cp1252", delimiter=";", month="date")
    marches = w.marches(100)
    heures = w.heures(marches, per_marche=(1, 3), run=(2, 7))
    conventions = w.conventions(9)
    contacts = w.contacts(230, 70, dup=2)
    offres = w.offres(24, dup=0, no_postes=3, prefix="TW")
    src = [("marches", write_dataset(w, "marches", marches, fmt), []),
           ("heures", write_dataset(w, "heures", heures, fmt), []),
           ("conventions", write_dataset(w, "conventions", conventions, fmt), []),
           ("contacts", write_dataset(w, "contacts", contacts, fmt, header_override={"mode": "Canal du contact"}),
            [("colonne.mode", "Canal du contact")]),
           ("offres", write_dataset(w, "offres", offres, fmt), [])]
    write_job(w, src, [("technowest-3", []), ("technowest-4", [])], "complet",
              ["Exports en CSV Windows-1252, ';', CRLF ; l'export des contacts nomme sa colonne de mode",
               "« Canal du contact » (déclarée plus bas par colonne.mode). Cibles non rapportées à l'ETP."])
    act = o_active(marches)
    exp = [("technowest-3", "operations_suivies", o_distinct(act, lambda r: r["operation_id"]), 80),
           ("technowest-3", "conventions_partenariat", len(o_active(conventions)), 3),
           ("technowest-4", "contacts_entreprises",
            o_distinct(o_contacts(contacts, lambda r: norm(r["mode"]) in {norm("Physique"), norm("Visio"), norm("Téléphone")}),
                       company_key), 40),
           ("technowest-4", "postes_a_pourvoir",
            sum((o["nb_postes"] if o["nb_postes"] is not None else 1) for o in offres if in_p(o["date_reception"])), 20)]
    check_traps(w.key, marches=marches, heures=heures, conventions=conventions, contacts=contacts, offres=offres)
    write_expected(w, exp)
    return exp


def gen_perigueux():
    w = World("perigueux", PLIES["perigueux"])
    reset(w.key)
    fmt = Fmt("xlsx")
    marches = w.marches(44)
    heures = w.heures(marches, per_marche=(1, 4), run=(2, 8))
    offres = w.offres(120, dup=1, prefix="PG")
    mer = w.mer(offres, 110, dup=2)
    actions = w.actions(30, weights=FEW_COLLECTIVE, dup=1)
    presences = w.presences(actions, without=2)
    etp_rel, etp_cl = 0.8, 1
    src = [("marches", write_dataset(w, "marches", marches, fmt, sheet="Opérations"), []),
           ("heures", write_dataset(w, "heures", heures, fmt, sheet="Heures"), []),
           ("offres", write_dataset(w, "offres", offres, fmt), []),
           ("mises_en_relation", write_dataset(w, "mises_en_relation", mer, fmt), []),
           ("actions", write_dataset(w, "actions", actions, fmt), []),
           ("presences", write_dataset(w, "presences", presences, fmt), [])]
    write_job(w, src, [("perigueux-3", [("clauses", etp_cl)]), ("perigueux-2", [("relation_entreprises", etp_rel)])],
              "initiales",
              ["Exports en XLSX (vraies dates, mois en dates, SIRET en texte). Facilitateur clauses",
               "à 1 ETP, chargée de relations employeurs à 0,8 ETP (cibles par ETP)."])
    act = o_active(marches)
    exp = [("perigueux-3", "heures_insertion", o_sum_heures(heures), 25000 * etp_cl),
           ("perigueux-3", "operations", o_distinct(act, lambda r: r["operation_id"]), 35 * etp_cl),
           ("perigueux-2", "offres_diffusees", len({o["offre_id"] for o in offres if in_p(o["date_diffusion"])}),
            90 * etp_rel),
           ("perigueux-2", "mises_en_relation", o_count_mer(mer), 85 * etp_rel),
           ("perigueux-2", "actions", o_count_actions(actions, COLLECTIVE), 4 * etp_rel)]
    check_traps(w.key, marches=marches, heures=heures, offres=offres, mer=mer, actions=actions, presences=presences)
    write_expected(w, exp)
    return exp


def gen_hauts_de_garonne():
    w = World("hauts-de-garonne", PLIES["hauts-de-garonne"])
    reset(w.key)
    fmt = Fmt("csv", encoding="utf-8-sig", delimiter=",", quote_all=True, month="mm/yyyy", group="\u202f")
    marches = w.marches(50)
    heures = w.heures(marches, per_marche=(2, 5), run=(3, 9), no_critere=5)
    npeople = 200
    etapes = w.etapes(npeople, steps=(1, 6), variants=2)
    participants = w.participants(npeople)
    ev = [(t, 3) for t in ("Événement emploi", "Forum", "Job dating")] + \
         [(t, 8) for t in COLLECTIVE if t not in ("Événement emploi", "Forum", "Job dating")] + \
         [("Sensibilisation", 4), ("Médiation", 4), ("Préparation au recrutement", 6)]
    actions = w.actions(60, weights=ev, dup=1)
    presences = w.presences(actions, without=3)
    contacts = w.contacts(270, 95, dup=2)
    src = [("marches", write_dataset(w, "marches", marches, fmt), []),
           ("heures", write_dataset(w, "heures", heures, fmt), []),
           ("etapes", write_dataset(w, "etapes", etapes, fmt), []),
           ("participants", write_dataset(w, "participants", participants, fmt), []),
           ("actions", write_dataset(w, "actions", actions, fmt), []),
           ("presences", write_dataset(w, "presences", presences, fmt), []),
           ("contacts", write_dataset(w, "contacts", contacts, fmt), [])]
    write_job(w, src, [("hauts-de-garonne-3", [])], "pseudonyme",
              ["Exports en CSV UTF-8 avec BOM, séparateur ',', champs entre guillemets, CRLF ; mois en mm/aaaa ;",
               "heures prévues groupées par une espace fine insécable. Cibles non rapportées à l'ETP."])
    promo = {r["participant_id"] for r in etapes if in_p(r["date"]) and norm(r["type"]) == norm("Promotion de profil")}
    part = [p for p in participants if p["participant_id"] in promo]

    def dp(pred):
        return len({p["participant_id"] for p in part if pred(p)})
    exp = [("hauts-de-garonne-3", "participants", len(promo), 60),
           ("hauts-de-garonne-3", "evenements_emploi",
            o_count_actions(actions, ["Événement emploi", "Forum", "Job dating"]), 2),
           ("hauts-de-garonne-3", "participants_femmes", dp(lambda p: norm(p["sexe"]) in ("f", "femme")), None),
           ("hauts-de-garonne-3", "participants_hommes", dp(lambda p: norm(p["sexe"]) in ("h", "homme")), None),
           ("hauts-de-garonne-3", "participants_chomeurs_longue_duree", dp(lambda p: truthy(p["deld"])), None),
           ("hauts-de-garonne-3", "participants_handicap", dp(lambda p: truthy(p["rqth"])), None),
           ("hauts-de-garonne-3", "participants_qualification",
            dp(lambda p: truthy(p["qualification"]) and in_p(p["date_sortie"])), None),
           ("hauts-de-garonne-3", "participants_emploi_sortie",
            dp(lambda p: norm(p["situation_sortie"]).startswith("emploi") and in_p(p["date_sortie"])), None),
           ("hauts-de-garonne-3", "entreprises_appui_tpe",
            o_distinct(o_contacts(contacts, lambda r: r["effectif"] is not None and r["effectif"] < 11), company_key), 50),
           ("hauts-de-garonne-3", "heures_insertion", o_sum_heures(heures), 70000),
           ("hauts-de-garonne-3", "operations", o_distinct(o_active(marches), lambda r: r["operation_id"]), 40)]
    check_traps(w.key, [("contacts: effectif 10 and 11 in 2024",
                                  {10, 11} <= {r["effectif"] for r in contacts if in_p(r["date"])})],
                marches=marches, heures=heures, etapes=etapes, participants=participants, actions=actions,
                presences=presences, contacts=contacts)
    write_expected(w, exp)
    return exp


def gen_libournais():
    w = World("libournais", PLIES["libournais"])
    reset(w.key)
    fmt = Fmt("csv", encoding="utf-8", delimiter=";", month="fr")
    marches = w.marches(26, notified_runs_in_year=True)
    heures = w.heures(marches, per_marche=(1, 4), run=(2, 8))
    offres = w.offres(70, dup=1, prefix="LB")
    mer = w.mer(offres, 80, dup=2, unknown=1)
    actions = w.actions(46, dup=1)
    presences = w.presences(actions, without=2)
    etapes = w.etapes(150, steps=(1, 4))
    contacts = w.contacts(190, 60, dup=2)
    title = [["Extraction ABC Clause – heures réalisées par participant"],
             ["Période : 01/10/2023 - 28/02/2025 – PLIE du Libournais"], []]
    src = [("marches", write_dataset(w, "marches", marches, fmt), []),
           ("heures", write_dataset(w, "heures", heures, fmt, title=title, total=heures_total_line(heures)), []),
           ("offres", write_dataset(w, "offres", offres, fmt), []),
           ("mises_en_relation", write_dataset(w, "mises_en_relation", mer, fmt), []),
           ("actions", write_dataset(w, "actions", actions, fmt), []),
           ("presences", write_dataset(w, "presences", presences, fmt), []),
           ("etapes", write_dataset(w, "etapes", etapes, fmt), []),
           ("contacts", write_dataset(w, "contacts", contacts, fmt), [])]
    write_job(w, src, [("libournais-3", []), ("libournais-2024-04", [])], "initiales",
              ["Exports en CSV UTF-8 sans BOM, ';', CRLF ; mois écrits « mars 2024 » ; heures.csv a des",
               "lignes de titre et une ligne vide au-dessus de l'en-tête, et la ligne Total de l'export à la fin.",
               "Cibles communes aux postes (non rapportées à l'ETP)."])
    act = o_active(marches)
    exp = [("libournais-3", "mises_en_relation", o_count_mer(mer), 50),
           ("libournais-3", "actions", o_count_actions(actions, COLLECTIVE), 10),
           ("libournais-3", "offres_collectees_diffusees",
            len({o["offre_id"] for o in offres if in_p(o["date_reception"]) and o["date_diffusion"]}), 25),
           ("libournais-3", "entretiens_physiques",
            len([e for e in etapes if in_p(e["date"]) and norm(e["type"]) == "entretien"
                 and norm(e["mode"]) in (norm("Physique individuel"), norm("Physique collectif"))]), 70),
           ("libournais-2024-04", "heures_clauses", o_sum_heures(heures), 25000),
           ("libournais-2024-04", "marches_developpes",
            len({r["marche_id"] for r in act if in_p(r["date_notification"])}), 5),
           ("libournais-2024-04", "collectivites_entreprises_impliquees",
            o_distinct(act, lambda r: norm(r["donneur_ordre"])) + o_distinct(act, company_key), 7),
           ("libournais-2024-04", "offres_collectees", len({o["offre_id"] for o in offres if in_p(o["date_reception"])}), 30),
           ("libournais-2024-04", "entreprises_accompagnees",
            o_distinct(o_contacts(contacts, lambda r: norm(r["objet"]) == "recrutement"), company_key), 25),
           ("libournais-2024-04", "actions_tpe",
            len({(company_key(r), r["date"], norm(r["mode"]))
                 for r in o_contacts(contacts, lambda r: r["effectif"] is not None and r["effectif"] <= 10)}), 15)]
    check_traps(w.key, [("contacts: effectif 10 and 11 in 2024",
                                  {10, 11} <= {r["effectif"] for r in contacts if in_p(r["date"])}),
                                 ("marches: notified in 2024", any(in_p(r["date_notification"]) for r in marches)),
                                 ("mises_en_relation: on an unknown offer",
                                  any(r["offre_id"] not in {x["offre_id"] for x in offres} for r in mer))],
                marches=marches, heures=heures, offres=offres, mer=mer, actions=actions, presences=presences,
                etapes=etapes, contacts=contacts)
    write_expected(w, exp)
    return exp


def gen_portes_du_sud():
    w = World("portes-du-sud", PLIES["portes-du-sud"])
    reset(w.key)
    fx = Fmt("xlsx")
    fu = Fmt("csv", encoding="utf-8", delimiter=";", eol="\n")
    fw = Fmt("csv", encoding="cp1252", delimiter=";")
    marches = w.marches(34)
    heures = w.heures(marches, per_marche=(1, 4), run=(2, 8))
    contacts = w.contacts(160, 45, dup=1)
    actions = w.actions(52, dup=1)
    presences = w.presences(actions, without=3)
    conventions = w.conventions(15)
    src = [("marches", write_dataset(w, "marches", marches, fx), []),
           ("heures", write_dataset(w, "heures", heures, fx), []),
           ("contacts", write_dataset(w, "contacts", contacts, fu), []),
           ("actions", write_dataset(w, "actions", actions, fu), []),
           ("presences", write_dataset(w, "presences", presences, fu), []),
           ("conventions", write_dataset(w, "conventions", conventions, fw), [])]
    write_job(w, src, [("portes-du-sud-3", [])], "complet",
              ["Formats mêlés : exports ABC Clause en XLSX, exports Viesion en CSV UTF-8 ';' avec fins de",
               "ligne LF, liste des conventions tenue à la main en CSV Windows-1252. Cibles minimales, non par ETP."])
    exp = [("portes-du-sud-3", "entreprises_visitees",
            o_distinct(o_contacts(contacts, lambda r: norm(r["mode"]) in {norm("Physique"), norm("Visio"), norm("Événement")}),
                       company_key), 20),
           ("portes-du-sud-3", "evenements_ateliers", o_count_actions(actions, COLLECTIVE), 15),
           ("portes-du-sud-3", "chantiers_suivis", o_distinct(o_active(marches), lambda r: r["operation_id"]), 25),
           ("portes-du-sud-3", "conventions_actives", len(o_active(conventions)), 8)]
    check_traps(w.key, marches=marches, heures=heures, contacts=contacts, actions=actions, presences=presences, conventions=conventions)
    write_expected(w, exp)
    return exp


def gen_sources():
    w = World("sources", PLIES["sources"])
    reset(w.key)
    fx = Fmt("xlsx")
    marches = w.marches(22)
    # one donneur d'ordre typed in capitals in one row: the same donneur d'ordre
    for r in marches:
        if r["donneur_ordre"].startswith("Habitat Sources") and overlaps(r["date_debut"], r["date_fin"]):
            r["donneur_ordre"] = r["donneur_ordre"].upper()
            break
    heures = w.heures(marches, per_marche=(1, 3), run=(2, 7))
    contacts = w.contacts(210, 65, dup=2)
    offres = w.offres(95, dup=1, prefix="SO")
    mer = w.mer(offres, 150, dup=2)
    actions = w.actions(30, weights=FEW_COLLECTIVE, dup=1)
    presences = w.presences(actions, without=2)
    etp_rel, etp_cl = 1, 0.5
    title = [["Arche Clauses – suivi des heures d'insertion"], ["Période du 01/10/2023 au 28/02/2025"], []]
    params = [("Paramètres", [["Extraction", "Arche Viesion – offres"], ["Date", dt.datetime(2025, 3, 3)],
                              ["Territoire", "PLIE des Sources"]])]
    src = [("marches", write_dataset(w, "marches", marches, fx), []),
           ("heures", write_dataset(w, "heures", heures, fx, title=title, sheet="Heures réalisées"), []),
           ("contacts", write_dataset(w, "contacts", contacts, fx), []),
           ("offres", write_dataset(w, "offres", offres, fx, before=params, sheet="Offres"), [("feuille", "Offres")]),
           ("mises_en_relation", write_dataset(w, "mises_en_relation", mer, fx), []),
           ("actions", write_dataset(w, "actions", actions, fx), []),
           ("presences", write_dataset(w, "presences", presences, fx), [])]
    write_job(w, src, [("sources-3", [("relation_entreprises", etp_rel), ("clauses", etp_cl)])], "pseudonyme",
              ["Exports en XLSX ; heures.xlsx a des lignes de titre au-dessus de l'en-tête, offres.xlsx une",
               "feuille de paramètres avant celle des données (déclarée par feuille). Une chargée de relation",
               "entreprises (1 ETP) et une facilitatrice clauses à 0,5 ETP : cibles par ETP et par volet."])
    act = o_active(marches)
    exp = [("sources-3", "employeurs_rencontres",
            o_distinct(o_contacts(contacts, lambda r: norm(r["mode"]) == "physique"), company_key), 25 * etp_rel),
           ("sources-3", "offres_avec_mer", o_offres_avec_mer(offres, mer), 30 * etp_rel),
           ("sources-3", "actions", o_count_actions(actions, COLLECTIVE), 5 * etp_rel),
           ("sources-3", "donneurs_ordre_accompagnes", o_distinct(act, lambda r: norm(r["donneur_ordre"])), 12 * etp_cl),
           ("sources-3", "heures_insertion", o_sum_heures(heures), 30000 * etp_cl)]
    check_traps(w.key, [("donneur d'ordre typed in capitals", any(r["donneur_ordre"].isupper() for r in marches)),
                                 ("offres: received 2023 with a mise en relation in 2024",
                                  any(o["date_reception"] < P0 and any(in_p(x["date"]) and x["offre_id"] == o["offre_id"] for x in mer)
                                      for o in offres)),
                                 ("offres: received 2024 with mises en relation only in 2025",
                                  any(in_p(o["date_reception"]) and any(x["offre_id"] == o["offre_id"] for x in mer)
                                      and not any(in_p(x["date"]) and x["offre_id"] == o["offre_id"] for x in mer) for o in offres))],
                marches=marches, heures=heures, contacts=contacts, offres=offres, mer=mer, actions=actions,
                presences=presences)
    write_expected(w, exp)
    return exp


def gen_bergerac():
    w = World("bergerac", PLIES["bergerac"])
    reset(w.key)
    fw = Fmt("csv", encoding="cp1252", delimiter=";", month="mm/yyyy")
    fq = Fmt("csv", encoding="utf-8-sig", delimiter=",", quote_all=True)
    marches = w.marches(18)
    for r in marches:
        if r["donneur_ordre"].startswith("Agglomération du Pays Pourpre") and overlaps(r["date_debut"], r["date_fin"]):
            r["donneur_ordre"] = "AGGLOMERATION DU PAYS POURPRE (FICTIVE)"   # capitals, no accent: same
            break
    heures = w.heures(marches, per_marche=(2, 5), run=(2, 7), no_critere=3)
    contacts = w.contacts(170, 75, dup=2)
    offres = w.offres(60, dup=0, prefix="BG")
    mer = w.mer(offres, 95, dup=2)
    actions = w.actions(24, weights=FEW_COLLECTIVE, dup=1)
    presences = w.presences(actions, without=1)
    etp_rel, etp_cl = 0.5, 1
    src = [("marches", write_dataset(w, "marches", marches, fw), []),
           ("heures", write_dataset(w, "heures", heures, fw), []),
           ("contacts", write_dataset(w, "contacts", contacts, fq), []),
           ("offres", write_dataset(w, "offres", offres, fq), []),
           ("mises_en_relation", write_dataset(w, "mises_en_relation", mer, fq), []),
           ("actions", write_dataset(w, "actions", actions, fq), []),
           ("presences", write_dataset(w, "presences", presences, fq), [])]
    write_job(w, src, [("bergerac-3", [("relation_entreprises", etp_rel), ("clauses", etp_cl)])], "initiales",
              ["Exports ABC Clause en CSV Windows-1252 ';' (mois mm/aaaa), exports Viesion en CSV UTF-8",
               "avec BOM, séparateur ',', champs entre guillemets. Un facilitateur clauses à 1 ETP et une",
               "chargée de relations employeurs à 0,5 ETP (cibles par ETP et par volet)."])
    act = o_active(marches)
    exp = [("bergerac-3", "entreprises_partenaires", o_distinct(o_contacts(contacts), company_key), 100 * etp_rel),
           ("bergerac-3", "mises_en_relation", o_count_mer(mer), 90 * etp_rel),
           ("bergerac-3", "actions", o_count_actions(actions, COLLECTIVE), 3 * etp_rel),
           ("bergerac-3", "heures_insertion", o_sum_heures(heures), 13000 * etp_cl),
           ("bergerac-3", "donneurs_ordre", o_distinct(act, lambda r: norm(r["donneur_ordre"])), 8 * etp_cl)]
    check_traps(w.key, [("donneur d'ordre typed in capitals", any(r["donneur_ordre"].isupper() for r in marches))],
                marches=marches, heures=heures, contacts=contacts, offres=offres, mer=mer, actions=actions,
                presences=presences)
    write_expected(w, exp)
    return exp


def o_preparations(actions, presences, type_=("Préparation au recrutement",)):
    """distinct personne_id of presences (Présent, Participant) on the actions of the
    period whose type is one of type_ (bordeaux-3 preparations_recrutement)."""
    tn = {norm(t) for t in type_}
    ids = {a["action_id"] for a in actions if in_p(a["date"]) and norm(a["type"]) in tn}
    return len({r["personne_id"] for r in presences if r["action_id"] in ids and r["personne_id"]
                and norm(r["statut"]) == norm("Présent") and norm(r["type_personne"]) == "participant"})


def gen_agen():
    w = World("agen", PLIES["agen"])
    reset(w.key)
    fu = Fmt("csv", encoding="utf-8", delimiter=";")
    marches = w.marches(AGEN_OPS)
    heures = w.heures(marches, per_marche=(2, 4), run=(4, 11))
    contacts = w.contacts(240, 75, dup=2)
    med = [(t, 5) for t in COLLECTIVE] + [("Sensibilisation", 4), ("Médiation", 12), ("Préparation au recrutement", 6)]
    actions = w.actions(40, weights=med, dup=1)
    presences = w.presences(actions, without=2)
    title = [["Up ABC Clause – Heures d'insertion réalisées"], ["PLIE de l'Agenais – extraction du 03/03/2025"], []]
    src = [("marches", write_dataset(w, "marches", marches, fu), []),
           ("heures", write_dataset(w, "heures", heures, fu, title=title, total=heures_total_line(heures)), []),
           ("contacts", write_dataset(w, "contacts", contacts, fu), []),
           ("actions", write_dataset(w, "actions", actions, fu), []),
           ("presences", write_dataset(w, "presences", presences, fu), [])]
    write_job(w, src, [("agen-4", []), ("agen-3", [])], "initiales",
              ["Exports en CSV UTF-8 sans BOM, ';', CRLF ; heures.csv a deux lignes de titre et une ligne vide",
               "au-dessus de l'en-tête, et la ligne Total de l'export à la fin. Cibles non rapportées à l'ETP."])
    act = o_active(marches)
    exp = [("agen-4", "marches_clauses", o_distinct(act, lambda r: r["marche_id"]), 90),
           ("agen-4", "heures_insertion", o_sum_heures(heures), 80000),
           ("agen-3", "entreprises_partenaires", o_distinct(o_contacts(contacts), company_key), 55),
           ("agen-3", "actions_mediation", o_count_actions(actions, ["Médiation"]), 3)]
    check_traps(w.key, marches=marches, heures=heures, contacts=contacts, actions=actions, presences=presences)
    write_expected(w, exp)
    return exp


def gen_bordeaux():
    w = World("bordeaux", PLIES["bordeaux"])
    reset(w.key)
    fw = Fmt("csv", encoding="cp1252", delimiter=";")
    marches = w.marches(BORDEAUX_OPS)
    heures = w.heures(marches, per_marche=(3, 8), run=(4, 12), no_critere=6,
                      hours=[35, 70, 105, 120.5, 140, 151.67, 151.67, 151.67])
    conventions = w.conventions(22)
    offres = w.offres(70, dup=1, prefix="BX")
    mer = w.mer(offres, 66, dup=2)
    wts = [(t, 3) for t in COLLECTIVE] + [("Sensibilisation", 6), ("Médiation", 2), ("Préparation au recrutement", 16)]
    actions = w.actions(60, weights=wts, dup=1)
    presences = w.presences(actions, without=3)
    title = [["Extraction suivi des clauses – heures réalisées"], ["Période : 01/10/2023 - 28/02/2025"], []]
    src = [("marches", write_dataset(w, "marches", marches, fw), []),
           ("heures", write_dataset(w, "heures", heures, fw, title=title, total=heures_total_line(heures)), []),
           ("conventions", write_dataset(w, "conventions", conventions, fw), []),
           ("offres", write_dataset(w, "offres", offres, fw), []),
           ("mises_en_relation", write_dataset(w, "mises_en_relation", mer, fw), []),
           ("actions", write_dataset(w, "actions", actions, fw), []),
           ("presences", write_dataset(w, "presences", presences, fw), [])]
    write_job(w, src, [("bordeaux-4", []), ("bordeaux-3", [])], "complet",
              ["Exports en CSV Windows-1252, ';', CRLF ; heures.csv (environ 350 000 heures en 2024, une ligne",
               "par participant, marché et mois) a des lignes de titre au-dessus de l'en-tête et la ligne",
               "Total de l'export à la fin. Cibles non rapportées à l'ETP."])
    exp = [("bordeaux-4", "heures_insertion", o_sum_heures(heures), 350000),
           ("bordeaux-4", "conventions_en_cours", len(o_active(conventions)), 15),
           ("bordeaux-4", "actions_sensibilisation", o_count_actions(actions, ["Sensibilisation"]), 2),
           ("bordeaux-3", "mises_en_relation", o_count_mer(mer), 50),
           ("bordeaux-3", "preparations_recrutement", o_preparations(actions, presences), 50),
           ("bordeaux-3", "actions_collectives", o_count_actions(actions, COLLECTIVE), 12)]
    check_traps(w.key, marches=marches, heures=heures, conventions=conventions, offres=offres, mer=mer,
                actions=actions, presences=presences)
    write_expected(w, exp)
    return exp


def gen_graves():
    w = World("graves", PLIES["graves"])
    reset(w.key)
    fx = Fmt("xlsx")
    marches = w.marches(30)
    heures = w.heures(marches, per_marche=(2, 4), run=(2, 8))
    contacts = w.contacts(300, 100, dup=2)
    offres = w.offres(110, dup=1, prefix="GR")
    mer = w.mer(offres, 190, dup=2)
    actions = w.actions(36, dup=1)
    presences = w.presences(actions, without=2)
    etp_rel, etp_cl = 2, 1
    params = [("Paramètres", [["Extraction", "Arche Viesion – offres"], ["Date", dt.datetime(2025, 3, 3)],
                              ["Territoire", "PLIE des Graves"]])]
    src = [("marches", write_dataset(w, "marches", marches, fx), []),
           ("heures", write_dataset(w, "heures", heures, fx, sheet="Heures"), []),
           ("contacts", write_dataset(w, "contacts", contacts, fx), []),
           ("offres", write_dataset(w, "offres", offres, fx, before=params, sheet="Export"), [("feuille", "Export")]),
           ("mises_en_relation", write_dataset(w, "mises_en_relation", mer, fx), []),
           ("actions", write_dataset(w, "actions", actions, fx), []),
           ("presences", write_dataset(w, "presences", presences, fx), [])]
    write_job(w, src, [("graves-3", [("relation_entreprises", etp_rel), ("clauses", etp_cl)])], "complet",
              ["Exports en XLSX (vraies dates) ; offres.xlsx a une feuille de paramètres avant celle des",
               "données (déclarée par feuille). Deux chargé(e)s de relations entreprises (2 ETP) et une",
               "facilitatrice clauses (1 ETP) : cibles par ETP et par volet."])
    act = o_active(marches)
    exp = [("graves-3", "employeurs_rencontres",
            o_distinct(o_contacts(contacts, lambda r: norm(r["mode"]) == "physique"), company_key), 25 * etp_rel),
           ("graves-3", "offres_avec_mer", o_offres_avec_mer(offres, mer), 30 * etp_rel),
           ("graves-3", "actions", o_count_actions(actions, COLLECTIVE), 5 * etp_rel),
           ("graves-3", "donneurs_ordre_accompagnes", o_distinct(act, lambda r: norm(r["donneur_ordre"])), 12 * etp_cl),
           ("graves-3", "heures_insertion", o_sum_heures(heures), 25000 * etp_cl)]
    check_traps(w.key, marches=marches, heures=heures, contacts=contacts, offres=offres, mer=mer, actions=actions,
                presences=presences)
    write_expected(w, exp)
    return exp


AGEN_OPS = 60
BORDEAUX_OPS = 112
GENERATORS = {"agen": lambda: gen_agen(), "bordeaux": lambda: gen_bordeaux(), "graves": lambda: gen_graves(),
              "technowest": lambda: gen_technowest(), "perigueux": lambda: gen_perigueux(),
              "hauts-de-garonne": lambda: gen_hauts_de_garonne(), "libournais": lambda: gen_libournais(),
              "portes-du-sud": lambda: gen_portes_du_sud(), "sources": lambda: gen_sources(),
              "bergerac": lambda: gen_bergerac()}


def main(argv):
    """Regenerate the samples named in argv (default: all ten) and print their figures.
    With --into DIR first, write DIR/<plie>/… instead of samples/<plie>/… (the test
    compares such a fresh copy with the committed samples)."""
    global SAMPLES
    if argv[:1] == ["--into"] and len(argv) >= 2:
        SAMPLES, argv = os.path.abspath(argv[1]), argv[2:]
    for key in argv or list(GENERATORS):
        if key not in GENERATORS:
            raise SystemExit("gen_samples: unknown PLIE %r (one of %s)" % (key, ", ".join(GENERATORS)))
        for fiche, ind, val, cible in GENERATORS[key]():
            print("%-20s %-38s %10s / %s" % (fiche, ind, fmtv(val), fmtv(cible)))


if __name__ == "__main__":
    import sys
    main(sys.argv[1:])
