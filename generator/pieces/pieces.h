/* pieces.h — the pièces justificatives: each is built as an fse_doc
 * (doc.h) from the figures and the datasets, then written as PDF and XLSX
 * by the pack stage. Pieces never open input files (data flows one way).
 */
#ifndef FSE_PIECES_H
#define FSE_PIECES_H

#include <stdint.h>
#include "common/diag.h"
#include "config/fiche.h"
#include "config/job.h"
#include "config/templates.h"
#include "datasets/dataset.h"
#include "measures/figures.h"
#include "pieces/doc.h"

/* What the pièces of a job share across fiches (piece_cache.h). */
typedef struct fse_piece_cache fse_piece_cache;

typedef struct {
    const fse_job *job;
    const fse_templates *tpl;  /* its dir holds pieces/<id>.ini, the list layouts */
    const fse_fiche *fiche;
    const fse_period *period;
    fse_datasets_t *data;
    const fse_figures *figs;
    const char *generated;     /* dd/mm/yyyy */
    int64_t epoch;
    fse_diags *d;
    /* a month pack: the figures of the year to date (same measures over
     * cumul_period, config/job.h fse_period_ytd), shown by the bilan; NULL
     * for a year or a range */
    const fse_figures *cumul;
    const fse_period *cumul_period;
    const char *bilan_xlsx;    /* file name of the bilan's XLSX in the pack ("01-bilan.xlsx"),
                                  whose "Preuves" sheets list the rows behind each figure
                                  (preuves.h); NULL when the pack has no bilan */
    fse_piece_cache *cache;    /* the job's, shared by its fiches (piece_cache.h); NULL =
                                  every pièce computes its own */
} fse_piece_ctx;

/* Build pièce id. Returns the document (owned by the caller), or NULL when
 * fsepack cannot produce it: *why then says so ("pas encore produite",
 * "aucune source heures déclarée", …; static or owned by nobody). */
fse_doc *fse_piece_build(const char *id, const fse_piece_ctx *c, const char **why);

/* A file already written in the pack, for the bordereau. */
typedef struct {
    const char *piece;     /* pièce id, or NULL for data files */
    const char *name;      /* file name in the pack */
    int pages;             /* PDF pages, 0 otherwise */
    long long size;        /* bytes */
    const char *sha256;    /* hex */
} fse_piece_file;

/* The bordereau: indicators -> pièces -> files (pages, SHA-256), then every
 * file given. Built last; never NULL. */
fse_doc *fse_piece_bordereau(const fse_piece_ctx *c, const fse_piece_file *files, size_t n);

/* True for the pièces built by code (bordereau, bilan, tableau d'impact,
 * émargements); the others are list layouts of templates/pieces/<id>.ini. */
bool fse_piece_is_code(const char *id);

/* French title of a pièce id, e.g. "Tableau d'impact des clauses sociales". */
const char *fse_piece_title(const char *id);

/* Helpers shared by the pièce builders. */
/* The figure of the fiche's hours indicator — a single term
 * `sum heures of heures` — whose rows the bilan and the tableau d'impact
 * show, so their totals equal indicateurs.csv; NULL when the fiche has none. */
const fse_figure *fse_piece_heures_figure(const fse_piece_ctx *c);
fse_doc *fse_piece_doc(const fse_piece_ctx *c, const char *title);
/* "du 01/01/2024 au 31/12/2024" into buf (>= 40). */
void fse_period_text(const fse_period *p, char *buf, size_t len);
/* A person's name as the job's confidentialite wants it (complet, initiales
 * "J. D.", pseudonyme "P-1a2b3c" from the id): owned. */
char *fse_person_name(const fse_piece_ctx *c, const char *id, const char *nom, const char *prenom);

#endif
