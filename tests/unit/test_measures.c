/* test_measures.c — the counting vocabulary of FICHES.md: parse measures and
 * evaluate them over small in-memory datasets, checking values, the rows
 * behind them (evidence), duplicates and hours "à régulariser". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/text.h"
#include "common/util.h"
#include "datasets/dataset.h"
#include "ingest/values.h"
#include "measures/measure.h"

/* ---- fixture: datasets, the year 2024, two lists ------------------------ */

static char *coll_values[] = { "Job dating", "Visite d'entreprise", "Forum", "Atelier",
                               "Découverte métiers", "Café recrutement" };
static char *coll_keys[] = { "jobdating", "visitedentreprise", "forum", "atelier",
                             "decouvertemetiers", "caferecrutement" };
static char *rdv_values[] = { "Physique", "Visio", "Téléphone" };
static char *rdv_keys[] = { "physique", "visio", "telephone" };
static fse_list the_lists[] = {
    { "actions_collectives", coll_values, coll_keys, 6 },
    { "contacts_rendez_vous", rdv_values, rdv_keys, 3 },
};
static const fse_templates lists = { NULL, NULL, 0, 0, the_lists, 2, 2 };

typedef struct {
    fse_datasets_t data;
    fse_period year;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    fse_datasets_init(&fx->data);
    if (fse_period_parse("2024", &fx->year)) return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    fse_datasets_free(&fx->data);
    free(fx);
    return 0;
}

/* Set field of row r from text, parsed by the field's type. "!text" stores
 * text as a REJECTED value; "" leaves the value empty. */
static void set_value(fse_dataset *ds, fse_row *r, const char *field, const char *text)
{
    int f = fse_field_index(ds->def, field);
    if (f < 0) fail_msg("test data: no field %s in %s", field, ds->def->name);
    fse_value *v = &r->v[f];
    memset(v, 0, sizeof *v);
    if (!*text) return;
    bool reject = text[0] == '!';
    if (reject) text++;
    v->text = fse_dataset_text(ds, text, strlen(text));
    if (reject) { v->state = FSE_VAL_REJECTED; return; }
    bool ok = true;
    int32_t days = 0;
    switch (ds->def->fields[f].type) {
    case FSE_FT_NUMBER: ok = fse_parse_number(text, &v->num); break;
    case FSE_FT_DATE: ok = fse_parse_date(text, &days); v->num = days; break;
    case FSE_FT_MONTH: ok = fse_parse_month(text, &days); v->num = days; break;
    case FSE_FT_BOOL: { int b = fse_parse_bool(text); ok = b >= 0; v->num = b; break; }
    default: break;
    }
    if (!ok) fail_msg("test data: \"%s\" is not valid for %s.%s", text, ds->def->name, field);
    v->state = FSE_VAL_OK;
}

/* Append a row "field=value|field=value…" to dataset name; its line is
 * index + 2 (line 1 is the header) of a single source "<name>.csv".
 * Returns the row index. */
static size_t add(fixture *fx, const char *name, const char *spec)
{
    fse_dataset *ds = fse_datasets_get(&fx->data, name);
    if (!ds) fail_msg("test data: no dataset %s", name);
    if (!ds->nsrcs) {
        ds->srcs = fse_xcalloc(1, sizeof *ds->srcs);
        ds->srcs_cap = ds->nsrcs = 1;
        ds->srcs[0].path = fse_xasprintf("/tmp/%s.csv", name);
        ds->srcs[0].display = fse_xasprintf("/tmp/%s.csv", name);
        ds->srcs[0].rel = fse_xasprintf("%s.csv", name);
        ds->srcs[0].header_line = 1;
        ds->loaded = true;
    }
    size_t idx = ds->nrows;
    fse_row *r = fse_dataset_add_row(ds, 0, (long)idx + 2);
    char *copy = fse_xstrdup(spec);
    for (char *part = strtok(copy, "|"); part; part = strtok(NULL, "|")) {
        char *eq = strchr(part, '=');
        if (!eq) fail_msg("test data: \"%s\" has no '='", part);
        *eq = 0;
        set_value(ds, r, part, eq + 1);
    }
    free(copy);
    ds->srcs[0].rows_read++;
    return idx;
}

static fse_measure *parse_ok(const char *text)
{
    char err[256] = "";
    int col = 0;
    fse_measure *m = fse_measure_parse(text, &lists, err, sizeof err, &col);
    if (!m) fail_msg("cannot parse \"%s\": column %d: %s", text, col, err);
    return m;
}

/* Value of a measure over the fixture for period p (default: 2024). */
static double value_p(fixture *fx, const char *text, const fse_period *p)
{
    fse_measure *m = parse_ok(text);
    fse_result res;
    assert_int_equal(fse_measure_eval(m, &fx->data, p ? p : &fx->year, &res), 0);
    double v = res.value;
    fse_result_free(&res);
    fse_measure_free(m);
    return v;
}
#define value(fx, text) value_p(fx, text, NULL)

static void eval_ok(fixture *fx, const char *text, fse_result *res)
{
    fse_measure *m = parse_ok(text);
    assert_int_equal(fse_measure_eval(m, &fx->data, &fx->year, res), 0);
    assert_int_equal(res->nterms, m->nterms);
    fse_measure_free(m);
}

