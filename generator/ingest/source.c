/* source.c — see source.h. */
#include "ingest/source.h"
#include "common/sha256.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/csv_reader.h"
#include "ingest/values.h"
#include "ingest/xlsx_reader.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEADER_SEARCH_ROWS 50

typedef struct {
    const fse_source_cfg *cfg;
    const fse_templates *t;
    fse_dataset *ds;
    fse_diags *d;
    const char *shown;      /* file for stderr messages (resolved against the job's folder) */
    const char *rel;        /* file as written in the job */
    const char *cfg_path;   /* the job file, for errors about its declarations */
    const char *sheet;      /* sheet name or NULL */
    bool is1904;
    char where[512];        /* "file" or "file[sheet]" for messages */
} reader;

/* Field index a header maps to, or -1. Job aliases win over templates. */
static int map_header(const reader *rd, const char *text)
{
    if (fse_blank(text)) return -1;
    char *key = fse_norm_key(text);
    int f = -1;
    for (size_t i = 0; i < rd->cfg->naliases && f < 0; i++)
        if (!strcmp(rd->cfg->aliases[i].key, key)) f = fse_field_index(rd->ds->def, rd->cfg->aliases[i].field);
    for (size_t i = 0; i < rd->t->naliases && f < 0; i++) {
        const fse_alias *a = &rd->t->aliases[i];
        if (!strcmp(a->dataset, rd->ds->def->name) && !strcmp(a->key, key))
            f = fse_field_index(rd->ds->def, a->field);
    }
    free(key);
    return f;
}

static const char *cell_text(const fse_raw_row *r, size_t c)
{
    return c < r->ncells && r->cells[c].text ? r->cells[c].text : NULL;
}

/* Map the cells of row r: colmap[c] = field or -1. Returns the number of
 * required fields found; *dup_col receives a column whose field is already
 * mapped by an earlier column (or -1). */
static size_t map_row(const reader *rd, const fse_raw_row *r, int *colmap, long *dup_col, long *dup_first)
{
    const fse_dataset_def *def = rd->ds->def;
    size_t req = 0;
    *dup_col = -1;
    for (size_t c = 0; c < r->ncells; c++) {
        colmap[c] = r->cells[c].kind == FSE_CELL_TEXT ? map_header(rd, r->cells[c].text) : -1;
        if (colmap[c] < 0) continue;
        for (size_t k = 0; k < c; k++)
            if (colmap[k] == colmap[c]) {
                if (*dup_col < 0) { *dup_col = (long)c; *dup_first = (long)k; }
                colmap[c] = -1;
            }
        if (colmap[c] >= 0 && def->fields[colmap[c]].required) req++;
    }
    return req;
}

static size_t required_count(const fse_dataset_def *def)
{
    size_t n = 0;
    for (size_t i = 0; i < def->nfields; i++) n += def->fields[i].required;
    return n;
}

/* Find the header row of sh. Returns its index in sh->rows, or -1 with
 * *best set to the row that matched most (for the message). */
static long find_header(const reader *rd, const fse_raw_sheet *sh, int **colmap_out, long *best)
{
    size_t need = required_count(rd->ds->def);
    size_t best_score = 0;
    *best = -1;
    for (size_t i = 0; i < sh->nrows && (i < HEADER_SEARCH_ROWS || rd->cfg->ligne_entete); i++) {
        const fse_raw_row *r = &sh->rows[i];
        if (rd->cfg->ligne_entete && r->line != rd->cfg->ligne_entete) continue;
        int *colmap = fse_xcalloc(r->ncells + 1, sizeof *colmap);
        long dup, first = -1;
        size_t score = map_row(rd, r, colmap, &dup, &first);
        if (score == need && need > 0) { *colmap_out = colmap; return (long)i; }
        if (*best < 0 || score > best_score) {
            bool nonblank = false;
            for (size_t c = 0; c < r->ncells; c++) nonblank |= r->cells[c].text != NULL;
            if (nonblank) { best_score = score; *best = (long)i; }
        }
        free(colmap);
    }
    return -1;
}

static bool row_blank(const fse_raw_row *r)
{
    for (size_t c = 0; c < r->ncells; c++)
        if (r->cells[c].kind != FSE_CELL_EMPTY && !fse_blank(r->cells[c].text)) return false;
    return true;
}

/* The export's own total line: its first non-empty cell reads "Total…" and
 * it leaves some required identifier empty. */
