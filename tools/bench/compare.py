#!/usr/bin/python3
"""Java (vista-bench --out JSON) versus Python (python_vista_speed.py --json) tokens/s per variant.

    /usr/bin/python3 tools/bench/compare.py bench.json py.json
"""
import json
import sys


def main() -> None:
    java = json.load(open(sys.argv[1]))
    py = json.load(open(sys.argv[2]))["variants"]
    o = java["options"]
    print(f"d={o['dim']} m={o['hidden']} tokens/batch={o['tokens_per_batch']}")
    print(f"{'variant':10s} {'java mem tok/s':>15s} {'java strm tok/s':>16s} {'python tok/s':>13s} {'x (strm)':>9s}"
          f" {'java CPU ms':>12s} {'python CPU ms':>14s} {'x (CPU)':>8s}")
    for v in java["variants"]:
        name = v["variant"]
        if name not in py:
            continue
        d = v["derived"]
        p = py[name]
        jcpu = v["streamed"]["cpuMsPerRep"]
        print(f"{name:10s} {d['memory_tokens_per_s']:15.0f} {d['streamed_tokens_per_s']:16.0f} {p['tokens_per_s']:13.0f}"
              f" {d['streamed_tokens_per_s'] / p['tokens_per_s']:9.2f} {jcpu:12.0f} {p['cpu_ms_per_step']:14.0f}"
              f" {p['cpu_ms_per_step'] / jcpu:8.2f}")


if __name__ == "__main__":
    main()
