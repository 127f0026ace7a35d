"""oracle.py — the figures a sample must give, computed from the typed rows by
the counting rules of seed/FICHES.md (not by fsepack), and check_traps(): the
cases those rules talk about are really in the data."""
from .common import *  # noqa: F401,F403
from .common import dt
from .vocab import COLLECTIVE, OTHER_ACTIONS


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


def o_preparations(actions, presences, type_=("Préparation au recrutement",)):
    """distinct personne_id of presences (Présent, Participant) on the actions of the
    period whose type is one of type_ (bordeaux-3 preparations_recrutement)."""
    tn = {norm(t) for t in type_}
    ids = {a["action_id"] for a in actions if in_p(a["date"]) and norm(a["type"]) in tn}
    return len({r["personne_id"] for r in presences if r["action_id"] in ids and r["personne_id"]
                and norm(r["statut"]) == norm("Présent") and norm(r["type_personne"]) == "participant"})


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
