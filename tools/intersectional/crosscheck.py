"""Cross-check io.vista.eval.intersectional against VISTA's Python and statsmodels on larger data.

    /usr/bin/python3 tools/intersectional/crosscheck.py [--no-build] [--quick]

Builds the Java test classes (mvn -o test-compile), writes seeded datasets, runs
io.vista.eval.intersectional.CrossCheckMain on them, recomputes everything with VISTA's own
functions (src/analysis.py, src/intersectional.py) and statsmodels, and prints the largest
differences. Scenarios:
  fairface-full-rank  all 9 x 2 x 7 FairFace cells occupied, N=20000, 96 features
  fairface-empty      the same levels with N=2500: empty cells, so statsmodels' type II is
                      ill-defined; Java is compared with an independent lstsq model comparison and
                      statsmodels' instability under a row permutation is shown
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets  # noqa: E402
from make_fixtures import TERMS, model_comparison_table, statsmodels_table  # noqa: E402
from vista_import import DEFAULT_GIT, import_vista  # noqa: E402

warnings.simplefilter("ignore")
ROOT = Path(__file__).resolve().parents[2]


def rel(a, b):
    a, b = float(a), float(b)
    if np.isnan(a) and np.isnan(b):
        return 0.0
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def java_classpath(build: bool) -> str:
    if build:
        subprocess.run(["mvn", "-B", "-q", "-ntp", "-o", "-pl", "vista-core", "-am", "install", "-DskipTests"], cwd=ROOT, check=True)
        subprocess.run(["mvn", "-B", "-q", "-ntp", "-o", "-pl", "vista-eval", "test-compile"], cwd=ROOT, check=True)
    cp_file = Path(tempfile.mkdtemp()) / "cp.txt"
    subprocess.run(["mvn", "-B", "-q", "-ntp", "-o", "-pl", "vista-eval", "dependency:build-classpath",
                    f"-Dmdep.outputFile={cp_file}", "-Dmdep.includeScope=test"], cwd=ROOT, check=True)
    return ":".join([str(ROOT / "vista-eval/target/test-classes"), str(ROOT / "vista-eval/target/classes"), cp_file.read_text().strip()])


def run_java(cp, acts, labels, opts, anova_features):
    d = Path(tempfile.mkdtemp(prefix="inter-xc-"))
    np.ascontiguousarray(acts, dtype="<f4").tofile(d / "acts.f32")
    (d / "input.json").write_text(json.dumps({
        "n": acts.shape[0], "m": acts.shape[1], **{k: v.tolist() for k, v in labels.items()},
        "options": opts, "anova_features": [int(f) for f in anova_features]}))
    subprocess.run(["java", "-Xmx2g", "-cp", cp, "io.vista.eval.intersectional.CrossCheckMain", str(d)], check=True)
    return json.loads((d / "java.json").read_text())


def python_reference(A, I, acts, labels, o):
    t0 = time.time()
    composite, mapping, readable = I.build_intersectional_labels(labels, min_subgroup_size=o["min_subgroup_size"])
    int_sdfs = I.intersectional_sdf_pipeline(acts, composite, k1=o["k1"], k2=o["k2"], k3=o["k3"], k_top=o["k_top"])
    mask = composite >= 0
    alignment = A.compute_alignment_rate(acts[mask], composite[mask], int_sdfs, o["k_top"])
    all_int = np.unique(np.concatenate(list(int_sdfs.values())))
    single = {a: A.run_sdf_pipeline(acts, labels[a], o["k1"], o["k2"], o["k3"], o["k_top"]) for a in ("age", "gender", "race")}
    single_align = {a: A.compute_alignment_rate(acts, labels[a], single[a], o["k_top"]) for a in single}
    single_union = np.unique(np.concatenate([f for d in single.values() for f in d.values()]))
    novel = np.setdiff1d(all_int, single_union)
    t1 = time.time()
    anova = I.compute_interaction_effects(acts, labels, all_int)
    t2 = time.time()
    mi = I.information_decomposition(acts, labels, composite, all_int)
    t3 = time.time()
    return dict(composite=composite, mapping=mapping, names=readable, int_sdfs=int_sdfs, alignment=alignment,
                all_int=all_int, single=single, single_align=single_align, novel=novel, anova=anova, mi=mi,
                seconds={"sdf": t1 - t0, "anova": t2 - t1, "mi": t3 - t2})


def compare_sdfs(py, jr):
    """Counts of classes whose SDF lists (ids and order) differ, and alignment differences."""
    mism, total, align = 0, 0, 0.0
    pairs = [(py["int_sdfs"], jr["intersectional_sdfs"], py["alignment"], jr["intersectional_alignment"])]
    for a in ("age", "gender", "race"):
        s = jr["single_attribute_sdfs"][a]
        pairs.append((py["single"][a], s["sdfs"], py["single_align"][a], s["alignment"]))
    for sdfs, jsdfs, al, jal in pairs:
        assert set(map(str, sdfs)) == set(jsdfs)
        for c, feats in sdfs.items():
            total += 1
            mism += feats.tolist() != jsdfs[str(c)]
            e = al[c]
            j = jal[str(c)]
            align = max(align, max([abs(x - y) for x, y in zip(e["alignment_rates"], j["alignment_rates"])] + [0.0]),
                        abs(e["mean_alignment_rate"] - j["mean_alignment_rate"]))
    return mism, total, align


def scenario(name, A, I, cp, acts, labels, opts, empty_cells_expected):
    print(f"\n== {name}: N={acts.shape[0]}, features={acts.shape[1]}, options={opts}")
    py = python_reference(A, I, acts, labels, opts)
    java = run_java(cp, acts, labels, opts, py["all_int"])
    jr = java["result"]
    print(f"   Java run (all stages, ANOVA, MI): {java['run_seconds']:.2f} s; "
          f"Python VISTA: SDF {py['seconds']['sdf']:.1f} s, ANOVA {py['seconds']['anova']:.1f} s, MI {py['seconds']['mi']:.1f} s")
    print(f"   subgroups: {len(py['names'])} classes; names identical: {py['names'] == jr['class_names']}; "
          f"composite mapping identical: {({str(k): v for k, v in py['mapping'].items()}) == jr['class_mapping']}")
    mism, total, align = compare_sdfs(py, jr)
    print(f"   SDF lists differing (ids or order): {mism} of {total} classes (intersectional + age/gender/race); "
          f"max |alignment rate diff|: {align:.3g}")
    print(f"   intersectional SDF union: {len(py['all_int'])} py / {jr['comparison']['n_intersectional_features']} java; "
          f"novel identical: {py['novel'].tolist() == jr['comparison']['novel_feature_indices']}")

    cls_diff = sum(e["classification"] != a["classification"] for e, a in zip(py["anova"], jr["anova_interaction"]))
    p_rel = max(rel(e["interactions"][t]["p_value"], a["interactions"][t]["p_value"])
                for e, a in zip(py["anova"], jr["anova_interaction"]) for t in e["interactions"])
    eta_rel = max(rel(e["interactions"][t]["partial_eta_squared"], a["interactions"][t]["partial_eta_squared"])
                  for e, a in zip(py["anova"], jr["anova_interaction"]) for t in e["interactions"])
    print(f"   ANOVA verdicts vs VISTA: {cls_diff} of {len(py['anova'])} classifications differ; "
          f"max rel diff p {p_rel:.3g}, partial eta^2 {eta_rel:.3g}; Java empty cells: {jr['anova_summary']['n_empty_cells']}")

    worst = {"sum_sq": 0.0, "F": 0.0, "PR(>F)": 0.0}
    worst_mc = dict(worst)
    unstable = 0.0
    for f in py["all_int"]:
        y = acts[:, f]
        jt = java["anova_tables"][str(int(f))]
        sm = statsmodels_table(y, labels)
        for t in TERMS:
            for k in worst:
                worst[k] = max(worst[k], rel(sm[t][k], jt[t][k]))
        if empty_cells_expected:
            mc = model_comparison_table(y, labels)
            for t in TERMS:
                for k in worst_mc:
                    worst_mc[k] = max(worst_mc[k], rel(mc[t][k], jt[t][k]))
            perm = np.random.default_rng(0).permutation(len(y))
            sp = statsmodels_table(y[perm], {k: v[perm] for k, v in labels.items()})
            unstable = max([unstable] + [rel(sm[t]["F"], sp[t]["F"]) for t in TERMS])
    print(f"   type II tables vs statsmodels anova_lm(typ=2), {len(py['all_int'])} features x 7 terms: "
          f"max rel diff SS {worst['sum_sq']:.3g}, F {worst['F']:.3g}, p {worst['PR(>F)']:.3g}")
    if empty_cells_expected:
        print(f"   ... vs lstsq model comparison (the definition Java implements): "
              f"SS {worst_mc['sum_sq']:.3g}, F {worst_mc['F']:.3g}, p {worst_mc['PR(>F)']:.3g}")
        print(f"   ... statsmodels against itself after permuting the rows: max rel diff F {unstable:.3g}")

    mi_abs = max(abs(e["mi"][k] - a["mi"][k]) for e, a in zip(py["mi"], jr["mi_decomposition"]) for k in e["mi"])
    syn_abs = max(abs(e["synergy_estimate"] - a["synergy_estimate"]) for e, a in zip(py["mi"], jr["mi_decomposition"]))
    print(f"   MI decomposition vs VISTA: max |diff| MI {mi_abs:.3g} bits, synergy {syn_abs:.3g} bits")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vista-git", default=DEFAULT_GIT)
    ap.add_argument("--vista-root", default=None)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--quick", action="store_true", help="smaller full-rank scenario")
    args = ap.parse_args()
    A, I, prov = import_vista(args.vista_root, args.vista_git)
    print(f"numpy {np.__version__}; VISTA {prov}")
    cp = java_classpath(not args.no_build)
    opts = {"min_subgroup_size": 30, "k1": 48, "k2": 24, "k3": 12, "k_top": 20}
    n = 6000 if args.quick else 20000
    acts, labels = datasets.fairface_like_dataset(seed=11, n=n, m=96)
    scenario("fairface-full-rank", A, I, cp, acts, labels, opts, False)
    scenario("fairface-full-rank, VISTA defaults", A, I, cp, acts, labels,
             {"min_subgroup_size": 30, "k1": 200, "k2": 100, "k3": 50, "k_top": 20}, False)
    acts, labels = datasets.fairface_like_dataset(seed=12, n=2500, m=64, min_per_cell=0)
    scenario("fairface-empty", A, I, cp, acts, labels, {"min_subgroup_size": 20, "k1": 32, "k2": 16, "k3": 8, "k_top": 20}, True)


if __name__ == "__main__":
    main()