/* The export's own total line: its first non-empty cell is text whose first
 * word is "Total" (or "Somme"; "TotalEnergies" is a company, not a total),
 * and it leaves a required identifier empty. */
static bool is_total_line(const reader *rd, const fse_raw_row *r, const int *colmap, size_t ncols)
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
    if (strcmp(word, "total") && strcmp(word, "somme") && strcmp(word, "sommes")) return false;
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
    case FSE_FT_NUMBER: return "un nombre";
    case FSE_FT_DATE: return "une date";
    case FSE_FT_MONTH: return "un mois";
    case FSE_FT_BOOL: return "Oui/Non";
    default: return "du texte";
    }
}

/* No export value is beyond a trillion: larger ones (1e308, 1 followed by 400
 * zeros) are typing or export errors, and their sums would overflow. */
static bool in_range(double v)
{
    return isfinite(v) && fabs(v) < 1e12;
}

/* Parse one cell into v by type. Returns false when the value is rejected. */
static bool parse_cell(const reader *rd, const fse_cell *cell, fse_field_type type, fse_value *v)
{
    char buf[32];
    fse_dataset *ds = rd->ds;
    switch (cell->kind) {
    case FSE_CELL_EMPTY: return true;
    case FSE_CELL_ERROR:
        v->text = fse_dataset_text(ds, cell->text, strlen(cell->text));
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
            if (type == FSE_FT_MONTH) { int y, m, dd; fse_civil_from_days(days, &y, &m, &dd); days = fse_days_from_civil(y, m, 1); }
            fse_format_fr((int32_t)floor(cell->num), buf);
            v->text = fse_dataset_text(ds, buf, strlen(buf));
            v->num = days;
            return true;
        }
        fse_format_fr((int32_t)floor(cell->num), buf);
        v->text = fse_dataset_text(ds, buf, strlen(buf));
        return type == FSE_FT_TEXT || type == FSE_FT_ID;
    case FSE_CELL_NUMBER:
        v->text = fse_dataset_text(ds, cell->text, strlen(cell->text));
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
    const char *t = fse_trim_span(cell->text, &n);
    if (!n) return true;
    char *s = v->text = fse_dataset_text(ds, t, n);
    switch (type) {
    case FSE_FT_TEXT:
    case FSE_FT_ID:
        return true;
    case FSE_FT_NUMBER:
        return fse_parse_number(s, &v->num) && in_range(v->num);
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

static void col_name(size_t c, char *buf)
{
    char tmp[8];
    int n = 0;
    c++;
    while (c) { tmp[n++] = (char)('A' + (c - 1) % 26); c = (c - 1) / 26; }
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
}

static void report_no_header(reader *rd, const fse_raw_sheet *sh, long best)
{
    const fse_dataset_def *def = rd->ds->def;
    fse_sb missing = {0}, found = {0};
    long line = 0;
    if (best >= 0) {
        const fse_raw_row *r = &sh->rows[best];
        line = r->line;
        int *colmap = fse_xcalloc(r->ncells + 1, sizeof *colmap);
        long dup, first;
        map_row(rd, r, colmap, &dup, &first);
        for (size_t f = 0; f < def->nfields; f++) {
            if (!def->fields[f].required) continue;
            bool have = false;
            for (size_t c = 0; c < r->ncells; c++) have |= colmap[c] == (int)f;
            if (!have) fse_sb_addf(&missing, "%s%s", missing.len ? ", " : "", def->fields[f].name);
        }
        for (size_t c = 0; c < r->ncells; c++)
            if (r->cells[c].text) fse_sb_addf(&found, "%s« %s »", found.len ? ", " : "", r->cells[c].text);
        free(colmap);
    }
    if (!missing.len)
        for (size_t f = 0; f < def->nfields; f++)
            if (def->fields[f].required) fse_sb_addf(&missing, "%s%s", missing.len ? ", " : "", def->fields[f].name);
    fse_diag(rd->d, FSE_SEV_ERROR, "colonne-absente", rd->where, line, 0,
             "%s : %s obligatoire%s absente%s : %s ; en-têtes trouvés : %s (ajoutez un alias colonne.<champ> = <en-tête>)",
             def->name, strchr(missing.s, ',') ? "colonnes" : "colonne", strchr(missing.s, ',') ? "s" : "",
             strchr(missing.s, ',') ? "s" : "", missing.s, found.len ? found.s : "aucun");
    fse_sb_free(&missing);
    fse_sb_free(&found);
}

/* Header of sh if it has one for this dataset: returns row index or -1;
 * reports duplicates (returns -2). */
static long header_of(reader *rd, const fse_raw_sheet *sh, int **colmap, long *best)
{
    long hdr = find_header(rd, sh, colmap, best);
    if (hdr < 0) return -1;
    const fse_raw_row *h = &sh->rows[hdr];
    int *tmp = fse_xcalloc(h->ncells + 1, sizeof *tmp);
    long dup, first = -1;
    map_row(rd, h, tmp, &dup, &first);
    free(tmp);
    if (dup >= 0) {
        char a[8], b[8];
        col_name((size_t)first, a);
        col_name((size_t)dup, b);
        fse_diag(rd->d, FSE_SEV_ERROR, "entete-en-double", rd->where, h->line, dup + 1,
                 "les colonnes %s « %s » et %s « %s » désignent toutes deux le champ %s : gardez-en une ou renommez-la",
                 a, h->cells[first].text, b, h->cells[dup].text,
                 rd->ds->def->fields[map_header(rd, h->cells[dup].text)].name);
        free(*colmap);
        return -2;
    }
    return hdr;
}

static fse_source_info *new_info(reader *rd, const char *path)
{
    fse_dataset *ds = rd->ds;
    fse_grow((void **)&ds->srcs, &ds->srcs_cap, ds->nsrcs + 1, sizeof *ds->srcs);
    fse_source_info *info = &ds->srcs[ds->nsrcs++];
    memset(info, 0, sizeof *info);
    info->path = fse_xstrdup(path);
    info->display = fse_xstrdup(rd->shown);
    info->rel = fse_xstrdup(rd->rel);
    info->field_cols = fse_xcalloc(ds->def->nfields, sizeof *info->field_cols);
    return info;
}

/* The same export (same content, same sheet) declared twice for a dataset
 * would count its rows twice: refuse it. Returns true (and reports) then. */
static bool declared_twice(reader *rd, const fse_source_info *info)
{
    fse_dataset *ds = rd->ds;
    for (size_t i = 0; i + 1 < ds->nsrcs; i++) {
        const fse_source_info *o = &ds->srcs[i];
        if (strcmp(o->sha256, info->sha256)) continue;
        if ((o->sheet == NULL) != (info->sheet == NULL) || (o->sheet && strcmp(o->sheet, info->sheet))) continue;
        fse_diag(rd->d, FSE_SEV_ERROR, "source-en-double", rd->cfg_path, rd->cfg->line, 1,
                 "%s : %s contient les mêmes lignes que %s (même SHA-256) : chaque ligne compterait deux fois",
                 ds->def->name, info->display, o->display);
        return true;
    }
    return false;
}

/* Streaming state of one sheet being read (issue 8: a 1 M-row export is
 * never held whole): the reader's rows are held until the header is found
 * among the first HEADER_SEARCH_ROWS rows (or on the ligne_entete line),
 * then every row is typed into the dataset and released as soon as the
 * reader has finished it (fse_raw_sheet.on_rows). */
typedef enum { ST_SEARCH = 0, ST_LOADING, ST_NOHEADER, ST_FAILED } stream_phase;

typedef struct {
    reader *rd;
    const char *path;            /* the file (new_info) */
    const char *sheet;           /* XLSX sheet name, NULL for CSV */
    const fse_csv_options *opt;  /* CSV: encoding, delimiter, replaced (known before any row) */
    long long size;
    const char *sha256;          /* hex of the file */
    stream_phase phase;
    bool noted;                  /* the CSV encoding note was given */
    long best;                   /* ST_NOHEADER: the row that matched most (for the message) */
    fse_raw_row hdr;             /* owned copy of the header row */
    int *colmap;                 /* owned: field of each header column, or -1 */
    size_t ncols;
    uint32_t src;                /* index of the file's fse_source_info */
    double *totals;              /* owned: running sum of each NUMBER field (total line) */
    int nbp;                     /* nb_postes field or -1 */
    bool bad_shape;
} stream;

/* The CSV's decoding note, before any other message of the file. */
static void csv_note(stream *st)
{
    if (st->noted || !st->opt) return;
    st->noted = true;
    if (st->opt->replaced)
        fse_diag(st->rd->d, FSE_SEV_WARNING, "encodage", st->rd->shown, 0, 0,
                 "%zu octet(s) non définis en Windows-1252 remplacés par U+FFFD", st->opt->replaced);
}

/* The header is row hdr of sh: record the file, map its columns (takes
 * colmap). Returns false (and reports) when the same export was already read. */
static bool load_begin(stream *st, const fse_raw_sheet *sh, long hdr, int *colmap)
{
    reader *rd = st->rd;
    const fse_dataset_def *def = rd->ds->def;
    fse_source_info *info = new_info(rd, st->path);
    if (st->sheet) {
        info->sheet = fse_xstrdup(st->sheet);
        free(info->display);  /* messages name the sheet: file[sheet]:line */
        info->display = fse_xasprintf("%s[%s]", rd->shown, st->sheet);
        info->encoding = "xlsx";
    } else {
        info->encoding = fse_encoding_name((fse_encoding)st->opt->encoding);
        info->delimiter = st->opt->delimiter;
    }
    info->size = st->size;
    memcpy(info->sha256, st->sha256, 65);
    st->src = (uint32_t)(rd->ds->nsrcs - 1);
    st->colmap = colmap;
    if (declared_twice(rd, info)) return false;
    const fse_raw_row *h = &sh->rows[hdr];
    st->hdr = fse_row_copy(h);
    st->ncols = h->ncells;
    info->header_line = h->line;
    for (size_t c = 0; c < st->ncols; c++)
        if (colmap[c] >= 0) info->field_cols[colmap[c]] = (int)c + 1;
    /* required fields are all mapped (find_header); warn about unknown headers */
    for (size_t c = 0; c < st->ncols; c++)
        if (colmap[c] < 0 && h->cells[c].text && !fse_blank(h->cells[c].text))
            fse_diag(rd->d, FSE_SEV_INFO, "colonne-ignoree", rd->where, h->line, (long)c + 1,
                     "la colonne « %s » n'est pas un champ de %s : ignorée", h->cells[c].text, def->name);
    st->nbp = fse_field_index(def, "nb_postes");
    st->totals = fse_xcalloc(def->nfields, sizeof *st->totals);
    return true;
}

/* Type one data row into the dataset (or recognise it as blank, the
 * export's total line, or a shifted CSV row). */
static void load_row(stream *st, const fse_raw_row *r)
{
    reader *rd = st->rd;
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
            if (parse_cell(rd, &r->cells[c], FSE_FT_NUMBER, &v) && v.text) {
                double diff = v.num - totals[colmap[c]];
                if (fabs(diff) > 0.005)
                    fse_diag(rd->d, FSE_SEV_WARNING, "total-export", rd->where, r->line, (long)c + 1,
                             "le total de « %s » dans l'export vaut %.2f mais ses lignes font %.2f",
                             def->fields[colmap[c]].name, v.num, totals[colmap[c]]);
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
        bool ok = parse_cell(rd, &r->cells[c], def->fields[f].type, v);
        if (!ok) {
            v->state = FSE_VAL_REJECTED;
            rejected = true;
            char cn[8];
            col_name(c, cn);
            /* a personal attribute's value is not copied into messages and controles.csv */
            bool personal = fse_field_is_personal(def->fields[f].name);
            fse_diag(rd->d, FSE_SEV_WARNING, "valeur-rejetee", rd->where, r->line, (long)c + 1,
                     "colonne %s « %s » (%s) : « %s » n'est pas %s", cn, h->cells[c].text,
                     def->fields[f].name, personal ? "…" : v->text ? v->text : "",
                     type_word(def->fields[f].type));
        } else if (v->text) {
            v->state = FSE_VAL_OK;
            if (def->fields[f].type == FSE_FT_NUMBER) totals[f] += v->num;
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
            rejected = true;
            fse_diag(rd->d, FSE_SEV_WARNING, "valeur-rejetee", rd->where, r->line, info->field_cols[fb],
                     "%s %s est antérieur à %s %s : période invalide", def->end_field, b->text,
                     def->date_field, a->text);
        }
    }
    info->rows_read++;
    if (rejected) info->rows_rejected++;
}

/* The rows the reader has finished (final: the sheet is read whole). */
static void stream_rows(stream *st, fse_raw_sheet *sh, bool final)
{
    size_t from = 0;
    if (st->phase == ST_SEARCH) {
        long le = st->rd->cfg->ligne_entete;
        bool enough = final || (sh->nrows && (le ? sh->rows[sh->nrows - 1].line >= le
                                                 : sh->nrows >= HEADER_SEARCH_ROWS));
        if (!enough) return;
        csv_note(st);
        int *colmap = NULL;
        long best = -1, hdr = header_of(st->rd, sh, &colmap, &best);
        if (hdr == -1) {
            st->phase = ST_NOHEADER;
            st->best = best;
        } else if (hdr == -2 || !load_begin(st, sh, hdr, colmap)) {
            st->phase = ST_FAILED;
        } else {
            st->phase = ST_LOADING;
            from = (size_t)hdr + 1;
        }
    }
    if (st->phase == ST_LOADING)
        for (size_t i = from; i < sh->nrows; i++) load_row(st, &sh->rows[i]);
    /* without a header, only the rows the message may name are kept */
    fse_sheet_drop_rows(sh, st->phase == ST_NOHEADER && st->best >= 0 ? (size_t)st->best + 1 : 0);
}

static void on_rows(void *ud, fse_raw_sheet *sh) { stream_rows(ud, sh, false); }

/* After the last row (or a read error): the end-of-file note; frees what st
 * owns. Returns the file's status: DATAERR without a header, for a
 * duplicate export or a shifted row. */
static fse_source_status stream_end(stream *st)
{
    fse_source_status rc = FSE_SOURCE_OK;
    if (st->phase == ST_LOADING) {
        const fse_source_info *info = &st->rd->ds->srcs[st->src];
        if (!info->rows_read)
            fse_diag(st->rd->d, FSE_SEV_WARNING, "source-vide", st->rd->where, 0, 0,
                     "%s : aucune ligne de données sous l'en-tête (ligne %ld) : ses chiffres vaudront 0",
                     st->rd->ds->def->name, info->header_line);
        if (st->bad_shape) rc = FSE_SOURCE_DATAERR;
    } else {
        rc = FSE_SOURCE_DATAERR;
    }
    free(st->totals);
    free(st->colmap);
    fse_row_free(&st->hdr);
    st->totals = NULL;
    st->colmap = NULL;
    return rc;
}

static fse_source_status load_file(reader *rd, const char *path)
{
    fse_dataset *ds = rd->ds;
    char hex[65];
    long long size = 0;
    struct stat sb;
    if (!stat(path, &sb) && !S_ISREG(sb.st_mode)) {  /* a folder, a fifo, /dev/zero… */
        fse_diag(rd->d, FSE_SEV_ERROR, "fichier-absent", rd->shown, 0, 0, "source %s : %s",
                 ds->def->name, S_ISDIR(sb.st_mode) ? "est un dossier, pas un fichier d'export" : "pas un fichier ordinaire");
        return FSE_SOURCE_MISSING;
    }
    /* one read: the SHA-256 of manifest.json is that of the very bytes parsed */
    char *buf = NULL;
    size_t len = 0;
    int err = fse_read_file(path, FSE_CSV_MAX_BYTES, &buf, &len);
    if (err) {
        fse_diag(rd->d, FSE_SEV_ERROR, err == EFBIG ? "fichier-illisible" : "fichier-absent", rd->shown, 0, 0,
                 "ouverture impossible de la source %s : %s", ds->def->name,
                 err == EFBIG ? "plus de 512 Mio" : fse_strerror(err));
        return err == EFBIG ? FSE_SOURCE_DATAERR : FSE_SOURCE_MISSING;
    }
    fse_sha256_buf(buf, len, hex);
    size = (long long)len;
    bool xlsx = len >= 4 && !memcmp(buf, "PK\3\4", 4);
    char msg[512] = "";
    fse_source_status st = FSE_SOURCE_OK;
    snprintf(rd->where, sizeof rd->where, "%s", rd->shown);
    if (!xlsx) {
        fse_csv_options opt = { rd->cfg->encodage, rd->cfg->separateur, 0 };
        stream ss = { .rd = rd, .path = path, .opt = &opt, .size = size, .sha256 = hex };
        fse_raw_sheet sh = { .on_rows = on_rows, .ud = &ss };
        long line = 0, col = 0;
        fse_csv_error e = fse_csv_read_buffer(buf, len, &opt, &sh, &line, &col, msg, sizeof msg);
        free(buf);
        buf = NULL;
        if (e) {
            fse_diag(rd->d, FSE_SEV_ERROR, "fichier-illisible", rd->shown, line, col, "%s : %s",
                     fse_csv_strerror(e), msg);
            fse_sheet_free(&sh);
            stream_end(&ss);
            return e == FSE_CSV_ERR_OPEN ? FSE_SOURCE_MISSING : FSE_SOURCE_DATAERR;
        }
        stream_rows(&ss, &sh, true);
        if (ss.phase == ST_NOHEADER) report_no_header(rd, &sh, ss.best);
        fse_sheet_free(&sh);
        return stream_end(&ss);
    }
    fse_xlsx_book *book;
    free(buf);  /* libzip reads the workbook from its path */
    fse_xlsx_error xe = fse_xlsx_open(path, &book, msg, sizeof msg);
    if (xe) {
        fse_diag(rd->d, FSE_SEV_ERROR, "fichier-illisible", rd->shown, 0, 0, "%s : %s",
                 fse_xlsx_strerror(xe), msg);
        return xe == FSE_XLSX_ERR_OPEN ? FSE_SOURCE_MISSING : FSE_SOURCE_DATAERR;
    }
    rd->is1904 = fse_xlsx_is_1904(book);
    size_t nsheets = fse_xlsx_sheet_count(book);
    const char *want = rd->cfg->feuille;
    bool done = false;
    long best_any = -1;
    fse_raw_sheet best_sheet = {0};
    for (size_t i = 0; i < nsheets && !done && st == FSE_SOURCE_OK; i++) {
        const char *name = fse_xlsx_sheet_name(book, i);
        if (want) {
            char *a = fse_norm_key(name), *b = fse_norm_key(want);
            bool same = !strcmp(name, want) || !strcmp(a, b);
            free(a); free(b);
            if (!same) continue;
        }
        stream ss = { .rd = rd, .path = path, .sheet = name, .size = size, .sha256 = hex };
        fse_raw_sheet sh = { .on_rows = on_rows, .ud = &ss };
        snprintf(rd->where, sizeof rd->where, "%s[%s]", rd->shown, name);
        xe = fse_xlsx_read_sheet(book, i, &sh, msg, sizeof msg);
        if (xe) {
            fse_diag(rd->d, FSE_SEV_ERROR, "fichier-illisible", rd->where, 0, 0, "%s : %s",
                     fse_xlsx_strerror(xe), msg);
            fse_sheet_free(&sh);
            stream_end(&ss);
            st = FSE_SOURCE_DATAERR;
            break;
        }
        stream_rows(&ss, &sh, true);
        if (ss.phase == ST_NOHEADER && (want || best_any < 0)) {
            fse_sheet_free(&best_sheet);
            best_sheet = sh;
            best_sheet.on_rows = NULL;
            best_any = ss.best;
            stream_end(&ss);
            continue;
        }
        fse_sheet_free(&sh);
        if (ss.phase == ST_NOHEADER) { stream_end(&ss); continue; }
        st = stream_end(&ss);   /* ST_FAILED (duplicate headers or export): DATAERR */
        done = true;
    }
    if (!done && st == FSE_SOURCE_OK) {
        if (want && !best_sheet.rows && best_any < 0) {
            fse_sb names = {0};
            for (size_t i = 0; i < nsheets; i++)
                fse_sb_addf(&names, "%s« %s »", i ? ", " : "", fse_xlsx_sheet_name(book, i));
            fse_diag(rd->d, FSE_SEV_ERROR, "feuille-absente", rd->shown, 0, 0,
                     "aucune feuille nommée « %s » (feuilles : %s)", want, names.s ? names.s : "aucune");
            fse_sb_free(&names);
        } else {
            snprintf(rd->where, sizeof rd->where, "%s", rd->shown);
            report_no_header(rd, &best_sheet, best_any);
        }
        st = FSE_SOURCE_DATAERR;
    }
    fse_sheet_free(&best_sheet);
    fse_xlsx_close(book);
    return st;
}

fse_source_status fse_source_load(const fse_source_cfg *cfg, const fse_templates *t,
                                  fse_dataset *ds, fse_diags *d, const char *job_path)
{
    fse_source_status worst = FSE_SOURCE_OK;
    ds->loaded = true;
    for (size_t i = 0; i < cfg->nfiles; i++) {
        reader rd = { .cfg = cfg, .t = t, .ds = ds, .d = d, .shown = cfg->files[i], .rel = cfg->shown[i],
                      .cfg_path = job_path };
        fse_source_status st = load_file(&rd, cfg->files[i]);
        if (st == FSE_SOURCE_MISSING || (st == FSE_SOURCE_DATAERR && worst == FSE_SOURCE_OK)) worst = st;
    }
    return worst;
}
