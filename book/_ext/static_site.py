"""Make the published site self-contained and give each exercise a live version.

What this extension does during ``jupyter-book build``:

1. **Local web assets.** Fetches the pinned npm packages the pages need
   (the Jupyter widgets HTML manager, MathJax) with
   ``scripts/fetch_web_assets.py`` and serves them from ``_static/vendor/``;
   ``_config.yml`` points ``nb_ipywidgets_js`` and ``mathjax_path`` there, so a
   reading page loads nothing from another host. If the assets cannot be had the
   build stops with a message saying what to do. A page whose stored widgets are all
   ipywidgets 8 base and controls models gets the light build of the widget manager
   (which the same script builds with Node.js and npm, served from
   ``_static/light-manager/``) instead of the full one, and its stored widget state
   without the traits kept at their default (``widget_state.py``). Without
   Node.js and npm every page with widgets gets the full manager; the build says so in
   one line.
2. **JupyterLite.** Builds the ``alliancelab`` wheel from ``src/`` (no network; it
   carries the case data) and stages the exercise and case notebooks for
   jupyterlite-sphinx, without their outputs. Their setup cell (``SETUP_TEMPLATE``,
   the first code cell of each) installs the package into the browser's Python
   (Pyodide); in any other Jupyter it prints the one line that installs it.
3. **One-line install.** Serves the wheel at a stable address,
   ``downloads/alliancelab-<version>-py3-none-any.whl``, and writes the line that
   installs it (:func:`install_line`) into the served notebooks' setup cell, into every
   exercise and case page's box and wherever a page has an ``{install-line}``
   directive. The line names the site's address when ``html.baseurl`` is set in
   ``_config.yml``; the pages also fill it in from their own address as they load.
4. **Open live / download.** Adds to every exercise and case notebook page a box
   with a link that opens the notebook in JupyterLite and one that downloads it.
5. **Offline archive.** After the build, zips the whole site (pages, notebooks,
   JupyterLite, the wheel) into ``alliancelab-offline.zip`` at the site root, with a
   ``start.py`` (``offline_start.py`` here) that installs the wheel into a virtual
   environment and opens the exercises as an app, and a README saying so.

Settings (``sphinx: config:`` in ``_config.yml``): ``alliancelab_live_dirs``
(folders whose notebooks get a live version), ``alliancelab_offline_zip``
(build the archive; default true); ``html.baseurl``, the site's public address.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from html import escape
from pathlib import Path

import nbformat
from _digest import digest_files, package_digest
from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from widget_state import WIDGET_STATE_TYPE

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
LITE_DIR = ROOT / "_build" / "jupyterlite"
WHEELS = LITE_DIR / "wheels"
OFFLINE_ZIP = "alliancelab-offline.zip"
LITE_APP = "lite/notebooks/index.html"

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


# pure-Python wheels served with the site so that the live notebooks need PyPI less
# (the versions follow constraints.txt)
EXTRA_WHEELS = ("ipywidgets==8.1.9", "jupyterlab_widgets==3.0.17", "comm==0.2.3")


def _fetch_module():
    # scripts/ is a package at the repository root (the book's source folder)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts import fetch_web_assets

    return fetch_web_assets


def prepare_web_assets(app: Sphinx, config) -> None:
    fetch = _fetch_module()
    try:
        assets = fetch.fetch_all(quiet=True)
    except fetch.AssetError as exc:
        raise RuntimeError(f"[static_site] {exc}") from exc
    out = assets.folder
    if str(out) not in [str(Path(app.confdir, p)) for p in config.html_static_path]:
        config.html_static_path.append(str(out))
    if assets.light_manager is None:
        config.alliancelab_light_manager = ""
        logger.info(
            "[static_site] light widget manager not built (%s): pages with widgets load "
            "the full one",
            assets.why_no_light_manager,
        )
    else:
        config.alliancelab_light_manager = assets.light_manager.relative_to(out).as_posix()


def set_theme_defaults(app: Sphinx, config) -> None:
    # without a default the theme script logs "Got invalid theme mode" on a first visit
    # (pydata-sphinx-theme reads it from html_context)
    config.html_context.setdefault("default_mode", "light")
    # One header, one search box. pydata-sphinx-theme (0.16+) puts a search field in its
    # top bar unless navbar_persistent is set; sphinx-book-theme leaves every other part
    # of that bar empty, so the pages had an empty 64-px bar with a second search box
    # above the sidebar's own. With nothing in it the theme writes no bar at all. Set
    # here rather than in _config.yml, whose html: keys Jupyter Book turns into
    # html_theme_options (a sphinx: config: html_theme_options would replace them all).
    config.html_theme_options.setdefault("navbar_persistent", [])


def encrypt_build_kernels(app: Sphinx, config) -> None:
    """Give the kernels that execute the notebooks CurveZMQ keys (no plain-text TCP).

    ipykernel 7 warns "Kernel is running over TCP without encryption" once per kernel,
    on the build's stderr, unless the kernel manager provisions CurveZMQ keys; no
    myst-nb or jupyter-cache setting reaches the manager they create. This sets the
    default of jupyter_client's own ``KernelManager.transport_encryption`` option to
    "auto" (keys for kernels whose spec declares curve support, as ipykernel's does)
    in this build process only. The warning then has nothing to warn about; any other
    kernel output, warnings included, is printed as before.
    """
    if str(getattr(config, "nb_execution_mode", "off")) == "off":
        return
    try:
        import zmq
        from jupyter_client.manager import KernelManager
    except ImportError:
        return
    trait = KernelManager.class_traits().get("transport_encryption")
    if trait is not None and zmq.has("curve") and trait.default_value == "disabled":
        trait.default_value = "auto"


# Where the widget manager finds its icon fonts (by default, relative to the page).
WIDGET_ASSETS_JS = (
    "window.__jupyter_widgets_assets_path__ = new URL("
    'document.documentElement.dataset.content_root + "_static/vendor/html-manager/dist/", '
    "document.baseURI).href;"
)


# Assets that extensions add to every page but this site does not use: thebe is off
# (launch_buttons.thebe: false; its loader points at unpkg.com and its inline config is
# added twice, a console error), and jupyterlite-sphinx's directive styles import a
# Google font. The live notebooks are linked from a plain box instead (add_live_box).
UNUSED_ASSETS = ("sphinx-thebe", "jupyterlite_sphinx", "fonts.googleapis.com/css?family=Vibur")


def _unused(asset) -> bool:
    name = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return any(s in name for s in UNUSED_ASSETS) or "THEBE_JS_URL" in body


def _off_site(asset) -> bool:
    name = str(getattr(asset, "filename", "") or "")
    return name.startswith(("http://", "https://", "//"))


# The widget manager a page loads (myst-nb adds nb_ipywidgets_js to the pages that have
# stored widgets, and only to those): the full embed.js of @jupyter-widgets/html-manager
# (1.88 MB: base, controls and output widgets, ipywidgets 7 models, a schema validator),
# or, where every stored model is an ipywidgets 8 base or controls model (the course's
# exercises), the light build of the same manager made from the same packages (0.97 MB;
# built by scripts/fetch_web_assets.py when Node.js and npm are there, served as
# _static/<alliancelab_light_manager>, set by prepare_web_assets; "" when it was not
# built). Both find the icon fonts beside embed.js.
FULL_MANAGER = "html-manager/dist/embed"
LIGHT_MODULES = ("@jupyter-widgets/base", "@jupyter-widgets/controls")


def light_manager_will_do(context) -> bool:
    """Whether every stored widget model of the page is one the light manager has."""
    states = [
        a.attributes["body"]
        for a in context.get("script_files", [])
        if getattr(a, "attributes", {}).get("type") == WIDGET_STATE_TYPE
        and a.attributes.get("body")
    ]
    models = [m for body in states for m in json.loads(body).get("state", {}).values()]
    return bool(models) and all(
        m.get("model_module") in LIGHT_MODULES
        and str(m.get("model_module_version", "")).startswith("2.")
        for m in models
    )


def light_manager(asset, light: str):
    """The light manager's script (``light``, under _static/) in place of the full one's."""
    name = str(getattr(asset, "filename", ""))
    if FULL_MANAGER not in name:
        return asset
    # both are static files: "_static/vendor/html-manager/..." -> "_static/light-manager/..."
    static = name[: name.index("vendor/html-manager/")]
    return type(asset)(static + light, priority=asset.priority, **asset.attributes)


def prune_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _unused(a)]
            for asset in filter(_off_site, context[key]):
                logger.warning(
                    "[static_site] %s loads %s from another site; serve it from _static/ "
                    "(see scripts/fetch_web_assets.py)",
                    pagename,
                    asset.filename,
                    location=pagename,
                )
    scripts = [str(getattr(a, "filename", "")) for a in context.get("script_files", [])]
    if any(FULL_MANAGER in name for name in scripts):
        light = app.config.alliancelab_light_manager
        if light and light_manager_will_do(context):
            context["script_files"] = [light_manager(a, light) for a in context["script_files"]]
        return
    # no widgets on this page: the widget helpers are not needed either
    context["script_files"] = [
        a
        for a in context["script_files"]
        if "__jupyter_widgets_assets_path__"
        not in str(getattr(a, "attributes", {}).get("body", ""))
        and "widget-a11y.js" not in str(getattr(a, "filename", ""))
    ]


# ---------------------------------------------------------------- JupyterLite


def live_notebooks(srcdir: Path, dirs: list[str]) -> list[Path]:
    found: list[Path] = []
    for folder in dirs:
        found += sorted(
            p
            for p in (srcdir / folder).rglob("*.ipynb")
            if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts
        )
    return found


def lite_notebook(source: Path, line: str | None = None) -> nbformat.NotebookNode:
    """Return the notebook as served in JupyterLite: no outputs, the site's install line.

    Its setup cell installs the package in JupyterLite; a copy downloaded from there
    (*File > Download*) still says how to install the package in another Jupyter.
    """
    nb = nbformat.read(source, as_version=4)
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
                f"[static_site] building the alliancelab wheel failed:\n{result.stderr}"
            )
    extra = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    extra += ["--only-binary=:all:", "--dest", str(WHEELS), *EXTRA_WHEELS]
    result = subprocess.run(extra, capture_output=True, text=True)
    if result.returncode != 0:
        logger.info(
            "[static_site] could not fetch %s; JupyterLite will install them from PyPI",
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
    for source in live_notebooks(srcdir, config.alliancelab_live_dirs):
        rel = source.relative_to(srcdir)
        target = contents / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(lite_notebook(source, config.alliancelab_install_line), target)
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
        logger.info("[static_site] JupyterLite inputs unchanged: keeping %s", out)
        return None
    lite.jupyterlite_build(app, error)
    stamp.write_text(digest)
    return None


def replace_lite_build(app: Sphinx) -> None:
    """Swap jupyterlite-sphinx's build-finished handler for :func:`build_lite_if_changed`."""
    listeners = app.events.listeners.get("build-finished", [])
    for listener in list(listeners):
        if getattr(listener.handler, "__name__", "") == "jupyterlite_build":
            app.disconnect(listener.id)
            app.connect("build-finished", build_lite_if_changed, priority=listener.priority)


# ---------------------------------------------------------------- page boxes


def _is_live(app: Sphinx, docname: str) -> bool:
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb":
        return False
    return any(docname.startswith(d.rstrip("/") + "/") for d in app.config.alliancelab_live_dirs)


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


# The code-free live app (book/_ext/live_app.py builds it into app/): one page per exercise.
APP_PAGE = "app/voici/render/{name}.html"
# what the first start of an exercise in the app downloads, in MB: Pyodide, the kernel and
# the app's pages from this site (22 MB, measured by tests/test_live_app.py), numpy, pandas
# and matplotlib from Pyodide's CDN (about 22 MB, estimated); scripts/build_live_app.py
# works out the same figure for the app's loading message (the test checks they agree)
APP_FIRST_START_MB = 45


def _is_exercise(docname: str) -> bool:
    return docname.startswith("exercises/") and docname != "exercises/index"


def start_link_html(href: str, *, small: bool = False) -> str:
    """The "Start this exercise" button-style link to the exercise's live-app page."""
    size = " alliancelab-start-small" if small else ""
    return (
        f'<p class="alliancelab-start-wrap"><a class="alliancelab-start{size}" '
        f'href="{escape(href)}">Start this exercise</a></p>'
    )


def add_live_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not _is_live(app, docname):
        return
    up = "../" * docname.count("/")
    rel = Path(app.env.doc2path(docname)).relative_to(app.srcdir).as_posix()
    install = install_html(app.config.alliancelab_install_line, app.config.alliancelab_wheel, up)
    exercise = _is_exercise(docname)
    start = up + APP_PAGE.format(name=Path(rel).stem)
    lite = f"{up}{LITE_APP}?path={rel}"
    if exercise:
        first = f"""<li class="alliancelab-live-start">{start_link_html(start)}
The exercise opens in your browser as an app: its text and controls, no code, nothing to
install. The first start downloads about {APP_FIRST_START_MB} MB and takes about half a minute;
your plan is saved in this browser.</li>
<li><a class="alliancelab-live-open" href="{lite}">Open the notebook with its code
(JupyterLite)</a>: the same exercise as a notebook in your browser. Run the first code cell to
install the course package. Your edits are saved in this browser's own storage; use
<em>File &gt; Download</em> to keep a copy.</li>"""
        note = f"""<p class="alliancelab-live-note">The live versions run Python in your
browser with Pyodide. The app loads Python itself from this site and its scientific
libraries (pandas, matplotlib) from the jsDelivr CDN; the notebook loads both from the CDN.
If they cannot be fetched, use <code>make app</code> in a copy of the course or the offline bundle
<a href="{up}{OFFLINE_ZIP}">{OFFLINE_ZIP}</a>. This reading page loads nothing from other
sites.</p>"""
    else:
        first = f"""<li><a class="alliancelab-live-open" href="{lite}">Open it live in your
browser (JupyterLite)</a>: nothing to install, no server. Run the first code cell to install
the course package. Your edits are saved in this browser's own storage; use
<em>File &gt; Download</em> to keep a copy.</li>"""
        note = """<p class="alliancelab-live-note">The live version runs Python in your
browser with Pyodide, which it loads with its scientific libraries (pandas, matplotlib) from
the jsDelivr CDN the first time (tens of megabytes). The course package and the widgets come
from this site. This reading page loads nothing from other sites.</p>"""
    html = f"""
<aside class="alliancelab-live" aria-label="Work on this notebook">
<p class="alliancelab-live-title"><strong>Work on this notebook</strong></p>
<ul>
{first}
<li><a class="alliancelab-live-download" href="{up}_sources/{rel}"
download>Download the notebook (.ipynb)</a> to work in your own Jupyter. Install the course
package there once, with its widgets, by this one line in a terminal (in a notebook cell, write
<code>%pip</code> instead of <code>pip</code>), then restart the kernel:
{install}</li>
</ul>
{note}
</aside>
"""
    box = nodes.raw("", html, format="html")
    sections = list(doctree.findall(nodes.section))
    if sections:
        title = sections[0].next_node(nodes.title)
        index = sections[0].index(title) + 1 if title is not None else 0
        sections[0].insert(index, box)
    else:
        doctree.insert(0, box)
    if exercise:  # a second Start link where the learner's own part begins
        for section in sections:
            title = section.next_node(nodes.title)
            if title is not None and title.astext().startswith("Part B"):
                link = nodes.raw("", start_link_html(start, small=True), format="html")
                section.insert(section.index(title) + 1, link)
                break


# ---------------------------------------------------------------- accessibility fixes

# The theme's sidebar toggles are <summary> elements holding only an icon, so a screen
# reader announces nothing (axe: summary-name). Give each a visually hidden name.
SIDEBAR_TOGGLE = re.compile(
    r'(<a class="(?:current )?reference internal" href="[^"]*">)(?P<title>.*?)'
    r'(</a><details(?: open="open")?>'
    r'<summary>)(<span class="toctree-toggle" role="presentation">)'
)
TAG = re.compile(r"<[^>]+>")


def _name_toggle(match: re.Match) -> str:
    title = TAG.sub("", match["title"]).strip()
    hidden = f'<span class="visually-hidden">Show or hide the pages under {title}</span>'
    return match[1] + match["title"] + match[3] + hidden + match[4]


def fix_html(html: str) -> str:
    """Post-process one page for the accessibility problems the theme leaves."""
    html = SIDEBAR_TOGGLE.sub(_name_toggle, html)
    # docutils marks a citation list role="list" but its entries role="doc-biblioentry",
    # so the list has no list items (axe: aria-required-children)
    return html.replace('role="doc-biblioentry"', 'role="listitem"')


def fix_page(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Apply fix_html to the page body and to the theme's sidebar as the page is rendered."""
    if "body" in context:
        context["body"] = fix_html(context["body"])
    toctree = context.get("generate_toctree_html")
    if callable(toctree):

        @functools.wraps(toctree)
        def named_toctree(*args, **kwargs):
            return Markup(fix_html(str(toctree(*args, **kwargs))))

        context["generate_toctree_html"] = named_toctree


# ---------------------------------------------------------------- downloads


def served_bytes(path: Path, line: str) -> bytes:
    """The notebook file's bytes as the site serves it: with ``line`` in its setup cell."""
    data = path.read_bytes()
    try:
        nb = json.loads(data)
    except ValueError:
        return data
    served = served_notebook(nb, line)
    if served == nb:
        return data
    return (nbformat.writes(nbformat.from_dict(served)) + "\n").encode("utf-8")


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


# ---------------------------------------------------------------- offline archive

# The script that starts the offline copy, packed as alliancelab/start.py.
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
        ]
    )
    if target.exists() and stamp.exists() and stamp.read_text() == digest:
        logger.info("[static_site] offline archive unchanged: %s", target)
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
            zf.writestr(name, served_bytes(nb, line))
        for whl in wheels:
            zf.write(whl, f"alliancelab/wheels/{whl.name}")
    os.replace(tmp, target)
    stamp.write_text(digest)
    logger.info("[static_site] offline archive: %s (%.1f MB)", target, target.stat().st_size / 1e6)


