/* pack.c — see pack.h. */
#define _GNU_SOURCE
#include "pack/pack.h"
#include "common/sha256.h"
#include "common/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdirs(const char *path)
{
    char *p = fse_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(p, 0777) && errno != EEXIST) { free(p); return -1; }
        *s = '/';
    }
    int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

/* Remove path and, when it is a real folder, what it holds. A symbolic link
 * is removed itself, never followed (a link planted as a pack folder must
 * not make fsepack empty its target). */
static void rmtree(const char *path)
{
    struct stat lst;
    if (lstat(path, &lst)) return;
    if (!S_ISDIR(lst.st_mode)) { unlink(path); return; }
    DIR *d = opendir(path);
    if (!d) { rmdir(path); return; }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *sub = fse_xasprintf("%s/%s", path, e->d_name);
        struct stat st;
        if (!lstat(sub, &st) && S_ISDIR(st.st_mode)) rmtree(sub);
        else unlink(sub);
        free(sub);
    }
    closedir(d);
    rmdir(path);
}

/* ---- the out-of-memory exit (util.c) and the hidden folder -------------
 * While a pack is built, its hidden folder (and the archive written beside
 * it, <tmp>.zip) is "armed": fse_xmalloc's out-of-memory exit then calls
 * staging_cleanup, which removes them, so that exit leaves nothing behind
 * (before, the next run had to clean it). It is disarmed just before each
 * rename that moves the folder into place: after RENAME_EXCHANGE the tmp
 * path holds the PREVIOUS pack until keep_previous moves it to .precedent,
 * and removing it then would lose that pack; after a plain rename the path
 * is gone. So the exit removes only what no one else can see yet: nothing
 * published is touched, and the published pack and its .precedent stay. */
static char staging[4096];   /* the armed folder, "" when none */

/* Remove what dirfd holds (depth levels of sub-folders at most), without
 * allocating: getdents64 into a stack buffer, unlinkat, never following a
 * link. Entries removed during a read can hide others from it: read again
 * from the start until a pass removes nothing. */
static void clear_dir_noalloc(int dirfd, int depth)
{
    char buf[2048] __attribute__((aligned(8)));
    bool removed = true;
    while (removed) {
        removed = false;
        if (lseek(dirfd, 0, SEEK_SET) < 0) return;
        ssize_t n;
        while ((n = getdents64(dirfd, buf, sizeof buf)) > 0) {
            for (ssize_t off = 0; off < n;) {
                struct dirent64 *e = (struct dirent64 *)(buf + off);
                off += e->d_reclen;
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                if (!unlinkat(dirfd, e->d_name, 0)) { removed = true; continue; }
                if (depth <= 0 || (errno != EISDIR && errno != EPERM)) continue;
                int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0) continue;
                clear_dir_noalloc(sub, depth - 1);
                close(sub);
                if (!unlinkat(dirfd, e->d_name, AT_REMOVEDIR)) removed = true;
            }
        }
    }
}

/* fse_set_fatal_cleanup's function: the armed folder and <folder>.zip go. */
static void staging_cleanup(void)
{
    if (!*staging) return;
    int fd = open(staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        clear_dir_noalloc(fd, 4);
        close(fd);
        rmdir(staging);
    }
    size_t n = strlen(staging);
    if (n + 4 < sizeof staging) {
        memcpy(staging + n, ".zip", 5);
        unlink(staging);
    }
    staging[0] = 0;
}

static void staging_arm(const char *tmp)
{
    if (snprintf(staging, sizeof staging, "%s", tmp) >= (int)(sizeof staging - 4)) {
        staging[0] = 0;   /* too long to hold whole: left to the next run */
        return;
    }
    fse_set_fatal_cleanup(staging_cleanup);
}

static void staging_disarm(void)
{
    fse_set_fatal_cleanup(NULL);
    staging[0] = 0;
}

