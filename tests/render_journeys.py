"""Hand-made journeys for the rendering tests: every gap kind, fixed ids and times.

* ``bereavement`` — unheld time at both edges and between bodies, an answered
  hand-off (latency), a re-ask, a cold transfer and a hand-off never answered;
* ``moving`` — a hand-off refused across the England/Scotland border, then
  touchpoints in Scotland (lanes split by nation);
* ``still_open`` — a journey not ended, drawn "as of" a later time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from journeys import Body, Catalogue, Journey, journey_id

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
AS_OF = datetime(2025, 7, 1, tzinfo=UTC)
GB = ["england", "wales", "scotland"]

CATALOGUE = Catalogue(
    [
        Body("registrar", "Bristol Register Office", "local", ["england"]),
        Body("council:E06000023", "Bristol City Council", "local", ["england"]),
        Body("council:S12000036", "City of Edinburgh Council", "local", ["scotland"]),
        Body("dwp", "Department for Work and Pensions", "central", GB),
        Body("dvla", "Driver and Vehicle Licensing Agency", "central", GB),
        Body("hmrc", "HM Revenue & Customs", "central", [*GB, "northern-ireland"]),
        Body("sss", "Social Security Scotland", "devolved", ["scotland"]),
    ]
)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def bereavement(case: str = "bereavement", offset: float = 0.0) -> Journey:
    journey = Journey.start(
        citizen=f"cit-{case}",
        trigger="death",
        nation="england",
        occurred_at=at(offset),
        id=journey_id("render-tests", case),
    )
    journey.open_case("registrar", "death-registration", occurred_at=at(offset + 1))
    journey.provide_information(
        "registrar", ["date_of_death", "ni_number"], occurred_at=at(offset + 1)
    )
    journey.send_handoff(
        "tuo",
        from_body="registrar",
        to_body="dwp",
        items=["date_of_death"],
        occurred_at=at(offset + 2),
    )
    journey.close_case("registrar", "death-registration", occurred_at=at(offset + 2))
    journey.accept_handoff("tuo", occurred_at=at(offset + 5))
    journey.open_case("dwp", "bereavement-support", occurred_at=at(offset + 5), via_handoff="tuo")
    journey.request_information("dwp", ["ni_number"], occurred_at=at(offset + 6))
    journey.send_handoff("tax", from_body="dwp", to_body="hmrc", occurred_at=at(offset + 7))
    journey.open_case("dvla", "licence", occurred_at=at(offset + 8))
    journey.close_case("dwp", "bereavement-support", occurred_at=at(offset + 9))
    journey.close_case("dvla", "licence", occurred_at=at(offset + 10), outcome="revoked")
    journey.end(occurred_at=at(offset + 12), outcome="settled")
    return journey


def moving(case: str = "moving", offset: float = 0.0) -> Journey:
    journey = Journey.start(
        citizen=f"cit-{case}",
        trigger="moving-house",
        nation="england",
        occurred_at=at(offset),
        id=journey_id("render-tests", case),
    )
    journey.open_case("council:E06000023", "adult-social-care", occurred_at=at(offset))
    journey.send_handoff(
        "plan",
        from_body="council:E06000023",
        to_body="council:S12000036",
        items=["care_plan"],
        occurred_at=at(offset + 1),
    )
    journey.reject_handoff("plan", occurred_at=at(offset + 4), reason="not yet resident")
    journey.close_case("council:E06000023", "adult-social-care", occurred_at=at(offset + 4))
    journey.touchpoint("council:S12000036", "assessment booked", occurred_at=at(offset + 9))
    journey.touchpoint("council:S12000036", "assessment", occurred_at=at(offset + 12))
    journey.touchpoint("sss", "adult disability payment claim", occurred_at=at(offset + 13.5))
    journey.end(occurred_at=at(offset + 20))
    return journey


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
