"""Check offline that the live (JupyterLite) notebooks can install what they need.

In JupyterLite the kernel starts by installing its own packages, and the first cell
of every exercise runs ``piplite.install("alliancelab[widgets]")``. micropip then
takes each requirement from, in this order:

1. the packages of the Pyodide release the kernel loads (listed in its lock file,
   served by the jsDelivr CDN at the reader's request);
2. the wheels this site serves itself (JupyterLite's piplite indexes);
3. PyPI, for anything else.

This script replays that resolution without a browser or network (the Pyodide lock
file comes from the pinned ``pyodide`` npm package, see ``fetch_web_assets.py``), so a
test can assert that nothing is left for PyPI and that Pyodide's versions satisfy
alliancelab's requirements. It can also write Pyodide's versions as pip constraints,
so the test suite runs once against the library versions the browser has
(``make test-pyodide-libs``).

Usage::

    python scripts/lite_requirements.py                   # where each package comes from
    python scripts/lite_requirements.py --site _build/html  # ... for a built site
    python scripts/lite_requirements.py --constraints F   # write Pyodide's versions to F
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a file: python scripts/lite_requirements.py
    sys.path.insert(0, str(ROOT))
from scripts import fetch_web_assets  # noqa: E402

KERNEL_EXT = Path("share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension")

#: what the Pyodide kernel installs when it starts (jupyterlite-pyodide-kernel 0.8's
#: worker), then what the install cell of every live notebook asks for
KERNEL_ROOTS = ("ipykernel", "comm", "pyodide-kernel", "jedi", "ipython")
NOTEBOOK_ROOTS = ("alliancelab[widgets]",)


@dataclass(frozen=True)
class Resolved:
    """One package of the resolution and where micropip would take it from."""

    name: str
    version: str  # "" when missing
    source: str  # "pyodide", "site" or "pypi" (not found offline)
    required_by: str


def kernel_extension_dir(site: Path | None = None) -> Path:
    """Return the Pyodide kernel's lab extension: in a built site, or as installed."""
    if site is not None:
        return site / "lite" / "extensions" / "@jupyterlite" / "pyodide-kernel-extension"
    for prefix in (Path(sys.prefix), Path(sys.base_prefix)):
        if (prefix / KERNEL_EXT).is_dir():
            return prefix / KERNEL_EXT
    raise FileNotFoundError(
        "jupyterlite-pyodide-kernel is not installed (pip install -e '.[book]')"
    )


def kernel_pyodide_version(extension: Path) -> str:
    """Return the Pyodide version the kernel loads by default (from its settings schema)."""
    schema = json.loads((extension / "static" / "schema" / "kernel.v0.schema.json").read_text())
    url = schema["properties"]["pyodideUrl"]["default"]
    match = re.search(r"/pyodide/v([^/]+)/", url)
    if not match:
        raise ValueError(f"cannot read a Pyodide version from the kernel's pyodideUrl {url!r}")
    return match.group(1)


def pyodide_lock() -> dict:
    """Return the pinned Pyodide release's lock file (``info`` and ``packages``)."""
    fetch = fetch_web_assets
    return json.loads(fetch.read_member(fetch.PYODIDE, "pyodide-lock.json"))


def marker_environment(lock: dict) -> dict[str, str]:
    """Return the PEP 508 marker values of the browser's Python."""
    full = lock["info"]["python"]
    return {
        "python_version": ".".join(full.split(".")[:2]),
        "python_full_version": full,
        "sys_platform": "emscripten",
        "platform_system": "Emscripten",
        "platform_machine": "wasm32",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_version": "",
        "implementation_version": full,
    }


def served_wheels(site: Path | None = None) -> dict[str, list[Path]]:
    """Return the wheels the site serves to piplite, by canonical package name.

    With ``site`` (a built ``_build/html``), the wheels actually published; without,
    the wheels the build stages (``_build/jupyterlite/wheels``) and the kernel's own.
    """
    if site is not None:
        folders = [site / "lite" / "pypi", kernel_extension_dir(site) / "static" / "pypi"]
    else:
        folders = [
            ROOT / "_build" / "jupyterlite" / "wheels",
            kernel_extension_dir() / "static" / "pypi",
        ]
    wheels: dict[str, list[Path]] = {}
    for folder in folders:
        for wheel in sorted(folder.glob("*.whl")):
            wheels.setdefault(canonicalize_name(wheel.name.split("-")[0]), []).append(wheel)
    return wheels


