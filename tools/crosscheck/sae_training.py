#!/usr/bin/python3
"""Cross-check of SAE training: this project's trainer graph against the original Python VISTA.

For each variant (vanilla, topk, batchtopk, jumprelu) the script

1. exports ``src/models/sparse_autoencoder.py`` from the VISTA git mirror into a temporary
   directory (the Python code is read at run time, never copied into this repository) and builds
   the model with a seeded initialisation;
2. writes that initialisation and 20 fixed batches as safetensors (by hand: numpy + json);
3. runs 20 training steps exactly like VISTA's ``SAEModule`` (forward, ``loss.backward()``,
   ``make_decoder_weights_and_grad_unit_norm()``, ``torch.optim.Adam(lr).step()``);
4. runs ``io.vista.train.tools.FixedBatchRun`` (SaeSession.trainStep) on the same files;
5. prints the per-step losses side by side, the maximum relative difference (PASS at 1e-4) and
   the relative difference of the final weights.

For jumprelu the reference is the Python with the paper's chain rule (the threshold
pseudo-gradient multiplied by theta = exp(log_threshold), Rajamanoharan et al. 2024), which is the
documented semantics of io.vista.core.sae.JumpReLUSae; the unpatched Python is compared too, for
information.

Run from the repository root after building the trainer jar:

    mvn -B -q -ntp -o -pl vista-train -am install -DskipTests
    /usr/bin/python3 tools/crosscheck/sae_training.py
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

TOLERANCE = 1e-4
VARIANTS = ["vanilla", "topk", "batchtopk", "jumprelu"]
PARAMS = ["W_enc", "b_enc", "W_dec", "b_dec", "log_threshold"]

# Small sizes; n_batches_to_dead = 2 and an input offset make features go dead within 20 steps,
# so the AuxK path of topk/batchtopk is exercised (see the printed num_dead).
D, M, ROWS, STEPS = 32, 128, 256, 20
HYPER = {
    "top_k": 8,
    "top_k_aux": 32,
    "aux_penalty": 1.0 / 32,
    "n_batches_to_dead": 2,
    "l1_coeff": 1e-3,
    "l0_coeff": 1e-3,
    # Wider than the default 0.001 so that many pre-activations fall inside the rectangle kernel
    # and the threshold pseudo-gradients matter within 20 steps.
    "bandwidth": 0.05,
    "lr": 1e-3,
}


# ---------------------------------------------------------------- safetensors, by hand
def write_safetensors(path: str, tensors: dict[str, np.ndarray]) -> None:
    header, offset, blobs = {}, 0, []
    for name, a in tensors.items():
        a = np.ascontiguousarray(a, dtype="<f4")
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)  # align the data to 8 bytes, as the reference writer does
    with open(path, "wb") as f:
        f.write(len(h).to_bytes(8, "little"))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path: str) -> dict[str, np.ndarray]:
    with open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        if e["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {e['dtype']}, expected F32")
        b0, b1 = e["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + b0 : 8 + n + b1], dtype="<f4").reshape(e["shape"])
    return out


# ---------------------------------------------------------------- the Python VISTA model
def export_vista(repo: str, dest: str) -> str:
    """Writes src/models/sparse_autoencoder.py of the VISTA mirror's HEAD into dest."""
    src = subprocess.run(
        ["git", "-C", repo, "show", "HEAD:src/models/sparse_autoencoder.py"],
        check=True, capture_output=True,
    ).stdout
    path = os.path.join(dest, "vista_sparse_autoencoder.py")
    with open(path, "wb") as f:
        f.write(src)
    return path


def load_module(path: str, name: str):
    """A fresh module object each call, so one copy can be patched without touching another."""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def patch_chain_rule(mod) -> None:
    """Multiplies the threshold gradient of _JumpReLUFn and _StepFn by theta = exp(log_threshold):
    d/d log_threshold = theta * d/d theta, the chain rule of the paper's parametrisation."""
    for fn in (mod._JumpReLUFn, mod._StepFn):
        original = fn.backward

        def backward(ctx, grad_output, _original=original):
            x_grad, threshold_grad, none = _original(ctx, grad_output)
            _, log_threshold = ctx.saved_tensors
            return x_grad, threshold_grad * torch.exp(log_threshold), none

        fn.backward = staticmethod(backward)


def build(mod, variant: str, seed: int):
    kwargs = {"n_batches_to_dead": HYPER["n_batches_to_dead"]}
    if variant in ("topk", "batchtopk"):
        kwargs.update(top_k=HYPER["top_k"], top_k_aux=HYPER["top_k_aux"], aux_penalty=HYPER["aux_penalty"])
    elif variant == "vanilla":
        kwargs.update(l1_coeff=HYPER["l1_coeff"])
    elif variant == "jumprelu":
        kwargs.update(l0_coeff=HYPER["l0_coeff"], bandwidth=HYPER["bandwidth"])
    torch.manual_seed(seed)
    return mod.build_sae(variant, D, M, **kwargs)


