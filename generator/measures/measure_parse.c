/* measure_parse.c — parser of the measure grammar of measure.h.
 *
 * A hand-written recursive-descent parser over the expression text; words
 * are ASCII [A-Za-z0-9_], values are free text (accents allowed) ending at a
 * keyword boundary, or "quoted". Keywords (count, where, and, of, in, is…)
 * match in any case; dataset and field names do not. Errors carry the
 * 1-based column.
 */
#include "measures/measure.h"
#include "common/text.h"
#include "common/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *s;
    size_t i;
    const fse_templates *lists;
    char *err;
    size_t errlen;
    int col;
    bool failed;
} parser;

static void fail(parser *p, const char *fmt, const char *arg)
{
    if (p->failed) return;
    p->failed = true;
    p->col = (int)p->i + 1;
    snprintf(p->err, p->errlen, fmt, arg ? arg : "");
}

/* Fail pointing at byte at (the start of the offending token). */
static void fail_at(parser *p, size_t at, const char *fmt, const char *arg)
{
    if (!p->failed) p->i = at;
    fail(p, fmt, arg);
}

static void skip(parser *p)
{
    while (p->s[p->i] == ' ' || p->s[p->i] == '\t') p->i++;
}

static bool is_word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Read a word; returns owned string or NULL (no word here). */
static char *word(parser *p)
{
    skip(p);
    size_t b = p->i;
    while (is_word_char(p->s[p->i])) p->i++;
    return p->i > b ? fse_xstrndup(p->s + b, p->i - b) : NULL;
}

/* Consume keyword kw if present: a word keyword as a whole word, in any
 * case ("and", "AND", "And"). */
static bool accept(parser *p, const char *kw)
{
    skip(p);
    size_t n = strlen(kw);
    bool word_kw = is_word_char(kw[0]);
    if (word_kw ? strncasecmp(p->s + p->i, kw, n) : strncmp(p->s + p->i, kw, n)) return false;
    if (word_kw && is_word_char(p->s[p->i + n])) return false;
    p->i += n;
    return true;
}

static bool ends_value(char c)
{
    return !c || c == ',' || c == ')' || c == ']' || c == '+';
}

/* Does an unquoted value end at byte i? It ends before ',' ')' ']' '+', the
 * end, and the word "and" in any case after a blank (followed by a blank or
 * one of those), so that "x = A and" is a dangling and, not the value "A and". */
static bool at_keyword(const parser *p, size_t i)
{
    const char *s = p->s + i;
    if (ends_value(*s)) return true;
    return i > 0 && (s[-1] == ' ' || s[-1] == '\t') && !strncasecmp(s, "and", 3)
           && (s[3] == ' ' || s[3] == '\t' || ends_value(s[3]));
}

/* A VALUE: "quoted" or text up to a keyword boundary; owned, trimmed. */
static char *value(parser *p)
{
    skip(p);
    if (p->s[p->i] == '"') {
        size_t b = ++p->i;
        while (p->s[p->i] && p->s[p->i] != '"') p->i++;
        if (!p->s[p->i]) { fail(p, "valeur entre guillemets non fermée", NULL); return NULL; }
        char *v = fse_xstrndup(p->s + b, p->i - b);
        p->i++;
        return v;
    }
    size_t b = p->i;
    while (p->s[p->i] && !at_keyword(p, p->i)) p->i++;
    char *v = fse_trim(fse_xstrndup(p->s + b, p->i - b));
    if (!*v) { free(v); fail(p, "une valeur est attendue ici", NULL); return NULL; }
    return v;
}

static int field_of(parser *p, const fse_dataset_def *def, const char *name, size_t at)
{
    int f = fse_field_index(def, name);
    if (f < 0) {
        char *msg = fse_xasprintf("champ inconnu « %s » du jeu de données %s", name, def->name);
        fail_at(p, at, "%s", msg);
        free(msg);
    }
    return f;
}

static const fse_dataset_def *dataset(parser *p)
{
    skip(p);
    size_t at = p->i;
    char *w = word(p);
    if (!w) { fail(p, "un nom de jeu de données est attendu ici", NULL); return NULL; }
    const fse_dataset_def *def = fse_dataset_find(w);
    if (!def) fail_at(p, at, "jeu de données inconnu « %s »", w);
    free(w);
    return def;
}

