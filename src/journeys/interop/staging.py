"""A temporary on-disk SQLite table that sorts a CSV log case by case.

A CSV log may interleave its cases anywhere in the file. Holding every case in
memory until the file ends would make memory grow with the file, so rows are
written to a staging table in a temporary SQLite file instead, and read back
grouped by case (cases in order of first appearance), each case ordered by time
with ties kept in file order. SQLite does the sorting on disk.

A case is held whole while its journey is built, so :meth:`StagingTable.cases`
stops at a case with more rows, or more characters, than the import limits
allow (:class:`CaseTooLarge`), holding at most one row more.
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
from journeys.interop.import_limits import ImportLimits, over_limit
from journeys.interop.timestamps import from_microseconds, to_microseconds

_INSERT_CHUNK = 5000


@attrs.frozen
class StagedRow:
    """One staged row: when it happened, where it was in the file, and its fields."""

    occurred_at: datetime
    line: int
    fields: tuple[str, ...]


class CaseTooLarge(Exception):
    """A case of the staging table has more rows (``what="rows"``) or characters than allowed.

    ``line`` is the file line of the row that went over.
    """

    def __init__(self, case_id: str, what: str, line: int) -> None:
        super().__init__(case_id, what, line)
        self.case_id = case_id
        self.what = what
        self.line = line


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

    def cases(
        self, *, max_rows: int | None = None, max_chars: int | None = None
    ) -> Iterator[tuple[str, list[StagedRow]]]:
        """Each case with its rows: cases by first appearance, rows by time then line.

        Raises :class:`CaseTooLarge` at the first case with more than ``max_rows``
        rows or more than ``max_chars`` characters of fields (as staged).
        """
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
        chars = 0
        for case_id, at_us, line, fields in cursor:
            if case_id != current:
                if current is not None:
                    yield current, rows
                current, rows, chars = case_id, [], 0
            chars += len(fields)
            if max_rows is not None and len(rows) >= max_rows:
                raise CaseTooLarge(case_id, "rows", line)
            if max_chars is not None and chars > max_chars:
                raise CaseTooLarge(case_id, "characters", line)
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
    path: Path
    limits: ImportLimits

    def _cases(self) -> Iterator[tuple[str, list[StagedRow]]]:
        """The staged cases, each within :attr:`limits` (else an :class:`EventLogError`)."""
        limits = self.limits
        try:
            yield from self._staged().cases(
                max_rows=limits.events_per_case, max_chars=limits.bytes_per_case
            )
        except CaseTooLarge as error:
            if error.what == "rows":
                what, name, unit = f"case {error.case_id!r}: too many events", "events_per_case", ""
            else:
                what = f"case {error.case_id!r}: too much text"
                name, unit = "bytes_per_case", " characters"
            raise over_limit(self.path, what, name, limits, unit=unit, line=error.line) from None

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
