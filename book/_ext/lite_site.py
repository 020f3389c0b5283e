"""JupyterLite, the course wheel and the one-line install: the live side of the site.

What this extension does during ``jupyter-book build``:

1. **JupyterLite.** Builds the ``alliancelab`` wheel from ``src/`` (no network; it
   carries the case data) and stages the exercise and case notebooks for
   jupyterlite-sphinx, without their outputs and (in the learners' edition) without
   instructor content (``editions.notebook_filter``). Their setup cell
   (``SETUP_TEMPLATE`` in ``_published.py``, the first code cell of each) installs the
   package into the browser's Python (Pyodide); in any other Jupyter it prints the one
   line that installs it. jupyterlite-sphinx's own build runs only when what it reads
   changed (:func:`build_lite_if_changed` takes the place of its handler).
2. **One-line install.** Serves the wheel at a stable address,
   ``downloads/alliancelab-<version>-py3-none-any.whl``, and writes the line that
   installs it (``install_line``) into the served notebooks' setup cell, into every
   exercise and case page's box (``live_box.py``) and wherever a page has an ``{install-line}``
   directive. The line names the site's address when ``html.baseurl`` is set in
   ``_config.yml``; the pages also fill it in from their own address as they load.

The box on each notebook page that links to all of this is ``live_box.py``'s job.

Settings (``sphinx: config:`` in ``_config.yml``): ``alliancelab_live_dirs`` (folders
whose notebooks get a live version); ``html.baseurl``, the site's public address.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path

import nbformat
from _digest import digest_files, package_digest
from _published import (
    DOWNLOADS,
    LITE_DIR,
    ROOT,
    WHEELS,
    install_line,
    live_notebooks,
    served_bytes,
    served_notebook,
    wheel_name,
)
from docutils import nodes
from editions import notebook_filter
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

LITE_APP = "lite/notebooks/index.html"

# pure-Python wheels served with the site so that the live notebooks need PyPI less
# (the versions follow constraints.txt)
EXTRA_WHEELS = ("ipywidgets==8.1.9", "jupyterlab_widgets==3.0.17", "comm==0.2.3")


def lite_notebook(
    source: Path, line: str | None = None, edition: Callable[[dict], dict] | None = None
) -> nbformat.NotebookNode:
    """Return the notebook as served in JupyterLite: no outputs, the site's install line.

    Its setup cell installs the package in JupyterLite; a copy downloaded from there
    (*File > Download*) still says how to install the package in another Jupyter.
    ``edition`` (``editions.notebook_filter``) drops what the edition does not publish.
    """
    nb = nbformat.read(source, as_version=4)
    if edition is not None:
        nb = edition(nb)
    nb = nbformat.from_dict(served_notebook(nb, line or install_line()))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)"}
    nb.metadata.pop("widgets", None)
    return nb


def _package_digest() -> str:
    return package_digest(extra=" ".join(EXTRA_WHEELS))


def build_wheels() -> list[Path]:
    """Build the alliancelab wheel from src/ without network; add cached extra wheels.

    The wheels are kept while the package sources stay the same, so an unchanged
    package gives the same wheel bytes and JupyterLite need not be rebuilt.
    """
    stamp = WHEELS / ".sources"
    digest = _package_digest()
    if stamp.exists() and stamp.read_text() == digest and list(WHEELS.glob("alliancelab-*.whl")):
        return sorted(WHEELS.glob("*.whl"))
    if WHEELS.exists():
        shutil.rmtree(WHEELS)
    WHEELS.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "alliancelab"
        work.mkdir()
        shutil.copytree(
            ROOT / "src", work / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
        )
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, work / name)
        cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
        cmd += ["--wheel-dir", str(WHEELS), str(work)]
        # first with the build tools of this environment (no network); a venv without
        # `wheel` needs pip's isolated build, which fetches setuptools from PyPI
        result = subprocess.run([*cmd, "--no-build-isolation"], capture_output=True, text=True)
        if result.returncode != 0:
            result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(
                f"[lite_site] building the alliancelab wheel failed:\n{result.stderr}"
            )
    extra = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    extra += ["--only-binary=:all:", "--dest", str(WHEELS), *EXTRA_WHEELS]
    result = subprocess.run(extra, capture_output=True, text=True)
    if result.returncode != 0:
        logger.info(
            "[lite_site] could not fetch %s; JupyterLite will install them from PyPI",
            ", ".join(EXTRA_WHEELS),
        )
    else:
        stamp.write_text(digest)
    return sorted(WHEELS.glob("*.whl"))


def set_install_line(app: Sphinx, config) -> None:
    """Work out the one line that installs the package from this site (html.baseurl)."""
    config.alliancelab_wheel = wheel_name()
    config.alliancelab_install_line = install_line(config.html_baseurl or "")


def prepare_lite(app: Sphinx, config) -> None:
    if "jupyterlite_sphinx" not in config.extensions:
        return
    srcdir = Path(app.srcdir)
    # jupyterlite-sphinx (config-inited, priority 500) has just emptied this folder; the
    # notebooks go straight in, keeping their folders (its own jupyterlite_contents
    # option would copy folders to <srcdir>/_contents and flatten single files)
    contents = srcdir / config.jupyterlite_content_dir
    line, edition = config.alliancelab_install_line, notebook_filter(app)
    for source in live_notebooks(srcdir, config.alliancelab_live_dirs):
        rel = source.relative_to(srcdir)
        target = contents / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(lite_notebook(source, line, edition), target)
    wheels = build_wheels()
    lite_config = {
        "LiteBuildConfig": {"no_sourcemaps": True},
        "PipliteAddon": {"piplite_urls": [str(w) for w in wheels]},
    }
    (LITE_DIR / "jupyter_lite_config.json").write_text(json.dumps(lite_config, indent=2))


LITE_STAMP = ".alliancelab-inputs"


def lite_inputs_digest(app: Sphinx) -> str:
    """What the JupyterLite build reads: the staged notebooks, wheels, config."""
    srcdir = Path(app.srcdir)
    contents = srcdir / app.config.jupyterlite_content_dir
    files = [p for p in contents.rglob("*") if p.is_file()]
    files += [*sorted(WHEELS.glob("*.whl")), LITE_DIR / "jupyter_lite_config.json"]
    versions = " ".join(
        f"{name}={importlib.metadata.version(name)}"
        for name in ("jupyterlite-core", "jupyterlite-pyodide-kernel", "jupyterlite-sphinx")
    )
    return digest_files(files, extra=versions)


def build_lite_if_changed(app: Sphinx, error) -> None:
    """Run jupyterlite-sphinx's build only when its inputs changed since the last one.

    ``jupyter lite build`` takes several seconds and rewrites the same files when
    nothing changed; a warm book build then skips it.
    """
    from jupyterlite_sphinx import jupyterlite_sphinx as lite

    if error is not None or app.builder.format != "html":
        return lite.jupyterlite_build(app, error)
    out = Path(app.outdir) / lite.JUPYTERLITE_DIR
    stamp = out / LITE_STAMP
    digest = lite_inputs_digest(app)
    if (out / "jupyter-lite.json").exists() and stamp.exists() and stamp.read_text() == digest:
        logger.info("[lite_site] JupyterLite inputs unchanged: keeping %s", out)
        return None
    lite.jupyterlite_build(app, error)
    stamp.write_text(digest)
    return None


def replace_lite_build(app: Sphinx) -> None:
    """Swap jupyterlite-sphinx's build-finished handler for :func:`build_lite_if_changed`.

    jupyterlite-sphinx offers no setting to skip or replace its build, so its handler is
    found by identity (the function its ``setup()`` connected) and disconnected.
    """
    from jupyterlite_sphinx.jupyterlite_sphinx import jupyterlite_build

    listeners = app.events.listeners.get("build-finished", [])
    for listener in list(listeners):
        if listener.handler is jupyterlite_build:
            app.disconnect(listener.id)
            app.connect("build-finished", build_lite_if_changed, priority=listener.priority)


# ---------------------------------------------------------------- page boxes


# Fills in the install line with the address the page was loaded from (any host, any
# sub-path, or file:// for an unzipped copy), which pip accepts as well.
FILL_INSTALL_JS = (
    'document.querySelectorAll(".alliancelab-install code[data-wheel]").forEach(function (c) {'
    " c.textContent = 'pip install \"alliancelab[widgets] @ ' +"
    " new URL(c.dataset.wheel, document.baseURI).href + '\"'; });"
)


def install_html(line: str, wheel: str, up: str) -> str:
    """The install line as a code block (with a copy button), for a page ``up`` from the root."""
    href = escape(f"{up}{DOWNLOADS}/{wheel}")
    return (
        '<div class="highlight-text notranslate alliancelab-install"><div class="highlight">'
        f'<pre tabindex="0"><code data-wheel="{href}">{escape(line)}</code></pre></div></div>'
        f"<script>{FILL_INSTALL_JS}</script>"
    )


class InstallLine(SphinxDirective):
    """``{install-line}``: the one line that installs the course package from this site."""

    def run(self) -> list[nodes.Node]:
        up = "../" * self.env.docname.count("/")
        config = self.env.config
        html = install_html(config.alliancelab_install_line, config.alliancelab_wheel, up)
        return [nodes.raw("", html, format="html")]


# ---------------------------------------------------------------- downloads


def publish_downloads(app: Sphinx, error) -> None:
    """Serve the wheel at ``downloads/<wheel>``; put the site's install line in the notebooks.

    The notebooks a page offers for download are Sphinx's copies in ``_sources/``
    (already stripped of instructor content by editions.py).
    """
    if error is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    wheel = app.config.alliancelab_wheel
    built = WHEELS / wheel
    if not built.is_file():
        build_wheels()
    folder = outdir / DOWNLOADS
    folder.mkdir(exist_ok=True)
    for old in folder.glob("alliancelab-*.whl"):
        if old.name != wheel:
            old.unlink()
    target = folder / wheel
    if not target.is_file() or target.read_bytes() != built.read_bytes():
        shutil.copy2(built, target)
    line = app.config.alliancelab_install_line
    for dirname in app.config.alliancelab_live_dirs:
        for path in (outdir / "_sources" / dirname).rglob("*.ipynb"):
            data = served_bytes(path, line)
            if data != path.read_bytes():
                path.write_bytes(data)


def setup(app: Sphinx):
    app.setup_extension("editions")  # the edition decides what the staged notebooks hold
    app.add_config_value("alliancelab_live_dirs", ["exercises", "cases"], "html")
    # set by set_install_line from pyproject.toml and html_baseurl; "env": a change re-reads
    # the pages, whose {install-line} directives hold them
    app.add_config_value("alliancelab_wheel", "", "env")
    app.add_config_value("alliancelab_install_line", "", "env")
    app.add_directive("install-line", InstallLine)
    app.connect("config-inited", set_install_line, priority=800)
    # after jupyterlite-sphinx has emptied its contents folder (config-inited, 500) and
    # editions.py has chosen the edition (910), which notebook_filter reads
    app.connect("config-inited", prepare_lite, priority=930)
    app.connect("builder-inited", replace_lite_build)
    # after editions.py has stripped _sources/ (build-finished, 400), before jupyterlite-
    # sphinx's build (500), the live app (850) and the offline archive (900)
    app.connect("build-finished", publish_downloads, priority=450)
    # bump env_version when a change here alters the pages, so that incremental builds
    # rewrite every page
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
