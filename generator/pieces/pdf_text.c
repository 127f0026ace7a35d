/* pdf_text.c — the text primitives of the PDF writer (pdf_internal.h):
 * sanitising UTF-8 for libharu, widths, one-line drawing with "…", the wrap
 * routine on MeasureText (research/tech.md §1.8) and the text extents the
 * table widths use. Split out of pdf_writer.c (the document, header, footer).
 */
#include "pieces/pdf_internal.h"
#include "common/strpool.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* What stands for a character the PDF cannot draw: U+25A1 WHITE SQUARE,
 * which Liberation Sans has (U+FFFD, the usual stand-in, it has not). */
#define UNDRAWABLE "\xE2\x96\xA1"

/* See pdf_internal.h. */
void pdf_sanitize(fse_sb *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* a run of printable ASCII, copied at once (issue 8: one call per
         * byte was 1.5 % of the PDF time of a 10 000-row job) */
        size_t r = i;
        while (r < n && u[r] >= 0x20 && u[r] < 0x7F) r++;
        if (r > i) {
            fse_sb_add(b, s + i, r - i);
            i = r;
            continue;
        }
        unsigned char ch = u[i];
        if (ch < 0x80) {
            if (ch == '\r') { fse_sb_addc(b, '\n'); i += (i + 1 < n && u[i + 1] == '\n') ? 2 : 1; continue; }
            fse_sb_addc(b, (ch < 0x20 && ch != '\n') || ch == 0x7F ? ' ' : (char)ch);
            i++;
            continue;
        }
        size_t k = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
        bool ok = k > 1 && i + k <= n && ch >= 0xC2 && ch <= 0xF4;
        for (size_t j = 1; ok && j < k; j++) ok = (u[i + j] & 0xC0) == 0x80;
        if (!ok) { fse_sb_adds(b, UNDRAWABLE); i++; continue; }
        if (k == 4 || (k == 3 && ch == 0xEF && u[i + 1] == 0xBF && u[i + 2] == 0xBD))
            fse_sb_adds(b, UNDRAWABLE);
        else if (k == 2 && ch == 0xC2 && u[i + 1] < 0xA0)
            fse_sb_addc(b, ' ');
        else
            fse_sb_add(b, s + i, k);
        i += k;
    }
}

/* libharu refuses texts over 65 535 bytes (HPDF_STRING_OUT_OF_RANGE):
 * at most max bytes of s[0..n), cut at a character boundary. */
static size_t cap_len(const char *s, size_t n, size_t max)
{
    if (n <= max) return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80) max--;
    return max;
}

#define MEASURE_MAX 8192   /* far more than any line holds */

void pdf_text_open(pdf_ctx *c)
{
    if (c->in_bt) return;
    HPDF_Page_BeginText(c->page);
    c->in_bt = true;
}

void pdf_text_close(pdf_ctx *c)
{
    if (!c->in_bt) return;
    HPDF_Page_EndText(c->page);
    c->in_bt = false;
}

void pdf_text(pdf_ctx *c, HPDF_Font f, float size, float x, float baseline,
              const char *s, size_t n)
{
    if (!n) return;
    bool own = !c->in_bt;
    pdf_text_open(c);
    /* the font survives text objects (PDF 32000 §9.3.1): set it when it changes */
    if (HPDF_Page_GetCurrentFont(c->page) != f || HPDF_Page_GetCurrentFontSize(c->page) != size)
        HPDF_Page_SetFontAndSize(c->page, f, size);
    if (own) {                      /* "x y Td" from the identity of BT */
        c->tmp.len = 0;
        fse_sb_add(&c->tmp, s, n);
        HPDF_Page_TextOut(c->page, x, baseline, c->tmp.s);
        pdf_text_close(c);
        return;
    }
    /* In a shared object, an absolute "1 0 0 1 x y Tm": the same numbers as
     * the Td above, so the same positions to the last digit. (A relative Td
     * from the previous line sums rounded steps: 1e-5 pt off, enough to
     * change a space in pdftotext -layout; and HPDF_Page_TextOut would take
     * the step from the end of the previous text, not its start.) */
    pdf_show(c, x, baseline, s, n);
}

