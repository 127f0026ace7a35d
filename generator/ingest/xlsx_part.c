/* xlsx_part.c — zip parts, expat plumbing and relationships of the XLSX
 * reader (see xlsx_internal.h; research/tech.md §4.2-4.3 item 1, 7).
 */
#include "ingest/xlsx_internal.h"
#include "common/text.h"
#include "common/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <isa-l/crc.h>

#define CHUNK 65536   /* zip_fread size fed to XML_ParseBuffer */

/* ---- limits, messages ------------------------------------------------- */

static size_t max_part_, max_sheet_mem_;

void fse_xlsx_set_limits(size_t max_part, size_t max_sheet_mem)
{
    max_part_ = max_part;
    max_sheet_mem_ = max_sheet_mem;
}
size_t fse_xlsx_max_part(void) { return max_part_ ? max_part_ : FSE_XLSX_MAX_PART; }
size_t fse_xlsx_max_sheet_mem(void) { return max_sheet_mem_ ? max_sheet_mem_ : FSE_XLSX_MAX_SHEET_MEM; }

void fse_xlsx_msg(char *msg, size_t msglen, const char *fmt, ...)
{
    if (!msg || !msglen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
}

void fse_xlsx_fail(fse_xlsx_xml *x, fse_xlsx_error e, const char *fmt, ...)
{
    if (x->err) return;
    x->err = e;
    x->line = (unsigned long)XML_GetCurrentLineNumber(x->parser);
    x->col = (unsigned long)XML_GetCurrentColumnNumber(x->parser) + 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->detail, sizeof x->detail, fmt, ap);
    va_end(ap);
    XML_StopParser(x->parser, XML_FALSE);
}

/* ---- streaming a part through expat ------------------------------------ */

bool fse_xlsx_is_xmlns(const char *name)
{
    return !strncmp(name, "xmlns", 5) && (name[5] == 0 || name[5] == ':');
}

const char *fse_xlsx_attr(const char **atts, const char *local)
{
    for (; atts[0]; atts += 2)
        if (!fse_xlsx_is_xmlns(atts[0]) && !strcmp(fse_xlsx_local(atts[0]), local)) return atts[1];
    return NULL;
}

void fse_xlsx_cell_attrs(const char **atts, const char **r, const char **s, const char **t)
{
    *r = *s = *t = NULL;
    for (; atts[0]; atts += 2) {
        if (fse_xlsx_is_xmlns(atts[0])) continue;
        const char *k = fse_xlsx_local(atts[0]);
        if (!k[0] || k[1]) continue;
        if (k[0] == 'r' && !*r) *r = atts[1];
        else if (k[0] == 's' && !*s) *s = atts[1];
        else if (k[0] == 't' && !*t) *t = atts[1];
    }
}

zip_int64_t fse_xlsx_locate(zip_t *z, const char *part)
{
    zip_int64_t i = zip_name_locate(z, part, 0);
    return i >= 0 ? i : zip_name_locate(z, part, ZIP_FL_NOCASE);
}

int fse_xlsx_check_names(zip_t *z, char *msg, size_t msglen)
{
    zip_int64_t nent = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < nent; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        if (!name || zip_name_locate(z, name, 0) == i) continue;
        /* the name is raw bytes of a hostile archive: shown on one line, as
         * UTF-8, its control characters (and any byte of a name that is no
         * UTF-8) as '?' */
        char *shown = fse_xstrdup(name);
        bool utf8 = fse_utf8_valid(shown, strlen(shown), NULL);
        for (unsigned char *q = (unsigned char *)shown; *q; q++)
            if (*q < 0x20 || *q == 0x7f || (!utf8 && *q >= 0x80)) *q = '?';
        fse_xlsx_msg(msg, msglen, "deux entrées portent le même nom : %s", shown);
        free(shown);
        return -1;
    }
    return 0;
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    fse_xlsx_fail(ud, FSE_XLSX_ERR_XML, "DOCTYPE interdit en OOXML");
}

/* Count the open elements around the caller's handlers; past
 * FSE_XLSX_MAX_DEPTH the part is refused (expat does not recurse, but the
 * handlers' state and the time spent are bounded this way). */
