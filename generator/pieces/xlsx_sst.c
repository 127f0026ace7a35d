/* xlsx_sst.c — libxlsxwriter's shared string table (lxw_get_sst_index),
 * found through a hash table instead of a red-black tree.
 *
 * Why (issue 8, callgrind on the 100 000-row bench): a workbook written
 * without constant_memory (every list under FSE_XLSX_STREAM_CELLS cells)
 * puts each text cell through lxw_get_sst_index, which in libxlsxwriter
 * 1.1.4 callocs an element and strdups the text before it even searches
 * the tree (a strcmp per level), then frees both when the text is already
 * there, as most are (a list repeats its companies, dates, statuses):
 * ~1 000 instructions a text cell, 2.7 % of the whole job.
 *
 * How: as xlsx_lxw_util.c, the executable defines lxw_get_sst_index and
 * lxw_sst_free and exports them (Makefile); libxlsxwriter calls both through
 * the PLT. The table it keeps is the same: every element is appended to
 * sst->order_list in first-seen order with index = unique_count, and
 * string_count counts every call, so sharedStrings.xml and the cells' s=
 * indices are byte for byte those of the library (equal texts are equal
 * by strcmp, as its _element_cmp has it). The tree (sst->rb_tree) stays
 * empty; nothing else in the library reads it, and the library's
 * lxw_sst_free frees the elements through order_list. An index lives from
 * the first text of a table to its lxw_sst_free. With a libxlsxwriter other
 * than 1.1.4 the library's own function runs (fse_lxw_internals_known).
 */
#include "common/strpool.h"
#include "common/library_fn.h"
#include "common/util.h"
#include "pieces/xlsx_interpose.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct {
    lxw_sst *sst;
    struct sst_element **slots;   /* open addressing, NULL = free */
    uint64_t *hashes;             /* fse_hash_bytes of slots[i]->string */
    size_t nslots, n;             /* nslots a power of two, n <= nslots / 2 */
} sst_index;

static sst_index *indices;        /* one per shared string table alive */
static size_t nindices, cap_indices;

static sst_index *index_of(lxw_sst *sst)
{
    for (size_t i = 0; i < nindices; i++)
        if (indices[i].sst == sst) return &indices[i];
    sst_index ix = { sst, NULL, NULL, 0, 0 };
    FSE_PUSH(indices, nindices, cap_indices, ix);
    return &indices[nindices - 1];
}

static void insert(sst_index *ix, struct sst_element *el, uint64_t h)
{
    size_t mask = ix->nslots - 1, i = (size_t)h & mask;
    while (ix->slots[i]) i = (i + 1) & mask;
    ix->slots[i] = el;
    ix->hashes[i] = h;
    ix->n++;
}

static void grow(sst_index *ix)
{
    struct sst_element **old = ix->slots;
    uint64_t *oldh = ix->hashes;
    size_t oldn = ix->nslots;
    ix->nslots = oldn ? oldn * 2 : 1024;
    ix->slots = fse_xcalloc(ix->nslots, sizeof *ix->slots);
    ix->hashes = fse_xcalloc(ix->nslots, sizeof *ix->hashes);
    ix->n = 0;
    for (size_t i = 0; i < oldn; i++)
        if (old[i]) insert(ix, old[i], oldh[i]);
    free(old);
    free(oldh);
}

/* Replaces libxlsxwriter's function of the same name (shared_strings.h) for
 * the whole process; same contract: the element of string in sst (added at
 * the end of sst->order_list with the next index when new; string copied),
 * sst->string_count counting every call. is_rich_string is kept on a new
 * element (fsepack writes no rich string). NULL only when calloc fails,
 * as the library's. */
struct sst_element *lxw_get_sst_index(lxw_sst *sst, const char *string, uint8_t is_rich_string)
{
    if (!fse_lxw_internals_known()) {   /* another libxlsxwriter: its own table (xlsx_lxw_util.c) */
        static struct sst_element *(*real)(lxw_sst *, const char *, uint8_t);
        if (!real) real = (struct sst_element * (*)(lxw_sst *, const char *, uint8_t))fse_library_fn("lxw_get_sst_index");
        return real(sst, string, is_rich_string);
    }
    sst_index *ix = index_of(sst);
    if (ix->n != sst->unique_count) {   /* built for a table freed unseen at this address: start again */
        free(ix->slots);
        free(ix->hashes);
        ix->slots = NULL, ix->hashes = NULL, ix->nslots = ix->n = 0;
    }
    size_t len = strlen(string);
    uint64_t h = fse_hash_bytes(string, len);
    if (ix->nslots) {
        size_t mask = ix->nslots - 1;
        for (size_t i = (size_t)h & mask; ix->slots[i]; i = (i + 1) & mask)
            if (ix->hashes[i] == h && !strcmp(ix->slots[i]->string, string)) {
                sst->string_count++;
                return ix->slots[i];
            }
    }
    struct sst_element *el = calloc(1, sizeof *el);
    if (!el) return NULL;
    el->index = sst->unique_count;
    el->string = fse_xmalloc(len + 1);   /* freed by the library's lxw_sst_free */
    memcpy(el->string, string, len + 1);
    el->is_rich_string = is_rich_string;
    STAILQ_INSERT_TAIL(sst->order_list, el, sst_order_pointers);
    sst->string_count++;
    sst->unique_count++;
    if (2 * (ix->n + 1) > ix->nslots) grow(ix);
    insert(ix, el, h);
    return el;
}

/* Replaces libxlsxwriter's lxw_sst_free: drops the index of sst, then lets
 * the library's own function free the table (NULL: nothing). */
void lxw_sst_free(lxw_sst *sst)
{
    static void (*real_free)(lxw_sst *);
    for (size_t i = 0; i < nindices; i++)
        if (indices[i].sst == sst) {
            free(indices[i].slots);
            free(indices[i].hashes);
            indices[i] = indices[--nindices];
            break;
        }
    if (!nindices) {
        free(indices);
        indices = NULL;
        cap_indices = 0;
    }
    if (!real_free) {
        real_free = (void (*)(lxw_sst *))fse_library_fn("lxw_sst_free");
    }
    real_free(sst);
}
