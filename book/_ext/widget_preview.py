"""Stored widgets as honest previews on the static site: every control switched off.

A page of the static site shows each exercise's widgets from their stored state, but
no Python runs behind them: a slider that moves while its table stays put looks
broken. This extension rewrites the stored widget state of every page as the page is
written, so that every control (slider, text field, drop-down, tick box, button) is
disabled: not draggable, not focusable, greyed by the widgets' own style. The page
says it is a preview and offers the live exercise instead (see ``live_box``).

One job, one event: ``html-page-context``, after myst-nb has added the page's widget
state (priority 500).
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

#: The MIME type of the script that holds a page's stored widget state.
STATE_TYPE = "application/vnd.jupyter.widget-state+json"


def disable_controls(bundle: dict[str, Any]) -> int:
    """Switch off every control in a widget-state bundle, in place; return how many.

    A model is a control when its state has a ``disabled`` trait (every ipywidgets
    input and button has one; layouts, styles and outputs do not).

    >>> bundle = {"state": {"a": {"state": {"disabled": False, "value": 3}},
    ...                     "b": {"state": {"value": "<p>text</p>"}}}}
    >>> disable_controls(bundle), bundle["state"]["a"]["state"]["disabled"]
    (1, True)
    """
    count = 0
    for model in bundle.get("state", {}).values():
        state = model.get("state", {})
        if "disabled" in state:
            state["disabled"] = True
            count += 1
    return count


def _state_scripts(context: dict[str, Any]) -> list[Any]:
    return [
        asset
        for asset in context.get("script_files", [])
        if getattr(asset, "attributes", {}).get("type") == STATE_TYPE
    ]


def preview_widgets(app: Sphinx, pagename: str, templatename, context, doctree) -> None:
    """Disable the controls of the page's stored widgets (``html-page-context``)."""
    for asset in _state_scripts(context):
        body = asset.attributes.get("body")
        if not body:
            continue
        bundle = json.loads(body)
        if disable_controls(bundle):
            # the same escaping myst-nb applies: the JSON must not end its script element
            asset.attributes["body"] = json.dumps(bundle).replace("</script>", r"<\/script>")
            context.setdefault("alliancelab_widget_preview", True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", preview_widgets, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
