"""The live notebooks' Python (JupyterLite, Pyodide) can install what they need.

No browser or network: ``scripts/lite_requirements.py`` replays micropip's choices
against the lock file of the Pyodide release the kernel loads (from the pinned npm
package) and the wheels the site serves.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

lite = pytest.importorskip("scripts.lite_requirements")  # packaging, pooch
fetch_web_assets = lite.fetch_web_assets

pytestmark = pytest.mark.toolchain  # the pinned npm packages, jupyterlite

ROOT = Path(__file__).resolve().parents[1]


LOCK = {
    "info": {"python": "3.14.2"},
    "packages": {
        "numpy": {"name": "numpy", "version": "2.4.6", "depends": []},
        "pandas": {"name": "pandas", "version": "3.0.2", "depends": ["numpy", "tzdata"]},
        "tzdata": {"name": "tzdata", "version": "2026.1", "depends": []},
    },
}


def make_wheel(folder: Path, name: str, version: str, *requires: str, python: str = "") -> Path:
    """Write a minimal wheel whose METADATA has the given requirements."""
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Dist: {r}" for r in requires]
    if python:
        lines.append(f"Requires-Python: {python}")
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(f"{name}-{version}.dist-info/METADATA", "\n".join(lines) + "\n")
    return wheel


def sources(resolved) -> dict[str, tuple[str, str]]:
    return {r.name: (r.source, r.version) for r in resolved}


def test_pyodide_packages_come_first_and_bring_their_dependencies():
    got = sources(lite.resolve(("pandas>=2.1",), LOCK, {}))
    assert got == {
        "pandas": ("pyodide", "3.0.2"),
        "numpy": ("pyodide", "2.4.6"),
        "tzdata": ("pyodide", "2026.1"),
    }


def test_a_pyodide_version_too_old_for_the_requirement_falls_back_to_a_served_wheel(tmp_path):
    wheels = {"pandas": [make_wheel(tmp_path, "pandas", "3.1.1")]}
    got = sources(lite.resolve(("pandas>=3.1",), LOCK, wheels))
    assert got["pandas"] == ("site", "3.1.1")
    # and with no served wheel either, only PyPI could help
    assert sources(lite.resolve(("pandas>=3.1",), LOCK, {}))["pandas"] == ("pypi", "")


def test_served_wheels_bring_the_dependencies_of_the_requested_extra_only(tmp_path):
    wheels = {
        "course": [
            make_wheel(
                tmp_path,
                "course",
                "1.0",
                "numpy>=2",
                'widgets-lib>=8; extra == "widgets"',
                'printer; extra == "pdf"',
                'colorama; sys_platform == "win32"',
            )
        ],
        "widgets-lib": [make_wheel(tmp_path, "widgets_lib", "8.1")],
    }
    got = sources(lite.resolve(("course[widgets]",), LOCK, wheels))
    assert got == {
        "course": ("site", "1.0"),
        "numpy": ("pyodide", "2.4.6"),
        "widgets-lib": ("site", "8.1"),
    }


def test_a_wheel_for_another_python_is_not_chosen(tmp_path):
    wheels = {"old": [make_wheel(tmp_path, "old", "1.0", python="<3.12")]}
    assert sources(lite.resolve(("old",), LOCK, wheels))["old"] == ("pypi", "")


def test_the_newest_satisfying_served_wheel_is_chosen(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    wheels = {
        "lib": [
            make_wheel(tmp_path / "a", "lib", "1.2"),
            make_wheel(tmp_path / "b", "lib", "2.0"),
        ]
    }
    assert sources(lite.resolve(("lib<2",), LOCK, wheels))["lib"] == ("site", "1.2")
    assert sources(lite.resolve(("lib",), LOCK, wheels))["lib"] == ("site", "2.0")


def test_conflicting_requirements_are_reported(tmp_path):
    wheels = {"app": [make_wheel(tmp_path, "app", "1.0", "numpy<2")]}
    with pytest.raises(ValueError, match="numpy"):
        lite.resolve(("numpy", "app"), LOCK, wheels)


def test_constraints_pin_only_what_pyodide_provides(tmp_path):
    wheels = {"app": [make_wheel(tmp_path, "app", "1.0", "numpy")]}
    text = lite.pyodide_constraints(lite.resolve(("app",), LOCK, wheels))
    assert text.splitlines() == ["numpy==2.4.6"]
    # another constraints file's pins stay for the rest; Pyodide's win where both pin
    base = "numpy==2.5.0\nRich==14.0  # a comment\n\n"
    text = lite.pyodide_constraints(lite.resolve(("app",), LOCK, wheels), base)
    assert text.splitlines() == ["numpy==2.4.6", "Rich==14.0"]


# ---------------------------------------------------------------- the real kernel


def test_the_pinned_pyodide_is_the_release_the_kernel_loads():
    pinned = fetch_web_assets.PYODIDE.version
    assert lite.kernel_pyodide_version(lite.kernel_extension_dir()) == pinned


@pytest.mark.slow
def test_the_published_site_serves_everything_the_live_notebooks_need_beyond_pyodide(built_book):
    """What the kernel installs at start and the install cell asks for, without PyPI."""
    assert lite.kernel_pyodide_version(lite.kernel_extension_dir(built_book)) == (
        fetch_web_assets.PYODIDE.version
    )
    lock = lite.pyodide_lock()
    resolved = lite.resolve(
        lite.KERNEL_ROOTS + lite.NOTEBOOK_ROOTS, lock, lite.served_wheels(built_book)
    )
    got = sources(resolved)
    assert [name for name, (source, _) in got.items() if source == "pypi"] == []
    # the compiled libraries can only come from Pyodide, in versions alliancelab accepts
    for name in ("numpy", "pandas", "matplotlib", "pyyaml"):
        assert got[name][0] == "pyodide", name
    assert got["alliancelab"][0] == "site"
    assert got["ipywidgets"][0] == "site"