const char *pdf_span(const pdf_ctx *c, size_t i, size_t *len)
{
    *len = c->spans[i].len;
    return c->arena.s + c->spans[i].off;
}

void pdf_scratch_reset(pdf_ctx *c)
{
    c->nspans = 0;
    c->arena.len = 0;
}

static void push_span(pdf_ctx *c, size_t off, size_t len)
{
    FSE_PUSH(c->spans, c->nspans, c->scap, ((pdf_span_t){ off, len }));
}

/* Wraps arena bytes [p, q) (no LF inside) into spans: break after the last
 * ASCII space that fits (MeasureText wordwrap), or inside a word wider than
 * the line (MeasureText without wordwrap), or after one character when not
 * even one fits. Spaces at a break are dropped. */
static void wrap_para(pdf_ctx *c, size_t p, size_t q, HPDF_Font f, float size, float width)
{
    size_t before = c->nspans;
    bool first = true;
    while (p < q) {
        const char *s = c->arena.s;
        if (!first) while (p < q && s[p] == ' ') p++;
        if (p >= q) break;
        HPDF_REAL real = 0;
        HPDF_UINT len = (HPDF_UINT)cap_len(s + p, q - p, MEASURE_MAX);
        /* the rest fits: MeasureText's answer known without asking it */
        HPDF_UINT k = len == q - p && pdf_fits(c, f, size, s + p, len, width)
                          ? len
                          : HPDF_Font_MeasureText(f, (const HPDF_BYTE *)s + p, len,
                                                  width, size, 0, 0, HPDF_TRUE, &real);
        if (k == 0)
            k = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)s + p, len,
                                      width, size, 0, 0, HPDF_FALSE, &real);
        if (k == 0) {
            unsigned char ch = (unsigned char)s[p];
            k = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
            if (p + k > q) k = (HPDF_UINT)(q - p);
        }
        size_t e = p + k;
        while (e > p && s[e - 1] == ' ') e--;
        if (e > p) push_span(c, p, e - p);
        p += k;
        first = false;
    }
    if (c->nspans == before) push_span(c, p, 0);
}

size_t pdf_wrap(pdf_ctx *c, const char *text, HPDF_Font f, float size, float width, size_t *n)
{
    size_t first = c->nspans;
    size_t start = c->arena.len;
    if (text) pdf_sanitize(&c->arena, text, strlen(text));
    fse_sb_addc(&c->arena, 0);               /* keeps arena.s non-NULL */
    c->arena.len--;
    size_t end = c->arena.len, p = start;
    if (width < 1) width = 1;
    for (;;) {
        size_t q = p;
        while (q < end && c->arena.s[q] != '\n') q++;
        wrap_para(c, p, q, f, size, width);
        if (q >= end) break;
        p = q + 1;
    }
    *n = c->nspans - first;
    return first;
}

static void text_extent(pdf_ctx *c, HPDF_Font f, float size, const char *text, float *word, float *line);

/* The memo of pdf_text_extent: the slot of (text, bold), found or free. */
static struct pdf_extent *extent_slot(pdf_ctx *c, const char *text, bool bold, uint64_t h)
{
    size_t mask = c->next - 1, j = (size_t)h & mask;
    for (; c->ext[j].text; j = (j + 1) & mask) {
        const struct pdf_extent *e = &c->ext[j];
        if (e->hash == h && e->bold == bold && !strcmp(e->text, text)) break;
    }
    return &c->ext[j];
}

