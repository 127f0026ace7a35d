/* source.c — see source.h. */
#include "ingest/source.h"
#include "ingest/source_internal.h"
#include "common/progress.h"
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


/* The memo of the file read last (fse_source_stream.memo), kept for the
 * next file: a memo is ncols x FSE_MEMO_SLOTS entries (233 KiB for the 19
 * columns of the hours export), above malloc's mapping threshold, so each
 * file's calloc mapped fresh pages and took a page fault for each as the
 * memo filled (~1.4 us each on the bench machine; 48-57 per file), where
 * clearing memory already present costs ~0.1 us a page (issue 8: the six
 * files of the bench at 10 k hour rows: ingest 19.30 -> 19.07 ms, best of
 * 15, A/B). The memo is
 * zeroed before every use, as calloc gave it: no entry of a file reaches
 * the next. One process, one reader at a time (ingest is sequential). */
static struct fse_intern_memo *memo_spare;
static size_t memo_spare_n;

/* A zeroed memo of n entries: the spare one when it is large enough. */
static struct fse_intern_memo *memo_take(size_t n)
{
    if (memo_spare && memo_spare_n >= n) {
        struct fse_intern_memo *m = memo_spare;
        memo_spare = NULL;
        memset(m, 0, n * sizeof *m);
        return m;
    }
    return fse_xcalloc(n, sizeof(struct fse_intern_memo));
}

/* Give back memo m of n entries (from memo_take; NULL allowed): kept as
 * the spare when larger than the one kept, else freed. */
static void memo_give(struct fse_intern_memo *m, size_t n)
{
    if (!m) return;
    if (memo_spare && memo_spare_n >= n) { free(m); return; }
    free(memo_spare);
    memo_spare = m;
    memo_spare_n = n;
}

/* Field index a header maps to, or -1. Job aliases win over templates. */
static int map_header(const fse_source_reader *rd, const char *text)
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

/* Map the cells of row r: colmap[c] = field or -1. Returns the number of
 * required fields found; *dup_col receives a column whose field is already
 * mapped by an earlier column (or -1). */
static size_t map_row(const fse_source_reader *rd, const fse_raw_row *r, int *colmap, long *dup_col, long *dup_first)
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
static long find_header(const fse_source_reader *rd, const fse_raw_sheet *sh, int **colmap_out, long *best)
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

static void report_no_header(fse_source_reader *rd, const fse_raw_sheet *sh, long best)
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
    if (!found.len && rd->cfg->ligne_entete) {
        /* only the line ligne_entete names was looked at: it is blank or past
         * the end, which says nothing of the rest of the file (review) */
        fse_diag(rd->d, FSE_SEV_ERROR, "colonne-absente", rd->where, rd->cfg->ligne_entete, 0,
                 "%s : la ligne %ld (ligne_entete) est vide ou absente : l'en-tête n'y est pas, "
                 "corrigez ligne_entete", def->name, rd->cfg->ligne_entete);
        fse_sb_free(&missing);
        return;
    }
    if (!found.len) {
        /* nothing in the file (0 bytes, blank lines, empty sheets): a cut or
         * failed export, not a column to alias (DESIGN §1: never a 0) */
        fse_diag(rd->d, FSE_SEV_ERROR, "source-vide", rd->where, 0, 0,
                 "%s : aucune ligne remplie (fichier vide ou lignes blanches seulement) : l'export est coupé ou "
                 "raté, exportez-le à nouveau", def->name);
        fse_sb_free(&missing);
        return;
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
static long header_of(fse_source_reader *rd, const fse_raw_sheet *sh, int **colmap, long *best)
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
        fse_sheet_col_name((size_t)first, a);
        fse_sheet_col_name((size_t)dup, b);
        fse_diag(rd->d, FSE_SEV_ERROR, "entete-en-double", rd->where, h->line, dup + 1,
                 "les colonnes %s « %s » et %s « %s » désignent toutes deux le champ %s : gardez-en une ou renommez-la",
                 a, h->cells[first].text, b, h->cells[dup].text,
                 rd->ds->def->fields[map_header(rd, h->cells[dup].text)].name);
        free(*colmap);
        return -2;
    }
    return hdr;
}

static fse_source_info *new_info(fse_source_reader *rd, const char *path)
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
static bool declared_twice(fse_source_reader *rd, const fse_source_info *info)
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


