"""Build the code-free live app (Voici: Voila in the browser, Python by Pyodide) of the site.

One page per exercise shows the exercise's text and widgets only: no code cells, no
notebook chrome. Python runs in the reader's browser (Pyodide), with no server. The book
build (``book/_ext/live_app.py``) runs this script after the pages are written, into
``_build/html/app/``; it can also run on its own::

    python scripts/build_live_app.py _build/html/app [--wheel PATH] [--force]

What it does, skipping everything when its inputs are unchanged (a digest stamp):

1. makes (or reuses) ``.venv-voici`` with the pins of ``scripts/live-app-constraints.txt``
   (Voici 0.10 needs jupyterlite-core 0.7 and jupyterlite-pyodide-kernel 0.7.0; the
   course's own JupyterLite is 0.8, so the two cannot share an environment);
2. fetches the Pyodide 0.29.0 core (``pyodide@0.29.0`` on npm: the interpreter, its
   standard library and its package lock), integrity-checked and cached like
   ``scripts/fetch_web_assets.py`` does (``~/.cache/alliancelab/npm`` or
   ``$ALLIANCELAB_WEB_CACHE``), and the pure-Python wheels the kernel loads as it starts
   (micropip, IPython, jedi and their dependencies) from PyPI, cached as well;
3. assembles ``app/pyodide/``: the core, those wheels, a stub for ``sqlite3`` (the only
   compiled module the kernel asks for at start; with the stub IPython keeps its history
   in memory, so the kernel starts without any outside host) and a package lock in which
   every served file has its real sha256 and every other package (numpy, pandas,
   matplotlib, pyyaml, ...) points at Pyodide's CDN by absolute URL;
4. stages the exercise notebooks as learner copies (``book/_ext/learner_copy.py``), with
   their setup cell replaced by a hidden one that installs ``alliancelab[widgets]`` from
   the wheel served with the app, every output cleared, plus ``live-check.ipynb``, a
   pure-Python widget check that works with every outside host blocked;
5. runs ``voici build`` with the template in ``scripts/live_app/templates`` (loading and
   offline messages, a "Back to the book" bar) and writes ``app/index.html``, the list of
   the exercises.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from html import escape
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):  # run as a file: python scripts/build_live_app.py
    sys.path.insert(0, str(ROOT))
from scripts import fetch_web_assets  # noqa: E402

VENV = ROOT / ".venv-voici"
CONSTRAINTS = HERE / "live-app-constraints.txt"
TEMPLATES = HERE / "live_app" / "templates"
TEMPLATE = "alliancelab"
EXERCISES = ROOT / "exercises"
WORK = ROOT / "_build" / "live_app"
STAMP = ".alliancelab-app-inputs"

# what .venv-voici holds (versions in CONSTRAINTS)
VOICI_PACKAGES = (
    "voici-core",
    "voila",
    "jupyterlite-core",
    "jupyterlite-pyodide-kernel",
    "ipywidgets",
)
# the widget wheels the app serves (piplite), pinned like the course's constraints.txt
WIDGET_WHEELS = ("comm==0.2.3", "ipywidgets==8.1.9", "jupyterlab_widgets==3.0.17")

PYODIDE_VERSION = "0.29.0"
PYODIDE_PYTHON = "3.13"  # the Python version of that Pyodide (for pip download)
CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
PYODIDE_CORE = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
    "README.md",
)
# what jupyterlite-pyodide-kernel 0.7.0 loads from the Pyodide folder as the kernel starts
KERNEL_START = ("micropip", "jedi", "ipython", "sqlite3")
# dependencies the lock names that the kernel start does not need (matplotlib-inline only
# imports matplotlib when a figure is shown; the exercises load it through the package)
NOT_AT_START = {"matplotlib-inline": {"matplotlib"}}
STUBS = ("sqlite3",)

# page layout of a Voici build: <out>/voici/render/<name>.html
PAGE_TO_APP = "../../"
PAGE_TO_SITE = "../../../"
LIVE_CHECK = "live-check"
SETUP_CELL_ID = "alliancelab-setup"
APP_SETUP_TAG = "alliancelab-app-setup"

APP_SETUP = """\
# Live app setup (hidden): install the course package, served with the app, into the
# browser's Python. Its libraries (pandas, matplotlib, numpy) come from Pyodide's CDN.
import piplite

