/* diag.h — diagnostics and controles.
 *
 * Why: DESIGN §5 wants every problem on stderr as
 * "file:line:col: error|warning: message" and the quality checks of §6 in
 * controles.csv (severite;regle;fichier;ligne;message). Both come from the
 * same call, so nothing is reported in one place and forgotten in the other.
 * A line or column of 0 means "unknown" and is omitted from the stderr form.
 */
#ifndef FSE_DIAG_H
#define FSE_DIAG_H

#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef enum { FSE_SEV_ERROR = 0, FSE_SEV_WARNING, FSE_SEV_INFO } fse_severity;

typedef struct {
    fse_severity sev;
    char *rule;     /* stable id of the check, e.g. "valeur-rejetee", "doublon" */
    char *file;     /* path as the user gave it, or NULL */
    long line, col; /* 1-based, 0 = unknown */
    char *message;  /* French or English sentence, UTF-8 */
} fse_controle;

typedef struct {
    fse_controle *items; /* owned */
    size_t n, cap;
    size_t nerrors, nwarnings;
    bool quiet;          /* true: record only, print nothing (tests) */
    bool quiet_warnings; /* true: print errors only */
    size_t max_print;    /* per rule: print at most this many to stderr (0 = no limit) */
    struct { char *rule; size_t n; } *rules; /* count per rule (few distinct rules) */
    size_t nrules, cap_rules;
} fse_diags;

/* Record a diagnostic and print it to stderr (unless quiet; INFO is never
 * printed). fmt is printf-style; the message is copied. */
void fse_diag(fse_diags *d, fse_severity sev, const char *rule, const char *file,
              long line, long col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Same with a va_list. */
void fse_vdiag(fse_diags *d, fse_severity sev, const char *rule, const char *file,
               long line, long col, const char *fmt, va_list ap);
/* Number of recorded items with this rule. */
size_t fse_diag_count(const fse_diags *d, const char *rule);
const char *fse_severity_name(fse_severity s); /* "erreur", "avertissement", "info" */
void fse_diags_free(fse_diags *d);

#endif
