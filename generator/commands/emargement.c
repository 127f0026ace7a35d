/* emargement.c — `fsepack emargement JOB.ini [--period P] [--out DIR]
 * [--action ID]...`: blank émargement (sign-in) sheets, pre-filled, to print
 * and have signed at the actions — one PDF <out>/emargements-<label>.pdf.
 *
 * Which actions: every action of the job's actions source dated in the
 * period, or only the --action ids (any date). One sheet (one or more
 * pages) per action, in date order: the EU block (page header: emblem and
 * "Cofinancé par l'Union européenne"), the operation (PLIE, the fiches whose
 * indicators count the action, else every fiche of the job, with their
 * Ma Démarche FSE+ dossier), the action (id, intitulé, type, date, place,
 * hours, animator), a table of numbered lines — first the people already
 * registered in the attendance export for that action (name under the job's
 * confidentialité, structure), then blank lines up to at least 20 — with a
 * signature box per half-day the action covers ("Matin", "Après-midi"), and
 * the animator's block (name, number present, signature).
 * What a probative sheet holds: research/domain.md §4.6. With no action in
 * the period, one sheet with blank action fields is printed.
 *
 * Output: written to a hidden temporary file then renamed, under the lock
 * of the output folder (pack.h), so a reader never sees half a PDF.
 * Exit status as `run` (DESIGN §5): 64 usage, 65/66 inputs (pipeline), 73
 * cannot create the output, 75 another run holds the lock.
 */
#include "commands/commands.h"
#include "commands/cli.h"
#include "commands/pipeline.h"
#include "common/progress.h"
#include "common/strmap.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"
#include "measures/figures.h"
#include "pack/pack.h"
#include "pieces/emargements.h"
#include "pieces/pieces.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>


#define MIN_LINES 20     /* numbered lines of a sheet, at least */
#define EXTRA_LINES 5    /* blank lines after the pre-filled ones when they reach MIN_LINES */
#define BLANK_FIELD "………………………………………………"

/* The fiches whose figures count an action (its normalised id). */
typedef struct {
    fse_strset *ids;     /* per fiche: keys of the actions it counts */
    size_t n;
} counted_by;

static void collect_counted(fse_pipeline *pl, const fse_em_cols *k, counted_by *cb)
{
    cb->n = pl->nfiches;
    cb->ids = fse_xcalloc(pl->nfiches + 1, sizeof *cb->ids);
    for (size_t f = 0; f < pl->nfiches; f++) {
        fse_figures fg;
        fse_figures_compute(&pl->fiches[f], &pl->job, &pl->data, &pl->period, &fg);
        for (size_t i = 0; i < fg.n; i++)
            for (size_t t = 0; t < fg.figs[i].res.nterms; t++) {
                const fse_term_result *tr = &fg.figs[i].res.terms[t];
                const fse_em_cols *kk = k;
                int fid = tr->ds == kk->a ? kk->a_id : tr->ds == kk->p ? kk->p_action : -1;
                if (fid < 0) continue;
                for (size_t r = 0; r < tr->nrows; r++) {
                    const char *id = fse_em_tx(&tr->ds->rows[tr->rows[r]], fid);
                    if (*id) fse_strset_add_owned(&cb->ids[f], fse_norm_key(id));
                }
            }
        fse_strset_freeze(&cb->ids[f]);
        fse_figures_free(&fg);
    }
}

static void counted_free(counted_by *cb)
{
    for (size_t i = 0; i < cb->n; i++) fse_strset_free(&cb->ids[i]);
    free(cb->ids);
}

/* "PLIE … — Fiche n°3 « … » (dossier Ma Démarche FSE+ n° …)" of fiche f. */
static void fiche_line(const fse_pipeline *pl, const fse_fiche *f, fse_sb *out)
{
    if (f->numero) fse_sb_addf(out, "Fiche n°%s « %s » (%s)", f->numero, f->titre ? f->titre : "", f->id);
    else fse_sb_addf(out, "« %s » (%s)", f->titre ? f->titre : "", f->id);
    const fse_fiche_cfg *fc = fse_job_fiche(&pl->job, f->id);
    if (fc && fc->dossier_mdfse) fse_sb_addf(out, " — dossier Ma Démarche FSE+ n° %s", fc->dossier_mdfse);
}

