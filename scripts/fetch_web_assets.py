"""Fetch the browser assets the static site serves itself, from the npm registry.

Jupyter Book pages would otherwise load the Jupyter widgets HTML manager (with
require.js) and MathJax from public CDNs. This script downloads pinned npm tarballs
with pooch (checked against the registry's sha512 integrity; a cached tarball that
matches is used without the network), keeps them in a cache that survives
``make clean``, and extracts only the files the site needs into
``_build/web_assets/vendor/<package>/``, which the book serves as static files.

Usage::

    python scripts/fetch_web_assets.py           # fetch (or reuse the cache) and extract
    python scripts/fetch_web_assets.py --check   # exit 1 unless every asset is in place
    python scripts/fetch_web_assets.py --build-light-manager   # rebuild the light manager

The light widget manager is built here too, when Node.js and npm are installed: the
widget manager of ``@jupyter-widgets/html-manager`` for pages whose stored widgets are
all ipywidgets 8 base and controls models, without the output-area machinery, the
ipywidgets 7 models and the schema validator that its ``embed.js`` carries (0.97 MB
instead of 1.88 MB). esbuild bundles it from the npm packages pinned in
:data:`LIGHT_MANAGER_PACKAGES`; the result is kept in the cache under a name keyed by
those pins (and the build's source), so it is rebuilt only when they change, and copied
to ``_build/web_assets/light-manager/``. ``book/_ext/web_assets.py`` gives it to those
pages and the full ``embed.js`` to any other. Without Node.js and npm (or when the build
fails) nothing fails: every page with widgets gets the full manager, and the book build
says why in one line.

Environment:

``ALLIANCELAB_WEB_CACHE``
    where tarballs and the built light manager are cached (default
    ``~/.cache/alliancelab/npm``). Copy a filled cache to a machine without network
    access to build the site there.
``ALLIANCELAB_NPM_REGISTRY``
    registry base URL (default ``https://registry.npmjs.org``), for a mirror (npm
    installs the light manager's packages from it too).

When an asset can be neither found in the cache nor downloaded, the script
stops with a message that names the package and what to do; the book build then
fails rather than publish pages that silently load code from a CDN.
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pooch

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "web_assets"
VENDOR = OUT / "vendor"


@dataclass(frozen=True)
class NpmAsset:
    """One pinned npm package and the files of it the site serves."""

    name: str
    version: str
    integrity: str  # the registry's dist.integrity (sha512, base64)
    files: tuple[str, ...]  # glob patterns inside the tarball's package/ folder
    folder: str  # destination under vendor/

    @property
    def tarball_url(self) -> str:
        registry = os.environ.get("ALLIANCELAB_NPM_REGISTRY", "https://registry.npmjs.org")
        base = self.name.rsplit("/", 1)[-1]
        return f"{registry.rstrip('/')}/{self.name}/-/{base}-{self.version}.tgz"

    @property
    def stamp(self) -> str:
        """What an extracted copy must match: the version and the list of files wanted."""
        files = hashlib.sha256("\n".join(self.files).encode()).hexdigest()[:12]
        return f"{self.name}@{self.version} files:{files}"

    @property
    def known_hash(self) -> str:
        """The integrity as pooch's ``known_hash`` (``sha512:<hex>``)."""
        algo, _, digest = self.integrity.partition("-")
        return f"{algo}:{base64.b64decode(digest).hex()}"

    @property
    def cache_name(self) -> str:
        return f"{self.name.replace('/', '__')}-{self.version}.tgz"


# ipywidgets 8 -> @jupyter-widgets/html-manager 1.x; MathJax 3 is what Sphinx 7 expects.
ASSETS: tuple[NpmAsset, ...] = (
    NpmAsset(
        name="@jupyter-widgets/html-manager",
        version="1.0.15",
        integrity="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        # embed.js is the package's lightest build that renders ipywidgets 8 pages: one
        # file with the base, controls and output widgets (embed-amd.js and
        # libembed-amd.js are 3.6 MB and need require.js). Its Font Awesome icon font sits
        # beside it in five formats; only woff2, the one every current browser picks
        # first, is served (the .svg, .eot, .ttf and .woff copies are 2.6 MB)
        files=(
            "dist/embed.js",
            "dist/embed.js.LICENSE.txt",
            "dist/*.woff2",
            "LICENSE",
        ),
        folder="html-manager",
    ),
    NpmAsset(
        name="mathjax",
        version="3.2.2",
        integrity="sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        files=(
            "es5/tex-chtml.js",
            "es5/input/*",
            "es5/output/chtml/*",
            "es5/a11y/*",
            "es5/ui/*",
            "es5/sre/*",
            "LICENSE",
        ),
        folder="mathjax",
    ),
)

