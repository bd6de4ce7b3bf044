"""The generated catalogue: bodies an import found that the catalogue did not know.

Without a mapping, an activity log's groups or resources become bodies. Those the
catalogue lacks are added to a *generated catalogue*, a TOML file kept next to
the database (``journeys.db`` → ``journeys.db.catalogue.toml``). The user edits it
(a real name, tier, nations) and later imports and commands read it back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from journeys.bodies import Body, Catalogue

GENERATED_CATALOGUE_SUFFIX = ".catalogue.toml"

_HEADER = """\
# Bodies found by `journeys import` that the catalogue did not know.
# Edit names, tiers and nations freely: later imports and commands read this file,
# and an import only ever adds bodies to it.

"""


def generated_catalogue_path(database: str | Path) -> Path:
    """Where the generated catalogue of the SQLite file ``database`` lives."""
    return Path(f"{database}{GENERATED_CATALOGUE_SUFFIX}")


def load_generated_catalogue(path: str | Path) -> Catalogue:
    """The generated catalogue in ``path`` (empty when the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return Catalogue()
    return Catalogue.from_toml(path)


def with_generated_bodies(catalogue: Catalogue, path: str | Path) -> Catalogue:
    """``catalogue`` plus the generated bodies in ``path`` it does not define itself."""
    generated = load_generated_catalogue(path)
    extra = [body for body in generated.bodies() if body.id not in catalogue]
    return catalogue.merged(extra) if extra else catalogue


def add_generated_bodies(path: str | Path, bodies: Iterable[Body]) -> None:
    """Add ``bodies`` to the generated catalogue in ``path`` (created if missing).

    Bodies already in the file are kept as the user left them. The file is
    replaced atomically, so an interrupted import never leaves it half-written.
    """
    path = Path(path)
    existing = load_generated_catalogue(path)
    new = [body for body in bodies if body.id not in existing]
    if not new:
        return
    text = _HEADER + existing.merged(new).to_toml()
    descriptor, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
