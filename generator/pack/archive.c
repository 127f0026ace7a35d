/* archive.c — fse_pack_archive (pack.h): the hand-off ZIP of a sealed pack,
 * with libzip.
 *
 * Reproducible (reproducible-builds.org "archive metadata"): entries sorted
 * by name, every entry dated SOURCE_DATE_EPOCH as a DOS date and time in UTC
 * (zip_file_set_dostime: no time zone involved, unlike zip_file_set_mtime),
 * Unix mode 0644, deflated at libzip's default level, no archive comment.
 * DOS dates run from 1980 to 2107: an epoch outside is clamped.
 */
#include "pack/pack.h"
#include "common/util.h"
#include "ingest/values.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* DOS date and time (UTC) of epoch, clamped to 1980-01-01..2107-12-31. */
static void dos_time(int64_t epoch, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    if (epoch < 315532800) epoch = 315532800;             /* 1980-01-01T00:00:00Z */
    if (epoch > 4354819199LL) epoch = 4354819199LL;        /* 2107-12-31T23:59:59Z */
    int y, m, d;
    fse_civil_from_days((int32_t)(epoch / 86400), &y, &m, &d);
    int sec = (int)(epoch % 86400);
    *dtime = (zip_uint16_t)(((sec / 3600) << 11) | (((sec / 60) % 60) << 5) | ((sec % 60) / 2));
    *ddate = (zip_uint16_t)(((y - 1980) << 9) | (m << 5) | d);
}

int fse_pack_archive(fse_pack *p, const char *fiche, const char *label, int64_t epoch,
                     char *err, size_t errlen)
{
    if (fse_pack_seal(p, err, errlen)) return -1;
    char *zip_final = fse_xasprintf("%s.zip", p->final);
    struct stat lst;
    if (!lstat(zip_final, &lst) && !S_ISREG(lst.st_mode)) {  /* found before anything is published */
        snprintf(err, errlen, "%s existe et n'est pas un fichier (%s) : supprimez-le d'abord", zip_final,
                 S_ISLNK(lst.st_mode) ? "un lien symbolique" : S_ISDIR(lst.st_mode) ? "un dossier" : "un fichier spécial");
        free(zip_final);
        return -1;
    }
    free(zip_final);
    free(p->zip_tmp);
    free(p->zip_final);
    const char *slash = strrchr(p->final, '/');
    p->zip_final = fse_xasprintf("%s.zip", p->final);
    p->zip_tmp = fse_xasprintf("%.*s/.%s.tmp-%ld.zip", (int)(slash - p->final), p->final, slash + 1,
                               (long)getpid());
    unlink(p->zip_tmp);
    int zerr = 0;
    zip_t *za = zip_open(p->zip_tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, errlen, "création impossible de %s : %s", p->zip_tmp, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    size_t n = p->nfiles + 1;
    char **names = fse_xcalloc(n, sizeof *names);
    for (size_t i = 0; i < p->nfiles; i++) names[i] = p->files[i].name;
    names[p->nfiles] = "SHA256SUMS";
    qsort(names, n, sizeof *names, cmp_name);
    zip_uint16_t dt, dd;
    dos_time(epoch, &dt, &dd);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char *path = fse_pack_path(p, names[i]);
        char *entry = fse_xasprintf("%s_%s/%s", fiche, label, names[i]);
        zip_source_t *src = zip_source_file(za, path, 0, -1);
        zip_int64_t idx = src ? zip_file_add(za, entry, src, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            if (src) zip_source_free(src);
            rc = -1;
        } else if (zip_file_set_dostime(za, (zip_uint64_t)idx, dt, dd, 0) ||
                   zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0) ||
                   zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16)) {
            rc = -1;
        }
        if (rc) snprintf(err, errlen, "ajout impossible de %s à %s : %s", path, p->zip_tmp, zip_strerror(za));
        free(path);
        free(entry);
    }
    free(names);
    if (rc) {
        zip_discard(za);
        unlink(p->zip_tmp);
        return -1;
    }
    if (zip_close(za)) {
        zip_error_t *ze = zip_get_error(za);  /* a full disk: the system's words, in French */
        int sys = zip_error_system_type(ze) == ZIP_ET_SYS ? zip_error_code_system(ze) : 0;
        snprintf(err, errlen, "écriture impossible de %s : %s", p->zip_tmp, sys ? fse_strerror(sys) : zip_strerror(za));
        zip_discard(za);
        unlink(p->zip_tmp);
        return -1;
    }
    return 0;
}
