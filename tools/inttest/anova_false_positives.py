"""How often VISTA's interaction test calls a purely single-attribute feature "intersectional".

Simulates the pooled activation of a planted single-attribute atom exactly as DemoGenerator draws it
(FairFace-like priors; per token the atom fires with the active rate when the sample has the class,
else the base rate; coefficient 0.5 + 0.5 Exp(1); mean over 16 tokens), without any SAE, and applies
VISTA's rule (statsmodels type II ANOVA of y ~ C(age) * C(gender) * C(race); an interaction term is
significant when p * n_candidates < alpha and partial eta^2 > 0.01). The control keeps the same cell
means but replaces the noise by homoscedastic Gaussian noise of the same overall spread.

Rates are those of PlantedIntersectionalIntegrationTest's demo (96 atoms, 4 active per token):
active 0.2667, base 0.0253; N = 6000 validation samples; 100 candidates for Bonferroni.

Run: /usr/bin/python3 tools/inttest/anova_false_positives.py [--reps 10] [--seed 1]
"""
import argparse
import warnings

import numpy as np
import pandas as pd
from statsmodels.formula.api import ols
from statsmodels.stats.anova import anova_lm

PRIORS = [
    np.array([0.02, 0.12, 0.11, 0.30, 0.22, 0.12, 0.07, 0.03, 0.01]),
    np.array([0.47, 0.53]),
    np.array([0.19, 0.14, 0.15, 0.14, 0.12, 0.14, 0.12]),
]
NAMES = ["age", "gender", "race"]
INTERACTIONS = ["C(age):C(gender)", "C(age):C(race)", "C(gender):C(race)", "C(age):C(gender):C(race)"]
HIGH, BASE, TOKENS, N, CANDIDATES, ALPHA, MIN_EFFECT = 0.2667, 0.0253, 16, 6000, 100, 0.05, 0.01


def intersectional(y, a, g, r):
    df = pd.DataFrame(dict(y=y, age=a, gender=g, race=r))
    t = anova_lm(ols("y ~ C(age) * C(gender) * C(race)", data=df).fit(), typ=2)
    ss_resid = t.loc["Residual", "sum_sq"]
    for term in INTERACTIONS:
        ss = t.loc[term, "sum_sq"]
        if min(t.loc[term, "PR(>F)"] * CANDIDATES, 1.0) < ALPHA and ss / (ss + ss_resid) > MIN_EFFECT:
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    warnings.filterwarnings("ignore")  # statsmodels' rank warnings when a cell is empty
    rng = np.random.default_rng(args.seed)
    counts = {}
    for _ in range(args.reps):
        labels = [rng.choice(len(p), N, p=p) for p in PRIORS]
        for at, lab in enumerate(labels):
            for c in range(len(PRIORS[at])):
                p = np.where(lab == c, HIGH, BASE)
                fire = rng.random((N, TOKENS)) < p[:, None]
                y = (fire * (0.5 + 0.5 * rng.exponential(size=(N, TOKENS)))).mean(1)
                control = p + rng.normal(0, (y - p).std(), N)
                k = counts.setdefault((NAMES[at], c), [0, 0, 0])
                k[0] += intersectional(y, *labels)
                k[1] += intersectional(control, *labels)
                k[2] += 1
    tot = [sum(v[i] for v in counts.values()) for i in range(3)]
    print(f"single-attribute atoms classified intersectional: {tot[0]} of {tot[2]} as generated, "
          f"{tot[1]} of {tot[2]} with homoscedastic noise (same cell means)")
    for (name, c), v in sorted(counts.items()):
        print(f"  {name}={c} (prior {PRIORS[NAMES.index(name)][c]:.2f}): {v[0]}/{v[2]} as generated, "
              f"{v[1]}/{v[2]} homoscedastic")


if __name__ == "__main__":
    main()
