"""Writes the committed fixtures of io.vista.eval.stats (numpy RNG, stratified splits, logistic regression,
classification reports) under vista-eval/src/test/resources/stats/.

Run from the repository root:  /usr/bin/python3 tools/stats/make_fixtures.py
(numpy 1.24, scikit-learn 1.2.1, scipy 1.10). The Java tests only read the JSON this writes.
"""

import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy import optimize
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split
from sklearn.utils import _approximate_mode

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "vista-eval", "src", "test", "resources", "stats")
VERSIONS = {"numpy": np.__version__, "sklearn": sklearn.__version__, "scipy": scipy.__version__}


def dump(name, obj):
    obj = dict(obj)
    obj["_generated_by"] = "tools/stats/make_fixtures.py"
    obj["_versions"] = VERSIONS
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", name)


def rng_fixture():
    bg = np.random.MT19937()
    bg._legacy_seeding(42)
    raw = bg.random_raw(2000)  # crosses the 624-word regeneration boundary three times
    rs = np.random.RandomState(42)
    assert np.array_equal(rs.get_state()[1], np.random.RandomState(42).get_state()[1])
    samples = np.random.RandomState(42).random_sample(50)
    # One generator, several consumers in sequence: checks what each call consumes.
    rs = np.random.RandomState(42)
    perms = {}
    sequence = []
    for n in [0, 1, 2, 3, 5, 10, 17, 100, 1000]:
        sequence.append({"n": n, "perm": rs.permutation(n).tolist()})
    choices = []
    rs = np.random.RandomState(7)
    for pop, size in [([3, 8, 9, 12], 2), ([5], 1), ([0, 1, 2, 3, 4, 5, 6], 7), (list(range(40, 60)), 5)]:
        choices.append({"population": pop, "size": size,
                        "sample": rs.choice(np.array(pop), size=size, replace=False).tolist()})
    other_seeds = {str(s): np.random.RandomState(s).permutation(20).tolist() for s in [0, 1, 123456789, 2**32 - 1]}
    approx = []
    cases = [([4, 2], 3, 0), ([5, 2], 4, 0), ([2, 2, 2, 1], 2, 0), ([2, 2, 2, 1], 2, 42),
             ([10, 10, 10, 10, 10], 12, 42), ([7, 3, 3, 3, 1, 1], 9, 5), ([100, 37, 37, 12, 12, 12, 5], 43, 42)]
    for counts, draws, seed in cases:
        approx.append({"counts": counts, "draws": draws, "seed": seed,
                       "mode": _approximate_mode(np.array(counts), draws, seed).tolist()})
    dump("numpy_rng.json", {
        "seed": 42,
        "raw_uint32": [int(v) for v in raw],
        "random_sample": [float(v) for v in samples],
        "permutation_sequence": sequence,
        "choice_seed7_sequence": choices,
        "permutation20_other_seeds": other_seeds,
        "approximate_mode": approx,
    })


