"""The offline archive: the whole site in one zip, with a script that starts the exercises.

One job: when the html build has finished (``build-finished``, after everything else has
written into the site: the stripped sources, the wheel, JupyterLite, the live app), zip
the site (pages, notebooks, JupyterLite, the wheel) into ``alliancelab-offline.zip`` at
its root, with a ``start.py`` (``offline_start.py`` here) that installs the wheel into a
virtual environment and opens the exercises as an app, and a README saying so. The
archive's ``notebooks/`` are the exercise and case notebooks with their stored outputs,
as the site serves them: the site's install line in their setup cell and, in the
learners' edition, without instructor content (``editions.notebook_filter``). Each
archive is written once, complete; it is not written again while its inputs are the
same.

Setting (``sphinx: config:`` in ``_config.yml``): ``alliancelab_offline_zip`` (build the
archive; default true).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from _digest import digest_files
from _published import OFFLINE_ZIP, ROOT, WHEELS, live_notebooks, served_bytes
from editions import notebook_filter
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

START_SCRIPT = Path(__file__).with_name("offline_start.py")
CONSTRAINTS = ROOT / "constraints.txt"

OFFLINE_README = """Alliance Lab, offline copy
==========================

1. Unzip the archive and open a terminal in its alliancelab folder (this one).
2. Run:  python3 start.py   (on Windows: py start.py). The exercises open in your browser
   as an app, with no code to see; "python3 start.py lab" opens them in JupyterLab instead.
3. Stop with Ctrl+C in the terminal. Your plan is saved in notebooks/exercises/.

The first start needs the internet, once: start.py makes a Python environment in .venv here
and installs the course package (bundled in wheels/) with the libraries it needs (pandas,
matplotlib, ipywidgets, Voila, JupyterLab, at the tested versions of constraints.txt), which
it downloads from the Python Package Index: about 100 MB, 500 MB once installed. Later
starts work offline. You need Python 3.11 or newer (python.org).

Only reading? Open site/index.html in a browser. The live exercises of the site (JupyterLite)
need a web server:  python3 -m http.server -d site 8000  then visit http://localhost:8000

site/        the whole course site
notebooks/   the exercise and case notebooks (.ipynb), with their stored outputs
wheels/      the alliancelab package (it carries the case data)
start.py     starts the exercises (python3 start.py --help lists its options)
"""


def write_offline_zip(app: Sphinx, error) -> None:
    if error is not None or app.builder.format != "html" or not app.config.alliancelab_offline_zip:
        return
    outdir = Path(app.outdir)
    target = outdir / OFFLINE_ZIP
    tmp = target.with_suffix(".zip.part")
    stamp = outdir / f".{OFFLINE_ZIP}.inputs"
    srcdir = Path(app.srcdir)
    dirs = app.config.alliancelab_live_dirs
    line = app.config.alliancelab_install_line
    edition = notebook_filter(app)
    skip = {target, tmp, stamp, outdir / ".buildinfo"}
    pages = [p for p in sorted(outdir.rglob("*")) if p.is_file() and p not in skip]
    notebooks = live_notebooks(srcdir, dirs)
    wheels = sorted(WHEELS.glob("alliancelab-*.whl"))
    extras = [p for p in (START_SCRIPT, CONSTRAINTS) if p.is_file()]
    digest = "\n".join(
        [
            digest_files(pages, root=outdir),
            digest_files(notebooks, root=srcdir),
            digest_files(wheels, root=WHEELS),
            digest_files(extras, root=ROOT),
            OFFLINE_README,
            line,
            str(getattr(app.config, "alliancelab_edition", "")),
        ]
    )
    if target.exists() and stamp.exists() and stamp.read_text() == digest:
        logger.info("[offline_zip] offline archive unchanged: %s", target)
        return
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("alliancelab/README.txt", OFFLINE_README)
        if START_SCRIPT.is_file():
            zf.write(START_SCRIPT, "alliancelab/start.py")
        if CONSTRAINTS.is_file():
            zf.write(CONSTRAINTS, "alliancelab/constraints.txt")
        for path in pages:
            zf.write(path, f"alliancelab/site/{path.relative_to(outdir).as_posix()}")
        for nb in notebooks:
            name = f"alliancelab/notebooks/{nb.relative_to(srcdir).as_posix()}"
            zf.writestr(name, served_bytes(nb, line, edition))
        for whl in wheels:
            zf.write(whl, f"alliancelab/wheels/{whl.name}")
    os.replace(tmp, target)
    stamp.write_text(digest)
    logger.info("[offline_zip] offline archive: %s (%.1f MB)", target, target.stat().st_size / 1e6)


def setup(app: Sphinx):
    # the live folders and the install line (lite_site), the edition (editions, via it)
    app.setup_extension("lite_site")
    app.add_config_value("alliancelab_offline_zip", True, "html")
    # last: after the live app is built into the site (live_app.py, build-finished, 850)
    app.connect("build-finished", write_offline_zip, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
