#!/usr/bin/python3
"""Reference quantiles of the gamma and beta distributions, for test_dist.c.

Writes quantiles.csv beside this script: dist, a, b, p, q, where q is the
p-quantile of gamma(shape a, scale 1) (b is 1 and unused) or beta(a, b),
computed with SciPy (Debian's python3-scipy, 1.10), which does not share
GSL's code. Shapes run down to 0.01, where GSL 2.7's own inverse CDFs
return NaN, and include the shapes of the cases in issue 11 (a gamma with
mean 1 and sd 3: shape 1/9; betas with mean 0.1, sd 0.24 and mean 0.01,
sd 0.05), and large shapes too (a gamma of shape 1e4 and above is worked
out by an expansion of its own). Each row is checked by putting q back
into SciPy's CDF.

Run: /usr/bin/python3 tests/data/quantiles.py
"""
import csv
import math
import os

import numpy as np
import scipy
from scipy import stats

PROBS = [0.01, 0.05, 0.10, 0.50, 0.90, 0.95, 0.99]
GAMMA_SHAPES = [0.01, 0.02, 0.05, 0.1, 1 / 9, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0, 1e4, 1e5, 1e6]
BETA_SHAPES = [0.01, 0.05, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0, 1e4]


def beta_shapes(mean, sd):
    """The shapes stitch derives from a mean and sd (src/dist.c)."""
    k = mean * (1 - mean) / (sd * sd) - 1
    return mean * k, (1 - mean) * k


def checked(dist, q, p):
    """q is the p-quantile of dist: its CDF (upper tail for p > 1/2) gives p
    back to 1e-9, or p lies between the CDFs at the doubles either side of q
    (a quantile that rounds to 1, or one where the CDF is steep)."""
    want = p if p <= 0.5 else 1 - p
    tail = dist.cdf if p <= 0.5 else dist.sf
    if not math.isfinite(q):
        return False
    if abs(tail(q) - want) <= 1e-9 * want:
        return True
    lo, hi = sorted([tail(np.nextafter(q, -np.inf)), tail(np.nextafter(q, np.inf))])
    return lo <= want <= hi


def rows():
    for a in GAMMA_SHAPES:
        for p in PROBS:
            yield "gamma", a, 1.0, p, stats.gamma(a)
    pairs = [(a, b) for a in BETA_SHAPES for b in BETA_SHAPES]
    pairs += [beta_shapes(0.1, 0.24), beta_shapes(0.01, 0.05)]
    for a, b in pairs:
        for p in PROBS:
            yield "beta", a, b, p, stats.beta(a, b)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quantiles.csv")
    n = 0
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["dist", "a", "b", "p", "q"])
        for name, a, b, p, dist in rows():
            q = float(dist.ppf(p))
            assert checked(dist, q, p), (name, a, b, p, q)
            w.writerow([name, repr(a), repr(b), repr(p), repr(q)])
            n += 1
    print(f"wrote {n} rows to {out} with SciPy {scipy.__version__}")


if __name__ == "__main__":
    main()
