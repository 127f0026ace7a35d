/* verify.c — see verify.h. */
#include "pack/verify.h"
#include "common/sha256.h"
#include "common/strmap.h"
#include "common/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

typedef struct {
    char *name;            /* path inside the pack */
    unsigned char *data;   /* content of SHA256SUMS and manifest.json only, owned */
    size_t len;            /* size in bytes */
    char sha[65];          /* SHA-256 of the content */
    bool folder;           /* a folder or other non-file entry */
    bool outside;          /* a ZIP entry outside the pack's top folder: never matched */
} entry;

/* The entries, and name -> index of the first entry of that name (a
 * hostile ZIP of 100 000 entries must not make the checks quadratic). */
typedef struct { entry *e; size_t n, cap; fse_strmap idx; } entries;

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
    fse_strmap_free(&es->idx);
}

/* Index the entries by name, the first of a name winning (call once loaded). */
static void index_entries(entries *es)
{
    for (size_t i = 0; i < es->n; i++)
        if (!es->e[i].outside && !fse_strmap_get(&es->idx, es->e[i].name)) fse_strmap_put(&es->idx, es->e[i].name, i);
}

static const entry *find(const entries *es, const char *name)
{
    const size_t *i = fse_strmap_get(&es->idx, name);
    return i ? &es->e[*i] : NULL;
}

/* A name read from the pack as printed: control characters (newline,
 * escape sequences of a hostile ZIP or file name) shown as \xNN so one
 * problem stays one line and nothing reaches the terminal as a command.
 * The result lives until four more calls. */
static const char *shown(const char *name)
{
    static char *slot[4];
    static int next;
    bool plain = true;
    for (const unsigned char *c = (const unsigned char *)name; *c && plain; c++) plain = *c >= 0x20 && *c != 0x7f;
    if (plain) return name;
    fse_sb b = {0};
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        if (*c < 0x20 || *c == 0x7f) fse_sb_addf(&b, "\\x%02x", *c);
        else fse_sb_add(&b, (const char *)c, 1);
    }
    free(slot[next]);
    slot[next] = b.s;
    const char *r = b.s;
    next = (next + 1) % 4;
    return r;
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
    while ((de = readdir(d))) {   /* every unreadable file named, not only the first */
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char *p = fse_xasprintf("%s/%s", path, de->d_name);
        struct stat st;
        entry e = { fse_xstrdup(de->d_name), NULL, 0, "", true, false };
        /* never through a link, never blocked by a FIFO swapped in after lstat */
        bool reg = !lstat(p, &st) && S_ISREG(st.st_mode);
        int fd = reg ? open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
        FILE *f = fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) ? fdopen(fd, "rb") : NULL;
        if (!f && fd >= 0) close(fd);
        if (f) {
            e.folder = false;
            if (take(&e, kept(e.name), read_file, f)) {
                fprintf(out, "%s : impossible de lire le fichier : %s\n", shown(p), fse_strerror(errno));
                rc = -1;
            }
            fclose(f);
        } else if (reg && fd < 0) {
            fprintf(out, "%s : impossible de lire le fichier : %s\n", shown(p), fse_strerror(errno));
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
        const char *why = zerr == ZIP_ER_NOZIP ? "pas une archive ZIP (ou tronquée)"
                        : zerr == ZIP_ER_EXISTS ? "deux entrées portent le même nom"
                        : zerr == ZIP_ER_INCONS ? "archive incohérente (répertoire central et entrées en désaccord)"
                        : zip_error_strerror(&ze);
        fprintf(out, "%s : archive illisible : %s\n", shown(path), why);
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
        entry e = { fse_xstrdup(name), NULL, 0, "", false, false };
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        const char *base = strrchr(name, '/');
        int bad = !zf || take(&e, kept(base ? base + 1 : name), read_zip, zf);
        if (zf && zip_fclose(zf)) bad = 1;
        if (bad) {
            fprintf(out, "fichier %s : illisible dans l'archive (contenu corrompu)\n", shown(name));
            free(e.data);
            e.data = NULL;
            rc = 1;  /* a damaged entry is a file that differs */
        }
        FSE_PUSH(es->e, es->n, es->cap, e);
    }
    zip_discard(za);
    if (rc < 0) { fprintf(out, "%s : archive illisible\n", path); return -1; }
    /* the top folder: the one holding SHA256SUMS (or manifest.json) as
     * "<top>/SHA256SUMS"; an entry elsewhere ("../x", "/etc/x", "autre/x")
     * keeps its whole name and is reported unexpected, never matched */
    size_t pl = 0;
    const char *top = NULL;
    for (int pass = 0; pass < 2 && !top; pass++)
        for (size_t i = 0; i < es->n && !top; i++) {
            const char *nm = es->e[i].name, *sl = strchr(nm, '/');
            if (sl && sl > nm && !strcmp(sl + 1, pass ? "manifest.json" : "SHA256SUMS")) {
                top = nm;
                pl = (size_t)(sl - nm) + 1;
            }
        }
    char *prefix = top ? fse_xstrndup(top, pl) : NULL;
    for (size_t i = 0; prefix && i < es->n; i++) {
        if (strncmp(es->e[i].name, prefix, pl)) { es->e[i].outside = true; continue; }
        char *rest = fse_xstrdup(es->e[i].name + pl);
        free(es->e[i].name);
        es->e[i].name = rest;
    }
    free(prefix);
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

/* name -> index of its first line in S (or output in the manifest). */
static void index_names(fse_strmap *m, const char *name, size_t i)
{
    if (name && !fse_strmap_get(m, name)) fse_strmap_put(m, name, i);
}

