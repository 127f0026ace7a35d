/* main.c — fsepack's entry point: one dispatch table of commands (DESIGN §5).
 *
 * The locale is never set from the environment: LC_NUMERIC stays "C" so
 * that libxlsxwriter and printf write '.' decimals (research/tech.md §2.4).
 */
#include "commands/commands.h"
#include "pack/outputs.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    { "run", fse_cmd_run, "run   JOB.ini [--period P] [--fiche ID]... [--out DIR]   construit les packs" },
    { "check", fse_cmd_check, "check JOB.ini [--period P]                               lit les exports et fait les contrôles, sans rien écrire" },
    { "list", fse_cmd_list, "list  [JOB.ini]                                          fiches, indicateurs, pièces" },
    { "emargement", fse_cmd_emargement, "emargement JOB.ini [--period P] [--out DIR] [--action ID]...  feuilles d'émargement vierges à signer" },
};

static void usage(FILE *f)
{
    fprintf(f, "fsepack %s — pièces justificatives FSE+ à partir des exports ABC Clause et Viesion\nusage :\n", FSE_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) fprintf(f, "  fsepack %s\n", commands[i].help);
    fprintf(f, "statut de sortie : 0 fait, 64 usage, 65 données en erreur, 66 entrée absente,\n"
               "                   73 sortie impossible à créer, 75 une autre exécution tient le verrou\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return EX_USAGE; }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) { usage(stdout); return 0; }
    if (!strcmp(argv[1], "--version")) { printf("fsepack %s\n", FSE_VERSION); return 0; }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].fn(argc - 2, argv + 2);
    fprintf(stderr, "fsepack: error: commande inconnue « %s »\n", argv[1]);
    usage(stderr);
    return EX_USAGE;
}