def split_fixture():
    rs = np.random.RandomState(2024)
    cases = []

    def add(name, labels, test_size=0.2, seed=42):
        labels = np.asarray(labels)
        n = len(labels)
        tr, te = train_test_split(np.arange(n), test_size=test_size, random_state=seed, stratify=labels)
        # evaluation.py's ablation passes (acts, labs): same rows in the same order.
        X = np.arange(n * 2).reshape(n, 2)
        Xtr, Xte, ytr, yte = train_test_split(X, labels, test_size=test_size, random_state=seed, stratify=labels)
        assert np.array_equal(Xtr[:, 0] // 2, tr) and np.array_equal(Xte[:, 0] // 2, te)
        cases.append({"name": name, "labels": labels.tolist(), "test_size": test_size, "seed": seed,
                      "train": tr.tolist(), "test": te.tolist()})

    p7 = np.array([0.35, 0.2, 0.15, 0.12, 0.1, 0.05, 0.03])
    add("seven_imbalanced_500", rs.choice(7, size=500, p=p7))
    add("two_classes_301", rs.choice([0, 1], size=301, p=[0.7, 0.3]))
    add("nine_classes_1000", rs.choice(9, size=1000, p=np.full(9, 1 / 9)))
    add("sparse_label_values", rs.choice([-3, 10, 42, 1000000007], size=97, p=[0.4, 0.3, 0.2, 0.1]))
    add("ties_small", [0, 1, 2, 3, 4, 5, 6] * 3, test_size=0.35)
    add("test_size_0.3_seed_7", rs.choice(5, size=203, p=[0.3, 0.3, 0.2, 0.1, 0.1]), test_size=0.3, seed=7)
    add("test_size_0.25_seed_0", rs.choice(3, size=64), test_size=0.25, seed=0)
    add("fairface_like_race_7", rs.choice(7, size=10954, p=[0.14, 0.14, 0.13, 0.19, 0.15, 0.11, 0.14]))
    dump("stratified_split.json", {"cases": cases})


def objective(loss, w, X, y, C):
    return float(loss.loss(w, X, y, np.ones(X.shape[0]), l2_reg_strength=1.0 / C))


def lr_case(name, Xtr, ytr, Xte, yte, num_classes, C=0.1, max_iter=1000, multi_class="auto", warm_from=None):
    clf = LogisticRegression(max_iter=max_iter, solver="lbfgs", C=C, multi_class=multi_class)
    w_init = None
    if warm_from is not None:
        # sklearn's warm start: fit with warm_from iterations, then refit from those coefficients.
        clf.set_params(max_iter=warm_from, warm_start=True)
        clf.fit(Xtr, ytr)
        w_init = np.hstack([clf.coef_, clf.intercept_[:, np.newaxis]])
        warm = {"coef": clf.coef_.tolist(), "intercept": clf.intercept_.tolist()}
        clf.set_params(max_iter=max_iter)
    clf.fit(Xtr, ytr)
    pred = clf.predict(Xte)
    # Replay sklearn's own scipy call to record how L-BFGS-B stopped (message, iterations, evaluations).
    X64 = Xtr.astype(np.float64)
    classes = np.unique(ytr)
    multinomial = len(classes) > 2 or multi_class == "multinomial"
    if multinomial:
        loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
        target = np.searchsorted(classes, ytr).astype(np.float64)
        w0 = np.zeros((len(classes), X64.shape[1] + 1), order="F")
        if w_init is not None:
            if len(classes) == 2:
                w0[0], w0[1] = -w_init[0], w_init[0]
            else:
                w0[:, :] = w_init
        w0 = w0.ravel(order="F")
    else:
        loss = LinearModelLoss(base_loss=HalfBinomialLoss(), fit_intercept=True)
        target = (ytr == classes[1]).astype(np.float64)
        w0 = np.zeros(X64.shape[1] + 1) if w_init is None else w_init[0].copy()
    res = optimize.minimize(loss.loss_gradient, w0, method="L-BFGS-B", jac=True,
                            args=(X64, target, np.ones(len(ytr)), 1.0 / C, 1),
                            options={"iprint": -1, "gtol": 1e-4, "maxiter": max_iter})
    if multinomial:
        w = res.x.reshape((len(classes), -1), order="F")
        if len(classes) == 2:
            w = w[1][np.newaxis, :]  # sklearn keeps only the second row for a two-class multinomial fit
    else:
        w = res.x[np.newaxis, :]
    assert np.array_equal(w[:, :-1], clf.coef_) and np.array_equal(w[:, -1], clf.intercept_), name
    return {
        "name": name, "C": C, "max_iter": max_iter, "num_classes": num_classes, "multi_class": multi_class,
        "warm_from": warm_from, "warm": warm if warm_from is not None else None,
        "n_train": int(Xtr.shape[0]), "n_test": int(Xte.shape[0]), "d": int(Xtr.shape[1]),
        "X_train": [float(v) for v in Xtr.ravel()], "y_train": ytr.tolist(),
        "X_test": [float(v) for v in Xte.ravel()], "y_test": yte.tolist(),
        "classes": clf.classes_.tolist(),
        "coef": clf.coef_.tolist(), "intercept": clf.intercept_.tolist(),
        "n_iter": int(clf.n_iter_[0]), "scipy_nit": int(res.nit), "scipy_nfev": int(res.nfev),
        "scipy_status": int(res.status), "scipy_message": str(res.message),
        "objective": float(res.fun),
        "predictions": pred.tolist(), "accuracy": float(accuracy_score(yte, pred)),
    }


def blobs(rs, n, d, labels, spread=1.0, nonneg=False):
    classes = np.unique(labels)
    means = rs.normal(scale=spread, size=(len(classes), d))
    X = means[np.searchsorted(classes, labels)] + rs.normal(size=(n, d))
    if nonneg:
        X = np.maximum(X, 0.0)
    return X.astype(np.float32)


def logreg_fixture():
    rs = np.random.RandomState(11)
    cases = []
    y3 = rs.choice(3, size=300, p=[0.5, 0.3, 0.2])
    X3 = blobs(rs, 300, 20, y3, spread=0.6)
    tr, te = train_test_split(np.arange(300), test_size=0.2, random_state=42, stratify=y3)
    cases.append(lr_case("three_classes", X3[tr], y3[tr], X3[te], y3[te], 3))
    cases.append(lr_case("three_classes_C1", X3[tr], y3[tr], X3[te], y3[te], 3, C=1.0))
    cases.append(lr_case("three_classes_maxiter5", X3[tr], y3[tr], X3[te], y3[te], 3, max_iter=5))
    cases.append(lr_case("three_classes_warm_start_after_5", X3[tr], y3[tr], X3[te], y3[te], 3, warm_from=5))

    y2 = rs.choice([3, 7], size=300, p=[0.6, 0.4])
    X2 = blobs(rs, 300, 20, y2, spread=0.4)
    tr, te = train_test_split(np.arange(300), test_size=0.2, random_state=42, stratify=y2)
    cases.append(lr_case("two_classes_3_7", X2[tr], y2[tr], X2[te], y2[te], 8))
    cases.append(lr_case("two_classes_maxiter4", X2[tr], y2[tr], X2[te], y2[te], 8, max_iter=4))
    cases.append(lr_case("two_classes_multinomial", X2[tr], y2[tr], X2[te], y2[te], 8, multi_class="multinomial"))
    cases.append(lr_case("two_classes_warm_start_after_3", X2[tr], y2[tr], X2[te], y2[te], 8, warm_from=3))

    # Sparse non-negative SAE-like activations, 6 declared classes of which class 1 and 4 never occur.
    y6 = rs.choice([0, 2, 3, 5], size=400, p=[0.4, 0.3, 0.2, 0.1])
    X6 = blobs(rs, 400, 40, y6, spread=1.0, nonneg=True)
    tr, te = train_test_split(np.arange(400), test_size=0.2, random_state=42, stratify=y6)
    cases.append(lr_case("sparse_nonneg_absent_classes", X6[tr], y6[tr], X6[te], y6[te], 6))
    dump("logreg.json", {"cases": cases})


def lbfgs_fixture():
    from scipy.optimize import rosen, rosen_der
    cases = []
    for name, x0, opts in [
        ("rosen2", [-1.2, 1.0], {}),
        ("rosen5", [1.3, 0.7, 0.8, 1.9, 1.2], {}),
        ("rosen5_gtol_only", [1.3, 0.7, 0.8, 1.9, 1.2], {"gtol": 1e-6, "ftol": 1e-20}),
        ("rosen3_far_start", [-3.0, 4.0, -2.5], {}),
        ("rosen10_maxiter15", list(np.linspace(-1.5, 1.5, 10)), {"maxiter": 15}),
        ("rosen12_memory3", list(np.cos(np.arange(12))), {"maxcor": 3}),
    ]:
        res = optimize.minimize(rosen, np.array(x0), jac=rosen_der, method="L-BFGS-B", options=opts)
        full = {"maxcor": 10, "gtol": 1e-5, "ftol": 2.2204460492503131e-09, "maxiter": 15000, "maxfun": 15000,
                "maxls": 20}
        full.update(opts)
        cases.append({"name": name, "x0": x0, "options": full, "x": res.x.tolist(), "fun": float(res.fun),
                      "nit": int(res.nit), "nfev": int(res.nfev), "message": str(res.message)})
    dump("lbfgs_rosenbrock.json", {"cases": cases})


def report_fixture():
    rs = np.random.RandomState(5)
    cases = []

    def add(name, yt, yp, zero_division=0, labels=None, target_names=None):
        yt, yp = np.asarray(yt), np.asarray(yp)
        kwargs = {"output_dict": True}
        if zero_division is not None:
            kwargs["zero_division"] = zero_division
        if labels is not None:
            kwargs["labels"] = labels
        if target_names is not None:
            kwargs["target_names"] = target_names
        rep = classification_report(yt, yp, **kwargs)
        all_labels = np.unique(np.concatenate([yt, yp]))
        cases.append({
            "name": name, "y_true": yt.tolist(), "y_pred": yp.tolist(),
            "zero_division": "warn" if zero_division is None else zero_division,
            "labels": labels, "target_names": target_names, "report": rep,
            "accuracy": float(accuracy_score(yt, yp)),
            "macro_f1": float(f1_score(yt, yp, average="macro", zero_division=0)),
            "confusion_labels": all_labels.tolist(),
            "confusion": confusion_matrix(yt, yp, labels=all_labels).tolist(),
        })

    yt = rs.choice([0, 1, 2, 3, 4], size=200, p=[0.3, 0.3, 0.2, 0.15, 0.05])
    yp = np.where(rs.rand(200) < 0.6, yt, rs.choice([0, 1, 2, 3, 5], size=200))
    add("label_4_never_predicted_label_5_never_true", yt, yp)
    add("same_with_default_warn", yt, yp, zero_division=None)
    add("same_with_zero_division_1", yt, yp, zero_division=1)
    add("labels_subset_with_names", yt, yp, labels=[0, 2, 4], target_names=["young", "middle", "old"])
    yt2 = rs.choice([0, 1], size=57)
    yp2 = np.where(rs.rand(57) < 0.7, yt2, 1 - yt2)
    add("binary", yt2, yp2)
    yt9 = rs.choice(9, size=1000)
    yp9 = np.where(rs.rand(1000) < 0.5, yt9, rs.choice(9, size=1000))
    add("nine_classes", yt9, yp9)
    add("all_wrong_two_labels", [0, 0, 0], [1, 1, 1])
    dump("classification_report.json", {"cases": cases})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    what = sys.argv[1:] or ["rng", "split", "logreg", "report", "lbfgs"]
    if "rng" in what:
        rng_fixture()
    if "split" in what:
        split_fixture()
    if "logreg" in what:
        logreg_fixture()
    if "report" in what:
        report_fixture()
    if "lbfgs" in what:
        lbfgs_fixture()
