/* pdf_internal.h — state shared by pdf_writer.c (document, pages, header,
 * footer), pdf_text.c (text primitives), pdf_layout.c (blocks), pdf_table*.c
 * (tables) and pdf_chart.c (vector charts), and by the speed-ups of issue 8
 * that write what libharu would write at less cost: pdf_show.c (widths,
 * table text), pdf_ops.c (row paths and colours), pdf_resources.c (shared
 * page resources), pdf_deflate.c / pdf_zstreams.c (stream compression),
 * pdf_glyphs.c / pdf_memops.c (libharu functions replaced in the process).
 * Not for use outside these files.
 *
 * Units: PDF points (1/72 inch), origin bottom-left of the page, y up.
 * Errors: every libharu error longjmps to fse_pdf_write (research/tech.md
 * §1.11); all memory of our own lives in pdf_ctx so that path frees it.
 */
#ifndef FSE_PDF_INTERNAL_H
#define FSE_PDF_INTERNAL_H

#include "pieces/doc.h"
#include "common/strpool.h"
#include "common/util.h"

#include <hpdf.h>
#include <hpdf_streams.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

/* Sizes of the body text, in points. */
#define PDF_FS_BODY   9.5f
#define PDF_FS_TABLE  8.0f
#define PDF_LH(fs)    ((fs) * 1.22f)    /* line height of a font size */
#define PDF_BASE(fs)  ((fs) * 0.93f)    /* top of a line box -> baseline */

enum { PDF_LEFT = 0, PDF_RIGHT = 1, PDF_CENTER = 2 };

/* A wrapped line: bytes [off, off+len) of pdf_ctx.arena. */
typedef struct { size_t off, len; } pdf_span_t;

typedef struct pdf_ctx {
    HPDF_Doc pdf;
    jmp_buf jb;
    HPDF_STATUS err, detail;     /* last libharu error, for the message */
    const fse_doc *d;
    HPDF_Font reg, bold;
    HPDF_Encoder enc;            /* UTF-8 encoder, for outline titles */
    float pw, ph;                /* page size */
    float ml, mr;                /* left / right margins */
    float lw;                    /* usable line width = pw - ml - mr */
    float top_margin, bottom_margin;
    float header_h;              /* height of the page header block */
    float body_top, body_bottom; /* y limits of the body */
    float y;                     /* body cursor: top of the next box */
    bool fresh;                  /* nothing drawn in the body of this page yet */
    HPDF_Page page;              /* current page */
    HPDF_Dict header;            /* form XObject of the page header, painted on every page */
    HPDF_Page *pages;            /* every page, for the "page X / Y" pass */
    size_t npages, pcap;
    fse_sb arena;                /* sanitised text of the wrapped lines */
    pdf_span_t *spans;
    size_t nspans, scap;
    fse_sb tmp;                  /* NUL-terminated copy of a line to draw */
    bool in_bt;                  /* inside a text object opened by pdf_text_open */
    float *colw;                 /* table scratch: widths, minimums, ... (5 * ncols) */
    size_t *cidx;                /* table scratch: 4 * ncols span indexes */
    size_t tcap;                 /* capacity of colw / 5 and of cidx / 4 */
    fse_sb ttl;                  /* "<table title> (suite)" of the table being laid out */
    struct pdf_extent {          /* pdf_text_extent at size 1000, by text and font (issue 8: a
                                    column of a million cells repeats its values) */
        uint64_t hash;
        const char *text;        /* in ext_pool; NULL = free slot */
        bool bold;
        float word, line;
    } *ext;
    size_t next, next_used;      /* slots (a power of two), used */
    fse_strpool ext_pool;
    int32_t *cw[2];              /* pdf_show.c: widths by code point of reg, bold (-1 = not asked) */
    struct libdeflate_compressor *zc;   /* pdf_deflate.c: compressor and */
    unsigned char *zin, *zout;   /* buffers of one page's stream */
    size_t zin_cap, zout_cap;
    unsigned char *out;          /* the saved PDF bytes */
    size_t outlen;
    char msg[1200];               /* error other than a libharu code */
} pdf_ctx;

