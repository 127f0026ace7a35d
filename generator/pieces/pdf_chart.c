/* pdf_chart.c — vector bar and line charts for the PDF (bilan: indicators
 * vs targets, monthly cumulative hours vs trajectory, breakdowns).
 *
 * Layout, top to bottom: title; plot area with a y axis on round steps
 * (1, 2, 2.5, 5 × 10^k), grid lines and French tick labels; category
 * labels (thinned or wrapped on two lines when the slots are narrow);
 * legend. The chart is never cut between pages.
 */
#include "pieces/pdf_internal.h"
#include "pieces/doc_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CH_FS 7.0f
#define CH_TITLE_FS 10.0f
#define CH_PLOT_H 165.0f

static const float PALETTE[][3] = {
    { 0.00f, 0.20f, 0.60f },   /* EU reflex blue */
    { 0.93f, 0.49f, 0.13f },   /* orange */
    { 0.30f, 0.62f, 0.30f },   /* green */
    { 0.85f, 0.66f, 0.00f },   /* dark gold */
    { 0.55f, 0.35f, 0.65f },   /* purple */
    { 0.50f, 0.50f, 0.50f },   /* grey */
    { 0.80f, 0.20f, 0.20f },   /* red */
    { 0.15f, 0.60f, 0.70f },   /* teal */
};
#define NPAL (sizeof PALETTE / sizeof PALETTE[0])

static double nice_step(double range)
{
    double raw = range / 5;
    if (!(raw > 0)) return 1;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nf * mag;
}

/* Fewest decimals (0..6) that show v exactly enough: v printed with six
 * decimals, trailing zeros dropped. (A tolerance relative to v would call
 * 140 442,65 one-decimal and 10 363,99 integral, and label their bars
 * "140 442,7" and "10 364" beside a table that says otherwise.) */
static int decimals_of(double v)
{
    char b[64];
    snprintf(b, sizeof b, "%.6f", fabs(v));
    size_t n = strlen(b);
    int d = 6;
    while (d > 0 && b[n - 1] == '0') { n--; d--; }
    return d;
}

static void set_color(HPDF_Page p, size_t s, bool stroke)
{
    const float *k = PALETTE[s % NPAL];
    if (stroke) HPDF_Page_SetRGBStroke(p, k[0], k[1], k[2]);
    else HPDF_Page_SetRGBFill(p, k[0], k[1], k[2]);
}

/* Legend rows needed for the series names within width w. */
static int legend_rows(pdf_ctx *c, const fse_doc_chart *ch, float w)
{
    int rows = ch->nseries ? 1 : 0;
    float x = 0;
    for (size_t s = 0; s < ch->nseries; s++) {
        float iw = 11 + pdf_width(c, c->reg, CH_FS + 0.5f, ch->series_names[s], strlen(ch->series_names[s])) + 14;
        if (iw > w) iw = w;
        if (x > 0 && x + iw > w) { rows++; x = 0; }
        x += iw;
    }
    return rows;
}

