/* checks.c — see checks.h. */
#include "measures/checks.h"
#include "common/strmap.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"
#include "measures/measure.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARN(rule, ds, row, ...) \
    fse_diag(d, FSE_SEV_WARNING, rule, (ds)->srcs[(row)->src].display, (row)->line, 0, __VA_ARGS__)

bool fse_siret_valid(const char *s)
{
    char digits[15];
    int n = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\xc2' || *s == '\xa0') continue;
        if (!isdigit((unsigned char)*s) || n >= 14) return false;
        digits[n++] = *s;
    }
    if (n != 14) return false;
    bool zeros = true;
    for (int i = 0; i < 14; i++) zeros &= digits[i] == '0';
    if (zeros) return false;  /* a placeholder, not an establishment */
    int sum = 0;
    for (int i = 0; i < 14; i++) {
        int v = digits[i] - '0';
        if (i % 2 == 0) { v *= 2; if (v > 9) v -= 9; }
        sum += v;
    }
    if (sum % 10 == 0) return true;
    if (!strncmp(digits, "356000000", 9)) {  /* La Poste establishments */
        int s2 = 0;
        for (int i = 0; i < 14; i++) s2 += digits[i] - '0';
        return s2 % 5 == 0;
    }
    return false;
}

static int fidx(const fse_dataset *ds, const char *name) { return fse_field_index(ds->def, name); }

static const char *text_of(const fse_row *r, int f) { return f >= 0 && r->v[f].text ? r->v[f].text : ""; }

typedef struct { char *key; size_t row; } keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* A value's text for whole-row comparison: texts are interned per dataset
 * (dataset.h), so two values show the same text exactly when these
 * pointers are equal (NULL for an empty one). */
static const char *same_text(const fse_row *r, size_t f)
{
    const char *t = r->v[f].text;
    return t && *t ? t : NULL;
}

/* Rows of a dataset without duplicate keys that have an identical row
 * (issue 8: found in linear time by hashing the rows' interned texts, where
 * sorting a million whole-row strings took seconds). Returns the indexes of
 * the rows of every group of identical rows (owned), their count in *n. */
static size_t *rows_in_identical_groups(const fse_dataset *ds, size_t *n)
{
    size_t nf = ds->def->nfields, cap = 16;
    while (cap < ds->nrows * 2) cap *= 2;
    /* a slot holds row + 1 (0 = free) and the row's hash: rows are compared
     * only when their hashes are equal, so probing does not read the rows
     * of other slots (a cache miss each; issue 8). Rows < 2^32 (files of at
     * most 512 MiB). */
    struct { uint32_t row, hash; } *slot = fse_xcalloc(cap, sizeof *slot);
    unsigned char *in = fse_xcalloc(ds->nrows + 1, 1);
    size_t count = 0;
    for (size_t i = 0; i < ds->nrows; i++) {
        const fse_row *r = &ds->rows[i];
        uint64_t h = 1469598103934665603ULL;
        for (size_t f = 0; f < nf; f++) h = (h ^ (uint64_t)(uintptr_t)same_text(r, f)) * 1099511628211ULL;
        h ^= h >> 29;
        size_t j = (size_t)h & (cap - 1);
        uint32_t tag = (uint32_t)(h >> 32);
        for (; slot[j].row; j = (j + 1) & (cap - 1)) {
            if (slot[j].hash != tag) continue;
            const fse_row *o = &ds->rows[slot[j].row - 1];
            size_t f = 0;
            while (f < nf && same_text(o, f) == same_text(r, f)) f++;
            if (f == nf) break;
        }
        if (!slot[j].row) { slot[j].row = (uint32_t)(i + 1); slot[j].hash = tag; continue; }
        if (!in[slot[j].row - 1]) { in[slot[j].row - 1] = 1; count++; }
        in[i] = 1;
        count++;
    }
    size_t *out = fse_xmalloc((count ? count : 1) * sizeof *out), m = 0;
    for (size_t i = 0; i < ds->nrows; i++)
        if (in[i]) out[m++] = i;
    free(slot);
    free(in);
    *n = m;
    return out;
}

/* Rows with the same key: the dataset's duplicate keys when it has some
 * (FICHES.md: they count once), else the whole row. Reported in the order of
 * the sorted keys. */
