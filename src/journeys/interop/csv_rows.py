"""Reading a CSV file row by row, with the line each row starts on and typed errors.

A field longer than the import limits' ``value_size`` is refused, naming the limit.
Python's csv module has a process-wide field size limit (128 KiB by default)
that it enforces with a bare ``csv.Error``: it is raised, never lowered, to
``value_size`` + 1, so that ``value_size`` is the limit that applies and is named.
The csv module reads whole lines before it splits them, so lines are read at most
``2 * value_size + 3`` characters per column of the header at a time (a quoted
field doubles its quotes), and a longer line is refused as a too long field before
it is held.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from journeys.errors import EventLogError
from journeys.interop.import_limits import ImportLimits, over_limit

_BLOCK = 1 << 16


class CsvRows:
    """The header and the rows of a CSV file, streamed.

    Iterate to get ``(line, fields)`` for each non-blank row, ``line`` being the
    1-based line the row starts on. Errors name the file and the line.
    """

    def __init__(self, path: str | Path, *, limits: ImportLimits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits if limits is not None else ImportLimits()
        if csv.field_size_limit() <= self.limits.value_size:
            csv.field_size_limit(self.limits.value_size + 1)
        try:
            self._handle = self.path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise EventLogError("file not found", source=self.path) from None
        except OSError as error:
            raise EventLogError(f"cannot read file: {error.strerror}", source=self.path) from None
        self._columns = 2
        """Columns a line may hold: a generous guess until the header is read."""
        self._lines_read = 0
        self._reader = csv.reader(self._lines(), strict=True)
        first = self._next()
        if first is None:
            self.close()
            raise EventLogError("empty file: expected a header row", source=self.path, line=1)
        try:
            self._check_sizes(*first)
        except EventLogError:
            self.close()
            raise
        self.header = tuple(name.strip() for name in first[1])
        self._columns = max(len(self.header), 1)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        try:
            while (row := self._next()) is not None:
                line, fields = row
                if len(fields) > len(self.header):
                    raise EventLogError(
                        f"row has {len(fields)} fields, the header {len(self.header)}",
                        source=self.path,
                        line=line,
                        value=fields[len(self.header) :],
                    )
                self._check_sizes(line, fields)
                if any(field.strip() for field in fields):
                    yield line, fields + [""] * (len(self.header) - len(fields))
        finally:
            self.close()

    def close(self) -> None:
        """Close the file."""
        self._handle.close()

    def _lines(self) -> Iterator[str]:
        """The file's lines, each refused before it is held whole if it is too long."""
        while True:
            cap = (2 * self.limits.value_size + 3) * self._columns
            text = self._handle.readline(cap + 1)
            if not text:
                return
            self._lines_read += 1
            if len(text) > cap:
                raise self._too_long(self._lines_read, None)
            yield text

    def _check_sizes(self, line: int, fields: list[str]) -> None:
        limit = self.limits.value_size
        for column, field in enumerate(fields, 1):
            if len(field) > limit:
                raise self._too_long(line, column)

    def _too_long(self, line: int, column: int | None) -> EventLogError:
        where = f"field {column}" if column is not None else "a field"
        what = f"{where} is too long"
        return over_limit(self.path, what, "value_size", self.limits, unit=" characters", line=line)

    def _next(self) -> tuple[int, list[str]] | None:
        line = self._reader.line_num + 1
        try:
            return line, next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise self._too_long(line, None) from None
            raise EventLogError(f"malformed CSV: {error}", source=self.path, line=line) from None
        except UnicodeDecodeError:
            line, column, byte = _first_bad_utf8(self.path)
            raise EventLogError(
                f"not UTF-8 text: byte 0x{byte:02x} at column {column}",
                source=self.path,
                line=line,
            ) from None


def _first_bad_utf8(path: Path) -> tuple[int, int, int]:
    """The line and (1-based, in bytes) column of the first byte of ``path`` that
    is not UTF-8, and that byte.

    The text reader decodes the file in blocks ahead of the rows, so the row being
    read when decoding fails is not the one at fault; this reads the file again in
    blocks of bytes. Lines end as the CSV reader counts them: at ``\\n``, ``\\r\\n``
    or a lone ``\\r``.
    """
    line, column, carry = 1, 1, b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            data = carry + block
            if not data:
                return line, column, 0
            try:
                data.decode("utf-8")
                valid = len(data)
            except UnicodeDecodeError as error:
                incomplete = error.end == len(data) and block != b""
                if not incomplete:
                    line, column = _advance(line, column, data[: error.start])
                    return line, column, data[error.start]
                valid = error.start
            if block and data[valid - 1 : valid] == b"\r":
                valid -= 1
            line, column = _advance(line, column, data[:valid])
            carry = data[valid:]
            if not block:
                return line, column, 0


def _advance(line: int, column: int, data: bytes) -> tuple[int, int]:
    """``line`` and ``column`` after reading ``data`` (which ends before any ``\\r\\n``)."""
    ends = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
    if not ends:
        return line, column + len(data)
    last = max(data.rfind(b"\n"), data.rfind(b"\r"))
    return line + ends, len(data) - last