/* Draws ch from the cursor (moving to a new page when it does not fit). */
void pdf_chart(pdf_ctx *c, const fse_doc_chart *ch)
{
    size_t nc = ch->ncats, ns = ch->nseries;
    float lh = PDF_LH(CH_FS);
    double vmin = 0, vmax = 0;
    bool any = false;
    for (size_t i = 0; i < nc * ns; i++) {
        double v = ch->values[i];
        if (!isfinite(v)) continue;
        any = true;
        if (v < vmin) vmin = v;
        if (v > vmax) vmax = v;
    }
    if (vmax == vmin) vmax = vmin + 1;
    double step = nice_step(vmax - vmin);
    double top = ceil(vmax / step - 1e-9) * step, bot = floor(vmin / step + 1e-9) * step;
    if (top <= bot) top = bot + step;
    int tdec = decimals_of(step);
    char buf[96];
    float labw = 0;
    for (double v = bot; v <= top + step / 2; v += step) {
        fse_format_number_fr(v, tdec, buf, sizeof buf);
        float w = pdf_width(c, c->reg, CH_FS, buf, strlen(buf));
        if (w > labw) labw = w;
    }
    float px0 = c->ml + labw + 8, px1 = c->ml + c->lw - 6;
    float slot = nc ? (px1 - px0) / nc : px1 - px0;

    /* category labels: one line, every k-th one line, or two lines */
    float maxw = 0;
    for (size_t i = 0; i < nc; i++) {
        float w = pdf_width(c, c->reg, CH_FS, ch->cats[i], strlen(ch->cats[i]));
        if (w > maxw) maxw = w;
    }
    size_t every = 1;
    int cat_lines = 1;
    if (maxw > slot - 2) {
        if (nc > 12) every = (size_t)ceilf((maxw + 6) / slot);   /* e.g. months */
        else cat_lines = 2;                                      /* named categories */
    }
    int lrows = legend_rows(c, ch, px1 - px0);
    float title_h = ch->title && *ch->title ? PDF_LH(CH_TITLE_FS) + 6 : 0;
    float total = title_h + 6 + CH_PLOT_H + cat_lines * lh + 6 + lrows * (lh + 3) + 10;
    if (!c->fresh && c->y - 6 - total < c->body_bottom) pdf_new_page(c);
    else if (!c->fresh) c->y -= 6;
    HPDF_Page p = c->page;
    float y = c->y;
    if (title_h > 0) {
        HPDF_Page_SetRGBFill(p, 0.1f, 0.1f, 0.1f);
        pdf_line_fit(c, c->bold, CH_TITLE_FS, c->ml, y - PDF_BASE(CH_TITLE_FS), c->lw, PDF_LEFT, ch->title);
    }
    float py1 = y - title_h - 6, py0 = py1 - CH_PLOT_H;
#define YV(v) ((float)(py0 + ((v) - bot) / (top - bot) * CH_PLOT_H))

    /* grid and y labels */
    HPDF_Page_SetLineWidth(p, 0.4f);
    HPDF_Page_SetRGBStroke(p, 0.85f, 0.85f, 0.85f);
    for (double v = bot; v <= top + step / 2; v += step) {
        HPDF_Page_MoveTo(p, px0, YV(v));
        HPDF_Page_LineTo(p, px1, YV(v));
    }
    HPDF_Page_Stroke(p);
    HPDF_Page_SetRGBFill(p, 0.25f, 0.25f, 0.25f);
    for (double v = bot; v <= top + step / 2; v += step) {
        fse_format_number_fr(fabs(v) < step / 1e6 ? 0 : v, tdec, buf, sizeof buf);
        pdf_line_fit(c, c->reg, CH_FS, px0 - 4, YV(v) - CH_FS * 0.35f, labw + 4, PDF_RIGHT, buf);
    }

    /* data */
    if (ns && nc && !ch->line) {
        float gw = slot * 0.72f, bw = gw / ns;
        for (size_t s = 0; s < ns; s++) {
            set_color(p, s, false);
            for (size_t i = 0; i < nc; i++) {
                double v = ch->values[s * nc + i];
                if (!isfinite(v)) continue;
                float x = px0 + i * slot + (slot - gw) / 2 + s * bw;
                float y0 = YV(0.0), y1 = YV(v);
                HPDF_Page_Rectangle(p, x + 0.4f, y0 < y1 ? y0 : y1, bw - 0.8f, fabsf(y1 - y0));
                HPDF_Page_Fill(p);
            }
        }
        /* value labels when they fit above their bar; one number of decimals
         * per series (at most 2, as the tables), so 10 363,99 and 23 317,34
         * read alike and as in the table below the chart */
        HPDF_Page_SetRGBFill(p, 0.2f, 0.2f, 0.2f);
        for (size_t s = 0; s < ns; s++) {
            int sdec = 0;
            for (size_t i = 0; i < nc; i++) {
                double v = ch->values[s * nc + i];
                int vd = isfinite(v) ? decimals_of(v) : 0;
                if (vd > sdec) sdec = vd;
            }
            if (sdec > 2) sdec = 2;
            for (size_t i = 0; i < nc; i++) {
                double v = ch->values[s * nc + i];
                if (!isfinite(v)) continue;
                fse_format_number_fr(v, sdec, buf, sizeof buf);
                float w = pdf_width(c, c->reg, CH_FS - 1, buf, strlen(buf));
                if (w > bw + 1) continue;
                float x = px0 + i * slot + (slot - gw) / 2 + s * bw + bw / 2;
                float yl = v >= 0 ? YV(v) + 2 : YV(v) - CH_FS;
                pdf_text(c, c->reg, CH_FS - 1, x - w / 2, yl, buf, strlen(buf));
            }
        }
    } else if (ns && nc) {
        HPDF_Page_SetLineWidth(p, 1.4f);
        for (size_t s = 0; s < ns; s++) {
            set_color(p, s, true);
            bool open = false;
            for (size_t i = 0; i < nc; i++) {
                double v = ch->values[s * nc + i];
                float x = px0 + (i + 0.5f) * slot;
                if (!isfinite(v)) { if (open) HPDF_Page_Stroke(p); open = false; continue; }
                if (!open) HPDF_Page_MoveTo(p, x, YV(v));
                else HPDF_Page_LineTo(p, x, YV(v));
                open = true;
            }
            if (open) HPDF_Page_Stroke(p);
            set_color(p, s, false);
            for (size_t i = 0; i < nc; i++) {
                double v = ch->values[s * nc + i];
                if (!isfinite(v)) continue;
                HPDF_Page_Circle(p, px0 + (i + 0.5f) * slot, YV(v), 1.9f);
                HPDF_Page_Fill(p);
            }
        }
    }

    /* axes */
    HPDF_Page_SetRGBStroke(p, 0.2f, 0.2f, 0.2f);
    HPDF_Page_SetLineWidth(p, 0.7f);
    HPDF_Page_MoveTo(p, px0, py1);
    HPDF_Page_LineTo(p, px0, py0);
    HPDF_Page_Stroke(p);
    HPDF_Page_MoveTo(p, px0, YV(0.0));
    HPDF_Page_LineTo(p, px1, YV(0.0));
    HPDF_Page_Stroke(p);
    if (!any) {
        HPDF_Page_SetRGBFill(p, 0.4f, 0.4f, 0.4f);
        pdf_line_fit(c, c->reg, PDF_FS_BODY, (px0 + px1) / 2, py0 + CH_PLOT_H / 2, px1 - px0,
                     PDF_CENTER, "Aucune donnée.");
    }

    /* category labels */
    HPDF_Page_SetRGBFill(p, 0.15f, 0.15f, 0.15f);
    float ly = py0 - 3 - PDF_BASE(CH_FS);
    for (size_t i = 0; i < nc; i += every) {
        float cx = px0 + (i + 0.5f) * slot;
        if (cat_lines == 1) {
            pdf_line_fit(c, c->reg, CH_FS, cx, ly, every * slot - 3, PDF_CENTER, ch->cats[i]);
            continue;
        }
        pdf_scratch_reset(c);
        size_t n, i0 = pdf_wrap(c, ch->cats[i], c->reg, CH_FS, slot - 3, &n);
        for (size_t j = 0; j < n && j < 2; j++) {
            size_t len;
            const char *s = pdf_span(c, i0 + j, &len);
            if (j == 1 && n > 2)   /* the rest, shortened with "…" */
                len = c->spans[i0 + n - 1].off + c->spans[i0 + n - 1].len - c->spans[i0 + 1].off;
            pdf_line_fitn(c, c->reg, CH_FS, cx, ly - j * lh, slot - 3, PDF_CENTER, s, len);
        }
    }

    /* legend */
    float lx = px0, lyy = py0 - 3 - cat_lines * lh - 6;
    for (size_t s = 0; s < ns; s++) {
        const char *name = ch->series_names[s];
        float iw = 11 + pdf_width(c, c->reg, CH_FS + 0.5f, name, strlen(name)) + 14;
        if (iw > px1 - px0) iw = px1 - px0;
        if (lx > px0 && lx + iw > px1) { lx = px0; lyy -= lh + 3; }
        set_color(p, s, false);
        HPDF_Page_Rectangle(p, lx, lyy - 7.5f, 7.5f, 7.5f);
        HPDF_Page_Fill(p);
        HPDF_Page_SetRGBFill(p, 0.1f, 0.1f, 0.1f);
        pdf_line_fit(c, c->reg, CH_FS + 0.5f, lx + 11, lyy - 7, iw - 14, PDF_LEFT, name);
        lx += iw;
    }
#undef YV
    HPDF_Page_SetRGBFill(p, 0, 0, 0);
    c->y = y - total;
    c->fresh = false;
}