static void check_duplicates(fse_dataset *ds, fse_diags *d)
{
    bool has_keys = ds->def->keys[0] != NULL;
    size_t nrows = ds->nrows, *which = NULL;
    if (!has_keys) which = rows_in_identical_groups(ds, &nrows);  /* the others are never reported */
    keyed *k = fse_xcalloc(nrows ? nrows : 1, sizeof *k);
    size_t nk = 0;
    for (size_t ri = 0; ri < nrows; ri++) {
        size_t i = which ? which[ri] : ri;
        const fse_row *r = &ds->rows[i];
        char *key;
        if (has_keys) {
            key = fse_row_dup_key(ds, r);  /* the figures' own key: NULL never repeats */
            if (!key) continue;
        } else {
            fse_sb b = {0};
            for (size_t f = 0; f < ds->def->nfields; f++) {
                fse_sb_adds(&b, text_of(r, (int)f));
                fse_sb_addc(&b, '\x1f');
            }
            key = fse_sb_take(&b);
        }
        k[nk].key = key;
        k[nk++].row = i;
    }
    free(which);
    if (nk) qsort(k, nk, sizeof *k, cmp_keyed);
    size_t first = 0;
    for (size_t i = 0; i < nk; i++) {
        if (i && !strcmp(k[i].key, k[i - 1].key)) {
            const fse_row *r = &ds->rows[k[i].row], *o = &ds->rows[k[first].row];
            char other[600];  /* "line 9", or "heures.csv:9" when the first is in another file */
            if (o->src == r->src) snprintf(other, sizeof other, "ligne %ld", o->line);
            else fse_row_where(ds, o, other, sizeof other);
            if (has_keys)
                WARN("doublon", ds, r, "%s : doublon de %s sur (%s%s%s%s%s) : compté une fois",
                     ds->def->name, other, ds->def->keys[0], ds->def->keys[1] ? ", " : "",
                     ds->def->keys[1] ? ds->def->keys[1] : "", ds->def->keys[2] ? ", " : "",
                     ds->def->keys[2] ? ds->def->keys[2] : "");
            else
                WARN("doublon", ds, r, "%s : mêmes valeurs que %s (compté tel quel : vérifiez l'export)",
                     ds->def->name, other);
        } else {
            first = i;
        }
    }
    for (size_t i = 0; i < nk; i++) free(k[i].key);
    free(k);
}

/* A criterion that says there is none ("Aucun", "Non", "-", "?", "N/A"). */
static bool critere_says_none(const char *s)
{
    static const char *const none[] = { "", "aucun", "aucune", "non", "sans", "na", "nc", "0", "neant" };
    char *k = fse_norm_key(s);
    bool r = false;
    for (size_t i = 0; i < sizeof none / sizeof none[0] && !r; i++) r = !strcmp(k, none[i]);
    free(k);
    return r;
}

/* critere_says_none of an interned text (dataset.h: equal texts share one
 * pointer), remembered by pointer: a criterion column holds a handful of
 * texts over a million rows, and fse_norm_key allocates (issue 8). */
typedef struct { const char *text; bool none; } critere_memo;

static bool critere_none_memo(critere_memo memo[64], const char *s)
{
    critere_memo *e = &memo[((uintptr_t)s >> 4) & 63];
    if (e->text != s) *e = (critere_memo){ s, critere_says_none(s) };
    return e->none;
}

/* The hours of one participant in one month (check_heures). */
typedef struct {
    const char *pid;    /* interned participant text, NULL when empty */
    double sum;         /* hours, added in row order */
    uint32_t first;     /* first row of the group (a dataset has < 2^32 rows:
                           its files are at most 512 MiB, csv_reader.h) */
    int32_t month;      /* (int) days of the month's first day */
} pm_group;

typedef struct { char *key; size_t g; } pm_keyed;

static int cmp_pm_keyed(const void *a, const void *b)
{
    return strcmp(((const pm_keyed *)a)->key, ((const pm_keyed *)b)->key);
}

