/* measure.h — the declarative measures of the fiches (FICHES.md "Counting
 * vocabulary") and their evaluation over the datasets.
 *
 * Grammar (one line in a fiche's `mesure =`; documented in README.md):
 *
 *   measure := term ( '+' term )*
 *   term    := 'count' DATASET [where] | 'distinct' FIELD 'of' DATASET [where]
 *            | 'sum' FIELD 'of' DATASET [where]
 *   where   := 'where' cond ( 'and' cond )*
 *   cond    := FIELD ( '=' | '!=' | '^=' ) VALUE      equal / differ / begins with
 *            | FIELD ( '<' | '<=' | '>' | '>=' ) NUMBER
 *            | FIELD 'in' '(' VALUE ( ',' VALUE )* ')'
 *            | FIELD 'in' '@'LIST                     a list of templates/listes.ini
 *            | FIELD 'in' 'period'                    the field's date is in the period
 *            | FIELD 'in' DATASET [ '[' cond ( 'and' cond )* ']' ] '.' FIELD
 *                                                     the value occurs in that field of
 *                                                     the rows of DATASET in period
 *            | FIELD 'is' ( 'filled' | 'empty' )
 *   VALUE   := text up to the word 'and', ',', ')', ']', '+' or the end, or "quoted"
 *              (a value holding the word and must be quoted: "Recherche and Co")
 *
 * Keywords (count, distinct, sum, of, where, and, in, is, filled, empty,
 * period) are matched in any case; "… = Embauche and" is an error, not the
 * value "Embauche and".
 *
 * Values compare ignoring case, accents, spaces and punctuation (FICHES.md).
 * Rules applied to every term (FICHES.md, DESIGN §6): rows count only in
 * period (the dataset's period rule, or the indicator's `periode = FIELD`);
 * heures rows count only with a critere (the rest is "à régulariser");
 * `count` counts rows that are duplicates on the dataset's key fields once;
 * `distinct entreprise` identifies a company by SIRET, else its name.
 */
#ifndef FSE_MEASURE_H
#define FSE_MEASURE_H

#include <stddef.h>
#include <stdbool.h>
#include "common/diag.h"
#include "config/templates.h"
#include "config/job.h"
#include "datasets/dataset.h"

typedef enum {
    FSE_OP_EQ, FSE_OP_NE, FSE_OP_PREFIX, FSE_OP_LT, FSE_OP_LE, FSE_OP_GT, FSE_OP_GE,
    FSE_OP_IN_LIST, FSE_OP_IN_PERIOD, FSE_OP_IN_SET, FSE_OP_FILLED, FSE_OP_EMPTY
} fse_op;

struct fse_subset;

typedef struct {
    char *field;
    int fidx;              /* index in the dataset def */
    fse_op op;
    char *value;           /* as written (EQ/NE/PREFIX) */
    char *vkey;            /* fse_norm_key(value) */
    double vnum;           /* LT..GE */
    char **keys;           /* IN_LIST: normalised values */
    size_t nkeys;
    char *written;         /* IN_LIST: the list as written, "(a, \"b, c\")" or "@LISTE"
                              (the French rendering, pieces/mesure_fr.c), owned */
    struct fse_subset *sub;/* IN_SET */
} fse_cond;

typedef struct fse_subset {
    const fse_dataset_def *def;
    fse_cond *conds;
    size_t nconds;
    int fidx;              /* the field whose values form the set */
} fse_subset;

typedef enum { FSE_AGG_COUNT, FSE_AGG_DISTINCT, FSE_AGG_SUM } fse_agg;

typedef struct {
    fse_agg agg;
    const fse_dataset_def *def;
    int fidx;              /* DISTINCT/SUM field, -1 for COUNT */
    fse_cond *conds;
    size_t nconds;
    int period_fidx;       /* -2: the dataset's period rule; -1: not dated ("aucune");
                              else a DATE field (the indicator's `periode =`) */
} fse_term;