static void conds(parser *p, const fse_dataset_def *def, fse_cond **out, size_t *n, const char *after);

static void cond_free(fse_cond *c)
{
    free(c->field); free(c->value); free(c->vkey); free(c->written);
    for (size_t i = 0; i < c->nkeys; i++) free(c->keys[i]);
    free(c->keys);
    if (c->sub) {
        for (size_t i = 0; i < c->sub->nconds; i++) cond_free(&c->sub->conds[i]);
        free(c->sub->conds);
        free(c->sub);
    }
}

static void add_key(fse_cond *c, const char *v)
{
    c->keys = fse_xrealloc(c->keys, (c->nkeys + 1) * sizeof *c->keys);
    c->keys[c->nkeys++] = fse_norm_key(v);
}

static bool number(parser *p, double *out)
{
    skip(p);
    char *end;
    *out = strtod(p->s + p->i, &end);
    if (end == p->s + p->i) { fail(p, "un nombre est attendu ici", NULL); return false; }
    p->i = (size_t)(end - p->s);
    return true;
}

/* A condition; after is the keyword before it ("where", "and" or "[") for
 * the message when the field name is missing. */
static void cond(parser *p, const fse_dataset_def *def, fse_cond *c, const char *after)
{
    memset(c, 0, sizeof *c);
    skip(p);
    size_t fat = p->i;
    c->field = word(p);
    if (!c->field) { fail(p, "un nom de champ est attendu après %s", after); return; }
    c->fidx = field_of(p, def, c->field, fat);
    if (p->failed) return;
    skip(p);
    static const struct { const char *tok; fse_op op; } ops[] = {
        { "!=", FSE_OP_NE }, { "^=", FSE_OP_PREFIX }, { "<=", FSE_OP_LE }, { ">=", FSE_OP_GE },
        { "=", FSE_OP_EQ }, { "<", FSE_OP_LT }, { ">", FSE_OP_GT },
    };
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        if (!strncmp(p->s + p->i, ops[k].tok, strlen(ops[k].tok))) {
            p->i += strlen(ops[k].tok);
            c->op = ops[k].op;
            if (c->op >= FSE_OP_LT) { number(p, &c->vnum); return; }
            c->value = value(p);
            if (c->value) c->vkey = fse_norm_key(c->value);
            return;
        }
    }
    if (accept(p, "is")) {
        if (accept(p, "filled")) c->op = FSE_OP_FILLED;
        else if (accept(p, "empty")) c->op = FSE_OP_EMPTY;
        else fail(p, "« filled » ou « empty » attendu après « is »", NULL);
        return;
    }
    if (!accept(p, "in")) { fail(p, "opérateur attendu (= != ^= < <= > >= in is)", NULL); return; }
    skip(p);
    size_t lat = p->i;
    if (accept(p, "(")) {
        c->op = FSE_OP_IN_LIST;
        do {
            char *v = value(p);
            if (!v) return;
            add_key(c, v);
            free(v);
        } while (accept(p, ","));
        if (!accept(p, ")")) { fail(p, "« ) » attendu", NULL); return; }
        c->written = fse_xstrndup(p->s + lat, p->i - lat);
        return;
    }
    if (p->s[p->i] == '@') {
        size_t at = p->i++;
        char *name = word(p);
        const fse_list *l = name && p->lists ? fse_list_find(p->lists, name) : NULL;
        if (!l) { fail_at(p, at, "liste inconnue @%s (templates/listes.ini)", name); free(name); return; }
        c->written = fse_xasprintf("@%s", name);
        free(name);
        c->op = FSE_OP_IN_LIST;
        for (size_t k = 0; k < l->n; k++) add_key(c, l->values[k]);
        return;
    }
    if (accept(p, "period")) {
        if (def->fields[c->fidx].type != FSE_FT_DATE && def->fields[c->fidx].type != FSE_FT_MONTH)
            fail_at(p, fat, "« %s in period » demande un champ date", c->field);
        c->op = FSE_OP_IN_PERIOD;
        return;
    }
    c->op = FSE_OP_IN_SET;
    c->sub = fse_xcalloc(1, sizeof *c->sub);
    c->sub->def = dataset(p);
    if (p->failed) return;
    if (accept(p, "[")) {
        conds(p, c->sub->def, &c->sub->conds, &c->sub->nconds, "[");
        if (p->failed) return;
        if (!accept(p, "]")) { fail(p, "« ] » attendu", NULL); return; }
    }
    if (!accept(p, ".")) { fail(p, "« .champ » attendu après le jeu de données", NULL); return; }
    skip(p);
    size_t sat = p->i;
    char *f = word(p);
    if (!f) { fail(p, "un nom de champ est attendu ici", NULL); return; }
    c->sub->fidx = field_of(p, c->sub->def, f, sat);
    free(f);
}

