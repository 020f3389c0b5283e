"""Build a Sphinx test root (tests/roots/test-<name>) with sphinx.testing, in a tmp folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: the Pyodide test venv has no Sphinx
    from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


def make_app(name: str, tmp: Path, *, builder: str = "html", **kwargs) -> SphinxTestApp:
    """A SphinxTestApp on a copy of the root ``test-<name>`` (config-inited has run)."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp / "src"
    shutil.copytree(ROOTS / f"test-{name}", src)
    return SphinxTestApp(builder, srcdir=src, builddir=tmp / "_build", **kwargs)


def build(name: str, tmp: Path, **kwargs) -> tuple[Path, str, str]:
    """Build the root into ``tmp``; return the html folder, the status and the warnings."""
    app = make_app(name, tmp, **kwargs)
    try:
        app.build()
        return Path(app.outdir), app._status.getvalue(), app._warning.getvalue()
    finally:
        app.cleanup()