static const char *const weekdays[] = { "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi" };

typedef struct { char *name, *sort, *structure; size_t row; } reg_t;

static int cmp_reg(const void *x, const void *y)
{
    const reg_t *a = x, *b = y;
    int c = strcmp(a->sort, b->sort);
    return c ? c : (a->row < b->row ? -1 : a->row > b->row);
}

/* One sheet: r is the actions row, or NULL for a sheet with blank fields. */
static void sheet(fse_doc *d, fse_pipeline *pl, const fse_piece_ctx *ctx, const fse_em_cols *k,
                  const fse_em_index *ix, const counted_by *cb, const fse_row *r)
{
    const char *id = r ? fse_em_tx(r, k->a_id) : "";
    char *h = r ? fse_xasprintf("Feuille d'émargement — action %s", id)
                : fse_xstrdup("Feuille d'émargement");
    fse_doc_heading(d, 1, h);
    free(h);

    /* operation: the PLIE, then the fiche(s) */
    fse_sb op = {0};
    fse_sb_adds(&op, pl->job.plie_nom ? pl->job.plie_nom : pl->fiches[0].plie);
    if (pl->job.porteur) fse_sb_addf(&op, " (porteur : %s)", pl->job.porteur);
    char *key = r ? fse_norm_key(id) : NULL;
    size_t nf = 0;
    for (size_t f = 0; f < pl->nfiches; f++) nf += key && fse_strset_has(&cb->ids[f], key);
    for (size_t f = 0, shown = 0; f < pl->nfiches && (nf || !r); f++) {  /* only the fiches counting it */
        if (nf && !fse_strset_has(&cb->ids[f], key)) continue;
        fse_sb_adds(&op, shown++ || (nf ? nf : pl->nfiches) > 1 ? "\n" : " — ");
        fiche_line(pl, &pl->fiches[f], &op);
    }
    if (r && !nf) fse_sb_adds(&op, "\n(action comptée par aucun indicateur des fiches de ce job)");
    free(key);

    char when[200] = BLANK_FIELD, hor[96] = "";
    unsigned halves = r ? fse_em_action_halves(k, r) : FSE_EM_MATIN | FSE_EM_APRES_MIDI;
    const char *hl = halves == FSE_EM_MATIN ? "matin" : halves == FSE_EM_APRES_MIDI ? "après-midi"
                                                                                   : "matin et après-midi";
    if (r) fse_em_horaires(k, r, hor, sizeof hor);
    if (r && r->v[k->a_date].state == FSE_VAL_OK) {
        int32_t days = (int32_t)r->v[k->a_date].num;
        char fr[11];
        fse_format_fr(days, fr);
        snprintf(when, sizeof when, "%s %s, %s (%s)", weekdays[((days % 7) + 11) % 7], fr,
                 *hor ? hor : "de ……… à ………", hl);
    } else {
        snprintf(when, sizeof when, "le ……/……/…………, de ……… à ……… (%s)", hl);
    }
#define OR_BLANK(f) (r && *fse_em_tx(r, (f)) ? fse_em_tx(r, (f)) : BLANK_FIELD)
    char *act = r ? fse_xasprintf("%s — %s", id, fse_em_tx(r, k->a_intitule)) : fse_xstrdup(BLANK_FIELD);
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "Opération cofinancée", op.s);
    fse_doc_kv_add(kv, "Action", act);
    fse_doc_kv_add(kv, "Type d'action", OR_BLANK(k->a_type));
    fse_doc_kv_add(kv, "Date et horaires", when);
    fse_doc_kv_add(kv, "Lieu", OR_BLANK(k->a_lieu));
    fse_doc_kv_add(kv, "Animateur / animatrice", OR_BLANK(k->a_anim));
    free(act);
    fse_sb_free(&op);
    fse_doc_paragraph(d, "Action d'une opération cofinancée par le Fonds social européen plus (FSE+). Chaque personne "
                         "présente signe pour chaque demi-journée ; en fin de séance, l'animateur raye les lignes et "
                         "cases non utilisées, indique le nombre de présents et signe.");

    /* people already registered */
    reg_t *reg = NULL;
    size_t nreg = 0;
    if (r) {
        fse_em_person *people;
        size_t np = fse_em_people(k, fse_em_index_get(ix, id), halves, &people);
        reg = fse_xcalloc(np + 1, sizeof *reg);
        for (size_t i = 0; i < np; i++) {
            const fse_row *pr = &k->p->rows[people[i].row];
            reg[nreg].row = people[i].row;
            reg[nreg].name = fse_person_name(ctx, fse_em_tx(pr, k->p_pid), fse_em_tx(pr, k->p_nom),
                                             fse_em_tx(pr, k->p_prenom));
            reg[nreg].sort = fse_norm_key(reg[nreg].name);
            reg[nreg].structure = fse_xstrdup(fse_em_tx(pr, k->p_struct));
            nreg++;
        }
        fse_em_people_free(people, np);
        qsort(reg, nreg, sizeof *reg, cmp_reg);
    }
    size_t lines = nreg + EXTRA_LINES > MIN_LINES ? nreg + EXTRA_LINES : MIN_LINES;

    /* the title says which action, so a continued page still does ("… (suite)") */
    char *tt = r ? fse_xasprintf("Émargement des présents — action %s", id) : fse_xstrdup("Émargement des présents");
    fse_doc_table *t = fse_doc_table_add(d, tt, NULL);
    free(tt);
    /* names are printed in full or not at all: a signature beside initials or a
     * pseudonym identifies nobody (confidentialite then leaves the lines blank) */
    bool names = pl->job.confidentialite == FSE_CONF_COMPLET;
    fse_doc_col(t, "N°", FSE_COL_INTEGER, 3, 0);
    fse_doc_col(t, "Nom et prénom", FSE_COL_TEXT, 18, 0);
    fse_doc_col(t, "Structure / entreprise", FSE_COL_TEXT, 14, 0);
    size_t nsig = 0;
    if (halves & FSE_EM_MATIN) { fse_doc_col(t, "Matin — signature", FSE_COL_TEXT, 22, 0); nsig++; }
    if (halves & FSE_EM_APRES_MIDI) { fse_doc_col(t, "Après-midi — signature", FSE_COL_TEXT, 22, 0); nsig++; }
    for (size_t i = 0; i < lines; i++) {
        fse_doc_row(t);
        fse_doc_put_num(t, 0, (double)(i + 1));
        if (i < nreg && names) {
            fse_doc_put_text(t, 1, reg[i].name);
            fse_doc_put_text(t, 2, reg[i].structure);
        }
        fse_doc_put_text(t, 2 + nsig, "\n\n");   /* room to sign: three lines high (12 mm) */
    }
    if (nreg && !names)
        fse_doc_table_note(t, "Les personnes inscrites écrivent leur nom : la configuration (confidentialite) "
                              "ne permet pas de l'imprimer en entier.");
    else if (nreg)
        fse_doc_table_note(t, "Lignes pré-remplies : personnes inscrites à l'action dans l'export des présences ; "
                              "les lignes suivantes sont pour les personnes non inscrites.");

    fse_doc_table *s = fse_doc_table_add(d, "Animateur / animatrice", NULL);
    fse_doc_col(s, "Nom", FSE_COL_TEXT, 20, 0);
    fse_doc_col(s, "Nombre de présents", FSE_COL_TEXT, 12, 0);
    fse_doc_col(s, "Signature", FSE_COL_TEXT, 30, 0);
    fse_doc_row(s);
    fse_doc_put_text(s, 0, r ? fse_em_tx(r, k->a_anim) : "");
    fse_doc_put_text(s, 2, "\n\n\n");
    fse_doc_pagebreak(d);

    for (size_t i = 0; i < nreg; i++) { free(reg[i].name); free(reg[i].sort); free(reg[i].structure); }
    free(reg);
}

