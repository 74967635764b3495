#!/usr/bin/python3
"""Cross-check of io.vista.core.sae.SaeModel.load(Path) + encode(float[][]) against the ORIGINAL Python VISTA encode.

For each variant (vanilla, topk, batchtopk, jumprelu):

1. FairFace-like rows (d=32, float16-rounded like the vision-encoder latent files): a training set and 256
   held-out rows, seeded.
2. The original Python SAE (src.models.sparse_autoencoder from the read-only mirror, imported by
   tools/eval/pyvista.py) is trained a few hundred Adam steps with tools/eval/vista_ckpt.py (as SAEModule does)
   and saved as a Lightning-shaped .ckpt in a temporary folder.
3. Python: the .ckpt is loaded back with the original src.utils.load_sae_from_checkpoint and ALL rows are encoded
   in one model.encode call (float32, torch.no_grad; one call because BatchTopK selects over the whole batch).
4. Java: tools/crosscheck/EncodeRows.java (JDK source launcher) runs SaeModel.load + encode on the same .ckpt and
   rows, also in one call.
5. Per variant: max |py - java|, max relative difference where both sides are > 1e-6, support mismatches (one side
   zero, the other not), each classified against the selection boundary of the variant, an interval [lo, hi] of
   the Python pre-activations (ReLU: [0, 0] of the pre-ReLU value; jumprelu: [theta, theta] with theta =
   exp(log_threshold); topk: the row's (k+1)-th and k-th largest; batchtopk: the batch's (k*rows+1)-th and
   (k*rows)-th largest). A mismatch is a boundary tie when hi - lo <= tol and its pre-activation lies in
   [lo - tol, hi + tol] (float32 rounding, or an exact tie, decides it); ties are listed and allowed, any other
   mismatch fails. As context: both sides against a float64 evaluation on the common support, and how close the
   data came to the boundary (with continuous data the closest approach is far above float32 rounding, so no ties
   are expected). After batchtopk, "batchtopk-tie" encodes the same rows with one row replaced by a copy of the
   row holding the batch threshold, an exact tie: Python's torch.topk keeps exactly k*rows entries (one of the
   two equal values), Java's BatchTopKSae keeps every value tied with the threshold (documented); the one extra
   Java entry is reported as a boundary tie.
   PASS: no non-tie support mismatch and max |py - java| (tie positions excluded) <= rel_tol * max|z_py|
   (rel_tol 1e-5).

Run from the repository root (build vista-core first in the checkout used, e.g. `mvn -o -q -DskipTests package
-pl vista-core`):
    /usr/bin/python3 tools/crosscheck/sae_model_encode.py [--checkout DIR] [--variants ...]
Exit status 1 if any variant fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
TOOLS = HERE.parent
sys.path.insert(0, str(TOOLS / "eval"))
import pyvista  # noqa: E402

VARIANTS = ["vanilla", "topk", "batchtopk", "jumprelu"]
CLASSES = {"age": 9, "gender": 2, "race": 7}
KWARGS = {
    "vanilla": {"l1_coeff": 3e-3, "n_batches_to_dead": 5},
    "topk": {"top_k": 8, "top_k_aux": 32, "aux_penalty": 1 / 32, "n_batches_to_dead": 5},
    "batchtopk": {"top_k": 8, "top_k_aux": 32, "aux_penalty": 1 / 32, "n_batches_to_dead": 5},
    "jumprelu": {"bandwidth": 0.05, "l0_coeff": 1e-3, "n_batches_to_dead": 5},
}
LR = 1e-3


def fairface_like(n_train: int, n_rows: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Pooled vision-encoder-like latents: per-attribute class directions (age 9, gender 2, race 7 classes), a
    common offset of norm 5 (vision-encoder latents have a large mean; it also makes the same encoder columns win
    early, so some features die during training), noise; float16-rounded as the latent files store them.
    Returns (training, rows) float32."""
    rng = np.random.default_rng(seed)
    dirs = {a: rng.standard_normal((c, d)) * (0.25 if a == "gender" else 0.12) for a, c in CLASSES.items()}
    offset = rng.standard_normal(d)
    offset *= 5.0 / np.linalg.norm(offset)

    def draw(n: int) -> np.ndarray:
        x = rng.standard_normal((n, d)) * 0.6 + offset
        for a, c in CLASSES.items():
            x += dirs[a][rng.integers(0, c, n)] * rng.uniform(0.5, 1.5, (n, 1))
        return x.astype(np.float16).astype(np.float32)

    return draw(n_train), draw(n_rows)


