/* main.c — fsepack's entry point: one dispatch table of commands (DESIGN §5).
 *
 * The locale is never set from the environment: LC_NUMERIC stays "C" so
 * that libxlsxwriter and printf write '.' decimals (research/tech.md §2.4).
 * Messages are French whatever the locale (commands/cli.c, common/util.h
 * fse_strerror).
 *
 * Standard streams (cron, `>&-`, a full disk or a closed pipe as stdout):
 * a closed descriptor 0, 1 or 2 is first reopened (stdin on /dev/null,
 * stdout and stderr on /dev/full), so that no file fsepack opens later
 * (the lock, a file of the pack) takes that number and receives messages;
 * SIGPIPE is ignored, so a reader gone away gives a write error instead of
 * a silent death halfway through the packs. Whatever the command wrote on
 * stdout that did not arrive ends in one message on stderr and exit 74
 * (EX_IOERR) when the command itself succeeded.
 */
#include "commands/cli.h"
#include "commands/commands.h"
#include "common/util.h"
#include "pack/outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
} commands[] = {
    { "run", fse_cmd_run },
    { "check", fse_cmd_check },
    { "list", fse_cmd_list },
    { "emargement", fse_cmd_emargement },
    { "verify", fse_cmd_verify },
};

static int stdout_closed;  /* descriptor 1 was closed at start */

/* Reopen a closed descriptor 0, 1 or 2 (see above). */
static void fill_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
        if (fd == 1) stdout_closed = 1;
        int f = open(fd ? "/dev/full" : "/dev/null", fd ? O_WRONLY : O_RDONLY);
        if (f < 0) f = open("/dev/null", fd ? O_WRONLY : O_RDONLY);
        if (f >= 0 && f != fd) { dup2(f, fd); close(f); }
    }
}

/* rc, or EX_IOERR with a message when stdout lost some of its output. */
static int check_stdout(int rc)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout)) return rc;
    fprintf(stderr, "fsepack: error: écriture impossible sur la sortie standard : %s\n",
            stdout_closed ? "elle est fermée" : errno ? fse_strerror(errno) : "erreur d'écriture");
    return rc ? rc : EX_IOERR;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    fill_std_fds();
    signal(SIGPIPE, SIG_IGN);
    return check_stdout(dispatch(argc, argv));
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) { fse_cli_help(stderr, NULL); return EX_USAGE; }
    const char *a = argv[1];
    if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "help")) {
        if (!strcmp(a, "help") && argc > 2) {
            if (fse_cli_help(stdout, argv[2]) == 0) return 0;
            fprintf(stderr, "fsepack: error: commande inconnue « %s »\n", argv[2]);
            fse_cli_help(stderr, NULL);
            return EX_USAGE;
        }
        fse_cli_help(stdout, NULL);
        return 0;
    }
    if (!strcmp(a, "--version") || !strcmp(a, "-V")) { printf("fsepack %s\n", FSE_VERSION); return 0; }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(a, commands[i].name)) return commands[i].fn(argc - 2, argv + 2);
    fprintf(stderr, "fsepack: error: commande inconnue « %s »\n", a);
    fse_cli_help(stderr, NULL);
    return EX_USAGE;
}
