/* source_row.c — typing the rows of an export into its dataset (see
 * source_internal.h; rules of DESIGN §3 and §6: values by field type, the
 * export's total line, nb_postes default, periods). */
#include "ingest/source_internal.h"
#include "common/progress.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *cell_text(const fse_raw_row *r, size_t c)
{
    return c < r->ncells && r->cells[c].text ? r->cells[c].text : NULL;
}

static bool row_blank(const fse_raw_row *r)
{
    for (size_t c = 0; c < r->ncells; c++)
        if (r->cells[c].kind != FSE_CELL_EMPTY && !fse_blank(r->cells[c].text)) return false;
    return true;
}

/* The export's own total line: its first non-empty cell is text whose first
 * word is "Total" (or "Somme"; "TotalEnergies" is a company, not a total),
 * and it leaves a required identifier empty. */
static bool is_total_line(const fse_source_reader *rd, const fse_raw_row *r, const int *colmap, size_t ncols)
{
    const fse_cell *first = NULL;
    for (size_t c = 0; c < r->ncells && !first; c++)
        if (r->cells[c].kind != FSE_CELL_EMPTY && !fse_blank(r->cells[c].text)) first = &r->cells[c];
    if (!first || first->kind != FSE_CELL_TEXT) return false;
    const char *s = first->text;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = 0;
    while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) n++;
    char word[8] = "";
    if (n < sizeof word) {
        for (size_t i = 0; i < n; i++) word[i] = (char)(s[i] | 0x20);
        word[n] = 0;
    }
    /* the three words have 5 or 6 letters: other lengths skip the strcmp
     * calls (three per row of every export otherwise) */
    if (n < 5 || n > 6 || (strcmp(word, "total") && strcmp(word, "somme") && strcmp(word, "sommes"))) return false;
    const fse_dataset_def *def = rd->ds->def;
    for (size_t c = 0; c < ncols; c++) {
        if (colmap[c] < 0 || !def->fields[colmap[c]].required) continue;
        if (def->fields[colmap[c]].type == FSE_FT_NUMBER) continue;
        const char *t = cell_text(r, c);
        if (!t || fse_blank(t) || t == first->text) return true;
    }
    return false;
}

static const char *type_word(fse_field_type t)
{
    switch (t) {
    case FSE_FT_NUMBER: return "un nombre positif ou nul";
    case FSE_FT_DATE: return "une date";
    case FSE_FT_MONTH: return "un mois";
    case FSE_FT_BOOL: return "Oui/Non";
    default: return "du texte";
    }
}

/* No export value is beyond a trillion: larger ones (1e308, 1 followed by 400
 * zeros) are typing or export errors, and their sums would overflow. Nor is
 * any negative: every number field of the schema counts something (heures,
 * heures_prevues, heures_formation, nb_postes, effectif), so "-7" is a typo
 * or a correction line that would lower a figure silently (issue 7). */
static bool in_range(double v)
{
    return isfinite(v) && v >= 0 && v < 1e12;
}

/* Whether s[0..n) holds something fse_text_neutralise changes or counts: a
 * C0 control (TAB included), DEL, a C1 control, a character outside the BMP. */
/* The bytes needs_neutral looks at twice: C0 controls, DEL, 0xC2 (the lead
 * of a C1 control) and the leads of characters outside the BMP. */
static const unsigned char odd_byte[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 00 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 10 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 20 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 30 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 50 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 60 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,  /* 70 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 80 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 90 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* A0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* B0 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* C0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* D0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* E0 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* F0 */
};

static bool needs_neutral(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    /* eight plain ASCII bytes at a time (0x20..0x7E: no high bit, none below
     * 0x20, no 0x7F); a word holding anything else is looked at byte by
     * byte below (issue 8: this scan was a third of the typing of a cell) */
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, u + i, 8);
        uint64_t below20 = (w - 0x20 * ones) & ~w & highs;
        uint64_t is7f = ((w ^ 0x7F * ones) - ones) & ~(w ^ 0x7F * ones) & highs;
        if ((w & highs) | below20 | is7f) break;
    }
    for (; i < n; i++)
        if (odd_byte[u[i]] && ((u[i] < 0x20 && u[i] != '\n' && u[i] != '\r') || u[i] == 0x7F || u[i] >= 0xF0
                               || (u[i] == 0xC2 && i + 1 < n && u[i + 1] <= 0x9F)))
            return true;
    return false;
}

