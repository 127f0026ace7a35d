/* fuzz_csv.c — libFuzzer harness for the CSV reader (ingest/csv_reader.c,
 * ingest/charset.c): any bytes, read as an export with every option
 * detected, then (first byte odd) once more with a declared encoding and
 * delimiter. The reader must return an error code or a sheet, never crash,
 * leak or read out of bounds (built with -fsanitize=fuzzer,address,undefined).
 * Seeds: tests/fuzz/corpus/csv/. Run: make fuzz FUZZ_SECONDS=N. */
#include <stddef.h>
#include <stdint.h>
#include "ingest/csv_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fse_raw_sheet sh = { 0 };
    long line = 0, col = 0;
    char msg[256];
    fse_csv_read_buffer((const char *)data, size, NULL, &sh, &line, &col, msg, sizeof msg);
    fse_sheet_free(&sh);
    if (size > 1 && (data[0] & 1)) {
        static const char delims[] = { ';', ',', '\t', 0 };
        fse_csv_options opt = { .encoding = data[1] % 5, .delimiter = delims[(data[1] >> 2) % 4] };
        fse_raw_sheet sh2 = { 0 };
        fse_csv_read_buffer((const char *)data + 2, size - 2, &opt, &sh2, &line, &col, msg, sizeof msg);
        fse_sheet_free(&sh2);
    }
    return 0;
}
