#!/usr/bin/python3
"""Builds small, realistic PyTorch Lightning checkpoints (.ckpt) with torch 1.13 for the Java
LightningCheckpointReader tests, plus a JSON of the values torch itself reports for them.

Lightning is not installed, so the globals a real checkpoint names are recreated here: classes
whose pickled names are lightning.fabric.utilities.data.AttributeDict and
pytorch_lightning.utilities.parsing.AttributeDict (dict subclasses, as Lightning's),
lightning.pytorch.callbacks.model_checkpoint.ModelCheckpoint, an enum
lightning.pytorch.trainer.states.TrainerFn, registered as fake modules in sys.modules before
torch.save. The checkpoint dict has the keys Lightning 2.x writes (epoch, global_step,
pytorch-lightning_version, state_dict, loops, callbacks, optimizer_states, lr_schedulers,
hparams_name, hyper_parameters), and like Lightning's _atomic_save it is serialised to a buffer
first, so the archive folder is called "archive".

The SAE parameters are initialised as the Python VISTA's BaseSAE does (W_dec = W_enc.T.clone(),
then F.normalize), which leaves W_dec stored transposed (non-contiguous strides) -- the layout
real VISTA checkpoints have -- and a few Adam steps fill optimizer_states. Extra state_dict
entries cover float16, bfloat16, int64, float64 scalar, offset and strided views, and a
stride-0 expand.

Outputs (vista-core/src/test/resources/checkpoints/):
  lightning_topk.ckpt, lightning_jumprelu.ckpt, lightning_no_state_dict.ckpt
  lightning_expected.json

Run: /usr/bin/python3 tools/checkpoints/make_ckpt_fixture.py
"""
import collections
import datetime
import enum
import io
import json
import math
import os
import sys
import types
import zipfile

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "vista-core", "src", "test", "resources", "checkpoints")


# ---------------------------------------------------------------- fake Lightning globals

def fake_module(name):
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        sub = ".".join(parts[:i])
        if sub not in sys.modules:
            sys.modules[sub] = types.ModuleType(sub)
            if i > 1:
                setattr(sys.modules[".".join(parts[:i - 1])], parts[i - 1], sys.modules[sub])
    return sys.modules[name]


def register(module, cls):
    cls.__module__ = module
    setattr(fake_module(module), cls.__qualname__, cls)
    return cls


