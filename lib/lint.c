/* lint.c — warnings about a linked model that a reviewer would raise.
 *
 * Each rule looks for a weakness a funder's reviewer would question: a claim
 * without evidence, all the credit claimed, benefits that never fade, the
 * same saving counted twice, costs without staff or overheads. The messages
 * are for bid writers, not economists: what is wrong, why it matters and
 * what to do. All warnings end up sorted by line (docs/model-reference.md,
 * section 17, lists them). */
#include "fmt.h"
#include "model.h"
#include "plan.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* What a check says: the model's warnings, the plan's, then the rules'
 * below, sorted by line at the end. */
struct stitch_lint_result {
    diag_list warnings;
    /* for the checks on the base case (stitch_lint_case), which run after
     * the model is freed: its file and each benefit's line, in plan order */
    char *file;
    int *benefit_line;
    size_t n_benefits;
};

/* A warning into the enclosing rule's list `w`, or STITCH_ENOMEM from it. */
#define WARN(m, line, path, ...)                                                         \
    do {                                                                                 \
        if (diag_list_add(w, (m)->file, (line), (path), __VA_ARGS__))                    \
            return STITCH_ENOMEM;                                                        \
    } while (0)

/* 1 when s holds something other than blanks. */
static int has_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 1;
    return 0;
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int is_letter(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* 1 when some word of `s` starts with `stem` (lower case), ignoring case. */
static int has_word_stem(const char *s, const char *stem)
{
    size_t n = strlen(stem);
    for (const char *p = s; p && *p; p++) {
        if (p > s && is_letter((unsigned char)p[-1]))
            continue;
        size_t k = 0;
        while (k < n && p[k] && lower((unsigned char)p[k]) == stem[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Word stems that mark a cost as staff time or overheads (documented in
 * docs/model-reference.md under Warnings: keep the two lists the same). */
static const char *const staff_stems[] = {
    /* staff */
    "staff", "salar", "wage", "payroll", "pension", "on-cost", "oncost", "employ",
    "personnel", "fte", "post-holder", "worker", "caseworker", "keyworker", "coordinat",
    "co-ordinat", "manag", "leader", "director", "officer", "supervis", "instructor",
    "trainer", "tutor", "facilitator", "practitioner", "therapist", "counsellor", "nurse",
    "sessional",
    /* overheads */
    "overhead", "rent", "premises", "office", "accommodation", "utilit", "insurance",
    "admin", "finance", "indirect", "core cost", "full cost", "full-cost",
    /* a bought-in service: its price includes its staff and overheads */
    "contract", "commission", NULL};

static int mentions_staff(const model_cost *c)
{
    for (size_t i = 0; staff_stems[i]; i++)
        if (has_word_stem(c->id, staff_stems[i]) ||
            has_word_stem(c->text, staff_stems[i]))
            return 1;
    return 0;
}

static long outcome_index(const stitch_model *m, const char *id)
{
    for (size_t i = 0; id && i < m->n_outcomes; i++)
        if (strcmp(m->outcomes[i].id, id) == 0)
            return (long)i;
    return -1;
}

/* 1 when outcome a is an ancestor of outcome b (b comes from a, directly or
 * through other outcomes). Linking has ruled out loops; the bound is a guard. */
static int is_ancestor(const stitch_model *m, long a, long b)
{
    for (size_t steps = 0; b >= 0 && steps <= m->n_outcomes; steps++) {
        b = outcome_index(m, m->outcomes[b].from);
        if (b == a)
            return 1;
    }
    return 0;
}

/* Rule 1: outputs, outcome links and benefits without evidence. */
static stitch_status no_evidence(const stitch_model *m, diag_list *w)
{
    char path[300];
    for (size_t i = 0; i < m->n_outputs; i++) {
        const model_output *o = &m->outputs[i];
        snprintf(path, sizeof path, "outputs.%s.evidence", o->id);
        if (!has_text(o->evidence))
            WARN(m, o->line, path,
                 "no evidence for how many people the service reaches: a funder will "
                 "ask how you know; add evidence = \"...\" (last year's records, "
                 "referral figures, or \"Local assumption: ...\" with your reasons)");
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const model_outcome *o = &m->outcomes[i];
        snprintf(path, sizeof path, "outcomes.%s.evidence", o->id);
        if (!has_text(o->evidence))
            WARN(m, o->line, path,
                 "no evidence for the link from '%s' to this outcome: a funder will ask "
                 "why this share of people get there; add evidence = \"...\" naming a "
                 "study, an evaluation or your own monitoring (or \"Local assumption: "
                 "...\" with your reasons)",
                 o->from);
    }
    for (size_t i = 0; i < m->n_benefits; i++) {
        const model_benefit *b = &m->benefits[i];
        snprintf(path, sizeof path, "benefits.%s.evidence", b->id);
        if (!has_text(b->evidence))
            WARN(m, b->line, path,
                 "no evidence for this benefit: a funder will ask why the outcome leads "
                 "to it and where its figures come from; add evidence = \"...\" naming "
                 "the study or source (or \"Local assumption: ...\" with your reasons)");
    }
    return STITCH_OK;
}

/* Rule 1b: text that `stitch init` wrote as an example and nobody replaced,
 * so that an untouched template never checks clean. */
#define EXAMPLE_TEXT "EXAMPLE:"

static int is_example(const char *s)
{
    return s && strstr(s, EXAMPLE_TEXT) != NULL;
}

#define WARN_EXAMPLE(line, path)                                                         \
    WARN(m, line, path,                                                                  \
         "still the template's example text (\"" EXAMPLE_TEXT " replace...\"): replace "  \
         "it with your own figure's source before anyone reads the case")

static stitch_status example_text(const stitch_model *m, diag_list *w)
{
    char path[300];
    if (is_example(m->need_source))
        WARN_EXAMPLE(m->need_line, "need.source");
    for (size_t i = 0; i < m->n_costs; i++) {
        snprintf(path, sizeof path, "costs.%s.evidence", m->costs[i].id);
        if (is_example(m->costs[i].evidence))
            WARN_EXAMPLE(m->costs[i].line, path);
    }
    for (size_t i = 0; i < m->n_outputs; i++) {
        snprintf(path, sizeof path, "outputs.%s.evidence", m->outputs[i].id);
        if (is_example(m->outputs[i].evidence))
            WARN_EXAMPLE(m->outputs[i].line, path);
    }
    for (size_t i = 0; i < m->n_outcomes; i++) {
        snprintf(path, sizeof path, "outcomes.%s.evidence", m->outcomes[i].id);
        if (is_example(m->outcomes[i].evidence))
            WARN_EXAMPLE(m->outcomes[i].line, path);
    }
    for (size_t i = 0; i < m->n_benefits; i++) {
        snprintf(path, sizeof path, "benefits.%s.evidence", m->benefits[i].id);
        if (is_example(m->benefits[i].evidence))
            WARN_EXAMPLE(m->benefits[i].line, path);
    }
    return STITCH_OK;
}

/* Rule 2: outcomes and benefits rated "none" (a benefit without a rating
 * counts as "none", docs/method.md section 2). */
static stitch_status confidence_none(const stitch_model *m, diag_list *w)
{
    char path[300], pct[32];
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const model_outcome *o = &m->outcomes[i];
        snprintf(path, sizeof path, "outcomes.%s.confidence", o->id);
        if (o->confidence == CONF_NONE)
            WARN(m, o->confidence_line, path,
                 "rated \"none\": the case says there is no evidence for this step, yet "
                 "every benefit after it rests on it; find evidence (a study, an "
                 "evaluation, your own monitoring) and rate it, or say how the project "
                 "will measure it");
    }
    for (size_t i = 0; i < m->n_benefits; i++) {
        const model_benefit *b = &m->benefits[i];
        char cut[128];
        if (b->confidence >= 0 && b->confidence != CONF_NONE)
            continue;
        snprintf(path, sizeof path, "benefits.%s.confidence", b->id);
        if (m->has_ob)
            snprintf(cut, sizeof cut, ", and optimism_bias cuts it by %s",
                     text_pct(pct, sizeof pct, m->ob[CONF_NONE]));
        else
            snprintf(cut, sizeof cut,
                     ", though nothing is cut for that without an optimism_bias group");
        if (b->confidence == CONF_NONE)
            WARN(m, b->confidence_line, path,
                 "rated \"none\": the case says there is no evidence for this "
                 "benefit%s; find evidence and rate it \"low\" or better, or leave the "
                 "benefit out of the headline",
                 cut);
        else
            WARN(m, b->line, path,
                 "not given, so it counts as \"none\", as if there were no evidence%s; "
                 "add confidence = \"high\", \"medium\" or \"low\" to say how strong "
                 "its evidence is",
                 cut);
    }
    return STITCH_OK;
}

/* Rule 3: attribution 0 claims all of the change for the project. */
static stitch_status attribution_zero(const stitch_model *m, diag_list *w)
{
    for (size_t i = 0; i < m->n_benefits; i++) {
        const model_num *a = &m->benefits[i].attribution;
        if (dist_mean(&a->dist) > 0)
            continue;
        WARN(m, a->line, a->path,
             "%s: the project claims all of the change; say what share others (GP, "
             "family, other services) contributed, for example attribution = 0.2, and "
             "give your reasons in evidence or notes",
             a->given ? "attribution is 0" : "not given, so it is 0");
    }
    return STITCH_OK;
}

/* Rule 4: benefits counted for long, or without fading. */
static stitch_status long_benefits(const stitch_model *m, diag_list *w)
{
    char path[300];
    for (size_t i = 0; i < m->n_benefits; i++) {
        const model_benefit *b = &m->benefits[i];
        snprintf(path, sizeof path, "benefits.%s.duration", b->id);
        if (b->duration > 5)
            WARN(m, b->duration_line, path,
                 "the benefit is counted for %d years: few preventive effects are shown "
                 "to last more than 5, so the later years are hard to defend; shorten it "
                 "to "
                 "what the evidence shows, or cite follow-up evidence of an effect this "
                 "long",
                 b->duration);
        if (b->duration > 1 && dist_mean(&b->drop_off.dist) <= 0)
            WARN(m, b->drop_off.line, b->drop_off.path,
                 "%s: the benefit is counted in full in each of its %d years, yet "
                 "effects usually fade as people's lives change; set the share lost "
                 "each year "
                 "(for example drop_off = 0.3), or cite evidence that it does not fade",
                 b->drop_off.given ? "drop_off is 0" : "not given, so it is 0",
                 b->duration);
    }
    return STITCH_OK;
}

/* docs/method.md section 4.3: counts are not capped by the need; warn where reach
 * may exceed it. */
static stitch_status reach_above_need(const stitch_model *m, diag_list *w,
                                      stitch_diag *err)
{
    double need = dist_mean(&m->population.dist);
    for (size_t i = 0; i < m->n_outputs; i++) {
        const model_output *out = &m->outputs[i];
        size_t n = out->n_count_year ? out->n_count_year : 1; /* each year's count */
        for (size_t k = 0; k < n; k++) {
            const model_num *o = out->n_count_year ? &out->count_year[k] : &out->count;
            double p95;
            int rc = dist_quantile(&o->dist, 0.95, &p95);
            if (rc == DIST_ENOMEM)
                return diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
            if (rc)
                return diag_set(err, STITCH_ENUMERIC, m->file, o->line, o->path,
                                "internal error: the P95 of this %s distribution could "
                                "not be worked out; please report it, with the model "
                                "file",
                                dist_name(o->dist.kind));
            char a[64], b[64];
            if (p95 > need)
                WARN(m, o->line, o->path,
                     "its 95th percentile (%s people a year) exceeds the need "
                     "population (%s): check the reach or the need",
                     text_num(a, sizeof a, p95, 0), text_num(b, sizeof b, need, 0));
        }
    }
    return STITCH_OK;
}

/* "consultations" for a code whose unit is "per consultation"; "units" when
 * the code is not in the plan. */
static void units_of(const stitch_plan *p, const char *code, char *buf, size_t n)
{
    snprintf(buf, n, "units");
    for (size_t k = 0; p && k < p->n_unit_costs; k++)
        if (strcmp(p->unit_costs[k].code, code) == 0 && p->unit_costs[k].unit &&
            p->unit_costs[k].unit[0])
            fmt_units_noun(buf, n, p->unit_costs[k].unit);
}

/* Rule 6: one unit cost claimed twice for the same people: on one outcome,
 * or on an outcome and an outcome earlier in its chain. Reported once, at
 * the later benefit, against the first earlier one. */
static stitch_status double_counting(const stitch_model *m, const stitch_plan *p,
                                     diag_list *w)
{
    char path[300], noun[128];
    for (size_t j = 0; j < m->n_benefits; j++) {
        const model_benefit *bj = &m->benefits[j];
        long oj = outcome_index(m, bj->outcome);
        for (size_t i = 0; bj->unit_cost && i < j; i++) {
            const model_benefit *bi = &m->benefits[i];
            long oi = outcome_index(m, bi->outcome);
            if (!bi->unit_cost || strcmp(bi->unit_cost, bj->unit_cost) != 0 || oi < 0 ||
                oj < 0)
                continue;
            snprintf(path, sizeof path, "benefits.%s.unit_cost", bj->id);
            units_of(p, bj->unit_cost, noun, sizeof noun);
            if (oi == oj) {
                WARN(m, bj->unit_cost_line, path,
                     "'%s' is also claimed by benefits.%s (line %d) on the same outcome "
                     "'%s': the same avoided %s would be counted twice; keep one, or "
                     "merge "
                     "the two into one benefit",
                     bj->unit_cost, bi->id, bi->unit_cost_line, bj->outcome, noun);
                break;
            }
            int i_first = is_ancestor(m, oi, oj);
            if (i_first || is_ancestor(m, oj, oi)) {
                WARN(m, bj->unit_cost_line, path,
                     "'%s' is also claimed by benefits.%s (line %d) on outcome '%s', in "
                     "the same chain as '%s': everyone who reaches '%s' has come through "
                     "'%s', so their avoided %s would be counted twice; claim them at "
                     "one step only",
                     bj->unit_cost, bi->id, bi->unit_cost_line, bi->outcome, bj->outcome,
                     i_first ? bj->outcome : bi->outcome,
                     i_first ? bi->outcome : bj->outcome, noun);
                break;
            }
        }
    }
    return STITCH_OK;
}

/* Rule 7: no optimism-bias haircut at all. */
static stitch_status no_optimism_bias(const stitch_model *m, diag_list *w)
{
    if (!m->has_ob)
        WARN(m, 0, "optimism_bias",
             "not given, so no benefit is cut for weak evidence, and funders expect "
             "optimism to be allowed for; add, for example, optimism_bias = { high = "
             "0.0; medium = 0.1; low = 0.25; none = 0.5; }; and label the shares as "
             "local assumptions");
    return STITCH_OK;
}

/* Rule 8: a budget with no staff time and no overheads is not the full cost. */
static stitch_status no_staff_costs(const stitch_model *m, diag_list *w)
{
    for (size_t i = 0; i < m->n_costs; i++)
        if (mentions_staff(&m->costs[i]))
            return STITCH_OK;
    WARN(m, m->n_costs ? m->costs[0].line : 0, "costs",
         "no cost is for staff or overheads (no id or text mentions staff, salary, "
         "coordinator, manager, rent, admin, overheads or the like): funders expect the "
         "full cost, including paid staff time and a share of the host organisation's "
         "running costs; add them, including any paid for by a partner or given in kind");
    return STITCH_OK;
}

/* Rule 9: an output that leads nowhere. */
static stitch_status output_without_outcome(const stitch_model *m, diag_list *w)
{
    char path[300];
    for (size_t i = 0; i < m->n_outputs; i++) {
        const model_output *o = &m->outputs[i];
        int used = 0;
        for (size_t k = 0; k < m->n_outcomes && !used; k++)
            used = strcmp(m->outcomes[k].from, o->id) == 0;
        snprintf(path, sizeof path, "outputs.%s", o->id);
        if (!used)
            WARN(m, o->line, path,
                 "no outcome comes from this output (none has from = \"%s\"): the "
                 "people it reaches lead to no benefit in the case; add the outcome they "
                 "reach, or remove the output",
                 o->id);
    }
    return STITCH_OK;
}

/* ---- the outcome map (docs/method.md section 13) ------------------------------- */

static const char *const step_words =
    "what we do, who with, how they feel, what they learn and gain, what they do "
    "differently, what difference this makes";

/* Rule 10: along a from link, a later step feeds an earlier one; or the chain
 * jumps from what we do, who with or how they feel straight to what
 * difference this makes. An output is what we do and who with: it feeds any
 * step but the last. Only stepped links are compared. */
static stitch_status step_order(const stitch_model *m, diag_list *w)
{
    char path[300];
    for (size_t i = 0; i < m->n_outcomes; i++) {
        const model_outcome *o = &m->outcomes[i];
        if (o->step < 0)
            continue;
        long k = outcome_index(m, o->from);
        int from = k >= 0 ? m->outcomes[k].step : OUTCOME_STEP_WHO;
        if (from < 0)
            continue;
        char who[300];
        if (k >= 0)
            snprintf(who, sizeof who, "outcome '%s'", m->outcomes[k].id);
        else
            snprintf(who, sizeof who, "the output '%s'", o->from);
        snprintf(path, sizeof path, "outcomes.%s.step", o->id);
        if (k >= 0 && from > o->step)
            WARN(m, o->step_line, path,
                 "\"%s\" comes from %s at the later step \"%s\": an outcome map runs "
                 "in one direction (%s), so a later step cannot lead to an earlier one; "
                 "check the from link, or the two steps",
                 outcome_step_names[o->step], who, outcome_step_names[from], step_words);
        else if (o->step == OUTCOME_STEP_DIFFERENCE && from <= OUTCOME_STEP_FEEL)
            WARN(m, o->step_line, path,
                 "the chain jumps from \"%s\" (%s) straight to \"what difference this "
                 "makes\": the causal story has a gap; add the steps between (what "
                 "people learn and gain, what they do differently), or say in evidence "
                 "why the difference follows directly",
                 k >= 0 ? outcome_step_names[from] : "who with", who);
    }
    return STITCH_OK;
}

/* Rule 11: a priced benefit whose chain has a link rated "low" or "none":
 * named at the benefit, with the weakest link (the one nearest the output
 * when several are as weak). */
static stitch_status weak_chain(const stitch_model *m, diag_list *w)
{
    char path[300];
    for (size_t j = 0; j < m->n_benefits; j++) {
        const model_benefit *b = &m->benefits[j];
        long k = outcome_index(m, b->outcome);
        int worst = -1;
        size_t weak = 0;
        const char *kind = "", *id = "";
        for (size_t steps = 0; k >= 0 && steps <= m->n_outcomes; steps++) {
            const model_outcome *o = &m->outcomes[k];
            if (o->confidence >= CONF_LOW) {
                weak++;
                if (o->confidence >= worst)
                    worst = o->confidence, kind = "outcome", id = o->id;
            }
            long up = outcome_index(m, o->from);
            if (up < 0) { /* the output the chain starts from */
                for (size_t i = 0; i < m->n_outputs; i++) {
                    const model_output *out = &m->outputs[i];
                    if (strcmp(out->id, o->from) != 0 || out->confidence < CONF_LOW)
                        continue;
                    weak++;
                    if (out->confidence >= worst)
                        worst = out->confidence, kind = "output", id = out->id;
                }
            }
            k = up;
        }
        if (!weak)
            continue;
        snprintf(path, sizeof path, "benefits.%s", b->id);
        WARN(m, b->line, path,
             "rests on a chain with %zu link%s rated \"low\" or \"none\", the weakest "
             "%s '%s' (rated \"%s\"): a benefit is only as sure as the weakest link "
             "behind it, whatever its own confidence; strengthen that evidence first",
             weak, weak == 1 ? "" : "s", kind, id, confidence_names[worst]);
    }
    return STITCH_OK;
}

/* Sort key: warnings on the model file by line, then those on the model
 * file with no line, then those on other files (tables) in their order. */
static int rank_of(const char *file, const stitch_diag *d)
{
    if (strcmp(d->file, file) != 0)
        return 2;
    return d->line > 0 ? 0 : 1;
}

typedef struct {
    int rank, line;
    size_t index;
} sort_key;

static int by_key(const void *pa, const void *pb)
{
    const sort_key *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->rank == 0 && a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Stable sort of the warnings (qsort, with the original index as the
 * last key). */
static stitch_status sort_warnings(const char *file, diag_list *w)
{
    size_t n = w->n;
    if (n < 2)
        return STITCH_OK;
    sort_key *k = calloc(n, sizeof *k);
    stitch_diag *v = calloc(n, sizeof *v);
    if (!k || !v) {
        free(k), free(v);
        return STITCH_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (sort_key){rank_of(file, &w->v[i]), w->v[i].line, i};
    qsort(k, n, sizeof *k, by_key);
    for (size_t i = 0; i < n; i++)
        v[i] = w->v[k[i].index];
    memcpy(w->v, v, n * sizeof *v);
    free(k), free(v);
    return STITCH_OK;
}

/* Copy n warnings to the end of w. */
static stitch_status copy_warnings(diag_list *w, const stitch_diag *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (diag_list_add(w, v[i].file, v[i].line, v[i].path, "%s", v[i].message))
            return STITCH_ENOMEM;
    return STITCH_OK;
}

stitch_lint_result *stitch_lint_run(const stitch_model *m, const stitch_plan *p,
                                    stitch_diag *err)
{
    stitch_lint_result *l = calloc(1, sizeof *l);
    if (!l) {
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
        return NULL;
    }
    diag_list *w = &l->warnings;
    size_t nm, np;
    const stitch_diag *vm = stitch_model_warnings(m, &nm);
    const stitch_diag *vp = stitch_plan_warnings(p, &np);
    /* Each rule returns STITCH_OK (0) or STITCH_ENOMEM; reach_above_need
     * may also fail with STITCH_ENUMERIC, with *err filled in. */
    stitch_status st = STITCH_OK;
    if (copy_warnings(w, vm, nm) || copy_warnings(w, vp, np) || no_evidence(m, w) ||
        example_text(m, w) ||
        confidence_none(m, w) || attribution_zero(m, w) || long_benefits(m, w))
        st = STITCH_ENOMEM;
    else if ((st = reach_above_need(m, w, err)) == STITCH_OK &&
             (double_counting(m, p, w) || no_optimism_bias(m, w) || no_staff_costs(m, w) ||
              output_without_outcome(m, w) || step_order(m, w) || weak_chain(m, w) ||
              sort_warnings(m->file, w)))
        st = STITCH_ENOMEM;
    if (st == STITCH_OK) { /* what stitch_lint_case needs once the model is gone */
        l->file = xstrdup(m->file);
        l->benefit_line = calloc(p->n_benefits + 1, sizeof *l->benefit_line);
        if (!l->file || !l->benefit_line)
            st = STITCH_ENOMEM;
        for (size_t i = 0; st == STITCH_OK && i < p->n_benefits; i++)
            for (size_t j = 0; j < m->n_benefits; j++)
                if (strcmp(m->benefits[j].id, p->benefits[i].id) == 0)
                    l->benefit_line[i] = m->benefits[j].line;
        l->n_benefits = st == STITCH_OK ? p->n_benefits : 0;
    }
    if (st == STITCH_ENOMEM)
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
    if (st) {
        stitch_lint_free(l);
        return NULL;
    }
    return l;
}

/* Rule 12: the value of the case rests more than 90% on one benefit (of two
 * or more: with one, the case plainly rests on it). */
stitch_status stitch_lint_case(stitch_lint_result *l, const stitch_plan *p,
                               const stitch_result *r, stitch_diag *err)
{
    diag_list *w = &l->warnings;
    size_t before = w->n;
    stitch_status st = STITCH_OK;
    for (size_t i = 0; p->n_benefits > 1 && i < p->n_benefits && !st; i++) {
        double share = r->pvb > 0 ? r->by_benefit[i] / r->pvb : 0;
        if (!(share > 0.9))
            continue;
        char a[32], v[64], t[64], path[300];
        snprintf(path, sizeof path, "benefits.%s", p->benefits[i].id);
        st = diag_list_add(w, l->file, i < l->n_benefits ? l->benefit_line[i] : 0, path,
                           "%s of the value of the case (%s of %s) rests on this one "
                           "benefit: if its figures are wrong, the case falls with them; "
                           "test them first (stitch sensitivity), and show the outcomes "
                           "and benefits that do not depend on it",
                           text_pct(a, sizeof a, share), text_money(v, sizeof v, r->by_benefit[i]),
                           text_money(t, sizeof t, r->pvb));
    }
    /* keep the list in line order: the model's warnings come first, by line */
    if (!st && w->n > before)
        st = sort_warnings(l->file, w);
    if (st)
        diag_set(err, STITCH_ENOMEM, "", 0, "", "out of memory");
    return st;
}

const stitch_diag *stitch_lint_warnings(const stitch_lint_result *l, size_t *n)
{
    *n = l->warnings.n;
    return l->warnings.v;
}

void stitch_lint_free(stitch_lint_result *l)
{
    if (!l)
        return;
    diag_list_free(&l->warnings);
    free(l->file), free(l->benefit_line);
    free(l);
}
