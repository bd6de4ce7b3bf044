"""The harness under ``JourneyMachine``: one run's state, and running one command.

:class:`MachineHarness` holds one run (the catalogue, the journey, the events it
recorded and the :class:`~journeys.testing._expected_journey.ExpectedJourney`)
and :meth:`MachineHarness._attempt`, which runs one command and checks that it
was refused exactly as expected, or recorded exactly one event of the right
type. The rule sets build on it and :class:`~journeys.testing.JourneyMachine`
joins them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

import hypothesis
from hypothesis.stateful import Bundle, RuleBasedStateMachine

from journeys.bodies import Catalogue
from journeys.errors import JourneyRuleError
from journeys.journey import CaseKey, Journey
from journeys.testing._expected_journey import ExpectedJourney, Refusal
from journeys.testing.strategies import DEFAULT_START

BODIES: Bundle[str] = Bundle("bodies")
"""The catalogue's body ids, filled when the journey starts."""
SENT_HANDOFFS: Bundle[str] = Bundle("sent_handoffs")
"""The ids of the hand-offs the journey accepted a ``send_handoff`` for."""
OPENED_CASES: Bundle[CaseKey] = Bundle("opened_cases")
"""The cases the journey accepted an ``open_case`` for."""


class MachineHarness(RuleBasedStateMachine):
    """Runs commands against one journey and records the events it accepts.

    Attributes:
        catalogue: the bodies this run uses (set before the first ``observe``).
        journey: the aggregate under test.
        events: every event the journey has recorded, in order.
    """

    catalogue: Catalogue
    journey: Journey
    # Provided by JourneyMachine, where subclasses override it; declared here for
    # _record, which calls it.
    observe: Callable[[Sequence[Journey.Event]], None]

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Journey.Event] = []
        # The machine's own model of what the journey should accept next.
        self._expected = ExpectedJourney(DEFAULT_START)

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
