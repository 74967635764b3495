#!/usr/bin/python3
"""Inputs for the bounded-memory measurement of `vista-eval evaluate` (not committed, written to /tmp):
a token-level latent file larger than the JVM heap (tools/fixtures/make_big.py: validation 1200 x 256 tokens x
d=512 float16, ~315 MB) and a TopK SAE checkpoint (d=512, m=2048, k=32) in the Python VISTA's Lightning layout,
initialised by the original model code.

    /usr/bin/python3 tools/eval/make_big_eval.py [--out-dir /tmp/vista-eval-big] [--vista-root PATH]
then e.g.
    /usr/bin/time -v java -Xmx256m -jar vista-eval/target/vista-eval.jar --checkpoint DIR/topk_512x2048.ckpt \
        --hdf5 DIR/big.h5 --output-dir DIR/out --batch-size 32
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyvista  # noqa: E402

TOOLS = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", default="/tmp/vista-eval-big")
    ap.add_argument("--vista-root", default=pyvista.DEFAULT_VISTA_ROOT)
    args = ap.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(TOOLS / "fixtures" / "make_big.py"), str(out / "big.h5"), "--n", "16",
                    "--val", "1200", "--tokens", "256", "--dim", "512", "--batch", "32"], check=True)
    pyvista.setup(args.vista_root)
    import vista_ckpt as vc
    from src.models.sparse_autoencoder import build_sae

    torch.manual_seed(0)
    kw = {"top_k": 32, "top_k_aux": 256, "aux_penalty": 1 / 32, "n_batches_to_dead": 5}
    model = build_sae("topk", input_size=512, hidden_size=2048, **kw)
    vc.save(model, "topk", vc.hyper_parameters("topk", 512, 2048, 1e-4, kw), out / "topk_512x2048.ckpt")
    print("wrote", out / "topk_512x2048.ckpt")


if __name__ == "__main__":
    main()