def train_ckpt(variant: str, train: np.ndarray, d: int, m: int, steps: int, seed: int, out: Path):
    import vista_ckpt as vc
    from src.models.sparse_autoencoder import build_sae

    kw = KWARGS[variant]
    torch.manual_seed(seed)
    model = build_sae(variant, input_size=d, hidden_size=m, **kw)
    if variant == "jumprelu":  # VISTA starts at log_threshold = 0 (threshold 1, nearly everything gated here):
        # start spread over thresholds 0.05..0.5 instead, so the per-feature thresholds differ and gate a fair share
        with torch.no_grad():
            g = torch.Generator().manual_seed(seed)
            model.log_threshold.uniform_(float(np.log(0.05)), float(np.log(0.5)), generator=g)
    vc.train(model, torch.from_numpy(train), steps=steps, batch_rows=256, lr=LR, seed=seed)
    vc.save(model, variant, vc.hyper_parameters(variant, d, m, LR, kw), out, step=steps)
    return model


def classpath(checkout: Path, work: Path) -> str:
    classes = checkout / "vista-core" / "target" / "classes"
    if not (classes / "io" / "vista" / "core" / "sae" / "SaeModel.class").is_file():
        sys.exit(f"{classes}/io/vista/core/sae/SaeModel.class not found: build vista-core in {checkout} first "
                 f"(mvn -o -q -DskipTests package -pl vista-core)")
    cp_file = work / "cp.txt"
    proc = subprocess.run(["mvn", "-o", "-q", "-f", str(checkout / "vista-core" / "pom.xml"),
                           "dependency:build-classpath", "-Dmdep.includeScope=test", f"-Dmdep.outputFile={cp_file}"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"mvn dependency:build-classpath failed:\n{proc.stdout}{proc.stderr}")
    return f"{classes}{os.pathsep}{cp_file.read_text().strip()}"


def run_java(java: str, cp: str, ckpt: Path, rows: np.ndarray, work: Path, tag: str) -> tuple[np.ndarray | None, str]:
    rows_file, out_file = work / f"{tag}_rows.f32", work / f"{tag}_z_java.f32"
    rows.astype("<f4").tofile(rows_file)
    cmd = [java, "-cp", cp, str(HERE / "EncodeRows.java"), str(ckpt), str(rows_file), str(rows.shape[0]),
           str(rows.shape[1]), str(out_file)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})
    if proc.returncode != 0:
        return None, f"EncodeRows exit {proc.returncode}:\n{proc.stdout}{proc.stderr[-4000:]}"
    z = np.fromfile(out_file, dtype="<f4")
    return z, proc.stdout.strip()


