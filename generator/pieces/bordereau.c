/* bordereau.c — the bordereau (pack index): for every indicator of the
 * fiche, its value and target, and for each pièce that justifies it, the
 * files of the pack with their pages and SHA-256; then every file of the
 * pack. An auditor checks a file against it with `sha256sum`.
 *
 * It is numbered 00 but built last, from the files already written
 * (issue "every pièce", §3).
 */
#include "pieces/pieces.h"
#include "pieces/preuves.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    fse_doc_heading(d, 1, "Bordereau des pièces justificatives");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add(kv, "Opération", c->fiche->titre);
    if (fc && fc->dossier_mdfse) fse_doc_kv_add(kv, "Dossier Ma Démarche FSE+", fc->dossier_mdfse);
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

    if (c->fiche->npieces) {
        t = fse_doc_table_add(d, "Pièces de la fiche", "Pièces de la fiche");
        fse_doc_col(t, "Pièce", FSE_COL_TEXT, 2, 0);
        fse_doc_col(t, "Fichier", FSE_COL_ID, 1.8, 0);
        fse_doc_col(t, "Pages", FSE_COL_INTEGER, 0.5, 0);
        fse_doc_col(t, "SHA-256", FSE_COL_ID, 3.2, 0);
        for (size_t p = 0; p < c->fiche->npieces; p++) {
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
    for (size_t i = 0; i < n; i++) {
        fse_doc_row(t);
        fse_doc_put_text(t, 0, files[i].name);
        fse_doc_put_text(t, 1, files[i].piece ? fse_piece_title(files[i].piece) : "données");
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
