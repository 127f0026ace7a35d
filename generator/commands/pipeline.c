/* pipeline.c — see pipeline.h. */
#include "commands/pipeline.h"
#include "commands/cli.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/timings.h"
#include "common/util.h"
#include "ingest/source.h"
#include "ingest/values.h"
#include "measures/checks.h"
#include "pack/pack.h"
#include "pieces/liste_layout.h"
#include "pieces/pieces.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

int fse_parse_job_args(int argc, char **argv, const char *cmd, fse_pipeline_args *a,
                       const char **out)
{
    const char *usage = fse_cli_usage(cmd);
    memset(a, 0, sizeof *a);
    a->fiches = fse_xcalloc((size_t)argc + 1, sizeof *a->fiches);
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = NULL;
        if (!strcmp(arg, "--period")) slot = &a->period;
        else if (!strcmp(arg, "--out") && out) slot = out;
        else if (!strcmp(arg, "--fiche")) slot = &a->fiches[a->nfiches];
        else if (!strncmp(arg, "--period=", 9)) { a->period = arg + 9; continue; }
        else if (out && !strncmp(arg, "--out=", 6)) { *out = arg + 6; continue; }
        else if (!strncmp(arg, "--fiche=", 8)) { a->fiches[a->nfiches++] = arg + 8; continue; }
        else if (out && !strcmp(arg, "--wait")) { a->wait = true; continue; }
        else if (out && !strcmp(cmd, "run") && !strcmp(arg, "--archive")) { a->archive = true; continue; }
        else if (!strcmp(arg, "--summary")) { a->summary = true; continue; }
        else if (!strcmp(arg, "--verbose")) { a->verbose = true; continue; }
        else if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) { fse_cli_help(stdout, cmd); return FSE_ARGS_HELP; }
        else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "fsepack: error: option inconnue %s\nusage : %s\n", arg, usage);
            return EX_USAGE;
        } else if (!a->job) { a->job = arg; continue; }
        else {
            fprintf(stderr, "fsepack: error: argument inattendu %s\nusage : %s\n", arg, usage);
            return EX_USAGE;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "fsepack: error: %s demande une valeur\nusage : %s\n", arg, usage);
            return EX_USAGE;
        }
        *slot = argv[++i];
        if (slot == &a->fiches[a->nfiches]) a->nfiches++;
    }
    if (!a->job) {
        fprintf(stderr, "fsepack: error: il faut un fichier de job\nusage : %s\n", usage);
        return EX_USAGE;
    }
    /* `--out "$DOSSIER"` with the variable unset (cron): a usage error, not
     * 73 "création impossible de  : …" naming nothing */
    if (out && *out && !**out) {
        fprintf(stderr, "fsepack: error: --out demande une valeur (un dossier), pas une chaîne vide\nusage : %s\n", usage);
        return EX_USAGE;
    }
    return 0;
}

/* The generation date: SOURCE_DATE_EPOCH (reproducible-builds.org: an
 * integer of seconds since 1970, digits only; a malformed value is an error, not a silent
 * fallback to the clock), else now; empty is unset (as GCC and most tools
 * that honour it read it: `SOURCE_DATE_EPOCH= fsepack …`). Years past 2200 are refused too (the
 * libraries' date formatting does not survive them). Returns 0 or EX_USAGE. */
static int set_epoch(fse_pipeline *pl)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s) {
        pl->epoch = (int64_t)time(NULL);
    } else {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        /* digits only: strtoll alone would take " 1735689600" or "+1735689600" (review) */
        if (*s < '0' || *s > '9' || *end || errno || v < 0 || v > 7258118399LL) {  /* 2199-12-31T23:59:59Z */
            fprintf(stderr, "fsepack: error: SOURCE_DATE_EPOCH=« %s » n'est pas un nombre de secondes "
                            "depuis 1970 compris entre 0 et 7258118399\n", s);
            return EX_USAGE;
        }
        pl->epoch = v;
    }
    fse_format_fr((int32_t)(pl->epoch / 86400), pl->generated);
    return 0;
}

typedef struct { fse_pipeline *pl; const fse_fiche *f; const fse_indicateur *ind; int bad; } used_ctx;

