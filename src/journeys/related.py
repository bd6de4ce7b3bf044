"""The other objects an event relates (OCEL 2.0's event-to-object relations).

An event of an object-centric log relates several objects; the one a journey is
built around is the journey itself, and the others (an order, a letter, an
invoice ...) are kept on the touchpoint as :class:`RelatedObject` values: each
with its id, its type and the relation's qualifier (``""`` when the log gives
none). They describe the event; no gap rule reads them, and they are not facts
(information items).

Flat formats (the journey-events CSV's ``objects`` column, the OCEL and XES
``objects`` attribute) hold a touchpoint's related objects in one string:

- each object is ``type:id``, or ``type:id:qualifier`` when it has a qualifier;
- objects are sorted (by id, type, then qualifier) and ``;``-separated;
- in each part, ``%``, ``;`` and ``:``, whitespace other than an inner space
  (tab, newline ...) and the characters XML cannot hold are percent-encoded
  (UTF-8, as in URLs: ``%25``, ``%3B``, ``%3A``, ``%0A`` ...), and so is a space
  at either end (CSV readers strip cells).

So every id round-trips, whatever it holds, and a plain one reads as itself:

>>> text = objects_text({RelatedObject("o;1", "Order", "placed"), RelatedObject("i1", "Item")})
>>> text
'Item:i1;Order:o%3B1:placed'
>>> sorted(parse_objects(text)) == sorted(
...     {RelatedObject("o;1", "Order", "placed"), RelatedObject("i1", "Item")}
... )
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, unquote

import attrs

from journeys.errors import InvalidValueError

__all__ = [
    "OBJECT_SEPARATOR",
    "PART_SEPARATOR",
    "RelatedObject",
    "objects_text",
    "parse_objects",
    "related_objects",
]

OBJECT_SEPARATOR = ";"
"""What separates the related objects in one string."""
PART_SEPARATOR = ":"
"""What separates an object's type, id and qualifier in one string."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab, newline and carriage return (as for all text)."""
_ESCAPE = re.compile(r"[%;:\ufffe\uffff]|[^\S ]|^ | \Z|[^ -~\u00a0-\U0010ffff]")
"""What the flat text percent-encodes: its separators and ``%``, whitespace but an inner
space, control characters and the two characters XML cannot hold (U+FFFE, U+FFFF)."""
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@attrs.frozen(order=True)
class RelatedObject:
    """An object an event relates: its id, its type and the relation's qualifier.

    ``id`` and ``type`` are non-empty; ``qualifier`` is ``""`` when the log gives
    none. None may hold control characters other than tab, newline and return.
    """

    id: str
    type: str
    qualifier: str = ""


def related_objects(value: object) -> frozenset[RelatedObject]:
    """``value`` (an iterable of :class:`RelatedObject`, or their flat text) as a set,
    each checked; raises :class:`~journeys.errors.InvalidValueError`."""
    if isinstance(value, str):
        return parse_objects(value)
    if not isinstance(value, Iterable):
        raise InvalidValueError(f"objects must be related objects, got {value!r}")
    checked = set()
    for item in value:
        if not isinstance(item, RelatedObject):
            raise InvalidValueError(f"objects must be related objects, got {item!r}")
        for name in ("id", "type", "qualifier"):
            part = getattr(item, name)
            if not isinstance(part, str):
                raise InvalidValueError(f"a related object's {name} must be a string: {item!r}")
            if not part.isascii():
                try:
                    part.encode("utf-8")
                except UnicodeEncodeError:
                    raise InvalidValueError(
                        f"a related object's {name} must be text, got {part!r}"
                    ) from None
            control = _CONTROL.search(part)
            if control is not None:
                raise InvalidValueError(
                    f"a related object's {name} must not hold control characters, got "
                    f"{part!r} (U+{ord(control.group()):04X} at position {control.start()})"
                )
        if not item.id or not item.type:
            raise InvalidValueError(f"a related object needs an id and a type: {item!r}")
        checked.add(item)
    return frozenset(checked)


def objects_text(objects: Iterable[RelatedObject]) -> str:
    """The flat text of ``objects`` (see the module's docstring); ``""`` for none."""
    return OBJECT_SEPARATOR.join(_flat(item) for item in sorted(objects))


def _flat(item: RelatedObject) -> str:
    parts = (item.type, item.id, item.qualifier) if item.qualifier else (item.type, item.id)
    return PART_SEPARATOR.join(_escape(part) for part in parts)


def parse_objects(text: str) -> frozenset[RelatedObject]:
    """The related objects of their flat text (``""``: none); raises
    :class:`~journeys.errors.InvalidValueError` for text that is not that form."""
    objects = []
    for entry in text.split(OBJECT_SEPARATOR) if text.strip() else ():
        parts = entry.split(PART_SEPARATOR)
        if len(parts) not in (2, 3) or _PERCENT.search(entry):
            raise InvalidValueError(
                f"objects: {entry!r} is not 'type:id' or 'type:id:qualifier' "
                "(with %, ; and : percent-encoded)"
            )
        try:
            kind, object_id, *qualifier = (unquote(part, errors="strict") for part in parts)
        except UnicodeDecodeError:
            raise InvalidValueError(f"objects: {entry!r} is not percent-encoded UTF-8") from None
        objects.append(RelatedObject(object_id, kind, qualifier[0] if qualifier else ""))
    return related_objects(objects)


def _escape(part: str) -> str:
    return _ESCAPE.sub(lambda match: quote(match.group(), safe=""), part)