typedef struct {
    char *text;            /* the expression as written */
    fse_term *terms;
    size_t nterms;
} fse_measure;

/* Parse text. On error returns NULL and writes a message naming the column
 * (1-based, in *col) where it went wrong into err. lists resolves @LIST. */
fse_measure *fse_measure_parse(const char *text, const fse_templates *lists,
                               char *err, size_t errlen, int *col);
/* Set the period field of every term ("aucune" = not dated). Returns 0, or -1
 * when a term's dataset has no such DATE field. */
int fse_measure_set_period_field(fse_measure *m, const char *field);
void fse_measure_free(fse_measure *m);

/* Evidence of one term: the dataset and the rows behind its value. */
typedef struct {
    const fse_dataset *ds;
    double value;
    size_t *rows;          /* rows counted (for distinct: every row of a counted value) */
    size_t nrows;
    size_t *duplicates;    /* rows left out as duplicates of a counted row (count only) */
    size_t nduplicates;
    size_t *a_regulariser; /* in-period rows left out for lack of eligibility (heures) */
    size_t na_regulariser;
    double regul_sum;      /* SUM over a_regulariser (hours à régulariser) */
} fse_term_result;

typedef struct {
    double value;          /* the indicator's value: sum of the terms */
    fse_term_result *terms;/* nterms results, owned */
    size_t nterms;
} fse_result;

/* Evaluate m over the datasets for the period. A term over a dataset that
 * no source declared gives 0 with no rows (the caller reports it).
 * Returns 0. */
int fse_measure_eval(const fse_measure *m, fse_datasets_t *data, const fse_period *p,
                     fse_result *out);
void fse_result_free(fse_result *r);

/* Is row r of ds in period p under the dataset's rule (or field pf >= 0,
 * or never-dated when pf == -1)? data is needed for FSE_PERIOD_VIA, where
 * each call scans the other dataset: for all rows use fse_rows_in_period. */
bool fse_row_in_period(fse_datasets_t *data, const fse_dataset *ds, const fse_row *r,
                       const fse_period *p, int pf);
/* For each row of ds, whether it is in period p under the dataset's rule:
 * an owned array of ds->nrows flags. Linear in the rows (the actions of a
 * presences dataset are indexed once), where calling fse_row_in_period on
 * every row of a VIA dataset would be quadratic. */
bool *fse_rows_in_period(fse_datasets_t *data, const fse_dataset *ds, const fse_period *p);

/* Company identity of a row (FICHES.md: SIRET when present, else the name
 * normalised): "siret:NNN" when the SIRET is a valid one (14 digits, Luhn
 * key, not all zeros: fse_siret_valid), else "nom:key"; owned; "" when
 * neither. An invalid SIRET is reported by the checks (siret-invalide). */
char *fse_company_key(const fse_dataset *ds, const fse_row *r);

/* Duplicate key of a row (FICHES.md "count": rows equal on the dataset's
 * key fields count once): the key fields joined, identifiers as written
 * (fse_id_key), dates as days, companies by fse_company_key, other text by
 * fse_norm_key; owned. NULL when the dataset has no key fields or a key part
 * of this row is empty (such a row never repeats another). The checks'
 * "doublon" uses it too, so what is reported is what the figures left out. */
char *fse_row_dup_key(const fse_dataset *ds, const fse_row *r);

/* Report (warning "valeur-absente", at file:line, naming `what`) every value
 * an =, ^= or in (…) condition of m compares with that no row of its
 * dataset holds: a typo in a fiche would otherwise give 0 silently. */
void fse_measure_check_values(const fse_measure *m, fse_datasets_t *data, const char *what,
                              const char *file, long line, fse_diags *d);

/* Call fn for every (dataset, field index) the measure reads: aggregated
 * field, conditions, period field, eligibility and key fields. */
void fse_measure_fields(const fse_measure *m,
                        void (*fn)(void *ud, const fse_dataset_def *def, int fidx), void *ud);

#endif