static void check_used(void *ud, const fse_dataset_def *def, int fidx)
{
    used_ctx *u = ud;
    fse_dataset *ds = fse_datasets_get(&u->pl->data, def->name);
    if (!ds->loaded) {
        if (!u->bad)
            fse_diag(&u->pl->diags, FSE_SEV_ERROR, "source-absente", u->pl->job.path, 0, 0,
                     "fiche %s, indicateur %s : compte %s, mais le job ne déclare pas de [source.%s]",
                     u->f->id, u->ind->id, def->name, def->name);
        u->bad = 1;
        return;
    }
    /* a figure never depends silently on a rejected value (DESIGN: bad input);
     * the rows are read only when ingest rejected some value of the field */
    for (size_t r = 0; ds->nrejected[fidx] && r < ds->nrows; r++) {
        if (ds->rows[r].v[fidx].state != FSE_VAL_REJECTED) continue;
        const fse_source_info *src = &ds->srcs[ds->rows[r].src];
        fse_diag(&u->pl->diags, FSE_SEV_ERROR, "valeur-bloquante", src->display,
                 ds->rows[r].line, src->field_cols[fidx], "le champ %s contient « %s », valeur invalide, et l'indicateur %s de la "
                 "fiche %s en dépend : corrigez l'export", def->fields[fidx].name,
                 ds->rows[r].v[fidx].text ? ds->rows[r].v[fidx].text : "", u->ind->id, u->f->id);
        u->bad = 1;
    }
}

/* What the job says of a fiche must fit it: its etp.<volet> name volets of
 * the fiche; a fiche run without a [fiche.ID] section, or for a period
 * outside its execution dates, is reported. */
static void check_fiche_use(fse_pipeline *pl, const fse_fiche *f)
{
    const fse_fiche_cfg *fc = fse_job_fiche(&pl->job, f->id);
    if (!fc)
        fse_diag(&pl->diags, FSE_SEV_WARNING, "fiche-non-declaree", pl->job.path, 0, 0,
                 "fiche %s (%s) non déclarée dans ce job : pas de section [fiche.%s], donc 1 ETP et pas de "
                 "numéro de dossier", f->id, f->plie ? f->plie : "", f->id);
    for (size_t i = 0; fc && i < fc->netp; i++)
        if (!fse_fiche_volet(f, fc->etp_volets[i])) {
            fse_sb v = {0};
            for (size_t k = 0; k < f->nvolets; k++) fse_sb_addf(&v, "%s%s", k ? ", " : "", f->volets[k].id);
            fse_diag(&pl->diags, FSE_SEV_ERROR, "config", pl->job.path, fc->line, 1,
                     "etp.%s : la fiche %s n'a pas de volet %s (volets : %s)", fc->etp_volets[i], f->id,
                     fc->etp_volets[i], v.s ? v.s : "aucun");
            fse_sb_free(&v);
        }
    if (f->plie && pl->job.plie_nom) {
        char *a = fse_norm_key(f->plie), *b = fse_norm_key(pl->job.plie_nom);
        if (strcmp(a, b))
            fse_diag(&pl->diags, FSE_SEV_WARNING, "fiche-autre-plie", pl->job.path, fc ? fc->line : 0, 0,
                     "la fiche %s relève de %s, mais ce job est celui de %s", f->id, f->plie, pl->job.plie_nom);
        free(a);
        free(b);
    }
    if (pl->period.debut < f->debut || pl->period.fin > f->fin) {
        char a[11], b[11];
        fse_format_fr(f->debut, a);
        fse_format_fr(f->fin, b);
        fse_diag(&pl->diags, FSE_SEV_WARNING, "periode-hors-fiche", f->path, 0, 0,
                 "la période %s sort de la période d'exécution de la fiche %s (%s – %s) : les lignes "
                 "hors des dates de la fiche sont comptées",
                 pl->period.label, f->id, a, b);
    }
}

/* A job alias may not turn a name or sensitive column into another field
 * (colonne.resultat = Nom would list surnames under confidentialite). */
static void check_aliases(fse_pipeline *pl)
{
    for (size_t i = 0; i < pl->job.nsources; i++) {
        const fse_source_cfg *sc = &pl->job.sources[i];
        for (size_t a = 0; a < sc->naliases; a++) {
            const fse_alias *al = &sc->aliases[a];
            for (size_t t = 0; t < pl->tpl.naliases; t++) {
                const fse_alias *ta = &pl->tpl.aliases[t];
                if (strcmp(ta->key, al->key) || !fse_field_is_personal(ta->field) || !strcmp(ta->field, al->field))
                    continue;
                fse_diag(&pl->diags, FSE_SEV_ERROR, "config", pl->job.path, sc->line, 1,
                         "colonne.%s = %s : cet en-tête contient %s (%s), un nom ou un attribut sensible, "
                         "qui ne peut être montré comme un autre champ", al->field, al->header, ta->field, ta->dataset);
                break;
            }
        }
    }
}

