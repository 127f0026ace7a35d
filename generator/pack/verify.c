/* verify.c — see verify.h. */
#include "pack/verify.h"
#include "common/sha256.h"
#include "common/util.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

typedef struct {
    char *name;            /* path inside the pack */
    unsigned char *data;   /* content of SHA256SUMS and manifest.json only, owned */
    size_t len;            /* size in bytes */
    char sha[65];          /* SHA-256 of the content */
    bool folder;           /* a folder or other non-file entry */
} entry;

typedef struct { entry *e; size_t n, cap; } entries;

/* The two files read whole (the others are hashed as they stream by); a
 * larger one is no file fsepack wrote. */
#define KEEP_MAX (64u << 20)

static bool kept(const char *name)
{
    return !strcmp(name, "SHA256SUMS") || !strcmp(name, "manifest.json");
}

static void free_entries(entries *es)
{
    for (size_t i = 0; i < es->n; i++) { free(es->e[i].name); free(es->e[i].data); }
    free(es->e);
}

static const entry *find(const entries *es, const char *name)
{
    for (size_t i = 0; i < es->n; i++)
        if (!strcmp(es->e[i].name, name)) return &es->e[i];
    return NULL;
}

/* Hash a stream of chunks; keep the bytes when keep (up to KEEP_MAX).
 * read returns the bytes read into buf, 0 at the end, < 0 on error.
 * Returns 0, or -1 on a read error. */
static int take(entry *e, bool keep, long long (*read)(void *src, void *buf, size_t len), void *src)
{
    fse_sha256_ctx c;
    fse_sha256_init(&c);
    unsigned char buf[65536];
    fse_sb kept_bytes = {0};
    long long n;
    e->len = 0;
    while ((n = read(src, buf, sizeof buf)) > 0) {
        fse_sha256_update(&c, buf, (size_t)n);
        e->len += (size_t)n;
        if (keep && e->len <= KEEP_MAX) fse_sb_add(&kept_bytes, (const char *)buf, (size_t)n);
    }
    fse_sha256_final(&c, e->sha);
    if (keep && e->len <= KEEP_MAX) {
        e->data = (unsigned char *)(kept_bytes.s ? kept_bytes.s : fse_xstrdup(""));
    } else {
        fse_sb_free(&kept_bytes);
    }
    return n < 0 ? -1 : 0;
}

static long long read_file(void *src, void *buf, size_t len)
{
    size_t n = fread(buf, 1, len, (FILE *)src);
    return n ? (long long)n : ferror((FILE *)src) ? -1 : 0;
}

static long long read_zip(void *src, void *buf, size_t len)
{
    return (long long)zip_fread((zip_file_t *)src, buf, len);
}

static int load_dir(const char *path, entries *es, FILE *out)
{
    DIR *d = opendir(path);
    if (!d) { fprintf(out, "%s : impossible de lire le dossier : %s\n", path, fse_strerror(errno)); return -1; }
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) && !rc) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char *p = fse_xasprintf("%s/%s", path, de->d_name);
        struct stat st;
        entry e = { fse_xstrdup(de->d_name), NULL, 0, "", true };
        FILE *f = !lstat(p, &st) && S_ISREG(st.st_mode) ? fopen(p, "rb") : NULL;
        if (f) {
            e.folder = false;
            if (take(&e, kept(e.name), read_file, f)) {
                fprintf(out, "%s : impossible de lire le fichier : %s\n", p, fse_strerror(errno));
                rc = -1;
            }
            fclose(f);
        } else if (S_ISREG(st.st_mode)) {
            fprintf(out, "%s : impossible de lire le fichier : %s\n", p, fse_strerror(errno));
            rc = -1;
        }
        FSE_PUSH(es->e, es->n, es->cap, e);
        free(p);
    }
    closedir(d);
    return rc;
}

/* The entries of a ZIP, each read through (libzip checks its CRC at the
 * end), without the single top folder they share ("graves-3_2024/").
 * Returns 0, 1 when an entry is damaged (said on out), -1 when the archive
 * cannot be read. */
