/* util.c — see util.h. */
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where oom writes: fd 2, or the real stderr saved while a library's own
 * stderr output is captured (fse_set_fatal_fd). */
static int fatal_fd = STDERR_FILENO;

void fse_set_fatal_fd(int fd)
{
    fatal_fd = fd >= 0 ? fd : STDERR_FILENO;
}

static void (*fatal_cleanup)(void);

void fse_set_fatal_cleanup(void (*fn)(void))
{
    fatal_cleanup = fn;
}

void fse_oom(void)
{
    static const char msg[] = "fsepack: mémoire insuffisante\n";
    fflush(stderr);
    ssize_t w = write(fatal_fd, msg, sizeof msg - 1);
    (void)w;
    void (*fn)(void) = fatal_cleanup;
    fatal_cleanup = NULL;   /* once, even if it came back here */
    if (fn) fn();
    exit(EX_OSERR);
}

void *fse_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) fse_oom();
    return p;
}

void *fse_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) fse_oom();
    return p;
}

void *fse_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) fse_oom();
    return p;
}

char *fse_xstrdup(const char *s)
{
    return s ? fse_xstrndup(s, strlen(s)) : NULL;
}

char *fse_xstrndup(const char *s, size_t n)
{
    char *d = fse_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* Speed (issue 8): one formatting pass into a stack buffer for the usual
 * short result (names, labels of list rows), a second only when longer;
 * the sizing pass doubled the cost of every call. */
char *fse_xasprintf(const char *fmt, ...)
{
    char stack[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(stack, sizeof stack, fmt, ap);
    va_end(ap);
    if (n < 0) fse_oom();
    char *s = fse_xmalloc((size_t)n + 1);
    if ((size_t)n < sizeof stack) {
        memcpy(s, stack, (size_t)n + 1);
        return s;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void fse_grow(void **arr, size_t *cap, size_t need, size_t esz)
{
    if (need <= *cap) return;
    size_t c = *cap ? *cap : 8;
    while (c < need) c *= 2;
    *arr = fse_xrealloc(*arr, c * esz);
    *cap = c;
}

void fse_sb_add(fse_sb *b, const char *s, size_t n)
{
    fse_grow((void **)&b->s, &b->cap, b->len + n + 1, 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void fse_sb_adds(fse_sb *b, const char *s) { fse_sb_add(b, s, strlen(s)); }
/* Speed (issue 8): a byte that fits is stored without fse_sb_add's grow
 * call and memcpy (the PDF text sanitiser appends byte by byte). */
void fse_sb_addc(fse_sb *b, char c)
{
    if (b->len + 2 <= b->cap) {
        b->s[b->len++] = c;
        b->s[b->len] = 0;
        return;
    }
    fse_sb_add(b, &c, 1);
}

void fse_sb_addf(fse_sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    fse_grow((void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *fse_sb_take(fse_sb *b)
{
    char *s = b->s ? b->s : fse_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void fse_sb_free(fse_sb *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

int fse_read_file(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return errno;
    fse_sb b = {0};
    char buf[65536];
    size_t n;
    /* A regular file is read straight into a buffer of its size (issue 8: a
     * 175 MB export copied through 64 KiB pieces and a doubling buffer cost
     * a copy and 256 MB of address space); a file that grows meanwhile, or
     * a pipe, continues through the loop below. */
    struct stat st;
    if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size <= max) {
        size_t size = (size_t)st.st_size;
        b.s = fse_xmalloc(size + 1);
        b.cap = size + 1;
#ifdef MADV_POPULATE_WRITE
        /* the buffer's pages made present in one call rather than by one
         * page fault each as read() fills them (issue 8: 43 000 faults for
         * a 175 MB export, ~0.05 s); only whole pages inside the buffer,
         * advice only: a failure (older kernel) changes nothing */
        if (size >= ((size_t)1 << 20)) {
            long pg = sysconf(_SC_PAGESIZE);
            if (pg > 0) {
                uintptr_t a = ((uintptr_t)b.s + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
                uintptr_t e = ((uintptr_t)b.s + size) & ~((uintptr_t)pg - 1);
                if (e > a) madvise((void *)a, e - a, MADV_POPULATE_WRITE);
            }
        }
#endif
        b.len = fread(b.s, 1, size, f);
        b.s[b.len] = 0;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (b.len + n > max) { fclose(f); fse_sb_free(&b); return EFBIG; }
        fse_sb_add(&b, buf, n);
    }
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (err) { fse_sb_free(&b); return err; }
    *len = b.len;
    *out = fse_sb_take(&b);
    return 0;
}

/* The file mapped last, for on_sigbus's message ("" when unknown). */
static char sigbus_path[4096];

/* SIGBUS while a file is mapped: it was truncated under us (util.h). Only
 * async-signal-safe calls: write(2) of static bytes, _exit. The message
 * has the diagnostics' "file: error:" form. */
static void on_sigbus(int sig)
{
    (void)sig;
    static const char msg[] = ": error: le fichier d'entrée a été tronqué ou réécrit pendant sa lecture : "
                              "relancez la commande une fois l'export terminé\n";
    size_t n = 0;
    while (n < sizeof sigbus_path && sigbus_path[n]) n++;
    ssize_t w = write(STDERR_FILENO, n ? sigbus_path : "fsepack", n ? n : 7);
    w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(EX_IOERR);
}

static fse_file_id file_id_of(const struct stat *st)
{
    return (fse_file_id){ true, (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
                          (long long)st->st_size, (long long)st->st_mtim.tv_sec, (long long)st->st_mtim.tv_nsec };
}

bool fse_file_changed(const fse_file_id *id, const char *path)
{
    if (!id->set) return false;
    struct stat st;
    if (stat(path, &st)) return true;
    fse_file_id now = file_id_of(&st);
    return now.dev != id->dev || now.ino != id->ino || now.size != id->size || now.mtime_s != id->mtime_s
           || now.mtime_ns != id->mtime_ns;
}

/* Files mapped now, and the SIGBUS action found before the first. */
static size_t nmapped;
static struct sigaction sigbus_before;

int fse_file_bytes_read(const char *path, size_t max, fse_file_bytes *fb)
{
    memset(fb, 0, sizeof *fb);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    bool have = fd >= 0 && !fstat(fd, &st);
    if (have) fb->id = file_id_of(&st);
    if (have && S_ISREG(st.st_mode) && (uintmax_t)st.st_size >= FSE_MAP_MIN) {
        if ((uintmax_t)st.st_size > max) { close(fd); return EFBIG; }
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (m != MAP_FAILED) {
            snprintf(sigbus_path, sizeof sigbus_path, "%s", path);
            if (nmapped++ == 0) {
                struct sigaction sa;
                memset(&sa, 0, sizeof sa);
                sa.sa_handler = on_sigbus;
                sigaction(SIGBUS, &sa, &sigbus_before);
            }
            close(fd);
            fb->s = m;
            fb->len = fb->mapped = (size_t)st.st_size;
            return 0;
        }
    }
    if (fd >= 0) close(fd);
    char *buf = NULL;
    int e = fse_read_file(path, max, &buf, &fb->len);
    fb->s = buf;
    return e;
}

void fse_file_bytes_free(fse_file_bytes *fb)
{
    if (fb->mapped) {
        munmap((void *)fb->s, fb->mapped);
        if (nmapped && --nmapped == 0) sigaction(SIGBUS, &sigbus_before, NULL);
    } else {
        free((void *)fb->s);
    }
    memset(fb, 0, sizeof *fb);
}

bool fse_blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return false;
    return true;
}

const char *fse_strerror(int err)
{
    switch (err) {
    case ENOENT: return "fichier ou dossier inexistant";
    case EACCES: return "permission refusée";
    case EPERM: return "opération non permise";
    case EISDIR: return "c'est un dossier";
    case ENOTDIR: return "un élément du chemin n'est pas un dossier";
    case EEXIST: return "existe déjà";
    case ENOSPC: return "plus de place sur le disque";
    case EDQUOT: return "quota de disque dépassé";
    case EROFS: return "système de fichiers en lecture seule";
    case EIO: return "erreur d'entrée-sortie";
    case EFBIG: return "fichier trop gros";
    case ENAMETOOLONG: return "nom de fichier trop long";
    case ELOOP: return "trop de liens symboliques";
    case EMFILE: case ENFILE: return "trop de fichiers ouverts";
    case ENOMEM: return "mémoire insuffisante";
    case EBUSY: return "ressource occupée";
    case EXDEV: return "lien entre systèmes de fichiers différents";
    case ENOTEMPTY: return "dossier non vide";
    case EINVAL: return "argument invalide";
    case EPIPE: return "tube fermé par le lecteur";
    case EBADF: return "descripteur de fichier invalide";
    default: return strerror(err);
    }
}
