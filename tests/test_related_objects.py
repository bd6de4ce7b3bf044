"""An OCEL event's other related objects are kept on its touchpoint (issue 15 part 1).

PM4Py's ``ocel20_example`` imported with ``Invoice`` journeys: each touchpoint
holds exactly the other objects its event relates (checked against the file read
with :mod:`json`, and against ``pm4py.read_ocel2_json`` when PM4Py is present),
and keeps them through every export and back. Their flat text
(:mod:`journeys.related`) round-trips whatever the ids hold.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, analyse, uk_catalogue
from journeys.errors import EventLogError, InvalidValueError
from journeys.event_registry import JOURNEY_EVENTS, FieldKind
from journeys.interop import (
    import_log,
    read_journey_csv,
    read_ocel,
    read_xes,
    write_journey_csv,
    write_ocel,
    write_xes,
)
from journeys.journey import journey_id
from journeys.related import RelatedObject, objects_text, parse_objects
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS

SOURCE = "ocel20_example"
Touchpoints = list[tuple[str, datetime, frozenset[RelatedObject]]]


def example() -> Path:
    return shared_data(f"{EVENTLOGS}/ocel20_example.jsonocel")


def invoice_store() -> JourneyApp:
    app = JourneyApp.in_memory()
    import_log(app, example(), journey_object_type="Invoice", source=SOURCE)
    return app


def touchpoints(events: Iterable[Journey.Event]) -> Touchpoints:
    return [
        (event.activity, event.occurred_at, event.objects)
        for event in events
        if isinstance(event, Journey.Touchpoint)
    ]


def expected_from_json(path: Path, journey_type: str) -> dict[str, Touchpoints]:
    """Each journey object's events, with their other related objects, read with json."""
    document = json.loads(path.read_text(encoding="utf-8"))
    types = {obj["id"]: obj["type"] for obj in document["objects"]}
    expected: dict[str, Touchpoints] = {}
    for event in document["events"]:
        relations = event.get("relationships", [])
        journeys = dict.fromkeys(
            r["objectId"] for r in relations if types[r["objectId"]] == journey_type
        )
        for journey in journeys:
            others = frozenset(
                RelatedObject(r["objectId"], types[r["objectId"]], r.get("qualifier", ""))
                for r in relations
                if r["objectId"] != journey
            )
            when = datetime.fromisoformat(event["time"])
            expected.setdefault(journey, []).append((event["type"], when, others))
    for events in expected.values():
        events.sort(key=lambda event: event[1])  # stable: ties in file order
    return expected


# --- the import ---------------------------------------------------------------------------


def test_each_touchpoint_holds_its_events_other_related_objects() -> None:
    app = invoice_store()
    expected = expected_from_json(example(), "Invoice")
    assert len(expected) == 3
    for invoice, events in expected.items():
        assert touchpoints(app.journey_events(journey_id(SOURCE, invoice))) == events
    # Not every event relates another object, and some relate several.
    kept = [objects for events in expected.values() for _, _, objects in events]
    assert any(kept)
    first = touchpoints(app.journey_events(journey_id(SOURCE, "R1")))[0]
    assert first[2] == {
        RelatedObject("PO1", "Purchase Order", "Invoice created starting from the PO")
    }


@pytest.mark.interop
def test_the_related_objects_are_those_pm4py_reads() -> None:
    pm4py = pytest.importorskip("pm4py")
    relations = pm4py.read_ocel2_json(str(example())).relations
    rows = relations.to_dict("records")
    by_event: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_event.setdefault(row["ocel:eid"], []).append(row)
    expected: dict[str, list[tuple[str, frozenset[RelatedObject]]]] = {}
    for related in by_event.values():
        for row in related:
            if row["ocel:type"] != "Invoice":
                continue
            others = frozenset(
                RelatedObject(
                    other["ocel:oid"],
                    other["ocel:type"],
                    other["ocel:qualifier"] if isinstance(other["ocel:qualifier"], str) else "",
                )
                for other in related
                if other["ocel:oid"] != row["ocel:oid"]
            )
            expected.setdefault(row["ocel:oid"], []).append((row["ocel:activity"], others))
    app = invoice_store()
    assert len(expected) == len(list(app.journey_ids())) == 3
    for invoice, events in expected.items():
        got = [
            (activity, objects)
            for activity, _, objects in touchpoints(app.journey_events(journey_id(SOURCE, invoice)))
        ]
        assert sorted(got, key=repr) == sorted(events, key=repr)


