#!/usr/bin/python3
"""End-to-end fixtures for vista-eval: a tiny FairFace-like VE latent file, Python VISTA SAE checkpoints of all
four variants trained briefly with the ORIGINAL model code, and what the ORIGINAL evaluation.py and
sae_latent_dataset.py produce from them.

Writes into vista-eval/src/test/resources/e2e/ (committed; Maven never runs Python):
  ve.h5                          training (N=60) and validation (N=150) splits, (N, 3, 8) float16 `encoded`,
                                 Zstd, labels age/gender/race (int64), original_indices, root attributes
  <variant>.ckpt                 Lightning-shaped checkpoints (vanilla omits l1_coeff/n_batches_to_dead to
                                 exercise the constructor defaults)
  <variant>.evaluation.json      run_evaluation(ckpt, ve.h5, batch_size=32, ablation_ks=[2, 5, 100])
  topk.sae_raw.h5, topk.sae_agg.h5   sae_latent_dataset.py's outputs for topk.ckpt with --batch-size 16
  batchtopk.sae_*.h5             the same for batchtopk (per-batch selection)

Run from the repository root: /usr/bin/python3 tools/eval/make_e2e_fixtures.py [--vista-root PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyvista  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "vista-eval" / "src" / "test" / "resources" / "e2e"
D, M, T = 8, 16, 3
CLASSES = {"age": 9, "gender": 2, "race": 7}


def make_latents(rng: np.random.Generator, n: int, dirs: dict) -> tuple[np.ndarray, dict]:
    labels = {"age": rng.integers(0, 9, n), "gender": rng.integers(0, 2, n), "race": rng.integers(0, 7, n)}
    x = rng.standard_normal((n, T, D)) * 0.5
    for attr, v in labels.items():
        x += (dirs[attr][v])[:, None, :]
    return x.astype(np.float16), {k: v.astype(np.int64) for k, v in labels.items()}


def write_ve(path: Path, seed: int) -> None:
    from zstd_h5filter import ZSTD  # registered by pyvista.setup()

    rng = np.random.default_rng(seed)
    dirs = {a: rng.standard_normal((c, D)) * (0.9 if a == "gender" else 0.6) for a, c in CLASSES.items()}
    with h5py.File(path, "w") as f:
        f.attrs["model"] = "TinyEncoder"
        f.attrs["dataset"] = "fairface"
        for split, n in (("training", 60), ("validation", 150)):
            x, labels = make_latents(rng, n, dirs)
            g = f.create_group(split)
            g.create_dataset("encoded", data=x, chunks=(min(32, n), T, D), **ZSTD)
            lg = g.create_group("labels")
            for k, v in labels.items():
                lg.create_dataset(k, data=v, chunks=(min(128, n),), **ZSTD)
            g.create_dataset("original_indices", data=np.arange(n, dtype=np.int64) * 3 + 1, **ZSTD)


def make_ckpts(ve: Path) -> dict:
    import vista_ckpt as vc
    from src.models.sparse_autoencoder import build_sae

    with h5py.File(ve, "r") as f:
        data = torch.from_numpy(np.array(f["training"]["encoded"]).reshape(-1, D).astype(np.float32))
    settings = {
        "vanilla": {},  # l1_coeff, n_batches_to_dead: constructor defaults
        "topk": {"top_k": 4, "top_k_aux": 8, "aux_penalty": 1 / 32, "n_batches_to_dead": 5},
        "batchtopk": {"top_k": 4, "top_k_aux": 8, "aux_penalty": 1 / 32, "n_batches_to_dead": 5},
        "jumprelu": {"bandwidth": 0.05, "l0_coeff": 1e-3, "n_batches_to_dead": 5},
    }
    paths = {}
    for i, (variant, kw) in enumerate(settings.items()):
        torch.manual_seed(100 + i)
        model = build_sae(variant, input_size=D, hidden_size=M, **kw)
        if variant == "jumprelu":
            with torch.no_grad():
                model.log_threshold.fill_(np.log(0.05))
        vc.train(model, data, steps=300, batch_rows=48, lr=3e-3, seed=i)
        path = OUT / f"{variant}.ckpt"
        vc.save(model, variant, vc.hyper_parameters(variant, D, M, 3e-3, kw), path)
        paths[variant] = path
    return paths


def evaluate(paths: dict, ve: Path) -> None:
    import src.evaluation as ev

    for variant, ckpt in paths.items():
        with tempfile.TemporaryDirectory() as tmp:
            ev.run_evaluation(str(ckpt), str(ve), tmp, batch_size=32, ablation_ks=[2, 5, 100], mode="validation")
            shutil.copy(Path(tmp) / "evaluation_results.json", OUT / f"{variant}.evaluation.json")


def export(paths: dict, ve: Path) -> None:
    from src.setup_datasets import sae_latent_dataset as sld

    for variant in ("topk", "batchtopk"):
        raw, agg = OUT / f"{variant}.sae_raw.h5", OUT / f"{variant}.sae_agg.h5"
        argv = sys.argv
        sys.argv = ["sae_latent_dataset", "--input", str(ve), "--checkpoint", str(paths[variant]),
                    "--output-raw", str(raw), "--output-agg", str(agg), "--batch-size", "16"]
        try:
            sld.main()
        finally:
            sys.argv = argv


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vista-root", default=pyvista.DEFAULT_VISTA_ROOT)
    args = ap.parse_args()
    pyvista.setup(args.vista_root)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*"):
        old.unlink()
    ve = OUT / "ve.h5"
    write_ve(ve, 21)
    paths = make_ckpts(ve)
    evaluate(paths, ve)
    export(paths, ve)
    summary = {v: json.load(open(OUT / f"{v}.evaluation.json"))["sae_health"] for v in paths}
    print(json.dumps(summary, indent=1)[:2000])


if __name__ == "__main__":
    main()
