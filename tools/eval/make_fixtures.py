#!/usr/bin/python3
"""Fixtures for vista-eval's io.vista.eval.metrics tests, computed by numpy 1.24 / torch 1.13 / scikit-learn 1.2.1
and by the ORIGINAL VISTA evaluation.py functions (imported from the read-only mirror, see pyvista.py).

Writes into vista-eval/src/test/resources/metrics/ (committed; the Maven tests never run Python):
  float32_reductions.json + float32_<n>.f32.bin   numpy float32 sum/mean/var/std/median of random vectors
  argsort.json                                     np.argsort (quicksort and heapsort) of vectors with ties
  percentiles.json                                 np.percentile of int64 vectors at evaluation.py's percentiles
  encode_3d.*, encode_2d.*                         encode_dataset() of a seeded TopK SAE on small latents:
                                                   inputs, per-row feature_acts and reconstructions (the batches
                                                   as the Python cut them), and its health / reconstruction dicts,
                                                   acts_per_sample, raw_pooled, plus reconstruction_quality()
                                                   (with r_squared) over the whole split
  analyses.*                                       feature_demographic_alignment, ablation_study_from_acts,
                                                   downstream_probe_comparison on a seeded SAE-like matrix,
                                                   with the train/test indices of each attribute's split

Run from the repository root:  /usr/bin/python3 tools/eval/make_fixtures.py [--vista-root PATH]
Deterministic (fixed seeds): re-running rewrites identical files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyvista  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "vista-eval" / "src" / "test" / "resources" / "metrics"


def f32(x: np.ndarray, name: str) -> str:
    np.ascontiguousarray(x, dtype="<f4").tofile(OUT / name)
    return name


def dump(obj, name: str) -> None:
    import src.utils as u

    (OUT / name).write_text(json.dumps(obj, indent=1, cls=u.NumpyEncoder) + "\n")


def reductions() -> None:
    rng = np.random.default_rng(7)
    cases = []
    for n in [1, 5, 8, 100, 129, 1000, 8192, 8193, 20000, 50001]:
        x = (rng.random(n, dtype=np.float32) * np.float32(1000)).astype(np.float32)
        if n == 1000:
            x[::3] = 0  # repeated values for the median
        cases.append({
            "n": n, "bin": f32(x, f"float32_{n}.f32.bin"),
            "sum": float(x.sum()), "mean": float(x.mean()), "var": float(x.var()),
            "std": float(x.std()), "median": float(np.median(x)),
        })
    dump({"cases": cases}, "float32_reductions.json")


def argsorts() -> None:
    """np.argsort of float32 vectors full of ties (default kind and kind="heapsort")."""
    rng = np.random.default_rng(9)
    cases = []
    for n, levels in [(2, 2), (10, 3), (16, 2), (17, 2), (48, 5), (100, 4), (1000, 7), (5000, 50), (3000, 1)]:
        x = rng.integers(0, levels, n).astype(np.float32) * np.float32(0.25)
        if n == 100:
            x[[5, 50, 77]] = np.nan
        if n == 1000:
            x[::2] = -0.0
        cases.append({"values": [None if np.isnan(v) else float(v) for v in x],
                      "neg_zero": [i for i, v in enumerate(x) if v == 0 and np.signbit(v)],
                      "argsort": np.argsort(x).tolist(), "heapsort": np.argsort(x, kind="heapsort").tolist()})
    dump({"cases": cases}, "argsort.json")


def percentiles() -> None:
    rng = np.random.default_rng(8)
    ps = [0, 25, 50, 75, 90, 99, 100]
    cases = []
    for n in [1, 2, 3, 7, 10, 101, 1000]:
        v = rng.integers(0, 50, size=n).astype(np.int64)
        cases.append({"values": v.tolist(), "percentiles": {str(p): float(np.percentile(v, p)) for p in ps}})
    dump({"cases": cases}, "percentiles.json")


def encode_fixture(name: str, latents: np.ndarray, batch_size: int) -> None:
    import torch

    import src.evaluation as ev
    from src.models.sparse_autoencoder import build_sae

    torch.manual_seed(3)
    d = latents.shape[-1]
    model = build_sae("topk", input_size=d, hidden_size=16, top_k=4)
    with torch.no_grad():
        model.b_enc.add_(torch.linspace(-0.3, 0.2, 16))  # some features fire rarely or never
        model.b_enc[5] = -50.0  # a dead feature
        model.b_dec.add_(0.05)
    model.eval()
    acts_ps, raw_pooled, batch_metrics, health, recon = ev.encode_dataset(model, latents, batch_size,
                                                                          torch.device("cpu"))
    flat = latents.reshape(-1, d)
    rows_per_sample = latents.shape[1] if latents.ndim == 3 else 1
    acts_rows, recon_rows = [], []
    with torch.no_grad():
        for i in range(0, latents.shape[0], batch_size):
            x = torch.from_numpy(flat[i * rows_per_sample:(i + batch_size) * rows_per_sample]).float()
            out = model(x)
            acts_rows.append(out["feature_acts"].numpy())
            recon_rows.append(out["reconstructed"].numpy())
    acts_rows = np.concatenate(acts_rows)
    recon_rows = np.concatenate(recon_rows)
    full = ev.reconstruction_quality(latents, recon_rows)
    dump({
        "shape": list(latents.shape), "features": 16, "batch_size": batch_size,
        "latents": f32(latents, f"{name}.latents.f32.bin"),
        "acts": f32(acts_rows, f"{name}.acts.f32.bin"),
        "recon": f32(recon_rows, f"{name}.recon.f32.bin"),
        "acts_per_sample": f32(acts_ps, f"{name}.acts_per_sample.f32.bin"),
        "raw_pooled": f32(raw_pooled, f"{name}.raw_pooled.f32.bin"),
        "sae_health": health, "reconstruction_quality": recon, "reconstruction_quality_full": full,
        "batch_metrics": batch_metrics,
    }, f"{name}.expected.json")


def analyses() -> None:
    import src.evaluation as ev
    from sklearn.model_selection import train_test_split

    rng = np.random.default_rng(11)
    n, m, d = 400, 48, 12
    labels = {"age": rng.integers(0, 9, n).astype(np.int64), "gender": rng.integers(0, 2, n).astype(np.int64),
              "race": rng.integers(0, 7, n).astype(np.int64)}
    # SAE-like codes: sparse, non-negative, a few features tied to each attribute; two dead features; two
    # features with identical columns (an exact variance tie).
    z = rng.standard_normal((n, m)).astype(np.float32)
    z[:, 0:4] += labels["gender"][:, None].astype(np.float32) * 1.5
    z[:, 4:10] += (labels["race"][:, None] == np.arange(6)[None, :]).astype(np.float32) * 2.0
    z[:, 10:14] += labels["age"][:, None].astype(np.float32) * 0.4
    acts = np.maximum(z - 0.8, 0).astype(np.float32)
    acts[:, 20] = 0
    acts[:, 33] = 0
    acts[:, 41] = acts[:, 12]
    raw = (rng.standard_normal((n, d)) * 0.5).astype(np.float32)
    raw[:, 0] += labels["gender"].astype(np.float32)
    raw[:, 1] += labels["race"].astype(np.float32) * 0.3
    raw[:, 2] += labels["age"].astype(np.float32) * 0.2
    ks = [3, 10, 100]
    alignment = ev.feature_demographic_alignment(acts, labels)
    ablation = ev.ablation_study_from_acts(acts, labels, ks)
    probe = ev.downstream_probe_comparison(raw, acts, labels)
    splits = {}
    for k, v in labels.items():
        tr, te = train_test_split(np.arange(n), test_size=0.2, random_state=42, stratify=v)
        splits[k] = {"train": tr.tolist(), "test": te.tolist()}
    dump({
        "n": n, "m": m, "d": d, "ks": ks,
        "acts": f32(acts, "analyses.acts.f32.bin"), "raw": f32(raw, "analyses.raw.f32.bin"),
        "labels": {k: v.tolist() for k, v in labels.items()}, "splits": splits,
        "feature_demographic_alignment": alignment, "ablation_study": ablation, "probe_comparison": probe,
    }, "analyses.expected.json")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--vista-root", default=pyvista.DEFAULT_VISTA_ROOT)
    args = ap.parse_args()
    pyvista.setup(args.vista_root)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*"):
        old.unlink()
    reductions()
    percentiles()
    argsorts()
    rng = np.random.default_rng(5)
    encode_fixture("encode_3d", (rng.standard_normal((37, 3, 6)) * 0.7).astype(np.float32), 8)
    encode_fixture("encode_2d", (rng.standard_normal((21, 6)) * 0.7).astype(np.float32), 8)
    analyses()
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