static const fse_em_cols *g_cols;   /* for qsort (C11 has no user pointer) */

static int cmp_rows(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    const fse_row *ra = &g_cols->a->rows[a], *rb = &g_cols->a->rows[b];
    const fse_value *da = &ra->v[g_cols->a_date], *db = &rb->v[g_cols->a_date];
    double va = da->state == FSE_VAL_OK ? da->num : 1e12, vb = db->state == FSE_VAL_OK ? db->num : 1e12;
    if (va != vb) return va < vb ? -1 : 1;
    int c = strcmp(fse_em_tx(ra, g_cols->a_id), fse_em_tx(rb, g_cols->a_id));
    return c ? c : (a < b ? -1 : a > b);
}

/* The actions rows to print; returns 0 or EX_USAGE (unknown --action). */
static int select_rows(fse_pipeline *pl, const fse_em_cols *k, const char **ids, size_t nids,
                       size_t **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = 0;
    if (nids) {
        for (size_t i = 0; i < nids; i++) {
            char *want = fse_norm_key(ids[i]);
            size_t found = (size_t)-1;
            for (size_t r = 0; r < k->a->nrows && found == (size_t)-1; r++) {
                char *have = fse_norm_key(fse_em_tx(&k->a->rows[r], k->a_id));
                if (*want && !strcmp(want, have)) found = r;
                free(have);
            }
            if (found == (size_t)-1) {
                fprintf(stderr, "fsepack: error: l'action « %s » n'est pas dans la source des actions\n", ids[i]);
                rc = EX_USAGE;
            } else {
                bool dup = false;
                for (size_t j = 0; j < *n; j++) dup |= (*out)[j] == found;
                if (!dup) FSE_PUSH(*out, *n, cap, found);
            }
            free(want);
        }
        return rc;
    }
    fse_strmap seen = {0};
    for (size_t r = 0; r < k->a->nrows; r++) {
        const fse_row *row = &k->a->rows[r];
        const char *id = fse_em_tx(row, k->a_id);
        if (!*id || !fse_row_in_period(&pl->data, k->a, row, &pl->period, -2)) continue;
        char *key = fse_norm_key(id);
        if (!fse_strmap_get(&seen, key)) {
            fse_strmap_put(&seen, key, r);
            FSE_PUSH(*out, *n, cap, r);
        }
        free(key);
    }
    fse_strmap_free(&seen);
    return 0;
}