try:
    await piplite.install(["alliancelab[widgets]"])
    import alliancelab.widgets  # noqa: F401  (micropip reports a failed download only here)
except Exception as exc:  # no connection: the page shows its offline message instead
    from IPython.display import HTML, display

    display(HTML('<p class="alliancelab-app-failed">The course package could not be '
                 f"installed in this browser ({type(exc).__name__}).</p>"))
"""

LIVE_CHECK_SETUP = """\
# Live app setup (hidden): the widgets, served with the app
import piplite

await piplite.install(["ipywidgets"])
"""

LIVE_CHECK_CODE = """\
from pathlib import Path

import ipywidgets as widgets

STORE = Path("live-check.txt")  # in this browser's storage (the app's drive)
saved = STORE.read_text().strip() if STORE.exists() else ""
slider = widgets.IntSlider(value=int(saved or 5), min=0, max=10, description="Value")
label = widgets.Label(f"restored: {saved}" if saved else "no saved value yet")


def on_change(change):
    STORE.write_text(str(change["new"]))
    label.value = f"value: {change['new']}"


slider.observe(on_change, names="value")
widgets.VBox([slider, label])
"""


# ---------------------------------------------------------------- helpers


def learner_module():
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import learner_copy

    return learner_copy


def pyodide_asset():
    fwa = fetch_web_assets
    return fwa.NpmAsset(
        name="pyodide",
        version=PYODIDE_VERSION,
        integrity="sha512-ObIvsTmcrxAWKg+FT1GjfSdDmQc5CabnYe/nn5BCuhr9BVVITeQ24DBdZuG5B2tIiAZ9YonBpnDB7cmHZyd2Rw==",
        files=PYODIDE_CORE,
        folder="pyodide-core",
    )


def wheel_cache() -> Path:
    return fetch_web_assets.cache_dir() / "live-app-wheels"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class AppBuildError(RuntimeError):
    """The live app could not be built."""


def _run(cmd: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AppBuildError(
            f"{what} failed (exit {result.returncode}):\n$ {' '.join(map(str, cmd))}\n"
            f"{(result.stdout + result.stderr)[-4000:]}"
        )
    return result


# ---------------------------------------------------------------- the Pyodide folder


def start_packages(lock: dict) -> list[str]:
    """The lock's names of what the kernel loads at start, with their dependencies."""
    packages = {norm(k): k for k in lock["packages"]}
    seen: list[str] = []
    todo = [packages[norm(n)] for n in KERNEL_START]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        skip = {norm(d) for d in NOT_AT_START.get(name, ())}
        for dep in lock["packages"][name]["depends"]:
            if norm(dep) not in skip:
                todo.append(packages[norm(dep)])
    return sorted(seen)


def make_stub_wheel(path: Path, name: str, version: str, tag: str) -> None:
    """An empty wheel: the package 'installs', its module stays missing."""
    info = f"{name}-{version}.dist-info/"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(info + "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        zf.writestr(
            info + "WHEEL",
            "Wheel-Version: 1.0\nGenerator: alliancelab stub\nRoot-Is-Purelib: false\n"
            f"Tag: {tag}\n",
        )
        zf.writestr(info + "RECORD", "")


def rewrite_lock(lock: dict, served: dict[str, Path], cdn: str = CDN) -> dict:
    """Return the lock as the app serves it.

    ``served`` maps lock names to the files served beside the lock: their entries get
    the file's name and sha256. Every other package points at ``cdn`` (Pyodide resolves
    a lock's ``file_name`` against its own folder, so an absolute URL is kept as it is)
    with its sha256 unchanged. Dependencies the kernel start does not need are dropped
    (NOT_AT_START) and a stub imports nothing.
    """
    out = json.loads(json.dumps(lock))
    for name, entry in out["packages"].items():
        if name in served:
            entry["file_name"] = served[name].name
            entry["sha256"] = sha256(served[name])
        elif not re.match(r"^[a-z]+://", entry["file_name"]):
            entry["file_name"] = cdn + entry["file_name"]
        if name in STUBS:
            entry["imports"] = []
        skip = {norm(d) for d in NOT_AT_START.get(name, ())}
        entry["depends"] = [d for d in entry["depends"] if norm(d) not in skip]
    return out


