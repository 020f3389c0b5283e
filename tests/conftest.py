import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from serving import serve

# Property tests check behaviour, not speed: no per-example deadline (CI machines are slow
# and shared); speed is measured by `make bench`. Three profiles, chosen by
# $HYPOTHESIS_PROFILE:
# - "course" (default): 60 random examples per test, as a developer runs `make test`;
# - "ci" (set by .ci/run): the same number of examples, derandomized and with no example
#   database, so a CI run is reproducible and cannot fail by chance;
# - "deep" (`make test-deep`): 2,000 random examples per test, to explore locally.
settings.register_profile("course", deadline=None, max_examples=60)
settings.register_profile("ci", deadline=None, max_examples=60, derandomize=True, database=None)
settings.register_profile("deep", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "course"))

ROOT = Path(__file__).resolve().parents[1]
# the Sphinx test roots are sources for sphinx.testing builds, not tests or notebooks to run
collect_ignore_glob = ["roots/*"]
HTML = ROOT / "_build" / "html"
# the book's Sphinx extensions live outside the package; make them importable for tests
sys.path.insert(0, str(ROOT / "book" / "_ext"))

# CI (.ci/run) sets this: browser tests must then run, and fail if no browser can start.
REQUIRE_BROWSER = os.environ.get("ALLIANCELAB_REQUIRE_BROWSER") == "1"


@pytest.fixture
def stand_in_wheels(tmp_path, monkeypatch) -> Path:
    """A folder holding a stand-in course wheel, where the live-side extensions look for it.

    For the small sphinx.testing builds (tests/roots/): the real wheel is built from src/
    by the book build, and JupyterLite is not built here.
    """
    import lite_site  # book/_ext (needs Sphinx: imported only by the tests that build)
    from _published import wheel_name

    folder = tmp_path / "wheels"
    folder.mkdir()
    (folder / wheel_name()).write_bytes(b"stand-in wheel")
    monkeypatch.setattr(lite_site, "WHEELS", folder)
    monkeypatch.setattr(lite_site, "LITE_DIR", tmp_path)
    return folder


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the whole site once per test run, as CI would (warnings are errors).

    Every test that needs the built site (book build, links, browser) shares this build.
    A developer re-running the site tests can point ``ALLIANCELAB_TEST_SITE`` at a site
    built already (``_build/html``) to skip the build; CI never sets it.
    """
    reuse = os.environ.get("ALLIANCELAB_TEST_SITE")
    if reuse:
        return Path(reuse)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going"]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"book build failed:\n{log[-6000:]}"
    return HTML


@pytest.fixture(scope="session")
def site_url(built_book: Path):
    """Serve the built site on a loopback port for the length of the test run."""
    with serve(built_book) as url:
        yield url


def chromium_executable() -> str | None:
    """Debian's chromium (installed by .ci/run), or $ALLIANCELAB_CHROMIUM."""
    env = os.environ.get("ALLIANCELAB_CHROMIUM")
    if env:
        return env
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _no_browser(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (ALLIANCELAB_REQUIRE_BROWSER=1, so browser tests must run)")
    pytest.skip(f"{reason}; install it (apt-get install chromium) to run the browser tests")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright, using the system's browser (no download)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -e '.[test]')")
    executable = chromium_executable()
    if executable is None:
        _no_browser("no chromium executable found")
    with sync_playwright() as pw:
        try:
            instance = pw.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
            )
        except Exception as exc:  # the reason (missing libraries, ...) is in the message
            _no_browser(f"chromium at {executable} does not start: {exc}")
        yield instance
        instance.close()
