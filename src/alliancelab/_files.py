"""Safe file access for everything the package writes or reads on the learner's behalf.

One writer, :func:`atomic_write`, serves the workbook, the exported plan and the
printable worksheets: the new content goes to a temporary file beside the target,
is flushed to disk and renamed over the target, so a crash, a full disk or a killed
kernel leaves either the old file or the new one, never half of one. A symbolic link
keeps pointing where it pointed (its target gets the new content), the file keeps
its permissions, and a failure leaves no temporary file behind and names the file
the learner knows, not the temporary one.

:func:`file_lock` serialises read-merge-write cycles of the same file between
processes (two notebooks open on one workbook), and :func:`read_limited` reads a
regular file of bounded size (a FIFO, a device or a huge file is refused, not read).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

try:  # POSIX only: Windows has no fcntl, and there the lock is skipped
    import fcntl
except ImportError:  # pragma: no cover - exercised on Windows only
    fcntl = None  # type: ignore[assignment]

__all__ = ["NotReadable", "atomic_write", "file_lock", "read_limited", "shown_name"]


def shown_name(path: str | os.PathLike[str]) -> str:
    r"""Return a file's name as printable text, whatever bytes the file system holds.

    A name that is not valid UTF-8 (Python keeps its bytes as lone surrogates) is
    shown with backslash escapes, so printing it or writing it to a page never fails.

    Examples
    --------
    >>> shown_name("team-a.json")
    'team-a.json'
    >>> shown_name(os.fsdecode(b"team-\xff.json"))
    'team-\\udcff.json'
    """
    name = Path(path).name
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _default_mode() -> int:
    """Return the mode a new file gets here (0o666 less the process's umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entry list to disk, where the platform allows it."""
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:  # pragma: no cover - Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flag)
    except OSError:  # pragma: no cover - some virtual file systems refuse
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write(
    path: str | os.PathLike[str],
    content: str | bytes | Callable[[BinaryIO], None],
) -> Path:
    """Write ``content`` to ``path`` atomically and return ``path``.

    Parameters
    ----------
    path : path-like
        The file to write. Its folder is created if missing. When ``path`` is a
        symbolic link, the file it points to is replaced and the link is kept.
    content : str, bytes or callable
        Text (written as UTF-8), bytes, or a function that writes to a binary file
        handle (for writers such as WeasyPrint).

    Raises
    ------
    OSError
        When the folder cannot be written or the disk is full; the message names
        ``path`` and the old file (if any) is left as it was.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write(target, "first").read_text()
    'first'
    >>> atomic_write(target, b"second").read_text()
    'second'
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown))
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = _default_mode()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OSError(
            exc.errno, f"cannot write {shown_name(shown)} in {folder}: {exc.strerror or exc}"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(content):
                content(handle)
            else:
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or exc
            raise OSError(
                exc.errno, f"could not write {shown_name(shown)}: {reason}; the old file is kept"
            ) from None
        raise
    _fsync_folder(folder)
    return shown


@contextlib.contextmanager
def file_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` between processes while the block runs.

    The lock is taken on the folder that holds the real target (no lock file is
    left beside the learner's files, and renaming the file itself does not break
    it). Where the platform has no such locks (Windows, some browser file systems),
    the block runs unlocked.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "plan.json"
    >>> with file_lock(target):
    ...     _ = atomic_write(target, "{}")
    >>> sorted(p.name for p in target.parent.iterdir())
    ['plan.json']
    """
    folder = Path(os.path.realpath(path)).parent
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # the write itself will say what is wrong
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            locked = True
        except OSError:  # pragma: no cover - file systems without locks
            locked = False
        try:
            yield
        finally:
            if locked:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class NotReadable(ValueError):
    """A path that :func:`read_limited` refuses to read; ``reason`` says why, without the name."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name} is {reason}")
        self.reason = reason


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n:,} bytes"


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """Return the bytes of a regular file (or a link to one) of at most ``limit`` bytes.

    Nothing that is not a regular file is ever read (a FIFO would block, a device
    such as ``/dev/zero`` never ends), the size is checked before reading, and at most
    ``limit + 1`` bytes are read, so a file that grows meanwhile (or whose size lies,
    as in ``/proc``) is refused too.

    Raises
    ------
    FileNotFoundError
        When nothing is at ``path`` (or a link points nowhere).
    NotReadable
        A ``ValueError``: ``path`` is not a regular file (a folder, a FIFO, a device)
        or is larger than ``limit``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> _ = p.write_text("{}")
    >>> read_limited(p, 10)
    b'{}'
    >>> read_limited(p, 1)
    Traceback (most recent call last):
    ...
    alliancelab._files.NotReadable: a.json is larger than 1 bytes (2 bytes)
    """
    name = shown_name(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotReadable(name, "not a regular file")
    if info.st_size > limit:
        raise NotReadable(name, f"larger than {_size(limit)} ({info.st_size:,} bytes)")
    # O_NONBLOCK: should the file be swapped for a FIFO after the check, never block
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotReadable(name, "not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(name, f"larger than {_size(limit)}")
    return data
