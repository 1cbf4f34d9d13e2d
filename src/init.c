/* init.c — `stitch init NAME`: a commented template model that runs as it
 * stands, so that nobody starts from a blank file. */
#include "cli.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char template_text[] =
    "# %s: a business case for stitch.\n"
    "#\n"
    "# This file was written by `stitch init`. It runs as it stands, but every\n"
    "# number in it is an EXAMPLE: replace each one with your own figure and say\n"
    "# where it comes from in `evidence`. Lines starting with # are notes for\n"
    "# people; stitch ignores them. Check the file at any time with\n"
    "#     stitch check %s\n"
    "# and work out the business case with\n"
    "#     stitch run %s\n"
    "# Every key is explained in docs/model-reference.md; the tutorial\n"
    "# (docs/tutorial.md) walks through a whole case.\n"
    "\n"
    "name         = \"%s\";\n"
    "organisation = \"Your organisation\";\n"
    "price_year   = \"2023/24\";   # the year whose prices all money is in\n"
    "years        = 3;           # how many years of benefits and costs to count\n"
    "delivery_years = 2;         # how many years the service runs (at most `years`)\n"
    "discount     = 0.035;       # HM Treasury Green Book rate: 3.5%% a year\n"
    "unit_costs   = [\"uk-pssru-2024.csv\"];   # where unit costs come from (see stitch "
    "costs)\n"
    "simulation   = { iterations = 10000; seed = 1; };\n"
    "\n"
    "# 1. The need: who the service is for, and how many of them there are.\n"
    "need = {\n"
    "  text       = \"Older people living alone who say they are often lonely\";\n"
    "  population = 400;\n"
    "  source     = \"EXAMPLE: replace with a local figure (e.g. a needs assessment)\";\n"
    "};\n"
    "\n"
    "# 2. Costs: what the service costs each year (per = \"year\") or once (\"once\").\n"
    "#    A range { dist = \"pert\"; min; mode; max; } says how sure you are.\n"
    "#    A cost that changes by year takes one value per delivery year, year 0\n"
    "#    first: amount = [20000.0, 32000.0, 32000.0]; funder = \"...\" says who pays.\n"
    "costs = (\n"
    "  { id = \"staff\"; text = \"Coordinator (1 FTE, salary and on-costs)\";\n"
    "    amount = { dist = \"pert\"; min = 30000.0; mode = 32000.0; max = 35000.0; };\n"
    "    per = \"year\";\n"
    "    evidence = \"EXAMPLE: replace with your budget\"; },\n"
    "  { id = \"overheads\"; text = \"Management, rent, IT and insurance\";\n"
    "    amount = 6000.0; per = \"year\";\n"
    "    evidence = \"EXAMPLE: replace with your budget\"; }\n"
    ");\n"
    "\n"
    "# 3. Outputs: how many people the service reaches each year. A slower first\n"
    "#    year: count = [30.0, 60.0, 60.0]; people already on the books: initial = 10.0;\n"
    "outputs = (\n"
    "  { id = \"supported\"; text = \"People supported\";\n"
    "    count = { dist = \"pert\"; min = 40.0; mode = 60.0; max = 70.0; };\n"
    "    evidence = \"EXAMPLE: replace with your planned caseload\"; confidence = "
    "\"medium\"; }\n"
    ");\n"
    "\n"
    "# 4. Outcomes: what changes for them. `rate` is the share of the group in\n"
    "#    `from` who reach this outcome (0 to 1).\n"
    "outcomes = (\n"
    "  { id = \"better\"; text = \"Feel less lonely after six months\"; from = "
    "\"supported\";\n"
    "    rate = { dist = \"beta\"; mean = 0.4; sd = 0.1; };\n"
    "    evidence = \"EXAMPLE: replace with published evidence or your own "
    "monitoring\";\n"
    "    confidence = \"low\"; }\n"
    ");\n"
    "\n"
    "# 5. Benefits: what each outcome is worth. Either a unit cost from the tables\n"
    "#    (unit_cost = \"code\"; quantity = units avoided per person per year) or a\n"
    "#    value in pounds per person per year. Then the honest adjustments:\n"
    "#    deadweight (would have happened anyway), displacement (moved elsewhere),\n"
    "#    attribution (share caused by others), drop_off (lost each later year).\n"
    "#    stakeholder = \"...\" says who gains (the people helped, carers, the NHS).\n"
    "benefits = (\n"
    "  { id = \"gp\"; text = \"GP consultations avoided\"; outcome = \"better\";\n"
    "    unit_cost = \"gp_surgery_consultation\";\n"
    "    quantity = { dist = \"pert\"; min = 0.0; mode = 1.0; max = 2.0; };\n"
    "    duration = 2; drop_off = 0.5; deadweight = 0.3; attribution = 0.3;\n"
    "    evidence = \"EXAMPLE: replace with published evidence\"; confidence = \"low\"; "
    "},\n"
    "  { id = \"wellbeing\"; text = \"Wellbeing of people less lonely\"; outcome = "
    "\"better\";\n"
    "    value = { dist = \"pert\"; min = 1000.0; mode = 2000.0; max = 3000.0; };\n"
    "    category = \"social\"; payer = \"The people themselves\";\n"
    "    duration = 1; deadweight = 0.3; attribution = 0.3;\n"
    "    evidence = \"EXAMPLE: replace with a sourced value (e.g. HM Treasury wellbeing "
    "guidance)\";\n"
    "    confidence = \"low\"; }\n"
    ");\n"
    "\n"
    "# 6. Optimism bias: a cut to each benefit by how strong its evidence is.\n"
    "optimism_bias = { high = 0.0; medium = 0.1; low = 0.25; none = 0.5; };\n";

