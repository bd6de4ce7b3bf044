"""Reading a CSV file row by row, with the line each row starts on and typed errors."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from journeys.errors import EventLogError

_BLOCK = 1 << 16


class CsvRows:
    """The header and the rows of a CSV file, streamed.

    Iterate to get ``(line, fields)`` for each non-blank row, ``line`` being the
    1-based line the row starts on. Errors name the file and the line.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._handle = self.path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise EventLogError("file not found", source=self.path) from None
        except OSError as error:
            raise EventLogError(f"cannot read file: {error.strerror}", source=self.path) from None
        self._reader = csv.reader(self._handle, strict=True)
        first = self._next()
        if first is None:
            self.close()
            raise EventLogError("empty file: expected a header row", source=self.path, line=1)
        self.header = tuple(name.strip() for name in first[1])

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
                if any(field.strip() for field in fields):
                    yield line, fields + [""] * (len(self.header) - len(fields))
        finally:
            self.close()

    def close(self) -> None:
        """Close the file."""
        self._handle.close()

    def _next(self) -> tuple[int, list[str]] | None:
        line = self._reader.line_num + 1
        try:
            return line, next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
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
