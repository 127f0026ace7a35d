/* sha256.c — see sha256.h. */
#include "common/sha256.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>

static void to_hex(const unsigned char *d, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = 0;
}

int fse_sha256_file(const char *path, char hex[65], long long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return errno;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t n;
    long long total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        sha256_update(&ctx, n, buf);
        total += (long long)n;
    }
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (err) return err;
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
    to_hex(d, hex);
    if (size) *size = total;
    return 0;
}

void fse_sha256_buf(const void *buf, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, len, buf);
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
    to_hex(d, hex);
}

void fse_sha256_init(fse_sha256_ctx *c) { sha256_init(c); }

void fse_sha256_update(fse_sha256_ctx *c, const void *buf, size_t len) { sha256_update(c, len, buf); }

void fse_sha256_final(fse_sha256_ctx *c, char hex[65])
{
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_digest(c, SHA256_DIGEST_SIZE, d);
    to_hex(d, hex);
}
