"""The "Work on this notebook" box on every exercise and case page of the site.

One job: on each notebook page in ``alliancelab_live_dirs`` (see ``lite_site.py``), put
under the title a box that links to the live versions and the download:

- an exercise: a "Start this exercise" link to its page in the code-free live app
  (``live_app.py`` builds it at ``app/``), then the notebook in JupyterLite; a second,
  small start link where the learner's own part (Part B) begins;
- a case: the notebook in JupyterLite;
- both: the notebook's download (``_sources/``) with the one line that installs the
  course package (``lite_site.install_html``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from _published import OFFLINE_ZIP
from docutils import nodes
from lite_site import LITE_APP, install_html
from sphinx.application import Sphinx


def _is_live(app: Sphinx, docname: str) -> bool:
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".ipynb":
        return False
    return any(docname.startswith(d.rstrip("/") + "/") for d in app.config.alliancelab_live_dirs)


# The code-free live app (book/_ext/live_app.py builds it into app/): one page per exercise.
APP_PAGE = "app/voici/render/{name}.html"
# what the first start of an exercise in the app downloads, in MB: Pyodide, the kernel and
# the app's pages from this site (22 MB, measured by tests/test_live_app.py), numpy, pandas
# and matplotlib from Pyodide's CDN (about 22 MB, estimated); scripts/build_live_app.py
# works out the same figure for the app's loading message (the test checks they agree)
APP_FIRST_START_MB = 45


def _is_exercise(docname: str) -> bool:
    return docname.startswith("exercises/") and docname != "exercises/index"


def start_link_html(href: str, *, small: bool = False) -> str:
    """The "Start this exercise" button-style link to the exercise's live-app page."""
    size = " alliancelab-start-small" if small else ""
    return (
        f'<p class="alliancelab-start-wrap"><a class="alliancelab-start{size}" '
        f'href="{escape(href)}">Start this exercise</a></p>'
    )


def add_live_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not _is_live(app, docname):
        return
    up = "../" * docname.count("/")
    rel = Path(app.env.doc2path(docname)).relative_to(app.srcdir).as_posix()
    install = install_html(app.config.alliancelab_install_line, app.config.alliancelab_wheel, up)
    exercise = _is_exercise(docname)
    start = up + APP_PAGE.format(name=Path(rel).stem)
    lite = f"{up}{LITE_APP}?path={rel}"
    if exercise:
        first = f"""<li class="alliancelab-live-start">{start_link_html(start)}
The exercise opens in your browser as an app: its text and controls, no code, nothing to
install. The first start downloads about {APP_FIRST_START_MB} MB and takes about half a minute;
your plan is saved in this browser.</li>
<li><a class="alliancelab-live-open" href="{lite}">Open the notebook with its code
(JupyterLite)</a>: the same exercise as a notebook in your browser. Run the first code cell to
install the course package. Your edits are saved in this browser's own storage; use
<em>File &gt; Download</em> to keep a copy.</li>"""
        note = f"""<p class="alliancelab-live-note">The live versions run Python in your
browser with Pyodide. The app loads Python itself from this site and its scientific
libraries (pandas, matplotlib) from the jsDelivr CDN; the notebook loads both from the CDN.
If they cannot be fetched, use <code>make app</code> in a copy of the course or the offline bundle
<a href="{up}{OFFLINE_ZIP}">{OFFLINE_ZIP}</a>. This reading page loads nothing from other
sites.</p>"""
    else:
        first = f"""<li><a class="alliancelab-live-open" href="{lite}">Open it live in your
browser (JupyterLite)</a>: nothing to install, no server. Run the first code cell to install
the course package. Your edits are saved in this browser's own storage; use
<em>File &gt; Download</em> to keep a copy.</li>"""
        note = """<p class="alliancelab-live-note">The live version runs Python in your
browser with Pyodide, which it loads with its scientific libraries (pandas, matplotlib) from
the jsDelivr CDN the first time (tens of megabytes). The course package and the widgets come
from this site. This reading page loads nothing from other sites.</p>"""
    html = f"""
<aside class="alliancelab-live" aria-label="Work on this notebook">
<p class="alliancelab-live-title"><strong>Work on this notebook</strong></p>
<ul>
{first}
<li><a class="alliancelab-live-download" href="{up}_sources/{rel}"
download>Download the notebook (.ipynb)</a> to work in your own Jupyter. Install the course
package there once, with its widgets, by this one line in a terminal (in a notebook cell, write
<code>%pip</code> instead of <code>pip</code>), then restart the kernel:
{install}</li>
</ul>
{note}
</aside>
"""
    box = nodes.raw("", html, format="html")
    sections = list(doctree.findall(nodes.section))
    if sections:
        title = sections[0].next_node(nodes.title)
        index = sections[0].index(title) + 1 if title is not None else 0
        sections[0].insert(index, box)
    else:
        doctree.insert(0, box)
    if exercise:  # a second Start link where the learner's own part begins
        for section in sections:
            title = section.next_node(nodes.title)
            if title is not None and title.astext().startswith("Part B"):
                link = nodes.raw("", start_link_html(start, small=True), format="html")
                section.insert(section.index(title) + 1, link)
                break


def setup(app: Sphinx):
    app.setup_extension("lite_site")  # the live folders, the wheel and the install line
    app.connect("doctree-resolved", add_live_box)
    # bump env_version when a change here alters the pages, so that incremental builds
    # rewrite every page
    return {
        "version": "1.0",
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
