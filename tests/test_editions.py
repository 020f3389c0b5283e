"""Learners' edition vs instructor edition: teaching notes and model answers stay out of
the published (learners') site, and the instructor edition has them.

The instructor-only text is read from the sources (the pages only the instructor TOC
lists, ``{only} instructor`` blocks, cells tagged ``model-answer``), so a new teaching
note or model answer is covered without changing this file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from toc import toc_files

editions = pytest.importorskip("editions")  # book/_ext is on sys.path (conftest.py)

pytestmark = pytest.mark.toolchain

ROOT = Path(__file__).resolve().parents[1]
# a developer may build the instructor edition elsewhere (as ALLIANCELAB_TEST_SITE does
# for the learners' site); CI never sets it
INSTRUCTOR_OUT = Path(os.environ.get("ALLIANCELAB_INSTRUCTOR_OUT", ROOT / "_build" / "instructor"))
INSTRUCTOR_HTML = INSTRUCTOR_OUT / "_build" / "html"
TEXT_SUFFIXES = {".html", ".txt", ".js", ".json", ".ipynb", ".md", ".xml", ".csv"}
RUN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){7,}")  # 8+ plain words, no markup or quotes


def source(docname: str) -> Path | None:
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{docname}{suffix}"
        if path.exists():
            return path
    return None


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def notebook_text(path: Path, keep) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        if keep(cell):
            src = cell["source"]
            parts.append("".join(src) if isinstance(src, list) else src)
    return "\n".join(parts)


def instructor_only_texts() -> dict[str, str]:
    """Every piece of instructor-only source text, by where it comes from."""
    learner = set(toc_files("_toc.yml"))
    texts: dict[str, str] = {}
    for doc in toc_files("_toc_instructor.yml"):
        path = source(doc)
        if path is None:
            continue
        if doc not in learner:
            texts[doc] = path.read_text(encoding="utf-8")
            continue
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            answers = notebook_text(
                path, lambda c: editions.MODEL_ANSWER in c.get("metadata", {}).get("tags", [])
            )
            if answers:
                texts[f"{doc} (model-answer cells)"] = answers
            raw = notebook_text(path, lambda c: c["cell_type"] == "markdown")
        blocks = [m.group(0) for m in editions._ONLY.finditer(raw)]
        if blocks:
            texts[f"{doc} ({{only}} instructor)"] = "\n".join(blocks)
    return texts


def learner_sources() -> str:
    """All text that the learners' edition may legitimately show, from its sources."""
    parts = []
    for doc in toc_files("_toc.yml"):
        path = source(doc)
        if path is None:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            nb = editions.strip_notebook(json.loads(text))
            text = "\n".join(
                "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in nb["cells"]
            )
        parts.append(editions.strip_text(text))
    for data in (ROOT / "book").rglob("*.yaml"):
        parts.append(data.read_text(encoding="utf-8"))
    return flat("\n".join(parts))


def snippets() -> dict[str, list[str]]:
    """Distinctive runs of plain words from each instructor-only text."""
    shared = learner_sources()
    found = {}
    for where, text in instructor_only_texts().items():
        # runs within one source line, so no run spans a heading or a directive option
        runs = [r for line in text.splitlines() for r in RUN.findall(line) if r not in shared]
        if runs:
            found[where] = sorted(set(runs), key=len, reverse=True)[:6]
    return found


def site_texts(site: Path):
    """Yield (name, text) for every text file of a built site, including zip members."""
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix in TEXT_SUFFIXES:
            yield rel, flat(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    if Path(member).suffix in TEXT_SUFFIXES:
                        text = zf.read(member).decode("utf-8", errors="replace")
                        yield f"{rel}!{member}", flat(text)


# ---------------------------------------------------------------- the two TOCs (fast)


def test_instructor_toc_is_the_learners_toc_plus_instructor_only_pages():
    learner, instructor = toc_files("_toc.yml"), toc_files("_toc_instructor.yml")
    extra = [doc for doc in instructor if doc not in learner]
    assert [doc for doc in instructor if doc in learner] == learner, (
        "_toc_instructor.yml must list every page of _toc.yml, in the same order"
    )
    assert extra, "the instructor edition adds no page"
    not_marked = [doc for doc in extra if not editions.is_instructor_only(doc)]
    assert not not_marked, (
        f"pages only in the instructor TOC must match INSTRUCTOR_ONLY: {not_marked}"
    )
    toc = yaml.safe_load((ROOT / "_toc_instructor.yml").read_text(encoding="utf-8"))
    assert toc["meta"]["edition"] == "instructor"


def test_learners_toc_lists_no_teaching_notes():
    leaked = [doc for doc in toc_files("_toc.yml") if editions.is_instructor_only(doc)]
    assert not leaked


def test_teaching_notes_exist_and_give_instructor_only_text_to_check():
    found = snippets()
    assert any(k.startswith("book/instructors/teaching-notes") for k in found), found.keys()


# ---------------------------------------------------------------- stripping sources (fast)


def test_strip_text_drops_only_instructor_blocks_of_any_fence():
    text = (
        "Intro.\n\n:::{only} instructor\nThe answer is B.\n:::\n\nMiddle.\n\n"
        "````{only} instructor\n```{note}\nNested.\n```\n````\n\n"
        ":::{only} learner\nTry it first.\n:::\n"
    )
    out = editions.strip_text(text)
    assert "The answer is B" not in out and "Nested" not in out
    assert "Intro." in out and "Middle." in out and "Try it first." in out


def test_strip_notebook_drops_model_answer_cells_and_instructor_blocks():
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {"tags": ["model-answer"]}, "source": "answer = 4"},
            {"cell_type": "code", "metadata": {}, "source": "work = 1"},
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": ["Try.\n", ":::{only} instructor\n", "Strong: B.\n", ":::\n"],
            },
        ],
        "metadata": {},
    }
    out = editions.strip_notebook(nb)
    sources = ["".join(c["source"]) for c in out["cells"]]
    assert sources == ["work = 1", "Try.\n"]
    assert len(nb["cells"]) == 3  # the input is left alone


