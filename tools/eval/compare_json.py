#!/usr/bin/python3
"""Side-by-side comparison of two evaluation_results.json files (Python evaluation.py vs vista-eval).

Checks: sae_health and reconstruction_quality to a relative tolerance (default 1e-4), feature-demographic
alignment top features (order) and scores, every accuracy of ablation_study and probe_comparison within an
absolute tolerance (default 0.01). Prints one line per value; exit status 1 when any check fails.

    /usr/bin/python3 tools/eval/compare_json.py PYTHON.json JAVA.json [--rel 1e-4] [--acc 0.01]
"""

from __future__ import annotations

import argparse
import json
import math
import sys


def rel_close(a: float, b: float, rel: float) -> bool:
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b), 1e-12)


class Report:
    def __init__(self) -> None:
        self.failures = 0
        self.checked = 0

    def line(self, key: str, py, jv, ok: bool) -> None:
        self.checked += 1
        if not ok:
            self.failures += 1
        print(f"{'ok ' if ok else 'BAD'} {key:58s} python={py!s:24.24s} java={jv!s:24.24s}")


def compare(py: dict, jv: dict, rel: float, acc: float, rep: Report, verbose: bool = True) -> None:
    for block in ("sae_health", "reconstruction_quality"):
        for k, v in py[block].items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    w = jv[block][k][kk]
                    rep.line(f"{block}.{k}.{kk}", vv, w, rel_close(vv, w, rel))
            else:
                w = jv[block][k]
                rep.line(f"{block}.{k}", v, w, rel_close(float(v), float(w), rel))
        if block == "reconstruction_quality" and "r_squared" in jv[block] and "r_squared" not in py[block]:
            print(f"    {block}.r_squared (Java only; the Python streaming path drops it) = {jv[block]['r_squared']}")
    for attr, a in py["feature_demographic_alignment"].items():
        b = jv["feature_demographic_alignment"][attr]
        rep.line(f"alignment.{attr}.top_variant_features", a["top_variant_features"][:6],
                 b["top_variant_features"][:6], a["top_variant_features"] == b["top_variant_features"])
        ok = all(rel_close(x, y, rel) for x, y in zip(a["top_variant_scores"], b["top_variant_scores"]))
        rep.line(f"alignment.{attr}.top_variant_scores", a["top_variant_scores"][0], b["top_variant_scores"][0], ok)
        for k in ("selectivity_mean", "selectivity_max"):
            rep.line(f"alignment.{attr}.{k}", a[k], b[k], rel_close(a[k], b[k], rel))
    for attr, a in py["ablation_study"].items():
        b = jv["ablation_study"][attr]
        rep.line(f"ablation.{attr}.baseline_accuracy", a["baseline_accuracy"], b["baseline_accuracy"],
                 abs(a["baseline_accuracy"] - b["baseline_accuracy"]) <= acc)
        for k, e in a["ablations"].items():
            f = b["ablations"][k]
            for key in ("acc_without_top_k", "acc_only_top_k"):
                rep.line(f"ablation.{attr}.k={k}.{key}", e[key], f[key], abs(e[key] - f[key]) <= acc)
    for attr, a in py["probe_comparison"].items():
        b = jv["probe_comparison"][attr]
        for key in ("raw_latent_accuracy", "sae_latent_accuracy", "delta"):
            rep.line(f"probe.{attr}.{key}", a[key], b[key], abs(a[key] - b[key]) <= acc)
        same_report = a["per_class_report"] == b["per_class_report"]
        # informational, not a check: the reports agree exactly only when every test prediction does
        print(f"    probe.{attr}.per_class_report: {'identical' if same_report else 'differs'}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("python_json")
    ap.add_argument("java_json")
    ap.add_argument("--rel", type=float, default=1e-4)
    ap.add_argument("--acc", type=float, default=0.01)
    args = ap.parse_args()
    py = json.load(open(args.python_json))
    jv = json.load(open(args.java_json))
    rep = Report()
    compare(py, jv, args.rel, args.acc, rep)
    print(f"{rep.checked - rep.failures}/{rep.checked} checks passed")
    sys.exit(1 if rep.failures else 0)


if __name__ == "__main__":
    main()
