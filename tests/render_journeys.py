"""Hand-made journeys for the rendering tests: every gap kind, fixed ids and times.

* ``bereavement`` — unheld time at both edges and between bodies, an answered
  hand-off (latency), a re-ask, a cold transfer and a hand-off never answered;
* ``moving`` — a hand-off refused across the England/Scotland border, then
  touchpoints in Scotland (lanes split by nation);
* ``still_open`` — a journey not ended, drawn "as of" a later time.
"""

from __future__ import annotations

from datetime import UTC, datetime

from journeys import Journey, journey_id
from tests import samples
from tests.samples import CATALOGUE, at

__all__ = ["AS_OF", "CATALOGUE", "bereavement", "events_of", "moving", "population", "still_open"]

AS_OF = datetime(2025, 7, 1, tzinfo=UTC)


def bereavement(case: str = "bereavement", offset: float = 0.0) -> Journey:
    """The sample bereavement with a fixed id and a revoked licence."""
    return samples.bereavement(
        f"cit-{case}", offset, id=journey_id("render-tests", case), licence_outcome="revoked"
    )


def moving(case: str = "moving", offset: float = 0.0) -> Journey:
    """The sample move to Scotland with a fixed id; the claim half a day later."""
    return samples.move_to_scotland(
        f"cit-{case}", offset, id=journey_id("render-tests", case), claim_day=13.5
    )


def still_open(case: str = "still-open") -> Journey:
    journey = Journey.start(
        citizen=f"cit-{case}",
        trigger="retirement",
        nation="scotland",
        occurred_at=at(3),
        id=journey_id("render-tests", case),
    )
    journey.open_case("dwp", "state-pension", occurred_at=at(3.25))
    journey.send_handoff(
        "pension-tax",
        from_body="dwp",
        to_body="hmrc",
        items=["pension_amount"],
        occurred_at=at(4),
    )
    journey.close_case("dwp", "state-pension", occurred_at=at(4), outcome="awarded")
    return journey


def events_of(journey: Journey) -> list[Journey.Event]:
    """The journey's events (pending ones, as a new journey holds them)."""
    return list(journey.collect_events())


def population() -> list[Journey.Event]:
    """Several journeys of each story, interleaved by journey, for the aggregate views."""
    events: list[Journey.Event] = []
    for index in range(3):
        events.extend(events_of(bereavement(f"bereavement-{index}", offset=index)))
        events.extend(events_of(moving(f"moving-{index}", offset=2 * index)))
    events.extend(events_of(still_open()))
    return events
