/* raw_csv.c — the raw parse rate of a CSV file, for `make bench`: read the
 * file whole, then libcsv with the options fsepack uses (strict, ';') and
 * callbacks that only count fields and records. The bench divides fsepack's
 * ingest rate of the same file by this one.
 *
 * usage: raw_csv FILE  ->  prints "bytes=N fields=N records=N cpu=S"
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t nfields, nrecords;
static void on_field(void *s, size_t len, void *ud) { (void)s, (void)len, (void)ud; nfields++; }
static void on_record(int c, void *ud) { (void)c, (void)ud; nrecords++; }

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: raw_csv FILE\n"); return 64; }
    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 66; }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) { perror(argv[1]); return 66; }
    fclose(f);
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
    csv_set_delim(&p, ';');
    if (csv_parse(&p, buf, (size_t)len, on_field, on_record, NULL) != (size_t)len) {
        fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
        return 65;
    }
    csv_fini(&p, on_field, on_record, NULL);
    csv_free(&p);
    free(buf);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    printf("bytes=%ld fields=%zu records=%zu cpu=%.6f\n", len, nfields, nrecords,
           (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
    return 0;
}
