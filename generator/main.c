/* main.c — fsepack's entry point: one dispatch table of commands (DESIGN §5).
 *
 * The locale is never set from the environment: LC_NUMERIC stays "C" so
 * that libxlsxwriter and printf write '.' decimals (research/tech.md §2.4).
 * Messages are French whatever the locale (commands/cli.c, common/util.h
 * fse_strerror).
 */
#include "commands/cli.h"
#include "commands/commands.h"
#include "pack/outputs.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

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

int main(int argc, char **argv)
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
