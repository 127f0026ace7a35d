/* pdf_resources.c — one /Resources dictionary shared by the pages that use
 * the same resources, instead of a copy inside every page.
 *
 * Why (issue 8, callgrind of fse_pdf_merge on the pièces of a 1 M-row
 * job, 5 780 pages): libqpdf parses, copies and writes every object of
 * every page it puts into dossier-complet.pdf, and spends as much again
 * freeing them. libharu gives each page its own direct resources
 * (<< /ProcSet [..] /XObject << /X1 .. >> /Font << /F1 .. /F2 .. >> >>),
 * twelve of the twenty objects of a page dictionary, though a pièce's pages
 * name the same two fonts and the same header form.
 *
 * How (libharu's object API, hpdf_objects.h, as pdf_writer.c's header
 * form): once every page is complete, the resources of each page are read
 * (ProcSet names, then name -> object of each sub-dictionary); the first
 * page of each distinct set gets a new indirect dictionary of the same
 * entries in the same order, and every page of that set points to it.
 * PDF 32000 §7.7.3.3: a page's Resources may be an indirect reference; the
 * names resolve to the same objects, so the pages draw the same. A page
 * whose resources hold anything else is left as it was.
 */
#include "pieces/pdf_internal.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdlib.h>
#include <string.h>

/* The object an entry of a dictionary stands for (through its proxy when
 * it is an indirect reference). */
static void *target(void *v)
{
    HPDF_Obj_Header *h = v;
    return (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_PROXY ? ((HPDF_Proxy)v)->obj : v;
}

static HPDF_UINT16 oclass(void *v)
{
    return ((HPDF_Obj_Header *)v)->obj_class & HPDF_OCLASS_ANY;
}

/* The key of resources res into k: its entries, names and targets; false
 * for a form it does not know (left alone). */
static bool describe(HPDF_Dict res, fse_sb *k)
{
    k->len = 0;
    for (HPDF_UINT i = 0; i < res->list->count; i++) {
        HPDF_DictElement e = res->list->obj[i];
        void *v = e->value;
        fse_sb_addf(k, "/%s", e->key);
        if (oclass(v) == HPDF_OCLASS_ARRAY) {
            HPDF_Array a = v;
            for (HPDF_UINT j = 0; j < a->list->count; j++) {
                if (oclass(a->list->obj[j]) != HPDF_OCLASS_NAME) return false;
                fse_sb_addf(k, " %s", ((HPDF_Name)a->list->obj[j])->value);
            }
        } else if (oclass(v) == HPDF_OCLASS_DICT) {
            HPDF_Dict d = v;
            for (HPDF_UINT j = 0; j < d->list->count; j++) {
                HPDF_DictElement s = d->list->obj[j];
                if (oclass(s->value) != HPDF_OCLASS_PROXY) return false;
                fse_sb_addf(k, " %s=%p", s->key, target(s->value));
            }
        } else {
            return false;
        }
        fse_sb_addc(k, ';');
    }
    return true;
}

/* A new indirect dictionary with the entries of res (described above). */
static HPDF_Dict share(pdf_ctx *c, HPDF_Dict res)
{
    HPDF_MMgr m = c->pdf->mmgr;
    HPDF_Dict out = HPDF_Dict_New(m);
    if (!out || HPDF_Xref_Add(c->pdf->xref, out) != HPDF_OK) return NULL;
    for (HPDF_UINT i = 0; i < res->list->count; i++) {
        HPDF_DictElement e = res->list->obj[i];
        void *copy;
        if (oclass(e->value) == HPDF_OCLASS_ARRAY) {
            HPDF_Array a = e->value, b = HPDF_Array_New(m);
            if (!b) return NULL;
            for (HPDF_UINT j = 0; j < a->list->count; j++)
                if (HPDF_Array_AddName(b, ((HPDF_Name)a->list->obj[j])->value) != HPDF_OK) return NULL;
            copy = b;
        } else {
            HPDF_Dict d = e->value, b = HPDF_Dict_New(m);
            if (!b) return NULL;
            for (HPDF_UINT j = 0; j < d->list->count; j++) {
                HPDF_DictElement s = d->list->obj[j];
                if (HPDF_Dict_Add(b, s->key, target(s->value)) != HPDF_OK) return NULL;
            }
            copy = b;
        }
        if (HPDF_Dict_Add(out, e->key, copy) != HPDF_OK) return NULL;
    }
    return out;
}

void pdf_share_resources(pdf_ctx *c)
{
    struct { char *key; HPDF_Dict dict; } sets[16];
    size_t nsets = 0;
    fse_sb k = { 0 };
    for (size_t i = 0; i < c->npages; i++) {
        HPDF_Page p = c->pages[i];
        HPDF_Dict res = HPDF_Dict_GetItem(p, "Resources", HPDF_OCLASS_DICT);
        if (!res || (res->header.obj_id & HPDF_OTYPE_INDIRECT) || !describe(res, &k)) continue;
        fse_sb_addc(&k, 0);
        HPDF_Dict shared = NULL;
        for (size_t s = 0; s < nsets && !shared; s++)
            if (!strcmp(sets[s].key, k.s)) shared = sets[s].dict;
        if (!shared) {
            if (nsets == sizeof sets / sizeof sets[0]) continue;   /* never seen: keep the page's own */
            shared = share(c, res);
            if (!shared) {   /* no memory: libharu's error, as its own calls would give */
                for (size_t s = 0; s < nsets; s++) free(sets[s].key);
                fse_sb_free(&k);
                c->err = HPDF_GetError(c->pdf);
                longjmp(c->jb, 1);
            }
            sets[nsets].key = fse_xstrdup(k.s);
            sets[nsets++].dict = shared;
        }
        /* the page's own dictionary is freed by the replacement: forget
         * libharu's shortcuts into it (only drawing calls use them) */
        HPDF_PageAttr attr = (HPDF_PageAttr)p->attr;
        attr->fonts = attr->xobjects = attr->ext_gstates = NULL;
        if (HPDF_Dict_Add(p, "Resources", shared) != HPDF_OK) {
            for (size_t s = 0; s < nsets; s++) free(sets[s].key);
            fse_sb_free(&k);
            c->err = HPDF_GetError(c->pdf);
            longjmp(c->jb, 1);
        }
    }
    for (size_t s = 0; s < nsets; s++) free(sets[s].key);
    fse_sb_free(&k);
}
