/* diagram.c — the logic model as SVG, built as a cgraph graph and laid out
 * and rendered by Graphviz (libgvc, "dot" layout, left to right).
 *
 * Labels are plain Graphviz labels set with agsafeset: Graphviz escapes
 * <, >, " and ' itself when it writes SVG; backslashes (its escapes \n,
 * \N, ...) and '&' (it reads entities) are escaped here (sb_put_esc).
 * Text is made valid UTF-8 first.
 *
 * Two faults of Graphviz 2.42 (Debian 12) shape this file:
 *  - its pango text-layout plugin keeps a static pointer to the last font
 *    name, which lives in the GVC_t; after gvFreeContext the next context's
 *    first layout reads freed memory (heap-use-after-free under ASan). So
 *    one GVC_t is made on first use and kept for the life of the process
 *    (still reachable, not leaked), and every use of Graphviz holds a mutex.
 *  - HTML-like labels leak a few hundred bytes per layout (htmlparse), and
 *    clusters about 2.5 KB (dot's build_skeleton), so neither is used: the
 *    legend is edges between invisible nodes, under the graph's label.
 * Graphviz's messages go to a buffer (agseterrf) rather than stderr, and
 * become the error message when layout or rendering fails. */
#include "diagram.h"

#include <gvc.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "text.h"
#include "util.h"

#define WRAP 26     /* characters a line in a node */
#define MAX_LINES 6 /* lines of text in a node; more ends in "…" */

/* Link colours and widths by confidence (CONF_HIGH..CONF_NONE); the width
 * also tells them apart in greyscale. */
static const char *const CONF_COLOUR[CONF_COUNT] = {"#1a9641", "#e08b00", "#d7301f",
                                                    "#8c8c8c"};
static const char *const CONF_WIDTH[CONF_COUNT] = {"3", "2.2", "1.6", "1.2"};
static const char *const CONF_LABEL[CONF_COUNT] = {"high", "medium", "low", "none"};

static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_ctx;           /* made once, never freed: see above */
static unsigned long gv_serial; /* for ids unique in the process */
static char gv_msg[512];        /* Graphviz's messages during one call */

static int gv_error(char *msg)
{
    size_t n = strlen(gv_msg);
    snprintf(gv_msg + n, sizeof gv_msg - n, "%s", msg);
    return 0;
}

/* ---- strings ------------------------------------------------------------- */

/* Append s as literal text for a Graphviz label or tooltip (escString):
 * each backslash made `k` of them, as a label unescapes once (k = 2) and
 * a tooltip twice (k = 4), and '&' written "&amp;", as Graphviz reads
 * entities ("&nbsp;") in both. Found by trying \N, \n, \\, a trailing
 * backslash, "&amp;", "&lt;", "&#45;" and a lone '&' with Graphviz 2.42. */
static void sb_put_esc(text_buf *b, const char *s, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            buf_put(b, "\\\\\\\\", k);
        else if (s[i] == '&')
            buf_put(b, "&amp;", 5);
        else
            buf_put(b, s + i, 1);
    }
}

/* A clean one-line UTF-8 copy of s (NULL: ""), or NULL when out of memory. */
static char *clean_dup(const char *s)
{
    size_t n = 3 * strlen(s ? s : "") + 1;
    char *c = malloc(n);
    return c ? text_line(c, n, s) : NULL;
}

/* Append text wrapped at WRAP characters a line (long words cut), at most
 * MAX_LINES lines, each line ending in Graphviz's "\n". */
static void sb_wrap(text_buf *b, const char *text)
{
    char *t = clean_dup(text);
    if (!t) {
        b->nomem = 1;
        return;
    }
    size_t col = 0;
    int lines = 0;
    for (const char *s = t; *s;) {
        if (*s == ' ') {
            s++;
            continue;
        }
        size_t n = strcspn(s, " "), chars = text_chars_n(s, n);
        if (chars > WRAP && col == 0) /* a word longer than a line: a line's worth */
            n = text_prefix(s, n, WRAP), chars = WRAP;
        if (col > 0 && col + 1 + chars > WRAP) {
            if (++lines == MAX_LINES) {
                buf_puts(b, " \xE2\x80\xA6"); /* … */
                col = 1;
                break;
            }
            buf_puts(b, "\\n");
            col = 0;
            continue; /* the word again, on its new line */
        }
        if (col > 0)
            buf_puts(b, " "), col++;
        sb_put_esc(b, s, n, 2);
        col += chars, s += n;
    }
    if (col > 0)
        buf_puts(b, "\\n");
    free(t);
}

