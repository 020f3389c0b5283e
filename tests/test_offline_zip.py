"""The offline archive (book/_ext/offline_zip.py) in a small build with one exercise.

In the learners' edition the archive is written once, complete and already without
instructor content: nothing rewrites it afterwards (editions.notebook_filter).
"""

from __future__ import annotations

import json
import zipfile

import pytest

pytest.importorskip("sphinx.testing")
pytest.importorskip("myst_nb")
import lite_site  # book/_ext is on sys.path (conftest.py)
import offline_zip
from _published import SETUP_CELL_ID, wheel_name
from sphinx_roots import make_app

pytestmark = pytest.mark.toolchain

ANSWER = "hidden motive"  # the text of the exercise's model-answer cell


@pytest.fixture
def wheels(tmp_path, monkeypatch):
    folder = tmp_path / "wheels"
    folder.mkdir()
    (folder / wheel_name()).write_bytes(b"stand-in wheel")
    for module in (lite_site, offline_zip):
        monkeypatch.setattr(module, "WHEELS", folder)
    return folder


def test_the_archive_is_written_once_complete_and_without_instructor_content(tmp_path, wheels):
    app = make_app("offline-zip", tmp_path)
    try:
        app.build()
        status, warnings = app._status.getvalue(), app._warning.getvalue()
        assert not warnings.strip(), warnings
        assert status.count("[offline_zip] offline archive:") == 1
        assert "removed instructor content" not in status
        archive = tmp_path / "_build" / "html" / offline_zip.OFFLINE_ZIP
        with zipfile.ZipFile(archive) as zf:
            names = set(zf.namelist())
            notebook = zf.read("alliancelab/notebooks/exercises/ex.ipynb").decode()
            source = zf.read("alliancelab/site/_sources/exercises/ex.ipynb").decode()
        assert {"alliancelab/README.txt", "alliancelab/start.py"} <= names
        assert f"alliancelab/wheels/{wheel_name()}" in names
        assert "alliancelab/site/exercises/ex.html" in names
        assert ANSWER not in notebook and ANSWER not in source
        cells = json.loads(notebook)["cells"]
        assert any(c.get("id") == SETUP_CELL_ID for c in cells)

        before = archive.stat().st_mtime_ns
        app.build()  # nothing changed: the archive is left as it is
        assert "[offline_zip] offline archive unchanged" in app._status.getvalue()
        assert archive.stat().st_mtime_ns == before
    finally:
        app.cleanup()


def test_no_archive_when_it_is_turned_off(tmp_path, wheels):
    app = make_app("offline-zip", tmp_path, confoverrides={"alliancelab_offline_zip": False})
    try:
        app.build()
        assert not (tmp_path / "_build" / "html" / offline_zip.OFFLINE_ZIP).exists()
    finally:
        app.cleanup()
