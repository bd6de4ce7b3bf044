"""Writing output files: whole or not at all, and with an error that says what to do.

Every file the library and the command line write goes through here.
:func:`check_writable` refuses a path that cannot be written before any work is
done; :func:`written_whole`, :func:`write_bytes` and :func:`write_text` write the
file whole (a failed write never leaves a truncated file behind). Each raises an
:class:`~journeys.errors.OutputError` naming the path and what to do, never a
bare :class:`OSError`.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from journeys.errors import OutputError


def check_writable(path: str | Path) -> Path:
    """``path`` as a :class:`~pathlib.Path` if a file can be written there.

    Raises:
        OutputError: when ``path`` is a folder, its folder is missing or is a
            file, or its folder is not writable.
    """
    path = Path(path)
    problem = _path_problem(path)
    if problem is not None:
        raise OutputError(problem, path=path)
    return path


def output_error(path: str | Path, error: OSError) -> OutputError:
    """``error``, raised while writing ``path``, as an :class:`OutputError` saying what to do."""
    path = Path(path)
    problem = _path_problem(path)
    if problem is None:
        if error.errno == errno.ENOSPC:
            problem = "the disk is full: free some space and run it again"
        elif isinstance(error, PermissionError):
            problem = "permission denied: choose a folder you can write to"
        else:
            problem = error.strerror or str(error) or type(error).__name__
    return OutputError(problem, path=path)


@contextmanager
def written_whole(path: str | Path) -> Iterator[Path]:
    """A temporary path next to ``path`` to write instead; it replaces ``path`` at the end.

    The temporary file's name ends with ``path``'s name, so writers that look at
    the suffix (``.xes.gz`` is compressed) see the same one. When the block raises,
    the temporary file is removed and ``path`` is left as it was (absent, or the
    previous file); otherwise it is renamed over ``path`` in one step, with the
    permissions a new file would get. A symbolic link (``/dev/stdout``), a
    device or a pipe is written through in place instead.

    Raises:
        OutputError: when the file cannot be created, written or put in place
            (an :class:`OSError` of the block is raised as one too).
    """
    path = check_writable(path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # A link (/dev/stdout), a device or a pipe is written through, not replaced.
        with _translated(path):
            yield path
        return
    try:
        descriptor, name = tempfile.mkstemp(prefix=".", suffix=f"-{path.name}", dir=path.parent)
    except OSError as error:
        raise output_error(path, error) from error
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        mask = os.umask(0)
        os.umask(mask)
        temporary.chmod(0o666 & ~mask)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise output_error(path, error) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def _translated(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise output_error(path, error) from error


def make_folder(path: str | Path) -> Path:
    """Create the folder ``path`` (and its parents) if missing; return it.

    Raises:
        OutputError: when a file stands in its way or the system refuses.
    """
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        existing = _nearest_existing(path)
        if existing.exists() and not existing.is_dir():
            problem = f"{_shown(existing)} is a file, not a folder: choose another folder"
        elif isinstance(error, PermissionError):
            problem = "permission denied: choose a folder you can write to"
        else:
            problem = error.strerror or str(error)
        raise OutputError(problem, path=path) from error
    return path


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole (see :func:`written_whole`); return the path."""
    with written_whole(path) as temporary:
        temporary.write_bytes(data)
    return Path(path)


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` as UTF-8, whole (see :func:`written_whole`); return the path."""
    return write_bytes(path, text.encode("utf-8"))


def _path_problem(path: Path) -> str | None:
    """What stops a file being written at ``path``, or ``None`` when nothing seems to."""
    if path.is_dir():
        return "it is a folder: name a file inside it"
    folder = path.parent
    if folder.is_dir():
        if not os.access(folder, os.W_OK | os.X_OK):
            return (
                f"the folder {_shown(folder)} is not writable: choose another folder "
                "or change its permissions"
            )
        return None
    existing = _nearest_existing(folder)
    if existing.exists() and not existing.is_dir():
        return f"{_shown(existing)} is a file, not a folder: choose another path"
    return f"the folder {_shown(folder)} does not exist: create it first or choose another folder"


def _nearest_existing(path: Path) -> Path:
    """``path`` or its nearest ancestor that exists (the root when none does)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _shown(path: Path) -> str:
    return str(path) or "."
