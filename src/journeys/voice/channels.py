"""Channels: how a citizen reached a body (online, by phone, on paper ...).

Cases, touchpoints, feedback and complaints may name their channel, so that
digital take-up and shifts between channels show in the analysis. The names are
fixed here, so that one log's ``"phone"`` is another's.
"""

from __future__ import annotations

import enum

from journeys.errors import InvalidValueError

__all__ = ["Channel", "channel"]


class Channel(enum.StrEnum):
    """How the citizen and the body met."""

    ONLINE = "online"
    """A digital service the citizen used themselves (a website, an app)."""
    PHONE = "phone"
    PAPER = "paper"
    """A form or a letter, by post."""
    FACE_TO_FACE = "face_to_face"
    ASSISTED_DIGITAL = "assisted_digital"
    """A digital service used with someone's help (a library, a helper at a counter)."""
    EMAIL = "email"


def channel(name: str, value: object) -> str | None:
    """``value`` as a channel's name (``None`` stays ``None``); case, spaces and hyphens
    are forgiven (``"Face to face"`` is ``face_to_face``), anything else is an
    :class:`~journeys.errors.InvalidValueError` naming the value and the channels."""
    if value is None:
        return None
    if isinstance(value, Channel):
        return value.value
    if not isinstance(value, str):
        raise InvalidValueError(f"{name} must be a channel name, got {value!r}")
    key = "_".join(value.strip().lower().replace("-", " ").split())
    try:
        return Channel(key).value
    except ValueError:
        known = ", ".join(c.value for c in Channel)
        raise InvalidValueError(f"{name} {value!r} is not a channel (one of {known})") from None