void pdf_text_extent(pdf_ctx *c, HPDF_Font f, float size, const char *text,
                     float *word, float *line)
{
    if (!text || size != 1000 || (f != c->reg && f != c->bold)) {
        text_extent(c, f, size, text, word, line);
        return;
    }
    if ((c->next_used + 1) * 2 > c->next) {          /* grow, at most half full */
        size_t n = c->next ? c->next * 2 : 1024;
        struct pdf_extent *old = c->ext;
        size_t on = c->next;
        c->ext = fse_xcalloc(n, sizeof *c->ext);
        c->next = n;
        for (size_t i = 0; i < on; i++)
            if (old[i].text) {
                size_t j = (size_t)old[i].hash & (n - 1);
                while (c->ext[j].text) j = (j + 1) & (n - 1);
                c->ext[j] = old[i];
            }
        free(old);
    }
    size_t len = strlen(text);
    bool bold = f == c->bold;
    uint64_t h = fse_hash_bytes(text, len);
    struct pdf_extent *e = extent_slot(c, text, bold, h);
    if (!e->text) {
        text_extent(c, f, size, text, &e->word, &e->line);
        e->text = fse_strpool_intern(&c->ext_pool, text, len);
        e->hash = h;
        e->bold = bold;
        c->next_used++;
    }
    *word = e->word;
    *line = e->line;
}

static void text_extent(pdf_ctx *c, HPDF_Font f, float size, const char *text, float *word, float *line)
{
    *word = *line = 0;
    c->tmp.len = 0;
    if (text) pdf_sanitize(&c->tmp, text, strlen(text));
    const char *s = c->tmp.s;
    size_t n = c->tmp.len, p = 0;
    while (p < n) {
        size_t q = p, e;
        while (q < n && s[q] != '\n') q++;
        for (e = q; e > p && s[e - 1] == ' '; e--) {}
        float w = pdf_width(c, f, size, s + p, e - p);
        if (w > *line) *line = w;
        for (size_t a = p; a < e;) {
            while (a < e && s[a] == ' ') a++;
            size_t b = a;
            while (b < e && s[b] != ' ') b++;
            w = pdf_width(c, f, size, s + a, b - a);
            if (w > *word) *word = w;
            a = b;
        }
        p = q + 1;
    }
}

void pdf_line_fit(pdf_ctx *c, HPDF_Font f, float size, float x, float baseline,
                  float maxw, int align, const char *text)
{
    pdf_line_fitn(c, f, size, x, baseline, maxw, align, text, text ? strlen(text) : 0);
}

void pdf_line_fitn(pdf_ctx *c, HPDF_Font f, float size, float x, float baseline,
                   float maxw, int align, const char *text, size_t tlen)
{
    c->tmp.len = 0;
    if (text) pdf_sanitize(&c->tmp, text, tlen);
    if (!c->tmp.len) return;
    for (size_t i = 0; i < c->tmp.len; i++) if (c->tmp.s[i] == '\n') c->tmp.s[i] = ' ';
    size_t n = c->tmp.len;
    float w = pdf_width(c, f, size, c->tmp.s, n);
    if (w > maxw) {
        const char *ell = "\xE2\x80\xA6";
        float ew = pdf_width(c, f, size, ell, 3);
        HPDF_REAL real = 0;
        size_t k = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)c->tmp.s,
                                         (HPDF_UINT)cap_len(c->tmp.s, n, MEASURE_MAX),
                                         maxw - ew > 1 ? maxw - ew : 1, size, 0, 0, HPDF_FALSE, &real);
        while (k > 0 && c->tmp.s[k - 1] == ' ') k--;
        c->tmp.len = k;
        fse_sb_add(&c->tmp, ell, 3);
        n = c->tmp.len;
        w = pdf_width(c, f, size, c->tmp.s, n);
    }
    fse_sb_addc(&c->tmp, 0);
    float x0 = align == PDF_RIGHT ? x - w : align == PDF_CENTER ? x - w / 2 : x;
    HPDF_Page_BeginText(c->page);
    HPDF_Page_SetFontAndSize(c->page, f, size);
    HPDF_Page_TextOut(c->page, x0, baseline, c->tmp.s);
    HPDF_Page_EndText(c->page);
}
