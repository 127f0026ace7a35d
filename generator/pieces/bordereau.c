/* bordereau.c — the bordereau (pack index): for every indicator of the
 * fiche, its value and target, and for each pièce that justifies it, the
 * files of the pack with their pages and SHA-256; then every file of the
 * pack. An auditor checks a file against it with `sha256sum`.
 *
 * It is numbered 00 but built last, from the files already written
 * (issue "every pièce", §3). A pièce cited by an indicator is listed
 * under it; "Autres pièces de la fiche" holds only the fiche's pièces that
 * no indicator cites, so no pièce is listed twice before the file list.
 */
#include "pieces/pieces.h"
#include "pieces/preuves.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a file without a pièce is, for the "Pièce" column: the data files
 * the pack writes beside the pièces (DESIGN §3). */
static const char *data_file_title(const char *name)
{
    if (!strcmp(name, "indicateurs.csv")) return "Tableau des indicateurs (valeurs, cibles et taux, CSV)";
    if (!strcmp(name, "controles.csv")) return "Contrôles des exports (CSV)";
    return "Fichier de données";
}

/* Is pièce p cited by an indicator of the fiche? */
static bool cited(const fse_piece_ctx *c, const char *p)
{
    for (size_t i = 0; c->figs && i < c->figs->n; i++)
        for (size_t k = 0; k < c->figs->figs[i].ind->npieces; k++)
            if (!strcmp(c->figs->figs[i].ind->pieces[k], p)) return true;
    return false;
}

static void add_files_of(fse_doc_table *t, const char *piece, const fse_piece_file *files, size_t n,
                         size_t first_col)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!files[i].piece || strcmp(files[i].piece, piece)) continue;
        if (any) fse_doc_row(t);
        any = true;
        fse_doc_put_text(t, first_col, files[i].name);
        if (files[i].pages) fse_doc_put_num(t, first_col + 1, files[i].pages);
        fse_doc_put_text(t, first_col + 2, files[i].sha256);
    }
    if (!any) fse_doc_put_text(t, first_col, "non produite (voir controles.csv)");
}

