"""What the site publishes for the course package and its notebooks (shared helpers).

The one-line install (:func:`install_line`), the notebooks' setup cell
(:data:`SETUP_TEMPLATE`) and the notebooks as the site serves them
(:func:`served_notebook`). ``lite_site.py`` (JupyterLite, the wheel, the install line)
and ``offline_zip.py`` (the offline archive) both use them. Not an
extension itself.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
LITE_DIR = ROOT / "_build" / "jupyterlite"
WHEELS = LITE_DIR / "wheels"  # the course wheel (and a few extra ones) that lite_site builds
OFFLINE_ZIP = "alliancelab-offline.zip"  # at the site's root (offline_zip.py)

DOWNLOADS = "downloads"  # the site's folder for the wheel: a stable address for pip
SETUP_CELL_ID = "alliancelab-setup"
SITE_PLACEHOLDER = "<course site>"  # in the line when the site's address is not configured
PIP_LINE = re.compile(r'pip install "alliancelab\[widgets\] @ [^"]+"')

# The first code cell of every exercise and case notebook (tests/test_static_site_ext.py
# checks that each has it, under the id SETUP_CELL_ID). {line} is install_line(): the build
# writes the site's own line into the notebooks it serves (served_notebook).
SETUP_TEMPLATE = r"""
# Setup. In the live version (JupyterLite) this cell installs the course package from the
# course site; in your own Jupyter it says how to install the package if it is missing.
import importlib.util
import sys

if not all(importlib.util.find_spec(name) for name in ("alliancelab", "ipywidgets")):
    if sys.platform == "emscripten":  # JupyterLite: the Python of this browser tab
        import piplite

        await piplite.install("alliancelab[widgets]")
    else:
        print(
            "This notebook needs the course package, alliancelab. Install it with this one\n"
            "line in a terminal (or in a notebook cell, with %pip instead of pip), then\n"
            "restart the kernel and run the notebook again:\n\n"
            '    {line}\n\n'
            'The course site shows the line on its page "How to use this course".'
        )""".removeprefix("\n")


def project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def wheel_name(version: str | None = None) -> str:
    """The file name of the course package's wheel (pure Python: any system)."""
    return f"alliancelab-{version or project_version()}-py3-none-any.whl"


def install_line(site: str = "", wheel: str | None = None) -> str:
    """The one line that installs the course package, with its widgets, from the site.

    A URL cannot carry pip's ``[extras]`` after the file name, so the line names the
    package with its extra and points it at the wheel (a PEP 508 direct reference).
    """
    site = site.rstrip("/") or SITE_PLACEHOLDER
    return f'pip install "alliancelab[widgets] @ {site}/{DOWNLOADS}/{wheel or wheel_name()}"'


def setup_cell(line: str | None = None) -> str:
    """The source of the notebooks' setup cell, naming ``line`` (default: no site address)."""
    return SETUP_TEMPLATE.replace("{line}", line or install_line())


def served_notebook(nb: dict, line: str) -> dict:
    """Return notebook JSON with ``line`` in its setup cell, as the site serves it."""
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("id") == SETUP_CELL_ID:
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            served = PIP_LINE.sub(lambda _m: line, text)
            if served != text:
                cell = dict(cell, source=served)
        cells.append(cell)
    return dict(nb, cells=cells)


def served_bytes(path: Path, line: str, edition: Callable[[dict], dict] | None = None) -> bytes:
    """The notebook file's bytes as the site serves it: with ``line`` in its setup cell.

    ``edition`` (``editions.for_edition``) drops what the build's edition does not
    publish; without it the notebook keeps all its cells.
    """
    data = path.read_bytes()
    try:
        nb = json.loads(data)
    except ValueError:
        return data
    served = served_notebook(edition(nb) if edition else nb, line)
    if served == nb:
        return data
    return (nbformat.writes(nbformat.from_dict(served)) + "\n").encode("utf-8")


def live_notebooks(srcdir: Path, dirs: list[str]) -> list[Path]:
    """The exercise and case notebooks (under ``dirs``) that get a live version."""
    found: list[Path] = []
    for folder in dirs:
        found += sorted(
            p
            for p in (srcdir / folder).rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts
        )
    return found