int fse_out_lock(const char *out, bool wait, char *err, size_t errlen)
{
    if (mkdirs(out)) {
        snprintf(err, errlen, "création impossible de %s : %s", out, fse_strerror(errno));
        return -1;
    }
    char *path = fse_xasprintf("%s/.fsepack.lock", out);
    /* never through a link planted in the output folder (it would create or
     * open its target); a FIFO does not block the open */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0666);
    if (fd < 0) {
        snprintf(err, errlen, "création impossible de %s : %s", path,
                 errno == ELOOP ? "c'est un lien symbolique (supprimez-le)" : fse_strerror(errno));
        free(path);
        return -1;
    }
    int rc;
    while ((rc = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) && errno == EINTR) {}
    if (rc) {
        snprintf(err, errlen, "une autre exécution de fsepack tient le verrou %s : réessayez quand elle "
                 "sera terminée, ou donnez --wait pour l'attendre", path);
        free(path);
        close(fd);
        return -2;
    }
    free(path);
    return fd;
}

void fse_out_unlock(int fd)
{
    if (fd >= 0) close(fd);
}

int fse_pack_fingerprint(const char *dir, char hex[65])
{
    char *sums = fse_xasprintf("%s/SHA256SUMS", dir);
    int rc = fse_sha256_file(sums, hex, NULL);
    free(sums);
    return rc;
}

/* The first 16 hex digits of the SHA-256 of <pack>/SHA256SUMS (the pack's
 * fingerprint) into fp[17]; "" when it cannot be read. */
static void short_fingerprint(const char *pack, char fp[17])
{
    char hex[65];
    fp[0] = 0;
    if (!fse_pack_fingerprint(pack, hex)) { memcpy(fp, hex, 16); fp[16] = 0; }
}

/* The archive set aside at stale (".<label>.zip-<fp>") by a run killed
 * during its publication: back beside the pack whose fingerprint is fp, as
 * <label>.zip or .<label>.precedent.zip, else removed. */
static void recover_zip(const fse_pack *p, const char *stale, const char *fp)
{
    char now[17], prev[17];
    short_fingerprint(p->final, now);
    short_fingerprint(p->previous, prev);
    char *to = *now && !strcmp(fp, now) ? fse_xasprintf("%s.zip", p->final)
             : *prev && !strcmp(fp, prev) ? fse_xasprintf("%s.zip", p->previous) : NULL;
    struct stat st;
    if (!to || !lstat(to, &st) || rename(stale, to)) unlink(stale);
    free(to);
}

int fse_pack_begin(fse_pack *p, const char *out, const char *fiche, const char *label,
                   char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->root = fse_xstrdup(out);
    p->final = fse_xasprintf("%s/%s/%s", out, fiche, label);
    p->tmp = fse_xasprintf("%s/%s/.%s.tmp-%ld", out, fiche, label, (long)getpid());
    p->previous = fse_xasprintf("%s/%s/.%s.precedent", out, fiche, label);
    struct stat lst;
    if (!lstat(p->final, &lst) && !S_ISDIR(lst.st_mode)) {
        snprintf(err, errlen, "%s existe et n'est pas un dossier (%s) : supprimez-le d'abord", p->final,
                 S_ISLNK(lst.st_mode) ? "un lien symbolique" : "un fichier");
        return -1;
    }
    /* we hold the output lock: hidden folders left by a killed run are stale */
    char *parent = fse_xasprintf("%s/%s", out, fiche), *prefix = fse_xasprintf(".%s.", label);
    DIR *dh = opendir(parent);
    struct dirent *e;
    while (dh && (e = readdir(dh))) {
        if (strncmp(e->d_name, prefix, strlen(prefix))) continue;
        const char *rest = e->d_name + strlen(prefix);
        if (strncmp(rest, "tmp-", 4) && strncmp(rest, "old-", 4)) continue;  /* zip-: below */
        char *stale = fse_xasprintf("%s/%s", parent, e->d_name);
        /* a run killed between its two renames (no RENAME_EXCHANGE) left the
         * published pack aside as .old-: put it back rather than lose it */
        if (!strncmp(rest, "old-", 4) && lstat(p->final, &lst) && !rename(stale, p->final)) { free(stale); continue; }
        rmtree(stale);
        free(stale);
    }
    /* then the archives set aside, once the packs are back in place */
    if (dh) rewinddir(dh);
    while (dh && (e = readdir(dh))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) || strncmp(e->d_name + strlen(prefix), "zip-", 4)) continue;
        char *stale = fse_xasprintf("%s/%s", parent, e->d_name);
        recover_zip(p, stale, e->d_name + strlen(prefix) + 4);
        free(stale);
    }
    if (dh) closedir(dh);
    free(parent);
    free(prefix);
    staging_arm(p->tmp);   /* ours from here: our pid, under the lock */
    rmtree(p->tmp);
    if (mkdirs(p->tmp)) {
        snprintf(err, errlen, "création impossible de %s : %s", p->tmp, fse_strerror(errno));
        return -1;
    }
    return 0;
}

