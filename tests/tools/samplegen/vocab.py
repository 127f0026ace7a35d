"""vocab.py — the sample generator's vocabulary: the export headers of DESIGN.md §3,
fictitious names, trades, places, and the ten PLIEs (communes, staff, donneurs d'ordre)."""
from .common import *  # noqa: F401,F403


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
