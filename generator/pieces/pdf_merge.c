/* pdf_merge.c — fse_pdf_merge: one PDF of PDF files already written (the
 * pack's dossier-complet.pdf), their pages imported as they are with
 * libqpdf's C API (qpdf/qpdf-c.h, qpdf >= 10.6 for qpdf_empty_pdf), one
 * bookmark per file pointing to its first page, the document properties of
 * the pack's other PDFs. Nothing is laid out again (issue 8: re-rendering
 * every pièce with libharu cost 2.5–5 s and ≈ 200 MB per pack at 1 M rows).
 * qpdf writes into memory and the file is written here: qpdf 11 does not
 * check the flush and close of a file it writes, so a full disk or a file
 * size limit used to leave a cut dossier-complet.pdf and no error.
 *
 * The pièces are read whole into memory and given to qpdf_read_memory
 * (issue 8, measured on the 1 M-row CSV job, best of 3, CPU user+sys: the
 * three dossiers 1.15 -> 0.84 s). qpdf_read on a path reads each object
 * and each stream it copies with an fseek and an fread of its own FILE,
 * i.e. an lseek and a read system call per object, some 10 per page.
 * Safe: the bytes qpdf parses are those of the file (read once, before
 * qpdf sees them, and the file is ours, just written); the description
 * passed is the path, so qpdf's messages name the file as before. Cost:
 * the pièces' bytes are held until the dossier is written (18.7 MB for
 * the largest dossier at 1 M rows; no change of the peak RSS measured).
 */
#include "common/util.h"
#include "pieces/doc.h"

#include <errno.h>
#include <qpdf/qpdf-c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Copies q's pending error (or `what` when qpdf gives none) into err,
 * prefixed by the file concerned. Always returns -1. */
static int failed(qpdf_data q, const char *file, const char *what, char *err, size_t errlen)
{
    const char *text = NULL;
    if (q && qpdf_has_error(q)) {
        qpdf_error e = qpdf_get_error(q);
        if (e) text = qpdf_get_error_full_text(q, e);
    }
    snprintf(err, errlen, "PDF %s : %s", file, text && *text ? text : what);
    return -1;
}

/* key = a PDF text string of the UTF-8 s (PDFDocEncoding or UTF-16BE,
 * chosen by qpdf) in dictionary dict; nothing when s is NULL or empty. */
static void put_text(qpdf_data q, qpdf_oh dict, const char *key, const char *s)
{
    if (s && *s) qpdf_oh_replace_key(q, dict, key, qpdf_oh_new_unicode_string(q, s));
}

/* The trailer's /Info of the merged file: the same keys as fse_pdf_write
 * writes through libharu (Title, Author, Subject, Creator, CreationDate and
 * ModDate "D:YYYYMMDDHHMMSS+00'00'" from props->created_epoch, i.e.
 * SOURCE_DATE_EPOCH — research/tech.md §1.5 — never the clock). */
static void set_info(qpdf_data q, const fse_doc *props)
{
    qpdf_oh info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    put_text(q, info, "/Title", props->title);
    put_text(q, info, "/Author", props->author && *props->author ? props->author : props->plie);
    put_text(q, info, "/Subject", props->fiche);
    put_text(q, info, "/Creator", "fsepack");
    char producer[64];
    snprintf(producer, sizeof producer, "libqpdf %s", qpdf_get_qpdf_version());
    put_text(q, info, "/Producer", producer);
    time_t t = (time_t)props->created_epoch;
    struct tm tm;
    if (gmtime_r(&t, &tm) && tm.tm_year + 1900 >= 1 && tm.tm_year + 1900 <= 9999) {
        char date[80];
        snprintf(date, sizeof date, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec < 60 ? tm.tm_sec : 59);
        put_text(q, info, "/CreationDate", date);
        put_text(q, info, "/ModDate", date);
    }
    qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info", info);
}

/* The /Outlines of q: one item per part with pages, titled parts[i].title,
 * destination [first page of the part /Fit]; first[i] is the zero-based
 * index of that page, np[i] the part's page count. Shown at opening
 * (/PageMode /UseOutlines, as fse_pdf_write does). */
static void set_outlines(qpdf_data q, const fse_pdf_part *parts, const int *first, const int *np, size_t n)
{
    qpdf_oh outlines = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, outlines, "/Type", qpdf_oh_new_name(q, "/Outlines"));
    qpdf_oh prev = 0;
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (np[i] <= 0) continue;
        qpdf_oh item = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
        put_text(q, item, "/Title", parts[i].title ? parts[i].title : parts[i].path);
        qpdf_oh_replace_key(q, item, "/Parent", outlines);
        qpdf_oh dest = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, dest, qpdf_get_page_n(q, (size_t)first[i]));
        qpdf_oh_append_item(q, dest, qpdf_oh_new_name(q, "/Fit"));
        qpdf_oh_replace_key(q, item, "/Dest", dest);
        if (prev) {
            qpdf_oh_replace_key(q, prev, "/Next", item);
            qpdf_oh_replace_key(q, item, "/Prev", prev);
        } else {
            qpdf_oh_replace_key(q, outlines, "/First", item);
        }
        prev = item;
        count++;
    }
    if (prev) qpdf_oh_replace_key(q, outlines, "/Last", prev);
    qpdf_oh_replace_key(q, outlines, "/Count", qpdf_oh_new_integer(q, count));
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh_replace_key(q, root, "/Outlines", outlines);
    qpdf_oh_replace_key(q, root, "/PageMode", qpdf_oh_new_name(q, "/UseOutlines"));
}

