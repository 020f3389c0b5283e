"""Build the code-free live app of the exercises into the site, at ``app/``.

One job: when the html build has finished without error, run
``scripts/build_live_app.py`` (with this environment's Python) into ``<outdir>/app``. That
script skips all work when its inputs are unchanged. If the app cannot be built the book
build fails, with the script's message: a site is never published with a broken app.

It runs before the offline archive is written (offline_zip.py, priority 900), so the
archive always holds the same app as the site, and after the wheel is published under
``downloads/`` (priority 450), which the app serves.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_live_app.py"
APP_DIR = "app"


def build_live_app(app: Sphinx, error) -> None:
    if error is not None or app.builder.format != "html" or not app.config.alliancelab_live_app:
        return
    outdir = Path(app.outdir)
    wheels = sorted((outdir / "downloads").glob("alliancelab-*.whl"))
    cmd = [sys.executable, str(SCRIPT), str(outdir / APP_DIR)]
    if wheels:
        cmd += ["--wheel", str(wheels[-1])]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise ExtensionError(
            "[live_app] the live app (app/) could not be built, so the site is not complete; "
            f"fix this and build again:\n{(result.stdout + result.stderr)[-4000:]}"
        )
    for line in result.stdout.splitlines():
        logger.info("[live_app] %s", line)


def setup(app: Sphinx):
    app.add_config_value("alliancelab_live_app", True, "html")
    # after publish_downloads (450, the wheel), before write_offline_zip (900)
    app.connect("build-finished", build_live_app, priority=850)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
