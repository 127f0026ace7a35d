/* cli.c — see cli.h. */
#include "commands/cli.h"
#include "common/progress.h"
#include "pack/outputs.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fse_cli_out_init(fse_cli_out *o, bool summary, bool verbose)
{
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    o->tty = isatty(STDOUT_FILENO);
    o->progress = isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
    o->color = o->tty && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
    o->summary = summary;
    o->verbose = verbose;
    fse_progress_enable(o->progress);
}

bool fse_cli_report(const fse_cli_out *o)
{
    return o->tty || o->verbose;
}

const char *fse_cli_sgr(const fse_cli_out *o, const char *code)
{
    static char buf[4][16];   /* a few calls may share one printf */
    static unsigned next;
    if (!o->color) return "";
    char *b = buf[next++ % 4];
    snprintf(b, sizeof buf[0], "\033[%sm", code);
    return b;
}

typedef struct {
    const char *name, *usage, *text;
} help_entry;

#define PERIOD_HELP \
    "  --period P      période : 2024 (l'année), 2024-05 (un mois : le bilan ajoute le cumul\n" \
    "                  de l'année et la trajectoire), 2024-01-01..2024-06-30, ou previous-month\n" \
    "                  (le mois précédant aujourd'hui, pour cron le 1er du mois), ou\n" \
    "                  year-of-previous-month (l'année de ce mois : le pack annuel tenu à jour).\n" \
    "                  Sans --period : la clé defaut de la section [periode] du job.\n" \
    "                  FSEPACK_TODAY=AAAA-MM-JJ fixe « aujourd'hui » (essais).\n"
#define FICHE_HELP \
    "  --fiche ID      seulement cette fiche (répétable) ; par défaut chaque [fiche.ID] du job\n"
#define QUIET_HELP \
    "  --summary       une ligne de résumé sur la sortie standard, même sans terminal\n" \
    "  --verbose       le compte rendu complet même sans terminal\n" \
    "  -h, --help      cette aide\n"

static const help_entry helps[] = {
    { "run", "fsepack run JOB.ini [--period P] [--fiche ID]... [--out DOSSIER] [--wait] [--archive] [--summary] [--verbose]",
      "Construit un pack de pièces justificatives par fiche dans DOSSIER/<fiche>/<période>/ :\n"
      "indicateurs.csv, controles.csv, les pièces (PDF et XLSX), dossier-complet.pdf,\n"
      "manifest.json et SHA256SUMS. Rien n'est publié si une entrée est en erreur ; un pack\n"
      "est remplacé en entier ou pas du tout, l'ancien gardé dans DOSSIER/<fiche>/.<période>.precedent/.\n\n"
      "Options :\n" PERIOD_HELP FICHE_HELP
      "  --out DOSSIER   dossier de sortie (défaut : la clé dossier de [sortie] du job, sinon\n"
      "                  out/ à côté du fichier JOB.ini)\n"
      "  --wait          si une autre exécution tient le verrou du dossier, l'attendre\n"
      "                  (sans --wait : sortie 75 aussitôt)\n"
      "  --archive       écrire aussi DOSSIER/<fiche>/<période>.zip à remettre (fsepack verify)\n"
      QUIET_HELP "\n"
      "À un terminal : progression sur la sortie d'erreur, puis le tableau des indicateurs\n"
      "(valeur, cible, taux, ✓/✗). Sans terminal (cron, systemd) : rien d'autre que les\n"
      "avertissements et les erreurs, et la ligne de --summary.\n" },
    { "check", "fsepack check JOB.ini [--period P] [--fiche ID]... [--summary] [--verbose]",
      "Lit chaque export et fait les contrôles qualité sans rien écrire : le contrôle\n"
      "préalable d'un job cron (fsepack check JOB.ini && fsepack run JOB.ini).\n"
      "Statut 0 sans erreur ; les avertissements n'empêchent pas le pack.\n\n"
      "Options :\n" PERIOD_HELP FICHE_HELP QUIET_HELP },
    { "list", "fsepack list [JOB.ini]",
      "Liste les fiches (toutes, ou celles du job), leurs indicateurs, cibles, mesures et\n"
      "pièces.\n\n"
      "Options :\n"
      "  -h, --help      cette aide\n" },
    { "emargement", "fsepack emargement JOB.ini [--period P] [--out DOSSIER] [--wait] [--action ID]... [--fiche ID]...",
      "Imprime les feuilles d'émargement vierges à faire signer pour les actions de la\n"
      "période (DOSSIER/emargements-<période>.pdf).\n\n"
      "Options :\n" PERIOD_HELP FICHE_HELP
      "  --out DOSSIER   dossier de sortie (comme run)\n"
      "  --wait          attendre le verrou du dossier de sortie (sinon sortie 75)\n"
      "  --action ID     seulement cette action (répétable)\n"
      "  --summary       une ligne de résumé sur la sortie standard\n"
      "  --verbose       le compte rendu même sans terminal\n"
      "  -h, --help      cette aide\n" },
    { "verify", "fsepack verify PACK|ZIP",
      "Vérifie un pack reçu (son dossier, ou le .zip de run --archive) : chaque fichier\n"
      "contre SHA256SUMS et manifest.json, SHA256SUMS contre manifest.json, aucun fichier\n"
      "absent ni en trop. Nomme chaque fichier qui diffère et affiche l'empreinte du pack\n"
      "(SHA-256 de SHA256SUMS), à comparer avec celle reçue à part du pack.\n"
      "Statut 0 intact, 65 un fichier diffère, manque ou est en trop, 66 pas un pack.\n\n"
      "Options :\n"
      "  -h, --help      cette aide\n" },
    { "help", "fsepack help [COMMANDE]", "Affiche l'aide générale, ou celle d'une commande.\n" },
};

const char *fse_cli_usage(const char *name)
{
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
        if (!strcmp(helps[i].name, name)) return helps[i].usage;
    return "fsepack COMMANDE [options]";
}

int fse_cli_help(FILE *f, const char *name)
{
    if (name) {
        for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++)
            if (!strcmp(helps[i].name, name)) {
                fprintf(f, "usage : %s\n\n%s", helps[i].usage, helps[i].text);
                return 0;
            }
        return -1;
    }
    fprintf(f, "fsepack %s — pièces justificatives FSE+ à partir des exports ABC Clause et Viesion\n\n"
               "usage : fsepack COMMANDE [options]\n\n"
               "Commandes :\n"
               "  run JOB.ini         construit les packs de pièces justificatives\n"
               "  check JOB.ini       lit les exports et fait les contrôles, sans rien écrire\n"
               "  list [JOB.ini]      fiches, indicateurs, pièces\n"
               "  emargement JOB.ini  feuilles d'émargement pré-remplies, à signer\n"
               "  verify PACK|ZIP     vérifie un pack reçu (manifest.json, SHA256SUMS)\n"
               "  help [COMMANDE]     cette aide, ou celle d'une commande (aussi COMMANDE --help)\n\n"
               "Options générales : --help, --version\n\n"
               "Statut de sortie (sysexits.h) : 0 fait, 64 usage, 65 données en erreur,\n"
               "66 entrée absente, 73 sortie impossible à créer, 74 sortie standard impossible\n"
               "à écrire, 75 une autre exécution tient le verrou (réessayer plus tard).\n"
               "Diagnostics sur la sortie d'erreur : fichier:ligne:colonne: error|warning: message.\n",
            FSE_VERSION);
    return 0;
}
