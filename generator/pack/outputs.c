/* outputs.c — see outputs.h. */
#include "pack/outputs.h"
#include "common/util.h"
#include "ingest/values.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fse_format_plain(double v, int decimals, char *buf, size_t len)
{
    double scale = pow(10, decimals);
    double r = round(v * scale) / scale;
    if (r == 0) r = 0;  /* no "-0" */
    snprintf(buf, len, "%.*f", decimals, r);
    char *dot = strchr(buf, '.');
    if (!dot) return;
    char *end = buf + strlen(buf) - 1;
    while (end > dot && *end == '0') *end-- = 0;
    if (end == dot) *end = 0;
}

/* CSV field: quoted when it holds ';', '"' or a line break. */
static void csv_field(FILE *f, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ";\"\r\n")) { fputs(s, f); return; }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int fse_write_indicateurs(const char *path, const fse_figures *fg, const fse_period *p)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    char debut[11], fin[11];
    fse_format_iso(p->debut, debut);
    fse_format_iso(p->fin, fin);
    fputs("fiche;volet;indicateur;libelle;debut;fin;valeur;cible;taux\n", f);
    for (size_t i = 0; i < fg->n; i++) {
        const fse_figure *x = &fg->figs[i];
        char val[48], cible[48] = "", taux[48] = "";
        fse_format_plain(x->res.value, 2, val, sizeof val);
        if (x->has_cible) {
            fse_format_plain(x->cible, 2, cible, sizeof cible);
            if (x->cible > 0) fse_format_plain(x->res.value / x->cible, 4, taux, sizeof taux);
        }
        csv_field(f, fg->fiche->id); fputc(';', f);
        csv_field(f, x->ind->volet); fputc(';', f);
        csv_field(f, x->ind->id); fputc(';', f);
        csv_field(f, x->ind->libelle);
        fprintf(f, ";%s;%s;%s;%s;%s\n", debut, fin, val, cible, taux);
    }
    return (ferror(f) | fclose(f)) ? -1 : 0;  /* a short write (ENOSPC) is an error */
}

/* s without the leading "dir/", or NULL when s is not below dir. */
static const char *below(const char *s, const char *dir)
{
    size_t n = dir ? strlen(dir) : 0;
    if (!n || strcmp(dir, ".") == 0) return NULL;
    return !strncmp(s, dir, n) && s[n] == '/' ? s + n + 1 : NULL;
}

int fse_write_controles(const char *path, const fse_diags *d, const char *job_dir, const char *tpl_dir)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("severite;regle;fichier;ligne;message\n", f);
    for (size_t i = 0; i < d->n; i++) {
        const fse_controle *c = &d->items[i];
        fprintf(f, "%s;", fse_severity_name(c->sev));
        csv_field(f, c->rule); fputc(';', f);
        const char *rel = c->file ? below(c->file, job_dir) : NULL;
        const char *tpl = c->file && !rel ? below(c->file, tpl_dir) : NULL;
        if (tpl) fprintf(f, "templates/");
        /* "file[sheet]" (XLSX): the file in its column, the sheet in the message */
        const char *file = rel ? rel : tpl ? tpl : c->file;
        const char *br = file ? strrchr(file, '[') : NULL;
        char *plain = br && file[strlen(file) - 1] == ']' ? fse_xstrndup(file, (size_t)(br - file)) : NULL;
        csv_field(f, plain ? plain : file); fputc(';', f);
        if (c->line > 0) fprintf(f, "%ld", c->line);
        fputc(';', f);
        if (plain) {
            char *msg = fse_xasprintf("feuille %.*s : %s", (int)(strlen(br) - 2), br + 1, c->message);
            csv_field(f, msg);
            free(msg);
        } else {
            csv_field(f, c->message);
        }
        free(plain);
        fputc('\n', f);
    }
    return (ferror(f) | fclose(f)) ? -1 : 0;  /* a short write (ENOSPC) is an error */
}

