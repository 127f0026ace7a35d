/* verify.c — `fsepack verify PACK|ZIP`: check a received pack (its folder,
 * or the <label>.zip of `run --archive`) against its manifest.json and
 * SHA256SUMS, and say which file differs (pack/verify.h).
 *
 * Exit status (sysexits.h): 0 intact; 65 (EX_DATAERR) a file differs, is
 * missing or is unexpected; 66 (EX_NOINPUT) PACK cannot be read as a pack;
 * 64 usage.
 */
#include "commands/cli.h"
#include "commands/commands.h"
#include "pack/verify.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

int fse_cmd_verify(int argc, char **argv)
{
    if (argc == 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"))) {
        fse_cli_help(stdout, "verify");
        return 0;
    }
    if (argc != 1 || argv[0][0] == '-') {
        fprintf(stderr, "fsepack: error: usage : %s\n", fse_cli_usage("verify"));
        return EX_USAGE;
    }
    int rc = fse_verify_pack(argv[0], stdout);
    fflush(stdout);
    return rc < 0 ? EX_NOINPUT : rc ? EX_DATAERR : 0;
}