/* rows as "0 2 3" */
static void rows_eq(const size_t *rows, size_t n, const char *want)
{
    char got[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof got - 24; i++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%zu", i ? " " : "", rows[i]);
    assert_string_equal(got, want);
}

/* ---- count and its duplicates ------------------------------------------ */

static void test_count_mises_en_relation_duplicates(void **state)
{
    fixture *fx = *state;
    add(fx, "mises_en_relation", "date=2024-03-01|participant_id=P1|offre_id=O1");  /* 0 counted */
    add(fx, "mises_en_relation", "date=01/03/2024|participant_id=P1|offre_id=O1");  /* 1 dup of 0 */
    add(fx, "mises_en_relation", "date=2024-03-02|participant_id=P1|offre_id=O1");  /* 2 other day */
    add(fx, "mises_en_relation", "date=2024-03-01|participant_id=P2|offre_id=O1");  /* 3 other person */
    add(fx, "mises_en_relation", "date=2024-03-01|participant_id=P1|offre_id=O2");  /* 4 other offer */
    add(fx, "mises_en_relation", "date=2023-12-31|participant_id=P1|offre_id=O1");  /* 5 before */
    add(fx, "mises_en_relation", "date=2024-03-01|participant_id=P1|offre_id=O1|resultat=Retenu"); /* 6 dup */
    add(fx, "mises_en_relation", "date=!31/02/2024|participant_id=P1|offre_id=O1"); /* 7 rejected date */
    add(fx, "mises_en_relation", "date=2025-01-01|participant_id=P3|offre_id=O3");  /* 8 after */
    add(fx, "mises_en_relation", "date=2024-12-31|participant_id=P3|offre_id=O3");  /* 9 last day */

    fse_result res;
    eval_ok(fx, "count mises_en_relation", &res);
    assert_true(res.value == 5);
    assert_int_equal(res.nterms, 1);
    assert_true(res.terms[0].value == 5);
    assert_ptr_equal(res.terms[0].ds, fse_datasets_get(&fx->data, "mises_en_relation"));
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 2 3 4 9");
    rows_eq(res.terms[0].duplicates, res.terms[0].nduplicates, "1 6");
    assert_int_equal(res.terms[0].na_regulariser, 0);
    char where[64];
    const fse_dataset *ds = res.terms[0].ds;
    assert_string_equal(fse_row_where(ds, &ds->rows[res.terms[0].duplicates[1]], where, sizeof where),
                        "mises_en_relation.csv:8");
    fse_result_free(&res);

    /* duplicates are found among the rows that pass the filters */
    assert_true(value(fx, "count mises_en_relation where resultat = Retenu") == 1);
    assert_true(value(fx, "count mises_en_relation where participant_id = P1") == 3);
}

static void test_count_actions_by_id(void **state)
{
    fixture *fx = *state;
    add(fx, "actions", "action_id=A1|intitule=Forum emploi|type=Forum|date=2024-02-01");
    add(fx, "actions", "action_id=A1|intitule=Forum emploi|type=Forum|date=2024-02-01");
    add(fx, "actions", "action_id=A1|intitule=Forum (jour 2)|type=Forum|date=2024-02-02");
    add(fx, "actions", "action_id=A2|intitule=Job dating BTP|type=Job dating|date=2024-06-12");
    add(fx, "actions", "action_id=A3|intitule=Atelier CV|type=Atelier|date=2023-06-12");
    fse_result res;
    eval_ok(fx, "count actions", &res);
    assert_true(res.value == 2);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 3");
    rows_eq(res.terms[0].duplicates, res.terms[0].nduplicates, "1 2");
    fse_result_free(&res);
}

static void test_count_contacts_company_date_mode(void **state)
{
    fixture *fx = *state;
    add(fx, "contacts", "date=2024-01-10|entreprise=Boulangerie Dupont|mode=Physique");            /* 0 */
    add(fx, "contacts", "date=2024-01-10|entreprise=BOULANGERIE  DUPONT|mode=physique");           /* 1 dup */
    add(fx, "contacts", "date=2024-01-10|entreprise=Boulangerie Dupont|mode=Visio");               /* 2 */
    add(fx, "contacts", "date=2024-01-11|entreprise=Boulangerie Dupont|mode=Physique");            /* 3 */
    add(fx, "contacts", "date=2024-01-10|entreprise=SARL Martin|siret=73282932000074|mode=Physique"); /* 4 */
    add(fx, "contacts", "date=2024-01-10|entreprise=Martin & Fils|siret=732 829 320 00074|mode=Physique"); /* 5 dup */
    add(fx, "contacts", "date=2024-01-10|entreprise=SARL Martin|siret=73282932000074|mode=Téléphone"); /* 6 */
    add(fx, "contacts", "date=2024-01-10|entreprise=Boulangerie-Dupont|mode=PHYSIQUE");            /* 7 dup of 0 */
    fse_result res;
    eval_ok(fx, "count contacts", &res);
    assert_true(res.value == 5);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 2 3 4 6");
    rows_eq(res.terms[0].duplicates, res.terms[0].nduplicates, "1 5 7");
    fse_result_free(&res);
}

/* ---- distinct and the identity of companies ----------------------------- */

static void test_distinct_company(void **state)
{
    fixture *fx = *state;
    add(fx, "contacts", "date=2024-01-10|entreprise=Boulangerie Dupont|mode=Physique");             /* 0 */
    add(fx, "contacts", "date=2024-02-10|entreprise=BOULANGERIE  DUPONT|mode=Visio");               /* 1 same */
    add(fx, "contacts", "date=2024-03-10|entreprise=Transports Martin|siret=73282932000074|mode=Physique"); /* 2 */
    add(fx, "contacts", "date=2024-03-11|entreprise=Martin SAS|siret=73282932000074|mode=Mail");    /* 3 same SIRET */
    add(fx, "contacts", "date=2024-03-12|entreprise=Boulangerie Dupont|siret=44306184100047|mode=Physique"); /* 4: a SIRET: other */
    add(fx, "contacts", "date=2023-12-12|entreprise=Garage Lopez|mode=Physique");                   /* 5 out */
    add(fx, "contacts", "date=2024-04-01|entreprise=|mode=Physique");                               /* 6 no identity */
    add(fx, "contacts", "date=2024-04-02|entreprise=Dupont Boulangerie|mode=Physique");             /* 7 other name */

    fse_result res;
    eval_ok(fx, "distinct entreprise of contacts", &res);
    assert_true(res.value == 4);
    /* every row of a counted value is evidence; rows without identity are not */
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 1 2 3 4 7");
    assert_int_equal(res.terms[0].nduplicates, 0);
    fse_result_free(&res);

    assert_true(value(fx, "distinct entreprise of contacts where mode = Physique") == 4);
    assert_true(value(fx, "distinct entreprise of contacts where mode in (Physique, Visio)") == 4);
    assert_true(value(fx, "distinct entreprise of contacts where mode = Mail") == 1);
    assert_true(value(fx, "distinct entreprise of contacts where date in period") == 4);
    assert_true(value(fx, "distinct date of contacts") == 7);

    fse_dataset *ds = fse_datasets_get(&fx->data, "contacts");
    char *k0 = fse_company_key(ds, &ds->rows[0]), *k1 = fse_company_key(ds, &ds->rows[1]);
    char *k3 = fse_company_key(ds, &ds->rows[3]), *k6 = fse_company_key(ds, &ds->rows[6]);
    assert_string_equal(k0, "nom:boulangeriedupont");
    assert_string_equal(k1, "nom:boulangeriedupont");
    assert_string_equal(k3, "siret:73282932000074");
    assert_string_equal(k6, "");
    free(k0); free(k1); free(k3); free(k6);
}

/* ---- sum, eligibility and the month rule of heures ---------------------- */

static void test_sum_heures(void **state)
{
    fixture *fx = *state;
    const char *base = "operation_id=OP1|marche_id=M1|participant_id=P1|";
    char buf[256];
#define H(s) (snprintf(buf, sizeof buf, "%s%s", base, s), add(fx, "heures", buf))
    H("mois=2024-01|heures=35|critere=DELD");          /* 0 */
    H("mois=2024-12|heures=10,5|critere=BRSA");        /* 1 December 2024: in */
    H("mois=2023-12|heures=100|critere=DELD");         /* 2 December 2023: out */
    H("mois=2024-06|heures=20");                       /* 3 à régulariser */
    H("mois=2025-01|heures=7");                        /* 4 out, not à régulariser */
    H("mois=mars 2024|heures=4,25|critere=RQTH");      /* 5 */
    H("mois=!13/2024|heures=50|critere=DELD");         /* 6 rejected month: out */
    H("mois=2024-07|heures=!12h|critere=DELD");        /* 7 rejected hours: 0 */
    H("mois=15/02/2024|heures=5");                     /* 8 à régulariser */
    H("mois=2024-05|heures=1 234,5|critere=Jeune -26 ans"); /* 9 */
#undef H
    fse_result res;
    eval_ok(fx, "sum heures of heures", &res);
    assert_true(res.value == 35 + 10.5 + 4.25 + 1234.5);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 1 5 7 9");
    rows_eq(res.terms[0].a_regulariser, res.terms[0].na_regulariser, "3 8");
    assert_true(res.terms[0].regul_sum == 25);
    assert_int_equal(res.terms[0].nduplicates, 0);
    fse_result_free(&res);

    /* one month */
    fse_period may, dec;
    assert_int_equal(fse_period_parse("2024-05", &may), 0);
    assert_int_equal(fse_period_parse("2024-12", &dec), 0);
    assert_true(value_p(fx, "sum heures of heures", &may) == 1234.5);
    assert_true(value_p(fx, "sum heures of heures", &dec) == 10.5);
    /* a range that starts mid-month takes the month's rows (mois is a month) */
    fse_period h1;
    assert_int_equal(fse_period_parse("2024-03-15..2024-06-30", &h1), 0);
    assert_true(value_p(fx, "sum heures of heures", &h1) == 4.25 + 1234.5);

    /* count and distinct also need the criterion */
    assert_true(value(fx, "count heures") == 5);
    assert_true(value(fx, "distinct participant_id of heures") == 1);
    assert_true(value(fx, "sum heures of heures where critere = deld") == 35);
    assert_true(value(fx, "sum heures of heures where critere ^= jeune") == 1234.5);
}

/* ---- date-range overlap: marches and conventions ------------------------ */

static void test_overlap_marches(void **state)
{
    fixture *fx = *state;
    const char *b = "operation_id=OP|operation=Groupe scolaire|donneur_ordre=Ville|";
    char buf[256];
#define M(s) (snprintf(buf, sizeof buf, "%s%s", b, s), add(fx, "marches", buf))
    M("marche_id=M0|date_debut=2023-01-01|date_fin=2023-12-31");  /* ends before */
    M("marche_id=M1|date_debut=2025-01-01|date_fin=2025-06-30");  /* starts after */
    M("marche_id=M2|date_debut=2023-06-01");                      /* running */
    M("marche_id=M2|date_fin=2024-03-01");                        /* no start */
    M("marche_id=M4|date_debut=2023-06-01|date_fin=2024-01-01");  /* first day */
    M("marche_id=M5|date_debut=2024-12-31|date_fin=2025-12-31");  /* last day */
    M("marche_id=M6");                                            /* no dates at all */
    M("marche_id=M7|date_fin=2023-12-31");                        /* no start, ended */
    M("marche_id=M8|date_debut=!2024-02-30|date_fin=2024-06-30"); /* rejected start */
    M("marche_id=M9|date_debut=2025-01-01");                      /* running, starts after */
    M("marche_id=M10|date_debut=2024-03-01|date_fin=!bientôt");   /* rejected end */
#undef M
    fse_result res;
    eval_ok(fx, "count marches", &res);
    assert_true(res.value == 5);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "2 3 4 5 6");
    fse_result_free(&res);
    assert_true(value(fx, "distinct marche_id of marches") == 4);

    fse_dataset *ds = fse_datasets_get(&fx->data, "marches");
    assert_false(fse_row_in_period(&fx->data, ds, &ds->rows[0], &fx->year, -2));
    assert_true(fse_row_in_period(&fx->data, ds, &ds->rows[2], &fx->year, -2));
    assert_true(fse_row_in_period(&fx->data, ds, &ds->rows[0], &fx->year, -1));
    int fdeb = fse_field_index(ds->def, "date_debut");
    assert_false(fse_row_in_period(&fx->data, ds, &ds->rows[2], &fx->year, fdeb));
    assert_true(fse_row_in_period(&fx->data, ds, &ds->rows[5], &fx->year, fdeb));

    add(fx, "conventions", "partenaire=Ville de Talence|date_debut=2022-09-01");
    add(fx, "conventions", "partenaire=Bordeaux Métropole|date_debut=2023-01-01|date_fin=2023-12-31");
    add(fx, "conventions", "partenaire=Département|date_debut=2024-11-01|date_fin=2026-10-31");
    add(fx, "conventions", "partenaire=CAF|date_debut=2025-01-01|date_fin=2025-12-31");
    assert_true(value(fx, "count conventions") == 2);
}

