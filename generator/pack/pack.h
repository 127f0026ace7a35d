/* pack.h — a pack being written: <out>/<fiche>/<period-label>/ (DESIGN §5).
 *
 * Why: "a failed run leaves no partial pack and never damages a pack already
 * published; two runs on the same output are serialised by a lock". Files
 * are written into a hidden sibling folder <out>/<fiche>/.<label>.tmp-<pid>;
 * fse_pack_seal writes SHA256SUMS; fse_pack_publish syncs and swaps the
 * folder into place with renameat2(RENAME_EXCHANGE) (or two renames when the
 * file system lacks it, the previous pack restored on failure). The
 * previous pack is not deleted: it is kept, whole, as
 * <out>/<fiche>/.<label>.precedent/ (one generation; the one before is
 * removed), and its archive <label>.zip, if any, as .<label>.precedent.zip
 * (set aside before the swap as .<label>.zip-<fingerprint>: an archive
 * never sits beside another pack; a run killed then leaves that name, given
 * back to its pack by the next fse_pack_begin).
 * A run killed at any point leaves the published pack untouched: only hidden .<label>.tmp-* entries remain, removed by the next run that
 * holds the lock. fse_pack_abort removes the hidden folder; so does the
 * out-of-memory exit of fse_xmalloc and its kin (util.h) while the pack is
 * built, up to the rename that publishes it (never after: the folder then
 * holds the previous pack, or is gone).
 */
#ifndef FSE_PACK_H
#define FSE_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
    char *previous;   /* <out>/<fiche>/.<label>.precedent: the pack replaced by this one */
    char *zip_tmp;    /* <out>/<fiche>/.<label>.tmp-<pid>.zip while an archive is written, or NULL */
    char *zip_final;  /* <out>/<fiche>/<label>.zip (run --archive), or NULL */
    bool sealed;      /* SHA256SUMS written */
    fse_pack_file *files;
    size_t nfiles, cap;
} fse_pack;

/* The lock of an output folder (<out>/.fsepack.lock, flock(2), held until
 * fse_out_unlock or the process ends, even by SIGKILL). wait: block until
 * the other run releases it (run --wait); else fail at once. Returns an fd
 * >= 0, -1 when the folder cannot be created (EX_CANTCREAT), -2 when another
 * run holds it and wait is false (EX_TEMPFAIL, 75). */
int fse_out_lock(const char *out, bool wait, char *err, size_t errlen);
void fse_out_unlock(int fd);

/* The fingerprint of the pack folder at dir: the SHA-256 of its SHA256SUMS
 * (what protects every file of it, verify.h) as 64 hex digits in hex[65].
 * Returns 0, or errno when SHA256SUMS cannot be read. */
int fse_pack_fingerprint(const char *dir, char hex[65]);
/* Create the hidden folder. Returns 0 or -1 (message in err). */
int fse_pack_begin(fse_pack *p, const char *out, const char *fiche, const char *label,
                   char *err, size_t errlen);
/* Path of a new file name in the hidden folder (owned). */
char *fse_pack_path(const fse_pack *p, const char *name);
/* Record a written file (hashes it). Returns 0 or -1. */
int fse_pack_add(fse_pack *p, const char *name, const char *piece, int pages);
/* Write SHA256SUMS over every recorded file, in the order recorded
 * (manifest.json must have been added by the caller, last). Returns 0 or -1. */
int fse_pack_seal(fse_pack *p, char *err, size_t errlen);
/* Write the hand-off archive of the sealed pack (archive.c) to p->zip_tmp,
 * published as <out>/<fiche>/<label>.zip by fse_pack_publish. Entries
 * "<fiche>_<label>/<file>" for every file and SHA256SUMS, sorted by name,
 * each dated epoch (SOURCE_DATE_EPOCH; DOS time in UTC), mode 0644, deflated:
 * the same pack gives the same bytes. Returns 0 or -1. */
int fse_pack_archive(fse_pack *p, const char *fiche, const char *label, int64_t epoch,
                     char *err, size_t errlen);
/* Seal if needed, sync, swap into place, keep the previous pack as
 * p->previous, then rename the archive into place. Returns 0 or -1. */
int fse_pack_publish(fse_pack *p, char *err, size_t errlen);
/* Remove the hidden folder and free p. Safe after publish (frees only). */
void fse_pack_abort(fse_pack *p);

#endif
