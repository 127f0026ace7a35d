/* pack.h — a pack being written: <out>/<fiche>/<period-label>/ (DESIGN §5).
 *
 * Why: "a failed run leaves no partial pack and never damages a pack already
 * published; two runs on the same output are serialised by a lock". Files
 * are written into a hidden sibling folder; fse_pack_publish adds
 * manifest.json and SHA256SUMS, syncs, and swaps the folder into place with
 * renameat2(RENAME_EXCHANGE) (or rename when there was no previous pack),
 * then removes the old one. fse_pack_abort removes the hidden folder.
 */
#ifndef FSE_PACK_H
#define FSE_PACK_H

#include <stddef.h>
#include <stdio.h>
#include "common/diag.h"

typedef struct {
    char *name;       /* file name inside the pack, e.g. "02-tableau-impact.pdf" */
    char *piece;      /* pièce id or NULL for data files */
    int pages;        /* PDF pages, 0 otherwise */
    char sha256[65];
    long long size;
} fse_pack_file;

typedef struct {
    char *root;       /* <out> */
    char *final;      /* <out>/<fiche>/<label> */
    char *tmp;        /* <out>/<fiche>/.<label>.tmp-<pid> */
    fse_pack_file *files;
    size_t nfiles, cap;
} fse_pack;

/* The lock of an output folder (<out>/.fsepack.lock, flock). Returns an fd
 * >= 0, -1 when the folder cannot be created (EX_CANTCREAT), -2 when another
 * run holds it (EX_TEMPFAIL). */
int fse_out_lock(const char *out, char *err, size_t errlen);
void fse_out_unlock(int fd);

/* Create the hidden folder. Returns 0 or -1 (message in err). */
int fse_pack_begin(fse_pack *p, const char *out, const char *fiche, const char *label,
                   char *err, size_t errlen);
/* Path of a new file name in the hidden folder (owned). */
char *fse_pack_path(const fse_pack *p, const char *name);
/* Record a written file (hashes it). Returns 0 or -1. */
int fse_pack_add(fse_pack *p, const char *name, const char *piece, int pages);
/* Write SHA256SUMS over every recorded file (manifest.json must have been
 * added by the caller first), then swap into place. Returns 0 or -1. */
int fse_pack_publish(fse_pack *p, char *err, size_t errlen);
/* Remove the hidden folder and free p. Safe after publish (frees only). */
void fse_pack_abort(fse_pack *p);

#endif
