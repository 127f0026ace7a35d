/* templates.c — see templates.h. */
#include "config/templates.h"
#include "config/ini_file.h"
#include "common/text.h"
#include "common/util.h"
#include "datasets/schema.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int has_file(const char *dir, const char *name)
{
    char *p = fse_xasprintf("%s/%s", dir, name);
    struct stat st;
    int ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return ok;
}

int fse_templates_find(char **dir)
{
    const char *env = getenv("FSEPACK_TEMPLATES");
    if (env && *env) {
        if (!has_file(env, "colonnes.ini")) return -1;
        *dir = fse_xstrdup(env);
        return 0;
    }
    /* beside the executable: build/fsepack -> templates/ of the checkout;
     * $PREFIX/bin/fsepack -> $PREFIX/share/fsepack/templates (make install) */
    static const char *const rel[] = { "../templates", "../share/fsepack/templates" };
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = 0, strrchr(exe, '/')) : NULL;
    if (slash) {
        *slash = 0;
        for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
            char *cand = fse_xasprintf("%s/%s", exe, rel[i]);
            char real[PATH_MAX];
            if (has_file(cand, "colonnes.ini") && realpath(cand, real)) {
                free(cand);
                *dir = fse_xstrdup(real);
                return 0;
            }
            free(cand);
        }
    }
#ifdef FSE_TEMPLATES_DIR
    /* a packager's choice: cc -DFSE_TEMPLATES_DIR='"/opt/x/templates"' */
    if (has_file(FSE_TEMPLATES_DIR, "colonnes.ini")) {
        *dir = fse_xstrdup(FSE_TEMPLATES_DIR);
        return 0;
    }
#endif
    if (has_file("/usr/share/fsepack/templates", "colonnes.ini")) {
        *dir = fse_xstrdup("/usr/share/fsepack/templates");
        return 0;
    }
    return -1;
}

size_t fse_split_bar(const char *s, char ***out)
{
    size_t n = 0, cap = 0;
    char **arr = NULL;
    const char *p = s;
    while (p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char *part = fse_trim(fse_xstrndup(p, len));
        if (*part) FSE_PUSH(arr, n, cap, part);
        else free(part);
        p = bar ? bar + 1 : NULL;
    }
    *out = arr;
    return n;
}

int fse_alias_add(fse_alias **arr, size_t *n, size_t *cap, const char *dataset,
                  const char *field, const char *header)
{
    const fse_dataset_def *def = fse_dataset_find(dataset);
    if (!def || fse_field_index(def, field) < 0) return -1;
    fse_alias a = { fse_xstrdup(dataset), fse_xstrdup(field), fse_norm_key(header), fse_xstrdup(header) };
    fse_grow((void **)arr, cap, *n + 1, sizeof **arr);
    (*arr)[(*n)++] = a;
    return 0;
}

typedef struct { fse_templates *t; const char *path; fse_diags *d; } load_ctx;

static int on_alias(void *user, const char *section, const char *name, const char *value, long line)
{
    load_ctx *c = user;
    if (!name) return 1;
    const fse_dataset_def *def = fse_dataset_find(section);
    if (!def) {
        fse_diag(c->d, FSE_SEV_ERROR, "config", c->path, line, 1, "jeu de données inconnu [%s]", section);
        return 0;
    }
    if (fse_field_index(def, name) < 0) {
        fse_diag(c->d, FSE_SEV_ERROR, "config", c->path, line, 1,
                 "champ inconnu « %s » du jeu de données %s", name, section);
        return 0;
    }
    char **parts;
    size_t np = fse_split_bar(value, &parts);
    int ok = 1;
    for (size_t i = 0; i < np; i++) {
        char *key = fse_norm_key(parts[i]);
        for (size_t j = 0; j < c->t->naliases; j++) {
            fse_alias *a = &c->t->aliases[j];
            if (!strcmp(a->dataset, section) && !strcmp(a->key, key) && strcmp(a->field, name)) {
                fse_diag(c->d, FSE_SEV_ERROR, "config", c->path, line, 1,
                         "l'en-tête « %s » de [%s] désigne déjà le champ %s", parts[i], section, a->field);
                ok = 0;
            }
        }
        free(key);
        if (ok) fse_alias_add(&c->t->aliases, &c->t->naliases, &c->t->cap_aliases, section, name, parts[i]);
        free(parts[i]);
    }
    free(parts);
    return ok;
}

static int on_list(void *user, const char *section, const char *name, const char *value, long line)
{
    load_ctx *c = user;
    if (!name) return 1;
    if (strcmp(name, "valeurs")) {
        fse_diag(c->d, FSE_SEV_ERROR, "config", c->path, line, 1,
                 "clé inconnue « %s » (une liste n'a que valeurs = a | b | …)", name);
        return 0;
    }
    fse_list *l = NULL;
    for (size_t i = 0; i < c->t->nlists; i++)
        if (!strcmp(c->t->lists[i].name, section)) l = &c->t->lists[i];
    if (!l) {
        fse_grow((void **)&c->t->lists, &c->t->cap_lists, c->t->nlists + 1, sizeof *c->t->lists);
        l = &c->t->lists[c->t->nlists++];
        memset(l, 0, sizeof *l);
        l->name = fse_xstrdup(section);
    }
    char **parts;
    size_t np = fse_split_bar(value, &parts);
    l->values = fse_xrealloc(l->values, (l->n + np) * sizeof *l->values);
    l->keys = fse_xrealloc(l->keys, (l->n + np) * sizeof *l->keys);
    for (size_t i = 0; i < np; i++) {
        l->values[l->n] = parts[i];
        l->keys[l->n++] = fse_norm_key(parts[i]);
    }
    free(parts);
    return 1;
}

int fse_templates_load(fse_templates *t, const char *dir, fse_diags *d)
{
    memset(t, 0, sizeof *t);
    t->dir = fse_xstrdup(dir);
    int worst = 0;
    const char *files[] = { "colonnes.ini", "listes.ini" };
    fse_ini_handler handlers[] = { on_alias, on_list };
    for (int i = 0; i < 2; i++) {
        char *path = fse_xasprintf("%s/%s", dir, files[i]);
        load_ctx c = { t, path, d };
        int rc = fse_ini_parse(path, handlers[i], &c, d);
        if (rc < 0) {
            fse_diag(d, FSE_SEV_ERROR, "config", path, 0, 0, "lecture impossible : %s", fse_strerror(errno));
            worst = -1;
        } else if (rc > 0 && worst == 0) {
            worst = 1;
        }
        free(path);
    }
    return worst;
}

const fse_list *fse_list_find(const fse_templates *t, const char *name)
{
    for (size_t i = 0; i < t->nlists; i++)
        if (!strcmp(t->lists[i].name, name)) return &t->lists[i];
    return NULL;
}

void fse_templates_free(fse_templates *t)
{
    for (size_t i = 0; i < t->naliases; i++) {
        free(t->aliases[i].dataset);
        free(t->aliases[i].field);
        free(t->aliases[i].key);
        free(t->aliases[i].header);
    }
    free(t->aliases);
    for (size_t i = 0; i < t->nlists; i++) {
        for (size_t j = 0; j < t->lists[i].n; j++) {
            free(t->lists[i].values[j]);
            free(t->lists[i].keys[j]);
        }
        free(t->lists[i].values);
        free(t->lists[i].keys);
        free(t->lists[i].name);
    }
    free(t->lists);
    free(t->dir);
    memset(t, 0, sizeof *t);
}
