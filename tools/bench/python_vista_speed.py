#!/usr/bin/python3
"""Training speed of the ORIGINAL Python VISTA SAE, for comparison with vista-bench.

Exports src/models/sparse_autoencoder.py from the read-only git mirror of the Python VISTA into a
temporary directory at run time (it is never committed here), builds the requested variant with
the Python defaults, and times full training steps end to end, as SAEModule trains:

    read the batch from the HDF5 file with h5py (Zstd chunks through the ctypes filter of
    tools/fixtures/zstd_h5filter.py) -> float32 tensor -> forward -> loss.backward()
    -> make_decoder_weights_and_grad_unit_norm() -> grad-norm (as on_after_backward logs it)
    -> Adam step -> zero_grad

Batches are read as runs of whole samples in a shuffled order of chunk-aligned blocks (the most
favourable access pattern for h5py; the Python's DataLoader reads sample by sample).

Usage (same file, sizes, batch and threads as the Java run):
    /usr/bin/python3 tools/bench/python_vista_speed.py --file bench-work/bench_d768_t16_n13824_s42.h5 \
        --dim 768 --hidden 3072 --tokens-per-batch 4096 --steps 20 --threads 2 [--variants all] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import zstd_h5filter  # noqa: E402

MIRROR = "/work/.mirror/ozanbayiz+vista/repo"
VARIANTS = ["vanilla", "topk", "batchtopk", "jumprelu"]


def load_python_sae(mirror: str, tmp: Path):
    """Writes the Python VISTA's sparse_autoencoder.py into tmp and imports it."""
    src = subprocess.run(["git", "-C", mirror, "show", "HEAD:src/models/sparse_autoencoder.py"],
                         check=True, capture_output=True, text=True).stdout
    path = tmp / "vista_sparse_autoencoder.py"
    path.write_text(src)
    spec = importlib.util.spec_from_file_location("vista_sparse_autoencoder", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Batches:
    """Batches of token rows from /training/encoded, blocks of whole chunks in shuffled order."""

    def __init__(self, path: str, samples_per_batch: int, seed: int):
        self.f = h5py.File(path, "r")
        self.ds = self.f["training/encoded"]
        n = self.ds.shape[0]
        self.samples = samples_per_batch
        starts = np.arange(0, n - samples_per_batch + 1, samples_per_batch)
        self.order = np.random.default_rng(seed).permutation(starts)
        self.i = 0

    def next(self) -> torch.Tensor:
        start = int(self.order[self.i % len(self.order)])
        self.i += 1
        x = self.ds[start:start + self.samples]          # float16, Zstd-decoded by the filter
        x = torch.from_numpy(x.astype(np.float32))
        return x.reshape(-1, x.shape[-1])


def train_step(model, opt, x):
    out = model(x)
    out["loss"].backward()
    model.make_decoder_weights_and_grad_unit_norm()
    total = 0.0
    for p in model.parameters():
        if p.grad is not None:
            total += p.grad.data.float().norm(2).item() ** 2
    opt.step()
    opt.zero_grad(set_to_none=True)
    return float(out["loss"].item())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", required=True)
    ap.add_argument("--dim", type=int, default=768)
    ap.add_argument("--hidden", type=int, default=3072)
    ap.add_argument("--tokens-per-batch", type=int, default=4096)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--variants", default="all")
    ap.add_argument("--mirror", default=MIRROR)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--json", default=None)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    zstd_h5filter.register()
    variants = VARIANTS if a.variants == "all" else a.variants.split(",")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        sae = load_python_sae(a.mirror, Path(tmp))
        with h5py.File(a.file, "r") as f:
            shape = f["training/encoded"].shape
        tokens = shape[1] if len(shape) == 3 else 1
        if shape[-1] != a.dim:
            raise SystemExit(f"{a.file}: feature width {shape[-1]}, --dim is {a.dim}")
        samples = a.tokens_per_batch // tokens
        for v in variants:
            model = sae.build_sae(v, a.dim, a.hidden)
            opt = torch.optim.Adam(model.parameters(), lr=1e-4)
            data = Batches(a.file, samples, a.seed)
            for _ in range(a.warmup):
                train_step(model, opt, data.next())
            times, reads, loss = [], [], float("nan")
            cpu0 = time.process_time()
            for _ in range(a.steps):
                t0 = time.perf_counter()
                x = data.next()
                reads.append(time.perf_counter() - t0)
                loss = train_step(model, opt, x)
                times.append(time.perf_counter() - t0)
            cpu_ms = 1e3 * (time.process_time() - cpu0) / a.steps
            med = statistics.median(times)
            rows = samples * tokens
            results[v] = {"median_ms": 1e3 * med, "mean_ms": 1e3 * statistics.fmean(times),
                          "tokens_per_s": rows / med, "cpu_ms_per_step": cpu_ms,
                          "read_ms_median": 1e3 * statistics.median(reads), "loss": loss, "steps": a.steps}
            print(f"python {v:10s} {1e3 * med:9.1f} ms/step (median of {a.steps}, mean {1e3 * statistics.fmean(times):.1f})"
                  f"  {rows / med:9.0f} tokens/s  CPU {cpu_ms:.0f} ms/step  read {1e3 * statistics.median(reads):.0f} ms"
                  f"  loss {loss:.4f}", flush=True)
    meta = {"torch": torch.__version__, "threads": a.threads, "dim": a.dim, "hidden": a.hidden,
            "tokens_per_batch": samples * tokens, "file": a.file}
    if a.json:
        Path(a.json).write_text(json.dumps({"meta": meta, "variants": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
