"""The Journey aggregate under ``JourneyMachine``: valid and invalid commands, invariants.

The commands include the citizen's voice (feedback, complaints, channels), so
the mirrored app is fed those through its own commands too.

The machine runs with the active Hypothesis profile (``fast`` locally, ``ci`` in
CI). A subclass mirrors every accepted command into a ``JourneyApp`` to check
that the extension point sees exactly the aggregate's events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis.stateful import invariant

from journeys import Journey, JourneyApp
from journeys.testing import JourneyMachine

TestJourneyMachine = JourneyMachine.TestCase

IGNORED_FIELDS = {"timestamp"}


def fields(event: Journey.Event) -> tuple[str, dict[str, Any]]:
    """An event's type and fields, without its recorded time (stores may round it)."""
    return type(event).__name__, {k: v for k, v in vars(event).items() if k not in IGNORED_FIELDS}


class MirroredInAnApp(JourneyMachine):
    """Feeds every accepted command to a ``JourneyApp``, as a team would feed their service."""

    app: JourneyApp | None = None

    def observe(self, events: Sequence[Journey.Event]) -> None:
        if self.app is None:
            self.app = JourneyApp.in_memory(catalogue=self.catalogue)
        for event in events:
            replay_command(self.app, event)

    @invariant()
    def app_holds_the_same_events(self) -> None:
        assert self.app is not None
        stored = self.app.journey_events(self.journey.id)
        assert [fields(e) for e in stored] == [fields(e) for e in self.events]

    def teardown(self) -> None:
        if self.app is not None:
            self.app.close()


def replay_command(app: JourneyApp, event: Journey.Event) -> None:
    """Issue the ``JourneyApp`` command that records ``event``."""
    journey_id, when = event.originator_id, event.occurred_at
    match event:
        case Journey.Started():
            app.start_journey(
                citizen=event.citizen,
                trigger=event.trigger,
                nation=event.nation,
                occurred_at=when,
                id=journey_id,
            )
        case Journey.CaseOpened():
            app.open_case(
                journey_id,
                event.body,
                event.service,
                occurred_at=when,
                via_handoff=event.via_handoff,
                channel=event.channel,
            )
        case Journey.CaseClosed():
            app.close_case(
                journey_id, event.body, event.service, occurred_at=when, outcome=event.outcome
            )
        case Journey.Touchpoint():
            app.touchpoint(
                journey_id,
                event.body,
                event.activity,
                occurred_at=when,
                service=event.service,
                channel=event.channel,
            )
        case Journey.InformationProvided():
            app.provide_information(journey_id, event.body, sorted(event.items), occurred_at=when)
        case Journey.InformationRequested():
            app.request_information(journey_id, event.body, sorted(event.items), occurred_at=when)
        case Journey.HandoffSent():
            app.send_handoff(
                journey_id,
                event.handoff,
                from_body=event.from_body,
                to_body=event.to_body,
                occurred_at=when,
                items=sorted(event.items),
            )
        case Journey.HandoffAccepted():
            app.accept_handoff(journey_id, event.handoff, occurred_at=when)
        case Journey.HandoffRejected():
            app.reject_handoff(journey_id, event.handoff, occurred_at=when, reason=event.reason)
        case Journey.FeedbackGiven():
            app.give_feedback(
                journey_id,
                event.body,
                event.about,
                event.instrument,
                event.answer,
                occurred_at=when,
                score=event.score,
                themes=sorted(event.themes),
                channel=event.channel,
                reference=event.reference,
            )
        case Journey.ComplaintMade():
            app.make_complaint(
                journey_id,
                event.complaint,
                event.body,
                occurred_at=when,
                about=event.about,
                themes=sorted(event.themes),
                channel=event.channel,
                reference=event.reference,
            )
        case Journey.ComplaintResolved():
            app.resolve_complaint(
                journey_id, event.complaint, occurred_at=when, outcome=event.outcome
            )
        case Journey.Ended():
            app.end_journey(journey_id, occurred_at=when, outcome=event.outcome)
        case _:
            raise AssertionError(f"no command records {type(event).__name__}")


TestMirroredInAnApp = MirroredInAnApp.TestCase
