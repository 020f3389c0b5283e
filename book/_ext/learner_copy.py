"""Learner copies of the exercise notebooks: no model answers, links that resolve.

The notebooks in ``exercises/`` are the instructor's masters: they hold the model
answers (cells tagged ``model-answer``), which only the instructor edition of the book
shows, and their links point at the book's sources (``../book/part2/exit.md``), which
resolve in the book build and nowhere else. A learner who opens an exercise in the
code-free app (``make app``), in JupyterLab (``make lab``) or in the live app of the
published site gets a *learner copy*:

- every ``model-answer`` cell removed;
- links to other exercises kept (they sit side by side in every copy);
- links to book and case pages turned into links to the published pages when the
  site's address (or a relative path to it) is known, and into plain text naming the
  page otherwise, so that no link leads nowhere.

Run as a script to write the copies::

    python book/_ext/learner_copy.py exercises _build/learner/exercises [--book-url URL]
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

MODEL_ANSWER_TAG = "model-answer"

#: A Markdown link to a relative target ending in .md or .ipynb (with an optional anchor).
LINK = re.compile(
    r"\[(?P<text>[^\]]+)\]\((?P<target>(?!https?:|mailto:|#)[^)\s]+?\.(?:md|ipynb))(?P<anchor>#[^)\s]*)?\)"
)


def _rewrite(match: re.Match, here: str, book_url: str | None) -> str:
    text, target, anchor = match["text"], match["target"], match["anchor"] or ""
    resolved = Path(here, target).as_posix()
    parts: list[str] = []
    for part in resolved.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    page = "/".join(parts)
    if page.startswith(f"{here}/") and page.endswith(".ipynb"):
        return f"[{text}]({Path(page).name}{anchor})"  # another exercise: beside this one
    if book_url is None:
        return f"{text} (a page of the course book)"
    stem = page.rsplit(".", 1)[0]
    return f"[{text}]({book_url.rstrip('/')}/{stem}.html{anchor})"


def rewrite_links(markdown: str, here: str = "exercises", book_url: str | None = None) -> str:
    """Return Markdown whose relative links resolve outside the book build.

    ``here`` is the notebook's folder in the book's sources; ``book_url`` the address of
    the published book (absolute, or relative to where the copy is served), or ``None``.

    >>> rewrite_links("[Exit](../book/part2/exit.md) and [Ex 2](02-resource-map.ipynb)")
    'Exit (a page of the course book) and [Ex 2](02-resource-map.ipynb)'
    >>> rewrite_links("[the case](../cases/tesla/tesla.md#deals)", book_url="https://x.org/al")
    '[the case](https://x.org/al/cases/tesla/tesla.html#deals)'
    >>> rewrite_links("[Next](../exercises/02-resource-map.ipynb)")
    '[Next](02-resource-map.ipynb)'
    """
    return LINK.sub(lambda m: _rewrite(m, here, book_url), markdown)


def learner_copy(
    nb: nbformat.NotebookNode, here: str = "exercises", book_url: str | None = None
) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` without model answers and with links that resolve.

    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("Read [this](../book/x.md)."),
    ...     nbformat.v4.new_markdown_cell("secret", metadata={"tags": ["model-answer"]})])
    >>> [c.source for c in learner_copy(nb).cells]
    ['Read this (a page of the course book).']
    """
    out = copy.deepcopy(nb)
    out.cells = [
        cell
        for cell in out.cells
        if MODEL_ANSWER_TAG not in cell.get("metadata", {}).get("tags", [])
    ]
    for cell in out.cells:
        if cell.cell_type == "markdown":
            cell.source = rewrite_links(cell.source, here, book_url)
    return out


def write_learner_copies(source: Path, target: Path, *, book_url: str | None = None) -> list[Path]:
    """Write a learner copy of every notebook in ``source`` into ``target``; return them."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out = target / path.name
        nbformat.write(learner_copy(nb, source.name, book_url), out)
        written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write learner copies of the exercises.")
    parser.add_argument("source", type=Path, help="folder of the master notebooks (exercises)")
    parser.add_argument("target", type=Path, help="folder to write the learner copies into")
    parser.add_argument("--book-url", default=None, help="address of the published book")
    args = parser.parse_args(argv)
    for path in write_learner_copies(args.source, args.target, book_url=args.book_url or None):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