/* ---- presences dated by their action; joins ----------------------------- */

static void test_presences_via_actions(void **state)
{
    fixture *fx = *state;
    add(fx, "actions", "action_id=A1|intitule=Prépa BTP|type=Préparation au recrutement|date=2024-03-01");
    add(fx, "actions", "action_id=A2|intitule=Prépa 2023|type=Préparation au recrutement|date=2023-11-01");
    add(fx, "actions", "action_id=A3|intitule=Forum|type=Forum|date=2024-04-01");
    add(fx, "actions", "action_id=A4|intitule=Prépa logistique|type=PREPARATION AU RECRUTEMENT|date=2024-09-10");
    add(fx, "presences", "action_id=A1|personne_id=P1|type_personne=Participant|statut=Présent");   /* 0 */
    add(fx, "presences", "action_id=A1|personne_id=P1|type_personne=Participant|statut=Présent");   /* 1 same person */
    add(fx, "presences", "action_id=A1|personne_id=P2|type_personne=Participant|statut=Absent");    /* 2 */
    add(fx, "presences", "action_id=A1|personne_id=E1|type_personne=Entreprise|statut=Présent");    /* 3 */
    add(fx, "presences", "action_id=A2|personne_id=P4|type_personne=Participant|statut=Présent");   /* 4 action of 2023 */
    add(fx, "presences", "action_id=A3|personne_id=P5|type_personne=Participant|statut=Présent");   /* 5 a forum */
    add(fx, "presences", "action_id=A4|personne_id=P6|type_personne=participant|statut=present");   /* 6 */
    add(fx, "presences", "action_id=A9|personne_id=P7|type_personne=Participant|statut=Présent");   /* 7 unknown action */
    add(fx, "presences", "action_id=A1|personne_id=P8|type_personne=Participant|statut=Excusé");    /* 8 */

    fse_result res;
    eval_ok(fx, "distinct personne_id of presences where statut = Présent and type_personne = Participant "
                "and action_id in actions[type = Préparation au recrutement].action_id", &res);
    assert_true(res.value == 2);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 1 6");
    fse_result_free(&res);

    /* the presences' own period: the date of their action */
    eval_ok(fx, "count presences", &res);
    assert_true(res.value == 7);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 1 2 3 5 6 8");
    fse_result_free(&res);
    assert_true(value(fx, "count presences where statut = Présent") == 5);
    assert_true(value(fx, "count presences where action_id in actions[type in @actions_collectives].action_id") == 1);

    fse_dataset *ds = fse_datasets_get(&fx->data, "presences");
    assert_true(fse_row_in_period(&fx->data, ds, &ds->rows[0], &fx->year, -2));
    assert_false(fse_row_in_period(&fx->data, ds, &ds->rows[4], &fx->year, -2));
    assert_false(fse_row_in_period(&fx->data, ds, &ds->rows[7], &fx->year, -2));
    fse_period y2023;
    assert_int_equal(fse_period_parse("2023", &y2023), 0);
    assert_true(fse_row_in_period(&fx->data, ds, &ds->rows[4], &y2023, -2));
    assert_true(value_p(fx, "count presences", &y2023) == 1);
}