/* The CSV's decoding note, before any other message of the file. */
static void csv_note(fse_source_stream *st)
{
    if (st->noted || !st->opt) return;
    st->noted = true;
    if (st->opt->replaced)
        fse_diag(st->rd->d, FSE_SEV_WARNING, "encodage", st->rd->shown, 0, 0,
                 "%zu octet%s non défini%s en Windows-1252 remplacé%s par U+FFFD", st->opt->replaced,
                 fse_pluriel(st->opt->replaced), fse_pluriel(st->opt->replaced), fse_pluriel(st->opt->replaced));
}

/* The header is row hdr of sh: record the file, map its columns (takes
 * colmap). Returns false (and reports) when the same export was already read. */
static bool load_begin(fse_source_stream *st, const fse_raw_sheet *sh, long hdr, int *colmap)
{
    fse_source_reader *rd = st->rd;
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
    st->memo = memo_take(st->ncols * FSE_MEMO_SLOTS + 1);
    st->memo_stat = fse_xcalloc(st->ncols + 1, sizeof *st->memo_stat);
    st->pre = fse_xcalloc((FSE_PREHASH_AHEAD + 1) * st->ncols + 1, sizeof *st->pre);
    st->totals = fse_xcalloc(def->nfields, sizeof *st->totals);
    st->numsep = fse_xcalloc(st->ncols + 1, sizeof *st->numsep);
    return true;
}

/* Rows held before they are typed (see stream_rows). */
#define ROW_BATCH 32

/* The rows the reader has finished (final: the sheet is read whole). */
static void stream_rows(fse_source_stream *st, fse_raw_sheet *sh, bool final)
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
    /* rows are typed ROW_BATCH at a time, so that the texts of the next
     * ones are looked up while one is typed (fse_source_rows); all at once
     * when the header was just found (the rows above it are then dropped) */
    if (st->phase == ST_LOADING && !from && !final && sh->nrows < ROW_BATCH) return;
    if (st->phase == ST_LOADING) fse_source_rows(st, sh->rows + from, sh->nrows - from);
    /* without a header, only the rows the message may name are kept */
    fse_sheet_drop_rows(sh, st->phase == ST_NOHEADER && st->best >= 0 ? (size_t)st->best + 1 : 0);
}

static void on_rows(void *ud, fse_raw_sheet *sh) { stream_rows(ud, sh, false); }

/* After the last row (or a read error): the end-of-file note; frees what st
 * owns. Returns the file's status: DATAERR without a header, for a
 * duplicate export or a shifted row. */
static fse_source_status stream_end(fse_source_stream *st)
{
    fse_source_status rc = FSE_SOURCE_OK;
    if (st->phase == ST_LOADING) {
        fse_source_settle(st);   /* the file's rows are all typed: its numbers are settled */
        const fse_source_info *info = &st->rd->ds->srcs[st->src];
        if (st->nctl)
            fse_diag(st->rd->d, FSE_SEV_WARNING, "caractere-controle", st->rd->where, st->ctl_line, st->ctl_col,
                     "%zu caractère%s de contrôle remplacé%s par une espace (le premier ici)", st->nctl,
                     fse_pluriel(st->nctl), fse_pluriel(st->nctl));
        if (st->nastral)
            fse_diag(st->rd->d, FSE_SEV_WARNING, "caractere-hors-police", st->rd->where, st->astral_line,
                     st->astral_col, "%zu caractère%s hors du plan multilingue de base (émoji…, le premier "
                     "ici) : la police des pièces PDF %s par \"□\"", st->nastral, fse_pluriel(st->nastral),
                     st->nastral > 1 ? "ne les a pas, ils y sont remplacés" : "ne l'a pas, il y est remplacé");
        /* A header without rows is a truncated or failed export far more
         * often than a quiet year: refused, so that no figure silently
         * drops to 0 (issue 7). */
        if (!info->rows_read && !st->bad_shape)
            fse_diag(st->rd->d, FSE_SEV_ERROR, "source-vide", st->rd->where, 0, 0,
                     "%s : aucune ligne de données sous l'en-tête (ligne %ld) : l'export est coupé ou vide, "
                     "exportez-le à nouveau", st->rd->ds->def->name, info->header_line);
        if (st->bad_shape || !info->rows_read) rc = FSE_SOURCE_DATAERR;
    } else {
        rc = FSE_SOURCE_DATAERR;
    }
    free(st->totals);
    free(st->colmap);
    memo_give(st->memo, st->ncols * FSE_MEMO_SLOTS + 1);
    free(st->memo_stat);
    free(st->pre);
    free(st->numsep);
    st->numsep = NULL;
    free(st->total_checks);
    st->total_checks = NULL;
    st->ntotal_checks = 0;
    st->memo = NULL;
    st->memo_stat = NULL;
    st->pre = NULL;
    fse_row_free(&st->hdr);
    st->totals = NULL;
    st->colmap = NULL;
    return rc;
}

