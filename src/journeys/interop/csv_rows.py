"""Reading a CSV file row by row, with the line each row starts on and typed errors."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from journeys.errors import EventLogError


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
        except UnicodeDecodeError as error:
            raise EventLogError(
                f"not UTF-8 text (byte {error.start} of a read block)", source=self.path, line=line
            ) from None
