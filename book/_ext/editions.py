"""Two editions of the course from one source: the learners' site and the instructors'.

The **learners' edition** (``_toc.yml``, ``make book``) is the published site. The
**instructor edition** (``_toc_instructor.yml``, ``make book-instructor``) adds the
teaching notes (discussion plans, strong answers) and every model answer. The TOC
chooses the edition: ``_toc_instructor.yml`` carries ``meta: {edition: instructor}``.

How to write instructor-only material:

- **A whole page** (teaching notes, an answer key): list it in ``_toc_instructor.yml``
  only, and make its name match ``alliancelab_instructor_only`` (default
  ``book/instructors/teaching-notes*`` and ``book/instructors/answers*``). A learners'
  build that lists such a page stops with an error. ``{doc}`` links to it from shared pages
  become plain text "Title (instructor edition)" in the learners' site.
- **A passage in a shared page**: a ``:::{only} instructor`` block (``{only} learner``
  for text that only learners should see).
- **A model answer in a notebook or page**: tag the cell ``model-answer`` (cell tags), or
  give a directive ``:class: model-answer``. The learners' edition drops it.

The learners' edition also strips those blocks and cells from the page sources it
publishes, so "view source", "download" and "open live" give nothing away: this
extension strips Sphinx's copies in ``_sources/`` itself; the extensions that write
notebooks for the site (``lite_site.py``: the notebooks staged for JupyterLite;
``offline_zip.py``: the archive's ``notebooks/``) write each one once, through
:func:`notebook_filter`, which says what this build's edition leaves out.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

EDITIONS = ("learner", "instructor")
#: Pages that belong to the instructor edition only (glob patterns of document names).
INSTRUCTOR_ONLY = ("book/instructors/teaching-notes*", "book/instructors/answers*")
MODEL_ANSWER = "model-answer"
_CLASSES = {MODEL_ANSWER, f"tag_{MODEL_ANSWER}"}
# ```{only} instructor ... ``` or :::{only} instructor ... ::: (any fence length, nested ok)
_ONLY = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{only\}[ \t]+instructor[ \t]*\n"
    r".*?^(?P=indent)(?P=fence)[ \t]*(?:\n|$)",
    re.MULTILINE | re.DOTALL,
)


def edition_of(app: Sphinx) -> str:
    return app.config.alliancelab_edition


def notebook_filter(app: Sphinx) -> Callable[[dict], dict] | None:
    """What this build's edition does to the notebooks the site publishes.

    :func:`strip_notebook` for the learners' edition, None (publish them whole) for the
    instructor edition or when this extension is not loaded. Valid from
    ``config-inited`` priority 910 on (:func:`choose_edition`).
    """
    edition = getattr(app.config, "alliancelab_edition", None)
    return strip_notebook if edition == "learner" else None


def is_instructor_only(docname: str, patterns=INSTRUCTOR_ONLY) -> bool:
    """Whether a document belongs to the instructor edition only."""
    return any(fnmatch.fnmatch(docname, p) for p in patterns)


def _matches(app: Sphinx, docname: str) -> bool:
    return is_instructor_only(docname, app.config.alliancelab_instructor_only)


def choose_edition(app: Sphinx, config: Any) -> None:
    """Read the edition from the TOC's meta, tag the build, check the TOC fits it."""
    site_map = getattr(config, "external_site_map", None)
    meta = (getattr(site_map, "meta", None) or {}) if site_map is not None else {}
    edition = meta.get("edition", "learner")
    if edition not in EDITIONS:
        raise ExtensionError(f"TOC meta 'edition' must be one of {EDITIONS}, got {edition!r}")
    config.alliancelab_edition = edition
    app.tags.add(edition)
    if site_map is None:
        return
    if edition == "learner":
        leaked = sorted(d for d in site_map if _matches(app, d))
        if leaked:
            raise ExtensionError(
                f"instructor-only pages {leaked} are listed in the learners' TOC; list them "
                "in _toc_instructor.yml only"
            )
    elif not config.nb_execution_cache_path:
        # share the learners' build's notebook cache: no notebook runs twice
        config.nb_execution_cache_path = str(Path(app.srcdir) / "_build" / ".jupyter_cache")


