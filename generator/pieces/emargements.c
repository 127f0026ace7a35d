/* emargements.c — the pièce "Synthèse des émargements" (id emargements).
 *
 * What it shows (DESIGN §7, research/domain.md §4.6 and §6 "7."): for each
 * action that the fiche's indicators naming this pièce count, its date,
 * type, intitulé, place, hours and animator, the number of people present
 * (by type), of signatures, of absents and excusés and of half-days
 * present, with totals; the actions an auditor would reject (no attendance
 * row, nobody present, people present who did not sign) flagged in the
 * table and listed apart; then one table per action of the people present
 * (name under the job's confidentialité, structure, half-day, signed).
 * How the exports are read: emargement_rows.c (emargements.h).
 *
 * Which actions: the rows of dataset actions behind every figure whose
 * indicator names "emargements", plus the actions of the attendance rows
 * behind such figures counted on presences (bordeaux-3 "préparations au
 * recrutement": the émargements of those actions justify the people
 * counted); when no such figure exists, every action dated in the period.
 *
 * It is a record of the attendance captured in Viesion, labelled as such:
 * it does not replace the signed sheets (`fsepack emargement` prints those).
 * Never shown: eligibility criteria or any attribute of the participants
 * dataset; only what the attendance export holds.
 */
#include "pieces/pieces.h"
#include "pieces/emargements.h"
#include "common/strmap.h"
#include "common/strset.h"
#include "common/text.h"
#include "common/util.h"
#include "ingest/values.h"
#include "measures/measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the pièce */

typedef struct {
    size_t row;                  /* actions row */
    const fse_em_rows *pres;     /* its attendance rows or NULL */
    fse_em_person *people;
    size_t npeople;
    size_t present, participants, entreprises, intervenants, absents, excuses;
    size_t signatures, unsigned_rows;
    double halfdays;
    char alert[160];
} em_action;

static const fse_em_cols *g_sort_cols;   /* qsort has no user pointer (C11) */