def download_wheels(specs: list[str], dest: Path, python: Path) -> None:
    """pip-download pure-Python wheels into the cache (skipped for those already there)."""
    dest.mkdir(parents=True, exist_ok=True)
    have = {norm(p.name.split("-")[0]) + "==" + p.name.split("-")[1] for p in dest.glob("*.whl")}
    missing = [s for s in specs if norm(s.split("==")[0]) + "==" + s.split("==")[1] not in have]
    if missing:
        cmd = [
            str(python),
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            PYODIDE_PYTHON,
            "--dest",
            str(dest),
            *missing,
        ]
        _run(cmd, "downloading the wheels " + ", ".join(missing))


def find_wheel(folder: Path, name: str, version: str) -> Path:
    for path in folder.glob("*.whl"):
        parts = path.name.split("-")
        if norm(parts[0]) == norm(name) and parts[1] == version:
            return path
    raise AppBuildError(f"no wheel of {name}=={version} in {folder}")


def assemble_pyodide(dest: Path, python: Path) -> dict:
    """Write the app's Pyodide folder into dest; return its (rewritten) lock."""
    fwa = fetch_web_assets
    asset = pyodide_asset()
    data = fwa.tarball(asset)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in PYODIDE_CORE:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise AppBuildError(f"pyodide@{PYODIDE_VERSION} has no {name}")
            (dest / name).write_bytes(member.read())
    lock = json.loads((dest / "pyodide-lock.json").read_text())
    start = start_packages(lock)
    pure = [n for n in start if n not in STUBS]
    specs = [f"{lock['packages'][n]['name']}=={lock['packages'][n]['version']}" for n in pure]
    cache = wheel_cache()
    download_wheels(specs, cache, python)
    served: dict[str, Path] = {}
    for name in pure:
        entry = lock["packages"][name]
        source = find_wheel(cache, entry["name"], entry["version"])
        target = dest / entry["file_name"]  # the lock's own file name
        shutil.copy2(source, target)
        served[name] = target
    for name in STUBS:
        entry = lock["packages"][name]
        target = dest / entry["file_name"]
        tag = "-".join(Path(entry["file_name"]).stem.split("-")[-3:])
        make_stub_wheel(target, entry["name"], entry["version"], tag)
        served[name] = target
    lock = rewrite_lock(lock, served)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock))
    return lock


# ---------------------------------------------------------------- the notebooks


def exercise_notebooks(folder: Path = EXERCISES) -> list[Path]:
    return sorted(folder.glob("0*.ipynb"))


def title_and_goal(nb) -> tuple[str, str]:
    """The exercise's title (its first heading) and its one-line goal (the **Goal.** line)."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    title = next((ln.lstrip("# ").strip() for ln in first.splitlines() if ln.startswith("#")), "")
    match = re.search(r"\*\*Goal\.\*\*\s*(.+?)(?:\n\s*\n|$)", first, re.S)
    goal = " ".join(match[1].split()) if match else ""
    return title, goal


SIBLING = re.compile(r"\]\((?P<name>[0-9A-Za-z_.-]+)\.ipynb(?P<anchor>#[^)\s]*)?\)")


def app_settings(name: str, setup_index: int, *, needs_cdn: bool, first_mb: float | None) -> dict:
    """What the page template reads from the notebook's metadata (``alliancelab``)."""
    mb = f"about {first_mb:.0f} MB" if first_mb else "a few tens of megabytes"
    book_page = f"{PAGE_TO_SITE}exercises/{name}.html" if needs_cdn else f"{PAGE_TO_SITE}index.html"
    return {
        "book_page": book_page,
        "exercises_page": f"{PAGE_TO_SITE}exercises/index.html",
        "offline_zip": f"{PAGE_TO_SITE}alliancelab-offline.zip",
        "pyodide_url": f"{PAGE_TO_APP}pyodide/",
        "cdn_probe": f"{CDN}pyodide-lock.json" if needs_cdn else "",
        "setup_index": setup_index,
        "timeout_s": 180,
        "loading_note": (
            "This exercise runs Python in your browser (Pyodide): nothing to install, no server. "
            f"The first start downloads {mb} and takes about half a minute; later starts "
            "reuse your browser's cache. Your plan is saved in this browser."
        ),
    }