static void XMLCALL depth_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    fse_xlsx_xml *x = ud;
    if (x->err) return;
    if (++x->depth > FSE_XLSX_MAX_DEPTH) {
        fse_xlsx_fail(x, FSE_XLSX_ERR_XML, "éléments imbriqués sur plus de %d niveaux", FSE_XLSX_MAX_DEPTH);
        return;
    }
    if (x->start) x->start(ud, name, atts);
}

static void XMLCALL depth_end(void *ud, const XML_Char *name)
{
    fse_xlsx_xml *x = ud;
    if (x->depth) x->depth--;
    if (!x->err && x->end) x->end(ud, name);
}

static bool isal_on_ = true;
static size_t isal_parts_, isal_switches_;

void fse_xlsx_set_isal(bool on) { isal_on_ = on; }

void fse_xlsx_isal_counts(size_t *parts, size_t *switches)
{
    *parts = isal_parts_;
    *switches = isal_switches_;
}

/* Where a part's bytes come from: ISA-L (fast, while it has found nothing
 * wrong) or libzip's zip_fread. Both hand out CHUNK-byte reads, each full
 * but the last, so expat sees the same buffers either way. */
typedef struct {
    zip_t *z;
    zip_uint64_t idx;
    fse_xlsx_inflate *fast;  /* the ISA-L path, while it lasts */
    zip_file_t *f;           /* libzip's path, from the start or after a switch */
    zip_uint64_t given;      /* bytes handed out so far */
    bool fast_sound;         /* ISA-L reached the end: size and CRC-32 right */
    bool zip_open_failed;    /* f could not be opened: the message is zip_strerror(z) */
} part_src;

/* Open libzip's path and read through the first s->given bytes (already
 * handed out by ISA-L): libzip must give them too, else its error is the
 * part's (the data was damaged where zlib looks). false: the error is in
 * s->f (or zip_open_failed); a libzip stream shorter than ISA-L's (ISA-L
 * found an end where zlib does not), or whose first s->given bytes differ
 * from ISA-L's (their CRC-32s differ: the parse would mix two decoders'
 * bytes that no check covers), sets ZIP_ER_INCONS. */
static bool switch_to_libzip(part_src *s, zip_error_t *short_err)
{
    isal_switches_++;
    uint32_t given_crc = fse_xlsx_inflate_crc(s->fast), crc = 0;
    fse_xlsx_inflate_close(s->fast);
    s->fast = NULL;
    s->f = zip_fopen_index(s->z, s->idx, 0);
    if (!s->f) {
        s->zip_open_failed = true;
        return false;
    }
    char *skip = fse_xmalloc(CHUNK);
    zip_uint64_t left = s->given;
    bool ok = true;
    while (ok && left) {
        zip_int64_t n = zip_fread(s->f, skip, left < CHUNK ? left : CHUNK);
        if (n <= 0) {
            ok = false;
            if (n == 0) zip_error_set(short_err, ZIP_ER_INCONS, 0);
        } else {
            crc = crc32_gzip_refl(crc, (unsigned char *)skip, (uint64_t)n);
            left -= (zip_uint64_t)n;
        }
    }
    free(skip);
    if (ok && crc != given_crc) {
        ok = false;
        zip_error_set(short_err, ZIP_ER_INCONS, 0);
    }
    return ok;
}

/* Next read of the part (> 0 bytes, 0 at its sound end, -1 on error). ISA-L
 * first; when it finds something wrong (a damaged, truncated or mislabelled
 * entry), libzip takes over from the same byte, so that whatever libzip
 * says about the entry (its error, or its bytes) is what the part gets. */
static zip_int64_t src_read(part_src *s, void *buf, size_t len, zip_error_t *short_err)
{
    if (s->fast) {
        zip_int64_t n = fse_xlsx_inflate_read(s->fast, buf, len);
        if (n >= 0) {
            s->given += (zip_uint64_t)n;
            s->fast_sound = n == 0;
            return n;
        }
        if (!switch_to_libzip(s, short_err)) return -1;
    }
    zip_int64_t n = zip_fread(s->f, buf, len);
    if (n > 0) s->given += (zip_uint64_t)n;
    return n;
}