/* The two memo slots of column c for hash h. */
static struct fse_intern_memo *memo_set(fse_source_stream *st, size_t c, uint64_t h)
{
    return &st->memo[c * FSE_MEMO_SLOTS + 2 * (size_t)(h >> (64 - 7))];
}

/* Column c's memo entry of t[0..n) (hash h), or NULL. */
static const struct fse_intern_memo *memo_find(fse_source_stream *st, size_t c, const char *t, size_t n,
                                               uint64_t h)
{
    const struct fse_intern_memo *e = memo_set(st, c, h);
    char head[sizeof e->head];
    fse_head12(t, n, head);
    for (int k = 0; k < 2; k++)
        if (e[k].text && e[k].hash == h && e[k].len == n && !memcmp(e[k].head, head, sizeof head)
            && (n <= sizeof head || !memcmp(e[k].text + sizeof head, t + sizeof head, n - sizeof head)))
            return &e[k];
    return NULL;
}

/* Remember in column c's memo that the cell text t[0..n) (hash h) types to
 * v (v->text its pooled copy; ok: accepted). The newer text first, the older
 * second, the oldest out. The head is read from t, in cache, rather than
 * from the pooled copy (a cache miss: 6 % of a 1 M-row check). */
static void memo_add(fse_source_stream *st, size_t c, uint64_t h, const char *t, size_t n,
                     const fse_value *v, bool ok, uint8_t sep)
{
    struct fse_intern_memo *e = memo_set(st, c, h);
    e[1] = e[0];
    e[0] = (struct fse_intern_memo){ .hash = h, .text = v->text, .num = v->num, .len = (uint32_t)n, .ok = ok,
                                     .sep = sep };
    fse_head12(t, n, e[0].head);
}

/* The cell's text trimmed as fse_trim_span_n does (its span and *len).
 * Most cells neither start nor end with a byte a blank may start or end
 * with (ASCII blanks, and the lead or last byte of U+00A0 and U+202F): they
 * are returned whole without the call (issue 8: 40 instructions a cell). */
static const char *trim_cell(const fse_cell *cell, size_t *len)
{
    const unsigned char *u = (const unsigned char *)cell->text;
    size_t n = cell->len;
    if (n && u[0] > ' ' && u[0] != 0xC2 && u[0] != 0xE2 && u[n - 1] > ' ' && u[n - 1] != 0xA0 && u[n - 1] != 0xAF) {
        *len = n;
        return cell->text;
    }
    return fse_trim_span_n(cell->text, n, len);
}

/* Hash the trimmed text of every mapped text cell of r into pre (ncols
 * entries), look it up in its column's memo, and prefetch the pool slot of
 * each text the memo lacks: the pool lookups of the row then find them in
 * cache, their memory latencies overlapped (issue 8: a lookup in a column
 * of many values, participant or hours, is a cache miss). Only the misses
 * are prefetched; the memo sets are fetched first, all together. */
