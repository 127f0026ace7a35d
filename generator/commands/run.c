/* run.c — `fsepack run JOB.ini [--period P] [--fiche ID]... [--out DIR]
 * [--wait] [--archive]`: compute the figures of every fiche and publish one
 * pack per fiche at <out>/<fiche>/<period-label>/ (DESIGN §5). Nothing is
 * published when any input is in error; each pack is published whole or not
 * at all, the previous one kept as .<label>.precedent (pack.h). --wait waits
 * for another run holding the output's lock (else exit 75); --archive also
 * writes <out>/<fiche>/<label>.zip for the hand-off (`fsepack verify`).
 */
#include "commands/commands.h"
#include "commands/pipeline.h"
#include "commands/report.h"
#include "common/progress.h"
#include "common/text.h"
#include "common/timings.h"
#include "common/util.h"
#include "measures/figures.h"
#include "pack/outputs.h"
#include "pack/pack.h"
#include "pieces/pieces.h"
#include "pieces/piece_cache.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

/* The pièces of a fiche in pack order: bordereau, fiche-level pièces, then
 * those of each indicator, each once. Returns the count; *out (owned array
 * of borrowed ids). */
static size_t piece_order(const fse_fiche *f, const char ***out)
{
    size_t n = 0, cap = 0;
    const char **ids = NULL;
    const char *bordereau = "bordereau";
    FSE_PUSH(ids, n, cap, bordereau);
    for (size_t k = 0; k <= f->ninds; k++) {
        char **list = k == 0 ? f->pieces : f->inds[k - 1].pieces;
        size_t nl = k == 0 ? f->npieces : f->inds[k - 1].npieces;
        for (size_t i = 0; i < nl; i++) {
            bool seen = false;
            for (size_t j = 0; j < n && !seen; j++) seen = !strcmp(ids[j], list[i]);
            if (!seen) FSE_PUSH(ids, n, cap, (const char *)list[i]);
        }
    }
    *out = ids;
    return n;
}

/* Diagnostics of this fiche's pack: those of ingest and checks, and those
 * of its own definition (not those of the other fiches' files). */
static void copy_diags(const fse_pipeline *pl, const fse_fiche *f, fse_diags *to)
{
    const fse_diags *from = &pl->diags;
    for (size_t i = 0; i < from->n; i++) {
        const fse_controle *c = &from->items[i];
        bool other = false;
        for (size_t k = 0; k < pl->nfiches && c->file; k++)
            other |= &pl->fiches[k] != f && !strcmp(pl->fiches[k].path, c->file);
        if (other) continue;
        bool q = to->quiet;
        to->quiet = true;
        fse_diag(to, c->sev, c->rule, c->file, c->line, c->col, "%s", c->message);
        to->quiet = q;
    }
}

/* Report, for the pack's controles, what the figures left out. */
static void figure_diags(const fse_figures *fg, fse_diags *d)
{
    char h[32];
    for (size_t i = 0; i < fg->n; i++) {
        const fse_figure *x = &fg->figs[i];
        for (size_t t = 0; t < x->res.nterms; t++) {
            const fse_term_result *tr = &x->res.terms[t];
            if (tr->nduplicates)
                fse_diag(d, FSE_SEV_INFO, "doublon-compte-une-fois", tr->ds->srcs[0].display, 0, 0,
                         "%s : %zu ligne%s en double de %s comptée%s une fois", x->ind->id, tr->nduplicates,
                         fse_pluriel(tr->nduplicates), tr->ds->def->name, fse_pluriel(tr->nduplicates));
            if (tr->na_regulariser)
                fse_diag(d, FSE_SEV_INFO, "heures-a-regulariser", tr->ds->srcs[0].display, 0, 0,
                         "%s : %zu ligne%s (%s h) sans critère d'éligibilité écartée%s, à régulariser",
                         x->ind->id, tr->na_regulariser, fse_pluriel(tr->na_regulariser),
                         fse_decimal_fr(tr->regul_sum, h, sizeof h), fse_pluriel(tr->na_regulariser));
        }
    }
}

#define DOSSIER_COMPLET "dossier-complet.pdf"

/* fse_pack_add of a file just written at path; on failure err names it.
 * Returns 0 or -1. */
static int add_file(fse_pack *pk, const char *name, const char *piece, int pages, const char *path,
                    char *err, size_t errlen)
{
    if (!fse_pack_add(pk, name, piece, pages)) return 0;
    snprintf(err, errlen, "relecture impossible de %s : %s", path, fse_strerror(errno));
    return -1;
}

/* The pack's file name of pièce number num: "NN-id.ext" (owned). */
static char *piece_file(size_t num, const char *id, const char *ext)
{
    return fse_xasprintf("%02zu-%s.%s", num, id, ext);
}