class _AttributeDictBase(dict):
    """Lightning's AttributeDict: a dict whose items are also attributes."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError as exp:
            raise AttributeError(f'Missing attribute "{key}"') from exp

    def __setattr__(self, key, val):
        self[key] = val

    def __delattr__(self, item):
        del self[item]


FabricAttributeDict = register("lightning.fabric.utilities.data",
                               type("AttributeDict", (_AttributeDictBase,), {"__qualname__": "AttributeDict"}))
PLAttributeDict = register("pytorch_lightning.utilities.parsing",
                           type("AttributeDict", (_AttributeDictBase,), {"__qualname__": "AttributeDict"}))


class ModelCheckpoint:
    def __init__(self, dirpath, monitor):
        self.dirpath = dirpath
        self.monitor = monitor
        self.save_top_k = 1
        self.best_model_score = torch.tensor(0.25)


register("lightning.pytorch.callbacks.model_checkpoint", ModelCheckpoint)


class TrainerFn(enum.Enum):
    FITTING = "fit"
    VALIDATING = "validate"


register("lightning.pytorch.trainer.states", TrainerFn)


class Payload:
    """A pickle that would call print(...) when loaded by Python; the Java reader must not."""

    def __reduce__(self):
        return (print, ("pickle payload executed",))


# ---------------------------------------------------------------- a VISTA-like SAE

class SAE(nn.Module):
    def __init__(self, d, m, jumprelu):
        super().__init__()
        self.W_enc = nn.Parameter(torch.empty(d, m))
        self.b_enc = nn.Parameter(torch.zeros(m))
        self.W_dec = nn.Parameter(torch.empty(m, d))
        self.b_dec = nn.Parameter(torch.zeros(d))
        nn.init.kaiming_uniform_(self.W_enc)
        # as the Python VISTA's BaseSAE: a transposed clone keeps the transposed strides
        self.W_dec.data = self.W_enc.data.T.clone()
        self.W_dec.data = F.normalize(self.W_dec.data, dim=-1)
        if jumprelu:
            self.log_threshold = nn.Parameter(torch.full((m,), -2.0))
        self.register_buffer("num_batches_not_active", torch.zeros(m))

    def forward(self, x):
        pre = F.relu((x - self.b_dec) @ self.W_enc + self.b_enc)
        if hasattr(self, "log_threshold"):
            pre = pre * torch.sigmoid(pre - self.log_threshold.exp())  # smooth stand-in, fills Adam state
        return pre @ self.W_dec + self.b_dec


class SAEModule(nn.Module):
    def __init__(self, d, m, jumprelu):
        super().__init__()
        self.model = SAE(d, m, jumprelu)


# ---------------------------------------------------------------- expectations

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int64: "I64", torch.int32: "I32"}


def num(v):
    if isinstance(v, float) and (math.isinf(v) or math.isnan(v)):
        return v  # json writes Infinity / NaN
    return v


def tensor_json(t):
    flat = t.detach().contiguous().reshape(-1)
    values = flat.double().tolist() if t.dtype.is_floating_point else flat.tolist()
    return {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "values": [num(v) for v in values],
            "stride": list(t.stride()), "storage_offset": t.storage_offset(), "contiguous": t.is_contiguous()}


def build(variant, seed, attr_dict_cls, with_payload):
    torch.manual_seed(seed)
    d, m = 6, 10
    jumprelu = variant == "jumprelu"
    module = SAEModule(d, m, jumprelu)
    opt = torch.optim.Adam(module.parameters(), lr=1e-3)
    for _ in range(3):
        x = torch.randn(8, d)
        loss = (module.model(x) - x).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            module.model.W_dec.data = F.normalize(module.model.W_dec.data, dim=-1)
    module.model.num_batches_not_active += torch.tensor([0, 1, 2, 0, 0, 5, 0, 0, 1, 0], dtype=torch.float32)

    sd = module.state_dict()
    assert not sd["model.W_dec"].is_contiguous(), "expected VISTA's transposed W_dec layout"
    w_enc = sd["model.W_enc"]
    sd["extra.half"] = torch.tensor([[1.0, -2.5, 0.1], [65504.0, 6e-8, -0.0]], dtype=torch.float16)
    sd["extra.bf16"] = torch.tensor([1.0, -0.1, 3.14159, 1e-30], dtype=torch.bfloat16)
    sd["extra.steps"] = torch.tensor([0, 7, -3, 2 ** 40], dtype=torch.int64)
    sd["extra.count32"] = torch.tensor([[1, -2], [3, 2 ** 31 - 1]], dtype=torch.int32)
    sd["extra.scalar64"] = torch.tensor(1.0 / 3.0, dtype=torch.float64)
    sd["extra.rows"] = w_enc[2:4]              # contiguous view at storage offset 20
    sd["extra.cols"] = w_enc[1:5, 3:7]         # strided view at an offset
    sd["extra.transposed"] = w_enc.t()         # transposed view of the same storage
    sd["extra.expanded"] = sd["model.b_dec"].unsqueeze(0).expand(3, d)  # stride 0
    sd["extra.empty"] = torch.zeros(0, 4)

    hp = attr_dict_cls()
    hp.variant = variant
    hp.input_size = d
    hp.hidden_size = m
    hp.learning_rate = 1e-3
    hp.n_batches_to_dead = 5
    if jumprelu:
        hp.bandwidth = 0.001
        hp.l0_coeff = 1e-4
    else:
        hp.top_k = 3
        hp.top_k_aux = 5
        hp.aux_penalty = 1 / 32

    callbacks = collections.OrderedDict()
    callbacks["ModelCheckpoint{'monitor': 'val/loss', 'mode': 'min', 'every_n_train_steps': 0, "
              "'every_n_epochs': 1, 'train_time_interval': None}"] = {
        "monitor": "val/loss", "best_model_score": torch.tensor(0.125), "best_model_path": "/runs/epoch=2.ckpt",
        "current_score": torch.tensor(0.125), "dirpath": "/runs", "best_k_models": {"/runs/epoch=2.ckpt": torch.tensor(0.125)},
        "kth_best_model_path": "/runs/epoch=2.ckpt", "kth_value": torch.tensor(float("inf")), "last_model_path": ""}
    callbacks["objects"] = {"callback": ModelCheckpoint("/runs", "val/loss"), "fn": TrainerFn.FITTING,
                            "train_time_interval": datetime.timedelta(hours=1)}
    if with_payload:
        callbacks["objects"]["payload"] = Payload()

    ckpt = {
        "epoch": 2,
        "global_step": 120 + seed,
        "pytorch-lightning_version": "2.4.0",
        "state_dict": sd,
        "loops": {"fit_loop": {"state_dict": {}, "epoch_loop.state_dict": {"_batches_that_stepped": 120},
                               "epoch_loop.batch_progress": {"total": {"ready": 120, "completed": 120},
                                                             "is_last_batch": True}}},
        "callbacks": callbacks,
        "optimizer_states": [opt.state_dict()],
        "lr_schedulers": [],
        "hparams_name": "kwargs",
        "hyper_parameters": hp,
    }
    return ckpt


def save(ckpt, name):
    buf = io.BytesIO()
    torch.save(ckpt, buf)  # as Lightning's _atomic_save: archive folder "archive"
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return path


def expectations(ckpt, path):
    # Load back with torch (the fake modules are registered) to be sure the file is what we think.
    loaded = torch.load(path)
    assert list(loaded["state_dict"]) == list(ckpt["state_dict"])
    opt = ckpt["optimizer_states"][0]
    return {
        "top_keys": list(ckpt),
        "hyper_parameters": dict(ckpt["hyper_parameters"]),
        "hyper_parameters_type": type(ckpt["hyper_parameters"]).__module__ + ".AttributeDict",
        "epoch": ckpt["epoch"], "global_step": ckpt["global_step"],
        "pytorch-lightning_version": ckpt["pytorch-lightning_version"], "hparams_name": ckpt["hparams_name"],
        "state_dict": {k: tensor_json(v) for k, v in ckpt["state_dict"].items()},
        "optimizer": {
            "state": {str(i): {k: tensor_json(v) for k, v in s.items()} for i, s in opt["state"].items()},
            "param_groups": [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()}
                             for g in opt["param_groups"]],
        },
        "best_model_score": 0.125,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for variant, seed, cls, payload in [("topk", 1, FabricAttributeDict, False),
                                        ("jumprelu", 2, PLAttributeDict, True)]:
        ckpt = build(variant, seed, cls, payload)
        name = f"lightning_{variant}.ckpt"
        expected[name] = expectations(ckpt, save(ckpt, name))
    broken = {"epoch": 0, "global_step": 0, "pytorch-lightning_version": "2.4.0",
              "hyper_parameters": FabricAttributeDict(variant="topk", input_size=6, hidden_size=10),
              "optimizer_states": [], "lr_schedulers": []}
    save(broken, "lightning_no_state_dict.ckpt")
    with open(os.path.join(OUT, "lightning_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    with zipfile.ZipFile(os.path.join(OUT, "lightning_topk.ckpt")) as z:
        print("entries:", z.namelist())
    print("wrote", sorted(expected), "to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
