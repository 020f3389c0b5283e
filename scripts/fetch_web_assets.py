"""Fetch the browser assets the static site serves itself, from the npm registry.

Jupyter Book pages would otherwise load the Jupyter widgets HTML manager (with
require.js) and MathJax from public CDNs. This script downloads pinned npm tarballs
(checked against the registry's sha512 integrity), keeps them in a cache that
survives ``make clean``, and extracts only the files the site needs into
``_build/web_assets/vendor/<package>/``, which the book serves as static files.

Usage::

    python scripts/fetch_web_assets.py           # fetch (or reuse the cache) and extract
    python scripts/fetch_web_assets.py --check   # exit 1 unless every asset is in place

Environment:

``ALLIANCELAB_WEB_CACHE``
    where tarballs are cached (default ``~/.cache/alliancelab/npm``). Copy a filled
    cache to a machine without network access to build the site there.
``ALLIANCELAB_NPM_REGISTRY``
    registry base URL (default ``https://registry.npmjs.org``), for a mirror.

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
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

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
    def cache_name(self) -> str:
        return f"{self.name.replace('/', '__')}-{self.version}.tgz"


# ipywidgets 8 -> @jupyter-widgets/html-manager 1.x; MathJax 3 is what Sphinx 7 expects.
ASSETS: tuple[NpmAsset, ...] = (
    NpmAsset(
        name="@jupyter-widgets/html-manager",
        version="1.0.15",
        integrity="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        # embed.js bundles the base, controls and output widgets; its fonts sit beside it
        files=(
            "dist/embed.js",
            "dist/embed.js.LICENSE.txt",
            "dist/*.woff2",
            "dist/*.woff",
            "dist/*.ttf",
            "dist/*.eot",
            "dist/*.svg",
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


def check_integrity(data: bytes, integrity: str) -> bool:
    algo, _, digest = integrity.partition("-")
    return base64.b64encode(hashlib.new(algo, data).digest()).decode() == digest


def tarball(asset: NpmAsset) -> bytes:
    """Return the package tarball, from the cache or the registry, integrity-checked."""
    cached = cache_dir() / asset.cache_name
    if cached.exists():
        data = cached.read_bytes()
        if check_integrity(data, asset.integrity):
            return data
        cached.unlink()  # corrupt or foreign: fetch again
    try:
        with urllib.request.urlopen(asset.tarball_url, timeout=60) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise AssetError(
            f"cannot download {asset.name}@{asset.version} from {asset.tarball_url} ({exc}).\n"
            f"The site serves this file itself so that reading pages make no third-party "
            f"requests. Run this script once on a machine with access to the npm registry "
            f"(or set ALLIANCELAB_NPM_REGISTRY to a mirror), or copy a filled cache into "
            f"{cache_dir()} (ALLIANCELAB_WEB_CACHE)."
        ) from exc
    if not check_integrity(data, asset.integrity):
        raise AssetError(
            f"{asset.name}@{asset.version}: downloaded tarball does not match the pinned "
            f"integrity {asset.integrity[:24]}...; refusing to use it"
        )
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


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


def fetch_all(*, quiet: bool = False) -> Path:
    """Make every asset available under _build/web_assets; return that folder."""
    if VENDOR.exists():  # drop packages no longer pinned, so the site does not serve them
        for folder in VENDOR.iterdir():
            if folder.is_dir() and folder.name not in {a.folder for a in ASSETS}:
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
    return OUT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check, do not fetch")
    args = parser.parse_args(argv)
    if args.check:
        stale = [a.name for a in ASSETS if not is_current(a)]
        if stale:
            print(f"web assets missing or stale: {stale}", file=sys.stderr)
            return 1
        print(f"web assets in place under {OUT}")
        return 0
    try:
        fetch_all()
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"web assets in place under {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