/* Writes the n bytes at b to path (created or truncated), every write,
 * the flush and the close checked. 0, or -1 with "écriture impossible de
 * <path> : <cause système>" in err and no file left. */
static int write_whole(const char *path, const unsigned char *b, size_t n, char *err, size_t errlen)
{
    FILE *f = fopen(path, "wb");
    int bad = !f || fwrite(b, 1, n, f) != n || fflush(f) != 0;
    int sys = errno;
    if (f && fclose(f) != 0 && !bad) bad = 1, sys = errno;
    if (!bad) return 0;
    snprintf(err, errlen, "écriture impossible de %s : %s", path, fse_strerror(sys ? sys : EIO));
    remove(path);
    return -1;
}

int fse_pdf_merge(const fse_doc *props, const fse_pdf_part *parts, size_t n, const char *path, int *pages,
                  char *err, size_t errlen)
{
    char dummy[8];
    if (!err || !errlen) { err = dummy; errlen = sizeof dummy; }
    err[0] = 0;
    if (pages) *pages = 0;
    qpdf_data out = qpdf_init();
    qpdf_data *src = fse_xcalloc(n ? n : 1, sizeof *src);
    char **bytes = fse_xcalloc(n ? n : 1, sizeof *bytes);   /* each part's file, read whole */
    int *first = fse_xcalloc(n ? n : 1, sizeof *first), *np = fse_xcalloc(n ? n : 1, sizeof *np);
    int rc = 0, total = 0;
    qpdf_silence_errors(out);
    qpdf_set_suppress_warnings(out, QPDF_TRUE);
    if (qpdf_empty_pdf(out) & QPDF_ERRORS) rc = failed(out, path, "document vide impossible à créer", err, errlen);
    for (size_t i = 0; i < n && !rc; i++) {
        src[i] = qpdf_init();
        qpdf_silence_errors(src[i]);
        qpdf_set_suppress_warnings(src[i], QPDF_TRUE);
        size_t len = 0;
        int e = fse_read_file(parts[i].path, SIZE_MAX - 1, &bytes[i], &len);
        if (e) {
            snprintf(err, errlen, "PDF %s : lecture impossible : %s", parts[i].path, fse_strerror(e));
            rc = -1;
            break;
        }
        if (qpdf_read_memory(src[i], parts[i].path, bytes[i], len, NULL) & QPDF_ERRORS) {
            rc = failed(src[i], parts[i].path, "lecture impossible", err, errlen);
            break;
        }
        np[i] = qpdf_get_num_pages(src[i]);
        if (np[i] < 0 || qpdf_has_error(src[i])) {
            rc = failed(src[i], parts[i].path, "pages illisibles", err, errlen);
            break;
        }
        first[i] = total;
        for (int p = 0; p < np[i] && !rc; p++)
            if (qpdf_add_page(out, src[i], qpdf_get_page_n(src[i], (size_t)p), QPDF_FALSE) & QPDF_ERRORS)
                rc = failed(out, parts[i].path, "page impossible à importer", err, errlen);
        total += np[i];
    }
    if (!rc) {
        set_outlines(out, parts, first, np, n);
        set_info(out, props);
        if (qpdf_has_error(out)) rc = failed(out, path, "signets ou propriétés impossibles à écrire", err, errlen);
    }
    if (!rc && (qpdf_init_write_memory(out) & QPDF_ERRORS))
        rc = failed(out, path, "création impossible", err, errlen);
    if (!rc) {
        /* the stream data of the pièces as libharu compressed it; an /ID
         * computed from the content, so the same pièces give the same bytes */
        qpdf_set_stream_data_mode(out, qpdf_s_preserve);
        qpdf_set_object_stream_mode(out, qpdf_o_disable);
        qpdf_set_deterministic_ID(out, QPDF_TRUE);
        if (qpdf_write(out) & QPDF_ERRORS)
            rc = failed(out, path, "écriture impossible", err, errlen);
        else
            rc = write_whole(path, qpdf_get_buffer(out), qpdf_get_buffer_length(out), err, errlen);
    }
    if (!rc && pages) *pages = total;
    qpdf_cleanup(&out);   /* before its sources, whose objects it copied */
    for (size_t i = 0; i < n; i++)
        if (src[i]) qpdf_cleanup(&src[i]);
    for (size_t i = 0; i < n; i++) free(bytes[i]);
    free(bytes);
    free(src);
    free(first);
    free(np);
    return rc;
}
