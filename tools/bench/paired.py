#!/usr/bin/python3
"""vista-java versus the Python VISTA, measured in alternating rounds.

The machine this runs on is shared: its speed changes by the minute (the same Python run gave 1090
and 1561 tokens/s an hour apart). A ratio of two runs made at different times measures that drift
as much as the two implementations. Each round here runs vista-bench (the Java trainer's streamed
step) and then python_vista_speed.py (the ORIGINAL Python model) on the same file, variant, sizes,
batch and threads, back to back; the ratio is taken per round, and the report gives every round,
the median and the worst.

    mvn -B -ntp -DskipTests package    # vista-bench/target/vista-bench.jar
    /usr/bin/python3 tools/bench/paired.py --variants vanilla,topk --dim 1152 --hidden 4608 \
        --rounds 3 --work-dir bench-work --out paired_d1152.json
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(cmd: list[str], log) -> None:
    log.write("$ " + " ".join(cmd) + "\n")
    log.flush()
    proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        sys.exit(f"paired.py: command failed with exit {proc.returncode}: {' '.join(cmd)} (log: {log.name})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", default="vanilla")
    ap.add_argument("--dim", type=int, default=768)
    ap.add_argument("--hidden", type=int, default=3072)
    ap.add_argument("--tokens-per-batch", type=int, default=4096)
    ap.add_argument("--threads", type=int, default=2, help="torch threads; Java keeps TensorFlow's default")
    ap.add_argument("--java-steps", type=int, default=20)
    ap.add_argument("--python-steps", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--work-dir", default="bench-work")
    ap.add_argument("--jar", default=str(ROOT / "vista-bench" / "target" / "vista-bench.jar"))
    ap.add_argument("--out", default=None, help="JSON with every round")
    a = ap.parse_args()
    if not Path(a.jar).is_file():
        sys.exit(f"paired.py: {a.jar} not found (build with: mvn -B -ntp -DskipTests package)")

    tmp = Path(tempfile.mkdtemp(prefix="vista-paired-"))
    log = open(tmp / "runs.log", "w")
    print(f"logs and raw JSON in {tmp}", flush=True)
    rounds = []
    for r in range(a.rounds):
        for variant in a.variants.split(","):
            jout = tmp / f"java_{variant}_{r}.json"
            run(["java", "-jar", a.jar, "--dim", str(a.dim), "--hidden", str(a.hidden),
                 "--tokens-per-batch", str(a.tokens_per_batch), "--steps", str(a.java_steps),
                 "--variants", variant, "--logreg-samples", "0", "--work-dir", a.work_dir,
                 "--out", str(jout)], log)
            java = json.loads(jout.read_text())
            v = java["variants"][0]
            pout = tmp / f"python_{variant}_{r}.json"
            run(["/usr/bin/python3", str(ROOT / "tools" / "bench" / "python_vista_speed.py"),
                 "--file", java["data_file"], "--dim", str(a.dim), "--hidden", str(a.hidden),
                 "--tokens-per-batch", str(a.tokens_per_batch), "--steps", str(a.python_steps),
                 "--warmup", "2", "--threads", str(a.threads), "--variants", variant, "--json", str(pout)], log)
            py = json.loads(pout.read_text())["variants"][variant]
            row = {
                "round": r,
                "variant": variant,
                "java_streamed_tokens_per_s": v["derived"]["streamed_tokens_per_s"],
                "java_cpu_ms_per_step": v["streamed"]["cpuMsPerRep"],
                "python_tokens_per_s": py["tokens_per_s"],
                "python_cpu_ms_per_step": py["cpu_ms_per_step"],
            }
            row["ratio_wall"] = row["java_streamed_tokens_per_s"] / row["python_tokens_per_s"]
            row["ratio_cpu"] = row["python_cpu_ms_per_step"] / row["java_cpu_ms_per_step"]
            rounds.append(row)
            print(f"round {r} {variant:10s} java {row['java_streamed_tokens_per_s']:8.0f} tok/s "
                  f"({row['java_cpu_ms_per_step']:.0f} CPU ms/step)  python {row['python_tokens_per_s']:7.0f} tok/s "
                  f"({row['python_cpu_ms_per_step']:.0f} CPU ms/step)  x{row['ratio_wall']:.2f} wall, "
                  f"x{row['ratio_cpu']:.2f} CPU", flush=True)

    summary = {}
    print(f"\nd={a.dim} m={a.hidden} tokens/batch={a.tokens_per_batch}, {a.rounds} rounds")
    print(f"{'variant':10s} {'x wall median':>14s} {'x wall min':>11s} {'x CPU median':>13s} {'x CPU min':>10s}")
    for variant in a.variants.split(","):
        w = [x["ratio_wall"] for x in rounds if x["variant"] == variant]
        c = [x["ratio_cpu"] for x in rounds if x["variant"] == variant]
        summary[variant] = {"wall_median": statistics.median(w), "wall_min": min(w),
                            "cpu_median": statistics.median(c), "cpu_min": min(c)}
        print(f"{variant:10s} {statistics.median(w):14.2f} {min(w):11.2f} {statistics.median(c):13.2f} {min(c):10.2f}")
    if a.out:
        Path(a.out).write_text(json.dumps({"options": vars(a), "rounds": rounds, "summary": summary}, indent=1) + "\n")
        print(f"written {a.out}")


if __name__ == "__main__":
    main()
