/* raw_xlsx.c — the raw parse rate of an XLSX file, for `make bench`: libzip
 * inflates xl/sharedStrings.xml and xl/worksheets/sheet1.xml in 64 KiB
 * chunks into expat, whose handlers only count elements and text bytes.
 * That is the least any XLSX reader built on libzip + expat must do; the
 * bench divides fsepack's ingest rate of the same file by this one.
 *
 * usage: raw_xlsx FILE  ->  prints "bytes=N elements=N text=N cpu=S"
 */
#include <expat.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <zip.h>

static size_t nelem, ntext;
static void XMLCALL on_start(void *ud, const XML_Char *n, const XML_Char **a) { (void)ud, (void)n, (void)a; nelem++; }
static void XMLCALL on_end(void *ud, const XML_Char *n) { (void)ud, (void)n; }
static void XMLCALL on_text(void *ud, const XML_Char *s, int len) { (void)ud, (void)s; ntext += (size_t)len; }

static int parse_part(zip_t *z, const char *name)
{
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f) { fprintf(stderr, "%s: %s\n", name, zip_strerror(z)); return 65; }
    XML_Parser p = XML_ParserCreate(NULL);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    for (;;) {
        void *buf = XML_GetBuffer(p, 65536);
        zip_int64_t n = zip_fread(f, buf, 65536);
        if (n < 0 || XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
            fprintf(stderr, "%s: parse error\n", name);
            return 65;
        }
        if (n == 0) break;
    }
    XML_ParserFree(p);
    zip_fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: raw_xlsx FILE\n"); return 64; }
    struct timespec a, b;
    struct stat sb;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    int err;
    zip_t *z = zip_open(argv[1], ZIP_RDONLY, &err);
    if (!z || stat(argv[1], &sb)) { fprintf(stderr, "%s: cannot open\n", argv[1]); return 66; }
    int rc = parse_part(z, "xl/sharedStrings.xml");
    if (!rc) rc = parse_part(z, "xl/worksheets/sheet1.xml");
    zip_close(z);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    if (rc) return rc;
    printf("bytes=%lld elements=%zu text=%zu cpu=%.6f\n", (long long)sb.st_size, nelem, ntext,
           (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
    return 0;
}
