/* liste_join.h — a list column taken from another dataset (templates/pieces
 * `joint = <dataset>.<champ> par <local> = <distant>`, liste_layout.h): the
 * rows of the joined dataset grouped by their normalised key, so that each
 * line of a list finds its joined rows in one lookup (no scan per line:
 * issue 8, no quadratic joins).
 */
#ifndef FSE_LISTE_JOIN_H
#define FSE_LISTE_JOIN_H

#include "common/strmap.h"
#include "common/u64map.h"
#include "pieces/liste_layout.h"
#include "pieces/pieces.h"

/* Row numbers of a dataset (indexes into its rows), growable. */
typedef struct { size_t *rows; size_t n, cap; } fse_liste_rows;

/* The index of one joined column. ds is NULL (or not loaded) when the
 * joined dataset is absent: every lookup then finds nothing. */
typedef struct {
    const fse_dataset *ds;      /* the joined dataset, borrowed from the piece context */
    fse_strmap index;           /* normalised remote key -> position in lists */
    fse_liste_rows *lists;      /* rows of ds per key, in dataset order */
    size_t nlists, cap;
    /* the address of a local key's text (interned by its dataset: equal
     * texts, one pointer) -> position in lists, or none: each distinct
     * local key is normalised and looked up once, not on every base row */
    fse_u64map local_at;
} fse_liste_join;

/* Builds j for col (col->join set) over the datasets of c. The rows taken
 * are those of col->join_where when given (its period rules apply), else:
 * for a lookup (premier, liste, min, max) every row whatever its date, and
 * for counts and sums the rows of c's period. j owns what it allocates
 * (fse_liste_join_free); it borrows the dataset. */
void fse_liste_join_build(fse_liste_join *j, const fse_piece_ctx *c, const fse_list_col *col);

/* The joined rows whose key equals local once normalised (fse_norm_key), or
 * NULL when local is NULL, the joined dataset is absent or no row has that
 * key. The result is owned by j and valid until fse_liste_join_free. */
const fse_liste_rows *fse_liste_join_rows(fse_liste_join *j, const char *local);

/* Frees what j owns (not the dataset). */
void fse_liste_join_free(fse_liste_join *j);

#endif