/* "mycase" -> "mycase.cfg"; a name already ending in .cfg is kept. */
static int file_name(const char *name, char *out, size_t n)
{
    size_t len = strlen(name);
    int has = len > 4 && strcmp(name + len - 4, ".cfg") == 0;
    return snprintf(out, n, "%s%s", name, has ? "" : ".cfg") >= (int)n ? -1 : 0;
}

cli_status cli_template_write(const char *name, char *written, size_t n, stitch_diag *err)
{
    if (!*name || strchr(name, '"') || strchr(name, '\\') || file_name(name, written, n))
        return cli_usage(
            err, "init: '%s' is not a usable name (letters, digits, '-' and '_')", name);
    const char *base = strrchr(written, '/');
    base = base ? base + 1 : written;
    char title[256];
    snprintf(title, sizeof title, "%.*s", (int)(strlen(base) - 4), base);
    int fd = open(written, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 && errno == EEXIST)
        return cli_status_of(diag_set(err, STITCH_EINPUT, written, 0, "",
                                      "already exists; stitch init never overwrites a "
                                      "file: choose another name or move the file"));
    if (fd < 0)
        return cli_status_of(diag_set(err, STITCH_EIO, written, 0, "",
                                      "cannot create: %s", strerror(errno)));
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(written);
        return cli_status_of(
            diag_set(err, STITCH_ENOMEM, written, 0, "", "out of memory"));
    }
    fprintf(f, template_text, title, base, base, title);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad) {
        unlink(written); /* never leave half a template behind */
        return cli_status_of(diag_set(err, STITCH_EIO, written, 0, "", "cannot write: %s",
                                      strerror(errno ? errno : EIO)));
    }
    return CLI_OK;
}

cli_status cli_cmd_init(const cli_args *cli, FILE *out, FILE *errs)
{
    char path[4096];
    stitch_diag err;
    cli_status st = cli_template_write(cli->model, path, sizeof path, &err);
    if (st == CLI_USAGE)
        cli_usage_error(&err, errs);
    else if (st)
        return cli_print_diag(errs, &err, "");
    else {
        errno = 0;
        fprintf(out,
                "Wrote %s: a template business case. Every number in it is an example.\n"
                "Next: edit it, then run\n  stitch check %s\n  stitch run %s\n",
                path, path, path);
        if (fflush(out) != 0 || ferror(out))
            st = cli_write_failed(errs);
    }
    return st;
}
