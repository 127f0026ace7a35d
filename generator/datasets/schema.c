/* schema.c — the datasets of DESIGN §3 (contract). Field order follows the
 * design card; '*' there is `true` here. Duplicate keys and period rules
 * come from FICHES.md "Counting vocabulary" and DESIGN §6. */
#include "datasets/schema.h"

#include <string.h>

#define T FSE_FT_TEXT
#define I FSE_FT_ID
#define N FSE_FT_NUMBER
#define D FSE_FT_DATE
#define M FSE_FT_MONTH
#define B FSE_FT_BOOL
#define F(name, type, req) { name, type, req }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const fse_field_def marches[] = {
    F("operation_id", I, 1), F("operation", T, 1), F("donneur_ordre", T, 1),
    F("type_donneur_ordre", T, 0), F("marche_id", I, 1), F("objet", T, 0), F("lot", T, 0),
    F("entreprise", T, 0), F("siret", I, 0), F("base_juridique", T, 0),
    F("date_notification", D, 0), F("date_debut", D, 0), F("date_fin", D, 0),
    F("heures_prevues", N, 0), F("statut", T, 0), F("commune", T, 0),
};
static const fse_field_def heures[] = {
    F("operation_id", I, 1), F("marche_id", I, 1), F("lot", T, 0), F("entreprise", T, 0),
    F("structure", T, 0), F("type_structure", T, 0), F("modalite", T, 0),
    F("participant_id", I, 1), F("nom", T, 0), F("prenom", T, 0), F("sexe", T, 0),
    F("date_naissance", D, 0), F("critere", T, 0), F("niveau_formation", T, 0),
    F("participant_plie", B, 0), F("type_contrat", T, 0), F("mois", M, 1),
    F("heures", N, 1), F("heures_formation", N, 0),
};
static const fse_field_def conventions[] = {
    F("convention_id", I, 0), F("partenaire", T, 1), F("type_partenaire", T, 0),
    F("objet", T, 0), F("date_signature", D, 0), F("date_debut", D, 1), F("date_fin", D, 0),
    F("fichier", T, 0),
};
static const fse_field_def participants[] = {
    F("participant_id", I, 1), F("nom", T, 0), F("prenom", T, 0), F("sexe", T, 0),
    F("date_naissance", D, 0), F("commune", T, 0), F("qpv", B, 0), F("date_entree", D, 1),
    F("referent", T, 0), F("deld", B, 0), F("brsa", B, 0), F("rqth", B, 0),
    F("niveau_formation", T, 0), F("contact_renseigne", B, 0), F("date_sortie", D, 0),
    F("situation_sortie", T, 0), F("qualification", B, 0),
};
static const fse_field_def offres[] = {
    F("offre_id", I, 1), F("date_reception", D, 1), F("entreprise", T, 1), F("siret", I, 0),
    F("intitule", T, 0), F("code_rome", I, 0), F("type_contrat", T, 0), F("duree", T, 0),
    F("nb_postes", N, 0), F("lieu", T, 0), F("statut", T, 0), F("date_diffusion", D, 0),
    F("canal", T, 0), F("charge", T, 0),
};
static const fse_field_def mises_en_relation[] = {
    F("mer_id", I, 0), F("date", D, 1), F("participant_id", I, 1), F("nom", T, 0),
    F("prenom", T, 0), F("offre_id", I, 0), F("entreprise", T, 0), F("siret", I, 0),
    F("charge", T, 0), F("resultat", T, 0),
};
static const fse_field_def contacts[] = {
    F("date", D, 1), F("entreprise", T, 1), F("siret", I, 0), F("effectif", N, 0),
    F("secteur", T, 0), F("commune", T, 0), F("mode", T, 1), F("objet", T, 0),
    F("charge", T, 0), F("justificatif", T, 0),
};
static const fse_field_def actions[] = {
    F("action_id", I, 1), F("intitule", T, 1), F("type", T, 1), F("date", D, 1),
    F("heure_debut", T, 0), F("heure_fin", T, 0), F("lieu", T, 0), F("animateur", T, 0),
    F("charge", T, 0),
};
static const fse_field_def presences[] = {
    F("action_id", I, 1), F("personne_id", I, 0), F("type_personne", T, 0), F("nom", T, 0),
    F("prenom", T, 0), F("structure", T, 0), F("statut", T, 1), F("demi_journee", T, 0),
    F("signe", B, 0),
};
static const fse_field_def etapes[] = {
    F("date", D, 1), F("participant_id", I, 1), F("type", T, 1), F("mode", T, 0),
    F("charge", T, 0),
};
static const fse_field_def tableau_impact_abc[] = {
    F("operation_id", I, 0), F("marche_id", I, 0), F("entreprise", T, 0),
    F("heures_prevues", N, 0), F("heures", N, 1),
};