/* Write one pièce as NN-id.pdf and NN-id.xlsx and record both. */
static int write_doc(fse_pack *pk, fse_doc *doc, size_t num, const char *id)
{
    char err[512];
    int pages = 0;
    char *pdf = piece_file(num, id, "pdf");
    char *xlsx = piece_file(num, id, "xlsx");
    char *pdf_path = fse_pack_path(pk, pdf), *xlsx_path = fse_pack_path(pk, xlsx);
    /* the writers' messages name the file ("écriture impossible de <path> : …") */
    int rc = fse_pdf_write(doc, pdf_path, &pages, err, sizeof err);
    if (!rc) rc = add_file(pk, pdf, id, pages, pdf_path, err, sizeof err);
    if (!rc) rc = fse_xlsx_write(doc, xlsx_path, err, sizeof err);
    if (!rc) rc = add_file(pk, xlsx, id, 0, xlsx_path, err, sizeof err);
    if (rc) fprintf(stderr, "fsepack: error: %s\n", err);
    free(pdf); free(xlsx); free(pdf_path); free(xlsx_path);
    return rc ? EX_CANTCREAT : 0;
}

static int write_pieces(fse_pipeline *pl, const fse_fiche *f, const fse_figures *fg, const fse_figures *cumul,
                        const fse_period *ytd, fse_pack *pk, fse_diags *d, const char ***missing, size_t *nmissing,
                        fse_piece_cache *cache)
{
    const char **order;
    size_t n = piece_order(f, &order);
    fse_piece_ctx ctx = { &pl->job, &pl->tpl, f, &pl->period, &pl->data, fg, pl->generated, pl->epoch, d,
                          cumul, ytd, NULL, cache };
    char *bilan_xlsx = NULL;  /* the bilan's workbook lists the evidence (preuves.h) */
    for (size_t i = 1; i < n && !bilan_xlsx; i++)
        if (!strcmp(order[i], "bilan")) bilan_xlsx = piece_file(i, "bilan", "xlsx");
    ctx.bilan_xlsx = bilan_xlsx;
    size_t cap = 0;
    int rc = 0;
    bool *written = fse_xcalloc(n, sizeof *written);  /* NN-id.pdf in the pack, for the dossier complet */
    for (size_t i = 1; i < n && !rc; i++) {  /* 0 is the bordereau, written last */
        const char *why = NULL;
        fse_progress("%s : pièce %zu/%zu %s", f->id, i, n - 1, order[i]);
        fse_timer t;
        fse_timer_start(&t);
        fse_doc *doc = fse_piece_build(order[i], &ctx, &why);
        if (!doc) {
            fse_diag(d, FSE_SEV_WARNING, "piece-non-produite", NULL, 0, 0, "%s : pièce %s (%s) absente du pack : %s",
                     f->id, order[i], fse_piece_title(order[i]), why);
            FSE_PUSH(*missing, *nmissing, cap, order[i]);
            continue;
        }
        size_t long_texts = fse_doc_long_texts(doc, 32767);
        if (long_texts)
            fse_diag(d, FSE_SEV_WARNING, "texte-tronque", NULL, 0, 0, "%s : pièce %s : %zu texte%s de plus de "
                     "32 767 caractères coupé%s dans le XLSX (limite d'Excel, marqué […tronqué]) ; le PDF les donne en entier",
                     f->id, order[i], long_texts, fse_pluriel(long_texts), fse_pluriel(long_texts));
        rc = write_doc(pk, doc, i, order[i]);
        written[i] = !rc;
        fse_doc_free(doc);
        char *name = fse_xasprintf("%s/%s", f->id, order[i]);
        fse_timer_report(&t, "piece", name, -1, -1);
        free(name);
    }
    fse_piece_file *files = fse_xcalloc(pk->nfiles + 1, sizeof *files);
    for (size_t i = 0; i < pk->nfiles; i++)
        files[i] = (fse_piece_file){ pk->files[i].piece, pk->files[i].name, pk->files[i].pages,
                                     pk->files[i].size, pk->files[i].sha256 };
    fse_timer t;
    fse_timer_start(&t);
    if (!rc) {
        fse_progress("%s : bordereau et dossier complet", f->id);
        fse_doc *bordereau = fse_piece_bordereau(&ctx, files, pk->nfiles);
        rc = write_doc(pk, bordereau, 0, "bordereau");
        written[0] = !rc;
        fse_doc_free(bordereau);
    }
    char *name = fse_xasprintf("%s/bordereau", f->id);
    fse_timer_report(&t, "piece", name, -1, -1);
    free(name);
    fse_timer_start(&t);
    free(files);
    if (!rc) {  /* the whole pack in one PDF, a bookmark per pièce (issue "every pièce", §3): the
                   pièces' PDF files merged as written, not rendered again (issue 8) */
        fse_doc *all = fse_piece_doc(&ctx, "Dossier des pièces justificatives");  /* its properties */
        fse_pdf_part *parts = fse_xcalloc(n, sizeof *parts);
        size_t nparts = 0;
        for (size_t i = 0; i < n; i++) {
            if (!written[i]) continue;
            char *pdf = piece_file(i, order[i], "pdf");
            parts[nparts++] = (fse_pdf_part){ fse_pack_path(pk, pdf), fse_piece_title(order[i]) };
            free(pdf);
        }
        char err[1024], *path = fse_pack_path(pk, DOSSIER_COMPLET);
        int pages = 0;
        /* the messages name the file ("PDF <path> : …", "relecture impossible de <path> : …") */
        rc = fse_pdf_merge(all, parts, nparts, path, &pages, err, sizeof err);
        if (!rc) rc = add_file(pk, DOSSIER_COMPLET, NULL, pages, path, err, sizeof err);
        if (rc) { fprintf(stderr, "fsepack: error: %s\n", err); rc = EX_CANTCREAT; }
        free(path);
        for (size_t i = 0; i < nparts; i++) free((char *)parts[i].path);
        free(parts);
        fse_doc_free(all);
    }
    name = fse_xasprintf("%s/dossier-complet", f->id);
    fse_timer_report(&t, "piece", name, -1, -1);
    free(name);
    free(written);
    free(order);
    free(bilan_xlsx);
    return rc;
}