/* ---- the graph ----------------------------------------------------------- */

typedef struct {
    Agraph_t *g;
    text_buf sb;
    int fail; /* Graphviz refused an object or attribute */
} builder;

static void set(builder *bd, void *obj, const char *name, const char *value)
{
    if (!obj || agsafeset(obj, (char *)name, (char *)value, "") != 0)
        bd->fail = 1;
}

/* Declare an attribute with its default for every object of a kind. */
static void dflt(builder *bd, int kind, const char *name, const char *value)
{
    if (!agattr(bd->g, kind, (char *)name, (char *)value))
        bd->fail = 1;
}

static Agnode_t *add_node(builder *bd, const char *prefix, const char *id, size_t index,
                          const char *kind, const char *text, const char *figure,
                          const char *fill)
{
    char name[300];
    snprintf(name, sizeof name, "%s%s", prefix, id && *id ? id : "");
    if (!id || !*id || agnode(bd->g, name, 0)) /* missing or taken: add the index */
        snprintf(name, sizeof name, "%s%s_%zu", prefix, id ? id : "", index);
    Agnode_t *n = agnode(bd->g, name, 1);
    if (!n) {
        bd->fail = 1;
        return NULL;
    }
    text_buf *b = &bd->sb;
    b->n = 0;
    buf_puts(b, kind);
    buf_puts(b, "\\n");
    sb_wrap(b, text);
    if (figure)
        buf_puts(b, figure);
    if (b->nomem)
        return NULL;
    set(bd, n, "label", b->p);
    set(bd, n, "fillcolor", fill);
    char *t = clean_dup(text);
    if (!t) {
        b->nomem = 1;
        return NULL;
    }
    b->n = 0;
    sb_put_esc(b, t, strlen(t), 4);
    free(t);
    if (!b->nomem)
        set(bd, n, "tooltip", b->p);
    return n;
}

/* A link coloured by confidence, dashed when no evidence is written. */
static void add_edge(builder *bd, Agnode_t *from, Agnode_t *to, int confidence,
                     const char *evidence)
{
    if (!from || !to)
        return;
    int c = confidence >= 0 && confidence < CONF_COUNT ? confidence : CONF_NONE;
    int has_evidence = evidence && *evidence;
    Agedge_t *e = agedge(bd->g, from, to, NULL, 1);
    if (!e) {
        bd->fail = 1;
        return;
    }
    set(bd, e, "color", CONF_COLOUR[c]);
    set(bd, e, "penwidth", CONF_WIDTH[c]);
    set(bd, e, "label", CONF_LABEL[c]);
    if (!has_evidence)
        set(bd, e, "style", "dashed");
    text_buf *b = &bd->sb;
    b->n = 0;
    buf_puts(b, "Confidence: ");
    buf_puts(b, confidence >= 0 && confidence < CONF_COUNT ? CONF_LABEL[c] : "not given");
    buf_puts(b, ". ");
    if (has_evidence) {
        char *t = clean_dup(evidence);
        if (!t) {
            b->nomem = 1;
            return;
        }
        buf_puts(b, "Evidence: ");
        sb_put_esc(b, t, strlen(t), 4);
        free(t);
    } else {
        buf_puts(b, "No evidence written.");
    }
    if (!b->nomem)
        set(bd, e, "tooltip", b->p);
}

/* The legend, under the heading of the graph's label (top left): one short
 * edge per confidence and a dashed one, between invisible nodes kept in
 * order by invisible edges. Not a cluster: dot leaks the skeleton it builds
 * for each cluster (build_skeleton, about 2.5 KB a layout in 2.42). */
