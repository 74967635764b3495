#!/usr/bin/python3
"""Cross-check of `java -jar vista-eval.jar` (evaluate) against the ORIGINAL Python VISTA evaluation.py.

1. Builds FairFace-like vision-encoder latents (training N=2000, validation N=600, T=4 tokens, d=32, float16,
   Zstd, labels age/gender/race with planted class directions) as ve_latent_dataset.py lays them out.
2. Trains a Python VISTA SAE of each variant for a few hundred steps with the original model code
   (src.models.sparse_autoencoder, m=128) and saves a Lightning-shaped .ckpt (tools/eval/vista_ckpt.py).
3. Runs the original src.evaluation.run_evaluation on it, and the Java jar on the same checkpoint and file.
4. Prints a side-by-side comparison: sae_health and reconstruction_quality to 1e-4 relative, alignment, every
   accuracy of ablation_study and probe_comparison within 0.01, and the train/test split indices of every
   attribute (scikit-learn's train_test_split vs the SHA-256 digests in the Java metadata).

Run from the repository root after `mvn -B -q -ntp -o install -DskipTests`:
    /usr/bin/python3 tools/eval/crosscheck_evaluation.py [--vista-root PATH] [--jar PATH] [--workdir DIR]
        [--variants topk batchtopk jumprelu vanilla]
Exit status 1 if any check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyvista  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CLASSES = {"age": 9, "gender": 2, "race": 7}
N_TRAIN, N_VAL, T, D, M = 2000, 600, 4, 32, 128


def make_data(path: Path, seed: int = 7) -> None:
    from zstd_h5filter import ZSTD  # registered by pyvista.setup()

    rng = np.random.default_rng(seed)
    dirs = {a: rng.standard_normal((c, D)) * (0.25 if a == "gender" else 0.12) for a, c in CLASSES.items()}
    token_bias = rng.standard_normal((T, D)) * 0.3
    with h5py.File(path, "w") as f:
        f.attrs["model"] = "SyntheticEncoder"
        f.attrs["dataset"] = "fairface"
        for split, n in (("training", N_TRAIN), ("validation", N_VAL)):
            labels = {a: rng.integers(0, c, n).astype(np.int64) for a, c in CLASSES.items()}
            x = rng.standard_normal((n, T, D)) * 0.6 + token_bias[None]
            for a, v in labels.items():
                x += dirs[a][v][:, None, :] * rng.uniform(0.5, 1.5, (n, T, 1))
            g = f.create_group(split)
            g.create_dataset("encoded", data=x.astype(np.float16), chunks=(min(256, n), T, D), **ZSTD)
            lg = g.create_group("labels")
            for a, v in labels.items():
                lg.create_dataset(a, data=v, chunks=(min(1024, n),), **ZSTD)
            g.create_dataset("original_indices", data=np.arange(n, dtype=np.int64), **ZSTD)


def train_ckpt(variant: str, data_path: Path, out: Path, steps: int, seed: int) -> None:
    import vista_ckpt as vc
    from src.models.sparse_autoencoder import build_sae

    with h5py.File(data_path, "r") as f:
        data = torch.from_numpy(np.array(f["training"]["encoded"]).reshape(-1, D).astype(np.float32))
    kw = {
        "vanilla": {"l1_coeff": 3e-3, "n_batches_to_dead": 5},
        "topk": {"top_k": 8, "top_k_aux": 32, "aux_penalty": 1 / 32, "n_batches_to_dead": 5},
        "batchtopk": {"top_k": 8, "top_k_aux": 32, "aux_penalty": 1 / 32, "n_batches_to_dead": 5},
        "jumprelu": {"bandwidth": 0.05, "l0_coeff": 1e-3, "n_batches_to_dead": 5},
    }[variant]
    torch.manual_seed(seed)
    model = build_sae(variant, input_size=D, hidden_size=M, **kw)
    if variant == "jumprelu":
        with torch.no_grad():
            model.log_threshold.fill_(float(np.log(0.1)))
    vc.train(model, data, steps=steps, batch_rows=256, lr=1e-3, seed=seed)
    vc.save(model, variant, vc.hyper_parameters(variant, D, M, 1e-3, kw), out)


def digest(idx) -> str:
    return hashlib.sha256(np.asarray(idx, dtype="<i8").tobytes()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vista-root", default=pyvista.DEFAULT_VISTA_ROOT)
    ap.add_argument("--jar", default=str(REPO / "vista-eval" / "target" / "vista-eval.jar"))
    ap.add_argument("--workdir", default="/tmp/vista-eval-crosscheck")
    ap.add_argument("--variants", nargs="+", default=["topk", "batchtopk", "jumprelu", "vanilla"])
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--warm-start", action="store_true", help="pass --warm-start to the Java run")
    args = ap.parse_args()
    pyvista.setup(args.vista_root)
    import compare_json
    import src.evaluation as ev
    from sklearn.model_selection import train_test_split

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    data = work / "ve_synthetic.h5"
    make_data(data)
    print(f"data: {data} training {N_TRAIN} / validation {N_VAL} samples x {T} tokens x d={D}, SAE m={M}")
    with h5py.File(data, "r") as f:
        labels = {k: np.array(f["validation"]["labels"][k]) for k in f["validation"]["labels"].keys()}

    failures = 0
    for i, variant in enumerate(args.variants):
        ckpt = work / f"{variant}.ckpt"
        train_ckpt(variant, data, ckpt, args.steps, seed=10 + i)
        py_dir, java_dir = work / f"python_{variant}", work / f"java_{variant}"
        t0 = time.time()
        ev.run_evaluation(str(ckpt), str(data), str(py_dir), batch_size=256, ablation_ks=[10, 20, 50, 100],
                          mode="validation")
        t_py = time.time() - t0
        cmd = ["java", "-Xmx1g", "-jar", args.jar, "--checkpoint", str(ckpt), "--hdf5", str(data),
               "--output-dir", str(java_dir), "--batch-size", "256", "--ablation-ks", "10", "20", "50", "100",
               "--quiet"] + (["--warm-start"] if args.warm_start else [])
        t0 = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})
        t_java = time.time() - t0
        print(f"\n=== {variant}: python {t_py:.1f}s, java {t_java:.1f}s (exit {proc.returncode}) ===")
        if proc.returncode != 0:
            print(proc.stderr)
            failures += 1
            continue
        py = json.load(open(py_dir / "evaluation_results.json"))
        jv = json.load(open(java_dir / "evaluation_results.json"))
        rep = compare_json.Report()
        compare_json.compare(py, jv, 1e-4, 0.01, rep)
        for attr, labs in labels.items():
            tr, te = train_test_split(np.arange(len(labs)), test_size=0.2, random_state=42, stratify=labs)
            js = jv["metadata"]["splits"][attr]
            ok = js["train_sha256"] == digest(tr) and js["test_sha256"] == digest(te)
            rep.line(f"split.{attr} (train {len(tr)}, test {len(te)}) sha256", digest(te)[:16], js["test_sha256"][:16],
                     ok)
        print(f"{variant}: {rep.checked - rep.failures}/{rep.checked} checks passed")
        failures += rep.failures
    print("\nALL CHECKS PASSED" if failures == 0 else f"\n{failures} CHECKS FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