def boundary(variant: str, model, pre_raw: np.ndarray, pre: np.ndarray):
    """The selection boundary of the variant as an interval [lo, hi] (broadcastable to [rows, m]): kept entries are
    >= hi (> for a threshold), dropped ones <= lo. Returns lo, hi, the array compared with it (pre-ReLU for
    vanilla, post-ReLU otherwise) and a description of how close the data came to the boundary.
    vanilla: 0; jumprelu: exp(log_threshold) per feature; topk: the row's k-th largest (hi) and (k+1)-th (lo);
    batchtopk: the batch's (k*rows)-th largest (hi) and the next (lo)."""
    n, m = pre.shape
    if variant == "vanilla":
        z = np.zeros((1, 1), np.float32)
        return z, z, pre_raw, f"min |pre-ReLU| = {np.abs(pre_raw).min():.3e}"
    if variant == "topk":
        k = model.top_k
        srt = -np.sort(-pre, axis=1)
        hi, lo = srt[:, k - 1], srt[:, k]
        live = hi > 0
        return lo[:, None], hi[:, None], pre, (
            f"k={k}: min over rows of (k-th - (k+1)-th largest) = {(hi - lo)[live].min():.3e} "
            f"(rows with < k positives: {int((~live).sum())})")
    if variant == "batchtopk":
        kk = model.top_k * n
        flat = -np.sort(-pre.ravel())
        hi, lo = flat[kk - 1], flat[kk]
        return (np.full((1, 1), lo, np.float32), np.full((1, 1), hi, np.float32), pre,
                f"k*rows={kk}: batch threshold {hi:.6g}, gap to the next value {hi - lo:.3e}, "
                f"values equal to it {int((pre == hi).sum())}")
    if variant == "jumprelu":
        thr = torch.exp(model.log_threshold.detach()).numpy()[None, :]
        pos = pre > 0
        return thr, thr, pre, (
            f"threshold exp(log_threshold) in [{thr.min():.4g}, {thr.max():.4g}] (median {np.median(thr):.4g}) "
            f"gates {int((pos & (pre <= thr)).sum())} of {int(pos.sum())} positive pre-activations; "
            f"min |pre - threshold| over positive pre = {np.abs(pre - thr)[pos].min():.3e}")
    raise ValueError(variant)


def float64_relu_pre(model, x: np.ndarray) -> np.ndarray:
    """ReLU(pre-activations) in float64; compared on the common support, where z = that value."""
    sd = {k: v.detach().double().numpy() for k, v in model.state_dict().items()}
    return np.maximum((x.astype(np.float64) - sd["b_dec"]) @ sd["W_enc"] + sd["b_enc"], 0.0)


def compare(variant: str, model, rows: np.ndarray, zp: np.ndarray, zj: np.ndarray, rel_tol: float) -> tuple[bool, list]:
    out = []
    x = torch.from_numpy(rows)
    with torch.no_grad():
        pre_raw = (model.pre_encode(x) @ model.W_enc + model.b_enc).numpy()
    pre = np.maximum(pre_raw, 0)
    scale = float(np.abs(zp).max())
    tol = rel_tol * scale
    lo, hi, cmp, closeness = boundary(variant, model, pre_raw, pre)

    finite = bool(np.isfinite(zj).all())
    sp, sj = zp != 0, zj != 0
    mism = sp != sj
    # a tie: the boundary itself is decided by rounding (hi - lo <= tol) and the entry lies at it
    near = ((hi - lo) <= tol) & (cmp >= lo - tol) & (cmp <= hi + tol)
    ties = mism & near
    other = mism & ~near
    diff = np.abs(zp.astype(np.float64) - zj.astype(np.float64))
    max_abs_all = float(diff.max())
    max_abs = float(diff[~ties].max())
    both = (np.abs(zp) > 1e-6) & (np.abs(zj) > 1e-6)
    rel = diff[both] / np.abs(zp[both]).astype(np.float64)
    max_rel = float(rel.max()) if rel.size else 0.0
    big = both & (np.abs(zp) > 1e-3 * scale)
    max_rel_big = float((diff[big] / np.abs(zp[big])).max()) if big.any() else 0.0
    z64 = float64_relu_pre(model, rows)
    err_py = float(np.abs(zp[both] - z64[both]).max()) if both.any() else 0.0
    err_j = float(np.abs(zj[both] - z64[both]).max()) if both.any() else 0.0
    ok = finite and int(other.sum()) == 0 and max_abs <= tol

    n, m = zp.shape
    out.append(f"nonzeros: python {int(sp.sum())}, java {int(sj.sum())} (L0 per row: python {sp.sum(1).mean():.3f}, "
               f"java {sj.sum(1).mean():.3f}); features never active on these rows: python "
               f"{int((~sp.any(0)).sum())}, java {int((~sj.any(0)).sum())} of {m}; max|z| {scale:.6g}")
    out.append(f"selection boundary: {closeness}")
    out.append(f"max abs diff {max_abs:.3e} (tolerance {rel_tol:g} * max|z| = {tol:.3e})"
               + ("" if max_abs_all == max_abs else f"; {max_abs_all:.3e} including the boundary-tie positions"))
    out.append(f"max rel diff (entries > 1e-6 on both sides, {int(both.sum())}) {max_rel:.3e}, "
               f"on entries > 1e-3 * max|z| ({int(big.sum())}) {max_rel_big:.3e}; max abs diff to float64 on "
               f"that support: python {err_py:.3e}, java {err_j:.3e}")
    out.append(f"bit-identical entries: {int((zp.view(np.uint32) == zj.view(np.uint32)).sum())} of {zp.size} "
               f"(nonzero: {int((sp & (zp == zj)).sum())} of {int(sp.sum())}); -0.0 entries: python "
               f"{int(((zp == 0) & np.signbit(zp)).sum())}, java {int(((zj == 0) & np.signbit(zj)).sum())} "
               f"(equal to +0.0; not part of the verdict)")
    out.append(f"support mismatches {int(mism.sum())}: boundary ties {int(ties.sum())}, other {int(other.sum())}")
    for i, j in list(zip(*np.nonzero(mism)))[:20]:
        lij, hij = float(np.broadcast_to(lo, zp.shape)[i, j]), float(np.broadcast_to(hi, zp.shape)[i, j])
        kind = "boundary tie" if ties[i, j] else "NOT A TIE"
        out.append(f"  row {i} feature {j}: python {zp[i, j]:.9g}, java {zj[i, j]:.9g}, pre {cmp[i, j]:.9g}, "
                   f"boundary [{lij:.9g}, {hij:.9g}] -> {kind}")
    if mism.sum() > 20:
        out.append(f"  ... {int(mism.sum()) - 20} more")
    if not finite:
        out.append("java output has non-finite values")
    return ok, out


