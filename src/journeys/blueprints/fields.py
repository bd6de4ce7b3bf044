"""Checks and conversions shared by the blueprint model's fields: ids, text, items, nations.

Each raises :class:`~journeys.errors.BlueprintError` naming the value at fault,
so a blueprint built from a file reports the entry to fix.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from journeys.bodies import Nation, parse_nation
from journeys.errors import BlueprintError


def is_word(value: object) -> bool:
    """Whether ``value`` is a non-empty string without whitespace, as ids must be."""
    return isinstance(value, str) and bool(value.strip()) and not any(ch.isspace() for ch in value)


def check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """An ``attrs`` validator: the field is an id (see :func:`is_word`)."""
    if not is_word(value):
        raise BlueprintError(
            f"{attribute.name} must be a non-empty string without spaces, got {value!r}",
            value=value,
        )


def check_text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """An ``attrs`` validator: the field is text that is not blank."""
    if not isinstance(value, str) or not value.strip():
        raise BlueprintError(f"{attribute.name} must be non-empty text, got {value!r}", value=value)


def item_ids(value: Iterable[str]) -> frozenset[str]:
    """An ``attrs`` converter: the ids of the facts a step or hand-off names."""
    if isinstance(value, str):
        # A lone string would otherwise become a set of its characters.
        raise BlueprintError(f"expected a list of item ids, got the string {value!r}", value=value)
    items = frozenset(value)
    for item in items:
        if not is_word(item):
            raise BlueprintError(f"item ids are non-empty words, got {item!r}", value=item)
    return items


def to_nation(value: Nation | str) -> Nation:
    """A nation, given as one or by name (see :func:`~journeys.bodies.parse_nation`)."""
    return value if isinstance(value, Nation) else parse_nation(value)


def to_nations(value: Iterable[Nation | str]) -> frozenset[Nation]:
    """Nations, each given as one or by name."""
    return frozenset(to_nation(n) for n in value)