/* Path of an input relative to the job's folder when it lies below it. */
static const char *relative(const fse_job *job, const char *path)
{
    size_t n = strlen(job->dir);
    if (strcmp(job->dir, ".") && !strncmp(path, job->dir, n) && path[n] == '/') return path + n + 1;
    return path;
}

int fse_write_manifest(const char *path, const fse_job *job, const fse_period *p,
                       const char *fiche_id, fse_datasets_t *data, const fse_pack *pk,
                       const char *generated, const char *const *missing, size_t nmissing)
{
    char debut[11], fin[11];
    fse_format_iso(p->debut, debut);
    fse_format_iso(p->fin, fin);
    json_t *root = json_object();
    json_object_set_new(root, "generateur", json_pack("{s:s, s:s}", "nom", "fsepack", "version", FSE_VERSION));
    int gd, gm, gy;
    char iso[16] = "";
    if (sscanf(generated, "%d/%d/%d", &gd, &gm, &gy) == 3) snprintf(iso, sizeof iso, "%04d-%02d-%02d", gy, gm, gd);
    json_object_set_new(root, "genere_le", json_string(iso));
    const fse_fiche_cfg *fc = fse_job_fiche(job, fiche_id);
    const char *conf[] = { "complet", "initiales", "pseudonyme" };
    json_t *params = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:f}",
                               "job", relative(job, job->path), "plie", job->plie_nom ? job->plie_nom : "",
                               "fiche", fiche_id, "periode", "libelle", p->label, "debut", debut, "fin", fin,
                               "confidentialite", conf[job->confidentialite],
                               "heures_par_etp", job->heures_par_etp);
    if (fc && fc->dossier_mdfse) json_object_set_new(params, "dossier_mdfse", json_string(fc->dossier_mdfse));
    json_t *etp = json_object();
    for (size_t i = 0; fc && i < fc->netp; i++) json_object_set_new(etp, fc->etp_volets[i], json_real(fc->etp[i]));
    json_object_set_new(params, "etp", etp);
    json_object_set_new(root, "parametres", params);
    json_t *inputs = json_array();
    for (size_t i = 0; i < data->n; i++) {
        const fse_dataset *ds = &data->sets[i];
        for (size_t s = 0; s < ds->nsrcs; s++) {
            const fse_source_info *in = &ds->srcs[s];
            json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s}", "jeu", ds->def->name,
                                  "chemin", relative(job, in->path), "taille", (json_int_t)in->size,
                                  "sha256", in->sha256, "encodage", in->encoding ? in->encoding : "");
            if (in->sheet) json_object_set_new(o, "feuille", json_string(in->sheet));
            if (in->delimiter) {
                char sep[2] = { in->delimiter, 0 };
                json_object_set_new(o, "separateur", json_string(in->delimiter == '\t' ? "\\t" : sep));
            }
            json_object_set_new(o, "ligne_entete", json_integer(in->header_line));
            json_object_set_new(o, "lignes_lues", json_integer((json_int_t)in->rows_read));
            json_object_set_new(o, "lignes_avec_valeur_rejetee", json_integer((json_int_t)in->rows_rejected));
            json_object_set_new(o, "lignes_ignorees", json_integer((json_int_t)in->rows_skipped));
            json_array_append_new(inputs, o);
        }
    }
    json_object_set_new(root, "entrees", inputs);
    json_t *outputs = json_array();
    for (size_t i = 0; i < pk->nfiles; i++) {
        const fse_pack_file *o = &pk->files[i];
        json_t *j = json_pack("{s:s, s:s, s:I}", "chemin", o->name, "sha256", o->sha256, "taille", (json_int_t)o->size);
        if (o->piece) json_object_set_new(j, "piece", json_string(o->piece));
        if (o->pages) json_object_set_new(j, "pages", json_integer(o->pages));
        json_array_append_new(outputs, j);
    }
    json_object_set_new(root, "sorties", outputs);
    json_t *miss = json_array();
    for (size_t i = 0; i < nmissing; i++) json_array_append_new(miss, json_string(missing[i]));
    json_object_set_new(root, "pieces_non_produites", miss);
    int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return rc ? -1 : 0;
}