char *fse_pack_path(const fse_pack *p, const char *name)
{
    return fse_xasprintf("%s/%s", p->tmp, name);
}

int fse_pack_add(fse_pack *p, const char *name, const char *piece, int pages)
{
    fse_pack_file f = { fse_xstrdup(name), fse_xstrdup(piece), pages, "", 0 };
    char *path = fse_pack_path(p, name);
    int rc = fse_sha256_file(path, f.sha256, &f.size);
    free(path);
    if (rc) { free(f.name); free(f.piece); return -1; }
    FSE_PUSH(p->files, p->nfiles, p->cap, f);
    return 0;
}

static int sync_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int fse_pack_seal(fse_pack *p, char *err, size_t errlen)
{
    if (p->sealed) return 0;
    char *sums = fse_pack_path(p, "SHA256SUMS");
    FILE *f = fopen(sums, "w");
    if (!f) {
        snprintf(err, errlen, "création impossible de %s : %s", sums, fse_strerror(errno));
        free(sums);
        return -1;
    }
    for (size_t i = 0; i < p->nfiles; i++) fprintf(f, "%s  %s\n", p->files[i].sha256, p->files[i].name);
    if (ferror(f) | fclose(f)) {  /* both run: a failed write is caught even when the close succeeds */
        snprintf(err, errlen, "écriture impossible de %s : %s", sums, fse_strerror(errno));
        free(sums);
        return -1;
    }
    free(sums);
    p->sealed = true;
    return 0;
}

/* The pack now at final was the previous one until the swap: keep it as
 * p->previous (replacing an older one). Failures only lose that copy.
 * When an older one is there, the two are swapped first and the older one
 * removed after, so that a whole earlier pack sits at p->previous at every
 * instant: a run that dies here (killed, out of memory) leaves .precedent
 * whole, not half removed with the pack just replaced in a tmp folder the
 * next run deletes (review). Without RENAME_EXCHANGE: remove, then move. */
static void keep_previous(fse_pack *p, const char *old)
{
    if (renameat2(AT_FDCWD, old, AT_FDCWD, p->previous, RENAME_EXCHANGE) == 0) {
        rmtree(old);   /* now the older pack */
        return;
    }
    rmtree(p->previous);
    if (rename(old, p->previous)) rmtree(old);
}

static int publish_folder(fse_pack *p, char *err, size_t errlen);

