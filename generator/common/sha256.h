/* sha256.h — SHA-256 of files and buffers as lowercase hex (nettle).
 * Used for manifest.json and SHA256SUMS (DESIGN §5). */
#ifndef FSE_SHA256_H
#define FSE_SHA256_H

#include <stddef.h>
#include <nettle/sha2.h>

/* hex receives 64 hex digits and a NUL (65 bytes). Returns 0, or errno when
 * the file cannot be read; *size (may be NULL) receives its length in bytes. */
int fse_sha256_file(const char *path, char hex[65], long long *size);
void fse_sha256_buf(const void *buf, size_t len, char hex[65]);

/* Incremental hashing, for data that arrives in pieces (ZIP entries):
 * init, update as often as needed, then final writes the hex digest. */
typedef struct sha256_ctx fse_sha256_ctx;
void fse_sha256_init(fse_sha256_ctx *c);
void fse_sha256_update(fse_sha256_ctx *c, const void *buf, size_t len);
void fse_sha256_final(fse_sha256_ctx *c, char hex[65]);

#endif
