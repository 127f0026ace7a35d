/* fuzz_source.c — libFuzzer harness for the source loader (ingest/source.c):
 * any bytes as the one file of a declared source — XLSX when they start
 * with a zip signature, else delimited text — for the dataset picked by the
 * first byte, with templates/colonnes.ini's aliases. Covers the header
 * search below title lines, alias mapping, total-line recognition and the
 * typed parse of every cell. Must end in diagnostics, never a crash.
 * Run from the repository root (templates/ is read from there, or from
 * $FSEPACK_TEMPLATES). Seeds: tests/fuzz/corpus/source/. */
#include "fuzz_common.h"
#include "config/templates.h"
#include "datasets/dataset.h"
#include "ingest/source.h"
#include "ingest/xlsx_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fse_templates t;
    static char path[96];
    static int ready;
    if (!ready) {
        fse_diags d0 = { .quiet = true };
        const char *dir = getenv("FSEPACK_TEMPLATES");
        if (fse_templates_load(&t, dir && *dir ? dir : "templates", &d0) != 0) abort();
        fse_diags_free(&d0);
        snprintf(path, sizeof path, "%s/export", fuzz_dir());
        fse_xlsx_set_limits((size_t)8 << 20, (size_t)64 << 20);
        ready = 1;
    }
    if (size < 1) return 0;
    const fse_dataset_def *def = &fse_datasets[data[0] % fse_ndatasets];
    fuzz_write(path, data + 1, size - 1);
    char *files[1] = { path }, *shown[1] = { "exports/export" };
    fse_source_cfg cfg = { .dataset = (char *)def->name, .files = files, .shown = shown,
                           .nfiles = 1, .encodage = -1 };
    fse_datasets_t all;
    fse_datasets_init(&all);
    fse_diags d = { .quiet = true };
    fse_source_load(&cfg, &t, fse_datasets_get(&all, def->name), &d, "job.ini");
    fse_diags_free(&d);
    fse_datasets_free(&all);
    return 0;
}