static void test_offres_with_mer(void **state)
{
    fixture *fx = *state;
    add(fx, "offres", "offre_id=O1|date_reception=2024-02-01|entreprise=Eiffage");
    add(fx, "offres", "offre_id=O2|date_reception=2024-02-01|entreprise=Colas");
    add(fx, "offres", "offre_id=O3|date_reception=2024-03-01|entreprise=Colas");
    add(fx, "offres", "offre_id=O4|date_reception=2023-12-01|entreprise=Vinci");
    add(fx, "offres", "offre_id=O5|date_reception=2024-05-01|entreprise=Lidl");
    add(fx, "offres", "offre_id=O6|date_reception=2024-05-01|entreprise=Lidl");
    add(fx, "mises_en_relation", "date=2024-02-10|participant_id=P1|offre_id=O1");
    add(fx, "mises_en_relation", "date=2023-12-15|participant_id=P1|offre_id=O2");  /* MER before */
    add(fx, "mises_en_relation", "date=2024-01-05|participant_id=P2|offre_id=O4");  /* offer before */
    add(fx, "mises_en_relation", "date=2025-01-02|participant_id=P3|offre_id=O3");  /* MER after */
    add(fx, "mises_en_relation", "date=2024-05-02|participant_id=P4|offre_id=O5");
    add(fx, "mises_en_relation", "date=2024-05-03|participant_id=P5|offre_id=O5");
    add(fx, "mises_en_relation", "date=2024-05-03|participant_id=P5");              /* no offer */
    fse_result res;
    eval_ok(fx, "count offres where offre_id in mises_en_relation.offre_id", &res);
    assert_true(res.value == 2);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 4");
    fse_result_free(&res);
    assert_true(value(fx, "count offres where offre_id in mises_en_relation[participant_id = P5].offre_id") == 1);
    assert_true(value(fx, "count offres") == 5);
}

