"""The copy of the project a section builds or tests in: its files, environment and pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.common import Context

#: Paths never copied into the benchmark's copy of the repository.
SKIP_PARTS = {
    ".venv",
    "_build",
    ".git",
    ".jupyter_cache",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".ipynb_checkpoints",
    "node_modules",
}


def repo_files(root: Path) -> list[Path]:
    """Files that make up the project: git-tracked plus untracked-but-not-ignored ones.

    Falls back to walking the tree (skipping build outputs, caches and the venv) when git
    is not available.
    """
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout.decode()
        names = [n for n in out.split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for here, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIP_PARTS]
            names += [str((Path(here) / f).relative_to(root)) for f in files]
    files = []
    for name in names:
        path = Path(name)
        if SKIP_PARTS.intersection(path.parts) or path.name.endswith(".workbook.json"):
            continue
        if (root / path).is_file():
            files.append(path)
    return files


def copy_repo(root: Path, dest: Path) -> Path:
    """Copy the project's files (no _build, caches or venv) to ``dest``."""
    for rel in repo_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    return dest


def copy_env(copy: Path) -> dict[str, str]:
    """Environment for commands run in a copy: its own ``src`` shadows the editable install."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(copy / "src"), env.get("PYTHONPATH")]))
    env.setdefault("MPLBACKEND", "Agg")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def fresh_site(ctx: Context, name: str) -> tuple[Path, Path]:
    """A fresh copy of the repository and an empty output dir for it."""
    src = ctx.tmp / name
    out = ctx.tmp / f"{name}-out"
    for path in (src, out):
        if path.exists():
            shutil.rmtree(path)
    copy_repo(ctx.repo, src)
    return src, out


def timed_run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 3600
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``cmd`` and return (wall seconds, completed process)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - start, proc


def toc_pages(book_root: Path) -> list[str]:
    """Every document named in ``_toc.yml`` (root first), without suffix."""
    import yaml

    toc = yaml.safe_load((book_root / "_toc.yml").read_text(encoding="utf-8"))
    files = [str(toc["root"])]

    def walk(entries: Any) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(str(entry["file"]))
            for key in ("sections", "chapters", "parts"):
                walk(entry.get(key))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    walk(toc.get("sections"))
    return [re.sub(r"\.(md|ipynb|rst)$", "", f) for f in files]


def page_files(book_root: Path, html: Path) -> list[Path]:
    """The built HTML file of every page in the TOC that exists."""
    return [html / f"{p}.html" for p in toc_pages(book_root) if (html / f"{p}.html").is_file()]
