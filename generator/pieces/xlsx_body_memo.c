/* xlsx_body_memo.c — a large table body already written in this job is
 * not formatted again by libxlsxwriter: its <row> elements are copied.
 *
 * Why (issue 8): at 1 M hour rows the three bilans of the bench job each
 * have a "Preuves" sheet of 326 625 rows × 10 columns (~174 MB of sheet
 * XML) whose body (every row after the title and the headers) is the same
 * bytes in the three workbooks; libxlsxwriter formatted each of them cell by
 * cell (worksheet_write_*, then an fprintf per cell into the constant_memory
 * temporary file): ~2.3 s CPU a bilan. Measured (1 M bench, CSV job, best
 * of 3, CPU user+sys): the bilans of bergerac-3 and graves-3 2.28 -> 1.40 s
 * and 1.98 -> 1.05 s (their bodies copied), agen-4's (the first: bodies
 * hashed and kept) 2.34 -> 2.43 s; whole job 15.8 -> 14.2 s; same bytes,
 * same peak RSS.
 *
 * How. Only in constant_memory workbooks (the sheet's rows go to
 * ws->optimize_tmpfile as they are done), for bodies of at least
 * FSE_XLSX_BODY_MEMO_CELLS cells, and only with libxlsxwriter 1.1.4, whose
 * worksheet state this file sets (fse_lxw_internals_known):
 *   - key: SHA-256 of every cell's plan (xlsx_cells.c: the call, the value's
 *     bits or the exact text and its length, the format's XF index), the
 *     first row, the row and column counts, and the worksheet fields that
 *     the row writer reads (excel_version, default_row_height). These are
 *     all that the body's bytes depend on (src/worksheet.c of 1.1.4:
 *     _write_row, _write_cell, _write_number_cell, _write_inline_string_cell).
 *     XF indices are given at a format's first use in the workbook
 *     (lxw_format_get_xf_index, when its row is written): the key pass asks
 *     for them in the body's cell order, after the header row is written, so
 *     they come in the order the body would have given them, and the body,
 *     written or copied, then finds them set. Formats are made by the plans
 *     (fse_xlsx_cell_fmt) in the same order in every path.
 *   - miss: the header row is written out (lxw_worksheet_write_single_row,
 *     as the body's first cell would), the offset of the temporary file
 *     noted, the body written by libxlsxwriter (hashed on the way when no
 *     kept body has its shape), its last row written out, and the byte
 *     range kept: not copied, the sheet's temporary file (unlinked) stays
 *     open through a dup of its descriptor until the process ends
 *     (memo_store). A body with a failed write is not kept.
 *   - hit: the header row is written out, the kept bytes appended to the
 *     temporary file (copy_file_range, or pread/pwrite), and the worksheet
 *     left as the body would have left it after its last row was written:
 *     the dimensions widened as _check_dimensions does for each cell, optimize_row->row_num = the last
 *     row with a cell (_get_row), the row fields already reset and
 *     ws->array empty (lxw_worksheet_write_single_row did it for the header
 *     row). Writing a row out earlier than libxlsxwriter would changes no
 *     byte: rows only ever go to the end of the file, in order.
 *   - a failed copy into the sheet is undone (the temporary file cut back)
 *     and the body written the normal way; if it cannot be undone the piece
 *     fails (the usual "écriture impossible" error, no partial pack).
 * What is kept lives for the process (one job: at most MEMO_MAX_ENTRIES
 * bodies, MEMO_MAX_BYTES of files held) and is closed at exit.
 */
#define _GNU_SOURCE   /* copy_file_range */
#include "pieces/xlsx_body_memo.h"
#include "pieces/xlsx_writer_private.h"
#include "pieces/xlsx_interpose.h"
#include "common/sha256.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MEMO_MAX_ENTRIES 64                    /* descriptors held */
#define MEMO_MAX_BYTES ((uint64_t)2 << 30)     /* bytes of temporary files held (README, Limites) */

typedef struct {
    char key[65];              /* SHA-256, hex */
    int fd;                    /* the sheet's temporary file, kept open (dup) */
    uint64_t off, len;         /* the body's bytes in it */
    uint64_t row0, nrows, ncols;   /* the body's shape: no key pass when none has it */
} memo_entry;

