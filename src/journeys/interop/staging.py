"""A temporary on-disk SQLite table that sorts a CSV log case by case.

A CSV log may interleave its cases anywhere in the file. Holding every case in
memory until the file ends would make memory grow with the file, so rows are
written to a staging table in a temporary SQLite file instead, and read back
grouped by case (cases in order of first appearance), each case ordered by time
with ties kept in file order. SQLite does the sorting on disk.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import attrs

from journeys.closing import ClosesOnExit
from journeys.interop.timestamps import from_microseconds, to_microseconds

_INSERT_CHUNK = 5000


@attrs.frozen
class StagedRow:
    """One staged row: when it happened, where it was in the file, and its fields."""

    occurred_at: datetime
    line: int
    fields: tuple[str, ...]


class StagingTable(ClosesOnExit):
    """Rows staged in a temporary SQLite file, read back case by case in time order.

    Use it as a context manager (or call :meth:`close`): the file is deleted on close.
    """

    def __init__(self) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="journeys-staging-")
        path = Path(self._directory.name) / "staging.sqlite3"
        self._connection = sqlite3.connect(path)
        # The file is scratch space deleted on close: durability would only cost time.
        self._connection.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA temp_store = FILE;
            CREATE TABLE cases (case_id TEXT PRIMARY KEY, first_line INTEGER NOT NULL);
            CREATE TABLE rows (
                case_id TEXT NOT NULL,
                at_us INTEGER NOT NULL,
                line INTEGER NOT NULL,
                fields TEXT NOT NULL
            );
            """
        )
        self._pending: list[tuple[str, int, int, str]] = []
        self.row_count = 0

    def add(self, case_id: str, occurred_at: datetime, line: int, fields: Sequence[str]) -> None:
        """Stage one row of ``case_id`` read from ``line``."""
        self._pending.append(
            (case_id, to_microseconds(occurred_at), line, json.dumps(list(fields)))
        )
        self.row_count += 1
        if len(self._pending) >= _INSERT_CHUNK:
            self._flush()

    def cases(self) -> Iterator[tuple[str, list[StagedRow]]]:
        """Each case with its rows: cases by first appearance, rows by time then line."""
        self._flush()
        cursor = self._connection.execute(
            """
            SELECT r.case_id, r.at_us, r.line, r.fields
            FROM rows AS r JOIN cases AS c ON c.case_id = r.case_id
            ORDER BY c.first_line, r.at_us, r.line
            """
        )
        current: str | None = None
        rows: list[StagedRow] = []
        for case_id, at_us, line, fields in cursor:
            if case_id != current:
                if current is not None:
                    yield current, rows
                current, rows = case_id, []
            rows.append(StagedRow(from_microseconds(at_us), line, tuple(json.loads(fields))))
        if current is not None:
            yield current, rows

    def close(self) -> None:
        """Delete the staging file."""
        self._connection.close()
        self._directory.cleanup()

    def _flush(self) -> None:
        if not self._pending:
            return
        with self._connection:
            self._connection.executemany(
                "INSERT OR IGNORE INTO cases (case_id, first_line) VALUES (?, ?)",
                ((case_id, line) for case_id, _, line, _ in self._pending),
            )
            self._connection.executemany(
                "INSERT INTO rows (case_id, at_us, line, fields) VALUES (?, ?, ?, ?)",
                self._pending,
            )
        self._pending.clear()


class StagedLog(ClosesOnExit, ABC):
    """A log read through a :class:`StagingTable`: staged on first use, deleted on close.

    Subclasses write every row into the table in :meth:`_stage`, checking each as
    they go, so a bad row is found before any journey is built.
    """

    _staging: StagingTable | None = None

    @abstractmethod
    def _stage(self, staging: StagingTable) -> None:
        """Write every row of the log into ``staging``."""

    def _staged(self) -> StagingTable:
        if self._staging is None:
            staging = StagingTable()
            try:
                self._stage(staging)
            except BaseException:
                staging.close()
                raise
            self._staging = staging
        return self._staging

    def close(self) -> None:
        """Delete the staging file."""
        if self._staging is not None:
            self._staging.close()
            self._staging = None
