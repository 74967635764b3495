#!/usr/bin/python3
"""scikit-learn on exactly the logistic-regression workload of vista-bench's ablation benchmark.

vista-bench times the 27 fits of the default ablation (Python ablation_study_from_acts with
ablation_ks = [10, 20, 50, 100]: per attribute a baseline, and per k a probe without and one with
only the top-k features) with vista-eval's LogisticRegression. This script fits the same data with
scikit-learn's LogisticRegression(C=0.1, max_iter=1000) (lbfgs, as evaluation.py builds it), on the
same stratified split and the same feature rankings, and prints both sides' seconds, iterations and
test accuracies.

    java -cp vista-bench/target/vista-bench.jar io.vista.bench.LogRegAblationData /tmp/ablation
    java -jar vista-bench/target/vista-bench.jar --variants topk --steps 10 --out bench.json   # Java's 27 fits
    /usr/bin/python3 tools/bench/sklearn_ablation.py /tmp/ablation bench.json
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    d = Path(sys.argv[1])
    meta = json.loads((d / "meta.json").read_text())
    n, p = meta["n"], meta["p"]
    x = np.fromfile(d / "X.f32", dtype="<f4").reshape(n, p)
    java = None
    if len(sys.argv) > 2:
        java = {(f["attribute"], f["kind"], f["k"]): f
                for f in json.loads(Path(sys.argv[2]).read_text())["logreg_ablation"]["fits"]}
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; {n} x {p}, "
          f"{100 * np.count_nonzero(x) / x.size:.1f}% non-zero")
    print(f"{'attribute':9s} {'fit':14s} {'k':>4s} | {'sklearn s':>9s} {'iter':>5s} {'acc':>6s} |"
          f" {'java s':>7s} {'iter':>5s} {'acc':>6s}")
    total_sk = 0.0
    total_java = 0.0
    for attr, classes in meta["classes"].items():
        y = np.fromfile(d / f"y_{attr}.i32", dtype="<i4")
        idx = np.arange(n)
        tr, te = train_test_split(idx, test_size=0.2, random_state=42, stratify=y)
        assert np.array_equal(np.sort(tr), np.sort(np.fromfile(d / f"train_{attr}.i32", dtype="<i4"))), "split differs"
        tr = np.fromfile(d / f"train_{attr}.i32", dtype="<i4")  # Java's order (same set, checked above)
        te = np.fromfile(d / f"test_{attr}.i32", dtype="<i4")
        ranked = np.fromfile(d / f"ranked_{attr}.i32", dtype="<i4")
        fits = [("baseline", 0, None)]
        for k in meta["ks"]:
            top = np.zeros(p, dtype=bool)
            top[ranked[:k]] = True
            fits.append(("without_top_k", k, ~top))
            fits.append(("only_top_k", k, top))
        for kind, k, keep in fits:
            xtr, xte = x[tr], x[te]
            if keep is not None:
                xtr = xtr * keep
                xte = xte * keep
            clf = LogisticRegression(C=meta["C"], max_iter=meta["max_iter"])
            t0 = time.perf_counter()
            clf.fit(xtr, y[tr])
            seconds = time.perf_counter() - t0
            acc = float((clf.predict(xte) == y[te]).mean())
            total_sk += seconds
            line = f"{attr:9s} {kind:14s} {k:4d} | {seconds:9.2f} {int(clf.n_iter_[0]):5d} {acc:6.3f} |"
            if java is not None:
                j = java[(attr, kind, k)]
                total_java += j["seconds"]
                line += f" {j['seconds']:7.2f} {j['iterations']:5d} {j['testAccuracy']:6.3f}"
            print(line, flush=True)
    print(f"total: scikit-learn {total_sk:.1f} s" + (f", vista-java {total_java:.1f} s" if java else ""))


if __name__ == "__main__":
    main()
