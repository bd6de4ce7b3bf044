from __future__ import annotations

import inspect
import json
import subprocess
import sys
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.utils import get_topic

from journeys import Journey, JourneyApp, journey_id
from journeys.application import retry_on_conflict
from journeys.errors import ConflictError, JourneyNotFoundError, StoreError, UnknownBodyError
from journeys.event_registry import JOURNEY_EVENTS
from tests.conftest import StoreFactory
from tests.helpers import T0, at


def record_bereavement(app: JourneyApp, citizen: str = "c-1") -> Journey:
    journey = Journey.start(citizen=citizen, trigger="death", nation="england", occurred_at=T0)
    journey.open_case("dwp", "bereavement-support", occurred_at=at(1))
    journey.provide_information("dwp", ["date_of_death", "ni_number"], occurred_at=at(1))
    journey.send_handoff(
        "h-1", from_body="dwp", to_body="hmrc", items=["date_of_death"], occurred_at=at(2)
    )
    journey.accept_handoff("h-1", occurred_at=at(3))
    journey.end(occurred_at=at(9), outcome="settled")
    app.save(journey)
    return journey


def test_commands_record_one_event_each(app_factory: StoreFactory) -> None:
    app = app_factory()
    journey = app.start_journey(citizen="c-9", trigger="death", nation="wales", occurred_at=T0)
    app.open_case(journey, "dwp", "funeral-expenses", occurred_at=at(1))
    app.touchpoint(journey, "dwp", "phone call", occurred_at=at(1.5))
    app.provide_information(journey, "dwp", ["date_of_death"], occurred_at=at(2))
    app.request_information(journey, "hmrc", ["date_of_death"], occurred_at=at(2))
    app.send_handoff(journey, "h", from_body="dwp", to_body="hmrc", occurred_at=at(3))
    app.reject_handoff(journey, "h", occurred_at=at(4), reason="not ours")
    app.send_handoff(journey, "h2", from_body="dwp", to_body="dvla", occurred_at=at(5))
    app.accept_handoff(journey, "h2", occurred_at=at(6))
    app.close_case(journey, "dwp", "funeral-expenses", occurred_at=at(7))
    app.end_journey(journey, occurred_at=at(8))
    events = app.journey_events(journey)
    assert [e.originator_version for e in events] == list(range(1, 12))
    assert app.get_journey(journey).is_ended


# The app's name for each journey command: the method's own, but for start and end.
APP_COMMANDS = {
    event_type.command.__name__: {"start": "start_journey", "end": "end_journey"}.get(
        event_type.command.__name__, event_type.command.__name__
    )
    for event_type in JOURNEY_EVENTS
}


@pytest.mark.parametrize("method", sorted(set(APP_COMMANDS) - {"start"}))
def test_app_commands_are_the_journey_methods_addressed_by_id(method: str) -> None:
    journey_method = getattr(Journey, method)
    app_method = getattr(JourneyApp, APP_COMMANDS[method])
    parameters = list(inspect.signature(app_method).parameters.values())
    assert [p.name for p in parameters[:2]] == ["self", "journey_id"]
    assert parameters[1].annotation is UUID
    own = list(inspect.signature(journey_method, eval_str=True).parameters.values())
    assert parameters[2:] == own[1:]  # everything after the journey's self
    assert str(inspect.getdoc(journey_method)) in str(inspect.getdoc(app_method))
    assert app_method.__qualname__ == f"JourneyApp.{APP_COMMANDS[method]}"


def test_start_journey_is_journey_start_saved() -> None:
    signature = inspect.signature(JourneyApp.start_journey)
    start = inspect.signature(Journey.start, eval_str=True)
    assert list(signature.parameters.values())[1:] == list(start.parameters.values())
    assert signature.return_annotation is UUID
    assert str(inspect.getdoc(Journey.start)) in str(inspect.getdoc(JourneyApp.start_journey))