/* pdf_writer.c */
/* Adds an A4 page (kept for the footer pass) with the page header (emblem,
 * EU mention, title, PLIE, fiche, période: one form XObject made on the
 * first page, painted on every page); cursor at body_top. Keeps the caller's spans. Closes an
 * open text object of the previous page. */
void pdf_new_page(pdf_ctx *c);
/* pdf_glyphs.c: forgets which font definitions of the current document map
 * to which memo table of glyph ids (call when a document is made or freed). */
void pdf_glyphs_forget(void);
/* pdf_deflate.c: compresses the content stream of every page of c->pages
 * (libdeflate; libharu then writes the bytes as they are, with the same
 * /FlateDecode filter). Call once all pages are complete, before saving. */
void pdf_deflate_pages(pdf_ctx *c);
/* pdf_resources.c: the pages of c->pages with the same resources (ProcSet,
 * fonts, header form) share one indirect /Resources dictionary instead of
 * a copy each (issue 8: fewer objects for libqpdf to copy into
 * dossier-complet.pdf). Call once all pages are complete: no drawing call
 * may follow. libharu errors (no memory) longjmp like its own calls. */
void pdf_share_resources(pdf_ctx *c);
/* pdf_zstreams.c: replaces libharu's internal function of that name (not
 * in its public headers) for the whole process: the bytes of memory stream
 * src, from its start, written to dst as one zlib stream made by libdeflate
 * (issue 8); libharu's own for encrypted streams or when ours fails.
 * HPDF_OK or libharu's error code. */
HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e);
/* pdf_deflate.c: on-write hook of a dictionary whose stream holds bytes
 * already deflated (libharu's own filter set to none): writes the
 * "/Filter /FlateDecode" entry. */
HPDF_STATUS pdf_flate_entry(HPDF_Dict dict, HPDF_Stream out);
void pdf_deflate_free(pdf_ctx *c);   /* the compressor and its buffers */
/* pdf_tounicode.c: replaces the content of the /ToUnicode stream libharu
 * 2.3.0 gave font (a Type0 font of the UTF-8 encoder, just made by
 * HPDF_GetFont) by a valid CMap (beginbfrange, PDF 32000-1 §9.10.3) of
 * the identity code = Unicode on the BMP that the encoder uses. A font
 * without a /ToUnicode memory stream is left alone. Returns HPDF_OK or
 * libharu's error code of the stream write (no memory). */
HPDF_STATUS pdf_tounicode_fix(HPDF_Font font);
/* pdf_text.c */
/* Appends s[0..n) to b in a form libharu draws faithfully: CR LF / CR
 * become LF, other control characters (C0, DEL, C1) a space, characters
 * outside the BMP (dropped by libharu, tech.md §1.2: emoji…), U+FFFD
 * (absent from Liberation Sans) and invalid bytes a visible "□" (U+25A1),
 * never a silent gap nor a "?" a reader could take for the text. Ingest
 * reports such characters once per export (source.c). */
void pdf_sanitize(fse_sb *b, const char *s, size_t n);
/* pdf_show.c: width in points of UTF-8 s[0..n) at font f, size pt (no
 * kerning): libharu's HPDF_Font_TextWidth, from a table for c->reg and
 * c->bold. */
float pdf_width(pdf_ctx *c, HPDF_Font f, float size, const char *s, size_t n);
/* pdf_show.c: true when HPDF_Font_MeasureText(f, s, n, width, size, no
 * spacing, wordwrap) surely answers n (the whole text fits, with a margin
 * for its float sums); false when it may not, or for a font without a
 * table. Issue 8: most cells of a list fit their column. */
bool pdf_fits(pdf_ctx *c, HPDF_Font f, float size, const char *s, size_t n, float width);
/* pdf_show.c: inside a text object whose font is set, draws s[0..n) (one
 * line, sanitised UTF-8) with its baseline origin at (x, y) as "1 0 0 1 x y
 * Tm <glyphs> Tj": the bytes and page state of HPDF_Page_SetTextMatrix +
 * HPDF_Page_ShowText, written at once (issue 8). */
