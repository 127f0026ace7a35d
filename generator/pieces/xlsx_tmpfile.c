/* xlsx_tmpfile.c — libxlsxwriter's temporary files get a stdio buffer of
 * TMPFILE_BUF bytes instead of glibc's default, one file-system block
 * (4 KiB on ext4).
 *
 * Why (issue 8, measured): in constant_memory mode libxlsxwriter 1.1.4
 * writes every row of a sheet to a temporary file (lxw_tmpfile, a FILE*
 * from tmpfileplus), copies it into the sheet's part file at
 * workbook_close (lxw_worksheet_assemble_xml_file: fread/fwrite of 4 KiB
 * through a stack buffer), then reads that part back to zip it (fread of
 * LXW_ZIP_BUFFER_SIZE, 16 KiB). About 700 MB of sheet XML go through these
 * files in the 1 M-row job, each byte written twice and read twice, in
 * 4 KiB system calls: writing 180 MB to /tmp costs 0.18 s of CPU in 4 KiB
 * writes, 0.07 s in 64 KiB ones. On the 1 M-row CSV job (best of 5 runs,
 * user+sys) this takes 15.8 s to 14.4 s, nearly all of it system time
 * (2.9-4.8 s to 1.8-3.3 s); 64 KiB buffers gave 14.6 s, 1 MiB ones 13.9
 * to 16.3 s (no steadier gain) and 10 MB more peak RSS. A bilan holds about 14 of
 * these files open at once (one per constant_memory sheet): 3.5 MB.
 *
 * Since then the part files made inside workbook_close are part streams
 * (xlsx_deflate.c, "part files": deflated as written, the file made here
 * keeping only the compressed bytes); the constant_memory files of the
 * sheets are still written and read as above.
 *
 * How: as xlsx_lxw_util.c does, the executable defines lxw_tmpfile and
 * exports it (EXPORTS in the Makefile); libxlsxwriter calls it through its
 * PLT, so every temporary file it makes comes from here. The library's own
 * lxw_tmpfile makes the file; setvbuf then gives it a buffer of ours
 * (glibc ignores the size asked when the buffer is NULL), before any I/O
 * on the stream as setvbuf requires. The bytes written are the same; only
 * the size of the system calls changes.
 *
 * Ownership: fclose does not free a buffer given by setvbuf, so every
 * buffer is kept in a list and freed by fse_xlsx_tmpfile_release once
 * workbook_close has closed the files. In libxlsxwriter 1.1.4
 * (src/packager.c, src/worksheet.c) a successful workbook_close has closed
 * each of them: every part file is fclose'd after _add_file_to_zip, and
 * each worksheet's constant_memory file (made in lxw_worksheet_new) is
 * fclose'd by the copy into its part, except that of a sheet without any
 * cell (xlsx_writer.c empty_stream_sheet: then nothing is freed). Its
 * failure paths do not close them either:
 * RETURN_ON_ERROR after a failed _add_file_to_zip skips that fclose and
 * the remaining sheets, lxw_worksheet_free closes nothing, and a failed
 * lxw_worksheet_new after its lxw_tmpfile leaves that file open. After a
 * failure the buffers are therefore left to those files (glibc may still
 * flush them at exit) and never freed: one failed workbook stops the run.
 *
 * Version guard: that reasoning holds for 1.1.4 only; with another
 * libxlsxwriter (fse_lxw_internals_known() false) the library's files keep
 * glibc's buffers. The process is single-threaded.
 */
#include "common/library_fn.h"
#include "pieces/xlsx_interpose.h"
#include "pieces/xlsx_tmpfile.h"
#include "pieces/xlsx_deflate.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#define TMPFILE_BUF FSE_XLSX_TMPFILE_BUF

static char **bufs;          /* buffers given to files not yet released */
static unsigned nbufs, cap;

typedef FILE *(*tmpfile_fn)(char *);

/* Replaces libxlsxwriter's function of the same name (utility.h); same
 * contract: a new temporary file, open for update, already unlinked
 * (tmpfileplus in tmpdir, or the system's directory when tmpdir is NULL),
 * or NULL when none could be made. Only its stdio buffer differs; without
 * memory for it the file keeps glibc's. */
FILE *lxw_tmpfile(char *tmpdir)
{
    static tmpfile_fn real;
    if (!real) real = (tmpfile_fn)fse_library_fn("lxw_tmpfile");
    FILE *f = real(tmpdir);
    if (!f || !fse_lxw_internals_known()) return f;
    if (nbufs == cap) {
        unsigned ncap = cap ? cap * 2 : 32;
        char **nb = realloc(bufs, ncap * sizeof *nb);
        if (!nb) return f;
        bufs = nb;
        cap = ncap;
    }
    char *buf = malloc(TMPFILE_BUF);
    if (!buf) return f;
    if (setvbuf(f, buf, _IOFBF, TMPFILE_BUF) != 0) {
        free(buf);
        return f;
    }
    bufs[nbufs++] = buf;
    /* inside workbook_close: a part file, deflated as it is written
       (xlsx_deflate.c, "part files"); f keeps the compressed bytes */
    FILE *part = fse_xlsx_part_open(f);
    return part ? part : f;
}

void fse_xlsx_tmpfile_release(bool all_closed)
{
    if (all_closed)
        for (unsigned i = 0; i < nbufs; i++) free(bufs[i]);
    nbufs = 0;
}

unsigned fse_xlsx_tmpfile_held(void)
{
    return nbufs;
}