static const char *src_strerror(part_src *s, zip_error_t *short_err)
{
    if (s->zip_open_failed) return zip_strerror(s->z);
    if (zip_error_code_zip(short_err) != ZIP_ER_OK) return zip_error_strerror(short_err);
    return zip_file_strerror(s->f);
}

/* Both paths: try_isal picks ISA-L for a plain deflate entry, else libzip. */
static fse_xlsx_error parse_part(zip_t *z, const char *part, fse_xlsx_xml *x,
                                 XML_StartElementHandler start, XML_EndElementHandler end,
                                 XML_CharacterDataHandler text, bool try_isal, char *msg, size_t msglen)
{
    size_t max = fse_xlsx_max_part(), total = 0;
    zip_int64_t idx = fse_xlsx_locate(z, part);
    zip_stat_t st;
    if (idx < 0) {
        fse_xlsx_msg(msg, msglen, "%s : partie absente", part);
        return FSE_XLSX_ERR_MISSING_PART;
    }
    zip_stat_init(&st);
    if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > max) {
        fse_xlsx_msg(msg, msglen, "%s : %llu octets décompressés, au-delà de la limite de %zu", part,
                (unsigned long long)st.size, max);
        return FSE_XLSX_ERR_TOO_BIG;
    }
    part_src src = { .z = z, .idx = (zip_uint64_t)idx };
    zip_error_t short_err;
    zip_error_init(&short_err);
    /* a failed stat leaves st.valid 0: not usable by ISA-L */
    if (try_isal && isal_on_ && (src.fast = fse_xlsx_inflate_open(z, (zip_uint64_t)idx, &st))) isal_parts_++;
    if (!src.fast && !(src.f = zip_fopen_index(z, (zip_uint64_t)idx, 0))) {
        fse_xlsx_msg(msg, msglen, "%s : %s", part, zip_strerror(z));
        zip_error_fini(&short_err);
        return FSE_XLSX_ERR_NOT_ZIP;
    }
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) fse_oom();   /* expat's only failure here is an allocation */
    x->parser = p;
    x->err = FSE_XLSX_OK;
    x->detail[0] = 0;
    XML_SetUserData(p, x);
    x->depth = 0;
    x->start = start;
    x->end = end;
    XML_SetElementHandler(p, depth_start, depth_end);
    XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, refuse_doctype);

    fse_xlsx_error e = FSE_XLSX_OK;
    for (;;) {
        void *buf = XML_GetBuffer(p, CHUNK);
        zip_int64_t n = buf ? src_read(&src, buf, CHUNK, &short_err) : 0;
        if (!buf) {
            e = FSE_XLSX_ERR_XML;
            fse_xlsx_msg(msg, msglen, "%s: %s", part, XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (n < 0) {
            e = FSE_XLSX_ERR_NOT_ZIP;
            fse_xlsx_msg(msg, msglen, "%s : %s", part, src_strerror(&src, &short_err));
            break;
        }
        total += (size_t)n;  /* counted too: the size in the zip directory may lie */
        if (total > max) {
            e = FSE_XLSX_ERR_TOO_BIG;
            fse_xlsx_msg(msg, msglen, "%s : plus de %zu octets décompressés", part, max);
            break;
        }
        if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK || x->err) {
            e = x->err ? x->err : FSE_XLSX_ERR_XML;
            if (x->err)
                fse_xlsx_msg(msg, msglen, "%s:%lu:%lu: %s", part, x->line, x->col, x->detail);
            else
                fse_xlsx_msg(msg, msglen, "%s:%lu:%lu: %s", part,
                             (unsigned long)XML_GetCurrentLineNumber(p),
                             (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                             XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (n == 0) break;
    }
    /* Stopped in bytes ISA-L gave (XML error, handler's error, too big)
     * before it saw the end: libzip must give those bytes too, or the part's
     * error is libzip's, as it was before ISA-L (zlib may refuse a stream
     * sooner than ISA-L). A stream ISA-L read to a sound end needs no check. */
    if (e != FSE_XLSX_OK && e != FSE_XLSX_ERR_NOT_ZIP && src.fast && !src.fast_sound
        && !switch_to_libzip(&src, &short_err)) {
        e = FSE_XLSX_ERR_NOT_ZIP;
        fse_xlsx_msg(msg, msglen, "%s : %s", part, src_strerror(&src, &short_err));
    }
    XML_ParserFree(p);
    x->parser = NULL;
    fse_xlsx_inflate_close(src.fast);
    if (src.f) zip_fclose(src.f);
    zip_error_fini(&short_err);
    return e;
}

fse_xlsx_error fse_xlsx_parse_part(zip_t *z, const char *part, fse_xlsx_xml *x,
                                   XML_StartElementHandler start, XML_EndElementHandler end,
                                   XML_CharacterDataHandler text, char *msg, size_t msglen)
{
    return parse_part(z, part, x, start, end, text, false, msg, msglen);
}

fse_xlsx_error fse_xlsx_parse_part_isal(zip_t *z, const char *part, fse_xlsx_xml *x,
                                        XML_StartElementHandler start, XML_EndElementHandler end,
                                        XML_CharacterDataHandler text, char *msg, size_t msglen)
{
    return parse_part(z, part, x, start, end, text, true, msg, msglen);
}

/* ---- relationships ---------------------------------------------------- */

/* Part name of a relationship target: "/xl/a.xml" is absolute, anything else
 * is relative to dir ("xl/"); "." and ".." segments are applied, '\' is '/'. */
static char *resolve(const char *dir, const char *target)
{
    fse_sb b = {0};
    if (*target == '/' || *target == '\\') target++;
    else fse_sb_adds(&b, dir);
    fse_sb_adds(&b, target);
    char *s = fse_sb_take(&b), *p = s;
    size_t o = 0;                                   /* output: "a/b/c", no trailing '/' */
    while (*p) {
        char *seg = p;
        size_t n = strcspn(p, "/\\");
        p += n + (p[n] != 0);
        if (n == 0 || (n == 1 && seg[0] == '.')) continue;
        if (n == 2 && seg[0] == '.' && seg[1] == '.') {
            while (o && s[o - 1] != '/') o--;
            if (o) o--;
            continue;
        }
        if (o) s[o++] = '/';
        memmove(s + o, seg, n);
        o += n;
    }
    s[o] = 0;
    return s;
}

typedef struct {
    fse_xlsx_xml x;
    const char *dir;
    fse_xlsx_rels *out;
} rels_ctx;

static void rels_start(void *ud, const char *name, const char **atts)
{
    rels_ctx *c = ud;
    if (c->x.err || strcmp(fse_xlsx_local(name), "Relationship")) return;
    const char *id = fse_xlsx_attr(atts, "Id"), *type = fse_xlsx_attr(atts, "Type"),
               *target = fse_xlsx_attr(atts, "Target"), *mode = fse_xlsx_attr(atts, "TargetMode");
    if (!id || !target || (mode && !strcmp(mode, "External"))) return;
    fse_xlsx_rel r = { fse_xstrdup(id), fse_xstrdup(type ? type : ""), resolve(c->dir, target) };
    FSE_PUSH(c->out->v, c->out->n, c->out->cap, r);
}

fse_xlsx_error fse_xlsx_read_rels(zip_t *z, const char *part, const char *dir, fse_xlsx_rels *out,
                                  char *msg, size_t msglen)
{
    rels_ctx c = { .dir = dir, .out = out };
    return fse_xlsx_parse_part(z, part, &c.x, rels_start, NULL, NULL, msg, msglen);
}

void fse_xlsx_rels_free(fse_xlsx_rels *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].id);
        free(r->v[i].type);
        free(r->v[i].target);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}

const char *fse_xlsx_rel_target(const fse_xlsx_rels *c, const char *suffix)
{
    size_t ls = strlen(suffix);
    for (size_t i = 0; i < c->n; i++) {
        size_t lt = strlen(c->v[i].type);
        if (lt > ls && c->v[i].type[lt - ls - 1] == '/' && !strcmp(c->v[i].type + lt - ls, suffix))
            return c->v[i].target;
    }
    return NULL;
}