static void prehash_row(fse_source_stream *st, const fse_raw_row *r, struct fse_cell_hash *pre)
{
    const fse_strpool *pool = &st->rd->ds->pool;
    const int *colmap = st->colmap;
    size_t n = st->ncols < r->ncells ? st->ncols : r->ncells;
    for (size_t c = 0; c < n; c++) {
        const fse_cell *cell = &r->cells[c];
        pre[c].text = NULL;
        if (colmap[c] < 0 || cell->kind != FSE_CELL_TEXT) continue;
        size_t len;
        const char *t = trim_cell(cell, &len);
        uint64_t h = fse_hash_bytes(t, len);
        pre[c].text = t;
        pre[c].len = len;
        pre[c].hash = h;
        pre[c].hit.text = NULL;
        if (!st->memo_stat[c].off) __builtin_prefetch(memo_set(st, c, h));
    }
    for (size_t c = 0; c < n; c++) {
        if (!pre[c].text || !pre[c].len) continue;
        struct fse_memo_stat *ms = &st->memo_stat[c];
        if (ms->off) {
            fse_strpool_prefetch(pool, pre[c].hash);
            continue;
        }
        const struct fse_intern_memo *e = memo_find(st, c, pre[c].text, pre[c].len, pre[c].hash);
        if (e) pre[c].hit = *e;
        else fse_strpool_prefetch(pool, pre[c].hash);
        if (ms->tries < FSE_MEMO_PROBE) {   /* judged once per file (struct fse_memo_stat) */
            ms->hits += e != NULL;
            if (++ms->tries == FSE_MEMO_PROBE) ms->off = ms->hits * FSE_MEMO_POOR < ms->tries;
        }
    }
}

/* Type the trimmed text s of a cell (NUL-terminated, not empty; v->text
 * set) by type into v->num. Returns false when the type refuses it. An
 * accepted number's decimal separator class goes to *sep (values.h
 * fse_number_sep; left alone otherwise), found in the parse's own pass
 * (fse_parse_number_sep), once per text of a column (the memo keeps it). */
static bool type_text(const fse_source_reader *rd, fse_field_type type, const char *s, fse_value *v, uint8_t *sep)
{
    switch (type) {
    case FSE_FT_TEXT:
    case FSE_FT_ID:
        return true;
    case FSE_FT_NUMBER: {
        fse_numsep k;
        if (!fse_parse_number_sep(s, &v->num, &k) || !in_range(v->num)) return false;
        *sep = (uint8_t)k;
        return true;
    }
    case FSE_FT_BOOL: {
        int b = fse_parse_bool(s);
        v->num = b;
        return b >= 0;
    }
    case FSE_FT_DATE:
    case FSE_FT_MONTH: {
        int32_t days = 0;
        bool ok = type == FSE_FT_DATE ? fse_parse_date(s, &days) : fse_parse_month(s, &days);
        if (!ok) {  /* an Excel serial written as text (1900 system) */
            double n, dd;
            if (fse_parse_number(s, &n) && n == floor(n) && n > 3000 && n < 150000
                && fse_excel_serial_to_days(n, rd->is1904, &dd)) {
                days = (int32_t)dd;
                if (type == FSE_FT_MONTH) { int y, m, d; fse_civil_from_days(days, &y, &m, &d); days = fse_days_from_civil(y, m, 1); }
                ok = true;
            }
        }
        v->num = ok ? days : 0;  /* dataset.h: a rejected value's num is 0 */
        return ok;
    }
    }
    return false;
}

/* Parse one cell into v (zeroed) by type. Returns false when the value is
 * rejected. A text cell is neutralised first (control characters become
 * spaces) when st is not NULL, which counts what was changed or met in
 * st->nctl and st->nastral; col is the cell's column. pre: the cell's
 * prehash_row entry (its trimmed text and hash) when st is given, else
 * NULL; the typed text then goes into the column's memo (struct
 * fse_intern_memo). A memo hit never comes here: source_row takes it.
 * st->num_sep: as type_text gives it (a text cell typed as an accepted
 * number); left alone for the other cells. */