static void test_participants_join_etapes(void **state)
{
    fixture *fx = *state;
    add(fx, "participants", "participant_id=P1|sexe=F|date_entree=2023-05-01");      /* 0 */
    add(fx, "participants", "participant_id=P2|sexe=Femme|date_entree=2024-02-01");  /* 1 */
    add(fx, "participants", "participant_id=P3|sexe=H|date_entree=2024-02-01");      /* 2 */
    add(fx, "participants", "participant_id=P4|sexe=F|date_entree=2024-02-01");      /* 3 no promotion */
    add(fx, "participants", "participant_id=P5|sexe=f|date_entree=2022-02-01");      /* 4 promotion of 2023 */
    add(fx, "participants", "participant_id=P1|sexe=F|date_entree=2023-05-01");      /* 5 P1 again */
    add(fx, "participants", "participant_id=P6|sexe=femme|date_entree=2024-01-01");  /* 6 */
    add(fx, "etapes", "date=2024-02-01|participant_id=P1|type=Promotion de profil");
    add(fx, "etapes", "date=2024-03-01|participant_id=P2|type=promotion de profil");
    add(fx, "etapes", "date=2024-03-01|participant_id=P3|type=Promotion de profil");
    add(fx, "etapes", "date=2024-01-01|participant_id=P4|type=Entretien|mode=Physique individuel");
    add(fx, "etapes", "date=2023-12-01|participant_id=P5|type=Promotion de profil");
    add(fx, "etapes", "date=2024-06-01|participant_id=P6|type=Promotion  de  profil");
    fse_result res;
    eval_ok(fx, "distinct participant_id of participants where participant_id in "
                "etapes[type = Promotion de profil].participant_id and sexe in (F, Femme)", &res);
    assert_true(res.value == 3);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 1 5 6");
    fse_result_free(&res);
    assert_true(value(fx, "distinct participant_id of participants where participant_id in "
                          "etapes[type = Promotion de profil].participant_id and sexe in (H, Homme)") == 1);
    /* participants are not dated: all of them */
    assert_true(value(fx, "distinct participant_id of participants") == 6);
    assert_true(value(fx, "count etapes where type = Entretien and mode in (Physique individuel, "
                          "Physique collectif)") == 1);
}

/* ---- operators ----------------------------------------------------------- */

static void test_operators(void **state)
{
    fixture *fx = *state;
    add(fx, "contacts", "date=2024-01-01|entreprise=E0|mode=Physique|effectif=5|objet=Recrutement CDI");
    add(fx, "contacts", "date=2024-01-02|entreprise=E1|mode=Visio|effectif=10|objet=recrutement");
    add(fx, "contacts", "date=2024-01-03|entreprise=E2|mode=téléphone|effectif=11|objet=Information");
    add(fx, "contacts", "date=2024-01-04|entreprise=E3|mode=Mail|effectif=50|objet=Taxe d'apprentissage");
    add(fx, "contacts", "date=2024-01-05|entreprise=E4|mode=Événement|objet=Forum");
    add(fx, "contacts", "date=2024-01-06|entreprise=E5|effectif=!dix");
    assert_true(value(fx, "count contacts") == 6);
    assert_true(value(fx, "count contacts where mode = physique") == 1);
    assert_true(value(fx, "count contacts where mode = TELEPHONE") == 1);
    assert_true(value(fx, "count contacts where mode = evenement") == 1);
    assert_true(value(fx, "count contacts where mode != Physique") == 5);   /* empty differs */
    assert_true(value(fx, "count contacts where objet ^= Recrut") == 2);
    assert_true(value(fx, "count contacts where objet ^= Taxe d'") == 1);
    assert_true(value(fx, "count contacts where effectif < 11") == 2);
    assert_true(value(fx, "count contacts where effectif <= 10") == 2);
    assert_true(value(fx, "count contacts where effectif <= 11") == 3);
    assert_true(value(fx, "count contacts where effectif > 10") == 2);
    assert_true(value(fx, "count contacts where effectif >= 10") == 3);
    assert_true(value(fx, "count contacts where effectif < 5") == 0);
    assert_true(value(fx, "count contacts where effectif >= 0") == 4);     /* empty and rejected: no */
    assert_true(value(fx, "count contacts where mode in (Physique, Visio, Téléphone)") == 3);
    assert_true(value(fx, "count contacts where mode in @contacts_rendez_vous") == 3);
    assert_true(value(fx, "count contacts where mode in (\"Mail\", Evenement)") == 2);
    assert_true(value(fx, "count contacts where mode is filled") == 5);
    assert_true(value(fx, "count contacts where mode is empty") == 1);
    assert_true(value(fx, "count contacts where effectif is filled") == 5); /* a rejected value is filled */
    assert_true(value(fx, "count contacts where effectif is empty") == 1);
    assert_true(value(fx, "count contacts where mode is filled and effectif > 5 and objet ^= recrutement") == 1);

    add(fx, "actions", "action_id=A1|intitule=a|type=Médiation|date=2024-01-01");
    add(fx, "actions", "action_id=A2|intitule=b|type=MEDIATION|date=2024-01-02");
    add(fx, "actions", "action_id=A3|intitule=c|type=Médiation emploi|date=2024-01-03");
    add(fx, "actions", "action_id=A4|intitule=d|type=Café recrutement|date=2024-01-04");
    add(fx, "actions", "action_id=A5|intitule=e|type=Sensibilisation|date=2024-01-05");
    add(fx, "actions", "action_id=A6|intitule=f|type=cafe-recrutement|date=2024-01-06");
    assert_true(value(fx, "count actions where type = Mediation") == 2);
    assert_true(value(fx, "count actions where type = médiation") == 2);
    assert_true(value(fx, "count actions where type = \"Médiation\"") == 2);
    assert_true(value(fx, "count actions where type ^= médiation") == 3);
    assert_true(value(fx, "count actions where type in @actions_collectives") == 2);
    assert_true(value(fx, "count actions where type in (Médiation, sensibilisation)") == 3);
}

/* ---- the indicator's period field, "aucune", booleans -------------------- */

