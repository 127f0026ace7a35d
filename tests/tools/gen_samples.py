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
timestamps are fixed); tests/e2e/test_gen_samples.py checks that the committed
samples are what this script writes.

This file holds one function per PLIE (what its exports hold, in which format,
and its expected figures) and main(); the parts it uses are in samplegen/:
common.py (seed, period, helpers), vocab.py (headers, names, the ten PLIEs),
world.py (people, companies and rows of one PLIE), output.py (CSV, XLSX,
job.ini, expected.csv) and oracle.py (the counting rules, the traps).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplegen.common import *  # noqa: E402,F401,F403
from samplegen.common import dt  # noqa: E402
from samplegen.vocab import *  # noqa: E402,F401,F403
from samplegen.world import World  # noqa: E402
from samplegen.oracle import *  # noqa: E402,F401,F403
from samplegen import output  # noqa: E402
from samplegen.output import write_dataset, write_expected, write_job, reset, heures_total_line, Fmt  # noqa: E402


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
    if argv[:1] == ["--into"] and len(argv) >= 2:
        output.SAMPLES, argv = os.path.abspath(argv[1]), argv[2:]
    for key in argv or list(GENERATORS):
        if key not in GENERATORS:
            raise SystemExit("gen_samples: unknown PLIE %r (one of %s)" % (key, ", ".join(GENERATORS)))
        for fiche, ind, val, cible in GENERATORS[key]():
            print("%-20s %-38s %10s / %s" % (fiche, ind, fmtv(val), fmtv(cible)))


if __name__ == "__main__":
    main(sys.argv[1:])