static bool parse_cell(const fse_source_reader *rd, const fse_cell *cell, size_t col, fse_field_type type,
                       fse_value *v, fse_source_stream *st, const struct fse_cell_hash *pre)
{
    char buf[32];
    fse_dataset *ds = rd->ds;
    switch (cell->kind) {
    case FSE_CELL_EMPTY: return true;
    case FSE_CELL_ERROR:
        v->text = fse_dataset_text(ds, cell->text, cell->len);
        return false;
    case FSE_CELL_DATE:
        if (type == FSE_FT_DATE || type == FSE_FT_MONTH) {
            int32_t days = (int32_t)floor(cell->num);
            int yy, mm, ddd;
            fse_civil_from_days(days, &yy, &mm, &ddd);
            if (yy < 1900 || yy > 2200) {  /* the same range as dates written as text (values.h) */
                fse_format_fr(days, buf);
                v->text = fse_dataset_text(ds, buf, strlen(buf));
                return false;
            }
            if (type == FSE_FT_MONTH) days = fse_days_from_civil(yy, mm, 1);   /* its month's first day */
            fse_format_fr((int32_t)floor(cell->num), buf);
            v->text = fse_dataset_text(ds, buf, strlen(buf));
            v->num = days;
            return true;
        }
        fse_format_fr((int32_t)floor(cell->num), buf);
        v->text = fse_dataset_text(ds, buf, strlen(buf));
        return type == FSE_FT_TEXT || type == FSE_FT_ID;
    case FSE_CELL_NUMBER:
        v->text = fse_dataset_text(ds, cell->text, cell->len);
        v->num = cell->num;
        if (type == FSE_FT_NUMBER) return in_range(cell->num);
        if (type == FSE_FT_BOOL) return cell->num == 0 || cell->num == 1;
        if (type == FSE_FT_DATE || type == FSE_FT_MONTH) {
            double days;
            if (cell->num != floor(cell->num) || !fse_excel_serial_to_days(cell->num, rd->is1904, &days))
                return false;
            int32_t dd = (int32_t)days;
            int y, m, d;
            fse_civil_from_days(dd, &y, &m, &d);
            if (y < 1900 || y > 2200) return false;  /* the range of dates written as text */
            v->num = type == FSE_FT_MONTH ? fse_days_from_civil(y, m, 1) : dd;
            return true;
        }
        return true;
    case FSE_CELL_BOOL:
        v->text = fse_dataset_text(ds, cell->num ? "Oui" : "Non", 3);
        v->num = cell->num;
        return type == FSE_FT_BOOL || type == FSE_FT_TEXT;
    case FSE_CELL_TEXT:
        break;
    }
    size_t n;
    const char *t;
    if (pre && !pre->text) pre = NULL;
    if (pre) {   /* trimmed and hashed by prehash_row already */
        t = pre->text;
        n = pre->len;
    } else {
        t = fse_trim_span_n(cell->text, cell->len, &n);
    }
    if (!n) return true;
    uint8_t no_sep, *sep = st ? &st->num_sep : &no_sep;
    if (st && needs_neutral(t, n)) {   /* before interning: pooled texts are shared */
        char *tmp = fse_xstrndup(t, n);
        st->nctl += fse_text_neutralise(tmp, NULL, &st->nastral);
        t = fse_trim_span(tmp, &n);
        bool ok = true;
        if (n) {
            v->text = fse_dataset_text(ds, t, n);
            ok = type_text(rd, type, v->text, v, sep);
        }
        free(tmp);
        return ok;
    }
    v->text = pre ? (char *)fse_strpool_intern_hashed(&ds->pool, t, n, pre->hash) : fse_dataset_text(ds, t, n);
    /* The parsers read the cell's own trimmed text when it ends there (it
     * is in cache: the pooled copy, found by its hash, often is not, and
     * reading it was a cache miss per number or date; issue 8), else the
     * pooled copy: the same bytes either way. */
    bool ok = type_text(rd, type, !t[n] ? t : v->text, v, sep);
    if (pre && !st->memo_stat[col].off) memo_add(st, col, pre->hash, t, n, v, ok, *sep);
    return ok;
}

/* The "total-export" warning of tc when the export's total and the sum of
 * its rows differ by more than half a cent. */
static void total_check(fse_source_reader *rd, const struct fse_total_check *tc)
{
    char a[32], b[32];
    if (fabs(tc->shown - tc->sum) > 0.005)
        fse_diag(rd->d, FSE_SEV_WARNING, "total-export", rd->where, tc->line, tc->col,
                 "le total de « %s » dans l'export vaut %s mais ses lignes font %s",
                 rd->ds->def->fields[tc->field].name, fse_decimal_fr(tc->shown, a, sizeof a),
                 fse_decimal_fr(tc->sum, b, sizeof b));
}

