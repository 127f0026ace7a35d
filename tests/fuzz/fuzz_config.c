/* fuzz_config.c — libFuzzer harness for the config loaders
 * (config/ini_file.c on inih, config/job.c, config/fiche.c with the measure
 * parser of measures/): the first byte picks the loader, the rest is the
 * file — a job (job.ini) when even, a fiche (fiches/fz.ini, checked against
 * templates/) when odd. Must end in located diagnostics, never a crash.
 * Run from the repository root (or set $FSEPACK_TEMPLATES).
 * Seeds: tests/fuzz/corpus/config/. */
#include "fuzz_common.h"
#include "config/fiche.h"
#include "config/job.h"
#include "config/templates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fse_templates t;
    static char job[96], fiche[128];
    static int ready;
    if (!ready) {
        fse_diags d0 = { .quiet = true };
        const char *dir = getenv("FSEPACK_TEMPLATES");
        if (fse_templates_load(&t, dir && *dir ? dir : "templates", &d0) != 0) abort();
        fse_diags_free(&d0);
        snprintf(job, sizeof job, "%s/job.ini", fuzz_dir());
        snprintf(fiche, sizeof fiche, "%s/fiches", fuzz_dir());
        mkdir(fiche, 0700);
        snprintf(fiche, sizeof fiche, "%s/fiches/fz.ini", fuzz_dir());
        ready = 1;
    }
    if (size < 1) return 0;
    fse_diags d = { .quiet = true };
    if (data[0] & 1) {
        fuzz_write(fiche, data + 1, size - 1);
        fse_fiche f;
        fse_fiche_load(&f, fuzz_dir(), "fz", &t, &d);
        fse_fiche_free(&f);
    } else {
        fuzz_write(job, data + 1, size - 1);
        fse_job j;
        fse_job_load(&j, job, &d);
        fse_job_free(&j);
    }
    fse_diags_free(&d);
    return 0;
}
