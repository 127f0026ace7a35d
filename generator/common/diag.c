/* diag.c — see diag.h. */
#include "common/diag.h"
#include "common/progress.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fse_diag(fse_diags *d, fse_severity sev, const char *rule, const char *file,
              long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fse_vdiag(d, sev, rule, file, line, col, fmt, ap);
    va_end(ap);
}

void fse_vdiag(fse_diags *d, fse_severity sev, const char *rule, const char *file,
               long line, long col, const char *fmt, va_list ap)
{
    fse_sb b = {0};
    /* one formatting pass into a stack buffer for the usual short message,
     * a second only when it is longer (issue 8: a 1 M-row job records some
     * 100 000 controles; the sizing pass doubled their vsnprintf cost) */
    char stack[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(stack, sizeof stack, fmt, ap);
    char *msg;
    if (n < 0) {
        msg = fse_xstrdup("");
    } else if ((size_t)n < sizeof stack) {
        msg = fse_xmalloc((size_t)n + 1);
        memcpy(msg, stack, (size_t)n + 1);
    } else {
        msg = fse_xmalloc((size_t)n + 1);
        vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    }
    va_end(ap2);

    size_t same_rule = fse_diag_count(d, rule);
    size_t r = 0;
    while (r < d->nrules && strcmp(d->rules[r].rule, rule)) r++;
    if (r == d->nrules) {
        fse_grow((void **)&d->rules, &d->cap_rules, d->nrules + 1, sizeof *d->rules);
        d->rules[d->nrules].rule = fse_xstrdup(rule);
        d->rules[d->nrules++].n = 0;
    }
    d->rules[r].n++;
    fse_controle c = { sev, fse_xstrdup(rule), fse_xstrdup(file), line, col, msg };
    FSE_PUSH(d->items, d->n, d->cap, c);
    if (sev == FSE_SEV_ERROR) d->nerrors++;
    if (sev == FSE_SEV_WARNING) d->nwarnings++;
    if (d->quiet || sev == FSE_SEV_INFO || (sev == FSE_SEV_WARNING && d->quiet_warnings)) return;
    fse_progress_clear();  /* a diagnostic never shares the progress line */
    if (d->max_print && same_rule >= d->max_print) {
        if (same_rule == d->max_print)
            fprintf(stderr, "%s: warning: [%s] autres messages non affichés (le pack les liste tous "
                    "dans controles.csv)\n", file ? file : "fsepack", rule);
        return;
    }
    if (file) {
        fse_sb_adds(&b, file);
        if (line > 0) fse_sb_addf(&b, ":%ld", line);
        if (line > 0 && col > 0) fse_sb_addf(&b, ":%ld", col);
    } else {
        fse_sb_adds(&b, "fsepack");
    }
    fprintf(stderr, "%s: %s: %s\n", b.s, sev == FSE_SEV_ERROR ? "error" : "warning", msg);
    fse_sb_free(&b);
}

size_t fse_diag_count(const fse_diags *d, const char *rule)
{
    for (size_t r = 0; r < d->nrules; r++)
        if (!strcmp(d->rules[r].rule, rule)) return d->rules[r].n;
    return 0;
}

const char *fse_severity_name(fse_severity s)
{
    return s == FSE_SEV_ERROR ? "erreur" : s == FSE_SEV_WARNING ? "avertissement" : "info";
}

void fse_diags_free(fse_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].rule);
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    for (size_t r = 0; r < d->nrules; r++) free(d->rules[r].rule);
    free(d->rules);
    memset(d, 0, sizeof *d);
}
