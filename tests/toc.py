"""The documents a table of contents lists (shared by the book-build and edition tests)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files(name: str = "_toc.yml") -> list[str]:
    """Return the document names of a Jupyter Book TOC, root first, in reading order."""
    toc = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    return files