static struct {
    memo_entry *e;
    size_t n, cap;
    uint64_t held;             /* bytes of the files held, up to the bodies' ends */
    size_t hits, stored;
    bool at_exit;
} memo;

static size_t memo_cells_;    /* 0: FSE_XLSX_BODY_MEMO_CELLS */

void fse_xlsx_set_body_memo_cells(size_t n) { memo_cells_ = n; }

void fse_xlsx_body_memo_counts(size_t *hits, size_t *stored)
{
    if (hits) *hits = memo.hits;
    if (stored) *stored = memo.stored;
}

static void memo_free(void)
{
    for (size_t i = 0; i < memo.n; i++) close(memo.e[i].fd);
    free(memo.e);
    memo.e = NULL;
    memo.n = memo.cap = 0;
    memo.held = 0;
}

static memo_entry *memo_find(const char key[65])
{
    for (size_t i = 0; i < memo.n; i++)
        if (!memcmp(memo.e[i].key, key, 65)) return &memo.e[i];
    return NULL;
}

/* Forgets e (its copy failed: the next body of that key is kept anew). */
static void memo_drop(memo_entry *e)
{
    close(e->fd);
    *e = memo.e[--memo.n];
}

void fse_xlsx_body_memo_spoil(void)
{
    static const char junk[] = "<row r=\"1\"><c r=\"A1\"><v>0</v></c></row>";
    for (size_t i = 0; i < memo.n; i++) {
        FILE *f = tmpfile();
        if (!f) continue;
        int fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 0);
        fclose(f);
        if (fd < 0) continue;
        for (uint64_t at = 0; at < memo.e[i].off + 1; at += sizeof junk - 1)
            if (pwrite(fd, junk, sizeof junk - 1, (off_t)at) < 0) break;
        close(memo.e[i].fd);
        memo.e[i].fd = fd;
    }
}

/* Copies len bytes from in at in_off to out at out_off (explicit offsets:
 * neither descriptor's position moves). 0, or -1 with errno. */
static int copy_range(int in, off_t in_off, int out, off_t out_off, uint64_t len)
{
    bool plain = false;   /* copy_file_range refused: read and write */
    static char buf[1 << 20];
    while (len) {
        size_t want = len > (1u << 30) ? (1u << 30) : (size_t)len;
        ssize_t n;
        if (!plain) {
            n = copy_file_range(in, &in_off, out, &out_off, want, 0);
            if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                plain = true;
                continue;
            }
        } else {
            n = pread(in, buf, want < sizeof buf ? want : sizeof buf, in_off);
            for (ssize_t done = 0; n > 0 && done < n;) {
                ssize_t w = pwrite(out, buf + done, (size_t)(n - done), out_off + done);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) { if (w == 0) errno = EIO; return -1; }
                done += w;
            }
            if (n > 0) { in_off += n; out_off += n; }
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) { errno = EIO; return -1; }   /* the source is shorter than it was */
        len -= (uint64_t)n;
    }
    return 0;
}

/* The offset at the end of ws's temporary file, its buffer written out;
 * -1 on failure. */
static off_t tmp_end(lxw_worksheet *ws)
{
    if (fflush(ws->optimize_tmpfile)) return -1;
    return ftello(ws->optimize_tmpfile);
}

/* Keeps bytes [start, end of file) of ws's temporary file (the body just
 * written, its last row written out here) under key. The bytes are not
 * copied: the file (unlinked, see lxw_tmpfile) is kept open through a dup
 * of its descriptor, and libxlsxwriter only ever appends to it, reads it
 * with its own FILE and closes that (the dup keeps the file). Nothing is
 * kept when anything fails: the sheet is right either way. */