/* Report a file of the pack that could not be written; EX_CANTCREAT. */
static int cannot_write(const char *path)
{
    fprintf(stderr, "%s: error: écriture impossible : %s\n", path, errno ? fse_strerror(errno) : "échec de l'écriture");
    return EX_CANTCREAT;
}

/* At a terminal (or --verbose): the pack's fingerprint, to send apart from
 * the pack (what protects SHA256SUMS, pack/verify.h), where the previous
 * pack is kept and the archive. */
static void report_pack(const fse_cli_out *cli, const fse_fiche *f, const fse_pack *pk, bool had_previous)
{
    if (!fse_cli_report(cli)) return;
    char hex[65];
    struct stat st;
    if (!fse_pack_fingerprint(pk->final, hex)) printf("%s : empreinte du pack (SHA-256 de SHA256SUMS) : %s\n", f->id, hex);
    if (had_previous && !stat(pk->previous, &st))
        printf("%s : le pack précédent est conservé dans %s\n", f->id, pk->previous);
    if (pk->zip_final) printf("%s : archive écrite : %s\n", f->id, pk->zip_final);
}

static int publish_fiche(fse_pipeline *pl, const fse_fiche *f, const char *out, const fse_cli_out *cli,
                         fse_run_stats *st, bool archive, fse_piece_cache *cache)
{
    fse_progress("%s : calcul des indicateurs", f->id);
    fse_figures fg, cumul = {0};
    fse_timer tpack, t;
    fse_timer_start(&tpack);
    fse_timer_start(&t);
    fse_figures_compute(f, &pl->job, &pl->data, &pl->period, &fg);
    fse_period ytd;   /* a month pack: the year to date too (issue 6) */
    bool has_cumul = fse_period_ytd(&pl->period, f->debut, &ytd);
    if (has_cumul) fse_figures_compute(f, &pl->job, &pl->data, &ytd, &cumul);
    fse_timer_report(&t, "measures", f->id, -1, -1);
    fse_diags d = { .quiet = true };
    copy_diags(pl, f, &d);
    figure_diags(&fg, &d);
    size_t shared_warnings = d.nwarnings;
    fse_pack pk;
    char err[1024];
    int status = 0;
    const char **missing = NULL;
    size_t nmissing = 0;
    if (fse_pack_begin(&pk, out, f->id, pl->period.label, err, sizeof err)) {
        fprintf(stderr, "fsepack: error: %s\n", err);
        fse_pack_abort(&pk);
        status = EX_CANTCREAT;
        goto done;
    }
    char *p = fse_pack_path(&pk, "indicateurs.csv");
    errno = 0;
    if (fse_write_indicateurs(p, &fg, &pl->period) || fse_pack_add(&pk, "indicateurs.csv", NULL, 0))
        status = cannot_write(p);
    free(p);
    if (!status) status = write_pieces(pl, f, &fg, has_cumul ? &cumul : NULL, has_cumul ? &ytd : NULL, &pk, &d,
                                       &missing, &nmissing, cache);
    if (!status) {
        p = fse_pack_path(&pk, "controles.csv");
        errno = 0;
        if (fse_write_controles(p, &d, pl->job.dir, pl->tpl.dir) || fse_pack_add(&pk, "controles.csv", NULL, 0))
            status = cannot_write(p);
        free(p);
    }
    if (!status) {
        p = fse_pack_path(&pk, "manifest.json");
        errno = 0;
        if (fse_write_manifest(p, &pl->job, &pl->period, f->id, &pl->data, &pk, pl->generated, missing, nmissing)
            || fse_pack_add(&pk, "manifest.json", NULL, 0))
            status = cannot_write(p);
        free(p);
    }
    if (!status && archive && fse_pack_archive(&pk, f->id, pl->period.label, pl->epoch, err, sizeof err)) {
        fprintf(stderr, "fsepack: error: %s\n", err);
        status = EX_CANTCREAT;
    }
    struct stat fst;
    bool had_previous = !status && !stat(pk.final, &fst);
    fse_timer_start(&t);
    if (!status && fse_pack_publish(&pk, err, sizeof err)) {
        fprintf(stderr, "fsepack: error: %s\n", err);
        status = EX_CANTCREAT;
    }
    fse_timer_report(&t, "publish", f->id, -1, -1);
    fse_timer_report(&tpack, "pack", f->id, -1, -1);
    fse_progress_clear();
    if (!status) {
        st->warnings += d.nwarnings - shared_warnings;
        fse_report_table(cli, f->id, pl->period.label, &fg, has_cumul ? &cumul : NULL, pk.final, st);
        report_pack(cli, f, &pk, had_previous);
    }
    fse_pack_abort(&pk);
done:
    free(missing);
    fse_diags_free(&d);
    fse_figures_free(&fg);
    if (has_cumul) fse_figures_free(&cumul);
    return status;
}