def test_an_app_command_records_one_event_in_one_transaction(
    app_factory: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory()
    journey = app.start_journey(citizen="c-3", trigger="death", nation="wales", occurred_at=T0)
    transactions: list[list[str]] = []
    insert_events = app.recorder.insert_events

    def counted(stored_events: Any, **kwargs: Any) -> Any:
        transactions.append([stored.topic for stored in stored_events])
        return insert_events(stored_events, **kwargs)

    monkeypatch.setattr(app.recorder, "insert_events", counted)
    before = app.max_position()
    app.open_case(journey, "dwp", "funeral-expenses", occurred_at=at(1))
    assert transactions == [[get_topic(Journey.CaseOpened)]]
    assert app.max_position() == before + 1
    assert app.get_journey(journey).version == 2


def test_unknown_body_is_refused_and_nothing_is_written(app_factory: StoreFactory) -> None:
    app = app_factory()
    journey = app.start_journey(citizen="c", trigger="death", nation="england", occurred_at=T0)
    before = app.max_position()
    with pytest.raises(UnknownBodyError, match="'no-such-body'"):
        app.send_handoff(journey, "h", from_body="dwp", to_body="no-such-body", occurred_at=at(1))
    assert app.max_position() == before
    assert app.get_journey(journey).version == 1


def test_round_trip_with_a_new_app_instance(app_factory: StoreFactory) -> None:
    written = record_bereavement(app_factory())
    reader = app_factory()
    assert reader.get_journey(written.id) == written
    events = reader.journey_events(written.id)
    assert events[2].items == frozenset({"date_of_death", "ni_number"})  # type: ignore[attr-defined]
    assert events[0].nation.value == "england"  # type: ignore[attr-defined]


def test_life_lists_a_citizens_journeys_in_start_order(app_factory: StoreFactory) -> None:
    app = app_factory()
    later = Journey.start(
        citizen="c-7", trigger="retirement", nation="scotland", occurred_at=at(400)
    )
    earlier = Journey.start(citizen="c-7", trigger="move", nation="england", occurred_at=at(10))
    other = Journey.start(citizen="c-8", trigger="birth", nation="wales", occurred_at=at(5))
    app.save(later, earlier, other)
    assert [j.id for j in app.life("c-7")] == [earlier.id, later.id]
    assert app.life("nobody") == []


def test_a_life_grows_across_saves(app_factory: StoreFactory) -> None:
    app = app_factory()
    first = Journey.start(citizen="c-5", trigger="birth", nation="wales", occurred_at=at(0))
    app.save(first)
    second = Journey.start(citizen="c-5", trigger="school", nation="wales", occurred_at=at(900))
    third = Journey.start(citizen="c-5", trigger="move", nation="england", occurred_at=at(300))
    app.save(second, third)
    assert [j.id for j in app_factory().life("c-5")] == [first.id, third.id, second.id]


def test_bulk_save_is_one_transaction(app_factory: StoreFactory) -> None:
    app = app_factory()
    good = Journey.start(citizen="c", trigger="t", nation="england", occurred_at=T0)
    bad = Journey.start(citizen="d", trigger="t", nation="england", occurred_at=T0)
    bad.open_case("unheard-of", "x", occurred_at=at(1))
    with pytest.raises(UnknownBodyError):
        app.save(good, bad)
    assert app.max_position() == 0
    assert list(app.journey_ids()) == []


def test_two_writers_conflict_and_retry_succeeds(app_factory: StoreFactory) -> None:
    app = app_factory()
    race = app.start_journey(citizen="c-2", trigger="death", nation="england", occurred_at=T0)
    first, second = app.get_journey(race), app.get_journey(race)
    first.touchpoint("dwp", "call", occurred_at=at(1))
    second.touchpoint("hmrc", "letter", occurred_at=at(1))
    app.save(first)
    with pytest.raises(ConflictError):
        app.save(second)
    retry_on_conflict(lambda: app.touchpoint(race, "hmrc", "letter", occurred_at=at(1)))
    assert [e.originator_version for e in app.journey_events(race)] == [1, 2, 3]


def test_deterministic_ids_make_a_second_start_a_conflict(app_factory: StoreFactory) -> None:
    app = app_factory()
    ident = journey_id("registrar-log", "case-1")
    app.start_journey(citizen="c", trigger="death", nation="england", occurred_at=T0, id=ident)
    assert app.has_journey(ident)
    with pytest.raises(ConflictError):
        app.start_journey(citizen="c", trigger="death", nation="england", occurred_at=T0, id=ident)


def test_missing_journey(app_factory: StoreFactory) -> None:
    app = app_factory()
    with pytest.raises(JourneyNotFoundError):
        app.get_journey(journey_id("x", "y"))
    with pytest.raises(JourneyNotFoundError):
        app.journey_events(journey_id("x", "y"))


def test_read_events_pages_through_journey_events_only(app_factory: StoreFactory) -> None:
    app = app_factory()
    record_bereavement(app, "a")
    record_bereavement(app, "b")
    positions = [position for position, _ in app.read_events(page_size=3)]
    assert len(positions) == 12  # Life index events are not journey events
    assert positions == sorted(positions)
    after = positions[5]
    assert [p for p, _ in app.read_events(after=after)] == positions[6:]
    pages = list(app.read_event_pages(page_size=5))
    assert [len(page) for page in pages] == [5, 5, 2]
    assert [position for page in pages for position, _ in page] == positions


def test_bad_store_configuration_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open"):
        JourneyApp({"PERSISTENCE_MODULE": "eventsourcing.sqlite"})


READER = """
import json, sys
from uuid import UUID
from journeys import JourneyApp
app = JourneyApp(json.loads(sys.argv[1]))
journey = app.get_journey(UUID(sys.argv[2]))
print(json.dumps({"version": journey.version, "citizen": journey.citizen,
                  "outcome": journey.outcome, "nation": journey.nation.value,
                  "handoffs": sorted(journey.handoffs),
                  "events": [type(e).__name__ for e in app.journey_events(journey.id)]}))
"""


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_journey_written_in_one_process_reads_back_in_another(
    store: str, request: pytest.FixtureRequest, tmp_path: object
) -> None:
    if store == "sqlite":
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "j.db"),
        }  # type: ignore[operator]
    else:
        env = request.getfixturevalue("postgres_env")
    writer = JourneyApp(env)
    journey = record_bereavement(writer)
    writer.close()
    result = subprocess.run(
        [sys.executable, "-c", READER, json.dumps(env), str(journey.id)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == {
        "version": 6,
        "citizen": "c-1",
        "outcome": "settled",
        "nation": "england",
        "handoffs": ["h-1"],
        "events": [
            "Started",
            "CaseOpened",
            "InformationProvided",
            "HandoffSent",
            "HandoffAccepted",
            "Ended",
        ],
    }
