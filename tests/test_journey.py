from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from journeys import Journey, Nation, journey_id
from journeys.errors import (
    CaseAlreadyOpenError,
    DuplicateHandoffError,
    HandoffAlreadyAnsweredError,
    HandoffNotAcceptedError,
    InvalidValueError,
    JourneyEndedError,
    JourneyRuleError,
    SelfHandoffError,
    TimeWentBackwardsError,
    UnknownCaseError,
    UnknownHandoffError,
)
from journeys.journey import CaseKey, HandoffStatus
from tests.helpers import T0, at, death_registered


def bereavement() -> Journey:
    """A death registered on day 1; hand-off ``tuo-1`` to DWP sent on day 2, unanswered."""
    return death_registered("c-1", handoff="tuo-1")


def test_a_journey_records_the_whole_vocabulary() -> None:
    journey = bereavement()
    journey.accept_handoff("tuo-1", occurred_at=at(3))
    journey.open_case("dwp", "bereavement-support", occurred_at=at(3), via_handoff="tuo-1")
    journey.touchpoint("dwp", "phone call", occurred_at=at(4), service="bereavement-support")
    journey.request_information("dwp", {"ni_number"}, occurred_at=at(4))
    journey.send_handoff("h-2", from_body="dwp", to_body="hmrc", occurred_at=at(5))
    journey.reject_handoff("h-2", occurred_at=at(6), reason="wrong office")
    journey.close_case("registrar", "death-registration", occurred_at=at(7), outcome="registered")
    journey.end(occurred_at=at(30), outcome="settled")

    names = [type(event).__name__ for event in journey.collect_events()]
    assert names == [
        "Started",
        "CaseOpened",
        "InformationProvided",
        "HandoffSent",
        "HandoffAccepted",
        "CaseOpened",
        "Touchpoint",
        "InformationRequested",
        "HandoffSent",
        "HandoffRejected",
        "CaseClosed",
        "Ended",
    ]
    assert journey.is_ended
    assert journey.outcome == "settled"
    assert journey.open_cases == {CaseKey("dwp", "bereavement-support")}
    assert journey.handoffs["h-2"].status is HandoffStatus.REJECTED
    assert journey.handoffs["tuo-1"].answered_at == at(3)


def test_occurred_at_is_normalised_to_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    journey = Journey.start(
        citizen="c",
        trigger="birth",
        nation=Nation.WALES,
        occurred_at=datetime(2025, 1, 1, 12, tzinfo=plus_two),
    )
    assert journey.started_at == datetime(2025, 1, 1, 10, tzinfo=UTC)
    assert journey.started_at.tzinfo is UTC


def test_deterministic_ids_depend_on_source_and_case() -> None:
    assert journey_id("log", "1") == journey_id("log", "1")
    assert journey_id("log", "1") != journey_id("log", "2")
    # No ambiguity between (source, case) splits of the same characters.
    assert journey_id("a:b", "c") != journey_id("a", "b:c")


Command = Callable[[Journey], None]

REFUSED: list[tuple[str, Command, type[JourneyRuleError]]] = [
    ("unknown case", lambda j: j.close_case("dwp", "x", occurred_at=at(3)), UnknownCaseError),
    (
        "already open",
        lambda j: j.open_case("registrar", "death-registration", occurred_at=at(3)),
        CaseAlreadyOpenError,
    ),
    ("accept unknown", lambda j: j.accept_handoff("nope", occurred_at=at(3)), UnknownHandoffError),
    ("reject unknown", lambda j: j.reject_handoff("nope", occurred_at=at(3)), UnknownHandoffError),
    (
        "self hand-off",
        lambda j: j.send_handoff("h", from_body="dwp", to_body="dwp", occurred_at=at(3)),
        SelfHandoffError,
    ),
    (
        "duplicate hand-off",
        lambda j: j.send_handoff("tuo-1", from_body="dwp", to_body="hmrc", occurred_at=at(3)),
        DuplicateHandoffError,
    ),
    (
        "backwards",
        lambda j: j.touchpoint("dwp", "call", occurred_at=at(1.5)),
        TimeWentBackwardsError,
    ),
    (
        "before start",
        lambda j: j.touchpoint("dwp", "call", occurred_at=at(-1)),
        TimeWentBackwardsError,
    ),
    (
        "naive time",
        lambda j: j.touchpoint("dwp", "call", occurred_at=at(8).replace(tzinfo=None)),
        InvalidValueError,
    ),
    ("empty body", lambda j: j.touchpoint(" ", "call", occurred_at=at(3)), InvalidValueError),
    ("no items", lambda j: j.request_information("dwp", [], occurred_at=at(3)), InvalidValueError),
    (
        "items as a string",
        lambda j: j.provide_information("dwp", "nino", occurred_at=at(3)),
        InvalidValueError,
    ),
    (
        "via unknown hand-off",
        lambda j: j.open_case("dwp", "x", occurred_at=at(3), via_handoff="nope"),
        UnknownHandoffError,
    ),
    (
        "via unanswered hand-off",
        lambda j: j.open_case("dwp", "x", occurred_at=at(3), via_handoff="tuo-1"),
        HandoffNotAcceptedError,
    ),
]


@pytest.mark.parametrize(("name", "command", "error"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_commands_change_nothing(
    name: str, command: Command, error: type[JourneyRuleError]
) -> None:
    journey = bereavement()
    before = copy.deepcopy(journey.__dict__)
    with pytest.raises(error):
        command(journey)
    assert journey.__dict__ == before


def test_answering_twice_is_refused() -> None:
    journey = bereavement()
    journey.accept_handoff("tuo-1", occurred_at=at(3))
    before = copy.deepcopy(journey.__dict__)
    with pytest.raises(HandoffAlreadyAnsweredError, match="already accepted"):
        journey.reject_handoff("tuo-1", occurred_at=at(4))
    with pytest.raises(HandoffAlreadyAnsweredError):
        journey.accept_handoff("tuo-1", occurred_at=at(4))
    assert journey.__dict__ == before


def test_case_via_handoff_to_another_body_is_refused() -> None:
    journey = bereavement()
    journey.accept_handoff("tuo-1", occurred_at=at(3))
    with pytest.raises(HandoffNotAcceptedError, match="went to 'dwp'"):
        journey.open_case("hmrc", "x", occurred_at=at(3), via_handoff="tuo-1")


def test_nothing_after_the_end() -> None:
    journey = bereavement()
    journey.end(occurred_at=at(10))
    before = copy.deepcopy(journey.__dict__)
    with pytest.raises(JourneyEndedError):
        journey.touchpoint("dwp", "call", occurred_at=at(11))
    with pytest.raises(JourneyEndedError):
        journey.end(occurred_at=at(12))
    assert journey.__dict__ == before


def test_start_refuses_bad_values() -> None:
    with pytest.raises(InvalidValueError, match="unknown nation"):
        Journey.start(citizen="c", trigger="t", nation="mercia", occurred_at=T0)
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        Journey.start(citizen="c", trigger="t", nation="wales", occurred_at=datetime(2025, 1, 1))
    with pytest.raises(InvalidValueError, match="citizen"):
        Journey.start(citizen="", trigger="t", nation="wales", occurred_at=T0)
