"""Content digests that let the book build skip work whose inputs did not change."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def digest_files(paths: Iterable[Path], *, extra: str = "", root: Path = ROOT) -> str:
    """Return a SHA-256 over the files' relative paths and bytes (and ``extra``).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.txt").write_text("one")
    3
    >>> first = digest_files([folder / "a.txt"], root=folder)
    >>> (folder / "a.txt").write_text("two")
    3
    >>> digest_files([folder / "a.txt"], root=folder) == first
    False
    """
    h = hashlib.sha256(extra.encode())
    for path in sorted(Path(p) for p in paths):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def package_digest(extra: str = "") -> str:
    """Return the digest of the alliancelab sources (``src/``, pyproject.toml, README)."""
    sources = [
        p
        for p in (ROOT / "src").rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not any(part.endswith(".egg-info") for part in p.parts)
    ]
    return digest_files([*sources, ROOT / "pyproject.toml", ROOT / "README.md"], extra=extra)