static void test_period_field_override(void **state)
{
    fixture *fx = *state;
    add(fx, "offres", "offre_id=O1|date_reception=2023-12-01|entreprise=A|date_diffusion=2024-01-05|nb_postes=2");
    add(fx, "offres", "offre_id=O2|date_reception=2024-01-01|entreprise=B|nb_postes=1");
    add(fx, "offres", "offre_id=O3|date_reception=2024-02-01|entreprise=C|date_diffusion=2025-01-01|nb_postes=3");
    add(fx, "offres", "offre_id=O4|date_reception=2024-02-01|entreprise=D|date_diffusion=2024-02-03|nb_postes=4");
    add(fx, "offres", "offre_id=O5|date_reception=2024-02-01|entreprise=E|date_diffusion=!demain|nb_postes=5");
    add(fx, "offres", "offre_id=O6|date_reception=!hier|entreprise=F|date_diffusion=2024-03-03|nb_postes=6");

    assert_true(value(fx, "count offres") == 4);                      /* O2 O3 O4 O5 */
    assert_true(value(fx, "sum nb_postes of offres") == 1 + 3 + 4 + 5);
    assert_true(value(fx, "count offres where date_diffusion is filled") == 3);
    assert_true(value(fx, "count offres where date_diffusion in period") == 1);

    fse_measure *m = parse_ok("count offres");
    assert_int_equal(fse_measure_set_period_field(m, "date_diffusion"), 0);
    assert_int_equal(m->terms[0].period_fidx, fse_field_index(m->terms[0].def, "date_diffusion"));
    fse_result res;
    fse_measure_eval(m, &fx->data, &fx->year, &res);
    assert_true(res.value == 3);                                      /* O1 O4 O6 */
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 3 5");
    fse_result_free(&res);
    assert_int_equal(fse_measure_set_period_field(m, "aucune"), 0);
    assert_int_equal(m->terms[0].period_fidx, -1);
    fse_measure_eval(m, &fx->data, &fx->year, &res);
    assert_true(res.value == 6);
    fse_result_free(&res);
    assert_int_equal(fse_measure_set_period_field(m, "date_fin"), -1);   /* no such field */
    assert_int_equal(fse_measure_set_period_field(m, "entreprise"), -1); /* not a date */
    fse_measure_free(m);

    m = parse_ok("sum heures of heures");
    assert_int_equal(fse_measure_set_period_field(m, "mois"), -1);        /* a month, not a date */
    fse_measure_free(m);

    add(fx, "participants", "participant_id=P1|date_entree=2024-01-01|deld=oui|rqth=Non");
    add(fx, "participants", "participant_id=P2|date_entree=2024-01-01|deld=X|rqth=1");
    add(fx, "participants", "participant_id=P3|date_entree=2024-01-01|deld=non");
    add(fx, "participants", "participant_id=P4|date_entree=2024-01-01|date_sortie=2024-06-30|qualification=Oui");
    add(fx, "participants", "participant_id=P5|date_entree=2024-01-01|date_sortie=2023-06-30|qualification=Oui");
    assert_true(value(fx, "count participants where deld = oui") == 2);
    assert_true(value(fx, "count participants where deld = Non") == 1);
    assert_true(value(fx, "count participants where rqth = oui") == 1);
    assert_true(value(fx, "count participants where qualification = oui and date_sortie in period") == 1);
}

/* ---- sums of terms -------------------------------------------------------- */

static void test_two_terms(void **state)
{
    fixture *fx = *state;
    const char *b = "operation_id=OP1|operation=Tram|marche_id=M1|date_debut=2024-01-01|";
    char buf[256];
#define M(s) (snprintf(buf, sizeof buf, "%s%s", b, s), add(fx, "marches", buf))
    M("donneur_ordre=Ville de Bordeaux|entreprise=Eiffage|siret=73282932000074");
    M("donneur_ordre=VILLE DE BORDEAUX|entreprise=EIFFAGE Construction|siret=73282932000074");
    M("donneur_ordre=Département de la Gironde|entreprise=Colas");
    M("donneur_ordre=Ville de Bordeaux|entreprise=colas");
    M("donneur_ordre=Ville de Talence|entreprise=Spie|date_fin=2023-12-31"); /* ended */
#undef M
    fse_result res;
    eval_ok(fx, "distinct donneur_ordre of marches + distinct entreprise of marches", &res);
    assert_int_equal(res.nterms, 2);
    assert_true(res.terms[0].value == 2);
    assert_true(res.terms[1].value == 2);
    assert_true(res.value == 4);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0 1 2 3");
    fse_result_free(&res);
    assert_true(value(fx, "count marches + count marches where entreprise = colas") == 6);
    /* a term over a dataset no source declared is 0 */
    assert_true(value(fx, "count marches + count conventions") == 4);
}

/* ---- rejected period values ------------------------------------------------ */

static void test_rejected_period_values(void **state)
{
    fixture *fx = *state;
    add(fx, "actions", "action_id=A1|intitule=a|type=Forum|date=2024-05-01");
    add(fx, "actions", "action_id=A2|intitule=b|type=Forum|date=!32/05/2024");
    add(fx, "actions", "action_id=A3|intitule=c|type=Forum");
    add(fx, "etapes", "date=!hier|participant_id=P1|type=Entretien");
    add(fx, "etapes", "date=2024-01-01|participant_id=P1|type=Entretien");
    fse_result res;
    eval_ok(fx, "count actions", &res);
    assert_true(res.value == 1);
    rows_eq(res.terms[0].rows, res.terms[0].nrows, "0");
    assert_int_equal(res.terms[0].nduplicates, 0);
    fse_result_free(&res);
    assert_true(value(fx, "count etapes") == 1);
    assert_true(value(fx, "distinct participant_id of etapes") == 1);
}

/* ---- the keyword and, in any case; a dangling and ---------------------- */