static int load_zip(const char *path, entries *es, FILE *out)
{
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        fprintf(out, "%s : archive illisible : %s\n", path, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    zip_int64_t n = zip_get_num_entries(za, 0);
    int rc = 0;
    for (zip_int64_t i = 0; i < n && rc >= 0; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        if (!name) { rc = -1; break; }
        size_t nl = strlen(name);
        if (nl && name[nl - 1] == '/') continue;  /* a folder entry */
        entry e = { fse_xstrdup(name), NULL, 0, "", false };
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        const char *base = strrchr(name, '/');
        int bad = !zf || take(&e, kept(base ? base + 1 : name), read_zip, zf);
        if (zf && zip_fclose(zf)) bad = 1;
        if (bad) {
            fprintf(out, "fichier %s : illisible dans l'archive (contenu corrompu)\n", name);
            free(e.data);
            e.data = NULL;
            rc = 1;  /* a damaged entry is a file that differs */
        }
        FSE_PUSH(es->e, es->n, es->cap, e);
    }
    zip_discard(za);
    if (rc < 0) { fprintf(out, "%s : archive illisible\n", path); return -1; }
    /* the shared top folder */
    const char *slash = es->n ? strchr(es->e[0].name, '/') : NULL;
    size_t pl = slash ? (size_t)(slash - es->e[0].name) + 1 : 0;
    bool shared = pl > 0;
    for (size_t i = 0; i < es->n && shared; i++) shared = !strncmp(es->e[i].name, es->e[0].name, pl);
    for (size_t i = 0; shared && i < es->n; i++) {
        char *rest = fse_xstrdup(es->e[i].name + pl);
        free(es->e[i].name);
        es->e[i].name = rest;
    }
    return rc;
}

/* One "hex  name" line per entry of SHA256SUMS, as fse_pack_seal writes it. */
typedef struct { char sha[65]; char *name; } sum_line;

static int parse_sums(const entry *e, sum_line **out, size_t *n, FILE *o)
{
    size_t cap = 0, line = 0;
    int bad = 0;
    const char *p = (const char *)e->data, *end = p + e->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) { fprintf(o, "fichier SHA256SUMS : modifié (dernière ligne sans fin de ligne)\n"); return 1; }
        line++;
        size_t len = (size_t)(nl - p);
        bool ok = len > 66 && p[64] == ' ' && p[65] == ' ';
        for (size_t i = 0; ok && i < 64; i++) ok = strchr("0123456789abcdef", p[i]) && p[i];
        for (size_t i = 66; ok && i < len; i++) ok = p[i] != '\r' && p[i] != 0;
        if (!ok) {
            fprintf(o, "fichier SHA256SUMS : modifié (ligne %zu illisible)\n", line);
            bad = 1;
        } else {
            sum_line s;
            memcpy(s.sha, p, 64);
            s.sha[64] = 0;
            s.name = fse_xstrndup(p + 66, len - 66);
            FSE_PUSH(*out, *n, cap, s);
        }
        p = nl + 1;
    }
    return bad;
}

static const char *sum_of(const sum_line *s, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].name, name)) return s[i].sha;
    return NULL;
}