/* Type one data row into the dataset (or recognise it as blank, the
 * export's total line, or a shifted CSV row); pre: its prehash_row entries
 * (ncols). */
static void source_row(fse_source_stream *st, const fse_raw_row *r, const struct fse_cell_hash *pre)
{
    fse_source_reader *rd = st->rd;
    const fse_dataset_def *def = rd->ds->def;
    fse_dataset *ds = rd->ds;
    fse_source_info *info = &ds->srcs[st->src];
    const fse_raw_row *h = &st->hdr;
    const int *colmap = st->colmap;
    size_t ncols = st->ncols;
    double *totals = st->totals;
    if (row_blank(r)) { info->rows_skipped++; return; }
    if (is_total_line(rd, r, colmap, ncols)) {
        info->rows_skipped++;
        fse_diag(rd->d, FSE_SEV_INFO, "ligne-total", rd->where, r->line, 0,
                 "la ligne de total de l'export n'est pas une ligne de données : écartée et comparée aux lignes");
        for (size_t c = 0; c < ncols && c < r->ncells; c++) {
            if (colmap[c] < 0 || def->fields[colmap[c]].type != FSE_FT_NUMBER || !r->cells[c].text) continue;
            fse_value v = {0};
            if (parse_cell(rd, &r->cells[c], c, FSE_FT_NUMBER, &v, NULL, NULL) && v.text) {
                struct fse_total_check tc = { .line = r->line, .col = (long)c + 1, .field = colmap[c],
                                              .shown = v.num, .sum = totals[colmap[c]], .nrows = ds->nrows };
                const struct fse_numsep_col *ns = &st->numsep[c];
                if (ns->namb[0] || ns->namb[1]) {   /* the sum may lose one: compared once settled */
                    st->total_checks = fse_xrealloc(st->total_checks, (st->ntotal_checks + 1) * sizeof *st->total_checks);
                    st->total_checks[st->ntotal_checks++] = tc;
                } else {
                    total_check(rd, &tc);
                }
            }
        }
        return;
    }
    if (r->nfields && h->nfields && r->nfields != h->nfields) {  /* CSV: a shifted or cut row */
        fse_diag(rd->d, FSE_SEV_ERROR, "nombre-de-champs", rd->where, r->line, 0,
                 "la ligne a %zu champs, l'en-tête (ligne %ld) en a %zu : un séparateur manque ou est "
                 "en trop (mettez entre guillemets les valeurs qui en contiennent)", r->nfields, h->line, h->nfields);
        st->bad_shape = true;
        return;
    }
    fse_row *row = fse_dataset_add_row(ds, st->src, r->line);
    bool rejected = false;
    for (size_t c = 0; c < ncols && c < r->ncells; c++) {
        int f = colmap[c];
        if (f < 0) continue;
        fse_value *v = &row->v[f];
        bool ok;
        if (pre[c].text && pre[c].hit.text) {   /* the column's memo has the text: typed already */
            v->text = (char *)pre[c].hit.text;
            v->num = pre[c].hit.num;
            ok = pre[c].hit.ok;
        } else {
            size_t nctl = st->nctl, nastral = st->nastral;
            ok = parse_cell(rd, &r->cells[c], c, def->fields[f].type, v, st, &pre[c]);
            if (st->nctl > nctl && !nctl) { st->ctl_line = r->line; st->ctl_col = (long)c + 1; }
            if (st->nastral > nastral && !nastral) { st->astral_line = r->line; st->astral_col = (long)c + 1; }
        }
        if (!ok) {
            v->state = FSE_VAL_REJECTED;
            ds->nrejected[f]++;
            rejected = true;
            char cn[8];
            fse_sheet_col_name(c, cn);
            /* a personal attribute's value is not copied into messages and controles.csv */
            bool personal = fse_field_is_personal(def->fields[f].name);
            /* a negative count or hour has its own rule (DESIGN §6: "negative
             * hours"), so controles.csv says what it is, not just "illisible" */
            bool negative = def->fields[f].type == FSE_FT_NUMBER && isfinite(v->num) && v->num < 0;
            if (negative)
                fse_diag(rd->d, FSE_SEV_WARNING, strcmp(def->fields[f].name, "heures") ? "nombre-negatif"
                                                                                        : "heures-negatives",
                         rd->where, r->line, (long)c + 1,
                         "colonne %s « %s » (%s) : « %s » est négatif ; une correction se fait sur la ligne "
                         "d'origine, pas par une ligne négative", cn, h->cells[c].text, def->fields[f].name,
                         v->text ? v->text : "");
            else
                fse_diag(rd->d, FSE_SEV_WARNING, "valeur-rejetee", rd->where, r->line, (long)c + 1,
                         "colonne %s « %s » (%s) : « %s » n'est pas %s", cn, h->cells[c].text,
                         def->fields[f].name, personal ? "…" : v->text ? v->text : "",
                         type_word(def->fields[f].type));
        } else if (v->text) {
            v->state = FSE_VAL_OK;
            if (def->fields[f].type == FSE_FT_NUMBER) {
                totals[f] += v->num;
                /* the class of a number the memo had, or that parse_cell just typed (then
                 * taken back to 0: only numbers come here, not every cell; issue 8) */
                uint8_t sep = pre[c].text && pre[c].hit.text ? pre[c].hit.sep : st->num_sep;
                st->num_sep = FSE_NUMSEP_NONE;
                if (sep) {   /* a number with a '.' or ',': what it says of the column (fse_source_settle) */
                    struct fse_numsep_col *ns = &st->numsep[c];
                    ns->seen |= 1u << sep;
                    if (sep >= FSE_NUMSEP_AMB_DOT) {
                        int k = sep - FSE_NUMSEP_AMB_DOT;
                        if (!ns->namb[k]++) ns->first[k] = ds->nrows - 1;
                        v->numsep_amb = 1;   /* the cell settling reconsiders (not a look-alike) */
                    }
                }
            }
        }
    }
    int nbp = st->nbp;
    if (nbp >= 0 && row->v[nbp].state == FSE_VAL_EMPTY) {  /* DESIGN §3: nb_postes default 1 */
        row->v[nbp].state = FSE_VAL_OK;
        row->v[nbp].num = 1;
        row->v[nbp].text = fse_dataset_text(ds, "1", 1);
    }
    for (size_t f = 0; f < def->nfields; f++)
        if (def->fields[f].required && row->v[f].state == FSE_VAL_EMPTY)
            fse_diag(rd->d, FSE_SEV_WARNING, "champ-obligatoire-vide", rd->where, r->line, 0,
                     "le champ obligatoire %s est vide", def->fields[f].name);
    if (def->period == FSE_PERIOD_OVERLAP) {  /* an end before its start is no date range */
        int fa = fse_field_index(def, def->date_field), fb = fse_field_index(def, def->end_field);
        fse_value *a = &row->v[fa], *b = &row->v[fb];
        if (a->state == FSE_VAL_OK && b->state == FSE_VAL_OK && b->num < a->num) {
            b->state = FSE_VAL_REJECTED;
            ds->nrejected[fb]++;
            rejected = true;
            fse_diag(rd->d, FSE_SEV_WARNING, "valeur-rejetee", rd->where, r->line, info->field_cols[fb],
                     "%s %s est antérieur à %s %s : période invalide", def->end_field, b->text,
                     def->date_field, a->text);
        }
    }
    info->rows_read++;
    if (rejected) info->rows_rejected++;
    if (info->rows_read % 4096 == 0)
        fse_progress("lecture de %s : %zu lignes", rd->where, info->rows_read);
}