def setup(app: Sphinx):
    app.add_config_value("alliancelab_live_dirs", ["exercises", "cases"], "html")
    app.add_config_value("alliancelab_offline_zip", True, "html")
    # set by set_install_line from pyproject.toml and html_baseurl; "env": a change re-reads
    # the pages, whose {install-line} directives hold them
    app.add_config_value("alliancelab_wheel", "", "env")
    app.add_config_value("alliancelab_install_line", "", "env")
    # set by prepare_web_assets: the light widget manager under _static/, or "" if it was
    # not built; "html": when that changes, every page is written again
    app.add_config_value("alliancelab_light_manager", "", "html")
    app.add_directive("install-line", InstallLine)
    app.connect("config-inited", prepare_web_assets, priority=100)
    app.connect("config-inited", set_install_line, priority=800)
    app.connect("config-inited", set_theme_defaults)
    app.connect("config-inited", encrypt_build_kernels)
    app.add_js_file(None, body=WIDGET_ASSETS_JS, priority=400)
    app.add_js_file("widget-a11y.js", priority=400)  # book/_static/widget-a11y.js
    app.connect("html-page-context", prune_assets, priority=900)
    app.connect("config-inited", prepare_lite, priority=900)
    app.connect("doctree-resolved", add_live_box)
    # after jupyterlite-sphinx's own build-finished handler (priority 500)
    # after the theme's handler, which puts generate_toctree_html in the context
    app.connect("html-page-context", fix_page, priority=900)
    # after editions.py has stripped _sources/ (priority 400), before the archive (900)
    app.connect("build-finished", publish_downloads, priority=450)
    app.connect("build-finished", write_offline_zip, priority=900)
    app.connect("builder-inited", replace_lite_build)
    # bump env_version when a change here alters the pages, so that incremental builds
    # rewrite every page
    return {
        "version": "1.2",
        "env_version": 9,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
