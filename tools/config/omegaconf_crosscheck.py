"""Independent expectations for io.vista.train.config from OmegaConf itself.

Writes JSON fixtures under vista-train/src/test/resources/io/vista/train/config/omegaconf/:
  * interpolation_cases.json: interpolation_cases.yaml resolved by OmegaConf;
  * bundled_<case>.json: the bundled config/ composed the way Hydra composes this defaults list
    (each group file merged at its group key in defaults-list order, then config.yaml's own keys,
    as _self_ is last), value overrides applied with OmegaConf.update(merge=True) as Hydra does,
    then resolved; the 'hydra' node is left out as in `--cfg job`, its run dir kept as _run_dir.

Hydra itself is not installable here, so its composition order is re-stated by hand below; the
interpolation, merging and resolvers are OmegaConf's own code.

Run (Debian's python3-omegaconf 2.2.2: `apt-get install python3-omegaconf`):
    /usr/bin/python3 tools/config/omegaconf_crosscheck.py
"""
import datetime
import json
import os
import pathlib

from omegaconf import OmegaConf

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config"
OUT = ROOT / "vista-train/src/test/resources/io/vista/train/config/omegaconf"
# ConfigFiles.CLOCK in the Java tests: 2024-03-05T07:08:09.123456 UTC.
NOW = datetime.datetime(2024, 3, 5, 7, 8, 9, 123456)

for var in ("PROJECT_ROOT", "DATA_ROOT", "SCRATCH", "VISTA_SURELY_UNSET_VAR_1234"):
    os.environ.pop(var, None)
OmegaConf.register_new_resolver("now", lambda pattern: NOW.strftime(pattern), use_cache=True)

# name -> (group choices in defaults-list order, extra global-package files, overrides as typed values)
CASES = {
    "default": ({"model": "sparse_autoencoder", "data": "fairface_no_labels", "module": "sae"}, [], []),
    "probe": ({"model": "linear_probe", "data": "fairface_labels", "module": "probe"}, [], []),
    "experiment": ({"model": "linear_probe", "data": "fairface_labels", "module": "probe"},
                   ["experiment/linear_probe.yaml"], []),
    "overrides": ({"model": "sparse_autoencoder", "data": "fairface_no_labels", "module": "sae"}, [],
                  [("module.top_k", 32), ("model.input_size", 512), ("seed", 7), ("trainer.precision", "32"),
                   ("module.l0_coeff", 5e-5), ("data.return_labels", ["all"]), ("output_root", "/tmp/runs")]),
}
# The same overrides as vista-java reads them from a command line.
CLI = {
    "default": [],
    "probe": ["module=probe", "model=linear_probe", "data=fairface_labels"],
    "experiment": ["+experiment=linear_probe"],
    "overrides": ["module.top_k=32", "model.input_size=512", "seed=7", "trainer.precision=32", "module.l0_coeff=5e-5",
                  "data.return_labels=[all]", "output_root=/tmp/runs"],
}


def load(rel):
    cfg = OmegaConf.load(CONFIG / rel)
    if "defaults" in cfg:
        del cfg["defaults"]
    return cfg


def compose(choices, extra, overrides):
    cfg = OmegaConf.create()
    for group, option in choices.items():
        cfg = OmegaConf.merge(cfg, OmegaConf.create({group: load(f"{group}/{option}.yaml")}))
    cfg = OmegaConf.merge(cfg, load("config.yaml"))
    for rel in extra:  # appended after _self_; '# @package _global_'
        cfg = OmegaConf.merge(cfg, load(rel))
    for key, value in overrides:
        OmegaConf.update(cfg, key, value, merge=True)
    resolved = OmegaConf.to_container(cfg, resolve=True)
    run_dir = resolved.pop("hydra")["run"]["dir"]
    resolved["_run_dir"] = run_dir
    return resolved


def write(name, obj):
    path = OUT / name
    path.write_text(json.dumps(obj, indent=1) + "\n")
    print("wrote", path.relative_to(ROOT))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cases = OmegaConf.load(OUT / "interpolation_cases.yaml")
    write("interpolation_cases.json", OmegaConf.to_container(cases, resolve=True))
    for name, (choices, extra, overrides) in CASES.items():
        out = compose(choices, extra, overrides)
        out["_overrides"] = CLI[name]
        write(f"bundled_{name}.json", out)


if __name__ == "__main__":
    main()
