"""Writing output files whole: a failed write never leaves a truncated file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(path: str | Path) -> Iterator[Path]:
    """A temporary path next to ``path`` to write instead; it replaces ``path`` at the end.

    The temporary file's name ends with ``path``'s name, so writers that look at
    the suffix (``.xes.gz`` is compressed) see the same one. When the block raises,
    the temporary file is removed and ``path`` is left as it was (absent, or the
    previous file); otherwise it is renamed over ``path`` in one step, with the
    permissions a new file would get.
    """
    path = Path(path)
    descriptor, name = tempfile.mkstemp(prefix=".", suffix=f"-{path.name}", dir=path.parent)
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        mask = os.umask(0)
        os.umask(mask)
        temporary.chmod(0o666 & ~mask)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