/* A declared file that cannot be opened (missing, unreadable, a folder, a
 * fifo): EX_NOINPUT, and the user fixes the job (or puts the export where
 * it says), so the error stands at the job's `fichier =` value
 * ("job.ini:15:11: error: ouverture impossible de la source contacts :
 * m1/exports/contact.csv : fichier ou dossier inexistant"), naming the path
 * as resolved against the job's folder. Without a known position (a caller
 * that is no job), at the file itself. why: French cause. */
static void report_unopened(fse_source_reader *rd, const char *why)
{
    if (rd->cfg_path && rd->cfg_line > 0)
        fse_diag(rd->d, FSE_SEV_ERROR, "fichier-absent", rd->cfg_path, rd->cfg_line, rd->cfg_col,
                 "ouverture impossible de la source %s : %s : %s", rd->ds->def->name, rd->shown, why);
    else
        fse_diag(rd->d, FSE_SEV_ERROR, "fichier-absent", rd->shown, 0, 0,
                 "ouverture impossible de la source %s : %s", rd->ds->def->name, why);
}

/* What an export that is neither CSV nor XLSX is, from its first bytes, or
 * NULL: an OLE2 compound file (MS-CFB §2.2: D0 CF 11 E0 A1 B1 1A E1) is an
 * Excel 97-2003 .xls or an OOXML workbook encrypted with a password
 * (MS-OFFCRYPTO §2.3.4); a zip whose first entry is the stored "mimetype"
 * of OpenDocument (ODF 1.2 part 3 §3.3) is LibreOffice's .ods. Read as CSV
 * or XLSX they gave "octet 0xD0 invalide dans un fichier UTF-8" or
 * "xl/workbook.xml : partie absente", which say nothing of the fix. */