/* Every list pièce the fiche names has a valid layout in templates/pieces:
 * a broken layout is an error now, not a pièce missing from the pack. */
static void check_layouts(fse_pipeline *pl, const fse_fiche *f, fse_strset *seen)
{
    for (size_t k = 0; k <= f->ninds; k++) {
        char **ids = k < f->ninds ? f->inds[k].pieces : f->pieces;
        size_t n = k < f->ninds ? f->inds[k].npieces : f->npieces;
        for (size_t i = 0; i < n; i++) {
            if (fse_piece_is_code(ids[i]) || fse_strset_has(seen, ids[i])) continue;
            fse_strset_add(seen, ids[i]);
            fse_strset_freeze(seen);
            fse_list_layout l;
            if (fse_list_layout_load(&l, pl->tpl.dir, ids[i], &pl->tpl, &pl->diags) < 0)
                fse_diag(&pl->diags, FSE_SEV_ERROR, "piece", f->path, 0, 0,
                         "la pièce %s n'a pas de mise en page : %s/pieces/%s.ini manque", ids[i], pl->tpl.dir, ids[i]);
            fse_list_layout_free(&l);
        }
    }
}

int fse_pipeline_load(fse_pipeline *pl, const fse_pipeline_args *a)
{
    memset(pl, 0, sizeof *pl);
    pl->diags.max_print = 5;
    pl->diags.quiet_warnings = a->quiet_warnings;
    pl->wait = a->wait;
    fse_datasets_init(&pl->data);
    if (set_epoch(pl)) return EX_USAGE;
    char *dir = NULL;
    if (fse_templates_find(&dir)) {
        fprintf(stderr, "fsepack: error: dossier des modèles introuvable (indiquez dans FSEPACK_TEMPLATES le "
                        "dossier qui contient colonnes.ini et fiches/)\n");
        return EX_NOINPUT;
    }
    int rc = fse_templates_load(&pl->tpl, dir, &pl->diags);
    free(dir);
    pl->tpl_loaded = true;
    if (rc) return rc < 0 ? EX_NOINPUT : EX_DATAERR;
    rc = fse_job_load(&pl->job, a->job, &pl->diags);
    pl->job_loaded = true;
    if (rc < 0) {
        fprintf(stderr, "%s: error: lecture de la configuration du job impossible : %s\n", a->job, fse_strerror(errno));
        return EX_NOINPUT;
    }
    if (rc) return EX_DATAERR;
    const char *period = a->period ? a->period : pl->job.periode;
    int32_t today;
    if (period && (!strcmp(period, "previous-month") || !strcmp(period, "year-of-previous-month"))
        && fse_today(&today)) {
        fprintf(stderr, "fsepack: error: FSEPACK_TODAY=« %s » n'est pas une date AAAA-MM-JJ\n",
                getenv("FSEPACK_TODAY"));
        return EX_USAGE;
    }
    if (!period) {
        fprintf(stderr, "%s: error: aucune période : donnez --period ou [periode] defaut\n", a->job);
        return EX_USAGE;
    }
    if (fse_period_parse(period, &pl->period)) {
        fprintf(stderr, "fsepack: error: période invalide « %s » (2024, 2024-05, 2024-01-01..2024-06-30, previous-month ou year-of-previous-month)\n", period);
        return a->period ? EX_USAGE : EX_DATAERR;
    }
    /* fiches: --fiche ids, else every [fiche.ID] of the job */
    size_t n = a->nfiches ? a->nfiches : pl->job.nfiches;
    if (!n) {
        fprintf(stderr, "%s: error: aucune fiche : ajoutez une section [fiche.ID] ou donnez --fiche ID\n", a->job);
        return EX_USAGE;
    }
    pl->fiches = fse_xcalloc(n, sizeof *pl->fiches);
    int worst = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = a->nfiches ? a->fiches[i] : pl->job.fiches[i].id;
        int frc = fse_fiche_load(&pl->fiches[pl->nfiches], pl->tpl.dir, id, &pl->tpl, &pl->diags);
        pl->nfiches++;
        if (frc < 0) {
            char **ids;
            size_t nids = fse_fiche_list_ids(pl->tpl.dir, &ids);
            fse_sb known = {0};
            for (size_t k = 0; k < nids; k++) { fse_sb_addf(&known, "%s%s", k ? ", " : "", ids[k]); free(ids[k]); }
            free(ids);
            long line = a->nfiches ? 0 : pl->job.fiches[i].line;
            long col = a->nfiches ? 0 : pl->job.fiches[i].col;   /* at the [fiche.ID] name */
            fse_diag(&pl->diags, FSE_SEV_ERROR, "fiche-inconnue", a->nfiches ? NULL : a->job, line, col,
                     "fiche inconnue « %s » (connues : %s)", id, known.s ? known.s : "aucun");
            fse_sb_free(&known);
            if (!worst) worst = a->nfiches ? EX_USAGE : EX_DATAERR;
        } else if (frc > 0) {
            worst = EX_DATAERR;
        }
    }
    if (worst) return worst;
    check_aliases(pl);
    fse_strset layouts = {0};
    for (size_t i = 0; i < pl->nfiches; i++) {
        check_fiche_use(pl, &pl->fiches[i]);
        check_layouts(pl, &pl->fiches[i], &layouts);
    }
    fse_strset_free(&layouts);
    if (pl->diags.nerrors) return EX_DATAERR;
    /* sources */
    int missing = 0, bad = 0;
    for (size_t i = 0; i < pl->job.nsources; i++) {
        const fse_source_cfg *s = &pl->job.sources[i];
        fse_dataset *ds = fse_datasets_get(&pl->data, s->dataset);
        size_t rows0 = ds->nrows, srcs0 = ds->nsrcs;
        fse_timer t;
        fse_timer_start(&t);
        fse_source_status st = fse_source_load(s, &pl->tpl, ds, &pl->diags, pl->job.path);
        long long bytes = 0;
        for (size_t k = srcs0; k < ds->nsrcs; k++) bytes += ds->srcs[k].size;
        fse_timer_report(&t, "ingest", s->dataset, bytes, (long long)(ds->nrows - rows0));
        if (st == FSE_SOURCE_MISSING) missing = 1;
        if (st == FSE_SOURCE_DATAERR) bad = 1;
    }
    pl->data_loaded = true;
    if (missing) return EX_NOINPUT;
    if (bad) return EX_DATAERR;
    fse_timer t;
    fse_timer_start(&t);
    /* every figure's inputs are declared and valid */
    for (size_t i = 0; i < pl->nfiches; i++)
        for (size_t k = 0; k < pl->fiches[i].ninds; k++) {
            used_ctx u = { pl, &pl->fiches[i], &pl->fiches[i].inds[k], 0 };
            fse_measure_fields(u.ind->mesure, check_used, &u);
            if (u.bad) bad = 1;
        }
    for (size_t i = 0; i < pl->nfiches; i++)
        for (size_t k = 0; k < pl->fiches[i].ninds; k++) {
            const fse_indicateur *ind = &pl->fiches[i].inds[k];
            char *what = fse_xasprintf("fiche %s, indicateur %s", pl->fiches[i].id, ind->id);
            fse_measure_check_values(ind->mesure, &pl->data, what, pl->fiches[i].path, ind->line, &pl->diags);
            free(what);
        }
    fse_checks_run(&pl->data, &pl->job, &pl->period, &pl->diags);
    fse_timer_report(&t, "checks", "-", -1, -1);
    return bad ? EX_DATAERR : 0;
}

int fse_pipeline_output(const fse_pipeline *pl, const char *out, char **dir, int *lock)
{
    *dir = out ? fse_xstrdup(out)
         : pl->job.sortie_dossier ? fse_xstrdup(pl->job.sortie_dossier)
         : fse_xasprintf("%s/out", pl->job.dir);
    char err[1024];
    *lock = fse_out_lock(*dir, pl->wait, err, sizeof err);
    if (*lock >= 0) return 0;
    fprintf(stderr, "fsepack: error: %s\n", err);
    return *lock == -2 ? EX_TEMPFAIL : EX_CANTCREAT;
}

void fse_pipeline_free(fse_pipeline *pl)
{
    for (size_t i = 0; i < pl->nfiches; i++) fse_fiche_free(&pl->fiches[i]);
    free(pl->fiches);
    if (pl->job_loaded) fse_job_free(&pl->job);
    if (pl->tpl_loaded) fse_templates_free(&pl->tpl);
    fse_datasets_free(&pl->data);
    fse_diags_free(&pl->diags);
}