/* in: fse_rows_in_period of ds (heures). */
static void check_heures(fse_dataset *ds, const bool *in, fse_diags *d)
{
    int fh = fidx(ds, "heures"), fc = fidx(ds, "critere"), fp = fidx(ds, "participant_id"), fm = fidx(ds, "mois");
    /* participant × month groups in a hash table keyed by the interned
     * participant pointer and the month (issue 8: was a formatted string per
     * row, all sorted: 0.4 s at 1 M rows). Sums are added in row order, as
     * before, and the groups over 200 h are reported in the order of their
     * former "participant\x1fmonth" string keys, at their first row. */
    size_t cap = 16, ng = 0, nsum = 0;
    for (size_t i = 0; i < ds->nrows; i++)   /* the rows summed: sizes the table (a third at 1 M rows) */
        nsum += in[i] && ds->rows[i].v[fh].state == FSE_VAL_OK && ds->rows[i].v[fm].state == FSE_VAL_OK;
    while (cap < nsum * 2) cap *= 2;
    pm_group *g = fse_xmalloc((nsum ? nsum : 1) * sizeof *g);
    uint32_t *slot = fse_xcalloc(cap, sizeof *slot);    /* group + 1, 0 = free */
    critere_memo memo[64] = {{0}};
    double regul = 0;
    size_t nregul = 0;
    for (size_t i = 0; i < ds->nrows; i++) {
        const fse_row *r = &ds->rows[i];
        const fse_value *h = &r->v[fh];
        bool inp = in[i];
        if (inp && r->v[fc].state == FSE_VAL_OK && critere_none_memo(memo, r->v[fc].text))
            WARN("critere-douteux", ds, r, "le critère d'éligibilité « %s » se lit comme une absence de critère, or tout critère renseigné "
                 "est compté (FICHES.md) : corrigez-le ou videz-le", r->v[fc].text);
        if (inp && r->v[fc].state == FSE_VAL_EMPTY && h->state == FSE_VAL_OK) {
            char hv[48];   /* the value read, with a comma: an XLSX cell's text is "52.5" */
            WARN("heures-sans-critere", ds, r, "%s h de %s sans critère d'éligibilité : non comptées, "
                 "à régulariser", fse_decimal_fr(h->num, hv, sizeof hv), text_of(r, fp));
            regul += h->num;
            nregul++;
        }
        if (h->state == FSE_VAL_OK && r->v[fm].state == FSE_VAL_OK && inp) {
            const char *pid = r->v[fp].text && *r->v[fp].text ? r->v[fp].text : NULL;
            int month = (int)r->v[fm].num;
            uint64_t k = ((uint64_t)(uintptr_t)pid ^ (uint64_t)(uint32_t)month * 0x9E3779B97F4A7C15ULL)
                         * 0xFF51AFD7ED558CCDULL;
            size_t j = (size_t)(k ^ (k >> 29)) & (cap - 1);
            while (slot[j] && (g[slot[j] - 1].pid != pid || g[slot[j] - 1].month != month)) j = (j + 1) & (cap - 1);
            if (!slot[j]) {
                g[ng++] = (pm_group){ pid, 0, (uint32_t)i, month };
                slot[j] = (uint32_t)ng;
            }
            g[slot[j] - 1].sum += ds->rows[i].v[fh].num;
        }
    }
    free(slot);
    if (nregul)
    {
        char h[48];
        fse_decimal_fr(regul, h, sizeof h);  /* as the rows' own "151,67 h" */
        fse_diag(d, FSE_SEV_WARNING, "heures-sans-critere", ds->srcs[0].display, 0, 0,
                 "%zu ligne%s de la période, %s h en tout, sans critère d'éligibilité : "
                 "%s exclue%s des indicateurs jusqu'à régularisation", nregul, fse_pluriel(nregul), h,
                 nregul > 1 ? "elles sont" : "elle est", fse_pluriel(nregul));
    }
    pm_keyed *over = NULL;
    size_t nover = 0, over_cap = 0;
    for (size_t i = 0; i < ng; i++)
        if (g[i].sum > 200)
            FSE_PUSH(over, nover, over_cap, ((pm_keyed){ fse_xasprintf("%s\x1f%d", g[i].pid ? g[i].pid : "",
                                                                                   g[i].month), i }));
    if (nover) qsort(over, nover, sizeof *over, cmp_pm_keyed);
    for (size_t i = 0; i < nover; i++) {
        const pm_group *e = &g[over[i].g];
        const fse_row *r = &ds->rows[e->first];
        char m[11], hs[32];
        fse_format_fr((int32_t)r->v[fm].num, m);
        WARN("heures-excessives", ds, r, "%s a %s h dans le mois %s (plus de 200 h)",
             text_of(r, fp), fse_decimal_fr(e->sum, hs, sizeof hs), m + 3);
        free(over[i].key);
    }
    free(over);
    free(g);
}