def app_notebook(source: Path, *, learner_copy, first_mb: float | None = None):
    """The learner copy of an exercise as the app runs it (hidden setup, no outputs)."""
    nb = nbformat.read(source, as_version=4)
    nb = learner_copy(nb, "exercises", book_url=PAGE_TO_SITE.rstrip("/"))
    setup_index = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            # another exercise sits beside this page as <name>.html (a link starting with
            # ../ because Voici points other relative links into its files/ folder)
            cell.source = SIBLING.sub(
                lambda m: f"](../render/{m['name']}.html{m['anchor'] or ''})", cell.source
            )
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            if not setup_index:
                setup_index = index + 1  # Voici counts cells from 1
                cell.source = APP_SETUP
                tags = [t for t in cell.metadata.get("tags", []) if t != APP_SETUP_TAG]
                cell.metadata["tags"] = sorted({*tags, "remove-cell", APP_SETUP_TAG})
    if not setup_index:
        raise AppBuildError(f"{source.name} has no setup cell (its first code cell)")
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {
        "name": "python",
        "display_name": "Python (Pyodide)",
        "language": "python",
    }
    nb.metadata["alliancelab"] = app_settings(
        source.stem, setup_index, needs_cdn=True, first_mb=first_mb
    )
    return nb


def live_check_notebook(first_mb: float | None = None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Check the live app in your browser\n\n"
            "If this page shows a slider, the live exercises work in this browser: Python "
            "started here, with nothing installed and no server. Move the slider: the line "
            "under it shows the value, which is saved in this browser's storage. Reload the "
            "page and it says *restored* with the value you chose.\n\n"
            f"[Back to the book]({PAGE_TO_SITE}index.html) · "
            f"[The exercises]({PAGE_TO_APP}index.html)"
        ),
        nbformat.v4.new_code_cell(
            LIVE_CHECK_SETUP, metadata={"tags": ["remove-cell", APP_SETUP_TAG]}
        ),
        nbformat.v4.new_code_cell(LIVE_CHECK_CODE),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python",
        "display_name": "Python (Pyodide)",
        "language": "python",
    }
    settings = app_settings(LIVE_CHECK, 2, needs_cdn=False, first_mb=None)
    settings["loading_note"] = (
        "This check runs Python in your browser (Pyodide): nothing to install, no server. "
        f"The first start downloads about {first_mb or 15:.0f} MB from this site only and takes "
        "about half a minute."
    )
    nb.metadata["alliancelab"] = settings
    return nb


def stage_notebooks(
    dest: Path, sources: list[Path] | None = None, first_mb: float | None = None
) -> list[Path]:
    """Write the app's notebooks (learner copies and the live check) into dest."""
    learner = learner_module().learner_copy
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = []
    for source in sources if sources is not None else exercise_notebooks():
        target = dest / source.name
        nbformat.write(app_notebook(source, learner_copy=learner, first_mb=first_mb), target)
        written.append(target)
    target = dest / f"{LIVE_CHECK}.ipynb"
    nbformat.write(live_check_notebook(), target)
    written.append(target)
    return written


# ---------------------------------------------------------------- the index page

INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f;
  max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; line-height: 1.55; }