# ---------------------------------------------------------------- the built sites (slow)


@pytest.fixture(scope="session")
def instructor_book(built_book) -> Path:
    """Build the instructor edition once (after the learners' build, sharing its cache)."""
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going"]
    cmd += ["--toc", str(ROOT / "_toc_instructor.yml"), "--path-output", str(INSTRUCTOR_OUT)]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"instructor edition build failed:\n{log[-6000:]}"
    return INSTRUCTOR_HTML


@pytest.mark.slow
def test_learners_site_has_no_teaching_notes_pages(built_book):
    pages = sorted(
        p.relative_to(built_book).as_posix() for p in built_book.rglob("*teaching-notes*")
    )
    assert not pages


@pytest.mark.slow
def test_learners_site_shows_no_instructor_only_text_anywhere(built_book):
    wanted = snippets()
    leaks = []
    for name, text in site_texts(built_book):
        for where, runs in wanted.items():
            leaks += [(name, where, run) for run in runs if run in text]
    assert not leaks, f"instructor-only text in the learners' site: {leaks[:10]}"
    tagged = [
        p.relative_to(built_book).as_posix()
        for p in built_book.rglob("*.html")
        if re.search(
            r'class="[^"]*(?<![\w-])(?:tag_)?model-answer\b', p.read_text(encoding="utf-8")
        )
    ]
    assert not tagged, f"model-answer elements in the learners' site: {tagged}"


@pytest.mark.slow
def test_learners_site_turns_links_to_teaching_notes_into_plain_text(built_book):
    html = (built_book / "book" / "instructors" / "workshops.html").read_text(encoding="utf-8")
    assert "teaching-notes" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "(instructor edition)" in html
    index = (built_book / "book" / "instructors" / "index.html").read_text(encoding="utf-8")
    assert "You are reading the learners" in index


@pytest.mark.slow
def test_instructor_edition_has_teaching_notes_and_every_instructor_only_text(instructor_book):
    for doc in toc_files("_toc_instructor.yml"):
        assert (instructor_book / f"{doc}.html").exists(), doc
    pages = {
        rel: text
        for rel, text in site_texts(instructor_book)
        if rel.endswith(".html") and "!" not in rel
    }
    everything = "\n".join(pages.values())
    missing = [(w, r) for w, runs in snippets().items() for r in runs if r not in everything]
    assert not missing, f"instructor-only text missing from the instructor edition: {missing}"
    index = pages["book/instructors/index.html"]
    assert "You are reading the instructor edition" in index
    assert "You are reading the learners" not in index
    assert 'href="teaching-notes.html"' in index


def _zip_app(tmp_path: Path, edition: str) -> SimpleNamespace:
    """What offline_zip.write_offline_zip reads of a finished build, for one edition."""
    out, src = tmp_path / "html", tmp_path / "src"
    out.mkdir()
    (out / "page.html").write_text("<p>page</p>")
    (src / "exercises").mkdir(parents=True)
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {"tags": ["model-answer"]}, "source": "B."},
            {"cell_type": "markdown", "metadata": {}, "source": "Work."},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (src / "exercises" / "ex.ipynb").write_text(json.dumps(nb))
    config = SimpleNamespace(
        alliancelab_offline_zip=True,
        alliancelab_live_dirs=["exercises"],
        alliancelab_install_line="",
        alliancelab_edition=edition,
    )
    return SimpleNamespace(
        outdir=str(out), srcdir=str(src), builder=SimpleNamespace(format="html"), config=config
    )


@pytest.mark.parametrize(
    ("edition", "cells"), [("learner", ["Work."]), ("instructor", ["B.", "Work."])]
)
def test_the_offline_archive_is_written_once_with_the_editions_notebooks(
    tmp_path, monkeypatch, edition, cells
):
    offline_zip = pytest.importorskip("offline_zip")
    monkeypatch.setattr(offline_zip, "WHEELS", tmp_path / "wheels")
    app = _zip_app(tmp_path, edition)
    offline_zip.write_offline_zip(app, None)
    archive = Path(app.outdir) / offline_zip.OFFLINE_ZIP
    with zipfile.ZipFile(archive) as zf:
        nb = json.loads(zf.read("alliancelab/notebooks/exercises/ex.ipynb"))
        assert ["".join(c["source"]) for c in nb["cells"]] == cells
        assert zf.read("alliancelab/site/page.html") == b"<p>page</p>"
    assert not hasattr(editions, "strip_archives"), "the archive is not rewritten afterwards"