# --- every export and back ----------------------------------------------------------------

Writer = Callable[[Any, Path], int]
Reader = Callable[..., Iterator[Journey]]
FORMATS: dict[str, tuple[Writer, Reader]] = {
    "events.csv": (write_journey_csv, read_journey_csv),
    "events.jsonocel": (write_ocel, read_ocel),
    "events.xes": (write_xes, read_xes),
}


@pytest.mark.parametrize("name", FORMATS)
def test_every_export_keeps_the_related_objects(name: str, tmp_path: Path) -> None:
    app = invoice_store()
    stored = sorted(touchpoints(app.journey_events(journey)) for journey in app.journey_ids())
    write, read = FORMATS[name]
    write(app, tmp_path / name)
    back = sorted(
        touchpoints(journey.collect_events())
        for journey in read(tmp_path / name, catalogue=app.catalogue)
    )
    assert back == stored
    assert any(objects for journey in back for _, _, objects in journey)


def test_the_export_writes_them_as_the_objects_column_and_attribute(tmp_path: Path) -> None:
    app = invoice_store()
    write_journey_csv(app, tmp_path / "events.csv")
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    header = list(rows[0])
    assert header.index("objects") == header.index("started_at") + 1
    assert any(row["objects"] == "Payment:P1:Payment inserted with identifier" for row in rows)
    write_ocel(app, tmp_path / "events.jsonocel")
    document = json.loads((tmp_path / "events.jsonocel").read_text(encoding="utf-8"))
    touchpoint_type = next(t for t in document["eventTypes"] if t["name"] == "touchpoint")
    assert {"name": "objects", "type": "string"} in touchpoint_type["attributes"]
    values = [
        attribute["value"]
        for event in document["events"]
        for attribute in event["attributes"]
        if attribute["name"] == "objects"
    ]
    assert "Payment:P1:Payment inserted with identifier" in values
    write_xes(app, tmp_path / "events.xes")
    assert 'key="objects" value="Payment:P1:Payment inserted with identifier"' in (
        tmp_path / "events.xes"
    ).read_text(encoding="utf-8")


def test_a_touchpoint_without_related_objects_writes_none(tmp_path: Path) -> None:
    journey = plain_journey(frozenset())
    events = list(journey.collect_events())
    write_ocel(events, tmp_path / "events.jsonocel")
    document = json.loads((tmp_path / "events.jsonocel").read_text(encoding="utf-8"))
    assert all(a["name"] != "objects" for e in document["events"] for a in e["attributes"])
    write_xes(events, tmp_path / "events.xes")
    assert 'key="objects"' not in (tmp_path / "events.xes").read_text(encoding="utf-8")
    write_journey_csv(events, tmp_path / "events.csv")
    (row,) = [line for line in (tmp_path / "events.csv").read_text().splitlines() if "call" in line]
    assert row.endswith(",")  # the objects column is empty


# --- the flat text ------------------------------------------------------------------------


def test_the_flat_text_of_related_objects() -> None:
    objects = {
        RelatedObject("o1", "Order", "placed"),
        RelatedObject("i;2", "Item"),
        RelatedObject("a:b", "Odd type: yes", "50% off"),
        RelatedObject(" padded ", "Letter", "line\none"),
    }
    text = objects_text(objects)
    assert text == (
        "Letter:%20padded%20:line%0Aone;Odd type%3A yes:a%3Ab:50%25 off;Item:i%3B2;Order:o1:placed"
    )
    assert parse_objects(text) == objects
    assert parse_objects("") == frozenset()
    assert parse_objects("Order:o1:") == {RelatedObject("o1", "Order")}
    assert objects_text(()) == ""