void pdf_show(pdf_ctx *c, float x, float y, const char *s, size_t n);
void pdf_show_free(pdf_ctx *c);   /* the width tables */
/* pdf_ops.c: the bytes and page state of HPDF_Page_MoveTo, _LineTo,
 * _Rectangle and _SetRGBFill on c->page (points; colour components 0..1),
 * written in one piece (issue 8); libharu's own call when the page is in a
 * mode where that operator is refused, so the error is libharu's. */
/* pdf_ops.c: HPDF_FToA(p, v, p + 15), its text kept for the next same v;
 * p must have 15 bytes of room. Returns the end of the text written. */
char *pdf_ftoa(char *p, float v);
void pdf_op_moveto(pdf_ctx *c, float x, float y);
void pdf_op_lineto(pdf_ctx *c, float x, float y);
void pdf_op_rect(pdf_ctx *c, float x, float y, float w, float h);
void pdf_op_rgb_fill(pdf_ctx *c, float r, float g, float b);
/* Draws s[0..n) (sanitised UTF-8, one line) with its baseline at
 * (x, baseline) in the current fill colour. */
void pdf_text(pdf_ctx *c, HPDF_Font f, float size, float x, float baseline,
              const char *s, size_t n);
/* One text object (BT .. ET) for the pdf_text calls until pdf_text_close,
 * instead of one per call: each line becomes "1 0 0 1 x y Tm <glyphs> Tj",
 * the same position numbers as "BT x y Td <glyphs> Tj ET".
 * Between the two, only text and colour operators (no paths: PDF 32000
 * §8.2 figure 9). pdf_text_close without an open object does nothing.
 * Issue 8: a list of a million cells wrote "BT x y Td .. Tj ET" per cell. */
void pdf_text_open(pdf_ctx *c);
void pdf_text_close(pdf_ctx *c);
/* Wraps text (\n honoured) into lines no wider than width; appends the
 * lines to c->spans and returns the index of the first; *n = line count
 * (>= 1: an empty text gives one empty line). */
size_t pdf_wrap(pdf_ctx *c, const char *text, HPDF_Font f, float size, float width, size_t *n);
const char *pdf_span(const pdf_ctx *c, size_t i, size_t *len);
void pdf_scratch_reset(pdf_ctx *c);                  /* forget all spans */
/* One line, shortened with "…" when wider than maxw, aligned at x
 * (PDF_LEFT: x is the left edge; PDF_RIGHT: the right edge; PDF_CENTER). */
void pdf_line_fit(pdf_ctx *c, HPDF_Font f, float size, float x, float baseline,
                  float maxw, int align, const char *text);
/* Same for text[0..tlen) (need not be NUL-terminated; must not point into
 * c->tmp). LF inside becomes a space. */
void pdf_line_fitn(pdf_ctx *c, HPDF_Font f, float size, float x, float baseline,
                   float maxw, int align, const char *text, size_t tlen);

/* Widths at font f, size pt, of the widest word (run of bytes between
 * ASCII spaces and line feeds: the wrap routine never breaks inside one)
 * and of the widest line (\n-separated, trailing spaces dropped) of text
 * as pdf_wrap sees it (sanitised). NULL or "" gives 0, 0. Uses c->tmp. */
void pdf_text_extent(pdf_ctx *c, HPDF_Font f, float size, const char *text,
                     float *word, float *line);

/* pdf_layout.c: lays out every block of c->d from the cursor. */
void pdf_layout_blocks(pdf_ctx *c);
/* Text lines at x, width w, from the cursor down, breaking pages between
 * lines (never leaving a single first line at the bottom of a page). */
void pdf_flow_lines(pdf_ctx *c, const char *text, HPDF_Font f, float fs, float x, float w,
                    float gray);

/* pdf_table.c: one table from the cursor (title, header row repeated on
 * every page, rows, totals, note). */
void pdf_table(pdf_ctx *c, const fse_doc_table *t);

/* pdf_chart.c: bar or line chart from the cursor, never cut by a page. */
void pdf_chart(pdf_ctx *c, const fse_doc_chart *ch);

#endif
