"""Cross-checks vista-java's linear probe against scikit-learn's LogisticRegression.

Run (from the repository root, after `mvn -B -q -ntp -o install -DskipTests`):
    /usr/bin/python3 tools/probe/crosscheck_sklearn.py [--epochs 800] [--lr 1e-3] [--workdir /tmp/vista_probe_xcheck]

What it does:
  1. `vista-train.jar generate-demo` writes a demo file whose tasks are NOT at ceiling (enough Gaussian
     noise that accuracies land around 0.6-0.85; the planted attribute atoms keep labels learnable).
  2. `vista-train.jar module=probe model=linear_probe data=fairface_labels ...` trains the Java probe
     (Adam, no weight decay, summed cross-entropy of the three heads) and writes probe_report.json and
     last/sae_weights.safetensors.
  3. h5py reads the SAME file: features = mean over tokens of /<split>/encoded (float16 -> float64 sums,
     cast to float32, as the Java reader pools), labels /<split>/labels/{age,gender,race}.
  4. scikit-learn LogisticRegression (multinomial, lbfgs) is fit on the training split per task, once at
     C=1.0 (sklearn's default L2) and once at C=1e6 (practically unpenalised, what Adam without weight
     decay minimises), and scored on the validation split.
  5. Independently of Java's own evaluation, numpy re-applies Java's final weights to the h5py features:
     the accuracy and macro F1 it gets must equal what Java reported (checks Java's pooling, argmax and
     metrics), and Java's full-batch training loss is compared with sklearn's unpenalised optimum
     (checks that the Adam run converged: the gap should be small).

Prints a table (task, majority baseline, sklearn accuracies, Java accuracy, |difference|, PASS if <= 0.02
against both sklearn fits) and the convergence figures; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, log_loss

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "fixtures"))
import zstd_h5filter  # noqa: E402

TASKS = ("age", "gender", "race")
CLASSES = {"age": 9, "gender": 2, "race": 7}
TOLERANCE = 0.02
BIG_C = 1e6
# Java's mean training cross-entropy within this many nats of sklearn's unpenalised optimum = converged.
CONVERGED = 1e-3


def run(cmd: list[str]) -> None:
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def pooled(f: h5py.File, split: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    x = f[split + "/encoded"][...]
    if x.ndim == 3:
        x = x.astype(np.float64).mean(axis=1)
    x = x.astype(np.float32)
    y = {t: f[split + "/labels/" + t][...].astype(np.int64) for t in TASKS}
    return x, y


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """A minimal safetensors reader (F32 only): 8-byte little-endian header size, JSON header, data."""
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + n])
    body = raw[8 + n :]
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        assert meta["dtype"] == "F32", (name, meta["dtype"])
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(body[a:b], dtype="<f4").reshape(meta["shape"])
    return out


def logits(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    return x.astype(np.float64) @ w.astype(np.float64).T + b.astype(np.float64)


def mean_ce(z: np.ndarray, y: np.ndarray) -> float:
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(y)), y].mean())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workdir", type=Path, default=Path("/tmp/vista_probe_xcheck"))
    p.add_argument("--jar", type=Path, default=ROOT / "vista-train" / "target" / "vista-train.jar")
    # The demo data: 4 tokens of d=64, 512 atoms, 16 active per token, noise 0.5 per coordinate.
    p.add_argument("--samples", type=int, default=4096)
    p.add_argument("--val-samples", type=int, default=1024)
    p.add_argument("--tokens", type=int, default=4)
    p.add_argument("--dim", type=int, default=64)
    p.add_argument("--atoms", type=int, default=512)
    p.add_argument("--active", type=int, default=16)
    p.add_argument("--noise", type=float, default=0.5)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=7)
    # The Java run: the Python's Adam learning rate; epochs chosen for convergence (see README).
    p.add_argument("--epochs", type=int, default=800)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=128)
    args = p.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    h5 = args.workdir / (
        f"demo_d{args.dim}_t{args.tokens}_n{args.samples}-{args.val_samples}_a{args.atoms}"
        f"k{args.active}_z{args.noise}_x{args.scale}_s{args.seed}.h5")
    java = ["java", "-jar", str(args.jar)]
    if not h5.exists():
        run(java + ["generate-demo", "--out", str(h5), "--samples", str(args.samples),
                    "--val-samples", str(args.val_samples), "--tokens", str(args.tokens),
                    "--dim", str(args.dim), "--atoms", str(args.atoms), "--active", str(args.active),
                    "--noise", str(args.noise), "--scale", str(args.scale), "--seed", str(args.seed)])
    run_dir = args.workdir / f"run_e{args.epochs}_lr{args.lr}_b{args.batch_size}"
    run(java + ["module=probe", "model=linear_probe", "data=fairface_labels",
                f"data.hdf5_path={h5}", f"model.input_size={args.dim}",
                f"trainer.max_epochs={args.epochs}", f"module.learning_rate={args.lr}",
                f"data.batch_size={args.batch_size}", f"seed={args.seed}", "trainer.precision=32",
                f"hydra.run.dir={run_dir}", "logging.tensorboard=false", "logging.progress=false"])
    report = json.loads((run_dir / "probe_report.json").read_text())
    weights = read_safetensors(run_dir / "last" / "sae_weights.safetensors")

    zstd_h5filter.register()
    with h5py.File(h5, "r") as f:
        xt, yt = pooled(f, "training")
        xv, yv = pooled(f, "validation")

    print(f"\ndata: {h5.name}  train {xt.shape}  validation {xv.shape}")
    print(f"java: {args.epochs} epochs, Adam lr {args.lr}, batch {args.batch_size}, seed {args.seed}")
    print(f"sklearn: LogisticRegression(lbfgs, multinomial, max_iter=10000) at C=1.0 and C={BIG_C:g}\n")

    ok = True
    head = (f"{'task':<7}{'majority':>9}{'skl C=1':>9}{'skl C=1e6':>10}{'java':>8}"
            f"{'|d| C=1':>9}{'|d| 1e6':>9}  verdict")
    rows = [head, "-" * len(head)]
    notes = []
    conv = ["task    java==numpy acc  java f1 / sklearn f1   java train CE  sklearn min CE    gap   "
            "java val CE  skl1e6 val CE  agree(java,skl1e6)"]
    for t in TASKS:
        counts = np.bincount(yt[t], minlength=CLASSES[t])
        majority = float(np.mean(yv[t] == counts.argmax()))
        fits = {}
        for c in (1.0, BIG_C):
            m = LogisticRegression(C=c, solver="lbfgs", max_iter=10000).fit(xt, yt[t])
            if m.n_iter_[0] >= 10000:
                print(f"warning: {t} C={c:g} did not converge", file=sys.stderr)
            fits[c] = m
        acc1 = fits[1.0].score(xv, yv[t])
        accb = fits[BIG_C].score(xv, yv[t])
        java_acc = report[t]["accuracy"]
        d1, db = abs(java_acc - acc1), abs(java_acc - accb)
        verdict = "PASS" if max(d1, db) <= TOLERANCE else "FAIL"
        ok &= verdict == "PASS"
        rows.append(f"{t:<7}{majority:>9.4f}{acc1:>9.4f}{accb:>10.4f}{java_acc:>8.4f}{d1:>9.4f}{db:>9.4f}  {verdict}")

        # Java's final weights applied by numpy to the h5py features.
        w, b = weights[t + ".weight"], weights[t + ".bias"]
        pv = logits(xv, w, b).argmax(axis=1)
        np_acc = float(np.mean(pv == yv[t]))
        np_f1 = f1_score(yv[t], pv, average="macro")
        same = abs(np_acc - java_acc) < 1e-9 and abs(np_f1 - report[t]["macro_f1"]) < 1e-9
        ok &= same
        java_train = mean_ce(logits(xt, w, b), yt[t])
        skl_train = log_loss(yt[t], fits[BIG_C].predict_proba(xt), labels=np.arange(CLASSES[t]))
        java_val = mean_ce(logits(xv, w, b), yv[t])
        skl_val = log_loss(yv[t], fits[BIG_C].predict_proba(xv), labels=np.arange(CLASSES[t]))
        agree = float(np.mean(pv == fits[BIG_C].predict(xv)))
        if java_train - skl_train > CONVERGED:
            notes.append(f"note: {t}: java's training loss is {java_train - skl_train:.5f} nats above the optimum;"
                         " not converged (raise --epochs, or lower --lr if the gap stays noisy)")
        conv.append(f"{t:<8}{'yes' if same else 'NO':<17}{report[t]['macro_f1']:.4f} / {np_f1:.4f}"
                    f"{java_train:>17.5f}{skl_train:>16.5f}{java_train - skl_train:>8.5f}"
                    f"{java_val:>13.5f}{skl_val:>15.5f}{agree:>12.4f}")
        # Java's reported validation loss is its own batched mean; it must match numpy's.
        if abs(java_val - report[t]["loss"]) > 1e-4:
            print(f"{t}: java reported val loss {report[t]['loss']:.6f}, numpy {java_val:.6f}", file=sys.stderr)
            ok = False
    print("\n".join(rows))
    print()
    print("\n".join(conv))
    if notes:
        print("\n" + "\n".join(notes))
    print("\nall checks passed" if ok else "\nSOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
