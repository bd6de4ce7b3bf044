"""``Delays``: how long each part of a simulated journey takes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

import attrs

from journeys.simulation.distributions import LogNormal

Overrides = tuple[tuple[str, LogNormal], ...]

# The defaults (shared safely: a LogNormal is immutable).
_STEP = LogNormal(timedelta(hours=18), 0.9)
_HANDOFF = LogNormal(timedelta(hours=12), 1.0)
_NEXT_SERVICE = LogNormal(timedelta(hours=4), 0.8)
_SELF_REFERRAL = LogNormal(timedelta(days=4), 1.0)
_RESEND = LogNormal(timedelta(days=7), 0.6)
_AUTOMATIC = LogNormal(timedelta(hours=1), 0.5)


def _overrides(value: Mapping[str, LogNormal] | Iterable[tuple[str, LogNormal]]) -> Overrides:
    pairs = value.items() if isinstance(value, Mapping) else value
    result = []
    for key, delay in pairs:
        if not isinstance(key, str) or not isinstance(delay, LogNormal):
            raise ValueError(f"an override maps an id to a LogNormal, got {key!r}: {delay!r}")
        result.append((key, delay))
    # Sorted, so that equal overrides compare and hash alike however they were given.
    return tuple(sorted(result, key=lambda pair: pair[0]))


@attrs.frozen
class Delays:
    """The delay distributions of a simulated population.

    Every delay is drawn afresh for each step or hand-off of each journey:

    - ``step``: a body's work on a step, from opening the case to its decision;
    - ``handoff``: from a hand-off being sent to the receiving body's answer;
    - ``next_service``: a body that already holds the citizen starting its next
      service for them;
    - ``self_referral``: a citizen finding the next body on their own, where no
      hand-off takes them there (a cold transfer);
    - ``resend``: a sender noticing that a hand-off was dropped or rejected and
      sending it again;
    - ``automatic``: a body's work on an automatic step
      (:attr:`Behaviour.automatic_steps <journeys.simulation.Behaviour>`), done
      from the data it holds, without the citizen (a step override does not
      apply to it).

    ``steps`` and ``handoffs`` override ``step`` and ``handoff`` for particular
    blueprint step ids and hand-off ids.
    """

    step: LogNormal = _STEP
    handoff: LogNormal = _HANDOFF
    next_service: LogNormal = _NEXT_SERVICE
    self_referral: LogNormal = _SELF_REFERRAL
    resend: LogNormal = _RESEND
    automatic: LogNormal = _AUTOMATIC
    steps: Overrides = attrs.field(default=(), converter=_overrides)
    handoffs: Overrides = attrs.field(default=(), converter=_overrides)

    def for_step(self, step_id: str) -> LogNormal:
        """The work-time distribution of the step ``step_id``."""
        return dict(self.steps).get(step_id, self.step)

    def for_handoff(self, handoff_id: str) -> LogNormal:
        """The answer-time distribution of the expected hand-off ``handoff_id``."""
        return dict(self.handoffs).get(handoff_id, self.handoff)