static int cmp_actions(const void *x, const void *y)
{
    const em_action *a = x, *b = y;
    const fse_em_cols *k = g_sort_cols;
    const fse_row *ra = &k->a->rows[a->row], *rb = &k->a->rows[b->row];
    double da = ra->v[k->a_date].num, db = rb->v[k->a_date].num;
    if (da != db) return da < db ? -1 : 1;
    int c = strcmp(fse_em_tx(ra, k->a_id), fse_em_tx(rb, k->a_id));
    if (c) return c;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* The actions rows to show (see the top of the file). *named receives the
 * indicators naming the pièce ("id (libellé)"), for the method text. */
static size_t select_actions(const fse_piece_ctx *c, const fse_em_cols *k, size_t **out, fse_sb *named)
{
    fse_dataset *A = k->a;
    bool *mark = fse_xcalloc(A->nrows + 1, sizeof *mark);
    fse_strset via = {0};
    bool any = false;
    const fse_figures *fg = c->figs;
    for (size_t i = 0; fg && i < fg->n; i++) {
        const fse_indicateur *ind = fg->figs[i].ind;
        bool names = false;
        for (size_t p = 0; p < ind->npieces; p++) names |= !strcmp(ind->pieces[p], "emargements");
        if (!names) continue;
        bool counted = false;
        for (size_t t = 0; t < fg->figs[i].res.nterms; t++) {
            const fse_term_result *tr = &fg->figs[i].res.terms[t];
            if (tr->ds == A) {
                for (size_t r = 0; r < tr->nrows; r++) mark[tr->rows[r]] = true;
                counted = any = true;
            } else if (tr->ds == k->p && k->p_action >= 0) {
                for (size_t r = 0; r < tr->nrows; r++) {
                    const char *id = fse_em_tx(&k->p->rows[tr->rows[r]], k->p_action);
                    if (*id) fse_strset_add_owned(&via, fse_norm_key(id));
                }
                counted = any = true;
            }
        }
        if (counted)
            fse_sb_addf(named, "%s%s (« %s »)", named->len ? ", " : "", ind->id,
                        ind->libelle ? ind->libelle : ind->id);
    }
    fse_strset_freeze(&via);
    fse_strmap taken = {0};
    size_t n = 0, cap = 0;
    *out = NULL;
    for (size_t i = 0; i < A->nrows; i++) {
        const fse_row *r = &A->rows[i];
        const char *id = fse_em_tx(r, k->a_id);
        char *key = fse_norm_key(id);
        bool take;
        if (any) {
            take = mark[i];
            if (!take && via.n && *id && fse_strset_has(&via, key))
                take = fse_row_in_period(c->data, A, r, c->period, -2);
        } else {
            take = fse_row_in_period(c->data, A, r, c->period, -2);
        }
        if (take && *id) {
            if (fse_strmap_get(&taken, key)) take = false;    /* one line per action */
            else fse_strmap_put(&taken, key, i);
        }
        if (take) FSE_PUSH(*out, n, cap, i);
        free(key);
    }
    fse_strmap_free(&taken);
    fse_strset_free(&via);
    free(mark);
    return n;
}

static void count_action(const fse_em_cols *k, em_action *x)
{
    const fse_row *ar = &k->a->rows[x->row];
    unsigned ah = fse_em_action_halves(k, ar);
    x->npeople = fse_em_people(k, x->pres, ah, &x->people);
    for (size_t i = 0; i < x->npeople; i++) {
        const fse_em_person *p = &x->people[i];
        if (p->statut == FSE_EM_ABSENT) x->absents++;
        if (p->statut == FSE_EM_EXCUSE) x->excuses++;
        if (p->statut != FSE_EM_PRESENT) continue;
        x->present++;
        char *t = fse_norm_key(fse_em_tx(&k->p->rows[p->row_present], k->p_type));
        if (!strncmp(t, "participant", 11)) x->participants++;
        else if (!strncmp(t, "entreprise", 10) || !strncmp(t, "employeur", 9)) x->entreprises++;
        else if (!strncmp(t, "intervenant", 11)) x->intervenants++;
        free(t);
        x->signatures += p->signed_rows;
        x->unsigned_rows += p->present_rows - p->signed_rows;
        x->halfdays += (p->halves & FSE_EM_MATIN ? 1 : 0) + (p->halves & FSE_EM_APRES_MIDI ? 1 : 0);
    }
    if (!x->pres || !x->pres->n)
        snprintf(x->alert, sizeof x->alert, "Aucune ligne d'émargement");
    else if (!x->present)
        snprintf(x->alert, sizeof x->alert, "Aucun présent");
    else if (x->unsigned_rows)
        snprintf(x->alert, sizeof x->alert, "%zu présence%s sans signature", x->unsigned_rows,
                 fse_pluriel(x->unsigned_rows));
}

typedef struct { char *name; const fse_em_person *p; int type_rank; char *sort; } line_t;

static int cmp_lines(const void *x, const void *y)
{
    const line_t *a = x, *b = y;
    if (a->type_rank != b->type_rank) return a->type_rank - b->type_rank;
    int c = strcmp(a->sort, b->sort);
    if (c) return c;
    return a->p->row < b->p->row ? -1 : a->p->row > b->p->row;
}

static int type_rank(const char *type)
{
    char *t = fse_norm_key(type);
    int r = !strncmp(t, "participant", 11) ? 0 : !strncmp(t, "entreprise", 10) ? 1
          : !strncmp(t, "intervenant", 11) ? 2 : 3;
    free(t);
    return r;
}

/* The table of the people present at one action. */
static void detail_table(fse_doc *d, const fse_piece_ctx *c, const fse_em_cols *k, const em_action *x,
                         fse_doc_table *all)
{
    const fse_row *ar = &k->a->rows[x->row];
    line_t *L = fse_xcalloc(x->npeople + 1, sizeof *L);
    size_t n = 0;
    for (size_t i = 0; i < x->npeople; i++) {
        const fse_em_person *p = &x->people[i];
        if (p->statut != FSE_EM_PRESENT) continue;
        const fse_row *r = &k->p->rows[p->row_present];
        L[n].p = p;
        L[n].name = fse_person_name(c, fse_em_tx(r, k->p_pid), fse_em_tx(r, k->p_nom), fse_em_tx(r, k->p_prenom));
        L[n].sort = fse_norm_key(L[n].name);
        L[n].type_rank = type_rank(fse_em_tx(r, k->p_type));
        n++;
    }
    qsort(L, n, sizeof *L, cmp_lines);
    fse_doc_table *t = fse_doc_table_add(d, NULL, fse_em_tx(ar, k->a_id));
    t->only = FSE_DOC_PDF_ONLY;  /* the XLSX has one sheet for every action: `all` */
    fse_doc_col(t, "N°", FSE_COL_INTEGER, 5, 0);
    fse_doc_col(t, "Nom", FSE_COL_TEXT, 24, 0);
    fse_doc_col(t, "Type", FSE_COL_TEXT, 12, 0);
    fse_doc_col(t, "Structure / entreprise", FSE_COL_TEXT, 28, 0);
    fse_doc_col(t, "Demi-journée", FSE_COL_TEXT, 12, 0);
    fse_doc_col(t, "Signé", FSE_COL_TEXT, 9, 0);
    size_t signed_people = 0;
    for (size_t i = 0; i < n; i++) {
        const fse_em_person *p = L[i].p;
        const fse_row *r = &k->p->rows[p->row_present];
        fse_doc_row(t);
        fse_doc_put_num(t, 0, (double)(i + 1));
        fse_doc_put_text(t, 1, L[i].name);
        fse_doc_put_text(t, 2, fse_em_tx(r, k->p_type));
        fse_doc_put_text(t, 3, fse_em_tx(r, k->p_struct));
        fse_doc_put_text(t, 4, fse_em_halves_label(p->halves));
        const char *sg = p->signed_rows == p->present_rows ? "Oui" : p->signed_rows ? "Partiel" : "Non";
        signed_people += p->signed_rows == p->present_rows;
        fse_doc_put_text(t, 5, sg);
        fse_doc_row(all);
        fse_doc_put_text(all, 0, fse_em_tx(ar, k->a_id));
        if (ar->v[k->a_date].state == FSE_VAL_OK) fse_doc_put_num(all, 1, ar->v[k->a_date].num);
        fse_doc_put_num(all, 2, (double)(i + 1));
        fse_doc_put_text(all, 3, L[i].name);
        fse_doc_put_text(all, 4, fse_em_tx(r, k->p_type));
        fse_doc_put_text(all, 5, fse_em_tx(r, k->p_struct));
        fse_doc_put_text(all, 6, fse_em_halves_label(p->halves));
        fse_doc_put_text(all, 7, sg);
    }
    char buf[64];
    fse_doc_total_text(t, 0, "Total");
    snprintf(buf, sizeof buf, "%zu présent%s", n, fse_pluriel(n));
    fse_doc_total_text(t, 1, buf);
    snprintf(buf, sizeof buf, "%zu / %zu", signed_people, n);
    fse_doc_total_text(t, 5, buf);

    char hor[96], date[11] = "";
    fse_em_horaires(k, ar, hor, sizeof hor);
    if (ar->v[k->a_date].state == FSE_VAL_OK) fse_format_fr((int32_t)ar->v[k->a_date].num, date);
    fse_sb note = {0};
    fse_sb_addf(&note, "%s", fse_em_tx(ar, k->a_type));
    if (*fse_em_tx(ar, k->a_lieu)) fse_sb_addf(&note, " · %s", fse_em_tx(ar, k->a_lieu));
    if (*hor) fse_sb_addf(&note, " · %s", hor);
    if (*fse_em_tx(ar, k->a_anim)) fse_sb_addf(&note, " · animé par %s", fse_em_tx(ar, k->a_anim));
    fse_sb_addf(&note, ". %zu présent%s, %zu signature%s", x->present, fse_pluriel(x->present),
                x->signatures, fse_pluriel(x->signatures));
    if (x->absents || x->excuses) fse_sb_addf(&note, " ; %zu absent%s, %zu excusé%s", x->absents,
                                              fse_pluriel(x->absents), x->excuses, fse_pluriel(x->excuses));
    fse_sb_adds(&note, ".");
    if (x->unsigned_rows)
        fse_sb_addf(&note, " À régulariser : %zu présence%s sans signature.", x->unsigned_rows,
                    fse_pluriel(x->unsigned_rows));
    fse_doc_table_note(t, note.s);
    fse_sb_free(&note);
    for (size_t i = 0; i < n; i++) { free(L[i].name); free(L[i].sort); }
    free(L);
}

fse_doc *fse_piece_emargements(const fse_piece_ctx *c, const char **why)
{
    fse_em_cols k;
    fse_em_cols_init(&k, c->data);
    if (!k.a || !k.a->loaded) { *why = "le job ne déclare pas de [source.actions]"; return NULL; }
    bool has_pres = k.p && k.p->loaded;

    size_t *rows;
    fse_sb named = {0};
    size_t na = select_actions(c, &k, &rows, &named);
    fse_em_index ix;
    fse_em_index_build(&ix, &k);
    em_action *A = fse_xcalloc(na + 1, sizeof *A);
    for (size_t i = 0; i < na; i++) {
        A[i].row = rows[i];
        A[i].pres = fse_em_index_get(&ix, fse_em_tx(&k.a->rows[rows[i]], k.a_id));
        count_action(&k, &A[i]);
    }
    free(rows);
    g_sort_cols = &k;
    qsort(A, na, sizeof *A, cmp_actions);

    fse_doc *d = fse_piece_doc(c, fse_piece_title("emargements"));
    d->landscape = true;
    if (c->job->porteur) d->author = fse_xstrdup(c->job->porteur);

    /* totals */
    size_t t_pres = 0, t_part = 0, t_ent = 0, t_int = 0, t_sig = 0, t_abs = 0, t_exc = 0, t_uns = 0;
    size_t n_alert = 0, n_nopres = 0, n_with = 0;
    double t_half = 0;
    for (size_t i = 0; i < na; i++) {
        t_pres += A[i].present; t_part += A[i].participants; t_ent += A[i].entreprises;
        t_int += A[i].intervenants; t_sig += A[i].signatures; t_abs += A[i].absents;
        t_exc += A[i].excuses; t_uns += A[i].unsigned_rows; t_half += A[i].halfdays;
        n_alert += A[i].alert[0] != 0;
        n_nopres += !A[i].pres || !A[i].pres->n;
        n_with += A[i].pres && A[i].pres->n;
    }

    char buf[160];
    fse_doc_heading(d, 1, "Synthèse");
    fse_doc_block *kv = fse_doc_keyvalue(d);
    fse_doc_kv_add_num(kv, "Actions", (double)na, FSE_COL_INTEGER, 0, NULL);
    fse_doc_kv_add_num(kv, "Actions avec des lignes d'émargement", (double)n_with, FSE_COL_INTEGER, 0, NULL);
    snprintf(buf, sizeof buf, "%zu (dont %zu participants, %zu représentants d'entreprises, %zu intervenants)",
             t_pres, t_part, t_ent, t_int);
    fse_doc_kv_add(kv, "Présences (personnes présentes par action)", buf);
    fse_doc_kv_add_num(kv, "Demi-journées de présence", (double)t_half, FSE_COL_INTEGER, 0, NULL);
    fse_doc_kv_add_num(kv, "Signatures", (double)t_sig, FSE_COL_INTEGER, 0, NULL);
    snprintf(buf, sizeof buf, "%zu (%zu sans aucune ligne d'émargement, %zu présence%s sans signature)",
             n_alert, n_nopres, t_uns, fse_pluriel(t_uns));
    fse_doc_kv_add(kv, "Actions à régulariser", buf);
    fse_doc_paragraph(d, "Extrait des émargements saisis dans Viesion : ce document récapitule les présences "
                         "enregistrées ; il ne remplace pas les feuilles d'émargement originales, signées par "
                         "demi-journée, qui restent à présenter au contrôle.");
    if (!has_pres)
        fse_doc_paragraph(d, "Le job ne déclare aucune source [source.presences] : aucune présence n'a pu être "
                             "rapprochée des actions, qui sont toutes signalées « Aucune ligne d'émargement ».");

    fse_doc_heading(d, 1, "Actions et émargements");
    fse_doc_table *t = fse_doc_table_add(d, "Émargements par action", "Actions");
    fse_doc_col(t, "N° action", FSE_COL_ID, 9, 0);
    fse_doc_col(t, "Date", FSE_COL_DATE, 10, 0);
    fse_doc_col(t, "Type", FSE_COL_TEXT, 14, 0);
    fse_doc_col(t, "Intitulé", FSE_COL_TEXT, 28, 0);
    fse_doc_col(t, "Lieu", FSE_COL_TEXT, 13, 0);
    fse_doc_col(t, "Horaires", FSE_COL_TEXT, 9, 0);
    fse_doc_col(t, "Animateur", FSE_COL_TEXT, 13, 0);
    fse_doc_col(t, "Présents", FSE_COL_INTEGER, 8, 0);
    fse_doc_col(t, "dont partic.", FSE_COL_INTEGER, 10, 0);
    fse_doc_col(t, "dont entrep.", FSE_COL_INTEGER, 10, 0);
    fse_doc_col(t, "dont interv.", FSE_COL_INTEGER, 10, 0);
    fse_doc_col(t, "Signatures", FSE_COL_INTEGER, 9, 0);
    fse_doc_col(t, "Absents", FSE_COL_INTEGER, 7, 0);
    fse_doc_col(t, "Excusés", FSE_COL_INTEGER, 7, 0);
    fse_doc_col(t, "Demi-journées", FSE_COL_INTEGER, 9, 0);
    fse_doc_col(t, "À régulariser", FSE_COL_TEXT, 16, 0);
    for (size_t i = 0; i < na; i++) {
        const em_action *x = &A[i];
        const fse_row *r = &k.a->rows[x->row];
        fse_doc_row(t);
        fse_doc_put_text(t, 0, fse_em_tx(r, k.a_id));
        if (r->v[k.a_date].state == FSE_VAL_OK) fse_doc_put_num(t, 1, r->v[k.a_date].num);
        fse_doc_put_text(t, 2, fse_em_tx(r, k.a_type));
        fse_doc_put_text(t, 3, fse_em_tx(r, k.a_intitule));
        fse_doc_put_text(t, 4, fse_em_tx(r, k.a_lieu));
        char hor[96];
        fse_em_horaires(&k, r, hor, sizeof hor);
        fse_doc_put_text(t, 5, hor);
        fse_doc_put_text(t, 6, fse_em_tx(r, k.a_anim));
        fse_doc_put_num(t, 7, (double)x->present);
        fse_doc_put_num(t, 8, (double)x->participants);
        fse_doc_put_num(t, 9, (double)x->entreprises);
        fse_doc_put_num(t, 10, (double)x->intervenants);
        fse_doc_put_num(t, 11, (double)x->signatures);
        fse_doc_put_num(t, 12, (double)x->absents);
        fse_doc_put_num(t, 13, (double)x->excuses);
        fse_doc_put_num(t, 14, x->halfdays);
        if (x->alert[0]) fse_doc_put_text(t, 15, x->alert);
    }
    fse_doc_total_text(t, 0, "Total");
    snprintf(buf, sizeof buf, "%zu action%s", na, fse_pluriel(na));
    fse_doc_total_text(t, 3, buf);
    fse_doc_total_num(t, 7, (double)t_pres);
    fse_doc_total_num(t, 8, (double)t_part);
    fse_doc_total_num(t, 9, (double)t_ent);
    fse_doc_total_num(t, 10, (double)t_int);
    fse_doc_total_num(t, 11, (double)t_sig);
    fse_doc_total_num(t, 12, (double)t_abs);
    fse_doc_total_num(t, 13, (double)t_exc);
    fse_doc_total_num(t, 14, t_half);
    if (n_alert) {
        snprintf(buf, sizeof buf, "%zu action%s", n_alert, fse_pluriel(n_alert));
        fse_doc_total_text(t, 15, buf);
    }
    fse_doc_table_note(t, "Présents : personnes distinctes dont une ligne d'émargement porte le statut "
                          "« Présent », dont participants (partic.), représentants d'entreprises (entrep.) et "
                          "intervenants (interv.) ; signatures : lignes de présence portant « Signé = Oui » ; "
                          "demi-journées : Journée = 2, Matin ou Après-midi = 1.");

    fse_doc_heading(d, 1, "Actions à régulariser");
    if (!n_alert) {
        fse_doc_paragraph(d, "Aucune : chaque action a des lignes d'émargement et chaque présence est signée.");
    } else {
        fse_doc_paragraph(d, "Un contrôle de service fait écarte une action sans feuille d'émargement, ou dont "
                             "des présents n'ont pas signé (signature par demi-journée) : joindre la feuille "
                             "signée, un compte rendu ou tout autre justificatif, ou corriger la saisie.");
        t = fse_doc_table_add(d, "Actions sans émargement ou avec des présences non signées", "À régulariser");
        fse_doc_col(t, "N° action", FSE_COL_ID, 9, 0);
        fse_doc_col(t, "Date", FSE_COL_DATE, 10, 0);
        fse_doc_col(t, "Type", FSE_COL_TEXT, 16, 0);
        fse_doc_col(t, "Intitulé", FSE_COL_TEXT, 34, 0);
        fse_doc_col(t, "Animateur", FSE_COL_TEXT, 14, 0);
        fse_doc_col(t, "Motif", FSE_COL_TEXT, 24, 0);
        for (size_t i = 0; i < na; i++) {
            const em_action *x = &A[i];
            if (!x->alert[0]) continue;
            const fse_row *r = &k.a->rows[x->row];
            fse_doc_row(t);
            fse_doc_put_text(t, 0, fse_em_tx(r, k.a_id));
            if (r->v[k.a_date].state == FSE_VAL_OK) fse_doc_put_num(t, 1, r->v[k.a_date].num);
            fse_doc_put_text(t, 2, fse_em_tx(r, k.a_type));
            fse_doc_put_text(t, 3, fse_em_tx(r, k.a_intitule));
            fse_doc_put_text(t, 4, fse_em_tx(r, k.a_anim));
            fse_doc_put_text(t, 5, x->alert);
        }
        fse_doc_total_text(t, 0, "Total");
        snprintf(buf, sizeof buf, "%zu action%s", n_alert, fse_pluriel(n_alert));
        fse_doc_total_text(t, 3, buf);
    }

    fse_doc_heading(d, 1, "Présents par action");
    if (!na) fse_doc_paragraph(d, "Aucune action dans la période.");
    fse_doc_table *all = fse_doc_table_add(d, "Présents par action", "Présents");
    all->only = FSE_DOC_XLSX_ONLY;  /* the PDF has one table per action */
    fse_doc_col(all, "N° action", FSE_COL_ID, 10, 0);
    fse_doc_col(all, "Date", FSE_COL_DATE, 11, 0);
    fse_doc_col(all, "N°", FSE_COL_INTEGER, 5, 0);
    fse_doc_col(all, "Nom", FSE_COL_TEXT, 24, 0);
    fse_doc_col(all, "Type", FSE_COL_TEXT, 12, 0);
    fse_doc_col(all, "Structure / entreprise", FSE_COL_TEXT, 28, 0);
    fse_doc_col(all, "Demi-journée", FSE_COL_TEXT, 12, 0);
    fse_doc_col(all, "Signé", FSE_COL_TEXT, 9, 0);
    for (size_t i = 0; i < na; i++) {
        const em_action *x = &A[i];
        const fse_row *r = &k.a->rows[x->row];
        char date[11] = "";
        if (r->v[k.a_date].state == FSE_VAL_OK) fse_format_fr((int32_t)r->v[k.a_date].num, date);
        char *h = fse_xasprintf("%s — %s — %s", fse_em_tx(r, k.a_id), date, fse_em_tx(r, k.a_intitule));
        fse_doc_heading(d, 2, h);
        free(h);
        if (!x->present) {
            char hor[96];
            fse_em_horaires(&k, r, hor, sizeof hor);
            char *p = fse_xasprintf("%s%s%s%s%s. À régulariser : %s%s.", fse_em_tx(r, k.a_type),
                                    *fse_em_tx(r, k.a_lieu) ? " · " : "", fse_em_tx(r, k.a_lieu),
                                    *hor ? " · " : "", hor,
                                    x->pres && x->pres->n ? "aucune personne au statut « Présent »"
                                                          : "aucune ligne d'émargement pour cette action",
                                    x->pres && x->pres->n ? "" : " (feuille d'émargement signée à joindre)");
            fse_doc_paragraph(d, p);
            free(p);
            continue;
        }
        detail_table(d, c, &k, x, all);
    }
    fse_doc_total_text(all, 0, "Total");
    {
        char *tot = fse_xasprintf("%zu présence%s", all->nrows, fse_pluriel(all->nrows));
        fse_doc_total_text(all, 3, tot);
        free(tot);
    }

    fse_doc_heading(d, 1, "Méthode et sources");
    fse_sb m = {0};
    fse_sb_adds(&m, "Sources : export des actions collectives de Viesion (une ligne par action : numéro, "
                    "intitulé, type, date, horaires, lieu, animateur) et export des présences (une ligne par "
                    "personne inscrite à une action : type de personne, statut Présent / Absent / Excusé, "
                    "demi-journée, signature).");
    fse_doc_paragraph(d, m.s);
    m.len = 0;
    if (named.len)
        fse_sb_addf(&m, "Actions retenues : celles que comptent, sur la période, les indicateurs de la fiche "
                        "qui citent cette pièce — %s —, y compris les actions des présences qu'ils comptent.",
                    named.s);
    else
        fse_sb_adds(&m, "Actions retenues : aucun indicateur de la fiche citant cette pièce ne compte d'actions ; "
                        "toutes les actions datées dans la période sont retenues.");
    fse_doc_paragraph(d, m.s);
    fse_doc_paragraph(d, "Comptage : une personne est identifiée par sa référence, à défaut par ses nom, prénom "
                         "et structure ; elle est présente quand une de ses lignes porte le statut « Présent » "
                         "(sinon excusée, sinon absente). Signatures : lignes de présence dont « Signé » vaut Oui. "
                         "Demi-journées : « Journée » compte deux demi-journées, « Matin » ou « Après-midi » une ; "
                         "une ligne sans demi-journée prend celles que couvrent les horaires de l'action "
                         "(début avant 12 h : matin ; fin après 13 h : après-midi).");
    fse_doc_paragraph(d, "Règle de contrôle (FSE+) : une feuille d'émargement probante porte le bloc « Cofinancé "
                         "par l'Union européenne », l'intitulé et la date de l'action, ses horaires, le nom et la "
                         "signature de l'animateur, et la signature de chaque personne présente pour chaque "
                         "demi-journée ; les lignes vides sont rayées. Une action sans émargement, ou dont des "
                         "présents n'ont pas signé, est signalée « à régulariser » ; elle l'est aussi dans "
                         "controles.csv (action-sans-presence). Des feuilles vierges pré-remplies s'impriment "
                         "avec « fsepack emargement JOB.ini ».");
    const char *conf = c->job->confidentialite == FSE_CONF_INITIALES ? "initiales"
                     : c->job->confidentialite == FSE_CONF_PSEUDONYME ? "pseudonyme" : "complet";
    m.len = 0;
    fse_sb_addf(&m, "Confidentialité : noms affichés selon le réglage du job (confidentialite = %s). Aucun "
                    "critère d'éligibilité ni aucune donnée sensible des participants n'est reproduit.", conf);
    fse_doc_paragraph(d, m.s);
    fse_sb_free(&m);

    for (size_t i = 0; i < na; i++) fse_em_people_free(A[i].people, A[i].npeople);
    free(A);
    fse_em_index_free(&ix);
    fse_sb_free(&named);
    return d;
}
