"""Layout of the exercise widgets on any screen: one stylesheet and two row helpers.

The exercises render in JupyterLab, Voila, the live app in the browser and as stored
previews on the static site; only the widgets themselves travel to all four, so the
stylesheet travels inside each exercise (a ``<style>`` element in an HTML widget),
scoped to ``.alliancelab-exercise``. It sets the widget text to the body's scale,
lets rows wrap instead of running off the column, lets labels wrap instead of being
cut off, keeps every slider's track at least ``SLIDER_TRACK_MIN`` em wide (a row wraps a
slider onto a line of its own rather than squeeze its track), and on a narrow screen
puts each label above its control. The widgets' own sizes are relative (``flex``,
percentages), never fixed pixel widths.
"""

from __future__ import annotations

import ipywidgets as w

__all__ = ["EXERCISE_CSS", "field", "full_width", "row", "style_element"]

#: Screens narrower than this (in CSS pixels) stack each label above its control.
NARROW = 640
#: A slider's track is never narrower than this (in em, 16 px each): room to aim at 1 of 5.
SLIDER_TRACK_MIN = 8

EXERCISE_CSS = f"""
.alliancelab-exercise {{
  --jp-widgets-font-size: 16px;
  --jp-widgets-inline-height: 34px;
  --jp-widgets-inline-label-width: 10em;
  font-size: 16px;
  line-height: 1.5;
  max-width: 100%;
  min-width: 0;
  box-sizing: border-box;
}}
.alliancelab-exercise * {{ box-sizing: border-box; }}
.alliancelab-preview-only {{ display: none; }}
.alliancelab-exercise .widget-html-content,
.alliancelab-exercise .widget-label,
.alliancelab-exercise .widget-readout,
.alliancelab-exercise input,
.alliancelab-exercise select,
.alliancelab-exercise textarea,
.alliancelab-exercise .jupyter-button {{ font-size: 16px; }}
.alliancelab-exercise small {{ font-size: 15px; }}
.alliancelab-exercise .widget-vbox,
.alliancelab-exercise .widget-hbox,
.alliancelab-exercise .widget-gridbox {{ max-width: 100%; min-width: 0; }}
.alliancelab-exercise .widget-hbox {{ flex-wrap: wrap; column-gap: 12px; }}
.alliancelab-exercise .widget-inline-hbox {{ max-width: 100%; min-width: 0; }}
.alliancelab-exercise .widget-inline-hbox > .widget-label {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  min-height: var(--jp-widgets-inline-height); line-height: 1.25;
  display: flex; align-items: center; overflow-wrap: anywhere;
}}
.alliancelab-exercise .widget-checkbox .widget-label {{ white-space: normal; height: auto; }}
.alliancelab-exercise .widget-slider .widget-readout {{ overflow: visible; }}
/* a slider keeps a usable track: rather than squeeze it, its row wraps it onto a line */
.alliancelab-exercise .widget-hslider > .slider-container {{
  flex: 1 1 auto; min-width: {SLIDER_TRACK_MIN}em;
}}
.alliancelab-exercise .widget-hslider {{ min-width: fit-content !important; }}
.alliancelab-exercise .jupyter-button {{
  width: auto; max-width: 100%; padding: 0 0.9em; overflow: visible; flex: 0 0 auto;
}}
.alliancelab-exercise .widget-html-content {{
  white-space: normal; overflow-wrap: break-word; min-width: 0; max-width: 100%;
}}
.alliancelab-exercise .widget-vbox > .widget-html,
.alliancelab-exercise .widget-vbox > .widget-text,
.alliancelab-exercise .widget-vbox > .widget-textarea {{
  width: auto; align-self: stretch; max-width: 100%; min-width: 0;
}}
.alliancelab-exercise .widget-html {{ max-width: 100%; min-width: 0; }}
.alliancelab-exercise .widget-gridbox > .widget-inline-hbox {{
  width: auto; max-width: 100%; min-width: 0; margin: 0;
}}
.alliancelab-exercise .widget-gridbox .widget-label {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  overflow-wrap: anywhere; line-height: 1.25;
}}
.alliancelab-exercise img {{ max-width: 100%; height: auto; }}
.alliancelab-exercise .alliancelab-figure {{ max-width: 100%; overflow-x: auto; }}
/* a line above a figure or table wider than its box says it scrolls sideways: shown only
   while the box has something to scroll (a scroll-driven animation; where the browser has
   none, no line), sticky at the box's left edge; screen readers skip it (empty alt text) */
@supports (animation-timeline: scroll()) {{
  .alliancelab-exercise :is(.alliancelab-figure, .alliancelab-table)::before {{
    content: "↔ Scroll sideways to see the whole figure" / "";
    display: block; position: sticky; left: 0; width: max-content; max-width: 100%;
    font-size: 15px; color: #555; line-height: 1.6; height: 0; overflow: hidden;
    visibility: hidden; animation: alliancelab-scroll-cue linear both;
    animation-timeline: scroll(nearest inline);
  }}
  .alliancelab-exercise .alliancelab-table::before {{
    content: "↔ Scroll sideways to see the whole table" / "";
  }}
  @keyframes alliancelab-scroll-cue {{ from, to {{ visibility: visible; height: 1.6em; }} }}
}}
.alliancelab-table {{ display: block; max-width: 100%; overflow-x: auto; }}
.alliancelab-table table {{ border-collapse: collapse; font-size: 16px; margin: 0.3em 0 0.8em; }}
.alliancelab-table th, .alliancelab-table td {{
  text-align: left !important; vertical-align: top; padding: 0.3em 0.6em;
  border-bottom: 1px solid #ddd; line-height: 1.4;
}}
.alliancelab-table thead th {{ border-bottom: 2px solid #999; }}
.alliancelab-exercise .alliancelab-signal-about {{ margin: -4px 0 0 1.75em; max-width: 46em; }}
.alliancelab-exercise .alliancelab-signal-about .widget-html-content {{ line-height: 1.4; }}
.alliancelab-exercise .alliancelab-colhead {{ line-height: 1.2; }}
@media (max-width: {NARROW}px) {{
  .alliancelab-exercise .widget-inline-hbox {{
    flex-wrap: wrap; height: auto; margin-left: 0; margin-right: 0;
  }}
  .alliancelab-exercise .widget-inline-hbox:not(.widget-checkbox) > .widget-label {{
    width: 100% !important; max-width: 100%; min-height: 0; margin: 4px 0 2px;
  }}
  .alliancelab-exercise .widget-inline-hbox > .slider-container,
  .alliancelab-exercise .widget-inline-hbox > input,
  .alliancelab-exercise .widget-inline-hbox > select,
  .alliancelab-exercise .widget-inline-hbox > textarea {{ flex: 1 1 auto; min-width: 0; }}
  .alliancelab-exercise .widget-hbox > .widget-inline-hbox {{ flex: 1 1 100% !important; }}
  .alliancelab-exercise .alliancelab-figure img {{ min-width: var(--al-phone-width, 0); }}
  .alliancelab-exercise .alliancelab-colhead .widget-html-content {{
    writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  }}
}}
"""