def strip_notebook_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Drop model-answer cells from a notebook before it is parsed (learners' edition).

    Markdown cells have no wrapper element in the page, so they are removed from the
    notebook itself. Only code cells count towards the execution cache key, so the
    editions share cached outputs.
    """
    if edition_of(app) != "learner" or not source[0].lstrip().startswith("{"):
        return
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    nb = json.loads(source[0])
    new = strip_notebook(nb)
    if new != nb:
        source[0] = json.dumps(new, ensure_ascii=False)


def drop_model_answers(app: Sphinx, doctree: nodes.document) -> None:
    """Remove every element classed or tagged ``model-answer`` from the learners' pages."""
    if edition_of(app) != "learner":
        return
    for node in list(doctree.findall(nodes.Element)):
        if _CLASSES & set(node.get("classes", [])) and node.parent is not None:
            node.parent.remove(node)


def _title(srcdir: Path, docname: str) -> str:
    for suffix in (".md", ".ipynb", ".rst"):
        path = srcdir / f"{docname}{suffix}"
        if path.exists():
            match = re.search(r"^#\s+(.+?)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
            if match:
                return match.group(1).strip().strip('"').replace("\\n", "")
    return docname.rsplit("/", 1)[-1].replace("-", " ").capitalize()


def unlink_instructor_pages(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """In the learners' edition, a link to an instructor-only page becomes plain text."""
    if edition_of(app) != "learner" or node.get("reftype") != "doc":
        return None
    target = node["reftarget"]
    if target.startswith("/"):
        docname = target.lstrip("/")
    else:  # relative to the referring document's folder
        folder = posixpath.dirname(node.get("refdoc", ""))
        docname = posixpath.normpath(posixpath.join(folder, target))
    if not _matches(app, docname):
        return None
    text = contnode.astext()
    if not node.get("refexplicit") or text.lstrip("/") == docname:
        text = _title(Path(app.srcdir), docname)
    return nodes.inline("", f"{text} (instructor edition)", classes=["instructor-only-link"])


def strip_text(text: str) -> str:
    """Return Markdown/MyST source without its ``{only} instructor`` blocks."""
    return _ONLY.sub("", text)


def strip_notebook(nb: dict) -> dict:
    """Return notebook JSON without model-answer cells and instructor-only blocks."""
    cells = []
    for cell in nb.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if MODEL_ANSWER in tags:
            continue
        source = cell.get("source", "")
        joined = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown" and "{only}" in joined:
            cell = dict(cell, source=strip_text(joined))
        cells.append(cell)
    return dict(nb, cells=cells)


def strip_file(path: Path) -> None:
    """Strip instructor content from one published source file, in place."""
    name = path.name
    if name.endswith(".ipynb") or name.endswith(".ipynb.txt"):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return
        new = strip_notebook(nb)
        if new != nb:
            path.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", "utf-8")
    elif name.endswith((".md", ".md.txt", ".txt", ".rst")):
        text = path.read_text(encoding="utf-8")
        new_text = strip_text(text)
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")


def strip_sources(app: Sphinx, error: Exception | None) -> None:
    """Strip the page sources copied into the learners' site (``_sources/``)."""
    if error is not None or edition_of(app) != "learner" or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    if sources.is_dir():
        for path in sources.rglob("*"):
            if path.is_file():
                strip_file(path)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("alliancelab_edition", "learner", "env")
    app.add_config_value("alliancelab_instructor_only", list(INSTRUCTOR_ONLY), "env")
    # after sphinx-external-toc has read the TOC (config-inited, priority 900)
    app.connect("config-inited", choose_edition, priority=910)
    app.connect("source-read", strip_notebook_source)
    app.connect("doctree-read", drop_model_answers)
    app.connect("missing-reference", unlink_instructor_pages)
    # before anything reads _sources/: lite_site's downloads (build-finished, 450) and
    # offline_zip's archive (900)
    app.connect("build-finished", strip_sources, priority=400)
    return {
        "version": "1.0",
        # pages read under an older version of this file are read again
        "env_version": int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
