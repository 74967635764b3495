#!/usr/bin/python3
"""Writes the safetensors fixtures of vista-core's io tests, by hand with numpy + json
(the `safetensors` package is not installed), following the reference layout:

    u64 little-endian N | N bytes of JSON header, space-padded to 8-byte alignment | data bytes

Outputs (under vista-core/src/test/resources/checkpoints/):
  reference.safetensors      F32/F16/BF16/F64/I64/I32 tensors incl. scalar and empty ones,
                             a __metadata__ map, and data laid out in a different order than the
                             header lists the tensors
  reference.expected.json    per tensor: dtype, shape, and the values numpy decodes
  saelens_folder/            a plain SAELens checkpoint folder (cfg.json + sae_weights.safetensors)
  saelens_folder.expected.json

Run: /usr/bin/python3 tools/checkpoints/make_fixtures.py
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "vista-core", "src", "test", "resources", "checkpoints")


def bf16_bits(x):
    """float32 -> bfloat16 bit patterns, round to nearest even (as torch does)."""
    bits = np.asarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounding = ((bits >> 16) & 1) + 0x7FFF
    return ((bits + rounding) >> 16).astype(np.uint16)


def bf16_values(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors, metadata, data_order=None):
    """tensors: name -> (dtype string, shape, raw little-endian bytes). Header lists names in dict
    order; the data is laid out in data_order (default: same)."""
    order = data_order or list(tensors)
    offsets, pos = {}, 0
    for name in order:
        n = len(tensors[name][2])
        offsets[name] = (pos, pos + n)
        pos += n
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets[name])}
    hb = json.dumps(header).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for name in order:
            f.write(tensors[name][2])


def as_json_values(arr):
    flat = np.asarray(arr).reshape(-1)
    if flat.dtype.kind == "f":
        return [float(v) for v in flat]  # float32 -> double is exact; NaN/Infinity tokens allowed
    return [int(v) for v in flat]


def reference():
    rng = np.random.default_rng(20240611)
    t, expected = {}, {}

    def add(name, dtype, values, raw):
        t[name] = (dtype, values.shape, raw)
        expected[name] = {"dtype": dtype, "shape": list(values.shape), "values": as_json_values(values)}

    w_enc = rng.standard_normal((6, 10)).astype(np.float32)
    add("W_enc", "F32", w_enc, w_enc.astype("<f4").tobytes())
    w_dec = rng.standard_normal((10, 6)).astype(np.float32)
    add("W_dec", "F32", w_dec, w_dec.astype("<f4").tobytes())
    b_enc = rng.standard_normal(10).astype(np.float32)
    add("b_enc", "F32", b_enc, b_enc.astype("<f4").tobytes())

    half = np.array([[1.0, -2.5, 65504.0, 6e-8], [-0.0, np.inf, 0.1, np.nan], [1e-4, -3.0e4, 0.333, 7.0]],
                    dtype=np.float16)
    add("half", "F16", half.astype(np.float32), half.astype("<f2").tobytes())

    src = np.array([1.0, -0.1, 3.14159265, 1e-30, 65536.5], dtype=np.float32)
    bb = bf16_bits(src)
    add("bf", "BF16", bf16_values(bb), bb.astype("<u2").tobytes())

    steps = np.array([0, -1, 2**62 + 12345, -(2**63)], dtype=np.int64)
    add("steps", "I64", steps, steps.astype("<i8").tobytes())
    counts = np.array([[7, -8, 2**31 - 1]], dtype=np.int32)
    add("counts", "I32", counts, counts.astype("<i4").tobytes())
    f64 = np.array([[0.1, -1e300], [2.0**-1074, 1.0 / 3.0]], dtype=np.float64)
    add("f64", "F64", f64, f64.astype("<f8").tobytes())
    scalar = np.array(2.718281828459045, dtype=np.float64)
    add("scalar", "F64", scalar, scalar.astype("<f8").tobytes())
    empty = np.zeros((0, 3), dtype=np.float32)
    add("empty", "F32", empty, b"")

    header_order = sorted(t)  # header alphabetical ...
    data_order = ["steps", "half", "W_dec", "empty", "bf", "scalar", "W_enc", "counts", "f64", "b_enc"]  # ... data not
    assert sorted(data_order) == header_order
    tensors = {k: t[k] for k in header_order}
    metadata = {"format": "pt", "note": "written by make_fixtures.py", "unicode": "\u00e9\u2713"}
    write_safetensors(os.path.join(OUT, "reference.safetensors"), tensors, metadata, data_order)
    with open(os.path.join(OUT, "reference.expected.json"), "w") as f:
        json.dump({"metadata": metadata, "header_order": header_order, "tensors": expected}, f, indent=1)


def saelens_folder():
    """A plain SAELens-style folder: cfg.json + sae_weights.safetensors (float32), jumprelu."""
    rng = np.random.default_rng(7)
    d, m = 4, 8
    folder = os.path.join(OUT, "saelens_folder")
    os.makedirs(folder, exist_ok=True)
    cfg = {"architecture": "jumprelu", "d_in": d, "d_sae": m, "dtype": "float32", "device": "cpu",
           "model_name": "paligemma2", "hook_name": "vision_tower", "apply_b_dec_to_input": True,
           "normalize_activations": "none"}
    with open(os.path.join(folder, "cfg.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    arrays = {
        "W_enc": rng.standard_normal((d, m)).astype(np.float32),
        "W_dec": rng.standard_normal((m, d)).astype(np.float32),
        "b_enc": rng.standard_normal(m).astype(np.float32),
        "b_dec": rng.standard_normal(d).astype(np.float32),
        "threshold": np.abs(rng.standard_normal(m)).astype(np.float32),
    }
    tensors = {k: ("F32", v.shape, v.astype("<f4").tobytes()) for k, v in arrays.items()}
    write_safetensors(os.path.join(folder, "sae_weights.safetensors"), tensors, None)
    with open(os.path.join(OUT, "saelens_folder.expected.json"), "w") as f:
        json.dump({"cfg": cfg, "tensors": {k: {"dtype": "F32", "shape": list(v.shape), "values": as_json_values(v)}
                                           for k, v in arrays.items()}}, f, indent=1)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    reference()
    saelens_folder()
    print("wrote fixtures to", os.path.normpath(OUT))