static const char *other_format(const char *buf, size_t len)
{
    if (len >= 8 && !memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return "classeur Excel 97-2003 (.xls) ou protégé par un mot de passe : fsepack lit le XLSX et le CSV ; "
               "enregistrez-le au format .xlsx sans mot de passe, ou en CSV";
    static const char odf[] = "mimetypeapplication/vnd.oasis.opendocument.";
    if (len >= 30 + sizeof odf - 1 && !memcmp(buf, "PK\3\4", 4) && !memcmp(buf + 30, odf, sizeof odf - 1))
        return "classeur OpenDocument (.ods) : fsepack lit le XLSX et le CSV ; enregistrez-le au format .xlsx "
               "(Excel 2007-365) ou en CSV";
    return NULL;
}

static fse_source_status load_file(fse_source_reader *rd, const char *path)
{
    fse_dataset *ds = rd->ds;
    char hex[65];
    long long size = 0;
    struct stat sb;
    if (!stat(path, &sb) && !S_ISREG(sb.st_mode)) {  /* a folder, a fifo, /dev/zero… */
        report_unopened(rd, S_ISDIR(sb.st_mode) ? "est un dossier, pas un fichier d'export" : "pas un fichier ordinaire");
        return FSE_SOURCE_MISSING;
    }
    /* one read: the SHA-256 of manifest.json is that of the very bytes parsed */
    fse_file_bytes fb;
    int err = fse_file_bytes_read(path, FSE_CSV_MAX_BYTES, &fb);
    const char *buf = fb.s;
    size_t len = fb.len;
    rd->file_id = fb.id;
    if (err == EFBIG) {   /* the export itself is at fault: reported at it */
        fse_diag(rd->d, FSE_SEV_ERROR, "fichier-illisible", rd->shown, 0, 0,
                 "ouverture impossible de la source %s : plus de %zu Mio", ds->def->name,
                 FSE_CSV_MAX_BYTES >> 20);   /* the limit as csv_reader.c words it */
        return FSE_SOURCE_DATAERR;
    }
    if (err) {
        report_unopened(rd, fse_strerror(err));
        return FSE_SOURCE_MISSING;
    }
    fse_sha256_buf(buf, len, hex);
    size = (long long)len;
    const char *other = other_format(buf, len);
    if (other) {
        fse_diag(rd->d, FSE_SEV_ERROR, "fichier-illisible", rd->shown, 0, 0, "%s", other);
        fse_file_bytes_free(&fb);
        return FSE_SOURCE_DATAERR;
    }
    bool xlsx = len >= 4 && !memcmp(buf, "PK\3\4", 4);
    char msg[512] = "";
    fse_source_status st = FSE_SOURCE_OK;
    snprintf(rd->where, sizeof rd->where, "%s", rd->shown);
    if (!xlsx) {
        fse_csv_options opt = { rd->cfg->encodage, rd->cfg->separateur, 0, .release_input = true };
        fse_source_stream ss = { .rd = rd, .path = path, .opt = &opt, .size = size, .sha256 = hex };
        fse_raw_sheet sh = { .on_rows = on_rows, .ud = &ss };
        long line = 0, col = 0;
        fse_csv_error e = fse_csv_read_buffer(buf, len, &opt, &sh, &line, &col, msg, sizeof msg);
        fse_file_bytes_free(&fb);
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
    fse_file_bytes_free(&fb);  /* libzip reads the workbook from its path */
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
    const char *named = NULL;   /* with feuille =, the sheet of that name once seen (even empty) */
    /* Without feuille =, the visible sheets first, in workbook order, then
     * the hidden ones: a hidden sheet (last year's rows, a raw copy) under
     * the same header was read before the visible export, in silence. */
    size_t *order = fse_xcalloc(nsheets + 1, sizeof *order), nord = 0;
    for (int hidden = 0; hidden < 2; hidden++)
        for (size_t i = 0; i < nsheets; i++)
            if (want ? !hidden : fse_xlsx_sheet_hidden(book, i) == (bool)hidden) order[nord++] = i;
    for (size_t k = 0; k < nsheets && !done && st == FSE_SOURCE_OK; k++) {
        size_t i = order[k];
        const char *name = fse_xlsx_sheet_name(book, i);
        if (want) {
            char *a = fse_norm_key(name), *b = fse_norm_key(want);
            bool same = !strcmp(name, want) || !strcmp(a, b);
            free(a); free(b);
            if (!same) continue;
            named = name;
        }
        fse_source_stream ss = { .rd = rd, .path = path, .sheet = name, .size = size, .sha256 = hex };
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
        if (!want && fse_xlsx_sheet_hidden(book, i))
            fse_diag(rd->d, FSE_SEV_WARNING, "feuille-masquee", rd->where, 0, 0,
                     "la feuille « %s » est masquée dans le classeur : lue faute d'une feuille visible qui porte "
                     "l'en-tête ; vérifiez que c'est bien l'export, ou choisissez la feuille par feuille =", name);
    }
    free(order);
    if (!done && st == FSE_SOURCE_OK) {
        if (want && !named) {
            fse_sb names = {0};
            for (size_t i = 0; i < nsheets; i++)
                fse_sb_addf(&names, "%s« %s »", i ? ", " : "", fse_xlsx_sheet_name(book, i));
            fse_diag(rd->d, FSE_SEV_ERROR, "feuille-absente", rd->shown, 0, 0,
                     "aucune feuille nommée « %s » (feuilles : %s)", want, names.s ? names.s : "aucune");
            fse_sb_free(&names);
        } else {
            /* the sheet named by feuille = is the one at fault, empty or
             * without the header: fichier.xlsx[feuille] (README, messages);
             * without feuille =, no one sheet is, the workbook is named */
            if (want)
                snprintf(rd->where, sizeof rd->where, "%s[%s]", rd->shown, named);
            else
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
        fse_source_reader rd = { .cfg = cfg, .t = t, .ds = ds, .d = d, .shown = cfg->files[i], .rel = cfg->shown[i],
                      .cfg_path = job_path, .cfg_line = cfg->file_lines ? cfg->file_lines[i] : 0,
                      .cfg_col = cfg->file_cols ? cfg->file_cols[i] : 0 };
        fse_progress("lecture de %s", cfg->shown[i]);
        fse_source_status st = load_file(&rd, cfg->files[i]);
        /* the SHA-256 of the manifest must be that of the bytes parsed (an
         * XLSX is even read twice: hashed, then by libzip) */
        if (st != FSE_SOURCE_MISSING && fse_file_changed(&rd.file_id, cfg->files[i])) {
            fse_diag(d, FSE_SEV_ERROR, "fichier-illisible", rd.shown, 0, 0,
                     "source %s : le fichier a changé pendant sa lecture (un export en cours ?) ; "
                     "relancez une fois l'export terminé", ds->def->name);
            st = FSE_SOURCE_DATAERR;
        }
        if (st == FSE_SOURCE_MISSING || (st == FSE_SOURCE_DATAERR && worst == FSE_SOURCE_OK)) worst = st;
    }
    return worst;
}