static void add_legend(builder *bd)
{
    set(bd, bd->g, "label", "Confidence in each link (dashed: no evidence written)");
    set(bd, bd->g, "labelloc", "t");
    set(bd, bd->g, "labeljust", "l");
    set(bd, bd->g, "fontsize", "10");
    Agnode_t *above = NULL;
    for (int c = 0; c <= CONF_COUNT; c++) {
        char a[32], z[32];
        snprintf(a, sizeof a, "legend_%d_from", c);
        snprintf(z, sizeof z, "legend_%d_to", c);
        Agnode_t *na = agnode(bd->g, a, 1), *nz = agnode(bd->g, z, 1);
        Agedge_t *e = na && nz ? agedge(bd->g, na, nz, NULL, 1) : NULL;
        Agedge_t *order = e && above ? agedge(bd->g, above, na, NULL, 1) : NULL;
        if (!e || (above && !order)) {
            bd->fail = 1;
            return;
        }
        for (int k = 0; k < 2; k++) {
            Agnode_t *n = k ? nz : na;
            set(bd, n, "style", "invis");
            set(bd, n, "shape", "point");
            set(bd, n, "width", "0.05");
        }
        if (order) {
            set(bd, order, "style", "invis");
            set(bd, order, "constraint", "false");
        }
        int k = c < CONF_COUNT ? c : CONF_NONE;
        set(bd, e, "color", CONF_COLOUR[k]);
        set(bd, e, "penwidth", CONF_WIDTH[k]);
        set(bd, e, "label", c < CONF_COUNT ? CONF_LABEL[c] : "no evidence");
        set(bd, e, "tooltip", c < CONF_COUNT ? CONF_LABEL[c] : "no evidence written");
        if (c == CONF_COUNT)
            set(bd, e, "style", "dashed");
        above = na;
    }
}

/* "person" for a count that shows as 1, else "people". */
static const char *people(double v)
{
    return fabs(v) >= 0.5 && fabs(v) < 1.5 ? "person" : "people";
}

static void build(builder *bd, const stitch_plan *p, const stitch_result *r)
{
    Agraph_t *g = bd->g;
    char id[64], fig[128], num[96];
    snprintf(id, sizeof id, "stitch_lm%lu", ++gv_serial);
    set(bd, g, "id", id);
    set(bd, g, "rankdir", "LR");
    set(bd, g, "bgcolor", "white");
    set(bd, g, "fontname", "Helvetica");
    set(bd, g, "nodesep", "0.18");
    set(bd, g, "ranksep", "0.3");
    set(bd, g, "pad", "0.15");
    dflt(bd, AGNODE, "shape", "box");
    dflt(bd, AGNODE, "style", "rounded,filled");
    dflt(bd, AGNODE, "fontname", "Helvetica");
    dflt(bd, AGNODE, "fontsize", "11");
    dflt(bd, AGNODE, "color", "#555555");
    dflt(bd, AGNODE, "fontcolor", "#1a1a1a");
    dflt(bd, AGNODE, "fillcolor", "white");
    dflt(bd, AGNODE, "margin", "0.12,0.06");
    dflt(bd, AGNODE, "tooltip", "");
    dflt(bd, AGEDGE, "fontname", "Helvetica");
    dflt(bd, AGEDGE, "fontsize", "9");
    dflt(bd, AGEDGE, "fontcolor", "#333333");
    dflt(bd, AGEDGE, "arrowsize", "0.7");
    dflt(bd, AGEDGE, "color", "#8c8c8c");
    dflt(bd, AGEDGE, "penwidth", "1");
    dflt(bd, AGEDGE, "style", "solid");
    dflt(bd, AGEDGE, "label", "");
    dflt(bd, AGEDGE, "tooltip", "");
    if (bd->fail)
        return;

    snprintf(fig, sizeof fig, "%s %s",
             text_num(num, sizeof num, dist_mean(&p->population), 0),
             people(dist_mean(&p->population)));
    Agnode_t *need = add_node(bd, "", "need", 0, "NEED", p->need_text, fig, "#eeeeee");
    Agnode_t **nodes = calloc(p->n_nodes + 1, sizeof *nodes);
    if (!nodes) {
        bd->sb.nomem = 1;
        return;
    }
    for (size_t k = 0; k < p->n_nodes && !bd->sb.nomem; k++) {
        const plan_node *nd = &p->nodes[k];
        int output = nd->parent < 0 || (size_t)nd->parent >= k;
        if (r && isfinite(r->people[k]))
            snprintf(fig, sizeof fig, "%s %s a year",
                     text_num(num, sizeof num, r->people[k], 0), people(r->people[k]));
        else if (r)
            snprintf(fig, sizeof fig, "people a year not defined");
        nodes[k] =
            add_node(bd, output ? "o_" : "c_", nd->id, k, output ? "OUTPUT" : "OUTCOME",
                     nd->text, r ? fig : NULL, output ? "#dceaf7" : "#e2f0d9");
        add_edge(bd, output ? need : nodes[nd->parent], nodes[k], nd->confidence,
                 nd->evidence);
    }
    for (size_t b = 0; b < p->n_benefits && !bd->sb.nomem; b++) {
        const plan_benefit *bn = &p->benefits[b];
        if (r)
            snprintf(fig, sizeof fig, "present value %s",
                     text_money(num, sizeof num, r->by_benefit[b]));
        Agnode_t *n =
            add_node(bd, "b_", bn->id, b, "BENEFIT", bn->text, r ? fig : NULL, "#fcefd4");
        add_edge(bd, bn->node < p->n_nodes ? nodes[bn->node] : need, n, bn->confidence,
                 bn->evidence);
    }
    free(nodes);
    if (!bd->sb.nomem && !bd->fail)
        add_legend(bd);
}