static void memo_store(lxw_worksheet *ws, off_t start, const char key[65], const fse_doc_table *t,
                       lxw_row_t row0)
{
    lxw_worksheet_write_single_row(ws);
    off_t end = tmp_end(ws);
    /* libxlsxwriter ignores fprintf's errors, and glibc drops a buffer whose
     * write failed: a body with a hole must never be copied into others */
    if (ferror(ws->optimize_tmpfile) || start < 0 || end < start || memo.n >= MEMO_MAX_ENTRIES ||
        memo.held + (uint64_t)end > MEMO_MAX_BYTES)
        return;
    int fd = fileno(ws->optimize_tmpfile);
    if (fd < 0 || (fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0) return;   /* no child inherits it */
    if (!memo.at_exit) {
        atexit(memo_free);
        memo.at_exit = true;
    }
    memo_entry e;
    memcpy(e.key, key, 65);
    e.fd = fd;
    e.off = (uint64_t)start;
    e.len = (uint64_t)(end - start);
    e.row0 = row0, e.nrows = t->nrows, e.ncols = t->ncols;
    FSE_PUSH(memo.e, memo.n, memo.cap, e);
    memo.held += (uint64_t)end;
    memo.stored++;
}

/* Appends the body kept under key to ws's temporary file. 1: done; 0: no
 * such body; -1: failed, the file as it was; -2: failed and the file could
 * not be cut back (the sheet is wrong: the piece must fail). */
static int memo_splice(lxw_worksheet *ws, const char key[65])
{
    memo_entry *e = memo_find(key);
    if (!e) return 0;
    FILE *tf = ws->optimize_tmpfile;
    off_t at = tmp_end(ws);
    if (at < 0) return -1;
    if (copy_range(e->fd, (off_t)e->off, fileno(tf), at, e->len) == 0 &&
        fseeko(tf, 0, SEEK_END) == 0 && ftello(tf) == at + (off_t)e->len)
        return 1;
    memo_drop(e);
    if (ftruncate(fileno(tf), at) || fseeko(tf, at, SEEK_SET)) return -2;
    return -1;
}

/* ------------------------------------------------------------ the key */

typedef struct {
    fse_sha256_ctx c;
    size_t n;
    unsigned char buf[8192];
} hasher;

static void h_add(hasher *h, const void *p, size_t len)
{
    if (h->n + len > sizeof h->buf) {
        fse_sha256_update(&h->c, h->buf, h->n);
        h->n = 0;
        if (len > sizeof h->buf / 2) {
            fse_sha256_update(&h->c, p, len);
            return;
        }
    }
    memcpy(h->buf + h->n, p, len);
    h->n += len;
}

#define FMT_CACHE 16

/* XF indices of the formats seen so far (lxw_format_get_xf_index: the
 * library's table; a few here so that a cell costs no call). */
typedef struct {
    lxw_format *f[FMT_CACHE];
    int32_t ix[FMT_CACHE];
    size_t n;
} fmt_cache;

static int32_t xf_index(fmt_cache *fc, lxw_format *f)
{
    if (!f) return -1;
    for (size_t i = 0; i < fc->n; i++)
        if (fc->f[i] == f) return fc->ix[i];
    int32_t ix = lxw_format_get_xf_index(f);
    if (fc->n < FMT_CACHE) {
        fc->f[fc->n] = f;
        fc->ix[fc->n++] = ix;
    }
    return ix;
}

static void hash_plan(hasher *h, fmt_cache *fc, const xlsx_plan *p)
{
    unsigned char op = (unsigned char)p->op;
    h_add(h, &op, 1);
    switch (p->op) {
    case XP_NONE: return;
    case XP_BLANK: break;
    case XP_NUMBER: h_add(h, &p->num, sizeof p->num); break;
    case XP_DATETIME: {
        int32_t v[5] = { p->dt.year, p->dt.month, p->dt.day, p->dt.hour, p->dt.min };
        h_add(h, v, sizeof v);
        h_add(h, &p->dt.sec, sizeof p->dt.sec);
        break;
    }
    case XP_STRING: {
        uint64_t len = strlen(p->str);
        h_add(h, &len, sizeof len);
        h_add(h, p->str, (size_t)len);
        break;
    }
    }
    int32_t ix = xf_index(fc, p->fmt);
    h_add(h, &ix, sizeof ix);
}

/* Whether libxlsxwriter writes a cell for p (and so widens the dimensions):
 * an empty text or a blank without a format is ignored (worksheet_write_string,
 * worksheet_write_blank). */
static bool writes(const xlsx_plan *p)
{
    switch (p->op) {
    case XP_NUMBER: case XP_DATETIME: return true;
    case XP_STRING: return p->str[0] || p->fmt;
    case XP_BLANK: return p->fmt != NULL;
    default: return false;
    }
}

typedef struct {
    bool any;
    lxw_row_t rmin, rmax;
    lxw_col_t cmin, cmax;
} body_dims;

/* One pass over the body of t: plans every cell; hashes it (h not NULL)
 * and notes the cells written (dm), applies it (apply). */
static void body_pass(xctx *x, lxw_worksheet *ws, const fse_doc_table *t, lxw_row_t row0,
                      hasher *h, body_dims *dm, bool apply)
{
    size_t nc = t->ncols;
    fmt_cache fc = { .n = 0 };
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t i = 0; i < nc; i++) {
            xlsx_plan p;
            lxw_row_t row = (lxw_row_t)(row0 + r);
            fse_xlsx_plan_cell(x, &p, &t->cols[i], &t->cells[r * nc + i], false);
            if (h) hash_plan(h, &fc, &p);
            if (dm && writes(&p)) {
                if (!dm->any || row < dm->rmin) dm->rmin = row;
                if (!dm->any || row > dm->rmax) dm->rmax = row;
                if (!dm->any || i < dm->cmin) dm->cmin = (lxw_col_t)i;
                if (!dm->any || i > dm->cmax) dm->cmax = (lxw_col_t)i;
                dm->any = true;
            }
            if (apply) fse_xlsx_apply(x, ws, row, (lxw_col_t)i, &p);
        }
}