fse_doc *fse_piece_bordereau(const fse_piece_ctx *c, const fse_piece_file *files, size_t n)
{
    fse_doc *d = fse_piece_doc(c, fse_piece_title("bordereau"));
    d->landscape = true;
    const fse_fiche_cfg *fc = fse_job_fiche(c->job, c->fiche->id);
    fse_doc_heading(d, 1, "Opération et période");   /* the page header already gives the title */
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "Opération", c->fiche->titre);
    if (fc && fc->dossier_mdfse) fse_doc_kv_add_id(kv, "Dossier Ma Démarche FSE+", fc->dossier_mdfse);
    char per[48];
    fse_period_text(c->period, per, sizeof per);
    fse_doc_kv_add(kv, "Période", per);
    fse_doc_kv_add(kv, "Contrôle d'intégrité", "sha256sum -c SHA256SUMS dans le dossier du pack");

    fse_doc_table *t = fse_doc_table_add(d, "Indicateurs et pièces justificatives", "Indicateurs");
    fse_doc_col(t, "Indicateur", FSE_COL_TEXT, 2.4, 0);
    fse_doc_col(t, "Valeur", FSE_COL_NUMBER, 0.8, FSE_DEC_AUTO);
    fse_doc_col(t, "Cible", FSE_COL_NUMBER, 0.8, FSE_DEC_AUTO);
    fse_doc_col(t, "Lignes de preuve", FSE_COL_TEXT, 1.9, 0);
    fse_doc_col(t, "Pièce", FSE_COL_TEXT, 1.6, 0);
    fse_doc_col(t, "Fichier", FSE_COL_ID, 1.7, 0);
    fse_doc_col(t, "Pages", FSE_COL_INTEGER, 0.5, 0);
    fse_doc_col(t, "SHA-256", FSE_COL_ID, 3.2, 0);
    fse_doc_col_whole(t);
    for (size_t i = 0; c->figs && i < c->figs->n; i++) {
        const fse_figure *x = &c->figs->figs[i];
        const fse_indicateur *ind = x->ind;
        size_t np = ind->npieces ? ind->npieces : 1;
        for (size_t p = 0; p < np; p++) {
            fse_doc_row(t);
            if (p == 0) {
                char *label = fse_xasprintf("%s — %s", ind->id, ind->libelle ? ind->libelle : "");
                fse_doc_put_text(t, 0, label);
                free(label);
                fse_doc_put_num(t, 1, x->res.value);
                if (x->has_cible) fse_doc_put_num(t, 2, x->cible);
                char *ref = fse_preuves_ref(c, i);
                fse_doc_put_text(t, 3, ref);
                free(ref);
            }
            if (!ind->npieces) { fse_doc_put_text(t, 4, "(aucune pièce déclarée)"); continue; }
            fse_doc_put_text(t, 4, fse_piece_title(ind->pieces[p]));
            add_files_of(t, ind->pieces[p], files, n, 5);
        }
    }
    fse_doc_table_note(t, "Valeurs et cibles identiques à indicateurs.csv (cibles annuelles multipliées par l'ETP "
                          "du volet ; pour une période plus courte, le bilan donne aussi la cible proratisée). "
                          "Lignes de preuve : les lignes des exports qui fondent la valeur, chacune avec son "
                          "fichier et son numéro de ligne ; les lignes écartées sont dans controles.csv.");

    size_t nother = 0;
    for (size_t p = 0; p < c->fiche->npieces; p++) nother += !cited(c, c->fiche->pieces[p]);
    if (nother) {
        t = fse_doc_table_add(d, "Autres pièces de la fiche", "Autres pièces");
        fse_doc_col(t, "Pièce", FSE_COL_TEXT, 2, 0);
        fse_doc_col(t, "Fichier", FSE_COL_ID, 1.8, 0);
        fse_doc_col(t, "Pages", FSE_COL_INTEGER, 0.5, 0);
        fse_doc_col(t, "SHA-256", FSE_COL_ID, 3.2, 0);
        fse_doc_col_whole(t);
        for (size_t p = 0; p < c->fiche->npieces; p++) {
            if (cited(c, c->fiche->pieces[p])) continue;
            fse_doc_row(t);
            fse_doc_put_text(t, 0, fse_piece_title(c->fiche->pieces[p]));
            add_files_of(t, c->fiche->pieces[p], files, n, 1);
        }
    }

    t = fse_doc_table_add(d, "Fichiers du pack", "Fichiers");
    fse_doc_col(t, "Fichier", FSE_COL_ID, 2, 0);
    fse_doc_col(t, "Pièce", FSE_COL_TEXT, 2, 0);
    fse_doc_col(t, "Pages", FSE_COL_INTEGER, 0.5, 0);
    fse_doc_col(t, "Taille (octets)", FSE_COL_INTEGER, 0.9, 0);
    fse_doc_col(t, "SHA-256", FSE_COL_ID, 3.2, 0);
    fse_doc_col_whole(t);
    for (size_t i = 0; i < n; i++) {
        fse_doc_row(t);
        fse_doc_put_text(t, 0, files[i].name);
        fse_doc_put_text(t, 1, files[i].piece ? fse_piece_title(files[i].piece) : data_file_title(files[i].name));
        if (files[i].pages) fse_doc_put_num(t, 2, files[i].pages);
        fse_doc_put_num(t, 3, (double)files[i].size);
        fse_doc_put_text(t, 4, files[i].sha256);
    }
    fse_doc_table_note(t, "Le bordereau lui-même, le dossier complet (un PDF de toutes les pièces avec un signet "
                          "par pièce), manifest.json et SHA256SUMS sont écrits après lui : leurs empreintes "
                          "sont dans SHA256SUMS.");
    fse_doc_heading(d, 1, "Méthode et sources");
    fse_doc_paragraph(d, "Chaque fichier est identifié par son empreinte SHA-256 (FIPS 180-4). manifest.json "
                         "donne en plus les empreintes des fichiers d'entrée (exports) et les paramètres du calcul.");
    return d;
}