/* gv_msg as one line, for an error message. */
static const char *gv_message(void)
{
    for (char *s = gv_msg; *s; s++)
        if (*s == '\n' || *s == '\r')
            *s = ' ';
    size_t n = strlen(gv_msg);
    while (n > 0 && gv_msg[n - 1] == ' ')
        gv_msg[--n] = '\0';
    return gv_msg;
}

/* Where "<svg" starts in data[0..len), or len when it does not. */
static size_t svg_start(const char *data, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++)
        if (memcmp(data + i, "<svg", 4) == 0)
            return i;
    return len;
}

char *diagram_svg(const stitch_plan *p, const stitch_result *r, stitch_diag *err)
{
    char *svg = NULL;
    pthread_mutex_lock(&gv_lock);
    gv_msg[0] = '\0';
    agusererrf prev = agseterrf(gv_error);
    if (!gv_ctx)
        gv_ctx = gvContext();
    builder bd = {0};
    bd.g = gv_ctx ? agopen("Logic model", Agdirected, NULL) : NULL;
    if (!gv_ctx || !bd.g) {
        diag_set(err, STITCH_EIO, "", 0, "", "Graphviz could not start%s%s",
                 *gv_message() ? ": " : "", gv_msg);
        goto out;
    }
    build(&bd, p, r);
    if (bd.sb.nomem) {
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
        goto out;
    }
    if (bd.fail) {
        diag_set(err, STITCH_EIO, "", 0, "",
                 "Graphviz could not build the logic model%s%s",
                 *gv_message() ? ": " : "", gv_msg);
        goto out;
    }
    if (gvLayout(gv_ctx, bd.g, "dot") != 0) {
        diag_set(err, STITCH_EIO, "", 0, "",
                 "Graphviz could not lay out the logic model%s%s",
                 *gv_message() ? ": " : "", gv_msg);
        gvFreeLayout(gv_ctx, bd.g); /* safe after a failed layout */
        goto out;
    }
    char *data = NULL;
    unsigned int len = 0;
    int rc = gvRenderData(gv_ctx, bd.g, "svg", &data, &len);
    gvFreeLayout(gv_ctx, bd.g);
    size_t at = rc == 0 && data ? svg_start(data, len) : len;
    if (rc != 0 || !data) {
        diag_set(err, STITCH_EIO, "", 0, "",
                 "Graphviz could not draw the logic model as SVG%s%s",
                 *gv_message() ? ": " : "", gv_msg);
    } else if (at == len) {
        diag_set(err, STITCH_EIO, "", 0, "",
                 "Graphviz wrote no SVG document for the logic model");
    } else if (!(svg = malloc(len - at + 1))) {
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
    } else {
        memcpy(svg, data + at, len - at);
        svg[len - at] = '\0';
    }
    gvFreeRenderData(data);
out:
    if (bd.g)
        agclose(bd.g);
    buf_free(&bd.sb);
    agseterrf(prev);
    pthread_mutex_unlock(&gv_lock);
    return svg;
}
