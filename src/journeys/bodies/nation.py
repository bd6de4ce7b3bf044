"""The nations of the United Kingdom, which bodies serve and journeys start in."""

from __future__ import annotations

import enum


class Nation(enum.Enum):
    """A nation of the United Kingdom.

    A plain ``Enum`` (not a ``str`` subclass) so that JSON encoding goes through
    the registered transcoding and the value reads back as a ``Nation``.
    """

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


ALL_NATIONS: frozenset[Nation] = frozenset(Nation)
"""The four nations of the UK."""


def parse_nation(value: str) -> Nation:
    """Return the nation named ``value``; raise ``ValueError`` naming it otherwise.

    Accepts the enum values and the common spellings ``northern_ireland`` and
    ``Northern Ireland``.
    """
    normalised = value.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return Nation(normalised)
    except ValueError:
        choices = ", ".join(nation.value for nation in Nation)
        raise ValueError(f"unknown nation {value!r} (expected one of: {choices})") from None