@pytest.mark.parametrize(
    "text", ["Order", "Order:o1:q:more", "Order:o%zz", "Order:", ":o1", "Order:o%FF", "A:b;;C:d"]
)
def test_flat_text_that_is_not_the_form_is_refused(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_objects(text)


def test_the_command_checks_the_related_objects() -> None:
    journey = Journey.start(citizen="c", trigger="t", nation="england", occurred_at=at(0))
    for bad in (["Order:o1"], [RelatedObject("", "Order")], [RelatedObject("o\x00", "Order")]):
        with pytest.raises(InvalidValueError):
            journey.touchpoint("dwp", "call", occurred_at=at(1), objects=bad)
    assert len(list(journey.collect_events())) == 1  # nothing recorded
    journey.touchpoint("dwp", "call", occurred_at=at(1), objects="Order:o1;Order:o1")
    touchpoint = list(journey.collect_events())[-1]
    assert isinstance(touchpoint, Journey.Touchpoint)
    assert touchpoint.objects == {RelatedObject("o1", "Order")}


def test_related_objects_are_not_information_items() -> None:
    touchpoint = JOURNEY_EVENTS.of(Journey.Touchpoint)
    kinds = {field.name: field.kind for field in touchpoint.fields}
    assert kinds["objects"] is FieldKind.OBJECTS
    assert all(field.kind is not FieldKind.ITEMS for field in touchpoint.fields)
    # The gap analysis is the same with or without them.
    objects = frozenset({RelatedObject("date_of_death", "fact"), RelatedObject("o1", "Order")})
    with_objects = analyse(list(plain_journey(objects).collect_events())).to_json()
    without = analyse(list(plain_journey(frozenset()).collect_events())).to_json()
    assert with_objects == without
    assert "reask" in {finding["kind"] for finding in without["findings"]}


def test_a_bad_objects_cell_is_an_error_with_its_line(tmp_path: Path) -> None:
    write_journey_csv(list(plain_journey(frozenset()).collect_events()), tmp_path / "ok.csv")
    with (tmp_path / "ok.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    column = rows[0].index("objects")
    row = next(index for index, cells in enumerate(rows) if "call" in cells)
    rows[row][column] = "Order:o%zz"
    with (tmp_path / "bad.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    with pytest.raises(EventLogError, match=f"line {row + 1}") as raised:
        list(read_journey_csv(tmp_path / "bad.csv", catalogue=uk_catalogue()))
    assert "percent-encoded" in str(raised.value)


def at(hours: float) -> datetime:
    return datetime(2025, 1, 6, tzinfo=UTC).replace(hour=int(hours))


def plain_journey(objects: frozenset[RelatedObject]) -> Journey:
    journey = Journey.start(
        citizen="c", trigger="t", nation="england", occurred_at=at(0), id=journey_id("t", "c")
    )
    journey.provide_information("dwp", ["date_of_death"], occurred_at=at(1))
    journey.touchpoint("dwp", "call", occurred_at=at(2), objects=objects)
    journey.request_information("hmrc", ["date_of_death"], occurred_at=at(3))
    journey.end(occurred_at=at(4))
    return journey


# --- a property: any ids round-trip through every flat format --------------------------------

_AWKWARD = st.sampled_from([";", ":", ",", "%", "%3B", " ", "\t", "\n", "\r", '"', "'", "<", "&"])
_PART = st.lists(
    st.one_of(_AWKWARD, st.characters(blacklist_categories=("Cs", "Cc"))), min_size=1, max_size=8
).map("".join)
_OBJECTS = st.frozensets(
    st.builds(RelatedObject, _PART, _PART, st.one_of(st.just(""), _PART)), max_size=4
)


@given(_OBJECTS)
def test_related_objects_with_awkward_characters_round_trip(
    objects: frozenset[RelatedObject],
) -> None:
    assert parse_objects(objects_text(objects)) == objects
    events = list(plain_journey(objects).collect_events())
    with tempfile.TemporaryDirectory() as folder:
        for name, (write, read) in FORMATS.items():
            path = Path(folder) / name
            write(events, path)
            (journey,) = read(path, catalogue=uk_catalogue())
            assert [t[2] for t in touchpoints(journey.collect_events())] == [objects], name
