/* report.c — see report.h. */
#include "commands/report.h"
#include "common/text.h"
#include "pieces/bilan.h"
#include "pieces/doc.h"

#include <stdio.h>
#include <string.h>

bool fse_run_stats_add_fiche(fse_run_stats *st, const char *fiche)
{
    size_t used = strlen(st->fiche_ids);
    if (used + strlen(fiche) + 3 >= sizeof st->fiche_ids) return false;
    snprintf(st->fiche_ids + used, sizeof st->fiche_ids - used, "%s%s", used ? ", " : "", fiche);
    return true;
}

int fse_report_met(const fse_figure *x, const fse_figure *cumul)
{
    if (cumul) {
        fse_trajectoire t = fse_figure_trajectoire(cumul);
        return t == FSE_TRAJ_SANS_CIBLE ? -1 : t != FSE_TRAJ_EN_RETARD;
    }
    if (!x->has_cible || !(x->cible_prorata > 0)) return -1;
    return x->res.value + 0.005 >= x->cible_prorata;
}

/* s right-aligned in width display columns (UTF-8 aware). */
static void pad_left(const char *s, size_t width)
{
    size_t n = fse_utf8_len(s);
    for (; n < width; n++) putchar(' ');
    fputs(s, stdout);
}

static void pad_right(const char *s, size_t width)
{
    fputs(s, stdout);
    for (size_t n = fse_utf8_len(s); n < width; n++) putchar(' ');
}

void fse_report_table(const fse_cli_out *o, const char *fiche, const char *period_label,
                      const fse_figures *fg, const fse_figures *cumul, const char *pack,
                      fse_run_stats *st)
{
    size_t w = strlen("indicateur");
    for (size_t i = 0; i < fg->n; i++) if (strlen(fg->figs[i].ind->id) > w) w = strlen(fg->figs[i].ind->id);
    bool show = fse_cli_report(o);
    if (show) {
        printf("%s%s — %s%s\n  ", fse_cli_sgr(o, "1"), fiche, period_label, fse_cli_sgr(o, "0"));
        pad_right("indicateur", w);
        pad_left("valeur", 12);
        if (cumul) pad_left("cumul", 12);
        pad_left(cumul ? "cible cumul" : "cible", 12);
        pad_left("taux", 9);
        printf("\n");
    }
    for (size_t i = 0; i < fg->n; i++) {
        const fse_figure *x = &fg->figs[i];
        const fse_figure *y = cumul ? fse_figures_get(cumul, x->ind->id) : NULL;
        const fse_figure *t = y ? y : x;   /* the figure the target applies to */
        int met = fse_report_met(x, y);
        st->indicateurs++;
        st->ok += met == 1;
        st->ko += met == 0;
        if (!show) continue;
        char a[64], b[64] = "—", c[64] = "—", r[64] = "—";
        fse_bilan_num(x->res.value, a, sizeof a);
        if (y) fse_bilan_num(y->res.value, b, sizeof b);
        if (t->has_cible) fse_bilan_num(t->cible_prorata, c, sizeof c);
        if (t->has_cible && t->cible_prorata > 0) {
            fse_format_number_fr(t->res.value / t->cible_prorata * 100, 1, r, sizeof r);
            strcat(r, " %");
        }
        printf("  ");
        pad_right(x->ind->id, w);
        pad_left(a, 12);
        if (cumul) pad_left(b, 12);
        pad_left(c, 12);
        pad_left(r, 9);
        if (met >= 0)
            printf("  %s%s%s", fse_cli_sgr(o, met ? "32" : "31"), met ? "✓" : "✗", fse_cli_sgr(o, "0"));
        if (y && met >= 0) printf(" %s", fse_trajectoire_text(fse_figure_trajectoire(y)));
        printf("\n");
    }
    if (show) printf("  pack : %s\n", pack);
    st->fiches++;
    fse_run_stats_add_fiche(st, fiche);
    snprintf(st->last_pack, sizeof st->last_pack, "%s", pack);
}

void fse_report_summary(const fse_run_stats *st, const char *period_label, int status, size_t errors)
{
    const char *ids = *st->fiche_ids ? st->fiche_ids : "-";
    if (status) {
        printf("fsepack: %s %s : échec, statut %d, %zu erreur%s, %zu pack%s écrit%s\n", ids, period_label, status,
               errors, fse_pluriel(errors), st->fiches, fse_pluriel(st->fiches), fse_pluriel(st->fiches));
        return;
    }
    printf("fsepack: %s %s : %zu indicateur%s, %zu ✓ %zu ✗, %zu avertissement%s, %s %s\n", ids, period_label,
           st->indicateurs, fse_pluriel(st->indicateurs), st->ok, st->ko, st->warnings,
           fse_pluriel(st->warnings), st->fiches > 1 ? "dernier pack" : "pack", st->last_pack);
}
