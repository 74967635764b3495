"""Saves a Python VISTA SAE (the ORIGINAL src.models.sparse_autoencoder classes) as a Lightning-shaped .ckpt,
without Lightning: the checkpoint dict has the keys Lightning 2.x writes, hyper_parameters is a (fake)
lightning AttributeDict and the state_dict holds "model.*" tensors, exactly what src.utils.load_sae_from_checkpoint
and sae_latent_dataset.load_model read. The fake Lightning classes come from tools/checkpoints/make_ckpt_fixture.py
(registered in sys.modules on import), so torch.load can read the file back in this process.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checkpoints"))
import make_ckpt_fixture as mcf  # noqa: E402

HP_KEYS = {
    "vanilla": ["l1_coeff", "n_batches_to_dead"],
    "topk": ["top_k", "top_k_aux", "aux_penalty", "n_batches_to_dead"],
    "batchtopk": ["top_k", "top_k_aux", "aux_penalty", "n_batches_to_dead"],
    "jumprelu": ["bandwidth", "l0_coeff", "n_batches_to_dead"],
}


def train(model, data: torch.Tensor, steps: int, batch_rows: int, lr: float, seed: int) -> None:
    """A few hundred Adam steps as SAEModule trains: loss backward, decoder unit-norm projection, step."""
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        idx = torch.randint(0, data.shape[0], (batch_rows,), generator=g)
        out = model(data[idx])
        opt.zero_grad()
        out["loss"].backward()
        model.make_decoder_weights_and_grad_unit_norm()
        opt.step()
    model.eval()


def save(model, variant: str, hp: dict, path: Path, epoch: int = 3, step: int = 300) -> None:
    """torch.save of a Lightning-shaped dict (through a buffer, as Lightning's _atomic_save)."""
    hparams = mcf.FabricAttributeDict()
    for k, v in hp.items():
        hparams[k] = v
    sd = {"model." + k: v.detach().clone() if k != "W_dec" else v.detach() for k, v in model.state_dict().items()}
    ckpt = {
        "epoch": epoch, "global_step": step, "pytorch-lightning_version": "2.4.0",
        "state_dict": sd, "loops": {}, "callbacks": {}, "optimizer_states": [], "lr_schedulers": [],
        "hparams_name": "kwargs", "hyper_parameters": hparams,
    }
    buf = io.BytesIO()
    torch.save(ckpt, buf)
    path.write_bytes(buf.getvalue())


def hyper_parameters(variant: str, d: int, m: int, lr: float, kwargs: dict) -> dict:
    hp = {"variant": variant, "input_size": d, "hidden_size": m, "learning_rate": lr}
    hp.update(kwargs)
    return hp


def unit_norm_rows(w: torch.Tensor) -> torch.Tensor:
    return F.normalize(w, dim=-1)
