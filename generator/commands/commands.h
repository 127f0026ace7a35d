/* commands.h — one function per command of the command line (DESIGN §5,
 * contract); main.c dispatches to them through one table. Each returns an
 * exit status of sysexits.h. argv excludes the program and command names.
 */
#ifndef FSE_COMMANDS_H
#define FSE_COMMANDS_H

int fse_cmd_run(int argc, char **argv);
int fse_cmd_check(int argc, char **argv);
int fse_cmd_list(int argc, char **argv);
int fse_cmd_emargement(int argc, char **argv);
int fse_cmd_verify(int argc, char **argv);

#endif