def python_run(mod, variant: str, init: dict[str, np.ndarray], batches: np.ndarray):
    """20 steps exactly as VISTA's SAEModule: forward, backward, on_after_backward (decoder
    projection), Adam step. Returns per-step metrics and the final parameters."""
    model = build(mod, variant, seed=0)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.from_numpy(init[name].copy()))
    opt = torch.optim.Adam(model.parameters(), lr=HYPER["lr"])
    rows = []
    for x_np in batches:
        x = torch.from_numpy(x_np.copy())
        opt.zero_grad(set_to_none=True)
        out = model(x)
        out["loss"].backward()
        model.make_decoder_weights_and_grad_unit_norm()
        grad_norm = sum(p.grad.float().norm(2).item() ** 2 for p in model.parameters() if p.grad is not None) ** 0.5
        opt.step()
        rows.append({
            "loss": out["loss"].item(),
            "l2_loss": out["l2_loss"].item(),
            "sparsity_loss": float(out["sparsity_loss"]),
            "aux_loss": float(out["aux_loss"]),
            "l0": out["l0_norm"].item(),
            "num_dead": int(out["num_dead_features"].item()),
            "grad_norm": grad_norm,
        })
    final = {n: p.detach().numpy().copy() for n, p in model.named_parameters()}
    return rows, final


# ---------------------------------------------------------------- data
def make_batches(seed: int) -> np.ndarray:
    """Sparse non-negative combinations of random unit atoms + a shared offset + noise. The offset
    makes the same few encoder columns win everywhere at first, so others go dead quickly."""
    rng = np.random.default_rng(seed)
    n_atoms = 96
    atoms = rng.standard_normal((n_atoms, D))
    atoms /= np.linalg.norm(atoms, axis=1, keepdims=True)
    offset = rng.standard_normal(D)
    offset *= 5.0 / np.linalg.norm(offset)
    fire = rng.random((STEPS, ROWS, n_atoms)) < 4.0 / n_atoms
    coef = fire * (0.5 + rng.exponential(1.0, (STEPS, ROWS, n_atoms)))
    x = coef @ atoms + offset + 0.05 * rng.standard_normal((STEPS, ROWS, D))
    return x.astype(np.float32)


def init_weights(mod, variant: str, seed: int, spread_threshold: bool) -> dict[str, np.ndarray]:
    model = build(mod, variant, seed=seed)
    init = {n: p.detach().numpy().copy() for n, p in model.named_parameters()}
    if variant == "jumprelu" and spread_threshold:
        # VISTA starts at log_threshold = 0 (theta = 1); spread it so that thresholds sit among
        # the pre-activations and some of them move through the kernel.
        rng = np.random.default_rng(seed + 1)
        init["log_threshold"] = rng.uniform(-1.5, 0.0, M).astype(np.float32)
    return init


# ---------------------------------------------------------------- Java
def java_run(jar: str, variant: str, init_path: str, batches_path: str, work: str, sparse_decoder: str):
    out_json = os.path.join(work, f"java_{variant}.json")
    final = os.path.join(work, f"java_{variant}_final.safetensors")
    cmd = [
        "java", "-cp", jar, "io.vista.train.tools.FixedBatchRun",
        "--variant", variant, "--init", init_path, "--batches", batches_path,
        "--out", out_json, "--final", final,
        "--top-k", str(HYPER["top_k"]), "--top-k-aux", str(HYPER["top_k_aux"]),
        "--aux-penalty", repr(HYPER["aux_penalty"]), "--n-batches-to-dead", str(HYPER["n_batches_to_dead"]),
        "--l1-coeff", repr(HYPER["l1_coeff"]), "--l0-coeff", repr(HYPER["l0_coeff"]),
        "--bandwidth", repr(HYPER["bandwidth"]), "--lr", repr(HYPER["lr"]), "--threads", "1",
        "--sparse-decoder", sparse_decoder,
    ]
    # TensorFlow's start-up log lines go to stderr; show them only if the run fails.
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise RuntimeError(f"FixedBatchRun failed for {variant} (exit code {proc.returncode})")
    with open(out_json) as f:
        res = json.load(f)
    steps = [{k: res[k][i] for k in ("loss", "l2_loss", "sparsity_loss", "aux_loss", "l0", "num_dead", "grad_norm")}
             for i in range(res["steps"])]
    return steps, read_safetensors(final)


# ---------------------------------------------------------------- comparison
def rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-30)