def check_rows(label: str, variant: str, model, ckpt: Path, rows: np.ndarray, args, cp: str, work: Path) -> bool:
    """Python encode (one call) vs EncodeRows.java on the same checkpoint and rows; prints the figures."""
    with torch.no_grad():
        zp = model.encode(torch.from_numpy(rows)).numpy().astype(np.float32)
    t0 = time.time()
    zj, msg = run_java(args.java, cp, ckpt, rows, work, label)
    print(f"java ({time.time() - t0:.1f}s incl. JVM + source compile): {msg}")
    if zj is None or zj.size != zp.size:
        if zj is not None:
            print(f"java wrote {zj.size} values, expected {zp.size}")
        print(f"RESULT {label}: FAIL")
        return False
    ok, lines = compare(variant, model, rows, zp, zj.reshape(zp.shape), args.rel_tol)
    for line in lines:
        print(line)
    print(f"RESULT {label}: {'PASS' if ok else 'FAIL'}")
    return ok


def duplicate_at_boundary(model, rows: np.ndarray) -> tuple[np.ndarray, int, int] | None:
    """Rows with an exact tie at the BatchTopK threshold: row s is replaced by a copy of the row r holding the
    batch's (k*rows)-th largest ReLU pre-activation t (Python, float32), s chosen with as many entries > t as row r
    and no entry == t, so t is then both the (k*rows)-th and the (k*rows + 1)-th largest. Returns (rows', r, s)."""
    n = rows.shape[0]
    kk = model.top_k * n

    def pre_of(x):
        with torch.no_grad():
            return torch.relu(model.pre_encode(torch.from_numpy(x)) @ model.W_enc + model.b_enc).numpy()

    pre = pre_of(rows)
    t = -np.partition(-pre.ravel(), kk - 1)[kk - 1]
    if t <= 0:
        return None
    r = int(np.nonzero((pre == t).any(1))[0][0])
    above = (pre > t).sum(1)
    for s in np.nonzero((above == above[r]) & ~(pre == t).any(1))[0]:
        ext = rows.copy()
        ext[s] = rows[r]
        p2 = pre_of(ext)
        flat = -np.sort(-p2.ravel())
        if flat[kk - 1] == flat[kk] == t and np.array_equal(p2[r], p2[s]):
            return ext, r, int(s)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checkout", default=str(TOOLS.parent),
                    help="vista-java checkout whose vista-core/target/classes is used (default: this repository)")
    ap.add_argument("--variants", nargs="+", default=VARIANTS, choices=VARIANTS)  # seeds do not depend on order
    ap.add_argument("--vista-root", default=os.environ.get("VISTA_REPO", pyvista.DEFAULT_VISTA_ROOT))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--rows", type=int, default=256)
    ap.add_argument("--d", type=int, default=32)
    ap.add_argument("--m", type=int, default=128)
    ap.add_argument("--rel-tol", type=float, default=1e-5)
    ap.add_argument("--java", default="java")
    ap.add_argument("--prepend-classpath", default=None,
                    help="entries put before vista-core's classes (debugging aid, e.g. a patched class)")
    ap.add_argument("--no-tie-case", action="store_true",
                    help="skip the batchtopk run on rows with a duplicated row at the batch threshold")
    ap.add_argument("--keep", default=None, help="keep the work files (checkpoints, rows, codes) in this folder")
    args = ap.parse_args()

    torch.set_num_threads(1)
    pyvista.setup(args.vista_root)
    from src.utils import load_sae_from_checkpoint

    checkout = Path(args.checkout).resolve()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="sae-model-encode-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        cp = classpath(checkout, work)
        if args.prepend_classpath:
            cp = args.prepend_classpath + os.pathsep + cp
        head = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%h %s"], capture_output=True,
                              text=True).stdout.strip()
        jver = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
        print(f"torch {torch.__version__}, numpy {np.__version__}; {jver}")
        print(f"checkout {checkout} at {head[:100]}")
        print(f"seed {args.seed}; d={args.d} m={args.m} rows={args.rows}; training {args.steps} Adam steps "
              f"(batch 256, lr {LR}) on 4096 rows; tolerance {args.rel_tol:g} * max|z|")
        train, rows = fairface_like(4096, args.rows, args.d, args.seed)

        verdicts = {}
        for variant in args.variants:
            print(f"\n=== {variant} {KWARGS[variant]} ===")
            ckpt = work / f"{variant}.ckpt"
            trained = train_ckpt(variant, train, args.d, args.m, args.steps, args.seed + 1 + VARIANTS.index(variant),
                                 ckpt)
            model = load_sae_from_checkpoint(str(ckpt), torch.device("cpu"))
            with torch.no_grad():
                same = np.array_equal(model.encode(torch.from_numpy(rows)).numpy(),
                                      trained.encode(torch.from_numpy(rows)).numpy())
            print(f"checkpoint {ckpt.name} ({ckpt.stat().st_size} bytes); dead at the end of training "
                  f"(n_batches_to_dead={model.n_batches_to_dead}): {int(model._num_dead())}; python encode of the "
                  f"reloaded model {'equals' if same else 'DIFFERS FROM'} the trained one")
            verdicts[variant] = check_rows(variant, variant, model, ckpt, rows, args, cp, work) and same
            if variant == "batchtopk" and not args.no_tie_case:
                label = "batchtopk-tie"
                found = duplicate_at_boundary(model, rows)
                print(f"\n=== {label}: the same checkpoint; "
                      + ("no row pair found, skipped ===" if found is None else
                         f"row {found[2]} replaced by a copy of row {found[1]}, which holds the batch threshold: an "
                         f"exact tie at the (k*rows)-th largest value ==="))
                if found is not None:
                    verdicts[label] = check_rows(label, variant, model, ckpt, found[0], args, cp, work)
        print("\nSUMMARY: " + ", ".join(f"{v} {'PASS' if ok else 'FAIL'}" for v, ok in verdicts.items()))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if all(verdicts.values()) else 1)


if __name__ == "__main__":
    main()
