"""What every part of the gap engine is: handlers by event class, and a close.

Each gap rule, the holding tracker, the hand-offs in flight and the journey map
are parts. A part names the journey events it cares about and what to do with
each (:meth:`Part.handlers`), and what closing a journey finds
(:meth:`Part.close`). The engine calls them in a fixed order, rules first, so a
rule sees the shared state as it was before the event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from journeys.analysis.fold import JourneyFold
from journeys.journey import Journey

Handler = Callable[[JourneyFold, Any], None]
"""Does what one journey event means to a part: ``handler(fold, event)``."""


class Part:
    """A part of the gap engine (subclasses override what they need)."""

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        """The events this part cares about, each with its handler."""
        return {}

    def close(self, fold: JourneyFold, at: datetime, *, ended: bool) -> None:
        """What closing ``fold`` at ``at`` finds (``ended``: by its ``Ended`` event,
        else by an analysis ``as_of``); ``fold`` is not changed."""
