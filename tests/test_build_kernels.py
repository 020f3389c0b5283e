"""The executing kernels get CurveZMQ keys (book/_ext/build_kernels.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("sphinx.testing")
pytest.importorskip("myst_nb")
zmq = pytest.importorskip("zmq")
from jupyter_client.manager import KernelManager  # noqa: E402
from sphinx_roots import make_app  # noqa: E402

pytestmark = pytest.mark.toolchain


@pytest.fixture
def trait():
    trait = KernelManager.class_traits().get("transport_encryption")
    if trait is None or not zmq.has("curve"):
        pytest.skip("this jupyter_client or libzmq has no CurveZMQ transport encryption")
    before = trait.default_value
    yield trait
    trait.default_value = before  # the change is for a build process only: undo it here


@pytest.mark.parametrize(("mode", "expected"), [("cache", "auto"), ("off", "disabled")])
def test_kernels_of_an_executing_build_are_encrypted(tmp_path, trait, mode, expected):
    trait.default_value = "disabled"
    app = make_app("build-kernels", tmp_path, confoverrides={"nb_execution_mode": mode})
    try:
        assert trait.default_value == expected
    finally:
        app.cleanup()
