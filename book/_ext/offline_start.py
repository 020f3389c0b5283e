"""Start the Alliance Lab exercises from the offline copy of the course.

The book build packs this file into ``alliancelab-offline.zip`` as ``start.py``
(book/_ext/offline_zip.py). From the unzipped ``alliancelab`` folder::

    python3 start.py        the exercises as a code-free app (Voila), in your browser
    python3 start.py lab    the same notebooks in JupyterLab, with the code visible

The first start makes a virtual environment in ``.venv`` beside this file and installs
into it the course package bundled in ``wheels/`` (which carries the case data) with its
widgets, Voila, JupyterLab and ipykernel, at the versions of ``constraints.txt``. Those
libraries come from the Python Package Index, so the first start needs the internet;
later starts reuse the environment and work offline. Standard library only: any system
with Python 3.11 or newer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = HERE / ".venv"
NOTEBOOKS = HERE / "notebooks"
STAMP = ENV / "alliancelab-installed.txt"
TOOLS = ("voila", "jupyterlab", "ipykernel")
PORTS = {"app": 8866, "lab": 8888}


def env_python() -> Path:
    """The Python of the course's virtual environment."""
    if os.name == "nt":
        return ENV / "Scripts" / "python.exe"
    return ENV / "bin" / "python"


def bundled_wheel() -> Path:
    """The course package's wheel in ``wheels/`` (the newest, if there are several)."""
    wheels = sorted((HERE / "wheels").glob("alliancelab-*.whl"))
    if not wheels:
        raise SystemExit(f"No course package in {HERE / 'wheels'}: unzip the whole archive again.")
    return wheels[-1]


def run(cmd: list[str], failure: str) -> None:
    """Run a command; stop with ``failure`` (in plain words) if it fails."""
    if subprocess.call(cmd) != 0:
        raise SystemExit(failure)


def prepare() -> Path:
    """Make the environment and install the course into it, unless that is done already."""
    wheel = bundled_wheel()
    python = env_python()
    if python.is_file() and STAMP.is_file() and STAMP.read_text().strip() == wheel.name:
        return python
    if not python.is_file():
        print(f"Making a Python environment in {ENV} ...", flush=True)
        if subprocess.call([sys.executable, "-m", "venv", str(ENV)]) != 0:
            shutil.rmtree(ENV, ignore_errors=True)
            raise SystemExit(
                "Could not make a Python environment (on Debian or Ubuntu, install the "
                "python3-venv package first), then run start.py again."
            )
    print(
        "Installing the course package and its libraries into .venv (the first time this "
        "downloads them from the internet; a few minutes) ...",
        flush=True,
    )
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    pins = ["-c", str(HERE / "constraints.txt")] if (HERE / "constraints.txt").is_file() else []
    failure = (
        "Installing failed; pip says why above. The first start needs the internet: "
        "connect, then run start.py again."
    )
    run([*pip, *pins, f"alliancelab[widgets] @ {wheel.as_uri()}", *TOOLS], failure)
    # a newer archive unzipped over an older one may hold a wheel with the same version
    run([*pip, "--no-deps", "--force-reinstall", str(wheel)], failure)
    STAMP.write_text(wheel.name + "\n")
    return python


def command(python: Path, mode: str, port: int, browser: bool) -> list[str]:
    """The command that serves the notebooks: Voila (``app``) or JupyterLab (``lab``)."""
    if mode == "lab":
        cmd = [str(python), "-m", "jupyterlab", f"--ServerApp.root_dir={NOTEBOOKS}"]
        cmd += ["--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # in a container, say
            cmd.append("--allow-root")
    else:
        cmd = [str(python), "-m", "voila", str(NOTEBOOKS), "--Voila.ip=127.0.0.1"]
        cmd += [f"--port={port}"]
    return cmd if browser else [*cmd, "--no-browser"]


def main(argv: list[str] | None = None) -> int:
    """Prepare the environment, then serve the notebooks until Ctrl+C."""
    parser = argparse.ArgumentParser(
        description="Open the Alliance Lab exercises: as an app (default) or in JupyterLab."
    )
    parser.add_argument(
        "mode",
        nargs="?",
        choices=("app", "lab"),
        default="app",
        help="app: the exercises with controls only (Voila, the default); lab: JupyterLab",
    )
    parser.add_argument("--port", type=int, help="the local port (app: 8866, lab: 8888)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--install-only", action="store_true", help="prepare .venv (needs the internet), then stop"
    )
    args = parser.parse_args(argv)
    if sys.version_info < (3, 11):  # noqa: UP036 (a learner's Python may be older)
        raise SystemExit("Alliance Lab needs Python 3.11 or newer (python.org); this is older.")
    python = prepare()
    if args.install_only:
        print(f"Ready: run  python3 {Path(__file__).name}  to start.")
        return 0
    port = args.port or PORTS[args.mode]
    cmd = command(python, args.mode, port, browser=not args.no_browser)
    if args.mode == "lab":  # JupyterLab prints its address, with the token it asks for
        print("Starting JupyterLab (stop it with Ctrl+C) ...", flush=True)
    else:
        print(f"Starting the exercises on http://127.0.0.1:{port}/ (stop: Ctrl+C) ...", flush=True)
    # the environment's own kernel, even if another Jupyter installed a "python3" kernel
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    env.pop("PYTHONPATH", None)
    if os.name == "posix":  # become the server, so that Ctrl+C reaches it directly
        os.execve(cmd[0], cmd, env)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
