/* fuzz_common.h — helpers shared by the libFuzzer harnesses of tests/fuzz/.
 *
 * The readers that take a path (libzip, inih) are fed through one file per
 * fuzzer process under /dev/shm (or /tmp), rewritten at each input, so that
 * the code under test is the very code fsepack runs. Harness-only code: it
 * aborts on a setup failure, which libFuzzer reports (never a finding in
 * fsepack itself). */
#ifndef FSE_FUZZ_COMMON_H
#define FSE_FUZZ_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A private folder for this process ("/dev/shm/fsepack-fuzz-<pid>"), made on
 * first use; returned string is static. */
static const char *fuzz_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof dir, "%s/fsepack-fuzz-%ld", base, (long)getpid());
        if (mkdir(dir, 0700) != 0 && access(dir, W_OK) != 0) abort();
    }
    return dir;
}

/* Write size bytes to path (truncating); aborts when it cannot. */
static void fuzz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f) != 0) abort();
}
#endif