void fse_source_rows(fse_source_stream *st, const fse_raw_row *rows, size_t n)
{
    /* st->memo, st->memo_stat and st->pre exist from the header on (source.c
     * load_begin, then ST_LOADING: the only phase that types rows) */
    const size_t ring = FSE_PREHASH_AHEAD + 1;
    for (size_t i = 0; i < n && i < FSE_PREHASH_AHEAD; i++) prehash_row(st, &rows[i], st->pre + i % ring * st->ncols);
    for (size_t i = 0; i < n; i++) {
        if (i + FSE_PREHASH_AHEAD < n)
            prehash_row(st, &rows[i + FSE_PREHASH_AHEAD], st->pre + (i + FSE_PREHASH_AHEAD) % ring * st->ncols);
        source_row(st, &rows[i], st->pre + i % ring * st->ncols);
    }
}

/* The ambiguous number text s ("1.035", "+1,035": fse_number_sep) read both
 * ways, in French: its decimal reading into dec ("1,035"), its grouped one
 * into grp ("1 035"); 16 bytes each. */
static void two_readings(const char *s, char dec[16], char grp[16])
{
    size_t n = strlen(s), k = n - 4;   /* the separator: 3 digits follow it */
    if (n >= 16) n = 15, k = n - 4;
    memcpy(dec, s, n);
    dec[n] = 0;
    dec[k] = ',';
    memcpy(grp, dec, n + 1);
    grp[k] = ' ';
}

