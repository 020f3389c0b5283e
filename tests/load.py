"""Import the benchmark's modules (the package ``bench``) in tests.

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
    """Return the module ``bench.<name>`` (``bench/<name>.py``), as the benchmark imports it.

    ``load_bench("steps")`` is the module the benchmark uses: one module, one ``STEPS``.
    Same as ``from bench import steps`` (pytest puts the repository root on the path).
    """
    return importlib.import_module(f"bench.{name}")
