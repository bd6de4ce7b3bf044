"""Rebuild journeys from their events through the commands, optionally changed on the way."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from journeys import Journey


def replay(
    events: Iterable[Journey.Event],
    *,
    rename: Callable[[str], str] = str,
    before: Callable[[Journey, Journey.Event], None] | None = None,
) -> Journey:
    """A new journey (same id) recorded through the commands from ``events``.

    ``rename`` maps every body id; ``before(journey, event)`` runs before each
    event after the first, so a test can slip commands in.
    """
    events = list(events)
    first = events[0]
    assert isinstance(first, Journey.Started)
    journey = Journey.start(
        citizen=first.citizen,
        trigger=first.trigger,
        nation=first.nation,
        occurred_at=first.occurred_at,
        id=first.originator_id,
    )
    for event in events[1:]:
        if before is not None:
            before(journey, event)
        at = event.occurred_at
        match event:
            case Journey.CaseOpened():
                journey.open_case(
                    rename(event.body), event.service, occurred_at=at, via_handoff=event.via_handoff
                )
            case Journey.CaseClosed():
                journey.close_case(
                    rename(event.body), event.service, occurred_at=at, outcome=event.outcome
                )
            case Journey.Touchpoint():
                journey.touchpoint(
                    rename(event.body), event.activity, occurred_at=at, service=event.service
                )
            case Journey.InformationProvided():
                journey.provide_information(rename(event.body), event.items, occurred_at=at)
            case Journey.InformationRequested():
                journey.request_information(rename(event.body), event.items, occurred_at=at)
            case Journey.HandoffSent():
                journey.send_handoff(
                    event.handoff,
                    from_body=rename(event.from_body),
                    to_body=rename(event.to_body),
                    occurred_at=at,
                    items=event.items,
                )
            case Journey.HandoffAccepted():
                journey.accept_handoff(event.handoff, occurred_at=at)
            case Journey.HandoffRejected():
                journey.reject_handoff(event.handoff, occurred_at=at, reason=event.reason)
            case Journey.Ended():
                journey.end(occurred_at=at, outcome=event.outcome)
            case _:
                raise AssertionError(f"unexpected event {event!r}")
    return journey
