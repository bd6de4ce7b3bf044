"""Hypothesis strategies and a stateful machine for property-testing journey services.

Import it explicitly (``import journeys`` does not import Hypothesis)::

    from journeys.testing import JourneyMachine, journeys

- :func:`bodies`, :func:`catalogues`: public bodies and catalogues with readable ids.
- :func:`journeys`, :func:`journey_events`: valid journeys (or their events), built
  through the ``Journey`` commands, optionally with chosen kinds of gap
  (:data:`GAP_KINDS`) and no others; they sometimes carry the citizen's voice
  (channels, feedback, complaints) unless drawn with ``voice=False``.
- :func:`lives`: several citizens with several journeys each (for the life-level
  gaps, which span a citizen's journeys).
- :class:`JourneyMachine`: a rule-based state machine that drives one ``Journey``
  with valid and invalid commands (feedback and complaints included); subclass it
  to drive your own service alongside.
"""

from journeys.testing.lives import lives
from journeys.testing.machine import JourneyMachine
from journeys.testing.strategies import (
    DEFAULT_START,
    GAP_KINDS,
    bodies,
    catalogues,
    journey_events,
    journeys,
)

__all__ = [
    "DEFAULT_START",
    "GAP_KINDS",
    "JourneyMachine",
    "bodies",
    "catalogues",
    "journey_events",
    "journeys",
    "lives",
]