static void test_and_keyword(void **state)
{
    fixture *fx = *state;
    add(fx, "offres", "offre_id=O1|date_reception=2024-02-01|entreprise=A|statut=Pourvue");
    add(fx, "offres", "offre_id=O2|date_reception=2024-02-01|entreprise=B|statut=Ouverte");
    add(fx, "offres", "offre_id=O3|date_reception=2024-02-01|statut=Pourvue");
    add(fx, "mises_en_relation", "date=2024-03-01|participant_id=P1|offre_id=O1|resultat=Embauche");
    add(fx, "mises_en_relation", "date=2024-03-02|participant_id=P2|offre_id=O2|resultat=embauche");
    add(fx, "mises_en_relation", "date=2024-03-03|offre_id=O3|resultat=Embauche");
    add(fx, "mises_en_relation", "date=2024-03-04|participant_id=P3|offre_id=O2|resultat=Refus");
    add(fx, "mises_en_relation", "date=2024-03-05|participant_id=P4|offre_id=O3|resultat=Recherche and Co");

    assert_true(value(fx, "count mises_en_relation where resultat = Embauche") == 3);
    /* AND, And: the keyword, not a part of the value "Embauche AND participant_id is filled" */
    assert_true(value(fx, "count mises_en_relation where resultat = Embauche AND participant_id is filled") == 2);
    assert_true(value(fx, "count mises_en_relation where resultat = Embauche And participant_id is empty") == 1);
    assert_true(value(fx, "count mises_en_relation where offre_id in "
                          "offres[statut = Pourvue AND entreprise is filled].offre_id") == 1);
    assert_true(value(fx, "count mises_en_relation where offre_id in offres[statut = Pourvue].offre_id") == 3);
    /* other keywords in any case too */
    assert_true(value(fx, "COUNT mises_en_relation WHERE resultat = Embauche") == 3);
    assert_true(value(fx, "DISTINCT participant_id OF mises_en_relation Where resultat = embauche") == 2);
    /* a value holding the word and is quoted */
    assert_true(value(fx, "count mises_en_relation where resultat = \"Recherche and Co\"") == 1);
    assert_true(value(fx, "count mises_en_relation where resultat in (\"Recherche and Co\", Refus)") == 2);

    fse_measure *m = parse_ok("count actions where intitule = Brandon AND type = Forum");
    assert_int_equal(m->terms[0].nconds, 2);
    assert_string_equal(m->terms[0].conds[0].value, "Brandon");
    assert_string_equal(m->terms[0].conds[1].value, "Forum");
    fse_measure_free(m);
    m = parse_ok("count actions where intitule = Sandrine Anderson and type = Forum");
    assert_int_equal(m->terms[0].nconds, 2);
    assert_string_equal(m->terms[0].conds[0].value, "Sandrine Anderson");
    fse_measure_free(m);
    m = parse_ok("DISTINCT action_id OF actions");
    assert_int_equal(m->terms[0].agg, FSE_AGG_DISTINCT);
    fse_measure_free(m);
}

/* ---- parse tree and errors ------------------------------------------------ */

static void test_parse_tree(void **state)
{
    (void)state;
    fse_measure *m = parse_ok("distinct personne_id of presences where statut = Présent and type_personne "
                              "= Participant and action_id in actions[type = Préparation au recrutement].action_id");
    assert_int_equal(m->nterms, 1);
    const fse_term *t = &m->terms[0];
    assert_int_equal(t->agg, FSE_AGG_DISTINCT);
    assert_string_equal(t->def->name, "presences");
    assert_int_equal(t->fidx, fse_field_index(t->def, "personne_id"));
    assert_int_equal(t->period_fidx, -2);
    assert_int_equal(t->nconds, 3);
    assert_int_equal(t->conds[0].op, FSE_OP_EQ);
    assert_string_equal(t->conds[0].value, "Présent");
    assert_string_equal(t->conds[0].vkey, "present");
    assert_int_equal(t->conds[1].op, FSE_OP_EQ);
    assert_string_equal(t->conds[1].value, "Participant");
    assert_int_equal(t->conds[2].op, FSE_OP_IN_SET);
    assert_string_equal(t->conds[2].sub->def->name, "actions");
    assert_int_equal(t->conds[2].sub->nconds, 1);
    assert_string_equal(t->conds[2].sub->conds[0].value, "Préparation au recrutement");
    assert_int_equal(t->conds[2].sub->fidx, fse_field_index(t->conds[2].sub->def, "action_id"));
    fse_measure_free(m);

    m = parse_ok("count contacts where effectif <= 10 and mode in (Physique , Visio,Téléphone) "
                 "and objet ^= Recru and charge != \"Dupont, Jean\"");
    t = &m->terms[0];
    assert_int_equal(t->agg, FSE_AGG_COUNT);
    assert_int_equal(t->fidx, -1);
    assert_int_equal(t->nconds, 4);
    assert_int_equal(t->conds[0].op, FSE_OP_LE);
    assert_true(t->conds[0].vnum == 10);
    assert_int_equal(t->conds[1].op, FSE_OP_IN_LIST);
    assert_int_equal(t->conds[1].nkeys, 3);
    assert_string_equal(t->conds[1].keys[0], "physique");
    assert_string_equal(t->conds[1].keys[2], "telephone");
    assert_int_equal(t->conds[2].op, FSE_OP_PREFIX);
    assert_string_equal(t->conds[3].value, "Dupont, Jean");
    assert_int_equal(t->conds[3].op, FSE_OP_NE);
    fse_measure_free(m);

    m = parse_ok("count actions where type in @actions_collectives");
    assert_int_equal(m->terms[0].conds[0].op, FSE_OP_IN_LIST);
    assert_int_equal(m->terms[0].conds[0].nkeys, 6);
    assert_string_equal(m->terms[0].conds[0].keys[4], "decouvertemetiers");
    assert_string_equal(m->text, "count actions where type in @actions_collectives");
    fse_measure_free(m);

    /* "and" inside a word does not end a value */
    m = parse_ok("count actions where intitule = Grandes andouilles");
    assert_int_equal(m->terms[0].nconds, 1);
    assert_string_equal(m->terms[0].conds[0].value, "Grandes andouilles");
    fse_measure_free(m);
    m = parse_ok("count actions where intitule = Brandon and type = Forum");
    assert_int_equal(m->terms[0].nconds, 2);
    assert_string_equal(m->terms[0].conds[0].value, "Brandon");
    fse_measure_free(m);
}

static void parse_fails(const char *text, int want_col, const char *want_in_msg)
{
    char err[256] = "";
    int col = -1;
    fse_measure *m = fse_measure_parse(text, &lists, err, sizeof err, &col);
    if (m) { fse_measure_free(m); fail_msg("\"%s\" was accepted", text); }
    if (!strstr(err, want_in_msg)) fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, err, want_in_msg);
    if (col != want_col) fail_msg("\"%s\": column %d, want %d (%s)", text, col, want_col, err);
}

