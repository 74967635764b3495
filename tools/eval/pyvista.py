"""Imports the ORIGINAL Python VISTA modules (read-only mirror) with stubs for what is not installed here.

src.evaluation imports hdf5plugin (only for its filter registration side effect) and tqdm (progress bars);
neither is installed for /usr/bin/python3, so both are replaced by tiny stand-ins in sys.modules before import.
hdf5plugin.Zstd(clevel=...) is mapped to this repository's ctypes-registered filter (tools/fixtures/
zstd_h5filter.py), which writes the same filter id and chunk encoding.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

DEFAULT_VISTA_ROOT = "/work/.mirror/ozanbayiz+vista/repo"
TOOLS = Path(__file__).resolve().parents[1]


def _stub_tqdm() -> None:
    if "tqdm" in sys.modules:
        return
    try:
        import tqdm  # noqa: F401
        return
    except ImportError:
        pass

    def tqdm(iterable=None, *args, **kwargs):
        return iterable

    mod = types.ModuleType("tqdm")
    mod.tqdm = tqdm
    auto = types.ModuleType("tqdm.auto")
    auto.tqdm = tqdm
    mod.auto = auto
    sys.modules["tqdm"] = mod
    sys.modules["tqdm.auto"] = auto


def _stub_concept_erasure() -> None:
    """src.intervene (imported by src.vlm_generate, whose name tables src.intersectional uses) imports
    concept_erasure.LeaceEraser at module level; nothing here calls it."""
    try:
        import concept_erasure  # noqa: F401
        return
    except ImportError:
        pass
    mod = types.ModuleType("concept_erasure")

    class LeaceEraser:  # noqa: D401 - placeholder
        def __init__(self, *args, **kwargs):
            raise RuntimeError("concept_erasure is not installed (stub)")

    mod.LeaceEraser = LeaceEraser
    sys.modules["concept_erasure"] = mod


def _stub_hdf5plugin() -> None:
    if "hdf5plugin" in sys.modules:
        return
    try:
        import hdf5plugin  # noqa: F401
        return
    except ImportError:
        pass
    sys.path.insert(0, str(TOOLS / "fixtures"))
    import zstd_h5filter as zf  # noqa: E402

    zf.register()

    from h5py.filters import FilterRefBase

    class Zstd(FilterRefBase):
        """Stands for hdf5plugin.Zstd: an h5py filter reference (id 32015, options (clevel,))."""

        filter_id = zf.ZSTD_ID

        def __init__(self, clevel: int = 3):
            self.filter_options = (clevel,)

    mod = types.ModuleType("hdf5plugin")
    mod.Zstd = Zstd
    sys.modules["hdf5plugin"] = mod


NEEDED = ["src/__init__.py", "src/utils.py", "src/evaluation.py", "src/models/__init__.py",
          "src/models/sparse_autoencoder.py", "src/models/linear_probes.py",
          "src/setup_datasets/__init__.py", "src/setup_datasets/sae_latent_dataset.py",
          "src/analysis.py", "src/intersectional.py", "src/vlm_generate.py", "src/intervene.py"]


def _checkout(bare: Path) -> Path:
    """A bare mirror has no work tree: the needed files are read with `git show` into a temp folder (never into
    this repository)."""
    import subprocess
    import tempfile

    dest = Path(tempfile.mkdtemp(prefix="vista-py-"))
    for rel in NEEDED:
        try:
            text = subprocess.check_output(["git", "-C", str(bare), "show", f"HEAD:{rel}"])
        except subprocess.CalledProcessError:
            continue
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(text)
    return dest


def setup(vista_root: str = DEFAULT_VISTA_ROOT) -> Path:
    """Puts the VISTA checkout (a work tree, or a bare git mirror read at HEAD) on sys.path and installs the
    stubs; then `import src.evaluation` works. Returns the folder put on sys.path."""
    _stub_tqdm()
    _stub_hdf5plugin()
    _stub_concept_erasure()
    root = Path(vista_root).resolve()
    if not (root / "src").is_dir() and (root / "HEAD").is_file():
        root = _checkout(root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return root
