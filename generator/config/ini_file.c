/* ini_file.c — see ini_file.h. */
#include "config/ini_file.h"
#include "common/util.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    FILE *f;
    const char *path;
    long line;
    fse_ini_handler h;
    void *user;
    fse_diags *d;
    int bad;
    char *buf;
    size_t bufcap;
} reader_state;

static char *read_line(char *str, int num, void *stream)
{
    reader_state *st = stream;
    ssize_t n = getline(&st->buf, &st->bufcap, st->f);
    if (n < 0) return NULL;
    st->line++;
    if (n >= num - 1 && !(n == num - 1 && st->buf[n - 1] == '\n')) {
        fse_diag(st->d, FSE_SEV_ERROR, "config", st->path, st->line, 1,
                 "line longer than %d bytes: continue the value on indented lines", num - 2);
        st->bad = 1;
        snprintf(str, (size_t)num, ";\n");
        return str;
    }
    memcpy(str, st->buf, (size_t)n + 1);
    /* inih says nothing of a section without keys: tell the handler */
    char *b = st->buf;
    while (*b == ' ' || *b == '\t') b++;
    if (*b == '[') {
        char *e = strchr(b, ']');
        if (e) {
            *e = 0;
            if (!st->h(st->user, b + 1, NULL, NULL, st->line)) st->bad = 1;
        }
    }
    return str;
}

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    reader_state *st = user;
    if (!st->h(st->user, section, name, value, st->line)) st->bad = 1;
    return 1;
}

int fse_ini_parse(const char *path, fse_ini_handler h, void *user, fse_diags *d)
{
    reader_state st = { .path = path, .h = h, .user = user, .d = d };
    st.f = fopen(path, "r");
    if (!st.f) return -1;
    int rc = ini_parse_stream(read_line, &st, on_pair, &st);
    int saved = errno;
    fclose(st.f);
    free(st.buf);
    if (rc > 0) {
        fse_diag(d, FSE_SEV_ERROR, "config", path, rc, 1,
                 "syntax error (expected [section] or name = value)");
        st.bad = 1;
    } else if (rc < 0) {
        errno = saved;
        return -1;
    }
    return st.bad ? 1 : 0;
}