static void test_parse_errors(void **state)
{
    (void)state;
    /* columns are 1-based and point at the offending token */
    parse_fails("count foo", 7, "jeu de données inconnu « foo »");
    parse_fails("count actions where foo = 1", 21, "champ inconnu « foo » du jeu de données actions");
    parse_fails("distinct siret of actions", 10, "champ inconnu « siret » du jeu de données actions");
    parse_fails("count offres where offre_id in mises_en_relation.bar", 50,
                "champ inconnu « bar » du jeu de données mises_en_relation");
    parse_fails("count offres where offre_id in ofres.offre_id", 32, "jeu de données inconnu « ofres »");
    parse_fails("sum intitule of actions", 5, "sum demande un champ numérique, « intitule » n'en est pas un");
    parse_fails("sum heures heures", 12, "« of » attendu");
    parse_fails("distinct entreprise contacts", 21, "« of » attendu");
    parse_fails("count actions where type in @nope", 29, "liste inconnue @nope");
    parse_fails("count actions junk", 15, "texte inattendu « junk »");
    parse_fails("count actions where type = Forum )", 34, "texte inattendu « ) »");
    parse_fails("count actions where type = ", 28, "une valeur est attendue ici");
    parse_fails("count actions where type in (Forum, Atelier", 44, "« ) » attendu");
    parse_fails("count actions where type in period", 21, "demande un champ date");
    parse_fails("count actions where type = \"Forum", 34, "valeur entre guillemets non fermée");
    parse_fails("count actions where effectif < 3", 21, "champ inconnu « effectif »");
    parse_fails("count contacts where effectif < dix", 33, "un nombre est attendu ici");
    parse_fails("count contacts where mode is full", 30, "« filled » ou « empty » attendu");
    parse_fails("count contacts where mode ~ Visio", 27, "opérateur attendu");
    parse_fails("count", 6, "un nom de jeu de données est attendu ici");
    parse_fails("", 1, "count, distinct ou sum attendu");
    parse_fails("total actions", 1, "count, distinct ou sum attendu");
    parse_fails("count actions +", 16, "count, distinct ou sum attendu");
    parse_fails("count presences where action_id in actions[type = Forum.action_id", 66, "« ] » attendu");
    parse_fails("count presences where action_id in actions action_id", 44, "« .champ » attendu");
    /* a dangling and (in any case), before the end, ']' or '+': not a part of the value */
    parse_fails("count mises_en_relation where resultat = Embauche and", 54, "un nom de champ est attendu après and");
    parse_fails("count mises_en_relation where resultat = Embauche AND", 54, "un nom de champ est attendu après and");
    parse_fails("count mises_en_relation where resultat = Embauche and  ", 56, "un nom de champ est attendu après and");
    parse_fails("count mises_en_relation where offre_id in offres[statut = Pourvue and].offre_id", 70,
                "un nom de champ est attendu après and");
    parse_fails("count actions where type = Forum and + count offres", 38, "un nom de champ est attendu après and");
    parse_fails("count contacts where effectif < 3 And", 38, "un nom de champ est attendu après and");
    parse_fails("count actions where type in (Forum, Atelier) and", 49, "un nom de champ est attendu après and");
    parse_fails("count actions where", 20, "un nom de champ est attendu après where");
    parse_fails("count actions WHERE", 20, "un nom de champ est attendu après where");
    parse_fails("count offres where offre_id in offres[].offre_id", 39, "un nom de champ est attendu après [");
    /* unquoted, "Recherche and Co" is two conditions */
    parse_fails("count mises_en_relation where resultat = Recherche and Co", 56,
                "champ inconnu « Co » du jeu de données mises_en_relation");
    parse_fails("count actions where type = and", 28, "une valeur est attendue ici");
}

/* Identifiers are compared as written: separators count ("2024/12/3" and
 * "2024/1/23" are two marchés) while case and spaces do not; a row missing a
 * key part is never taken for a duplicate; a SIRET identifies a company only
 * when it is a valid one (14 digits, Luhn, not all zeros). */
static void test_identity_rules(void **state)
{
    fixture *fx = *state;
    add(fx, "marches", "operation_id=OP1|operation=O|donneur_ordre=D|marche_id=2024/12/3|date_debut=01/01/2024");
    add(fx, "marches", "operation_id=OP1|operation=O|donneur_ordre=D|marche_id=2024/1/23|date_debut=01/01/2024");
    add(fx, "marches", "operation_id=OP1|operation=O|donneur_ordre=D|marche_id= 2024/12/3 |date_debut=01/01/2024");
    add(fx, "marches", "operation_id=OP1|operation=O|donneur_ordre=D|marche_id=m-9|date_debut=01/01/2024");
    add(fx, "marches", "operation_id=OP1|operation=O|donneur_ordre=D|marche_id=M-9|date_debut=01/01/2024");
    assert_int_equal((int)value(fx, "distinct marche_id of marches"), 3);
    /* two mises en relation without offre, same participant and day: two rows */
    add(fx, "mises_en_relation", "date=05/03/2024|participant_id=P1|entreprise=A");
    add(fx, "mises_en_relation", "date=05/03/2024|participant_id=P1|entreprise=B");
    add(fx, "mises_en_relation", "date=05/03/2024|participant_id=P1|offre_id=O1");
    add(fx, "mises_en_relation", "date=05/03/2024|participant_id=P1|offre_id=O1");
    assert_int_equal((int)value(fx, "count mises_en_relation"), 3);
    /* a placeholder or invalid SIRET does not merge companies: their names count */
    add(fx, "contacts", "date=01/02/2024|entreprise=Alpha|siret=00000000000000|mode=Physique");
    add(fx, "contacts", "date=01/02/2024|entreprise=Beta|siret=00000000000000|mode=Physique");
    add(fx, "contacts", "date=01/02/2024|entreprise=Gamma|siret=0|mode=Physique");
    add(fx, "contacts", "date=01/02/2024|entreprise=Delta|siret=73282932000074|mode=Physique");
    add(fx, "contacts", "date=02/02/2024|entreprise=Delta SAS|siret=73282932000074|mode=Physique");
    assert_int_equal((int)value(fx, "distinct entreprise of contacts"), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identity_rules, setup, teardown),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_count_mises_en_relation_duplicates),
        T(test_count_actions_by_id),
        T(test_count_contacts_company_date_mode),
        T(test_distinct_company),
        T(test_sum_heures),
        T(test_overlap_marches),
        T(test_presences_via_actions),
        T(test_offres_with_mer),
        T(test_participants_join_etapes),
        T(test_operators),
        T(test_period_field_override),
        T(test_two_terms),
        T(test_rejected_period_values),
        T(test_and_keyword),
        T(test_parse_tree),
        T(test_parse_errors),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