int fse_cmd_emargement(int argc, char **argv)
{
    /* --action ID is ours; the rest goes to the shared parser */
    const char **ids = fse_xcalloc((size_t)argc + 1, sizeof *ids);
    char **rest = fse_xcalloc((size_t)argc + 1, sizeof *rest);
    size_t nids = 0;
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--action")) {
            if (i + 1 >= argc || !*argv[i + 1]) {
                fprintf(stderr, "fsepack: error: --action demande une valeur\nusage : %s\n", fse_cli_usage("emargement"));
                free(ids); free(rest);
                return EX_USAGE;
            }
            ids[nids++] = argv[++i];
        } else if (!strncmp(argv[i], "--action=", 9)) {
            ids[nids++] = argv[i] + 9;
        } else {
            rest[nrest++] = argv[i];
        }
    }
    fse_pipeline_args a;
    const char *out = NULL;
    int rc = fse_parse_job_args(nrest, rest, "emargement", &a, &out);
    free(rest);
    if (rc) { free(a.fiches); free(ids); return rc == FSE_ARGS_HELP ? 0 : rc; }
    fse_cli_out cli;
    fse_cli_out_init(&cli, a.summary, a.verbose);
    fse_pipeline pl;
    a.quiet_warnings = true;  /* the hours exports' warnings are not this command's business */
    rc = fse_pipeline_load(&pl, &a);
    fse_progress_clear();
    free(a.fiches);
    if (rc) {
        /* as run: no count when the error was not a diagnostic (a job file
         * that cannot be read said "(0 erreur)" after its error) */
        if (pl.diags.nerrors)
            fprintf(stderr, "fsepack: aucune feuille d'émargement écrite (%zu erreur%s)\n", pl.diags.nerrors,
                    fse_pluriel(pl.diags.nerrors));
        else
            fprintf(stderr, "fsepack: aucune feuille d'émargement écrite\n");
        fse_pipeline_free(&pl);
        free(ids);
        return rc;
    }
    fse_em_cols k;
    fse_em_cols_init(&k, &pl.data);
    if (!k.a || !k.a->loaded) {
        fprintf(stderr, "%s: error: le job ne déclare pas de [source.actions] : aucune action pour laquelle imprimer une feuille\n",
                pl.job.path);
        fse_pipeline_free(&pl);
        free(ids);
        return EX_DATAERR;
    }
    size_t *rows, nrows;
    rc = select_rows(&pl, &k, ids, nids, &rows, &nrows);
    if (rc) {
        free(ids);
        free(rows);
        fse_pipeline_free(&pl);
        return rc;
    }
    g_cols = &k;
    if (nrows) qsort(rows, nrows, sizeof *rows, cmp_rows);

    fse_em_index ix;
    fse_em_index_build(&ix, &k);
    counted_by cb;
    collect_counted(&pl, &k, &cb);

    char per[48];
    fse_period_text(&pl.period, per, sizeof per);
    fse_sb fiches = {0};
    for (size_t f = 0; f < pl.nfiches; f++) {
        const fse_fiche *fc = &pl.fiches[f];
        if (f) fse_sb_adds(&fiches, " ; ");
        if (fc->numero) fse_sb_addf(&fiches, "%s — Fiche n°%s « %s »", fc->id, fc->numero, fc->titre);
        else fse_sb_addf(&fiches, "%s — « %s »", fc->id, fc->titre);
    }
    const char *plie = pl.job.plie_nom ? pl.job.plie_nom : pl.fiches[0].plie;
    fse_doc *d = fse_doc_new("Feuille d'émargement", plie, fiches.s, per, pl.generated, pl.epoch);
    fse_sb_free(&fiches);
    if (pl.job.porteur) d->author = fse_xstrdup(pl.job.porteur);
    fse_piece_ctx ctx = { &pl.job, &pl.tpl, &pl.fiches[0], &pl.period, &pl.data, NULL,
                          pl.generated, pl.epoch, &pl.diags, NULL, NULL, NULL, NULL };
    for (size_t i = 0; i < nrows; i++) sheet(d, &pl, &ctx, &k, &ix, &cb, &k.a->rows[rows[i]]);
    if (!nrows) {
        fprintf(stderr, "%s: warning: aucune action datée %s : une feuille aux champs d'action vierges\n",
                pl.job.path, per);
        sheet(d, &pl, &ctx, &k, &ix, &cb, NULL);
    }
    free(rows);
    fse_em_index_free(&ix);
    counted_free(&cb);

    char *dir, err[1024];
    int lock;
    int orc = fse_pipeline_output(&pl, out, &dir, &lock);
    if (orc) {
        rc = orc;
    } else {
        /* sheets of chosen actions never replace those of the whole period */
        fse_sb name = {0};
        fse_sb_addf(&name, "emargements-%s", pl.period.label);
        for (size_t i = 0; i < nids && i < 5; i++) {
            fse_sb_addc(&name, '-');
            size_t len = 0;  /* ids are cut to 40 characters: file names have a limit */
            for (const char *q = ids[i]; *q && len < 40; q++, len++)
                fse_sb_addc(&name, (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' ? *q : '_');
        }
        if (nids > 5) fse_sb_addf(&name, "-et-%zu-autres", nids - 5);
        char *final = fse_xasprintf("%s/%s.pdf", dir, name.s);
        char *tmp = fse_xasprintf("%s/.%s.pdf.tmp-%ld", dir, name.s, (long)getpid());
        fse_sb_free(&name);
        int pages = 0;
        if (fse_pdf_write(d, tmp, &pages, err, sizeof err)) {
            fprintf(stderr, "fsepack: error: %s\n", err);
            remove(tmp);
            rc = EX_CANTCREAT;
        } else if (rename(tmp, final)) {
            fprintf(stderr, "fsepack: error: impossible de renommer %s en %s : %s\n", tmp, final, fse_strerror(errno));
            remove(tmp);
            rc = EX_CANTCREAT;
        } else {
            if (fse_cli_report(&cli) || cli.summary)
                printf("%s%zu feuille%s d'émargement, %d page%s écrite%s dans %s\n", cli.summary ? "fsepack: " : "",
                       nrows ? nrows : 1, fse_pluriel(nrows), pages, fse_pluriel((size_t)pages),
                       fse_pluriel((size_t)pages), final);
        }
        fse_out_unlock(lock);
        free(final);
        free(tmp);
    }
    free(dir);
    free(ids);
    fse_doc_free(d);
    fse_pipeline_free(&pl);
    return rc;
}
