#!/usr/bin/python3
"""A Python VISTA probe checkpoint for the Java ProbeModel tests: the ORIGINAL LinearProbe
(src/models/linear_probes.py, read from the read-only mirror) inside a ProbeModule-shaped
Lightning .ckpt (state_dict "model.<task>_classifier.weight/bias", hyper_parameters as
ProbeModule.save_hyperparameters() stores them), plus what torch predicts for a few rows.

Outputs (vista-core/src/test/resources/checkpoints/):
  lightning_probe.ckpt, lightning_probe.expected.json   (rows, per-task argmax and softmax)

Run: /usr/bin/python3 tools/checkpoints/make_probe_ckpt_fixture.py [--vista-root MIRROR]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import types

import torch

sys.path.insert(0, os.path.dirname(__file__))
import make_ckpt_fixture as mcf  # noqa: E402  (registers the fake Lightning globals)


def original_linear_probe(root):
    src = subprocess.check_output(["git", "-C", root, "show", "HEAD:src/models/linear_probes.py"], text=True)
    mod = types.ModuleType("vista_linear_probes")
    exec(compile(src, "linear_probes.py", "exec"), mod.__dict__)
    return mod.LinearProbe


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vista-root", default="/work/.mirror/ozanbayiz+vista/repo")
    args = ap.parse_args()
    LinearProbe = original_linear_probe(args.vista_root)
    torch.manual_seed(11)
    d = 6
    probe = LinearProbe(d, 9, 2, 7)
    sd = {"model." + k: v for k, v in probe.state_dict().items()}
    hp = mcf.FabricAttributeDict()
    hp.input_dim, hp.age_classes, hp.gender_classes, hp.race_classes, hp.learning_rate = d, 9, 2, 7, 1e-3
    ckpt = {"epoch": 4, "global_step": 200, "pytorch-lightning_version": "2.4.0", "state_dict": sd,
            "loops": {}, "callbacks": {}, "optimizer_states": [], "lr_schedulers": [], "hparams_name": "kwargs",
            "hyper_parameters": hp}
    path = mcf.save(ckpt, "lightning_probe.ckpt")
    x = torch.randn(12, d)
    with torch.no_grad():
        logits = dict(zip(["age", "gender", "race"], probe(x)))
    expected = {"rows": x.tolist(),
                "classes": {t: l.argmax(dim=1).tolist() for t, l in logits.items()},
                "probabilities": {t: torch.softmax(l, dim=1).tolist() for t, l in logits.items()}}
    with open(os.path.join(mcf.OUT, "lightning_probe.expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    main()
