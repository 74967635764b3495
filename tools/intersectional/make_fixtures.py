"""Write the reference fixtures of io.vista.eval.intersectional (Java tests never run Python).

    /usr/bin/python3 tools/intersectional/make_fixtures.py \
        [--vista-git /work/.mirror/ozanbayiz+vista/repo | --vista-root <checkout>] \
        [--out vista-eval/src/test/resources/intersectional]

Needs numpy, scipy, pandas, patsy, statsmodels (the /usr/bin/python3 of the build machine has
numpy 1.24.2, scipy 1.10.1, pandas 1.5.3, patsy 0.5.3, statsmodels 0.13.5). Reference values come
from VISTA's own functions (imported from its source) and from statsmodels' anova_lm(typ=2);
where statsmodels is ill-defined (empty cells) from an independent least-squares model comparison.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import patsy
import scipy
import statsmodels
from scipy import stats
from statsmodels.formula.api import ols
from statsmodels.stats.anova import anova_lm

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets  # noqa: E402
from vista_import import DEFAULT_GIT, import_vista  # noqa: E402

warnings.simplefilter("ignore")
FORMULA = "y ~ C(age) * C(gender) * C(race)"
TERMS = [
    "C(age)", "C(gender)", "C(race)", "C(age):C(gender)", "C(age):C(race)",
    "C(gender):C(race)", "C(age):C(gender):C(race)",
]


def versions(prov):
    return {
        "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__,
        "patsy": patsy.__version__, "statsmodels": statsmodels.__version__, **prov,
    }


def f32_b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def dump(path: Path, obj) -> None:
    def default(o):
        if isinstance(o, np.integer):
            return int(o)
        if isinstance(o, np.floating):
            return float(o)
        if isinstance(o, np.ndarray):
            return o.tolist()
        raise TypeError(type(o))

    path.write_text(json.dumps(obj, separators=(",", ":"), default=default) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def statsmodels_table(y, labels):
    df = pd.DataFrame({
        "y": np.asarray(y, dtype=np.float64),
        "age": pd.Categorical(labels["age"]),
        "gender": pd.Categorical(labels["gender"]),
        "race": pd.Categorical(labels["race"]),
    })
    t = anova_lm(ols(FORMULA, data=df).fit(), typ=2)
    out = {}
    for name in TERMS + ["Residual"]:
        row = t.loc[name]
        out[name] = {"sum_sq": row["sum_sq"], "df": row["df"], "F": row["F"], "PR(>F)": row["PR(>F)"]}
    return out


def model_comparison_table(y, labels):
    """Type II by definition: SSR(terms not containing t) - SSR(those + t), rank-based df.

    Independent of the Java cell-space method: full N x p patsy design, numpy lstsq per model.
    """
    df = pd.DataFrame({"y": np.asarray(y, dtype=np.float64), **{k: pd.Categorical(v) for k, v in labels.items()}})
    yv, X = patsy.dmatrices(FORMULA, df, return_type="dataframe")
    di = X.design_info
    X = X.values
    yv = yv.values[:, 0]
    terms = [t for t in di.terms if t.factors]

    def fit(term_list):
        cols = [0] + [c for u in term_list for c in range(di.slice(u).start, di.slice(u).stop)]
        Xs = X[:, cols]
        beta, *_ = np.linalg.lstsq(Xs, yv, rcond=None)
        r = yv - Xs @ beta
        return float(r @ r), int(np.linalg.matrix_rank(Xs))

    ssr_full, rank_full = fit(terms)
    df_resid = len(yv) - rank_full
    out = {}
    for t in terms:
        ts = set(t.factors)
        containing = [u for u in terms if ts < set(u.factors)]
        without = [u for u in terms if u is not t and u not in containing]
        ssr_a, rank_a = fit(without)
        ssr_b, rank_b = fit(without + [t])
        ss = ssr_a - ssr_b
        d = rank_b - rank_a
        F = (ss / d) / (ssr_full / df_resid)
        out[t.name()] = {"sum_sq": ss, "df": d, "F": F, "PR(>F)": float(stats.f.sf(F, d, df_resid))}
    out["Residual"] = {"sum_sq": ssr_full, "df": df_resid}
    return out


# ---------------------------------------------------------------------------------------------


def numpy_order_fixture():
    rng = np.random.default_rng(5)
    cases = []

    def add(name, values, kths):
        values = np.asarray(values)
        case = {"name": name, "dtype": str(values.dtype), "values": values.astype(np.float64).tolist(),
                "argsort": np.argsort(values).tolist(), "argpartition": []}
        for k in kths:
            if 0 <= k < len(values):
                case["argpartition"].append({"kth": int(k), "result": np.argpartition(values, k).tolist()})
        cases.append(case)

    for n in (5, 16, 17, 40, 200, 1000):
        add(f"small-ints-{n}", rng.integers(0, 5, n).astype(np.float64), [0, 1, 2, 3, 7, 20, n // 2, n - 2, n - 1])
    add("all-equal-100", np.ones(100), [0, 3, 20, 50, 99])
    add("sorted-dups-300", np.sort(rng.integers(0, 30, 300)).astype(np.float64), [3, 20, 150])
    add("reversed-dups-300", np.sort(rng.integers(0, 30, 300))[::-1].astype(np.float64), [3, 20, 150])
    add("organ-pipe-257", np.concatenate([np.arange(129), np.arange(128)[::-1]]).astype(np.float64), [20, 128])
    add("frequencies-500", (rng.integers(0, 40, 500) / 40.0), [20, 250])
    add("continuous-300", rng.normal(size=300), [0, 5, 20, 299])
    # negated sparse float32 activations, as VISTA's argpartition(-col, k): mostly -0.0 ties
    col = np.maximum(rng.normal(-1.5, 1, 800), 0).astype(np.float32)
    col[rng.integers(0, 800, 30)] = 0.5
    add("neg-sparse-f32-800", -col, [19, 20, 21])
    add("neg-few-nonzero-f32-200", -np.where(rng.random(200) < 0.05, rng.random(200), 0).astype(np.float32), [20])
    add("f32-ties-150", np.round(rng.normal(size=150) * 4).astype(np.float32) / 4, [0, 20, 75])
    add("with-nan-60", np.where(rng.random(60) < 0.1, np.nan, rng.integers(0, 4, 60)).astype(np.float64), [20, 59])
    # acts[mask][:, candidates].mean(axis=0): Fortran-ordered float32, pairwise per column,
    # in chunks of numpy's 8192-element buffer
    means = []
    for n in (7, 100, 8191, 8193, 16500):
        big = (np.maximum(rng.normal(size=(n, 6)), 0) * 3.3).astype(np.float32)
        sub = big[:, [4, 1, 5]] if n <= 100 else big[:, [4]]
        means.append({"n": n, "columns_f32_base64": f32_b64(sub.T), "mean": sub.mean(axis=0).astype(np.float64).tolist()})
    return {"cases": cases, "float32_column_means": means}


def mi_fixture(I):
    rng = np.random.default_rng(0)
    cases = []

    def add(name, x, y, n_bins=20):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.int64)
        cases.append({"name": name, "x": x.tolist(), "y": y.tolist(), "n_bins": n_bins,
                      "mi": I._binned_mi(x, y, n_bins)})

    add("independent-normal-5-classes", rng.normal(size=1000), rng.integers(0, 5, 1000))
    yy = np.repeat([0, 1], 500)
    add("deterministic-two-clusters", np.concatenate([rng.normal(-5, 0.1, 500), rng.normal(5, 0.1, 500)]), yy)
    add("constant-x", np.ones(100), np.repeat([0, 1], 50), 10)
    add("empty", [], [], 10)
    for i in range(4):
        add(f"small-n-{i}", rng.normal(size=50), rng.integers(0, 3, 50))
    add("values-on-edges", np.arange(21.0), np.arange(21) % 3)
    add("large-offset", 1e6 + rng.random(300) * 1e-3, rng.integers(0, 4, 300))
    add("sparse-activation", np.maximum(rng.normal(-1, 1, 700), 0).astype(np.float32), rng.integers(0, 7, 700))
    add("many-classes", rng.gamma(2.0, size=2000), rng.integers(0, 40, 2000) * 3)
    add("range-just-above-1e-12", np.array([0.0, 2e-12, 1e-12]), np.array([0, 1, 0]))
    add("range-below-1e-12", np.array([0.0, 5e-13, 1e-13]), np.array([0, 1, 0]))
    add("bins-7", rng.normal(size=400), rng.integers(0, 2, 400), 7)
    add("bins-1", rng.normal(size=50), rng.integers(0, 2, 50), 1)
    return {"cases": cases}


def anova_fixture(seed, drop):
    labels, ys = datasets.anova_dataset(seed=seed, drop_cells=drop)
    out = {"labels": {k: v.tolist() for k, v in labels.items()}, "dropped_cells": [list(c) for c in drop],
           "responses": {}}
    for name, y in ys.items():
        entry = {"y": np.asarray(y, dtype=np.float64).tolist(), "statsmodels": statsmodels_table(y, labels),
                 "model_comparison": model_comparison_table(y, labels)}
        if drop:
            perm = np.random.default_rng(1).permutation(len(y))
            entry["statsmodels_rows_permuted"] = statsmodels_table(
                np.asarray(y)[perm], {k: v[perm] for k, v in labels.items()})
        out["responses"][name] = entry
    return out


def f_sf_fixture():
    rows = []
    for d1, d2 in [(1, 10), (2, 594), (4, 600), (6, 10828), (125, 10828), (3, 3), (1, 1e5)]:
        for F in [0.0, 1e-8, 0.01, 0.5, 1.0, 2.5, 10.0, 50.0, 300.0, 3000.0]:
            rows.append({"F": F, "d1": d1, "d2": d2, "sf": float(stats.f.sf(F, d1, d2))})
    return {"rows": rows}


def pipeline_fixture(A, I, acts, labels, k1, k2, k3, k_top, min_subgroup):
    n, m = acts.shape
    out = {"n": n, "m": m, "acts_f32_base64": f32_b64(acts), "labels": {k: v.tolist() for k, v in labels.items()},
           "params": {"k1": k1, "k2": k2, "k3": k3, "k_top": k_top, "min_subgroup_size": min_subgroup}}

    def stages(a, lab):
        s1 = A.stage1_activation_frequency(a, lab, k1)
        s2 = A.stage2_mean_activation(a, lab, s1, k2)
        s3 = A.stage3_entropy_filter(a, lab, s2, k3, k_top)
        per_class = {}
        for c in s1:
            mask = lab == c
            freq = (a[mask] > 0).mean(axis=0)
            mean_act = a[mask][:, s1[c]].mean(axis=0)
            pos = {int(f): i for i, f in enumerate(s1[c])}
            tv, tl = A.compute_top_k_activations(a, lab, s2[c], k_top=k_top)
            ent = A.compute_entropy(tv, tl)
            epos = {int(f): i for i, f in enumerate(s2[c])}
            per_class[str(c)] = {
                "stage1": s1[c].tolist(), "stage1_frequency": freq[s1[c]].tolist(),
                "stage2": s2[c].tolist(), "stage2_mean_activation": [float(mean_act[pos[int(f)]]) for f in s2[c]],
                "stage3": s3[c].tolist(), "stage3_entropy": [float(ent[epos[int(f)]]) for f in s3[c]],
            }
        full = A.run_sdf_pipeline(a, lab, k1, k2, k3, k_top)
        assert all(np.array_equal(full[c], s3[c]) for c in full)
        align = A.compute_alignment_rate(a, lab, full, k_top)
        return per_class, align

    single = {}
    for attr in ("age", "gender", "race"):
        per_class, align = stages(acts, labels[attr])
        single[attr] = {"classes": per_class, "alignment": {str(c): v for c, v in align.items()}}
    out["single_attribute"] = single

    composite, mapping, readable = I.build_intersectional_labels(labels, min_subgroup_size=min_subgroup)
    out["composite"] = {"labels": composite.tolist(), "mapping": {str(k): v for k, v in mapping.items()},
                        "names": readable}
    mask = composite >= 0
    per_class, _ = stages(acts[mask], composite[mask])
    out["intersectional_stages"] = per_class

    # The rest is main() of src/intersectional.py, minus I/O and metadata.
    int_sdfs = I.intersectional_sdf_pipeline(acts, composite, k1=k1, k2=k2, k3=k3, k_top=k_top)
    alignment = A.compute_alignment_rate(acts[mask], composite[mask], int_sdfs, k_top)
    all_int = np.unique(np.concatenate(list(int_sdfs.values()))) if int_sdfs else np.array([], dtype=np.int64)
    single_sdfs = {attr: A.run_sdf_pipeline(acts, labels[attr], k1, k2, k3, k_top) for attr in ("age", "gender", "race")}
    single_union = np.unique(np.concatenate([f for d in single_sdfs.values() for f in d.values()]))
    novel = np.setdiff1d(all_int, single_union)
    anova_results = I.compute_interaction_effects(acts, labels, all_int)
    mi_results = I.information_decomposition(acts, labels, composite, all_int)
    synergies = [r["synergy_estimate"] for r in mi_results]
    expected = {
        "intersectional_sdfs": {str(c): f.tolist() for c, f in int_sdfs.items()},
        "intersectional_alignment": {str(c): v for c, v in alignment.items()},
        "class_mapping": {str(k): v for k, v in mapping.items()},
        "class_names": readable,
        "comparison": {
            "n_intersectional_features": int(len(all_int)),
            "n_single_attribute_features": int(len(single_union)),
            "n_novel_intersectional": int(len(novel)),
            "novel_feature_indices": novel.tolist(),
        },
        "params": out["params"],
        "anova_interaction": anova_results,
        "anova_summary": {
            "n_tested": len(anova_results),
            "n_intersectional": sum(1 for r in anova_results if r["classification"] == "intersectional"),
            "n_main_effect_only": sum(1 for r in anova_results if r["classification"] == "main_effect_only"),
        },
        "mi_decomposition": mi_results,
        "mi_summary": {
            "n_features": len(mi_results),
            "mean_synergy": float(np.mean(synergies)) if synergies else 0.0,
            "max_synergy": float(np.max(synergies)) if synergies else 0.0,
            "n_synergistic_gt_001": sum(1 for s in synergies if s > 0.01),
        },
    }
    out["expected_output"] = expected
    out["statsmodels_tables"] = {str(int(f)): statsmodels_table(acts[:, f], labels) for f in all_int}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vista-git", default=DEFAULT_GIT)
    ap.add_argument("--vista-root", default=None)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "vista-eval/src/test/resources/intersectional"))
    args = ap.parse_args()
    A, I, prov = import_vista(args.vista_root, args.vista_git)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    meta = versions(prov)

    dump(out / "numpy_order.json", {"_provenance": meta, **numpy_order_fixture()})
    dump(out / "binned_mi.json", {"_provenance": meta, **mi_fixture(I)})
    dump(out / "f_sf.json", {"_provenance": meta, **f_sf_fixture()})
    dump(out / "anova_full_rank.json", {"_provenance": meta, **anova_fixture(3, ())})
    dump(out / "anova_empty_cells.json", {"_provenance": meta, **anova_fixture(4, ((1, 1, 1), (0, 1, 2)))})
    acts, labels = datasets.pipeline_dataset()
    dump(out / "pipeline_small_k.json", {"_provenance": meta, **pipeline_fixture(A, I, acts, labels, 12, 8, 4, 20, 30)})
    dump(out / "pipeline_defaults.json", {"_provenance": meta, **pipeline_fixture(A, I, acts, labels, 200, 100, 50, 20, 30)})


if __name__ == "__main__":
    main()
