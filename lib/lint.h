/* lint.h — warnings a funder's reviewer would raise (stitch check). */
#ifndef STITCH_LINT_H
#define STITCH_LINT_H

#include "stitch/stitch.h"

/* Append lint warnings for a linked model to the model's warning list.
 * Returns STITCH_OK, or STITCH_ENOMEM or STITCH_ENUMERIC with *err. */
stitch_status stitch_lint(stitch_model *m, const stitch_plan *p, stitch_diag *err);

#endif