static void hash_start(hasher *h, lxw_worksheet *ws, const fse_doc_table *t, lxw_row_t row0)
{
    fse_sha256_init(&h->c);
    h->n = 0;
    static const char tag[] = "fsepack xlsx table body 1";
    h_add(h, tag, sizeof tag);
    uint64_t v[4] = { row0, t->nrows, t->ncols, ws->excel_version };
    h_add(h, v, sizeof v);
    h_add(h, &ws->default_row_height, sizeof ws->default_row_height);
}

static void hash_end(hasher *h, char key[65])
{
    fse_sha256_update(&h->c, h->buf, h->n);
    fse_sha256_final(&h->c, key);
}

/* See xlsx_writer_private.h. */
void fse_xlsx_table_body(xctx *x, lxw_worksheet *ws, const fse_doc_table *t, lxw_row_t row0)
{
    size_t limit = memo_cells_ ? memo_cells_ : FSE_XLSX_BODY_MEMO_CELLS;
    if (!ws->optimize || !ws->optimize_tmpfile || !t->ncols || !t->nrows ||
        t->nrows * t->ncols < limit || !fse_lxw_internals_known()) {
        body_pass(x, ws, t, row0, NULL, NULL, true);
        return;
    }
    lxw_worksheet_write_single_row(ws);   /* the header row, as the body's first cell would */
    hasher *h = fse_xmalloc(sizeof *h);
    char key[65];
    bool keyed = false;
    bool seen = false;
    for (size_t i = 0; i < memo.n && !seen; i++)
        seen = memo.e[i].row0 == row0 && memo.e[i].nrows == t->nrows && memo.e[i].ncols == t->ncols;
    if (seen) {   /* something to find: the key first */
        body_dims dm = { .any = false };
        hash_start(h, ws, t, row0);
        body_pass(x, ws, t, row0, h, &dm, false);
        hash_end(h, key);
        keyed = true;
        int rc = memo_splice(ws, key);
        if (rc == 1) {   /* the state _check_dimensions and _get_row would have left */
            if (dm.any) {
                if (dm.rmin < ws->dim_rowmin) ws->dim_rowmin = dm.rmin;
                if (dm.rmax > ws->dim_rowmax) ws->dim_rowmax = dm.rmax;
                if (dm.cmin < ws->dim_colmin) ws->dim_colmin = dm.cmin;
                if (dm.cmax > ws->dim_colmax) ws->dim_colmax = dm.cmax;
                ws->optimize_row->row_num = dm.rmax;
            }
            memo.hits++;
            free(h);
            return;
        }
        if (rc == -2) {   /* the sheet's temporary file could not be cut back: its cause, in French */
            if (!x->sys_errno) x->sys_errno = errno ? errno : EIO;
            fse_xlsx_note_err(x, LXW_ERROR_CREATING_TMPFILE);
            free(h);
            return;
        }
    }
    /* written by libxlsxwriter, and kept */
    off_t start = tmp_end(ws);
    size_t errors = x->nerrors;
    if (!keyed) hash_start(h, ws, t, row0);
    body_pass(x, ws, t, row0, keyed ? NULL : h, NULL, true);
    if (!keyed) hash_end(h, key);
    if (x->nerrors == errors) memo_store(ws, start, key, t, row0);
    free(h);
}
