"""Seeded synthetic datasets shared by make_fixtures.py and crosscheck.py.

Activations imitate mean-pooled SAE codes: non-negative, mostly sparse, some features tied to a
subgroup, one with a planted gender x race interaction, never-firing features, an exact duplicate
column and coarsely quantised features (ties in frequency, mean, entropy and top-k).
"""

from __future__ import annotations

import numpy as np


def _labels_with_all_cells(rng, n, ages, genders, races, weights, min_per_cell):
    cells = [(a, g, r) for a in ages for g in genders for r in races]
    fixed = [c for c in cells for _ in range(min_per_cell)]
    rest = n - len(fixed)
    p = np.asarray(weights, dtype=np.float64)
    p = p / p.sum()
    drawn = rng.choice(len(cells), size=rest, p=p)
    triples = np.array(fixed + [cells[i] for i in drawn], dtype=np.int64)
    triples = triples[rng.permutation(n)]
    return triples[:, 0].copy(), triples[:, 1].copy(), triples[:, 2].copy()


def sae_like_features(rng, age, gender, race, m):
    """(n, m) float32 activations with planted structure."""
    n = len(age)
    acts = np.zeros((n, m), dtype=np.float32)
    ages = np.unique(age)
    races = np.unique(race)
    for j in range(m):
        kind = j % 8
        noise = rng.normal(size=n)
        if kind == 0:  # fires for one race, strength varies
            target = races[(j // 8) % len(races)]
            z = -1.0 + 2.5 * (race == target) + 0.8 * noise
        elif kind == 1:  # fires for one gender
            z = -1.2 + 2.0 * (gender == (j // 8) % 2) + 0.9 * noise
        elif kind == 2:  # fires for one age
            target = ages[(j // 8) % len(ages)]
            z = -1.0 + 2.2 * (age == target) + 0.9 * noise
        elif kind == 3:  # planted gender x race interaction (no main effects by design of contrast)
            target = races[(j // 8 + 1) % len(races)]
            z = -0.8 + 2.0 * ((gender == 1) & (race == target)) - 0.3 * (gender == 1) + 0.7 * noise
        elif kind == 4:  # one intersectional subgroup
            target_a = ages[(j // 8) % len(ages)]
            target_r = races[(j // 8 + 2) % len(races)]
            z = -1.5 + 3.0 * ((age == target_a) & (gender == 0) & (race == target_r)) + 0.8 * noise
        elif kind == 5:  # dense, always positive: activation frequency 1 everywhere (ties)
            z = 0.5 + 0.1 * np.abs(noise) + 0.05 * age
        elif kind == 6:  # quantised to steps of 0.5: ties in values and means
            z = np.round(2 * (-0.5 + 0.6 * noise + 0.4 * (race == races[0]))) / 2
        else:  # weak, rarely firing
            z = -2.0 + noise
        acts[:, j] = np.maximum(z, 0).astype(np.float32)
    # Never-firing features and an exact duplicate: ties in every ranking.
    if m >= 8:
        acts[:, m - 1] = 0
        acts[:, m - 2] = 0
        acts[:, m - 3] = acts[:, 0]
    return acts


def pipeline_dataset(seed=7, n=900, m=40):
    """Age in {2,3,4}, gender {0,1}, race {0,1,2,3}: 24 cells, all non-empty, sizes 3 to ~90."""
    rng = np.random.default_rng(seed)
    ages, genders, races = [2, 3, 4], [0, 1], [0, 1, 2, 3]
    weights = rng.uniform(0.1, 1.0, size=len(ages) * len(genders) * len(races)) ** 2
    age, gender, race = _labels_with_all_cells(rng, n, ages, genders, races, weights, 3)
    acts = sae_like_features(rng, age, gender, race, m)
    return acts, {"age": age, "gender": gender, "race": race}


def fairface_like_dataset(seed=11, n=20000, m=96, min_per_cell=2):
    """All FairFace levels (9 x 2 x 7 = 126 cells), skewed sizes, every cell non-empty."""
    rng = np.random.default_rng(seed)
    ages, genders, races = list(range(9)), [0, 1], list(range(7))
    age_w = np.array([0.02, 0.12, 0.1, 0.3, 0.22, 0.12, 0.07, 0.03, 0.02])
    race_w = np.array([0.19, 0.14, 0.15, 0.14, 0.12, 0.14, 0.12])
    weights = [age_w[a] * 0.5 * race_w[r] for a in ages for g in genders for r in races]
    age, gender, race = _labels_with_all_cells(rng, n, ages, genders, races, weights, min_per_cell)
    acts = sae_like_features(rng, age, gender, race, m)
    return acts, {"age": age, "gender": gender, "race": race}


def anova_dataset(seed=3, n=600, drop_cells=()):
    """Age {0,1,2} x gender {0,1} x race {0,1,2}, unbalanced; optionally some cells emptied.

    Responses: planted gender x race interaction, an age main effect with a huge F (tiny p),
    pure noise, a sparse ReLU feature, and a response with a large offset (cancellation check).
    """
    rng = np.random.default_rng(seed)
    ages, genders, races = [0, 1, 2], [0, 1], [0, 1, 2]
    weights = rng.uniform(0.2, 1.0, size=18)
    age, gender, race = _labels_with_all_cells(rng, n, ages, genders, races, weights, 4)
    keep = np.ones(n, dtype=bool)
    for a, g, r in drop_cells:
        keep &= ~((age == a) & (gender == g) & (race == r))
    age, gender, race = age[keep], gender[keep], race[keep]
    k = len(age)
    e = rng.normal(size=(5, k))
    ys = {
        "gender_x_race": 0.3 * age + 1.2 * ((gender == 1) & (race == 2)) + e[0],
        "age_main": 3.0 * age + 0.2 * e[1],
        "noise": e[2],
        "sparse_relu": np.maximum(-0.5 + 0.8 * (race == 1) + e[3], 0).astype(np.float32).astype(np.float64),
        "offset": 1000.0 + 0.5 * gender + 0.01 * e[4],
    }
    return {"age": age, "gender": gender, "race": race}, ys