# Not served: the Pyodide release the JupyterLite kernel loads (from jsDelivr, at the
# reader's request). Its package lock tells which packages the browser's Python has, so
# scripts/lite_requirements.py can check offline that the live notebooks install.
# Keep the version equal to the kernel's default pyodideUrl (a test checks it).
PYODIDE = NpmAsset(
    name="pyodide",
    version="314.0.6",
    integrity="sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ==",
    files=("pyodide-lock.json",),
    folder="pyodide",
)

# paths (relative to _static/) that _config.yml refers to
ENTRY_POINTS = (
    "vendor/html-manager/dist/embed.js",
    "vendor/mathjax/es5/tex-chtml.js",
)


class AssetError(RuntimeError):
    """An asset could not be had."""


def cache_dir() -> Path:
    env = os.environ.get("ALLIANCELAB_WEB_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "alliancelab" / "npm"


def tarball(asset: NpmAsset) -> bytes:
    """Return the package tarball, from the cache or the registry, integrity-checked.

    pooch reuses a cached tarball whose hash matches (no network), downloads a missing or
    corrupt one (into a temporary file, moved into place once its hash matches).
    """
    try:
        path = pooch.retrieve(
            asset.tarball_url,
            known_hash=asset.known_hash,
            fname=asset.cache_name,
            path=cache_dir(),
            progressbar=False,
        )
    except OSError as exc:  # requests' errors are OSErrors: no network, HTTP error
        raise AssetError(
            f"cannot download {asset.name}@{asset.version} from {asset.tarball_url} ({exc}).\n"
            f"The site serves this file itself so that reading pages make no third-party "
            f"requests. Run this script once on a machine with access to the npm registry "
            f"(or set ALLIANCELAB_NPM_REGISTRY to a mirror), or copy a filled cache into "
            f"{cache_dir()} (ALLIANCELAB_WEB_CACHE)."
        ) from exc
    except ValueError as exc:  # pooch: the downloaded file's hash does not match
        raise AssetError(
            f"{asset.name}@{asset.version}: downloaded tarball does not match the pinned "
            f"integrity {asset.integrity[:24]}...; refusing to use it"
        ) from exc
    return Path(path).read_bytes()


def read_member(asset: NpmAsset, rel: str) -> bytes:
    """Return one file of the package (``rel`` inside its ``package/`` folder)."""
    with tarfile.open(fileobj=io.BytesIO(tarball(asset)), mode="r:gz") as tar:
        try:
            source = tar.extractfile(f"package/{rel}")
        except KeyError:
            source = None
        if source is None:
            raise AssetError(f"{asset.name}@{asset.version} has no file {rel}")
        return source.read()


def wanted(member: str, patterns: tuple[str, ...]) -> bool:
    rel = member.removeprefix("package/")
    return any(fnmatch.fnmatch(rel, pattern) for pattern in patterns)


def extract(asset: NpmAsset, data: bytes, dest: Path) -> int:
    """Extract the wanted files into dest (atomically replacing it); return the file count."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{asset.folder}-", dir=dest.parent))
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not wanted(member.name, asset.files):
                continue
            rel = Path(member.name.removeprefix("package/"))
            if rel.is_absolute() or ".." in rel.parts:
                continue
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            target.write_bytes(source.read())
            count += 1
    (staging / ".version").write_text(asset.stamp + "\n")
    if dest.exists():
        shutil.rmtree(dest, ignore_errors=True)
    try:
        staging.rename(dest)
    except OSError:  # another build extracted it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return count


def is_current(asset: NpmAsset) -> bool:
    marker = VENDOR / asset.folder / ".version"
    return marker.exists() and marker.read_text().strip() == asset.stamp


@dataclass(frozen=True)
class WebAssets:
    """What :func:`fetch_all` put in place."""

    folder: Path  # _build/web_assets, which the book serves as _static/
    light_manager: Path | None  # the light widget manager in it, or None if not built
    why_no_light_manager: str = ""  # one line, when light_manager is None


def fetch_all(*, quiet: bool = False, rebuild_light_manager: bool = False) -> WebAssets:
    """Make every asset available under _build/web_assets, the light manager if it can be.

    A missing tarball raises :class:`AssetError`; a light manager that cannot be built
    (no Node.js or npm, a failed build) does not: the result says why instead.
    """
    keep = {a.folder for a in ASSETS}
    if VENDOR.exists():  # drop packages no longer pinned, so the site does not serve them
        for folder in VENDOR.iterdir():
            if folder.is_dir() and folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
    for asset in ASSETS:
        if is_current(asset):
            continue
        count = extract(asset, tarball(asset), VENDOR / asset.folder)
        if not quiet:
            print(f"web assets: {asset.name}@{asset.version}: {count} files")
    missing = [p for p in ENTRY_POINTS if not (OUT / p).exists()]
    if missing:
        raise AssetError(f"web assets missing after extraction: {missing}")
    try:
        light = provide_light_manager(quiet=quiet, rebuild=rebuild_light_manager)
    except LightManagerUnavailable as exc:
        return WebAssets(OUT, None, str(exc))
    return WebAssets(OUT, light)


# ---------------------------------------------------------------- light widget manager

# built into the cache (light_manager_cache), copied here; served as _static/light-manager/
LIGHT_MANAGER = OUT / "light-manager" / "widget-manager-light.js"
#: what the light manager is built from (npm), exact versions
LIGHT_MANAGER_PACKAGES = (
    "@jupyter-widgets/base@6.0.12",
    "@jupyter-widgets/base-manager@1.0.13",
    "@jupyter-widgets/controls@5.0.13",
    "@lumino/messaging@2.0.5",
    "@lumino/widgets@2.11.0",
    "@fortawesome/fontawesome-free@5.15.4",
    "esbuild@0.24.2",
)

LIGHT_MANAGER_ENTRY = r"""
// Alliance Lab's light Jupyter widgets manager for static pages whose stored widgets are
// all ipywidgets 8 base and controls models: the HTML manager of
// @jupyter-widgets/html-manager 1.0.15 (lib/htmlmanager.js, lib/libembed.js) without its
// output widget and rendermime machinery, its ipywidgets 7 models and its schema check.
import '@fortawesome/fontawesome-free/css/all.min.css';
import '@fortawesome/fontawesome-free/css/v4-shims.min.css';
import '@lumino/widgets/style/index.css';
import '@jupyter-widgets/controls/css/widgets-base.css';
import * as base from '@jupyter-widgets/base';
import * as controls from '@jupyter-widgets/controls';
import { ManagerBase } from '@jupyter-widgets/base-manager';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

const MODULES = { '@jupyter-widgets/base': base, '@jupyter-widgets/controls': controls };

class LightManager extends ManagerBase {
  constructor() {
    super();
    this._views = new Set();
    window.addEventListener('resize', () => {
      this._views.forEach((v) =>
        MessageLoop.postMessage(v.luminoWidget, Widget.ResizeMessage.UnknownSize));
    });
  }
  async display_view(view, el) {
    const v = await view;
    Widget.attach(v.luminoWidget, el);
    this._views.add(v);
    v.once('remove', () => this._views.delete(v));
  }
  _get_comm_info() { return Promise.resolve({}); }
  _create_comm() {
    return Promise.resolve({ on_close: () => {}, on_msg: () => {}, close: () => {} });
  }
  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    if (module === undefined || !/^2\./.test(moduleVersion) || !module[className]) {
      throw new Error(`Class ${className} not found in module ${moduleName}@${moduleVersion}`);
    }
    return module[className];
  }
}