int fse_pack_publish(fse_pack *p, char *err, size_t errlen)
{
    if (fse_pack_seal(p, err, errlen)) return -1;
    for (size_t i = 0; i < p->nfiles; i++) {
        char *path = fse_pack_path(p, p->files[i].name);
        sync_file(path);
        free(path);
    }
    char *sums = fse_pack_path(p, "SHA256SUMS");
    sync_file(sums);
    free(sums);
    sync_file(p->tmp);
    /* <label>.zip beside the pack is the previous pack's: set it aside
     * before the swap as .<label>.zip-<its pack's fingerprint>, so a new pack
     * never sits beside an older archive (a run without --archive, a run
     * killed between the swap and the archive's rename), then make it
     * .<label>.precedent.zip; a run killed in between leaves the aside name,
     * which the next fse_pack_begin gives back to the pack it belongs to */
    char *zip_final = fse_xasprintf("%s.zip", p->final), *zip_prev = fse_xasprintf("%s.zip", p->previous);
    char *aside = NULL, fp[17];
    struct stat st;
    unlink(zip_prev);
    if (!lstat(zip_final, &st) && S_ISREG(st.st_mode)) {
        short_fingerprint(p->final, fp);
        const char *slash = strrchr(p->final, '/');
        aside = fse_xasprintf("%.*s/.%s.zip-%s", (int)(slash - p->final), p->final, slash + 1, *fp ? fp : "inconnue");
        if (rename(zip_final, aside)) {
            snprintf(err, errlen, "publication impossible de %s : l'archive précédente %s ne peut être écartée : %s",
                     p->final, zip_final, fse_strerror(errno));
            free(zip_final);
            free(zip_prev);
            free(aside);
            return -1;
        }
    }
    int rc = publish_folder(p, err, errlen);
    if (aside && rc) rename(aside, zip_final);   /* the previous pack stays, with its archive */
    else if (aside && rename(aside, zip_prev)) unlink(aside);
    free(zip_final);
    free(zip_prev);
    free(aside);
    if (rc) return -1;
    free(p->tmp);
    p->tmp = NULL;
    if (p->zip_tmp) {
        sync_file(p->zip_tmp);
        if (rename(p->zip_tmp, p->zip_final)) {
            snprintf(err, errlen, "pack publié dans %s, mais son archive n'a pas pu être renommée en %s : %s",
                     p->final, p->zip_final, fse_strerror(errno));
            return -1;
        }
        free(p->zip_tmp);
        p->zip_tmp = NULL;
    }
    char *parent = fse_xstrdup(p->final);
    *strrchr(parent, '/') = 0;
    sync_file(parent);
    free(parent);
    return 0;
}

/* Swap the sealed hidden folder into place (the previous pack kept).
 * Returns 0, or -1 with err set and the previous pack in place. */
static int publish_folder(fse_pack *p, char *err, size_t errlen)
{
    struct stat st;
    if (!stat(p->final, &st)) {
        staging_disarm();   /* nothing below allocates until the folder has moved */
        if (renameat2(AT_FDCWD, p->tmp, AT_FDCWD, p->final, RENAME_EXCHANGE) == 0) {
            keep_previous(p, p->tmp);  /* tmp now holds the previous pack */
        } else {
            staging_arm(p->tmp);
            /* no RENAME_EXCHANGE (some file systems): move the old pack aside in the
             * same folder (not through final/.., which vanishes with final), then in */
            const char *slash = strrchr(p->final, '/');
            char *old = fse_xasprintf("%.*s/.%s.old-%ld", (int)(slash - p->final), p->final, slash + 1,
                                      (long)getpid());
            if (rename(p->final, old)) {
                snprintf(err, errlen, "publication impossible de %s : %s", p->final, fse_strerror(errno));
                free(old);
                return -1;
            }
            staging_disarm();
            if (rename(p->tmp, p->final)) {
                int e = errno;
                staging_arm(p->tmp);
                if (rename(old, p->final))
                    snprintf(err, errlen, "publication impossible de %s (%s), le pack précédent reste dans %s : %s",
                             p->final, fse_strerror(e), old, fse_strerror(errno));
                else
                    snprintf(err, errlen, "publication impossible de %s : %s (pack précédent conservé)", p->final, fse_strerror(e));
                free(old);
                return -1;
            }
            keep_previous(p, old);
            free(old);
        }
    } else {
        staging_disarm();
        if (rename(p->tmp, p->final)) {
            snprintf(err, errlen, "publication impossible de %s : %s", p->final, fse_strerror(errno));
            staging_arm(p->tmp);
            return -1;
        }
    }
    return 0;
}

void fse_pack_abort(fse_pack *p)
{
    if (p->tmp) rmtree(p->tmp);   /* still armed: rmtree allocates, its oom exit finishes the job */
    if (p->zip_tmp) unlink(p->zip_tmp);
    staging_disarm();
    for (size_t i = 0; i < p->nfiles; i++) { free(p->files[i].name); free(p->files[i].piece); }
    free(p->files);
    free(p->root); free(p->final); free(p->tmp); free(p->previous); free(p->zip_tmp); free(p->zip_final);
    memset(p, 0, sizeof *p);
}
