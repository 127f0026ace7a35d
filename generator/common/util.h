/* util.h — allocation that never returns NULL, growable arrays, small string helpers.
 *
 * Why: every stage allocates tables of rows and strings; an out-of-memory
 * condition cannot be recovered from in a batch tool, so these wrappers print
 * "fsepack: mémoire insuffisante" and exit with EX_OSERR instead of returning NULL.
 * Ownership: everything returned is owned by the caller and freed with free().
 */
#ifndef FSE_UTIL_H
#define FSE_UTIL_H

#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

void *fse_xmalloc(size_t n);
void *fse_xcalloc(size_t n, size_t size);
void *fse_xrealloc(void *p, size_t n);
char *fse_xstrdup(const char *s);                 /* NULL -> NULL */
char *fse_xstrndup(const char *s, size_t n);
char *fse_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The descriptor the out-of-memory exit of fse_xmalloc and its kin writes
 * "fsepack: mémoire insuffisante" to: fd, or fd 2 again when fd < 0. Set
 * while fd 2 is redirected to capture a library's messages
 * (xlsx_writer.c), so that this last message still reaches the user. */
void fse_set_fatal_fd(int fd);
/* A function the out-of-memory exit calls once, after its message and
 * before exit(EX_OSERR), or NULL for none (the default). pack.c sets it
 * while the hidden folder of a pack is being built, so that this exit does
 * not leave it behind. It runs with the heap exhausted: it must allocate
 * nothing (no stdio, no opendir, no fse_x*). */
void fse_set_fatal_cleanup(void (*fn)(void));
/* The out-of-memory exit of fse_xmalloc and its kin, for the places that
 * meet an allocation failure another way (a library's constructor that
 * returned NULL, a table past 2^32 slots): "fsepack: mémoire insuffisante"
 * on the fatal fd, the fatal cleanup if one is set, then exit(EX_OSERR)
 * (sysexits.h). Allocates nothing. Never returns. */
void fse_oom(void) __attribute__((noreturn));

/* Grow *arr (element size esz) so that it holds at least need elements;
 * *cap is updated. Doubling, so amortised O(1) appends. */
void fse_grow(void **arr, size_t *cap, size_t need, size_t esz);
#define FSE_PUSH(arr, n, cap, value) do { \
        fse_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)); \
        (arr)[(n)++] = (value); } while (0)

/* Growable NUL-terminated byte string. Zero-initialise ({0}) before use;
 * s is NULL until the first append. Free with fse_sb_free. */
typedef struct { char *s; size_t len, cap; } fse_sb;
void fse_sb_add(fse_sb *b, const char *s, size_t n);
void fse_sb_adds(fse_sb *b, const char *s);
void fse_sb_addc(fse_sb *b, char c);
void fse_sb_addf(fse_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *fse_sb_take(fse_sb *b);                     /* returns owned string ("" if empty), resets b */
void fse_sb_free(fse_sb *b);

/* Read a whole file into a NUL-terminated buffer. Returns 0 on success,
 * or errno (ENOENT, EACCES, EFBIG over max bytes, …). *out owned by caller. */
int fse_read_file(const char *path, size_t max, char **out, size_t *len);

/* The bytes of an input file read once and released (ingest): a regular
 * file of FSE_MAP_MIN bytes or more is mapped (private, read-only, made
 * present at once) instead of copied into fresh memory, else read with
 * fse_read_file (then s is NUL-terminated; a mapping is not: read s[0..len)
 * only). Issue 8: the copy of a 175 MB export zeroed 43 000 fresh pages,
 * copied them and gave them back: a fifth of the system time of its
 * ingest. The pages of a mapping may be given back as they are read
 * (madvise MADV_DONTNEED, csv_reader.h release_input). A file truncated
 * while mapped (another program rewriting the export meanwhile) would make
 * the next read fault: fsepack then stops with EX_IOERR and a French
 * message rather than read a changed file. */
#define FSE_MAP_MIN ((size_t)1 << 20)
/* What a file's content was when it was read: device, inode, size and
 * modification time (ns), from fstat of the descriptor read. set is false
 * when they could not be had. */
typedef struct {
    bool set;
    unsigned long long dev, ino;
    long long size, mtime_s, mtime_ns;
} fse_file_id;
typedef struct {
    const char *s;
    size_t len;
    size_t mapped;   /* bytes mapped (munmap), 0 when s is malloc'd */
    fse_file_id id;  /* the file read */
} fse_file_bytes;
/* Fill *fb with the bytes of path (at most max). Returns 0, or errno as
 * fse_read_file does (EFBIG over max). */
int fse_file_bytes_read(const char *path, size_t max, fse_file_bytes *fb);
/* Free or unmap what fse_file_bytes_read gave, and zero *fb. The SIGBUS
 * handler of a mapping is in place only while some file is mapped. */
void fse_file_bytes_free(fse_file_bytes *fb);
/* Whether path is no longer the file id describes (another inode, size or
 * modification time, or gone): another program wrote the export while it
 * was read, so what was hashed and what was parsed may differ. False when
 * id is not set. A rewrite keeping size and mtime to the nanosecond is not
 * seen. */
bool fse_file_changed(const fse_file_id *id, const char *path);

/* errno described in French for user-facing messages (strerror speaks the
 * C locale's English; fsepack never sets a locale, see main.c). Returns a
 * static string; unknown codes fall back to strerror. */
const char *fse_strerror(int err);

/* True when s is NULL or holds only ASCII spaces/tabs/CR/LF. */
bool fse_blank(const char *s);

#endif
