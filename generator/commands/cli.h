/* cli.h — what the command line shows people (issue 6): the help of each
 * command in French, and how a command speaks depending on where it runs.
 *
 * At a terminal (stdout a TTY) a command prints its final table and a
 * progress line on stderr (common/progress.h). Unattended — through a pipe,
 * under cron or systemd — it prints nothing but the warnings and errors of
 * stderr, and the one line of --summary when asked. Colour only at a
 * terminal and when NO_COLOR is unset (no-color.org) and TERM is not "dumb".
 */
#ifndef FSE_CLI_H
#define FSE_CLI_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    bool tty;       /* stdout is a terminal: final table and lines */
    bool progress;  /* stderr is a terminal: progress line */
    bool color;     /* tty, NO_COLOR unset or empty, TERM not dumb */
    bool summary;   /* --summary: one line on stdout, terminal or not */
    bool verbose;   /* --verbose: the terminal output even without a terminal */
} fse_cli_out;

/* Detect the terminal and the environment; summary and verbose from the
 * options. Turns the progress display on when stderr is a terminal. */
void fse_cli_out_init(fse_cli_out *o, bool summary, bool verbose);
/* True when the command's report (tables, "pack écrit") is shown. */
bool fse_cli_report(const fse_cli_out *o);
/* ANSI SGR code (e.g. "32" green) or "" when colour is off; reset with
 * fse_cli_sgr(o, "0"). Returns one of 4 static buffers used in turn (up to
 * 4 calls may share one printf). */
const char *fse_cli_sgr(const fse_cli_out *o, const char *code);

/* Print the help of command name ("run", "check", …) or the general help
 * when name is NULL to f. Returns 0, or -1 when name is not a command. */
int fse_cli_help(FILE *f, const char *name);
/* The one-line synopsis of a command ("fsepack run JOB.ini [options]"). */
const char *fse_cli_usage(const char *name);

#endif