const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';

async function renderManager(element, widgetState) {
  const manager = new LightManager();
  const models = await manager.set_state(widgetState);
  const tags = element.querySelectorAll(VIEW);
  await Promise.all(Array.from(tags).map(async (viewtag) => {
    const modelId = JSON.parse(viewtag.innerHTML).model_id;
    const model = models.find((item) => item.model_id == modelId);
    if (model !== undefined && viewtag.parentElement !== null) {
      const widgetTag = document.createElement('div');
      widgetTag.className = 'widget-subarea';
      viewtag.parentElement.insertBefore(widgetTag, viewtag);
      const view = await manager.create_view(model);
      manager.display_view(view, widgetTag);
    }
  }));
}

if (!window._jupyter_widget_embedder) {
  window._jupyter_widget_embedder = true;
  window.addEventListener('load', () => {
    // the JupyterLab variables, unless the page defines them (as the full manager does)
    const css = getComputedStyle(document.documentElement);
    if (css.getPropertyValue('--jp-layout-color0') === '') {
      require('@jupyter-widgets/controls/css/labvariables.css');
    }
    const element = document.documentElement;
    element.querySelectorAll(STATE).forEach((t) => renderManager(element, JSON.parse(t.innerHTML)));
  });
}
"""

LIGHT_MANAGER_BUILD = r"""
// node build.mjs OUT.js FONTS_DIR: bundle entry.js with esbuild. Style sheets imported by
// the script are bundled and injected as <style> when it runs (as webpack's style-loader
// does in embed.js); of the icon font only the woff2 files are referenced, by the names
// they have beside embed.js (FONTS_DIR), found from window.__jupyter_widgets_assets_path__.
import * as esbuild from 'esbuild';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [outfile, fontsDir] = process.argv.slice(2);
const digest = (b) => crypto.createHash('sha256').update(b).digest('hex');
const served = new Map(fs.readdirSync(fontsDir).filter((n) => n.endsWith('.woff2'))
  .map((n) => [digest(fs.readFileSync(path.join(fontsDir, n))), n]));