/* Keys (normalised) of field f over all rows of ds. */
static void key_set(fse_dataset *ds, const char *field, fse_strset *out)
{
    int f = fidx(ds, field);
    for (size_t i = 0; i < ds->nrows; i++)
        if (ds->rows[i].v[f].text) fse_strset_add_owned(out, fse_norm_key(ds->rows[i].v[f].text));
    fse_strset_freeze(out);
}

/* Rows of ds whose field refers to nothing in the set. */
static void check_refs(fse_dataset *ds, const char *field, const fse_strset *known, const char *rule,
                       const char *what, fse_diags *d)
{
    int f = fidx(ds, field);
    for (size_t i = 0; i < ds->nrows; i++) {
        const fse_row *r = &ds->rows[i];
        if (!r->v[f].text) continue;
        char *k = fse_norm_key(r->v[f].text);
        if (!fse_strset_has(known, k)) WARN(rule, ds, r, "%s %s absent(e) de l'export %s", what, r->v[f].text, what);
        free(k);
    }
}

static void check_actions(fse_datasets_t *data, const fse_period *p, fse_diags *d)
{
    fse_dataset *act = fse_datasets_get(data, "actions"), *pres = fse_datasets_get(data, "presences");
    if (!act->loaded || !pres->loaded) return;
    fse_strset with = {0}, known = {0};
    fse_strmap reported = {0};
    key_set(pres, "action_id", &with);
    key_set(act, "action_id", &known);
    int fa = fidx(act, "action_id");
    for (size_t i = 0; i < act->nrows; i++) {
        const fse_row *r = &act->rows[i];
        if (!r->v[fa].text || !fse_row_in_period(data, act, r, p, -2)) continue;
        char *k = fse_norm_key(r->v[fa].text);
        if (!fse_strset_has(&with, k) && !fse_strmap_get(&reported, k)) {
            WARN("action-sans-presence", act, r, "l'action %s (%s) n'a aucune ligne de présence : son émargement "
                 "manque", r->v[fa].text, text_of(r, fidx(act, "type")));
            fse_strmap_put(&reported, k, i);  /* a duplicated action row is reported once */
        }
        free(k);
    }
    check_refs(pres, "action_id", &known, "presence-action-inconnue", "action", d);
    fse_strmap_free(&reported);
    fse_strset_free(&with);
    fse_strset_free(&known);
}