#define DS(n, label) #n, label, n, COUNT(n)
const fse_dataset_def fse_datasets[] = {
    { DS(marches, "Marchés clausés"), FSE_PERIOD_OVERLAP, "date_debut", "date_fin",
      NULL, NULL, NULL, { NULL }, NULL },
    { DS(heures, "Heures d'insertion réalisées"), FSE_PERIOD_MONTH, "mois", NULL,
      NULL, NULL, NULL, { NULL }, "critere" },
    { DS(conventions, "Conventions"), FSE_PERIOD_OVERLAP, "date_debut", "date_fin",
      NULL, NULL, NULL, { NULL }, NULL },
    { DS(participants, "Participants"), FSE_PERIOD_NONE, NULL, NULL,
      NULL, NULL, NULL, { NULL }, NULL },
    { DS(offres, "Offres d'emploi"), FSE_PERIOD_DATE, "date_reception", NULL,
      NULL, NULL, NULL, { "offre_id", NULL }, NULL },
    { DS(mises_en_relation, "Mises en relation"), FSE_PERIOD_DATE, "date", NULL,
      NULL, NULL, NULL, { "participant_id", "offre_id", "date", NULL }, NULL },
    { DS(contacts, "Contacts entreprises"), FSE_PERIOD_DATE, "date", NULL,
      NULL, NULL, NULL, { "@entreprise", "date", "mode", NULL }, NULL },
    { DS(actions, "Actions collectives"), FSE_PERIOD_DATE, "date", NULL,
      NULL, NULL, NULL, { "action_id", NULL }, NULL },
    { DS(presences, "Présences (émargements)"), FSE_PERIOD_VIA, NULL, NULL,
      "action_id", "actions", "action_id", { NULL }, NULL },
    { DS(etapes, "Étapes de parcours"), FSE_PERIOD_DATE, "date", NULL,
      NULL, NULL, NULL, { NULL }, NULL },
    { DS(tableau_impact_abc, "Tableau d'impact ABC Clause"), FSE_PERIOD_NONE, NULL, NULL,
      NULL, NULL, NULL, { NULL }, NULL },
};
const size_t fse_ndatasets = COUNT(fse_datasets);

const fse_dataset_def *fse_dataset_find(const char *name)
{
    for (size_t i = 0; name && i < fse_ndatasets; i++)
        if (!strcmp(fse_datasets[i].name, name)) return &fse_datasets[i];
    return NULL;
}

int fse_field_index(const fse_dataset_def *def, const char *name)
{
    for (size_t i = 0; name && i < def->nfields; i++)
        if (!strcmp(def->fields[i].name, name)) return (int)i;
    return -1;
}

const char *fse_field_type_name(fse_field_type t)
{
    static const char *names[] = { "texte", "identifiant", "nombre", "date", "mois", "booléen" };
    return names[t];
}

bool fse_field_is_personal(const char *name)
{
    static const char *const personal[] = { "nom", "prenom", "critere", "deld", "brsa", "rqth", "qpv",
                                            "date_naissance" };
    for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
        if (!strcmp(personal[i], name)) return true;
    return false;
}
