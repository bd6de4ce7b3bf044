"""The journey-events CSV: round trip, ordering, ids, and every bad row refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from journeys import Journey, JourneyApp, journey_id, uk_catalogue
from journeys.errors import EventLogError
from journeys.interop import (
    JOURNEY_CSV_COLUMNS,
    LogMapping,
    import_log,
    read_journey_csv,
    write_journey_csv,
)
from tests.helpers import T0
from tests.interop_data import contents, sample_journeys, write_text

HEADER = ",".join(JOURNEY_CSV_COLUMNS)


def row(journey: str, occurred_at: str, event: str, **values: str) -> str:
    fields = {"journey": journey, "occurred_at": occurred_at, "event": event, **values}
    return ",".join(fields.get(name, "") for name in JOURNEY_CSV_COLUMNS)


def started(journey: str, occurred_at: str = "2025-03-01T09:00:00+00:00") -> str:
    return row(
        journey, occurred_at, "started", citizen=f"c-{journey}", trigger="death", nation="england"
    )


def test_write_then_read_gives_the_same_events(tmp_path: Path) -> None:
    journeys = sample_journeys()
    events = [event for journey in journeys for event in journey.pending_events]
    path = tmp_path / "journeys.csv"
    assert write_journey_csv(events, path) == len(events)

    read = list(read_journey_csv(path, catalogue=uk_catalogue()))

    assert [contents(j.pending_events) for j in read] == [
        contents(j.pending_events) for j in journeys
    ]
    assert [j.id for j in read] == [journey_id("journeys.csv", str(j.id)) for j in journeys]


def test_a_store_round_trips_through_the_csv(tmp_path: Path) -> None:
    with JourneyApp.in_memory() as app:
        app.save(*sample_journeys())
        buffer = io.StringIO()
        write_journey_csv(app, buffer)
    path = write_text(tmp_path / "store.csv", buffer.getvalue())
    read = list(read_journey_csv(path, catalogue=uk_catalogue(), source="store"))
    assert len(read) == 3
    assert sum(len(j.pending_events) for j in read) == buffer.getvalue().count("\n") - 1


def test_interleaved_rows_are_ordered_by_time_with_ties_in_file_order(tmp_path: Path) -> None:
    lines = [
        HEADER,
        row("b", "2025-03-02T10:00:00+01:00", "touchpoint", body="dwp", activity="call"),
        started("a"),
        row("a", "2025-03-03T09:00:00+00:00", "touchpoint", body="hmrc", activity="second"),
        started("b"),
        row("a", "2025-03-02T09:00:00+00:00", "touchpoint", body="dwp", activity="tie 1"),
        row("a", "2025-03-02T09:00:00Z", "touchpoint", body="dvla", activity="tie 2"),
        row("b", "2025-03-05T09:00:00+00:00", "ended", outcome="done"),
    ]
    path = write_text(tmp_path / "mixed.csv", "\n".join(lines) + "\n")

    journeys = list(read_journey_csv(path, catalogue=uk_catalogue(), source="demo"))

    # Journeys in order of first appearance in the file.
    assert [j.id for j in journeys] == [journey_id("demo", "b"), journey_id("demo", "a")]
    b, a = journeys
    assert [getattr(e, "activity", None) for e in a.pending_events] == [
        None,
        "tie 1",
        "tie 2",
        "second",
    ]
    assert b.pending_events[1].occurred_at.isoformat() == "2025-03-02T09:00:00+00:00"
    assert b.is_ended


def test_the_source_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = write_text(tmp_path / "log.csv", f"{HEADER}\n{started('k')}\n")
    (journey,) = read_journey_csv(path, catalogue=uk_catalogue())
    assert journey.id == journey_id("log.csv", "k")


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    text = (
        "journey,occurred_at,event,citizen,trigger,nation,body,activity\n"
        "j,2025-03-01T09:00:00+00:00,started,c,birth,scotland,,\n"
        "j,2025-03-02T09:00:00+00:00,touchpoint,,,,nrs,registration\n"
    )
    (journey,) = read_journey_csv(
        write_text(tmp_path / "short.csv", text), catalogue=uk_catalogue()
    )
    assert len(journey.pending_events) == 2


BAD_ROWS = {
    "unknown body": (
        row("j", "2025-03-02T09:00:00+00:00", "touchpoint", body="ministry-of-magic", activity="x"),
        "ministry-of-magic",
    ),
    "accepting a hand-off never sent": (
        row("j", "2025-03-02T09:00:00+00:00", "handoff_accepted", handoff="h-404"),
        "h-404",
    ),
    "malformed timestamp": (
        row("j", "2025-13-45T09:00:00+00:00", "touchpoint", body="dwp", activity="x"),
        "2025-13-45T09:00:00+00:00",
    ),
    "timestamp without offset": (
        row("j", "2025-03-02T09:00:00", "touchpoint", body="dwp", activity="x"),
        "2025-03-02T09:00:00",
    ),
    "unknown event": (row("j", "2025-03-02T09:00:00+00:00", "teleported"), "teleported"),
    "missing required value": (
        row("j", "2025-03-02T09:00:00+00:00", "case_opened", body="dwp"),
        "",
    ),
    "a second started event": (started("j", "2025-03-03T09:00:00+00:00"), "j"),
    "hand-off to the same body": (
        row(
            "j", "2025-03-02T09:00:00+00:00", "handoff_sent", handoff="h", body="dwp", to_body="dwp"
        ),
        "h",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_row_names_file_line_and_value_and_nothing_is_written(
    case: str, tmp_path: Path
) -> None:
    bad, value = BAD_ROWS[case]
    # Good journeys before and after the bad row: the whole file is refused.
    lines = [HEADER, started("good"), started("j"), bad, started("later")]
    path = write_text(tmp_path / "bad.csv", "\n".join(lines) + "\n")
    with JourneyApp.in_memory() as app:
        app.save(*sample_journeys()[:1])
        before = app.max_position()
        with pytest.raises(EventLogError) as caught:
            import_log(app, path)
        assert app.max_position() == before
    error = caught.value
    assert error.source == str(path)
    assert error.line == 4
    assert error.value == value
    assert f"{path}, line 4: " in str(error)


def test_a_journey_must_begin_with_started(tmp_path: Path) -> None:
    lines = [HEADER, row("j", "2025-02-28T09:00:00+00:00", "ended"), started("j")]
    path = write_text(tmp_path / "late-start.csv", "\n".join(lines) + "\n")
    with pytest.raises(EventLogError, match="does not begin with a started event") as caught:
        list(read_journey_csv(path, catalogue=uk_catalogue()))
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("journey,occurred_at,body", "missing column 'event'"),
        ("journey,occurred_at,event,colour", "unknown column 'colour'"),
    ],
)
def test_a_bad_header_is_refused_on_line_1(tmp_path: Path, header: str, message: str) -> None:
    path = write_text(tmp_path / "header.csv", f"{header}\n")
    with JourneyApp.in_memory() as app:
        app.save(*sample_journeys()[:1])
        before = app.max_position()
        with pytest.raises(EventLogError, match=message) as caught:
            import_log(app, path, format="csv")
        assert app.max_position() == before
    assert caught.value.line == 1


def test_a_mapping_does_not_apply_to_the_journey_events_csv(tmp_path: Path) -> None:
    path = write_text(tmp_path / "log.csv", f"{HEADER}\n{started('k')}\n")
    refused = pytest.raises(EventLogError, match=r"activity and OCEL 2\.0 logs")
    with JourneyApp.in_memory() as app, refused:
        import_log(app, path, mapping=LogMapping())


def test_a_row_with_too_many_fields_is_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path / "wide.csv", f"{HEADER}\n{started('j')},extra\n")
    with pytest.raises(EventLogError, match="fields") as caught:
        list(read_journey_csv(path, catalogue=uk_catalogue()))
    assert caught.value.line == 2


def test_items_with_the_separator_cannot_be_written() -> None:
    journey = Journey.start(citizen="c", trigger="death", nation="england", occurred_at=T0)
    journey.provide_information("dwp", ["a;b"], occurred_at=T0)
    with pytest.raises(EventLogError, match="';'"):
        write_journey_csv(journey.pending_events, io.StringIO())
