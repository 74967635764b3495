#!/usr/bin/python3
"""Reads a vista-java checkpoint folder with nothing but numpy + json (no safetensors package).

    /usr/bin/python3 tools/checkpoints/read_checkpoint.py outputs/<date>/<time>/best

Prints cfg.json's SAELens keys and every tensor's name, dtype and shape, and checks the documented
SAE names and shapes: W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc [d_sae], b_dec [d_in].
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np

DTYPES = {"F32": "<f4", "F16": "<f2", "F64": "<f8", "I64": "<i8", "I32": "<i4"}


def read_safetensors(path):
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + begin:8 + n + end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return out


def main():
    folder = Path(sys.argv[1])
    cfg = json.loads((folder / "cfg.json").read_text())
    weights = read_safetensors(folder / "sae_weights.safetensors")
    print({k: cfg.get(k) for k in ("architecture", "d_in", "d_sae", "k")})
    for name, t in weights.items():
        print(f"{name:16s} {t.dtype} {list(t.shape)}")
    d, m = cfg["d_in"], cfg["d_sae"]
    expected = {"W_enc": (d, m), "W_dec": (m, d), "b_enc": (m,), "b_dec": (d,)}
    for name, shape in expected.items():
        assert weights[name].shape == shape, (name, weights[name].shape, shape)
    norms = np.linalg.norm(weights["W_dec"], axis=1)
    print(f"ok: documented names and shapes; decoder row norms in [{norms.min():.4f}, {norms.max():.4f}]")


if __name__ == "__main__":
    main()