a { color: #0b5394; }
ol { padding-left: 1.5rem; } li { margin: 0.6rem 0; }
.note { color: #3d3d3d; }
nav { margin-bottom: 1.5rem; }
"""


def index_html(exercises: list[tuple[str, str, str]], first_mb: float | None) -> str:
    """The app's start page: the exercises by title, with their goals."""
    items = "\n".join(
        f'<li><a href="voici/render/{escape(name)}.html">{escape(title)}</a><br>'
        f'<span class="note">{escape(goal)}</span></li>'
        for name, title, goal in exercises
    )
    mb = f"about {first_mb:.0f} MB" if first_mb else "a few tens of megabytes"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Alliance Lab: the live exercises</title>
<link rel="icon" href="data:;base64,=">
<style>{INDEX_CSS}</style>
</head>
<body>
<nav><a href="../index.html">&larr; Back to the book</a></nav>
<main>
<h1>Alliance Lab: the live exercises</h1>
<p>Each exercise opens here as an app: the text and its controls, no code. Python runs in
your browser (Pyodide), with nothing to install and no server. The first start downloads
{mb} and takes about half a minute; later starts reuse your browser's cache. Your plan is
saved in this browser and shared by all eight exercises.</p>
<ol>
{items}
</ol>
<p class="note">Not sure your browser can run it? <a href="voici/render/{LIVE_CHECK}.html">Check
the live app in your browser</a> (a small page that needs nothing from other sites). Without a
connection, use <code>make app</code> in a copy of the course or the offline bundle
<a href="../alliancelab-offline.zip">alliancelab-offline.zip</a> (see the
<a href="../exercises/index.html">Exercises page</a>).</p>
</main>
</body>
</html>
"""


REDIRECT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Alliance Lab: the live exercises</title>
<meta http-equiv="refresh" content="0; url={url}"></head>
<body><p><a href="{url}">The live exercises</a></p></body></html>
"""


# ---------------------------------------------------------------- the build


def ensure_venv(python: Path | None = None) -> Path:
    """Create or update .venv-voici with the pinned versions; return its python."""
    py = VENV / "bin" / "python"
    marker = VENV / ".alliancelab-pins"
    pins = hashlib.sha256(CONSTRAINTS.read_bytes() + " ".join(VOICI_PACKAGES).encode()).hexdigest()
    if py.exists() and marker.exists() and marker.read_text() == pins:
        return py
    if not py.exists():
        _run([str(python or sys.executable), "-m", "venv", str(VENV)], "creating .venv-voici")
    _run(
        [str(py), "-m", "pip", "install", "--quiet", "-c", str(CONSTRAINTS), *VOICI_PACKAGES],
        "installing Voici into .venv-voici (needs PyPI once)",
    )
    marker.write_text(pins)
    return py


def inputs_digest(wheel: Path, sources: list[Path]) -> str:
    h = hashlib.sha256()
    files = [
        Path(__file__),
        CONSTRAINTS,
        ROOT / "book" / "_ext" / "learner_copy.py",
        *sorted(p for p in TEMPLATES.rglob("*") if p.is_file()),
        wheel,
        *sources,
    ]
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"{PYODIDE_VERSION} {WIDGET_WHEELS} {CDN}".encode())
    return h.hexdigest()


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, gzip-compressed bytes) of every file under folder."""
    raw = packed = 0
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data, compresslevel=6))
    return raw, packed


def first_start_bytes(out: Path) -> int:
    """Bytes the site itself serves for a first start: the Pyodide folder and the wheels.

    The page, its JavaScript and the CDN packages come on top (measured by the browser
    tests); this figure is what the build can know.
    """
    total = sum(p.stat().st_size for p in (out / "pyodide").iterdir() if p.is_file())
    total += sum(p.stat().st_size for p in (out / "pypi").glob("*.whl"))
    return total


def default_wheel() -> Path:
    for folder in (
        ROOT / "_build" / "html" / "downloads",
        ROOT / "_build" / "jupyterlite" / "wheels",
    ):
        found = sorted(folder.glob("alliancelab-*.whl"))
        if found:
            return found[-1]
    raise AppBuildError("no alliancelab wheel found: build the book first, or pass --wheel")


# what a first start of an exercise downloads from Pyodide's CDN, in MB: the wheels of
# numpy, pandas, matplotlib, pyyaml and their dependencies in Pyodide 0.29 (an estimate:
# the build and test machines cannot reach the CDN to measure it)
CDN_MB_ESTIMATE = 22.0


def build(
    out: Path, wheel: Path | None = None, *, force: bool = False, quiet: bool = False
) -> bool:
    """Build the app into ``out``; return False when it was already up to date."""
    out = Path(out).resolve()
    wheel = Path(wheel) if wheel else default_wheel()
    sources = exercise_notebooks()
    digest = inputs_digest(wheel, sources)
    stamp = out / STAMP
    if (
        not force
        and stamp.exists()
        and stamp.read_text() == digest
        and (out / "index.html").exists()
    ):
        if not quiet:
            print(f"live app: inputs unchanged, keeping {out}")
        return False
    python = ensure_venv()
    WORK.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="app-", dir=WORK))
    try:
        wheels = WORK / "wheels"
        if wheels.exists():
            shutil.rmtree(wheels)
        wheels.mkdir()
        download_wheels(list(WIDGET_WHEELS), wheel_cache(), python)
        for spec in WIDGET_WHEELS:
            name, version = spec.split("==")
            shutil.copy2(find_wheel(wheel_cache(), name, version), wheels)
        shutil.copy2(wheel, wheels / wheel.name)
        pyodide = WORK / "pyodide"
        assemble_pyodide(pyodide, python)
        served_mb = (
            sum(p.stat().st_size for p in pyodide.iterdir())
            + sum(p.stat().st_size for p in wheels.iterdir())
        ) / 1e6
        # + the app's pages and JavaScript (about 5 MB, measured by tests/test_live_app.py),
        # to the nearest 5 MB: the figure the book's Start box names (APP_FIRST_START_MB)
        first_mb = 5 * round((served_mb + 5 + CDN_MB_ESTIMATE) / 5)
        contents = WORK / "contents"
        stage_notebooks(contents, sources, first_mb=first_mb)
        # the live check downloads no CDN package
        check = nbformat.read(contents / f"{LIVE_CHECK}.ipynb", as_version=4)
        check.metadata["alliancelab"]["loading_note"] = live_check_notebook(
            round(served_mb + 5)
        ).metadata["alliancelab"]["loading_note"]
        nbformat.write(check, contents / f"{LIVE_CHECK}.ipynb")
        site = WORK / "site"
        if site.exists():
            shutil.rmtree(site)
        site.mkdir()
        (site / "jupyter_lite_config.json").write_text(
            json.dumps(
                {
                    "LiteBuildConfig": {"contents": [str(contents)], "no_sourcemaps": True},
                    "PipliteAddon": {
                        "piplite_urls": [str(p) for p in sorted(wheels.glob("*.whl"))]
                    },
                },
                indent=2,
            )
        )
        (site / "jupyter-lite.json").write_text(
            json.dumps(
                {
                    "jupyter-lite-schema-version": 0,
                    "jupyter-config-data": {
                        "litePluginSettings": {
                            "@jupyterlite/pyodide-kernel-extension:kernel": {
                                "pyodideUrl": "./pyodide/pyodide.js",
                                "disablePyPIFallback": True,
                            }
                        }
                    },
                },
                indent=2,
            )
        )
        for stale in site.glob(".jupyterlite.doit.db*"):  # else the settings silently vanish
            stale.unlink()
        built = stage / "app"
        env = dict(os.environ, JUPYTER_PATH=str(TEMPLATES))
        voici = python.with_name("voici")
        _run(
            [str(voici), "build", "--template", TEMPLATE, "--output-dir", str(built)],
            "voici build",
            cwd=site,
            env=env,
        )
        config = json.loads((built / "jupyter-lite.json").read_text())
        kernel = (
            config["jupyter-config-data"]
            .get("litePluginSettings", {})
            .get("@jupyterlite/pyodide-kernel-extension:kernel", {})
        )
        if not kernel.get("pyodideUrl", "").endswith("pyodide/pyodide.js"):
            raise AppBuildError("voici build lost the pyodideUrl setting (stale doit database?)")
        shutil.copytree(pyodide, built / "pyodide")
        names = [p.stem for p in sources]
        for name in [*names, LIVE_CHECK]:
            if not (built / "voici" / "render" / f"{name}.html").is_file():
                raise AppBuildError(f"voici build wrote no page for {name}")
        listed = []
        for source in sources:
            title, goal = title_and_goal(nbformat.read(source, as_version=4))
            listed.append((source.stem, title or source.stem, goal))
        (built / "index.html").write_text(index_html(listed, first_mb))
        (built / "voici" / "tree" / "index.html").write_text(
            REDIRECT.format(url="../../index.html")
        )
        (built / STAMP).write_text(digest)
        # replace the old app in one move (a half-written app is never published)
        out.parent.mkdir(parents=True, exist_ok=True)
        old = stage / "old"
        if out.exists():
            out.rename(old)
        built.rename(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    if not quiet:
        raw, packed = folder_size(out)
        print(
            f"live app: {out} ({raw / 1e6:.1f} MB, {packed / 1e6:.1f} MB gzipped; "
            f"first start from the site {first_start_bytes(out) / 1e6:.1f} MB + CDN)"
        )
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "out",
        type=Path,
        nargs="?",
        default=ROOT / "_build" / "html" / "app",
        help="the app's folder (default _build/html/app)",
    )
    parser.add_argument("--wheel", type=Path, help="the alliancelab wheel to serve")
    parser.add_argument("--force", action="store_true", help="rebuild even if unchanged")
    args = parser.parse_args(argv)
    fwa = fetch_web_assets
    try:
        build(args.out, args.wheel, force=args.force)
    except (AppBuildError, fwa.AssetError) as exc:
        print(f"error: the live app could not be built: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
