"""Fixes to what sphinx-book-theme (with pydata-sphinx-theme) writes into every page.

- **Settings** (``config-inited``): a default colour mode, and no top bar (the theme
  would write an empty 64-px bar holding a second search box).
- **Accessibility** (``html-page-context``): the sidebar's section toggles get a name a
  screen reader can announce, and the citation list's entries the list-item role.

The sidebar markup comes from the theme's Python (``generate_toctree_html``), not from a
template, so it is patched where it is produced, by :func:`fix_html`;
``book/_templates/layout.html`` trims the theme's page layout itself.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup
from sphinx.application import Sphinx


def set_theme_defaults(app: Sphinx, config) -> None:
    # without a default the theme script logs "Got invalid theme mode" on a first visit
    # (pydata-sphinx-theme reads it from html_context)
    config.html_context.setdefault("default_mode", "light")
    # One header, one search box. pydata-sphinx-theme (0.16+) puts a search field in its
    # top bar unless navbar_persistent is set; sphinx-book-theme leaves every other part
    # of that bar empty, so the pages had an empty 64-px bar with a second search box
    # above the sidebar's own. With nothing in it the theme writes no bar at all. Set
    # here rather than in _config.yml, whose html: keys Jupyter Book turns into
    # html_theme_options (a sphinx: config: html_theme_options would replace them all).
    config.html_theme_options.setdefault("navbar_persistent", [])


# The theme's sidebar toggles are <summary> elements holding only an icon, so a screen
# reader announces nothing (axe: summary-name). Give each a visually hidden name.
SIDEBAR_TOGGLE = re.compile(
    r'(<a class="(?:current )?reference internal" href="[^"]*">)(?P<title>.*?)'
    r'(</a><details(?: open="open")?>'
    r'<summary>)(<span class="toctree-toggle" role="presentation">)'
)
TAG = re.compile(r"<[^>]+>")


def _name_toggle(match: re.Match) -> str:
    title = TAG.sub("", match["title"]).strip()
    hidden = f'<span class="visually-hidden">Show or hide the pages under {title}</span>'
    return match[1] + match["title"] + match[3] + hidden + match[4]


def fix_html(html: str) -> str:
    """Post-process one page for the accessibility problems the theme leaves."""
    html = SIDEBAR_TOGGLE.sub(_name_toggle, html)
    # docutils marks a citation list role="list" but its entries role="doc-biblioentry",
    # so the list has no list items (axe: aria-required-children)
    return html.replace('role="doc-biblioentry"', 'role="listitem"')


def fix_page(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Apply fix_html to the page body and to the theme's sidebar as the page is rendered."""
    if "body" in context:
        context["body"] = fix_html(context["body"])
    toctree = context.get("generate_toctree_html")
    if callable(toctree):

        @functools.wraps(toctree)
        def named_toctree(*args, **kwargs):
            return Markup(fix_html(str(toctree(*args, **kwargs))))

        context["generate_toctree_html"] = named_toctree


def setup(app: Sphinx):
    app.connect("config-inited", set_theme_defaults)
    # after the theme's handler, which puts generate_toctree_html in the context
    app.connect("html-page-context", fix_page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
