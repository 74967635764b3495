"""Reads a file written by vista-core's Hdf5Writer with h5py (HDF5 1.10.8) and checks every value.

  /usr/bin/python3 tools/hdf5_writer/verify_with_h5py.py cross-check FILE   # CrossCheckFile output
  /usr/bin/python3 tools/hdf5_writer/verify_with_h5py.py big FILE N T D dense|sparse  # WriterBenchmark

Expectations are recomputed here with numpy from the same closed-form patterns the Java side
uses (CrossCheckFile.floatPattern / longPattern); float16 values are compared bit for bit against
numpy's astype(np.float16), which is an independent implementation of round-to-nearest-even.
Prints one line per check and exits non-zero on the first mismatch.
"""
import sys
import time

from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
import zstd_h5filter as zstd_filter  # noqa: E402  -- the one ctypes Zstd filter of tools/

SPECIAL = np.array([
    0.0, -0.0, 1.0, -2.0, 65504.0, 65520.0, 1e6, -1e6, 2.0**-24, 2.0**-25, 1.5 * 2.0**-25, 2.0**-14,
    np.inf, -np.inf, np.nan, 1.0009765625, 1.00048828125, 1.00146484375, 3.14159265, -0.333333,
], dtype=np.float32)


def float_pattern(start, count, salt):
    i = np.arange(start, start + count, dtype=np.int64)
    m = (i * 7919 + salt * 104729) % 20011
    return (m - 10005).astype(np.float32) / np.float32(64)


def long_pattern(start, count, salt):
    i = np.arange(start, start + count, dtype=np.int64)
    return i * 1000003 - salt * 7 - 500000000


def check(condition, what):
    if not condition:
        print("FAIL", what)
        sys.exit(1)
    print("ok  ", what)


def same_bits(actual, expected):
    a = np.ascontiguousarray(actual)
    e = np.ascontiguousarray(expected)
    if a.shape != e.shape or a.dtype != e.dtype:
        return False
    return np.array_equal(a.view(np.uint8), e.view(np.uint8))


def zstd_level(ds):
    plist = ds.id.get_create_plist()
    for k in range(plist.get_nfilters()):
        fid, flags, values, name = plist.get_filter(k)
        if fid == zstd_filter.ZSTD_ID:
            return values[0] if values else -1
    return 0