def wheel_metadata(wheel: Path) -> tuple[str, list[Requirement], str]:
    """Return a wheel's version, its requirements and its Requires-Python."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(name).decode("utf-8"))
    reqs = [Requirement(r) for r in meta.get_all("Requires-Dist") or []]
    return meta["Version"], reqs, meta.get("Requires-Python") or ""


def resolve(roots: tuple[str, ...], lock: dict, wheels: dict[str, list[Path]]) -> list[Resolved]:
    """Replay micropip's choice for ``roots`` and everything they need.

    Examples
    --------
    A lock with one package, no wheels: a package not in the lock is left for PyPI.

    >>> lock = {"info": {"python": "3.14.2"},
    ...         "packages": {"numpy": {"name": "numpy", "version": "2.4.6", "depends": []}}}
    >>> [(r.name, r.source) for r in resolve(("numpy>=2", "rich"), lock, {})]
    [('numpy', 'pyodide'), ('rich', 'pypi')]
    """
    env = marker_environment(lock)
    packages = {canonicalize_name(k): v for k, v in lock["packages"].items()}
    python = Version(env["python_full_version"])
    done: dict[str, Resolved] = {}
    queue: list[tuple[Requirement, str]] = [(Requirement(r), "(start)") for r in roots]
    while queue:
        req, parent = queue.pop(0)
        name = canonicalize_name(req.name)
        if name in done:
            if done[name].source != "pypi" and done[name].version:
                if not req.specifier.contains(done[name].version, prereleases=True):
                    raise ValueError(
                        f"{parent} needs {req}, but {name} {done[name].version} was chosen "
                        f"for {done[name].required_by}"
                    )
            continue
        entry = packages.get(name)
        if entry is not None and req.specifier.contains(entry["version"], prereleases=True):
            done[name] = Resolved(name, entry["version"], "pyodide", parent)
            queue += [(Requirement(dep), name) for dep in entry.get("depends", [])]
            continue
        choice = None
        for wheel in wheels.get(name, []):
            version, reqs, requires_python = wheel_metadata(wheel)
            if requires_python and not SpecifierSet(requires_python).contains(python):
                continue
            if req.specifier.contains(version, prereleases=True):
                if choice is None or Version(version) > Version(choice[0]):
                    choice = (version, reqs)
        if choice is None:
            done[name] = Resolved(name, "", "pypi", parent)
            continue
        version, reqs = choice
        done[name] = Resolved(name, version, "site", parent)
        extras = req.extras or {""}
        for dep in reqs:
            if dep.marker is None or any(
                dep.marker.evaluate({**env, "extra": extra}) for extra in extras
            ):
                queue.append((dep, name))
    return sorted(done.values(), key=lambda r: (r.source != "pyodide", r.source, r.name))


def project_requirements() -> tuple[str, ...]:
    """Return alliancelab's core requirements as written in pyproject.toml."""
    return tuple(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])


def pyodide_constraints(resolved: list[Resolved], base: str = "") -> str:
    """Return pip constraints pinning the packages Pyodide provides to its versions.

    ``base`` is another constraints file's text (``constraints.txt``): its pins are
    kept for every package Pyodide does not provide.
    """
    pins = {r.name: f"{r.name}=={r.version}" for r in resolved if r.source == "pyodide"}
    for line in base.splitlines():
        req = line.split("#", 1)[0].strip()
        if req and canonicalize_name(Requirement(req).name) not in pins:
            pins[canonicalize_name(Requirement(req).name)] = req
    return "\n".join(pins[name] for name in sorted(pins)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (_build/html) to check")
    parser.add_argument("--constraints", type=Path, help="write Pyodide's versions here")
    parser.add_argument(
        "--base", type=Path, help="keep this constraints file's other pins (--constraints)"
    )
    args = parser.parse_args(argv)
    extension = kernel_extension_dir(args.site)
    fetch = fetch_web_assets
    wanted = kernel_pyodide_version(extension)
    if wanted != fetch.PYODIDE.version:
        print(
            f"error: the kernel loads Pyodide {wanted}, but scripts/fetch_web_assets.py pins "
            f"{fetch.PYODIDE.version}; update PYODIDE there (version and integrity)",
            file=sys.stderr,
        )
        return 1
    lock = pyodide_lock()
    if args.constraints:
        # the data and figure stack alliancelab itself needs, from pyproject.toml (no
        # wheel needed); the kernel's own packages (IPython 9 needs a newer Python than
        # the test venv may have) keep the pins of the base file
        resolved = resolve(project_requirements(), lock, {})
        args.constraints.parent.mkdir(parents=True, exist_ok=True)
        base = args.base.read_text() if args.base else ""
        args.constraints.write_text(pyodide_constraints(resolved, base))
        print(f"wrote {args.constraints}")
        return 0
    resolved = resolve(KERNEL_ROOTS + NOTEBOOK_ROOTS, lock, served_wheels(args.site))
    print(f"Pyodide {wanted} (Python {lock['info']['python']}): where each package comes from")
    for r in resolved:
        print(f"  {r.source:8} {r.name:28} {r.version or '-':14} for {r.required_by}")
    pypi = [r.name for r in resolved if r.source == "pypi"]
    if pypi:
        print(f"needs PyPI: {', '.join(pypi)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
