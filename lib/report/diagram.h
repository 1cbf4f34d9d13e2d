/* diagram.h — the logic model of a plan (need → outputs → outcomes →
 * benefits) as SVG for the HTML report, laid out and drawn by Graphviz.
 * Internal to the library. */
#ifndef STITCH_DIAGRAM_H
#define STITCH_DIAGRAM_H

#include "plan.h"

/* The logic model as SVG: a "Need" node (p->need_text, population mean), each output and
 * outcome (plan nodes: p->nodes, parents first; parent -1 = output hangs from the need)
 * with its text and people per year (r->people[k]), each benefit (p->benefits[b], hanging
 * from node p->benefits[b].node) with its present value (r->by_benefit[b]); edges
 * coloured by the link's confidence (plan_node.confidence / plan_benefit.confidence: enum
 * CONF_HIGH, CONF_MEDIUM, CONF_LOW, CONF_NONE from src/model.h, -1 when not given = treat
 * as none): green/amber/red/grey, with a small legend; edges whose evidence is NULL/empty
 * drawn dashed.
 *
 * Returns malloc'd "<svg ...>...</svg>\n" (no XML prolog or DOCTYPE), or NULL with *err
 * (STITCH_ENOMEM, or STITCH_EIO with Graphviz's message). r may be NULL: no figures.
 * Each node is a <g class="node"> (ids "need", "o_<id>", "c_<id>", "b_<id>" in its
 * <title>); each link a <g class="edge"> with the evidence as its tooltip, labelled with
 * its confidence. The legend (top left, under the graph's label) is edges between
 * invisible nodes (no <g class="node">): one edge of each colour and one dashed. Text
 * stays text (font-family Helvetica) and ids are unique in the process. Calls are
 * serialised (Graphviz is not thread-safe). */
char *diagram_svg(const stitch_plan *p, const stitch_result *r, stitch_diag *err);

#endif
