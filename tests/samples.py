"""A small catalogue and a handful of journeys with every kind of finding, for tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from journeys import Body, Catalogue, Journey

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
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


def bereavement(
    citizen: str,
    offset: float = 0.0,
    *,
    end: bool = True,
    id: UUID | None = None,
    licence_outcome: str = "closed",
) -> Journey:
    """Registrar -> DWP (accepted late) -> HMRC (dropped); a re-ask and a cold transfer."""
    journey = Journey.start(
        citizen=citizen, trigger="death", nation="england", occurred_at=at(offset), id=id
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
    journey.close_case("dvla", "licence", occurred_at=at(offset + 10), outcome=licence_outcome)
    if end:
        journey.end(occurred_at=at(offset + 12), outcome="settled")
    return journey


def move_to_scotland(
    citizen: str, offset: float = 0.0, *, id: UUID | None = None, claim_day: float = 13.0
) -> Journey:
    """A care plan handed from Bristol to Edinburgh, rejected, then touchpoints."""
    journey = Journey.start(
        citizen=citizen, trigger="moving-house", nation="england", occurred_at=at(offset), id=id
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
    journey.touchpoint("sss", "adult disability payment claim", occurred_at=at(offset + claim_day))
    journey.end(occurred_at=at(offset + 20))
    return journey


def population(size: int = 6) -> list[Journey]:
    """``size`` journeys alternating the two stories, the last one left open."""
    journeys = []
    for index in range(size):
        if index % 2:
            journeys.append(move_to_scotland(f"c{index}", offset=index))
        else:
            journeys.append(bereavement(f"c{index}", offset=index, end=index != size - 2))
    return journeys
