"""``JourneyMachine``: a Hypothesis state machine that drives one ``Journey`` aggregate.

The machine issues every journey command, with valid arguments and with
deliberately invalid ones (an unknown or already-open case, a hand-off never
sent or already answered, a hand-off to the same body, a duplicate hand-off id,
time going backwards, a naive time, a blank body, anything after the end). It
keeps its own small model of what the journey should accept, and checks that:

- an accepted command records exactly one event of the right type;
- a refused command raises the exact :class:`~journeys.errors.JourneyRuleError`
  subclass the rules call for and leaves the journey's state (its ``__dict__``)
  exactly as it was;
- the journey's version equals the number of events recorded;
- ``occurred_at`` never decreases from one event to the next;
- replaying the recorded events through a fresh aggregate reproduces the state.

Subclass it to drive your own service alongside the aggregate: override
:meth:`JourneyMachine.observe`, which receives the new events after every
accepted command, and add your own ``@invariant`` methods.

The machine is assembled from parts: the harness that starts the journey and
runs each command (:mod:`~journeys.testing._machine_harness`), the model of
what the journey should accept (:mod:`~journeys.testing._expected_journey`),
the rules for each command (:mod:`~journeys.testing._command_rules`) and for
bad arguments (:mod:`~journeys.testing._refusal_rules`). This module joins
them and holds the invariants checked after every step.
"""

from __future__ import annotations

from typing import Any

from hypothesis.stateful import Bundle, invariant

from journeys.journey import CaseKey, Journey
from journeys.testing._command_rules import CommandRules
from journeys.testing._machine_harness import BODIES, OPENED_CASES, SENT_HANDOFFS
from journeys.testing._refusal_rules import RefusalRules

__all__ = ["JourneyMachine"]


class JourneyMachine(CommandRules, RefusalRules):
    """Drives one ``Journey`` with valid and invalid commands and checks its invariants.

    Run it with ``TestJourneys = JourneyMachine.TestCase`` in a test module; it
    uses the active Hypothesis settings profile.

    To test your own service alongside the aggregate, subclass it:

    - override :meth:`observe` to feed your service the events of every accepted
      command (the journey's ``Started`` event first);
    - add ``@invariant()`` methods that compare your service with
      :attr:`journey` or :attr:`events`;
    - override :meth:`catalogue_strategy` to use your service's own bodies, and
      ``teardown`` to close what you opened;
    - write your own ``@rule`` methods too: the bundles ``bodies`` (the
      catalogue's ids), ``sent_handoffs`` and ``opened_cases`` can feed them.

    Attributes:
        catalogue: the bodies this run uses (set before the first ``observe``).
        journey: the aggregate under test.
        events: every event the journey has recorded, in order.
    """

    bodies: Bundle[str] = BODIES
    sent_handoffs: Bundle[str] = SENT_HANDOFFS
    opened_cases: Bundle[CaseKey] = OPENED_CASES

    # --- invariants -------------------------------------------------------------------

    @invariant()
    def version_counts_the_events(self) -> None:
        """The journey's version is the number of events it has recorded."""
        assert self.journey.version == len(self.events), (self.journey.version, len(self.events))

    @invariant()
    def occurred_at_never_decreases(self) -> None:
        """Each event's ``occurred_at`` is at or after the previous event's."""
        times = [event.occurred_at for event in self.events]
        assert times == sorted(times), times

    @invariant()
    def replay_reproduces_the_state(self) -> None:
        """Replaying the recorded events through a fresh aggregate gives the same state."""
        replayed: Any = None
        for event in self.events:
            replayed = event.mutate(replayed)
        assert isinstance(replayed, Journey)
        assert replayed.__dict__ == self.journey.__dict__

    @invariant()
    def state_matches_the_model(self) -> None:
        """Open cases, hand-off answers and the end are what the accepted commands imply."""
        assert self.journey.open_cases == self._expected.open_cases
        statuses = {h.id: h.status for h in self.journey.handoffs.values()}
        expected = self._expected.handoff_statuses()
        assert statuses == expected, (statuses, expected)
        assert self.journey.is_ended == self._expected.ended
        assert self.journey.last_occurred_at == self._expected.latest
