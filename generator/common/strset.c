/* strset.c — see strset.h. */
#include "common/strset.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

void fse_strset_add_owned(fse_strset *s, char *v)
{
    FSE_PUSH(s->items, s->n, s->cap, v);
    s->frozen = false;
}

void fse_strset_add(fse_strset *s, const char *v) { fse_strset_add_owned(s, fse_xstrdup(v)); }

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void fse_strset_freeze(fse_strset *s)
{
    if (s->n) qsort(s->items, s->n, sizeof *s->items, cmp);
    size_t w = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (w && !strcmp(s->items[w - 1], s->items[i])) { free(s->items[i]); continue; }
        s->items[w++] = s->items[i];
    }
    s->n = w;
    s->frozen = true;
}

bool fse_strset_has(const fse_strset *s, const char *v)
{
    return s->n && bsearch(&v, s->items, s->n, sizeof *s->items, cmp) != NULL;
}

void fse_strset_free(fse_strset *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof *s);
}
