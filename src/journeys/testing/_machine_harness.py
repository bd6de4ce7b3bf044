"""The harness under ``JourneyMachine``: it starts the journey and runs each command.

:class:`MachineHarness` holds one run (the catalogue, the journey, the events it
recorded and the :class:`~journeys.testing._expected_journey.ExpectedJourney`),
the extension points a subclass overrides, and :meth:`MachineHarness._attempt`,
which runs one command and checks that it was refused exactly as expected, or
recorded exactly one event of the right type. The rule sets build on it and
:class:`~journeys.testing.JourneyMachine` joins them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

import hypothesis
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    initialize,
    multiple,
)

from journeys.bodies import Catalogue
from journeys.errors import JourneyRuleError
from journeys.journey import CaseKey, Journey
from journeys.testing._expected_journey import ExpectedJourney, Refusal
from journeys.testing._names import TRIGGERS
from journeys.testing.strategies import DEFAULT_START, catalogues

BODIES: Bundle[str] = Bundle("bodies")
"""The catalogue's body ids, filled when the journey starts."""
SENT_HANDOFFS: Bundle[str] = Bundle("sent_handoffs")
"""The ids of the hand-offs the journey accepted a ``send_handoff`` for."""
OPENED_CASES: Bundle[CaseKey] = Bundle("opened_cases")
"""The cases the journey accepted an ``open_case`` for."""


class MachineHarness(RuleBasedStateMachine):
    """Starts one journey, runs commands against it and records the events it accepts.

    Attributes:
        catalogue: the bodies this run uses (set before the first ``observe``).
        journey: the aggregate under test.
        events: every event the journey has recorded, in order.
    """

    catalogue: Catalogue
    journey: Journey

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Journey.Event] = []
        # The machine's own model of what the journey should accept next.
        self._expected = ExpectedJourney(DEFAULT_START)

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

    # --- running a command ------------------------------------------------------------

    def _attempt(
        self,
        command: Callable[[], None],
        refusal: Refusal,
        event_type: type[Journey.Event] | None,
    ) -> bool:
        """Run ``command``; check it is refused with ``refusal``, or records one event.

        Returns whether the command was accepted.
        """
        before = copy.deepcopy(self.journey.__dict__)
        try:
            command()
        except JourneyRuleError as error:
            if refusal is None:
                raise AssertionError(f"a valid command was refused: {error!r}") from error
            if type(error) is not refusal:
                raise AssertionError(
                    f"expected {refusal.__name__}, got {type(error).__name__}: {error}"
                ) from error
            if self.journey.__dict__ != before:
                raise AssertionError(f"a refused command changed the journey ({error!r})") from None
            hypothesis.event(f"refused: {refusal.__name__}")
            return False
        if refusal is not None:
            raise AssertionError(f"expected {refusal.__name__}, but the command was accepted")
        assert event_type is not None
        hypothesis.event(f"accepted: {event_type.__name__}")
        self._record(event_type)
        return True

    def _record(self, event_type: type[Journey.Event]) -> None:
        new_events: list[Journey.Event] = []
        for event in self.journey.collect_events():
            assert isinstance(event, Journey.Event)
            new_events.append(event)
        assert [type(e) for e in new_events] == [event_type], new_events
        self.events.extend(new_events)
        self._expected.latest = new_events[-1].occurred_at
        self.observe(new_events)