const oldFonts = {
  name: 'old-fonts',
  setup(build) {
    build.onResolve({ filter: /webfonts\/.*\.(eot|ttf|woff|svg)([?#].*)?$/ }, (args) => ({
      path: args.path, external: true,
    }));
  },
};

const injectCss = {
  name: 'inject-css',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const result = await esbuild.build({
        entryPoints: [args.path], bundle: true, write: false, minify: true, outdir: 'css',
        loader: { '.woff2': 'file', '.svg': 'dataurl', '.png': 'dataurl', '.gif': 'dataurl' },
        assetNames: '[name]-[hash]', plugins: [oldFonts], logLevel: 'error',
      });
      const sheets = result.outputFiles.filter((f) => f.path.endsWith('.css'));
      let css = sheets.map((f) => f.text).join('');
      for (const f of result.outputFiles.filter((f) => f.path.endsWith('.woff2'))) {
        const name = served.get(digest(f.contents));
        if (!name) throw new Error(`${path.basename(f.path)} is not served beside embed.js`);
        css = css.split('./' + path.basename(f.path)).join('__ASSETS__' + name);
      }
      const text = JSON.stringify(css);
      return {
        loader: 'js',
        contents: `const s = document.createElement("style"); s.textContent = ${text}` +
          `.split("__ASSETS__").join(window.__jupyter_widgets_assets_path__ || "");` +
          `document.head.appendChild(s);`,
      };
    });
  },
};

await esbuild.build({
  entryPoints: ['entry.js'], bundle: true, minify: true, format: 'iife', target: 'es2019',
  outfile, plugins: [injectCss], legalComments: 'eof', loader: { '.svg': 'text' },
  define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
  banner: { js: '/* Alliance Lab light widget manager: built by scripts/fetch_web_assets.py ' +
    'from ' + process.env.LIGHT_MANAGER_PACKAGES + ' */' },
});
"""


class LightManagerUnavailable(RuntimeError):
    """The light widget manager cannot be built here; the message says why, in one line."""


def light_manager_key() -> str:
    """What the light manager is made of: the pins, the full manager's fonts, the sources."""
    fonts = next(a.stamp for a in ASSETS if a.folder == "html-manager")
    parts = [*LIGHT_MANAGER_PACKAGES, fonts, LIGHT_MANAGER_ENTRY, LIGHT_MANAGER_BUILD]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def light_manager_cache() -> Path:
    """The built light manager in the cache, named by :func:`light_manager_key`."""
    return cache_dir() / f"widget-manager-light-{light_manager_key()}.js"


