"""Store each page's widget state without the traits kept at their default.

One job: on ``html-page-context``, rewrite the widget-state script of a page (myst-nb's
``application/vnd.jupyter.widget-state+json``) without the traits stored with their
default value, in compact JSON. It runs after ``widget_preview.py`` has switched the
stored controls off (priority 600). Tested by tests/test_widget_state.py (a
``sphinx.testing`` build of tests/roots/test-widget-preview).
"""

from __future__ import annotations

import json

from sphinx.application import Sphinx

WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"

# The stored widget state of a page (myst-nb writes the whole notebook's, every trait of
# every model, defaults included) is most of an exercise page's HTML: 450 kB on the
# largest, 40 % of it layout models whose every CSS trait is null. The widget manager
# fills in a model's defaults before it applies the stored state, so a trait stored
# with its default value need not be sent. Only defaults known to be the same in the
# Python and the JavaScript models (ipywidgets 8, model version 2.0.0) are dropped.
WIDGETS_8 = {"@jupyter-widgets/base": "2.0.0", "@jupyter-widgets/controls": "2.0.0"}
# traits of every widget model whose default is None on both sides
NULL_DEFAULTS = ("_view_count", "tabbable", "tooltip")
# a layout model: every CSS trait defaults to None; its own names are the defaults
LAYOUT_DEFAULTS = {
    "_model_module": "@jupyter-widgets/base",
    "_model_module_version": "2.0.0",
    "_model_name": "LayoutModel",
    "_view_module": "@jupyter-widgets/base",
    "_view_module_version": "2.0.0",
    "_view_name": "LayoutView",
}


def compact_widget_state(bundle: dict) -> dict:
    """Drop the traits stored with their default value from a widget-state bundle.

    >>> layout = {"model_name": "LayoutModel", "model_module": "@jupyter-widgets/base",
    ...           "model_module_version": "2.0.0",
    ...           "state": {"_view_name": "LayoutView", "width": "50%", "height": None}}
    >>> compact_widget_state({"state": {"a": layout}})["state"]["a"]["state"]
    {'width': '50%'}
    """
    for model in bundle.get("state", {}).values():
        module = model.get("model_module")
        if WIDGETS_8.get(module) != model.get("model_module_version"):
            continue
        state = model.get("state", {})
        if model.get("model_name") == "LayoutModel" and module == "@jupyter-widgets/base":
            model["state"] = {
                k: v for k, v in state.items() if v is not None and LAYOUT_DEFAULTS.get(k) != v
            }
        else:
            for key in NULL_DEFAULTS:
                if key in state and state[key] is None:
                    del state[key]
    return bundle


def compact_widget_states(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Store each page's widget state without defaults, in compact JSON."""
    for asset in context.get("script_files", []):
        attributes = getattr(asset, "attributes", {})
        if attributes.get("type") != WIDGET_STATE_TYPE or not attributes.get("body"):
            continue
        bundle = compact_widget_state(json.loads(attributes["body"]))
        # escaped as myst-nb does: the JSON must not end its script element
        text = json.dumps(bundle, separators=(",", ":")).replace("</script>", r"<\/script>")
        attributes["body"] = text


def setup(app: Sphinx):
    # after widget_preview.py has switched the stored controls off (priority 600)
    app.connect("html-page-context", compact_widget_states, priority=700)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
