"""The files of an SQLite store a command may create, removed again if it fails.

An SQLite store is a file with a write-ahead log (``-wal``) and a shared-memory
file (``-shm``) beside it. A command that opens a new store and then fails
before saving anything should leave none of them behind: :class:`NewStore`
notes which existed before, and :meth:`NewStore.remove_if_empty` removes only
the ones the command created, only when the store did not exist before and
holds nothing but its seal record.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import attrs

SEAL_TABLE = "journeys_store"
"""The table every store gets when first opened (its seal record): not content."""


def store_files(db: Path) -> tuple[Path, ...]:
    """The store ``db`` and its ``-wal`` and ``-shm`` files."""
    return (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"))


@attrs.frozen
class NewStore:
    """Which of a store's files existed before a command that may create them."""

    db: Path
    existed: frozenset[Path]

    @classmethod
    def before(cls, db: Path) -> NewStore:
        """Note which of ``db``'s files exist now, before the command runs."""
        return cls(db, frozenset(path for path in store_files(db) if path.exists()))

    def remove_if_empty(self) -> bool:
        """Remove the files the command created if the store is new and empty;
        return whether they were removed. A store that existed before, or that
        holds anything (or cannot be read), is left as it is."""
        if self.db in self.existed or not self.db.is_file() or _holds_anything(self.db):
            return False
        for path in store_files(self.db):
            if path not in self.existed:
                path.unlink(missing_ok=True)
        return True


def _holds_anything(db: Path) -> bool:
    """Whether a table of ``db`` other than the seal record has a row (``True``
    when it cannot be read: then it is not ours to remove)."""
    try:
        connection = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            ]
            return any(
                connection.execute(_first_row(name)).fetchone() is not None
                for name in tables
                if name != SEAL_TABLE
            )
        finally:
            connection.close()
    except sqlite3.Error:
        return True


def _first_row(table: str) -> str:
    quoted = table.replace('"', '""')
    return f'SELECT 1 FROM "{quoted}" LIMIT 1'
