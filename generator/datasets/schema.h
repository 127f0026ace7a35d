/* schema.h — the canonical datasets of DESIGN §3 (contract): their fields,
 * types, required fields, duplicate keys and period rules.
 *
 * Why: every stage speaks of fields by these names (operation_id, heures,
 * mois, …). The default header aliases are not here but in
 * templates/colonnes.ini, so a PLIE can extend them without recompiling.
 * The counting rules attached to a dataset (FICHES.md "Counting vocabulary")
 * are data of the schema: the key fields that define a duplicate, the field
 * that dates a row, and the eligibility field of heures.
 */
#ifndef FSE_SCHEMA_H
#define FSE_SCHEMA_H

#include <stddef.h>
#include <stdbool.h>

typedef enum {
    FSE_FT_TEXT = 0, /* free text */
    FSE_FT_ID,       /* identifier: text, leading zeros kept */
    FSE_FT_NUMBER,   /* French or international number */
    FSE_FT_DATE,     /* a day; num = days since 1970-01-01 */
    FSE_FT_MONTH,    /* a month; num = days of its first day */
    FSE_FT_BOOL      /* Oui/Non…; num = 0 or 1 */
} fse_field_type;

typedef struct {
    const char *name;     /* canonical field name, e.g. "heures" */
    fse_field_type type;
    bool required;        /* '*' of DESIGN §3 */
} fse_field_def;

/* How a row of the dataset is placed in time (FICHES.md, DESIGN §6). */
typedef enum {
    FSE_PERIOD_NONE = 0,  /* not dated: participants, whole lists */
    FSE_PERIOD_DATE,      /* date_field in [debut, fin] */
    FSE_PERIOD_MONTH,     /* month of date_field in the period (heures.mois) */
    FSE_PERIOD_OVERLAP,   /* [date_field, end_field] overlaps the period; empty end = running */
    FSE_PERIOD_VIA        /* dated by the row of via_dataset whose via_key equals our via_field */
} fse_period_kind;

#define FSE_MAX_KEYS 4

typedef struct {
    const char *name;           /* "marches", "heures", … */
    const char *label;          /* French label for messages and pièces */
    const fse_field_def *fields;
    size_t nfields;
    fse_period_kind period;
    const char *date_field, *end_field;          /* see fse_period_kind */
    const char *via_field, *via_dataset, *via_key;
    const char *keys[FSE_MAX_KEYS]; /* duplicate key (FICHES.md "count"); NULL-terminated;
                                       "@entreprise" = company identity (SIRET, else name) */
    const char *eligibility_field;  /* heures: "critere" — rows without it are "à régulariser" */
} fse_dataset_def;

extern const fse_dataset_def fse_datasets[];
extern const size_t fse_ndatasets;

/* Lookup by name; NULL when unknown. */
const fse_dataset_def *fse_dataset_find(const char *name);
/* Index of field name in def, or -1. */
int fse_field_index(const fse_dataset_def *def, const char *name);
const char *fse_field_type_name(fse_field_type t);

/* Fields about a person that are names or sensitive attributes (GDPR: data
 * of special category or eligibility criteria): nom, prenom, critere, deld,
 * brsa, rqth, qpv, date_naissance. Lists show them only through @personne or
 * never; messages never quote their values. */
bool fse_field_is_personal(const char *name);

#endif
