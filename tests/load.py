"""Import the benchmark's files (``bench/*.py``, not a package) in tests.

The build scripts are a package: ``from scripts import fetch_web_assets``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    """Return the file at ``path`` as a module registered under ``name`` (once)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def load_bench(name: str) -> ModuleType:
    """Return ``bench/<name>.py`` as a module, registered as ``bench/run.py`` does.

    Under ``bench_<name>``: ``load_bench("steps")`` is the module the benchmark uses.
    """
    return _load(f"bench_{name}", ROOT / "bench" / f"{name}.py")
