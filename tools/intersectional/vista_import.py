"""Import VISTA's analysis modules (src/analysis.py, src/intersectional.py) for reference values.

VISTA is read from a checkout (--vista-root) or exported from a git directory (--vista-git, default
the read-only mirror) at a commit. Modules that these files import but that the reference maths
does not need (tqdm, hdf5plugin, concept_erasure) are stubbed when they are not installed; nothing
else of VISTA is changed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import types
from pathlib import Path

DEFAULT_GIT = "/work/.mirror/ozanbayiz+vista/repo"


def _stub_missing() -> list[str]:
    stubbed = []
    if importlib.util.find_spec("tqdm") is None:
        tqdm = types.ModuleType("tqdm")
        auto = types.ModuleType("tqdm.auto")
        auto.tqdm = lambda it=None, **kw: it
        tqdm.auto = auto
        tqdm.tqdm = auto.tqdm
        sys.modules["tqdm"] = tqdm
        sys.modules["tqdm.auto"] = auto
        stubbed.append("tqdm")
    if importlib.util.find_spec("hdf5plugin") is None:
        sys.modules["hdf5plugin"] = types.ModuleType("hdf5plugin")
        stubbed.append("hdf5plugin")
    if importlib.util.find_spec("concept_erasure") is None:
        ce = types.ModuleType("concept_erasure")
        ce.LeaceEraser = object
        sys.modules["concept_erasure"] = ce
        stubbed.append("concept_erasure")
    return stubbed


def import_vista(vista_root: str | None = None, vista_git: str = DEFAULT_GIT, commit: str = "HEAD"):
    """Returns (analysis module, intersectional module, provenance dict)."""
    provenance = {}
    if vista_root is None:
        sha = subprocess.check_output(["git", "--git-dir", vista_git, "rev-parse", commit], text=True).strip()
        tmp = Path(tempfile.mkdtemp(prefix="vista-src-"))
        archive = subprocess.run(
            ["git", "--git-dir", vista_git, "archive", sha, "src"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
        vista_root = str(tmp)
        provenance["vista_commit"] = sha
    else:
        provenance["vista_root"] = vista_root
    provenance["stubbed_modules"] = _stub_missing()
    sys.path.insert(0, vista_root)
    import src.analysis as analysis  # noqa: E402
    import src.intersectional as intersectional  # noqa: E402

    return analysis, intersectional, provenance