static const char *sum_of(const sum_line *s, const fse_strmap *m, const char *name)
{
    const size_t *i = fse_strmap_get(m, name);
    return i ? s[*i].sha : NULL;
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
    fse_strmap smap = {0}, mmap = {0};
    for (size_t i = 0; i < ns; i++) index_names(&smap, S[i].name, i);
    const char *s_man = sum_of(S, &smap, "manifest.json");
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
        if (!root) {
            fprintf(o, "fichier manifest.json : illisible (JSON invalide, ligne %d colonne %d)\n", je.line, je.column);
            bad = 1;
        } else if (!json_is_array(outs)) {
            fprintf(o, "fichier manifest.json : illisible (pas de « sorties »)\n");
            bad = 1;
            outs = NULL;
        }
    }
    for (size_t i = 0; outs && i < json_array_size(outs); i++)
        index_names(&mmap, json_string_value(json_object_get(json_array_get(outs, i), "chemin")), i);
    /* every name: on disk, in SHA256SUMS, in the manifest */
    fse_sb canon = {0};
    for (size_t i = 0; outs && i < json_array_size(outs); i++) {
        json_t *it = json_array_get(outs, i);
        const char *name = json_string_value(json_object_get(it, "chemin"));
        const char *msha = json_string_value(json_object_get(it, "sha256"));
        json_t *jsize = json_object_get(it, "taille");
        json_int_t size = json_integer_value(jsize);
        if (!name || !msha || !json_is_integer(jsize)) { fprintf(o, "fichier manifest.json : sortie %zu incomplète\n", i + 1); bad = 1; continue; }
        fse_sb_addf(&canon, "%s  %s\n", msha, name);
        const entry *e = find(es, name);
        const char *ssha = sum_of(S, &smap, name);
        if (!e || e->folder) { fprintf(o, "fichier %s : absent\n", shown(name)); bad = 1; continue; }
        bool okm = !strcmp(msha, e->sha), oks = ssha && !strcmp(ssha, e->sha);
        if (!okm && (oks || !sums)) fprintf(o, "fichier %s : ne correspond pas à manifest.json\n", shown(name));
        else if (!okm) fprintf(o, "fichier %s : modifié (SHA-256 %s, attendu %s)\n", shown(name), e->sha, shown(msha));
        else if ((long long)size != (long long)e->len) fprintf(o, "fichier %s : taille %zu, attendu %lld\n", shown(name), e->len, (long long)size);
        else if (sums && !ssha) fprintf(o, "fichier SHA256SUMS : modifié (%s n'y figure plus)\n", shown(name));
        else if (sums && !oks) fprintf(o, "fichier SHA256SUMS : modifié (la ligne de %s)\n", shown(name));
        bad |= !okm || (long long)size != (long long)e->len || (sums && !oks);
    }
    if (outs && s_man) fse_sb_addf(&canon, "%s  manifest.json\n", s_man);
    /* without a trusted manifest, SHA256SUMS alone */
    for (size_t i = 0; !outs && i < ns; i++) {
        if (!strcmp(S[i].name, "manifest.json")) continue;
        const entry *e = find(es, S[i].name);
        if (!e || e->folder) { fprintf(o, "fichier %s : absent\n", shown(S[i].name)); bad = 1; }
        else if (strcmp(e->sha, S[i].sha)) { fprintf(o, "fichier %s : modifié (SHA-256 %s, attendu %s)\n", shown(S[i].name), e->sha, S[i].sha); bad = 1; }
    }
    /* lines of SHA256SUMS the manifest does not know */
    for (size_t i = 0; outs && i < ns; i++) {
        bool known = !strcmp(S[i].name, "manifest.json") || fse_strmap_get(&mmap, S[i].name);
        if (!known) { fprintf(o, "fichier SHA256SUMS : modifié (ligne « %s » inconnue de manifest.json)\n", shown(S[i].name)); bad = 1; }
    }
    /* SHA256SUMS byte for byte (order, spacing, nothing added) */
    if (outs && sums && !bad && (canon.len != sums->len || memcmp(canon.s, sums->data, canon.len))) {
        fprintf(o, "fichier SHA256SUMS : modifié (diffère de ce qu'en donne manifest.json)\n");
        bad = 1;
    }
    /* files no list names */
    for (size_t i = 0; i < es->n; i++) {
        const char *name = es->e[i].name;
        if (es->e[i].outside) {
            fprintf(o, "fichier %s : inattendu (hors du dossier du pack dans l'archive)\n", shown(name));
            bad = 1;
            continue;
        }
        if (!strcmp(name, "SHA256SUMS") || !strcmp(name, "manifest.json")) continue;
        bool listed = sum_of(S, &smap, name) || (outs && fse_strmap_get(&mmap, name));
        if (!listed) { fprintf(o, "fichier %s : inattendu (ni dans SHA256SUMS ni dans manifest.json)\n", shown(name)); bad = 1; }
    }
    fse_sb_free(&canon);
    fse_strmap_free(&smap);
    fse_strmap_free(&mmap);
    json_decref(root);
    for (size_t i = 0; i < ns; i++) free(S[i].name);
    free(S);
    return bad;
}

int fse_verify_pack(const char *path, FILE *out)
{
    struct stat st;
    if (stat(path, &st)) { fprintf(out, "%s : introuvable : %s\n", path, fse_strerror(errno)); return -1; }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {  /* a FIFO would block zip_open */
        fprintf(out, "%s : ni un dossier ni un fichier ordinaire\n", shown(path));
        return -1;
    }
    entries es = {0};
    int rc = S_ISDIR(st.st_mode) ? load_dir(path, &es, out) : load_zip(path, &es, out);
    if (rc < 0) { free_entries(&es); return -1; }
    index_entries(&es);
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
