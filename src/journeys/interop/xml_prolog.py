"""Refusing XML documents whose DOCTYPE declares entities, before parsing them.

Entity declarations are how the "billion laughs" (exponential expansion) and
external-entity (reading local files or URLs) attacks work. Event logs never
need them, so a document whose DOCTYPE declares any entity is refused outright.
The prolog (everything before the root element) is scanned here, on the raw
bytes, because libxml2 expands internal entities in attribute values while
parsing a block, before a caller sees the first element.

The scan is incremental: each read resumes where the previous one stopped, so
its time grows linearly with the prolog's size (bounded by 4 MiB).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

import attrs

from journeys.errors import EventLogError

_MAX_PROLOG = 4 * 1024 * 1024
_READ = 64 * 1024
_BOM = b"\xef\xbb\xbf"
_SPACE = re.compile(rb"[ \t\r\n]*")
_DOCTYPE_TOKEN = re.compile(rb"[\"'\[\]>]|<!--|<!ENTITY")
_LONGEST_TOKEN = len(b"<!ENTITY")
_OPENINGS = (b"<?", b"<!--", b"<!DOCTYPE")


@attrs.frozen
class Prolog:
    """What the prolog of an XML document declares."""

    has_doctype: bool
    declares_entities: bool
    doctype_line: int | None


_NO_DOCTYPE = Prolog(False, False, None)


def scan_prolog(stream: BinaryIO) -> Prolog:
    """Read the prolog of the XML document in ``stream`` and report its DOCTYPE.

    Reads from the stream's current position until the root element starts.
    Raises ``ValueError`` when the prolog is longer than 4 MiB.
    """
    scanner = PrologScanner()
    while True:
        chunk = stream.read(_READ)
        result = scanner.feed(chunk)
        if result is not None:
            return result
        if scanner.size > _MAX_PROLOG:
            raise ValueError("the XML prolog (before the root element) is longer than 4 MiB")


class PrologScanner:
    """The prolog scan fed chunk by chunk; each byte is examined a bounded number of times."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._position = 0
        """Where the scan resumes: nothing before it is looked at again."""
        self._closing: bytes | None = None
        """The end of the comment or processing instruction being skipped."""
        self._doctype_line: int | None = None
        self._quote: int | None = None
        self._in_subset = False
        self._in_comment = False

    @property
    def size(self) -> int:
        """Bytes fed so far."""
        return len(self._data)

    def feed(self, chunk: bytes) -> Prolog | None:
        """Add ``chunk`` (empty at the end of the document); ``None`` while undecided."""
        self._data += chunk
        complete = not chunk
        if self._doctype_line is not None:
            return self._doctype(complete)
        return self._misc(complete)

    def _misc(self, complete: bool) -> Prolog | None:
        data = self._data
        while True:
            if self._closing is not None:
                end = data.find(self._closing, self._position)
                if end < 0:
                    # Keep the bytes that may begin the closing string; the rest is done.
                    self._position = max(self._position, len(data) - len(self._closing) + 1)
                    return _NO_DOCTYPE if complete else None
                self._position = end + len(self._closing)
                self._closing = None
            if self._position == 0 and data.startswith(_BOM):
                self._position = len(_BOM)
            elif self._position == 0 and not complete and _BOM.startswith(data):
                return None
            match = _SPACE.match(data, self._position)
            self._position = match.end() if match else self._position
            head = bytes(data[self._position : self._position + len(b"<!DOCTYPE")])
            if not complete and any(
                len(head) < len(opening) and opening.startswith(head) for opening in _OPENINGS
            ):
                return None
            if head.startswith(b"<?"):
                self._closing, self._position = b"?>", self._position + 2
            elif head.startswith(b"<!--"):
                self._closing, self._position = b"-->", self._position + 4
            elif head.startswith(b"<!DOCTYPE"):
                self._doctype_line = data.count(b"\n", 0, self._position) + 1
                self._position += len(b"<!DOCTYPE")
                return self._doctype(complete)
            else:
                # The root element (or text that the parser will refuse): no DOCTYPE.
                return _NO_DOCTYPE

    def _doctype(self, complete: bool) -> Prolog | None:
        data = self._data
        line = self._doctype_line
        while True:
            if self._quote is not None:
                end = data.find(bytes((self._quote,)), self._position)
                if end < 0:
                    self._position = len(data)
                    break
                self._position, self._quote = end + 1, None
                continue
            if self._in_comment:
                end = data.find(b"-->", self._position)
                if end < 0:
                    self._position = max(self._position, len(data) - 2)
                    break
                self._position, self._in_comment = end + 3, False
                continue
            match = _DOCTYPE_TOKEN.search(data, self._position)
            if match is None:
                # A token may be split across reads: look at its first bytes again.
                self._position = max(self._position, len(data) - _LONGEST_TOKEN + 1)
                break
            token, at = match.group(), match.start()
            self._position = at + 1
            if token in (b'"', b"'"):
                self._quote = token[0]
            elif token == b"<!--" and self._in_subset:
                self._position, self._in_comment = at + 4, True
            elif token == b"<!ENTITY" and self._in_subset:
                return Prolog(True, True, line)
            elif token == b"[":
                self._in_subset = True
            elif token == b"]":
                self._in_subset = False
            elif token == b">" and not self._in_subset:
                return Prolog(True, False, line)
        # The DOCTYPE is unterminated: refuse it as if it declared entities only when
        # the document has ended; otherwise ask for more bytes.
        return Prolog(True, False, line) if complete else None


def refuse_entity_declarations(stream: BinaryIO, *, source: Path) -> None:
    """Raise :class:`~journeys.errors.EventLogError` (naming ``source``) when the
    document read from ``stream`` declares entities in its DOCTYPE, or its prolog
    cannot be scanned; read before any parser sees the document."""
    try:
        prolog = scan_prolog(stream)
    except ValueError as error:
        raise EventLogError(str(error), source=source) from None
    if prolog.declares_entities:
        raise EventLogError(
            "the DOCTYPE declares entities, which event logs never need and which can "
            "expand without bound or read other files: refused",
            source=source,
            line=prolog.doctype_line,
            value="<!ENTITY",
        )