def style_element() -> w.HTML:
    """Return the HTML widget that carries :data:`EXERCISE_CSS` with the exercise.

    Examples
    --------
    >>> "<style>" in style_element().value
    True
    """
    return w.HTML(f"<style>{EXERCISE_CSS}</style>", layout=w.Layout(display="none"))


def field(basis: str = "16em", *, grow: int = 1) -> w.Layout:
    """Return the layout of a control that shares a row: it grows, shrinks and wraps.

    ``basis`` is the width it would like; on a narrow screen it takes the whole row.

    Examples
    --------
    >>> field("10em").flex
    '1 1 10em'
    """
    return w.Layout(flex=f"{grow} 1 {basis}", width="auto", min_width="0", max_width="100%")


def full_width(**kwargs: str) -> w.Layout:
    """Return the layout of a control that takes its column's whole width, margins included.

    Examples
    --------
    >>> full_width(height="6em").align_self
    'stretch'
    """
    return w.Layout(width="auto", align_self="stretch", max_width="100%", **kwargs)


def row(*children: w.Widget) -> w.HBox:
    """Return a row of controls that wraps onto more lines when the column is narrow.

    Examples
    --------
    >>> row(w.Button(description="Add"), w.Button(description="Remove")).layout.flex_flow
    'row wrap'
    """
    return w.HBox(list(children), layout=w.Layout(flex_flow="row wrap", align_items="center"))