def provide_light_manager(*, quiet: bool = True, rebuild: bool = False) -> Path:
    """Put the light manager in place (building it into the cache if it is not there).

    Raises :class:`LightManagerUnavailable` when it can be neither found nor built; a
    copy built from other pins is removed first, so the site never serves a stale one.
    """
    dest = LIGHT_MANAGER.parent
    stamp = f"light-manager {light_manager_key()}"
    marker = dest / ".version"
    if not rebuild and marker.exists() and marker.read_text().strip() == stamp:
        return LIGHT_MANAGER
    if dest.exists():
        shutil.rmtree(dest, ignore_errors=True)
    cached = light_manager_cache()
    if rebuild or not cached.is_file():
        build_light_manager(cached)
        for old in cached.parent.glob("widget-manager-light-*.js"):
            if old != cached:
                old.unlink(missing_ok=True)
        if not quiet:
            print(f"web assets: light widget manager built: {cached}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".light-manager-", dir=dest.parent))
    staging.chmod(0o755)
    shutil.copyfile(cached, staging / LIGHT_MANAGER.name)
    (staging / ".version").write_text(stamp + "\n")
    try:
        staging.rename(dest)
    except OSError:  # another build put it in place meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return LIGHT_MANAGER


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no message"


def build_light_manager(target: Path) -> Path:
    """Build the light widget manager into ``target`` with Node.js and npm.

    Needs the full manager extracted (its icon fonts are the ones served beside
    embed.js) and, unless npm's own cache has them, access to the npm registry.
    """
    npm = shutil.which("npm")
    node = shutil.which("node")
    if not npm or not node:
        missing = " and ".join(n for n, p in (("Node.js", node), ("npm", npm)) if not p)
        raise LightManagerUnavailable(f"{missing} not found")
    fonts = VENDOR / "html-manager" / "dist"
    packages = list(LIGHT_MANAGER_PACKAGES)
    registry = os.environ.get("ALLIANCELAB_NPM_REGISTRY")
    with tempfile.TemporaryDirectory(prefix="light-manager-") as tmp:
        work = Path(tmp)
        (work / "package.json").write_text('{"name": "light-manager", "private": true}\n')
        (work / "entry.js").write_text(LIGHT_MANAGER_ENTRY.lstrip())
        (work / "build.mjs").write_text(LIGHT_MANAGER_BUILD.lstrip())
        install = [npm, "install", "--no-audit", "--no-fund", "--save-exact", *packages]
        if registry:
            install.insert(2, f"--registry={registry}")
        out = work / "widget-manager-light.js"
        env = {**os.environ, "LIGHT_MANAGER_PACKAGES": " ".join(packages[:-1])}
        steps = (
            ("npm install", install),
            ("esbuild", [node, "build.mjs", str(out), str(fonts)]),
        )
        for what, cmd in steps:
            try:
                result = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
            except OSError as exc:
                raise LightManagerUnavailable(f"{what} could not run ({exc})") from exc
            if result.returncode != 0:
                raise LightManagerUnavailable(
                    f"{what} failed ({_last_line(result.stderr or result.stdout)})"
                )
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.{os.getpid()}.part")
        part.write_bytes(out.read_bytes())
        part.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check, do not fetch")
    parser.add_argument(
        "--build-light-manager",
        action="store_true",
        help="rebuild the light widget manager even if it is cached (needs Node.js and npm)",
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = [a.name for a in ASSETS if not is_current(a)]
        if stale:
            print(f"web assets missing or stale: {stale}", file=sys.stderr)
            return 1
        print(f"web assets in place under {OUT}")
        return 0
    try:
        assets = fetch_all(rebuild_light_manager=args.build_light_manager)
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if assets.light_manager is None:
        print(f"light widget manager not built: {assets.why_no_light_manager}", file=sys.stderr)
        if args.build_light_manager:
            return 1
        print("pages with widgets will load the full widget manager")
    print(f"web assets in place under {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
