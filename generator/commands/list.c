/* list.c — `fsepack list [JOB.ini]`: the fiches, their indicators (target,
 * per-ETP, measure) and pièces; with a job, only its fiches and with targets
 * scaled by its ETP.
 */
#include "commands/cli.h"
#include "commands/commands.h"
#include "commands/pipeline.h"
#include "common/util.h"
#include "config/fiche.h"
#include "pieces/doc.h"
#include "pieces/pieces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

/* v the French way for the terminal: "25 000", "3,2", "0,8" (decimals as
 * needed, at most 2). buf of 64 bytes; returns buf. */
static const char *num(double v, char *buf)
{
    fse_format_number_fr(v, fse_decimals_needed(v), buf, 64);
    return buf;
}

static void print_fiche(const fse_fiche *f, const fse_job *job)
{
    char a[64], b[64], e[64];
    printf("%s — %s — Fiche n°%s « %s »\n", f->id, f->plie, f->numero ? f->numero : "?", f->titre);
    for (size_t k = 0; k < f->ninds; k++) {
        const fse_indicateur *ind = &f->inds[k];
        double etp = job && ind->par_etp ? fse_job_etp(job, f->id, ind->volet) : 1;
        printf("  %-20s %-36s", ind->volet, ind->id);
        if (ind->has_cible && ind->par_etp && job)
            printf(" cible %s (%s par ETP × %s ETP)", num(ind->cible * etp, a), num(ind->cible, b), num(etp, e));
        else if (ind->has_cible)
            printf(" cible %s%s", num(ind->cible, a), ind->par_etp ? " par ETP" : "");
        printf("\n      %s\n      mesure : %s\n", ind->libelle, ind->mesure ? ind->mesure->text : "?");
        if (ind->npieces) {
            printf("      pièces :");
            for (size_t i = 0; i < ind->npieces; i++) printf(" %s", ind->pieces[i]);
            printf("\n");
        }
    }
    if (f->npieces) {
        printf("  pièces de la fiche :");
        for (size_t i = 0; i < f->npieces; i++) printf(" %s", f->pieces[i]);
        printf("\n");
    }
}

int fse_cmd_list(int argc, char **argv)
{
    if (argc >= 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
        fse_cli_help(stdout, "list");
        return 0;
    }
    if (argc > 1 || (argc == 1 && argv[0][0] == '-')) {
        fprintf(stderr, "fsepack: error: %s %s\nusage : %s\n", argc > 1 ? "argument inattendu" : "option inconnue",
                argv[argc > 1 ? 1 : 0], fse_cli_usage("list"));
        return EX_USAGE;
    }
    fse_diags d = {0};
    char *dir = NULL;
    if (fse_templates_find(&dir)) {
        fprintf(stderr, "fsepack: error: dossier des modèles introuvable (indiquez-le dans FSEPACK_TEMPLATES)\n");
        return EX_NOINPUT;
    }
    fse_templates t;
    int rc = fse_templates_load(&t, dir, &d) ? EX_DATAERR : 0;
    fse_job job;
    bool have_job = false;
    if (!rc && argc == 1) {
        int jr = fse_job_load(&job, argv[0], &d);
        have_job = true;
        if (jr < 0) { fprintf(stderr, "%s: error: lecture de la configuration du job impossible\n", argv[0]); rc = EX_NOINPUT; }
        else if (jr > 0) rc = EX_DATAERR;
    }
    char **ids = NULL;
    size_t n = 0;
    if (!rc && have_job) {
        ids = fse_xcalloc(job.nfiches + 1, sizeof *ids);
        for (size_t i = 0; i < job.nfiches; i++) ids[n++] = fse_xstrdup(job.fiches[i].id);
    } else if (!rc) {
        n = fse_fiche_list_ids(dir, &ids);
    }
    for (size_t i = 0; i < n; i++) {
        fse_fiche f;
        int fr = fse_fiche_load(&f, dir, ids[i], &t, &d);
        if (fr < 0) { fprintf(stderr, "fsepack: error: fiche inconnue %s\n", ids[i]); rc = EX_DATAERR; }
        else if (fr > 0) rc = EX_DATAERR;
        else print_fiche(&f, have_job ? &job : NULL);
        fse_fiche_free(&f);
        free(ids[i]);
    }
    free(ids);
    if (have_job) fse_job_free(&job);
    fse_templates_free(&t);
    fse_diags_free(&d);
    free(dir);
    return rc;
}