/* in: fse_rows_in_period of ds, NULL for a dataset without period or rows. */
static void check_period(fse_dataset *ds, const bool *in, const fse_period *p, fse_diags *d)
{
    if (ds->def->period == FSE_PERIOD_OVERLAP) {  /* no start: counted as running in every period */
        int fa = fidx(ds, ds->def->date_field);
        for (size_t i = 0; i < ds->nrows; i++)
            if (ds->rows[i].v[fa].state == FSE_VAL_EMPTY)
                WARN("sans-date-de-debut", ds, &ds->rows[i], "%s : pas de %s, la ligne compte donc comme active sur toute "
                     "période : donnez sa date de début", ds->def->name, ds->def->date_field);
    }
    if (!in) return;
    size_t out = 0;
    for (size_t i = 0; i < ds->nrows; i++) out += !in[i];
    /* every row left out, as ranges of consecutive rows of one file ("12-40,
     * 45"), at most RANGES_PER_LINE ranges per controles line: an export
     * sorted by date gives a few lines, an unsorted one stays readable, and
     * each row remains traceable to its file and line */
    enum { RANGES_PER_LINE = 40 };
    fse_sb msg = {0};
    size_t nranges = 0, nrows = 0;
    long first_line = 0;
    uint32_t src = 0;
    for (size_t i = 0; i <= ds->nrows; i++) {
        bool flush = i == ds->nrows || (nranges && (ds->rows[i].src != src || nranges == RANGES_PER_LINE));
        if (flush && nranges) {
            fse_diag(d, FSE_SEV_INFO, "hors-periode", ds->srcs[src].display, first_line, 0,
                     "%s : ligne%s %s hors de la période %s, non comptée%s", ds->def->name,
                     fse_pluriel(nrows), msg.s, p->label, fse_pluriel(nrows));
            msg.len = 0;
            msg.s[0] = 0;
            nranges = nrows = 0;
        }
        if (i == ds->nrows) break;
        if (in[i]) continue;
        size_t j = i + 1;
        while (j < ds->nrows && !in[j] && ds->rows[j].src == ds->rows[i].src) j++;
        if (!nranges) { src = ds->rows[i].src; first_line = ds->rows[i].line; }
        if (j - i == 1) fse_sb_addf(&msg, "%s%ld", nranges ? ", " : "", ds->rows[i].line);
        else fse_sb_addf(&msg, "%s%ld-%ld", nranges ? ", " : "", ds->rows[i].line, ds->rows[j - 1].line);
        nranges++;
        nrows += j - i;
        i = j - 1;
    }
    fse_sb_free(&msg);
    if (out)
        fse_diag(d, FSE_SEV_INFO, "hors-periode", ds->srcs[0].display, 0, 0,
                 "%s : %zu ligne%s sur %zu hors de la période %s, non comptée%s (détail ci-dessus)",
                 ds->def->name, out, fse_pluriel(out), ds->nrows, p->label, fse_pluriel(out));
}

/* A participant who leaves before entering (date_sortie < date_entree): an
 * impossible range, reported (DESIGN §6 "dates impossible"). Marchés and
 * conventions ending before they start are rejected by ingest (source.c),
 * and a date that is no date (31/02, a year before 1900) too (valeur-rejetee). */
static void check_ranges(fse_dataset *ds, fse_diags *d)
{
    if (strcmp(ds->def->name, "participants")) return;
    int fa = fidx(ds, "date_entree"), fb = fidx(ds, "date_sortie");
    for (size_t i = 0; i < ds->nrows; i++) {
        const fse_row *r = &ds->rows[i];
        if (r->v[fa].state == FSE_VAL_OK && r->v[fb].state == FSE_VAL_OK && r->v[fb].num < r->v[fa].num)
            WARN("dates-incoherentes", ds, r, "participant %s : date de sortie (%s) antérieure à la date "
                 "d'entrée (%s) : dates impossibles, à corriger dans l'export",
                 text_of(r, fidx(ds, "participant_id")), r->v[fb].text, r->v[fa].text);
    }
}

/* Hours of ABC Clause's own tableau d'impact against the hours export, by
 * opération (DESIGN §6: "totals of tableau_impact_abc ≠ our totals"): ours
 * are the rows of the hours export in the period, with or without a
 * criterion, as ABC Clause counts them. One warning per opération whose
 * totals differ by more than 0.005 h (an opération missing on one side
 * counts 0 there); rows of the tableau without opération are compared
 * with the grand total only. */