def compare(label: str, py, java, py_final, java_final, init, informational=False) -> bool:
    print(f"\n=== {label} ===")
    print(f"{'step':>4} {'python loss':>14} {'java loss':>14} {'rel diff':>10} "
          f"{'aux py':>10} {'aux java':>10} {'gnorm py':>10} {'gnorm java':>10} {'rel diff':>8} "
          f"{'l0 py':>7} {'l0 java':>7} {'dead py':>7} {'dead java':>9}")
    worst, gn, dead_mismatch = 0.0, 0.0, 0
    for i, (p, j) in enumerate(zip(py, java)):
        r = rel(p["loss"], j["loss"])
        rg = rel(p["grad_norm"], j["grad_norm"])
        worst, gn = max(worst, r), max(gn, rg)
        dead_mismatch += int(p["num_dead"] != int(j["num_dead"]))
        print(f"{i:>4} {p['loss']:>14.8f} {j['loss']:>14.8f} {r:>10.2e} "
              f"{p['aux_loss']:>10.3e} {j['aux_loss']:>10.3e} {p['grad_norm']:>10.6f} {j['grad_norm']:>10.6f} "
              f"{rg:>8.1e} {p['l0']:>7.3f} {j['l0']:>7.3f} {p['num_dead']:>7d} {int(j['num_dead']):>9d}")
    parts, moved = [], []
    worst_w = 0.0
    for name in PARAMS:
        if name in py_final:
            a, b = py_final[name].astype(np.float64), java_final[name].astype(np.float64)
            # Normwise: max |a - b| / max |a| (elementwise ratios blow up on entries near 0).
            r = float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), 1e-30))
            worst_w = max(worst_w, r)
            parts.append(f"{name} {r:.2e}")
            moved.append(f"{name} {float(np.max(np.abs(a - init[name]))):.3g}")
    ok = worst <= TOLERANCE and gn <= TOLERANCE and dead_mismatch == 0
    print("parameters moved by training, max|final - init| (python): " + ", ".join(moved))
    print("final weights, max|py - java| / max|py|: " + ", ".join(parts) + f"; num_dead mismatches: {dead_mismatch}")
    verdict = ("agrees" if ok else "DIFFERS") if informational else ("PASS" if ok else "FAIL")
    print(f"RESULT {label}: max relative diff loss {worst:.2e}, grad_norm {gn:.2e}; final weights {worst_w:.2e} -> "
          f"{verdict} (tolerance {TOLERANCE:g})")
    return ok


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vista-repo", default=os.environ.get("VISTA_REPO", "/work/.mirror/ozanbayiz+vista/repo"),
                    help="git directory of the Python VISTA (default: %(default)s)")
    ap.add_argument("--jar", default=os.path.join(root, "vista-train", "target", "vista-train.jar"))
    ap.add_argument("--variants", nargs="*", default=VARIANTS)
    ap.add_argument("--seed", type=int, default=42, help="data and initialisation seed (default: %(default)s)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help=f"override a hyper-parameter, e.g. --set bandwidth=0.001 (keys: {', '.join(HYPER)})")
    ap.add_argument("--vista-threshold-init", action="store_true",
                    help="jumprelu: keep VISTA's log_threshold = 0 instead of spreading it in [-1.5, 0]")
    ap.add_argument("--sparse-decoder", default="auto", choices=["auto", "on", "off"],
                    help="the Java SaeSpec's sparse_decoder (default: %(default)s)")
    ap.add_argument("--keep", help="write the work files here instead of a temporary directory")
    args = ap.parse_args()
    for kv in args.set:
        key, _, value = kv.partition("=")
        if key not in HYPER:
            ap.error(f"--set {kv}: unknown key; one of {list(HYPER)}")
        HYPER[key] = type(HYPER[key])(float(value)) if isinstance(HYPER[key], int) else float(value)
    if not os.path.exists(args.jar):
        print(f"{args.jar} not found: build it with mvn -B -q -ntp -o -pl vista-train -am install -DskipTests")
        return 2

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    print(f"torch {torch.__version__}, numpy {np.__version__}; seed {args.seed}; d={D} m={M} rows={ROWS} steps={STEPS}; {HYPER}")

    tmp = tempfile.TemporaryDirectory(prefix="vista-xcheck-")
    work = args.keep or tmp.name
    os.makedirs(work, exist_ok=True)
    src = export_vista(args.vista_repo, work)
    vista = load_module(src, "vista_sae")
    batches = make_batches(seed=args.seed)
    batches_path = os.path.join(work, "batches.safetensors")
    write_safetensors(batches_path, {"batches": batches})

    verdicts = {}
    for variant in args.variants:
        init = init_weights(vista, variant, args.seed, not args.vista_threshold_init)
        init_path = os.path.join(work, f"init_{variant}.safetensors")
        write_safetensors(init_path, init)
        java, java_final = java_run(args.jar, variant, init_path, batches_path, work, args.sparse_decoder)
        if variant == "jumprelu":
            patched = load_module(src, "vista_sae_chain_rule")
            patch_chain_rule(patched)
            py, py_final = python_run(patched, variant, init, batches)
            verdicts[variant] = compare("jumprelu vs Python with the chain rule (theta * grad)",
                                        py, java, py_final, java_final, init)
            py, py_final = python_run(vista, variant, init, batches)
            compare("jumprelu vs unpatched Python (information only; documented difference)",
                    py, java, py_final, java_final, init, informational=True)
        else:
            py, py_final = python_run(vista, variant, init, batches)
            verdicts[variant] = compare(variant, py, java, py_final, java_final, init)

    print("\nSUMMARY: " + ", ".join(f"{v} {'PASS' if ok else 'FAIL'}" for v, ok in verdicts.items()))
    tmp.cleanup()
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
