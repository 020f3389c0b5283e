"""A downloaded exercise runs in any Jupyter; the offline archive starts with one command.

Everything here happens outside the repository, in a temporary folder: the offline
archive of the built site (``built_book``) is unzipped and its own ``start.py``, run as
its README says, makes a virtual environment from the bundled wheel (pip uses the package
index this machine is configured with, and the pinned versions of ``constraints.txt``
that the archive carries). That one environment, shared by the tests, then

- runs every notebook the site offers for download, with nbclient and its own kernel;
- accepts the site's one install line, as pip reads it, from the served site;
- serves exercise 1 as an app when ``python3 start.py`` is started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

published = pytest.importorskip("_published")  # book/_ext is on sys.path (conftest.py)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.toolchain,
    pytest.mark.skipif(os.name != "posix", reason="the tests stop the servers by process group"),
]

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
INSTALL_TIMEOUT = 900  # the first start installs pandas, matplotlib, JupyterLab, Voila
RUN_TIMEOUT = 600


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """This process's environment without anything that points into the repository."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "ALLIANCELAB_WORKBOOK", "JUPYTER_PATH"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    # no kernel or setting of this machine's own Jupyter gets in the way
    env.update(JUPYTER_DATA_DIR=str(tmp / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp / "jc"))
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def offline_course(built_book: Path, tmp_path_factory) -> Path:
    """The unzipped offline archive, after its ``start.py`` has prepared ``.venv``."""
    folder = tmp_path_factory.mktemp("offline-course")
    assert not folder.resolve().is_relative_to(ROOT), "the test must run outside the repository"
    with zipfile.ZipFile(built_book / published.OFFLINE_ZIP) as zf:
        zf.extractall(folder)
    course = folder / "alliancelab"
    cmd = [sys.executable, "start.py", "--install-only"]
    result = subprocess.run(
        cmd,
        cwd=course,
        env=clean_env(folder),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
    )
    assert result.returncode == 0, (
        f"start.py failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    )
    return course


def venv_python(course: Path) -> Path:
    return course / ".venv" / "bin" / "python"


RUNNER = """
import json, sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import alliancelab

print(json.dumps({"package": alliancelab.__file__}), flush=True)
for path in map(Path, sys.argv[1:]):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    print("ran", path.name, flush=True)
"""


def served_notebooks(site: Path) -> list[Path]:
    """The notebooks the exercise and case pages offer for download (their box's link)."""
    sources = site / "_sources"
    return sorted(sources.glob("exercises/*.ipynb")) + sorted(sources.glob("cases/*/*.ipynb"))


def test_every_downloaded_notebook_runs_where_only_the_course_wheel_is_installed(
    offline_course, built_book, tmp_path
):
    served = served_notebooks(built_book)
    in_repo = sorted(ROOT.glob("exercises/*.ipynb")) + sorted(ROOT.glob("cases/*/analysis.ipynb"))
    assert len(served) == len(in_repo) > 0
    work = tmp_path / "my-downloads"
    copies = []
    for nb in served:
        target = work / nb.relative_to(built_book / "_sources")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(nb, target)
        copies.append(str(target))
    result = subprocess.run(
        [str(venv_python(offline_course)), "-c", RUNNER, *copies],
        cwd=work,
        env=clean_env(tmp_path, JUPYTER_PREFER_ENV_PATH="1"),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-6000:]}"
    package = Path(json.loads(result.stdout.splitlines()[0])["package"])
    assert package.is_relative_to(offline_course / ".venv"), package
    assert result.stdout.count("\nran ") == len(copies)


def test_the_sites_one_install_line_is_accepted_by_pip(offline_course, site_url, tmp_path):
    page = urllib.request.urlopen(f"{site_url}/exercises/01-partner-scorecard.html").read()
    wheel = published.wheel_name()
    assert f'data-wheel="../{published.DOWNLOADS}/{wheel}"'.encode() in page
    # the line as the page shows it once it has filled in its own address
    line = published.install_line(site_url)
    requirement = line.removeprefix("pip install ").strip('"')
    cmd = [str(venv_python(offline_course)), "-m", "pip", "install", "--dry-run", "--no-deps"]
    cmd += ["--ignore-installed", "--report", str(tmp_path / "report.json"), requirement]
    result = subprocess.run(
        cmd, env=clean_env(tmp_path), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    [item] = report["install"]
    assert item["metadata"]["name"] == "alliancelab"
    assert item["download_info"]["url"].endswith(f"/{published.DOWNLOADS}/{wheel}")
    assert item["requested_extras"] == ["widgets"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", errors="replace")


def test_python3_start_py_serves_exercise_1_as_an_app(offline_course, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "start.log"
    with log.open("w") as out:
        # the README's command; --no-browser and --port only because no one is watching
        proc = subprocess.Popen(
            [sys.executable, "start.py", "--no-browser", "--port", str(port)],
            cwd=offline_course,
            env=clean_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                assert "Voil" in get(f"{base}/", timeout=10)  # its home page: the app is up
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert proc.poll() is None, f"start.py stopped:\n{log.read_text()[-3000:]}"
                assert time.monotonic() < deadline, f"no app after 90 s:\n{log.read_text()[-3000:]}"
                time.sleep(0.5)
        page = get(f"{base}/voila/render/exercises/01-partner-scorecard.ipynb", timeout=180)
        assert "Exercise 1: partner scorecard" in page
        assert WIDGET_VIEW in page, "the exercise's widgets were not rendered"
        assert "There was an error" not in page, page[-3000:]
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop the process group this test started (start.py became the server in it)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=20)
            return
        except subprocess.TimeoutExpired:
            continue
