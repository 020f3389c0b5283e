"""Write the printable worksheets before the pages are read, so pages can offer them.

The PDFs go to ``_build/worksheets/`` (where ``make worksheets`` puts them too), built by
:mod:`alliancelab.worksheets` from the same definitions as the exercises' widgets. A page
links one with the download role, which copies it into the site::

    {download}`Worksheet 3: risk matrix </_build/worksheets/03-risk-matrix.pdf>`

WeasyPrint (in the ``book`` extra) and the Pango library of the operating system are
needed; if either is missing the build stops and says what to install.
"""

from __future__ import annotations

import importlib.metadata
import time
from pathlib import Path
from typing import Any

from _digest import package_digest
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)


def write_pdfs(app: Sphinx, config: Any) -> None:
    from alliancelab.worksheets import PARTNERING_WORKSHEETS, WORKSHEETS, write_worksheets

    out = Path(app.srcdir) / "_build" / "worksheets"
    # the sheets come from the package alone: unchanged sources, unchanged PDFs (rewriting
    # them would make every page that offers one out of date)
    stamp = out / ".sources"
    digest = package_digest(extra=f"weasyprint {importlib.metadata.version('weasyprint')}")
    wanted = [out / f"{sheet.slug}.pdf" for sheet in (*WORKSHEETS, *PARTNERING_WORKSHEETS)]
    if stamp.exists() and stamp.read_text() == digest and all(p.exists() for p in wanted):
        logger.info("[worksheets] package unchanged: keeping the PDFs in %s", out)
        return
    start = time.perf_counter()
    try:
        paths = write_worksheets(out)
    except RuntimeError as exc:
        raise ExtensionError(f"[worksheets] cannot print the worksheets: {exc}") from exc
    stamp.write_text(digest)
    logger.info("[worksheets] %d PDFs in %s (%.1f s)", len(paths), out, time.perf_counter() - start)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", write_pdfs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
