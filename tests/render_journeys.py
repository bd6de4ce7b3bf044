"""Kept for modules that still import it: the rendering tests' journeys under their old
names. They live in :mod:`tests.helpers` as ``drawn_bereavement``, ``drawn_moving``,
``drawn_still_open`` and ``drawn_population`` (import from there)."""

from __future__ import annotations

from tests.helpers import AS_OF, CATALOGUE, events_of
from tests.helpers import drawn_bereavement as bereavement
from tests.helpers import drawn_moving as moving
from tests.helpers import drawn_population as population
from tests.helpers import drawn_still_open as still_open

__all__ = ["AS_OF", "CATALOGUE", "bereavement", "events_of", "moving", "population", "still_open"]