/* heures_in: fse_rows_in_period of heures (NULL without rows). */
static void check_tableau_impact(fse_datasets_t *data, const bool *heures_in, fse_diags *d)
{
    fse_dataset *abc = fse_datasets_get(data, "tableau_impact_abc"), *h = fse_datasets_get(data, "heures");
    if (!abc->loaded || !h->loaded) return;
    typedef struct { char *key; const char *shown; double abc, ours; long line; } op_sum;
    op_sum *ops = NULL;
    size_t nops = 0, cap = 0;
    fse_strmap idx = {0};
    double ta = 0, th = 0;
    for (int side = 0; side < 2; side++) {
        fse_dataset *ds = side ? h : abc;
        int fo = fidx(ds, "operation_id"), fh = fidx(ds, "heures");
        const bool *in = side ? heures_in : NULL;
        for (size_t i = 0; i < ds->nrows; i++) {
            const fse_row *r = &ds->rows[i];
            if ((in && !in[i]) || r->v[fh].state != FSE_VAL_OK) continue;
            double v = r->v[fh].num;
            if (side) th += v; else ta += v;
            if (!r->v[fo].text) continue;
            char *k = fse_id_key(r->v[fo].text);
            size_t *at = fse_strmap_get(&idx, k);
            if (!at) {
                FSE_PUSH(ops, nops, cap, ((op_sum){ k, r->v[fo].text, 0, 0, side ? 0 : r->line }));
                fse_strmap_put(&idx, k, nops - 1);
                at = fse_strmap_get(&idx, k);
            } else {
                free(k);
            }
            if (side) ops[*at].ours += v; else ops[*at].abc += v;
            if (!side && !ops[*at].line) ops[*at].line = r->line;
        }
    }
    size_t ndiff = 0;
    char x[32], y[32], z[32];
    for (size_t i = 0; i < nops; i++) {
        if (fabs(ops[i].abc - ops[i].ours) > 0.005) {
            ndiff++;
            fse_diag(d, FSE_SEV_WARNING, "tableau-impact-ecart", abc->srcs[0].display, ops[i].line, 0,
                     "opération %s : le tableau d'impact d'ABC Clause compte %s h, l'export des heures "
                     "%s h dans la période (écart %s h)", ops[i].shown, fse_decimal_fr(ops[i].abc, x, sizeof x),
                     fse_decimal_fr(ops[i].ours, y, sizeof y), fse_decimal_fr(ops[i].abc - ops[i].ours, z, sizeof z));
        }
        free(ops[i].key);
    }
    if (!ndiff && fabs(ta - th) > 0.005)
        fse_diag(d, FSE_SEV_WARNING, "tableau-impact-ecart", abc->srcs[0].display, 0, 0,
                 "le tableau d'impact d'ABC Clause totalise %s h, l'export des heures %s h dans la "
                 "période (écart %s h)", fse_decimal_fr(ta, x, sizeof x), fse_decimal_fr(th, y, sizeof y),
                 fse_decimal_fr(ta - th, z, sizeof z));
    free(ops);
    fse_strmap_free(&idx);
}

void fse_checks_run(fse_datasets_t *data, const fse_job *job, const fse_period *p, fse_diags *d)
{
    (void)job;
    fse_dataset *h = fse_datasets_get(data, "heures");
    bool *heures_in = NULL;  /* computed once for the three checks that need it */
    for (size_t i = 0; i < data->n; i++) {
        fse_dataset *ds = &data->sets[i];
        if (!ds->loaded) continue;
        bool *in = ds->def->period != FSE_PERIOD_NONE && ds->nrows ? fse_rows_in_period(data, ds, p) : NULL;
        check_period(ds, in, p, d);
        if (ds == h) heures_in = in;
        else free(in);
        check_ranges(ds, d);
        if (strcmp(ds->def->name, "tableau_impact_abc")) check_duplicates(ds, d);
        int fs = fidx(ds, "siret");
        for (size_t r = 0; fs >= 0 && r < ds->nrows; r++) {
            const fse_row *row = &ds->rows[r];
            if (row->v[fs].text && !fse_siret_valid(row->v[fs].text))
                WARN("siret-invalide", ds, row, "SIRET %s de %s invalide (14 chiffres, clé de Luhn)",
                     row->v[fs].text, text_of(row, fidx(ds, "entreprise")));
        }
    }
    if (h->loaded && heures_in) check_heures(h, heures_in, d);
    fse_dataset *mer = fse_datasets_get(data, "mises_en_relation"), *off = fse_datasets_get(data, "offres");
    if (mer->loaded && off->loaded) {
        fse_strset known = {0};
        key_set(off, "offre_id", &known);
        check_refs(mer, "offre_id", &known, "mer-offre-inconnue", "offre", d);
        fse_strset_free(&known);
    }
    check_actions(data, p, d);
    fse_dataset *part = fse_datasets_get(data, "participants");
    int fc = part->loaded ? fidx(part, "contact_renseigne") : -1;
    for (size_t r = 0; fc >= 0 && r < part->nrows; r++) {
        const fse_row *row = &part->rows[r];
        if (row->v[fc].state == FSE_VAL_OK && row->v[fc].num == 0)
            WARN("participant-sans-contact", part, row, "participant %s sans coordonnées",
                 text_of(row, fidx(part, "participant_id")));
    }
    check_tableau_impact(data, heures_in, d);
    free(heures_in);
}
