"""``JourneyMachine``: a Hypothesis state machine that drives one ``Journey`` aggregate.

The machine issues every journey command, with valid arguments and with
deliberately invalid ones (an unknown or already-open case, a hand-off never
sent or already answered, a hand-off to the same body, a duplicate hand-off id,
time going backwards, a naive time, a blank body, anything after the end), and
the citizen's voice: feedback on the bundled instruments and on one of the
team's own, complaints made and resolved, channels on cases and touchpoints
(refused: an unknown instrument or answer, a score out of range or disagreeing
with the table, a complaint id used twice, resolving a complaint never made or
already resolved, an unknown outcome or channel). It
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

This module holds the machine's public face: its extension points, the start of
the journey and the invariants checked after every step. The rest is assembled
from parts: the harness that runs each command
(:mod:`~journeys.testing._machine_harness`), the model of what the journey should
accept (:mod:`~journeys.testing._expected_journey`), the rules for each command
(:mod:`~journeys.testing._command_rules`), those for bad arguments
(:mod:`~journeys.testing._refusal_rules`) and those for feedback and complaints
(:mod:`~journeys.testing._voice_rules`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, MultipleResults, initialize, invariant, multiple

from journeys.bodies import Catalogue
from journeys.journey import CaseKey, Journey
from journeys.testing._command_rules import CommandRules
from journeys.testing._machine_harness import BODIES, OPENED_CASES, SENT_HANDOFFS
from journeys.testing._names import TRIGGERS
from journeys.testing._refusal_rules import RefusalRules
from journeys.testing._voice_rules import VoiceRules
from journeys.testing.strategies import DEFAULT_START, catalogues

__all__ = ["JourneyMachine"]


class JourneyMachine(CommandRules, RefusalRules, VoiceRules):
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

    # --- extension points -------------------------------------------------------------

    def observe(self, events: Sequence[Journey.Event]) -> None:
        """Called with the new events after every accepted command; does nothing here.

        Override it to feed your own service the same journey, for example by
        issuing the matching commands to it or saving the events to its store.
        Refused commands are never observed.
        """

    def catalogue_strategy(self) -> st.SearchStrategy[Catalogue]:
        """The strategy the run's catalogue is drawn from: :func:`catalogues` by default.

        Override it, for example with ``st.just(my_catalogue)``, to use the bodies
        your service knows.
        """
        return catalogues()

    # --- start ------------------------------------------------------------------------

    @initialize(target=BODIES, data=st.data())
    def start_journey(self, data: st.DataObject) -> MultipleResults[str]:
        """Draw a catalogue and start the journey; the catalogue's ids feed the ``bodies``."""
        self.catalogue = data.draw(self.catalogue_strategy(), label="catalogue")
        body_ids = list(self.catalogue)
        if not body_ids:
            raise ValueError("JourneyMachine needs a catalogue with at least one body")
        nations = sorted(
            {n for body in self.catalogue.values() for n in body.nations},
            key=lambda nation: nation.value,
        )
        self.journey = Journey.start(
            citizen=data.draw(st.sampled_from(["cit-1", "cit-2"]), label="citizen"),
            trigger=data.draw(st.sampled_from(TRIGGERS), label="trigger"),
            nation=data.draw(st.sampled_from(nations), label="nation"),
            occurred_at=DEFAULT_START,
        )
        self._record(Journey.Started)
        return multiple(*body_ids)

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
        """Open cases, hand-off answers, complaints and the end are what the accepted
        commands imply."""
        assert self.journey.open_cases == self._expected.open_cases
        statuses = {h.id: h.status for h in self.journey.handoffs.values()}
        expected = self._expected.handoff_statuses()
        assert statuses == expected, (statuses, expected)
        assert self.journey._complaints == self._expected.complaints
        assert self.journey.is_ended == self._expected.ended
        assert self.journey.last_occurred_at == self._expected.latest
