#!/usr/bin/env python3
"""reference.py: the same Monte Carlo run as stitch, vectorised in NumPy.

    stitch_bench --plan MODEL | python3 bench/reference.py ITERATIONS [REPEATS]

reads the plan that `stitch_bench --plan` writes (every input's
distribution, the costs, the logic model, the benefits, the discount
factors and stitch's own base case), checks that this script's base case
gives stitch's PVB and PVC to 1e-9, then times ITERATIONS simulations:
drawing every uncertain input with NumPy's generator, evaluating the model
(docs/method.md section 4) on whole arrays, and the summaries stitch prints
(mean, sd and five percentiles of PVB, PVC, NPV and BCR, and the chance
that the BCR is at least 1). It prints one line of JSON: the median processor
time over REPEATS runs (default 3) and the last run's mean BCR.

It is a yardstick for docs/performance.md, not a second implementation of
stitch: it leaves out what no example model uses (correlations) and what the
headline does not need (time freed, capacity, the yearly cash flow), and
draws a monitored input's tabulated posterior by linear interpolation of its
CDF (stitch inverts the linear density exactly).
"""
import json
import sys
import time

import numpy as np


def draw(rng, d, n):
    """n draws of one input's distribution (docs/method.md section 2)."""
    k, p = d["kind"], d["p"]
    if k == "fixed":
        return np.full(n, d["mean"])
    if k == "uniform":
        return rng.uniform(p[0], p[1], n)
    if k == "triangular":
        return rng.triangular(p[0], p[1], p[2], n)
    if k == "pert":
        return p[0] + (p[2] - p[0]) * rng.beta(d["q"][0], d["q"][1], n)
    if k == "normal":  # truncated to [p[2], p[3]] by rejection
        out = rng.normal(p[0], p[1], n)
        bad = (out < p[2]) | (out > p[3])
        while bad.any():
            out[bad] = rng.normal(p[0], p[1], int(bad.sum()))
            bad = (out < p[2]) | (out > p[3])
        return out
    if k == "lognormal":
        return rng.lognormal(d["q"][0], d["q"][1], n)
    if k == "beta":
        return rng.beta(d["q"][0], d["q"][1], n)
    if k == "gamma":
        return rng.gamma(d["q"][0], d["q"][1], n)
    if k == "table":
        return np.interp(rng.random(n), d["cdf"], d["x"])
    raise ValueError("unknown distribution " + k)


def evaluate(plan, x):
    """PVB and PVC for input vectors x (a list of arrays, or of numbers)."""
    years, dy = plan["years"], plan["delivery_years"]
    df = np.asarray(plan["df"]).reshape(plan["n_sched"], years)
    pvc = 0.0
    for c in plan["costs"]:
        for t in range(1 if c["once"] else dy):
            pvc = pvc + x[c["amount"] + (t if c["per_year"] else 0)] * df[0, t]
    people = []  # per node, per delivery year
    for nd in plan["nodes"]:
        if nd["parent"] >= 0:
            people.append([py * x[nd["in"]] for py in people[nd["parent"]]])
        else:
            row = []
            for y in range(dy):
                v = x[nd["in"] + (y if nd["per_year"] else 0)]
                if y == 0 and nd["initial"] >= 0:
                    v = v + x[nd["initial"]]
                row.append(v)
            people.append(row)
    pvb = 0.0
    for b in plan["benefits"]:
        keep = 1.0 - x[b["drop_off"]]
        contrib = (1.0 - x[b["deadweight"]]) * (1.0 - x[b["displacement"]]) * (1.0 - b["ob"])
        unit = x[b["quantity"]] * contrib * x[b["price"]]
        pv = 0.0
        for y in range(dy):
            f = 1.0
            for j in range(b["duration"]):
                t = y + b["lag"] + j
                if t >= years:
                    break
                pv = pv + people[b["node"]][y] * unit * f * df[b["sched"], t]
                f = f * keep
        pvb = pvb + pv * (1.0 - x[b["attribution"]])
    return pvb, pvc


def summary(v):
    return [v.mean(), v.std(ddof=1)] + list(np.percentile(v, [5, 25, 50, 75, 95]))


def run(plan, n, seed):
    rng = np.random.default_rng(seed)
    x = [draw(rng, d, n) if d["kind"] != "fixed" else d["mean"] for d in plan["inputs"]]
    pvb, pvc = evaluate(plan, x)
    pvb, pvc = pvb + np.zeros(n), pvc + np.zeros(n)
    costed = pvc > 0
    bcr = pvb[costed] / pvc[costed]
    out = {
        "pvb": summary(pvb),
        "pvc": summary(pvc),
        "npv": summary(pvb - pvc),
        "bcr": summary(bcr) if bcr.size else None,
        "p_bcr_ge_1": float((bcr >= 1).mean()) if bcr.size else None,
    }
    return out


def main():
    n = int(sys.argv[1])
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    plan = json.load(sys.stdin)
    pvb, pvc = evaluate(plan, [d["mean"] for d in plan["inputs"]])
    base = plan["base"]
    for name, ours, theirs in (("PVB", pvb, base["pvb"]), ("PVC", pvc, base["pvc"])):
        if abs(ours - theirs) > 1e-9 * max(1.0, abs(theirs)):
            sys.exit("reference.py: base-case %s %.17g differs from stitch's %.17g"
                     % (name, ours, theirs))
    times, out = [], None
    for r in range(repeats):
        t0 = time.process_time()  # processor time: steadier on a shared machine
        out = run(plan, n, r + 1)
        times.append(time.process_time() - t0)
    times.sort()
    bcr = out["bcr"][0] if out["bcr"] else None
    print(json.dumps({"seconds": times[len(times) // 2], "base_checked": True,
                      "numpy": np.__version__, "mean_bcr": bcr}))


if __name__ == "__main__":
    main()