void fse_source_settle(fse_source_stream *st)
{
    fse_source_reader *rd = st->rd;
    fse_dataset *ds = rd->ds;
    const fse_dataset_def *def = ds->def;
    fse_source_info *info = &ds->srcs[st->src];
    for (size_t c = 0; c < st->ncols; c++) {
        const struct fse_numsep_col *ns = &st->numsep[c];
        int f = st->colmap[c];
        for (int k = 0; k < 2; k++) {
            fse_numsep amb = k ? FSE_NUMSEP_AMB_COMMA : FSE_NUMSEP_AMB_DOT;
            fse_numsep_verdict verdict = ns->namb[k] ? fse_numsep_settle(ns->seen, amb) : FSE_NUMSEP_KEEP;
            if (verdict == FSE_NUMSEP_KEEP) continue;
            const char *how = verdict == FSE_NUMSEP_MIXED ? "ses nombres tantôt avec une virgule, tantôt avec un point"
                            : k ? "ses décimales avec un point" : "ses décimales avec une virgule";
            char cn[8];
            fse_sheet_col_name(c, cn);
            /* the cells counted, found again from the first: value OK, same class */
            size_t left = ns->namb[k];
            for (size_t r = ns->first[k]; left && r < ds->nrows; r++) {
                fse_row *row = &ds->rows[r];
                fse_value *v = &row->v[f];
                if (!v->numsep_amb || v->state != FSE_VAL_OK || fse_number_sep(v->text) != amb) continue;
                left--;
                bool had = false;
                for (size_t g = 0; g < def->nfields && !had; g++) had = row->v[g].state == FSE_VAL_REJECTED;
                if (!had) info->rows_rejected++;
                st->totals[f] -= v->num;
                for (size_t t = 0; t < st->ntotal_checks; t++)   /* a total line below it: 0 there too */
                    if (st->total_checks[t].field == f && st->total_checks[t].nrows > r)
                        st->total_checks[t].sum -= v->num;
                v->state = FSE_VAL_REJECTED;
                v->num = 0;   /* dataset.h: a rejected value's num is 0 */
                ds->nrejected[f]++;
                char dec[16], grp[16];
                two_readings(v->text, dec, grp);
                fse_diag(rd->d, FSE_SEV_WARNING, "valeur-rejetee", rd->where, row->line, (long)c + 1,
                         "colonne %s « %s » (%s) : « %s » : la colonne écrit %s ; %s se lit %s ou %s : "
                         "corrigez l'export", cn, st->hdr.cells[c].text, def->fields[f].name,
                         v->text, how, v->text, dec, grp);   /* no NUMBER field is personal (schema.c) */
            }
        }
    }
    for (size_t t = 0; t < st->ntotal_checks; t++) total_check(rd, &st->total_checks[t]);
}
