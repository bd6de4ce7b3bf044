"""Refusing XML documents whose DOCTYPE declares entities, before parsing them.

Entity declarations are how the "billion laughs" (exponential expansion) and
external-entity (reading local files or URLs) attacks work. Event logs never
need them, so a document whose DOCTYPE declares any entity is refused outright.
The prolog (everything before the root element) is scanned here, on the raw
bytes, because libxml2 expands internal entities in attribute values while
parsing a block, before a caller sees the first element.
"""

from __future__ import annotations

from typing import BinaryIO

import attrs

_MAX_PROLOG = 4 * 1024 * 1024
_READ = 64 * 1024


@attrs.frozen
class Prolog:
    """What the prolog of an XML document declares."""

    has_doctype: bool
    declares_entities: bool
    doctype_line: int | None


def scan_prolog(stream: BinaryIO) -> Prolog:
    """Read the prolog of the XML document in ``stream`` and report its DOCTYPE.

    Reads from the stream's current position until the root element starts.
    Raises ``ValueError`` when the prolog is longer than 4 MiB.
    """
    data = b""
    while True:
        chunk = stream.read(_READ)
        data += chunk
        result = _scan(data, complete=not chunk)
        if result is not None:
            return result
        if len(data) > _MAX_PROLOG:
            raise ValueError("the XML prolog (before the root element) is longer than 4 MiB")


def _scan(data: bytes, *, complete: bool) -> Prolog | None:
    """Scan ``data``; ``None`` when more bytes are needed to decide."""
    position = 0
    if data.startswith(b"\xef\xbb\xbf"):
        position = 3
    size = len(data)
    while True:
        while position < size and data[position : position + 1] in b" \t\r\n":
            position += 1
        if position >= size:
            return Prolog(False, False, None) if complete else None
        if data.startswith(b"<?", position):
            end = data.find(b"?>", position)
        elif data.startswith(b"<!--", position):
            end = data.find(b"-->", position)
        elif data.startswith(b"<!DOCTYPE", position):
            return _doctype(data, position, complete=complete)
        else:
            # The root element (or text that the parser will refuse): no DOCTYPE.
            return Prolog(False, False, None)
        if end < 0:
            return Prolog(False, False, None) if complete else None
        position = end + 2


def _doctype(data: bytes, start: int, *, complete: bool) -> Prolog | None:
    line = data.count(b"\n", 0, start) + 1
    position = start + len(b"<!DOCTYPE")
    quote: int | None = None
    in_subset = False
    while position < len(data):
        byte = data[position]
        if quote is not None:
            if byte == quote:
                quote = None
        elif byte in b"\"'":
            quote = byte
        elif in_subset and data.startswith(b"<!--", position):
            end = data.find(b"-->", position)
            if end < 0:
                break
            position = end + 3
            continue
        elif in_subset and data.startswith(b"<!ENTITY", position):
            return Prolog(True, True, line)
        elif byte == ord("["):
            in_subset = True
        elif byte == ord("]"):
            in_subset = False
        elif byte == ord(">") and not in_subset:
            return Prolog(True, False, line)
        position += 1
    # The DOCTYPE is unterminated: refuse it as if it declared entities only when
    # the document has ended; otherwise ask for more bytes.
    return Prolog(True, False, line) if complete else None