/* The --summary line of a run that stopped with status rc. */
static void summary_failed(const fse_pipeline *pl, const fse_pipeline_args *a, fse_run_stats *st, int rc)
{
    if (!*st->fiche_ids)
        for (size_t i = 0; i < pl->nfiches && fse_run_stats_add_fiche(st, pl->fiches[i].id); i++) {}
    if (!*st->fiche_ids) snprintf(st->fiche_ids, sizeof st->fiche_ids, "%s", a->job);
    const char *label = *pl->period.label ? pl->period.label : a->period ? a->period : "?";
    fse_report_summary(st, label, rc, pl->diags.nerrors ? pl->diags.nerrors : 1);
}

int fse_cmd_run(int argc, char **argv)
{
    fse_pipeline_args a;
    const char *out = NULL;
    int rc = fse_parse_job_args(argc, argv, "run", &a, &out);
    if (rc) { free(a.fiches); return rc == FSE_ARGS_HELP ? 0 : rc; }
    fse_cli_out cli;
    fse_cli_out_init(&cli, a.summary, a.verbose);
    fse_run_stats st = {0};
    fse_pipeline pl;
    fse_timer t;
    fse_timer_start(&t);
    rc = fse_pipeline_load(&pl, &a);
    fse_timer_report(&t, "load", "-", -1, -1);
    fse_progress_clear();
    if (rc) {
        if (pl.diags.nerrors)
            fprintf(stderr, "fsepack: aucun pack écrit (%zu erreur%s)\n", pl.diags.nerrors,
                    fse_pluriel(pl.diags.nerrors));
        else
            fprintf(stderr, "fsepack: aucun pack écrit\n");
        if (cli.summary) summary_failed(&pl, &a, &st, rc);
        free(a.fiches);
        fse_pipeline_free(&pl);
        return rc;
    }
    char *dir;
    int lock;
    if ((rc = fse_pipeline_output(&pl, out, &dir, &lock))) {
        if (cli.summary) summary_failed(&pl, &a, &st, rc);
        free(a.fiches);
        free(dir);
        fse_pipeline_free(&pl);
        return rc;
    }
    /* what the fiches' pièces share (the hours breakdowns; piece_cache.h) */
    fse_piece_cache cache = {0};
    for (size_t i = 0; i < pl.nfiches && !rc; i++) {
        /* hand the free pages of what came before (ingest's buffers, the previous fiche's
           documents) back to the system, so this fiche's peak does not stack on the holes
           they left: 1 M hour rows, peak RSS 1010 -> ~925 MB for ~1 ms (issue 8) */
        malloc_trim(0);
        rc = publish_fiche(&pl, &pl.fiches[i], dir, &cli, &st, a.archive, &cache);
    }
    fse_piece_cache_free(&cache);
    fse_progress_clear();
    st.warnings += pl.diags.nwarnings;
    if (cli.summary) {
        if (rc) summary_failed(&pl, &a, &st, rc);   /* st.fiches: the packs written before */
        else fse_report_summary(&st, pl.period.label, 0, 0);
    }
    fse_out_unlock(lock);
    free(a.fiches);
    free(dir);
    fse_pipeline_free(&pl);
    return rc;
}