static int check(const entries *es, FILE *o)
{
    int bad = 0;
    const entry *sums = find(es, "SHA256SUMS"), *man = find(es, "manifest.json");
    sum_line *S = NULL;
    size_t ns = 0;
    if (!sums) { fprintf(o, "fichier SHA256SUMS : absent\n"); bad = 1; }
    else if (sums->folder || !sums->data) {
        fprintf(o, "fichier SHA256SUMS : illisible (pas un fichier, ou trop grand)\n");
        bad = 1;
        sums = NULL;
    }
    if (man && (man->folder || !man->data)) {
        fprintf(o, "fichier manifest.json : illisible (pas un fichier, ou trop grand)\n");
        bad = 1;
        man = NULL;
    }
    if (sums) bad |= parse_sums(sums, &S, &ns, o);
    const char *s_man = sum_of(S, ns, "manifest.json");
    if (!find(es, "manifest.json")) { fprintf(o, "fichier manifest.json : absent\n"); bad = 1; }
    else if (sums && !s_man) { fprintf(o, "fichier SHA256SUMS : modifié (manifest.json n'y figure plus)\n"); bad = 1; }
    bool trusted = man && s_man && !strcmp(s_man, man->sha);
    if (man && s_man && !trusted) {
        fprintf(o, "fichier manifest.json : ne correspond pas à SHA256SUMS (manifest.json ou SHA256SUMS modifié)\n");
        bad = 1;
    }
    /* the outputs of the manifest, when it can be trusted (or no SHA256SUMS vouches for it) */
    json_t *root = NULL, *outs = NULL;
    if (man && (trusted || !sums)) {
        json_error_t je;
        root = json_loadb((const char *)man->data, man->len, 0, &je);
        outs = root ? json_object_get(root, "sorties") : NULL;
        if (!json_is_array(outs)) {
            fprintf(o, "fichier manifest.json : illisible (%s)\n", root ? "pas de « sorties »" : je.text);
            bad = 1;
            outs = NULL;
        }
    }
    /* every name: on disk, in SHA256SUMS, in the manifest */
    fse_sb canon = {0};
    for (size_t i = 0; outs && i < json_array_size(outs); i++) {
        json_t *it = json_array_get(outs, i);
        const char *name = json_string_value(json_object_get(it, "chemin"));
        const char *msha = json_string_value(json_object_get(it, "sha256"));
        json_int_t size = json_integer_value(json_object_get(it, "taille"));
        if (!name || !msha) { fprintf(o, "fichier manifest.json : sortie %zu incomplète\n", i + 1); bad = 1; continue; }
        fse_sb_addf(&canon, "%s  %s\n", msha, name);
        const entry *e = find(es, name);
        const char *ssha = sum_of(S, ns, name);
        if (!e || e->folder) { fprintf(o, "fichier %s : absent\n", name); bad = 1; continue; }
        bool okm = !strcmp(msha, e->sha), oks = ssha && !strcmp(ssha, e->sha);
        if (!okm && (oks || !sums)) fprintf(o, "fichier %s : ne correspond pas à manifest.json\n", name);
        else if (!okm) fprintf(o, "fichier %s : modifié (SHA-256 %s, attendu %s)\n", name, e->sha, msha);
        else if ((long long)size != (long long)e->len) fprintf(o, "fichier %s : taille %zu, attendu %lld\n", name, e->len, (long long)size);
        else if (sums && !ssha) fprintf(o, "fichier SHA256SUMS : modifié (%s n'y figure plus)\n", name);
        else if (sums && !oks) fprintf(o, "fichier SHA256SUMS : modifié (la ligne de %s)\n", name);
        bad |= !okm || (long long)size != (long long)e->len || (sums && !oks);
    }
    if (outs && s_man) fse_sb_addf(&canon, "%s  manifest.json\n", s_man);
    /* without a trusted manifest, SHA256SUMS alone */
    for (size_t i = 0; !outs && i < ns; i++) {
        if (!strcmp(S[i].name, "manifest.json")) continue;
        const entry *e = find(es, S[i].name);
        if (!e || e->folder) { fprintf(o, "fichier %s : absent\n", S[i].name); bad = 1; }
        else if (strcmp(e->sha, S[i].sha)) { fprintf(o, "fichier %s : modifié (SHA-256 %s, attendu %s)\n", S[i].name, e->sha, S[i].sha); bad = 1; }
    }
    /* lines of SHA256SUMS the manifest does not know */
    for (size_t i = 0; outs && i < ns; i++) {
        bool known = !strcmp(S[i].name, "manifest.json");
        for (size_t k = 0; k < json_array_size(outs) && !known; k++) {
            const char *name = json_string_value(json_object_get(json_array_get(outs, k), "chemin"));
            known = name && !strcmp(name, S[i].name);
        }
        if (!known) { fprintf(o, "fichier SHA256SUMS : modifié (ligne « %s » inconnue de manifest.json)\n", S[i].name); bad = 1; }
    }
    /* SHA256SUMS byte for byte (order, spacing, nothing added) */
    if (outs && sums && !bad && (canon.len != sums->len || memcmp(canon.s, sums->data, canon.len))) {
        fprintf(o, "fichier SHA256SUMS : modifié (diffère de ce qu'en donne manifest.json)\n");
        bad = 1;
    }
    /* files no list names */
    for (size_t i = 0; i < es->n; i++) {
        const char *name = es->e[i].name;
        if (!strcmp(name, "SHA256SUMS") || !strcmp(name, "manifest.json")) continue;
        bool listed = sum_of(S, ns, name) != NULL;
        for (size_t k = 0; outs && k < json_array_size(outs) && !listed; k++) {
            const char *m = json_string_value(json_object_get(json_array_get(outs, k), "chemin"));
            listed = m && !strcmp(m, name);
        }
        if (!listed) { fprintf(o, "fichier %s : inattendu (ni dans SHA256SUMS ni dans manifest.json)\n", name); bad = 1; }
    }
    fse_sb_free(&canon);
    json_decref(root);
    for (size_t i = 0; i < ns; i++) free(S[i].name);
    free(S);
    return bad;
}

int fse_verify_pack(const char *path, FILE *out)
{
    struct stat st;
    if (stat(path, &st)) { fprintf(out, "%s : introuvable : %s\n", path, fse_strerror(errno)); return -1; }
    entries es = {0};
    int rc = S_ISDIR(st.st_mode) ? load_dir(path, &es, out) : load_zip(path, &es, out);
    if (rc < 0) { free_entries(&es); return -1; }
    if (!find(&es, "SHA256SUMS") && !find(&es, "manifest.json")) {
        fprintf(out, "%s : pas un pack de fsepack (ni SHA256SUMS ni manifest.json)\n", path);
        free_entries(&es);
        return -1;
    }
    int bad = check(&es, out) | rc;
    const entry *sums = find(&es, "SHA256SUMS");
    size_t nfiles = 0;
    for (size_t i = 0; i < es.n; i++) nfiles += !es.e[i].folder;
    if (bad) fprintf(out, "%s : pack NON INTÈGRE (voir ci-dessus)\n", path);
    else fprintf(out, "%s : pack intègre, %zu fichiers vérifiés\n", path, nfiles);
    if (sums && !sums->folder) fprintf(out, "empreinte du pack (SHA-256 de SHA256SUMS) : %s\n", sums->sha);
    free_entries(&es);
    return bad ? 1 : 0;
}
