"""Give the kernels that execute the notebooks CurveZMQ keys (no plain-text TCP).

One job, in the build process only: ipykernel 7 warns "Kernel is running over TCP
without encryption" once per kernel, on the build's stderr, unless the kernel manager
provisions CurveZMQ keys; no myst-nb or jupyter-cache setting reaches the manager they
create. At ``config-inited`` this sets the default of jupyter_client's own
``KernelManager.transport_encryption`` option to "auto" (keys for kernels whose spec
declares curve support, as ipykernel's does). The warning then has nothing to warn
about; any other kernel output, warnings included, is printed as before.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def encrypt_build_kernels(app: Sphinx, config) -> None:
    if str(getattr(config, "nb_execution_mode", "off")) == "off":
        return
    try:
        import zmq
        from jupyter_client.manager import KernelManager
    except ImportError:
        return
    trait = KernelManager.class_traits().get("transport_encryption")
    if trait is not None and zmq.has("curve") and trait.default_value == "disabled":
        trait.default_value = "auto"


def setup(app: Sphinx):
    app.connect("config-inited", encrypt_build_kernels)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