static void conds(parser *p, const fse_dataset_def *def, fse_cond **out, size_t *n, const char *after)
{
    size_t cap = 0;
    do {
        fse_cond c;
        cond(p, def, &c, after);
        FSE_PUSH(*out, *n, cap, c);
        if (p->failed) return;
        after = "and";
    } while (accept(p, "and"));
}

static void term(parser *p, fse_term *t)
{
    memset(t, 0, sizeof *t);
    t->fidx = -1;
    t->period_fidx = -2;
    char *field = NULL;
    size_t fat = 0;
    if (accept(p, "count")) {
        t->agg = FSE_AGG_COUNT;
    } else if (accept(p, "distinct") || accept(p, "sum")) {
        t->agg = tolower((unsigned char)p->s[p->i - 1]) == 't' ? FSE_AGG_DISTINCT : FSE_AGG_SUM;
        skip(p);
        fat = p->i;
        field = word(p);
        if (!field) { fail(p, "un nom de champ est attendu ici", NULL); return; }
        if (!accept(p, "of")) { free(field); fail(p, "« of » attendu", NULL); return; }
    } else {
        fail(p, "count, distinct ou sum attendu", NULL);
        return;
    }
    t->def = dataset(p);
    if (!p->failed && field) {
        t->fidx = field_of(p, t->def, field, fat);
        if (!p->failed && t->agg == FSE_AGG_SUM && t->def->fields[t->fidx].type != FSE_FT_NUMBER)
            fail_at(p, fat, "sum demande un champ numérique, « %s » n'en est pas un", field);
    }
    free(field);
    if (!p->failed && accept(p, "where")) conds(p, t->def, &t->conds, &t->nconds, "where");
}

fse_measure *fse_measure_parse(const char *text, const fse_templates *lists,
                               char *err, size_t errlen, int *col)
{
    parser p = { .s = text, .lists = lists, .err = err, .errlen = errlen };
    fse_measure *m = fse_xcalloc(1, sizeof *m);
    m->text = fse_xstrdup(text);
    size_t cap = 0;
    do {
        fse_term t;
        term(&p, &t);
        FSE_PUSH(m->terms, m->nterms, cap, t);
    } while (!p.failed && accept(&p, "+"));
    skip(&p);
    if (!p.failed && p.s[p.i]) fail(&p, "texte inattendu « %s »", p.s + p.i);
    if (p.failed) {
        if (col) *col = p.col;
        fse_measure_free(m);
        return NULL;
    }
    return m;
}

int fse_measure_set_period_field(fse_measure *m, const char *field)
{
    for (size_t i = 0; i < m->nterms; i++) {
        if (!strcmp(field, "aucune")) { m->terms[i].period_fidx = -1; continue; }
        int f = fse_field_index(m->terms[i].def, field);
        if (f < 0 || m->terms[i].def->fields[f].type != FSE_FT_DATE) return -1;
        m->terms[i].period_fidx = f;
    }
    return 0;
}

void fse_measure_free(fse_measure *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nterms; i++) {
        for (size_t k = 0; k < m->terms[i].nconds; k++) cond_free(&m->terms[i].conds[k]);
        free(m->terms[i].conds);
    }
    free(m->terms);
    free(m->text);
    free(m);
}
