"""The tier of government a public body belongs to."""

from __future__ import annotations

import enum


class Tier(enum.Enum):
    """The level of government a body belongs to."""

    CENTRAL = "central"
    """UK or GB departments and their agencies (HMRC, DWP, DVLA ...)."""
    DEVOLVED = "devolved"
    """Scottish, Welsh and Northern Ireland governments and their agencies."""
    LOCAL = "local"
    """Councils, registration services, NHS trusts and boards, HSC Trusts."""


def parse_tier(value: str) -> Tier:
    """Return the tier named ``value``; raise ``ValueError`` naming it otherwise."""
    try:
        return Tier(value.strip().lower())
    except ValueError:
        choices = ", ".join(tier.value for tier in Tier)
        raise ValueError(f"unknown tier {value!r} (expected one of: {choices})") from None
