"""Times scikit-learn's LogisticRegression on a large seeded problem and writes the data for the Java benchmark.

Run from the repository root:
    /usr/bin/python3 tools/stats/crosscheck_logreg.py [OUT_DIR]          (default /tmp/vista-logreg-crosscheck)
    /usr/bin/python3 tools/stats/crosscheck_logreg.py --time-only [OUT_DIR]   (re-time sklearn on written data)
then
    java -cp <vista-eval classpath> io.vista.eval.stats.LogRegBenchmark OUT_DIR
(see tools/stats/README.md). The problem imitates SAE activations: 10000 x 4096 float32, non-negative and
sparse, 9 imbalanced classes; split 80/20 by train_test_split(stratify=y, random_state=42) and fitted with
evaluation.py's LogisticRegression(max_iter=1000, solver="lbfgs", C=0.1).
"""

import json
import os
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

N, D, K = 10000, 4096, 9


def make_problem(seed=0):
    rs = np.random.RandomState(seed)
    p = np.array([0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.08, 0.07, 0.05])
    y = rs.choice(K, size=N, p=p)
    # Each class shifts a random subset of features; features are sparse non-negative like ReLU/TopK codes.
    means = rs.normal(scale=0.35, size=(K, D)) * (rs.rand(K, D) < 0.1)
    X = np.empty((N, D), dtype=np.float32)
    for start in range(0, N, 1000):
        sl = slice(start, start + 1000)
        X[sl] = np.maximum(means[y[sl]] + rs.normal(size=(y[sl].size, D)) - 1.0, 0.0).astype(np.float32)
    return X, y


def time_only(out, repeats):
    """Re-times sklearn's fit on the data already written (to interleave with the Java benchmark)."""
    with open(os.path.join(out, "meta.json")) as f:
        meta = json.load(f)
    X = np.fromfile(os.path.join(out, "X.f32"), dtype="<f4").reshape(meta["n"], meta["d"])
    y = np.fromfile(os.path.join(out, "y.i32"), dtype="<i4")
    tr = np.array(meta["train"])
    for _ in range(repeats):
        clf = LogisticRegression(max_iter=meta["max_iter"], solver="lbfgs", C=meta["C"])
        t0 = time.perf_counter()
        clf.fit(X[tr], y[tr])
        print("sklearn fit %.2f s, n_iter %d" % (time.perf_counter() - t0, clf.n_iter_[0]))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--time-only":
        time_only(sys.argv[2] if len(sys.argv) > 2 else "/tmp/vista-logreg-crosscheck", 1)
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/vista-logreg-crosscheck"
    os.makedirs(out, exist_ok=True)
    X, y = make_problem()
    print("nonzero fraction %.3f" % (X > 0).mean())
    tr, te = train_test_split(np.arange(N), test_size=0.2, random_state=42, stratify=y)
    Xtr, ytr, Xte, yte = X[tr], y[tr], X[te], y[te]
    timings = []
    for _ in range(2):
        clf = LogisticRegression(max_iter=1000, solver="lbfgs", C=0.1)
        t0 = time.perf_counter()
        clf.fit(Xtr, ytr)
        timings.append(time.perf_counter() - t0)
    pred = clf.predict(Xte)
    acc = accuracy_score(yte, pred)
    print("sklearn fit seconds %s, n_iter %d, test accuracy %.6f" % (
        ", ".join("%.2f" % t for t in timings), clf.n_iter_[0], acc))
    X.astype("<f4").tofile(os.path.join(out, "X.f32"))
    y.astype("<i4").tofile(os.path.join(out, "y.i32"))
    clf.coef_.astype("<f8").tofile(os.path.join(out, "coef.f64"))
    clf.intercept_.astype("<f8").tofile(os.path.join(out, "intercept.f64"))
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump({"n": N, "d": D, "num_classes": K, "train": tr.tolist(), "test": te.tolist(),
                   "sklearn_seconds": timings, "sklearn_n_iter": int(clf.n_iter_[0]),
                   "sklearn_accuracy": float(acc), "sklearn_predictions": pred.tolist(),
                   "C": 0.1, "max_iter": 1000}, f)
    print("wrote", out)


if __name__ == "__main__":
    main()