def check_chunks(ds, name):
    """Every chunk is allocated, unmasked, and its offset is a multiple of the chunk shape."""
    n = ds.id.get_num_chunks()
    grid = [(s + c - 1) // c for s, c in zip(ds.shape, ds.chunks)]
    expected = int(np.prod(grid)) if ds.size else 0
    offsets = set()
    for k in range(n):
        info = ds.id.get_chunk_info(k)
        if info.filter_mask != 0:
            return check(False, f"{name}: chunk {k} filter mask {info.filter_mask}")
        offsets.add(tuple(info.chunk_offset))
    check(n == expected and len(offsets) == n, f"{name}: {n} chunks indexed (grid {grid})")


def check_dataset(f, name, dtype, shape, chunks, level, expected):
    ds = f[name]
    check(ds.dtype == np.dtype(dtype) and ds.shape == shape and ds.chunks == chunks,
          f"{name}: {ds.dtype} {ds.shape} chunks {ds.chunks}")
    check(zstd_level(ds) == level, f"{name}: zstd level {zstd_level(ds)}")
    check_chunks(ds, name)
    check(same_bits(ds[...], expected.astype(dtype).reshape(shape)), f"{name}: all values bit-identical")


def cross_check(path):
    zstd_filter.register()
    with h5py.File(path, "r") as f:
        attrs = {k: f.attrs[k] for k in f.attrs}
        check(attrs == {"model": "CrossCheck", "dataset": "cross-check",
                        "unicode": "äöü – 数据 ✓", "empty": ""}, f"root attributes {attrs}")
        check(set(f.keys()) == {"training", "validation", "many", "split", "big", "empty",
                                "special", "links"}, f"root members {sorted(f.keys())}")
        check(f["training/encoded"].attrs["note"] == "float16 (N,T,d)", "dataset attribute")

        check_dataset(f, "training/encoded", np.float16, (1000, 4, 16), (128, 4, 16), 3,
                      float_pattern(0, 64000, 1))
        for k, label in enumerate(["age", "gender", "race"]):
            check_dataset(f, f"training/labels/{label}", np.int64, (1000,), (512,), 3,
                          long_pattern(0, 1000, 10 + k))
        ds = f["training/original_indices"]
        check(same_bits(ds[...], long_pattern(0, 1000, 20)) and zstd_level(ds) == 3,
              f"training/original_indices chunks {ds.chunks}")
        check_dataset(f, "validation/encoded", np.float16, (300, 32), (128, 32), 3,
                      float_pattern(0, 9600, 2))
        check_dataset(f, "many/float32", np.float32, (5000, 3), (7, 3), 3, float_pattern(0, 15000, 3))
        check_dataset(f, "many/int64", np.int64, (70000,), (16,), 0, long_pattern(0, 70000, 4))
        # Point reads walk the B-tree from the root for one chunk each.
        deep = f["many/int64"]
        rng = np.random.default_rng(0)
        idx = np.sort(rng.choice(70000, 200, replace=False))
        check(all(deep[int(i)] == long_pattern(int(i), 1, 4)[0] for i in idx),
              "many/int64: 200 random point reads")
        check_dataset(f, "split/tiles", np.float32, (10, 7, 9), (4, 3, 4), 0, float_pattern(0, 630, 5))
        sub = f["split/tiles"][3:9, 2:6, 5:9]
        check(same_bits(sub, float_pattern(0, 630, 5).reshape(10, 7, 9)[3:9, 2:6, 5:9]),
              "split/tiles: hyperslab across chunk edges")
        check_dataset(f, "big/streamed", np.float16, (3, 1024, 2048), (2, 1024, 2048), 3,
                      float_pattern(0, 3 * 1024 * 2048, 6))
        check_dataset(f, "big/side", np.int64, (3000,), (64,), 3, long_pattern(0, 3000, 7))
        check_dataset(f, "big/raw", np.float32, (3, 1024, 1024), (2, 1024, 1024), 0,
                      float_pattern(0, 3 * 1024 * 1024, 8))
        empty = f["empty"]
        check(empty.shape == (0, 5) and empty.dtype == np.float16 and empty[...].size == 0,
              f"empty: shape {empty.shape} maxshape {empty.maxshape}")
        special = f["special"][...]
        with np.errstate(over="ignore"):  # 65520, 1e6 and -1e6 overflow to infinity on purpose
            expected_special = SPECIAL.astype(np.float16)
        check(same_bits(special, expected_special),
              f"special float16 values bit-identical to numpy: {special.view(np.uint16).tolist()}")
        links = f["links"]
        check(sorted(links.keys()) == sorted(f"d{k}" for k in range(12))
              and all(links[f"d{k}"][0] == k for k in range(12)), "group with 12 compact links")
    frames = zstd_filter.frames_checked
    check(len(frames) > 0 and all(n == fr for n, fr in frames),
          f"{len(frames)} zstd chunks decoded, each exactly one frame with its content size")


def bench_pattern(start, count, sparse):
    """WriterBenchmark.value: a splitmix64-style hash of the element index (uint64 wraps)."""
    x = np.arange(start, start + count, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    x ^= x >> np.uint64(29)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(32)
    v = ((x >> np.uint64(40)) & np.uint64(0xFFFF)).astype(np.float32) / np.float32(4096) - np.float32(8)
    if sparse:
        v[(x & np.uint64(63)) != 0] = 0
    return v


def big_check(path, n, t, d, sparse):
    zstd_filter.register()
    start = time.time()
    with h5py.File(path, "r") as f:
        ds = f["training/encoded"]
        check(ds.shape == (n, t, d) and ds.dtype == np.float16, f"big: {ds.shape} {ds.dtype} chunks {ds.chunks}")
        rows = ds.chunks[0]
        for r in range(0, n, rows):
            m = min(rows, n - r)
            got = ds[r:r + m]
            exp = bench_pattern(r * t * d, m * t * d, sparse).astype(np.float16).reshape(m, t, d)
            if not same_bits(got, exp):
                check(False, f"big: rows {r}..{r + m}")
        check(True, f"big: all {n * t * d} values bit-identical ({time.time() - start:.1f} s)")
        labels = f["training/labels/age"][...]
        check(same_bits(labels, long_pattern(0, n, 10)), "big: labels")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "cross-check":
        cross_check(sys.argv[2])
    elif len(sys.argv) == 7 and sys.argv[1] == "big":
        big_check(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "sparse")
    else:
        print(__doc__)
        sys.exit(2)
