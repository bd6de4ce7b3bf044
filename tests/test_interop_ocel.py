"""OCEL 2.0 JSON export: shape, relationships, and the round trip back into journeys."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from journeys import JourneyApp, uk_catalogue
from journeys.errors import EventLogError
from journeys.interop import import_log, read_ocel, write_ocel
from journeys.interop.ocel import EVENT_ATTRIBUTES, OBJECT_TYPES
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS, sample_journeys, stored_contents, write_text


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    with JourneyApp.in_memory() as app:
        app.save(*sample_journeys())
        path = tmp_path / "journeys.jsonocel"
        assert write_ocel(app, path) == 3 * 14
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_export_has_the_shape_of_the_ocel_2_example(exported: tuple[Path, dict[str, Any]]) -> None:
    example = json.loads(
        shared_data(f"{EVENTLOGS}/ocel20_example.jsonocel").read_text(encoding="utf-8")
    )
    _, ours = exported
    assert set(ours) == set(example)
    for key in ("objectTypes", "eventTypes"):
        for declared in (*example[key], *ours[key]):
            assert set(declared) == {"name", "attributes"}
            assert all(set(a) == {"name", "type"} for a in declared["attributes"])
    for obj in (*example["objects"], *ours["objects"]):
        assert {"id", "type"} <= set(obj) <= {"id", "type", "attributes", "relationships"}
        assert all(set(a) == {"name", "time", "value"} for a in obj.get("attributes", []))
        assert all(set(r) == {"objectId", "qualifier"} for r in obj.get("relationships", []))
    for event in (*example["events"], *ours["events"]):
        assert {"id", "type", "time"} <= set(event)
        assert all(set(a) == {"name", "value"} for a in event.get("attributes", []))
        assert all(set(r) == {"objectId", "qualifier"} for r in event.get("relationships", []))


def test_types_objects_and_relationships(exported: tuple[Path, dict[str, Any]]) -> None:
    _, ours = exported
    assert [t["name"] for t in ours["objectTypes"]] == list(OBJECT_TYPES)
    assert [t["name"] for t in ours["eventTypes"]] == list(EVENT_ATTRIBUTES)
    objects = {obj["id"]: obj for obj in ours["objects"]}
    assert Counter(obj["type"] for obj in objects.values()) == {
        "citizen": 2,
        "journey": 3,
        "case": 6,
        "handoff": 6,
        "body": 4,
    }
    dwp = objects["body:dwp"]
    assert {a["name"]: a["value"] for a in dwp["attributes"]}["tier"] == "central"
    declared = {t["name"]: {a["name"] for a in t["attributes"]} for t in ours["objectTypes"]}
    declared_events = {t["name"]: {a["name"] for a in t["attributes"]} for t in ours["eventTypes"]}
    ids = [event["id"] for event in ours["events"]]
    assert len(ids) == len(set(ids))
    for event in ours["events"]:
        related = {r["qualifier"]: r["objectId"] for r in event["relationships"]}
        # Every event names its journey and citizen; every relationship names a real object,
        # and an event never names one object twice.
        assert related["journey"].startswith("journey:")
        assert related["subject"].startswith("citizen:")
        targets = [r["objectId"] for r in event["relationships"]]
        assert len(targets) == len(set(targets))
        assert all(target in objects for target in targets)
        assert {a["name"] for a in event["attributes"]} <= declared_events[event["type"]]
        assert event["time"].endswith("+00:00")
        if event["type"] == "handoff_sent":
            assert {"sender", "recipient", "handoff"} <= set(related)
        if event["type"] in {"case_opened", "case_closed"}:
            assert objects[related["case"]]["type"] == "case"
    for obj in objects.values():
        assert {a["name"] for a in obj["attributes"]} <= declared[obj["type"]]


def test_journey_ids_survive_so_importing_twice_adds_nothing(
    exported: tuple[Path, dict[str, Any]],
) -> None:
    path, document = exported
    journey_objects = [o["id"] for o in document["objects"] if o["type"] == "journey"]
    with JourneyApp.in_memory() as app:
        assert import_log(app, path).imported == 3
        assert [f"journey:{j}" for j in app.journey_ids()] == journey_objects
        position = app.max_position()
        again = import_log(app, path)
        assert (again.imported, again.skipped) == (0, 3)
        assert app.max_position() == position
    assert [j.id for j in read_ocel(path, catalogue=uk_catalogue())] == [
        UUID(o.removeprefix("journey:")) for o in journey_objects
    ]


def test_round_trip_is_equal_event_for_event(tmp_path: Path) -> None:
    with JourneyApp.in_memory() as app:
        app.save(*sample_journeys())
        expected = stored_contents(app)
        path = tmp_path / "out.jsonocel"
        write_ocel(app, path)
    with JourneyApp.in_memory() as again:
        import_log(again, path)
        assert stored_contents(again) == expected


def test_a_real_log_round_trips_through_ocel(tmp_path: Path) -> None:
    log = shared_data(f"{EVENTLOGS}/roadtraffic100traces.xes")
    with JourneyApp.in_memory() as app:
        import_log(app, log)
        expected = stored_contents(app)
        path = tmp_path / "roadtraffic.jsonocel"
        write_ocel(app, path)
    # A fresh store with only the bundled catalogue: the generated bodies come from the file.
    with JourneyApp.in_memory() as again:
        report = import_log(again, path)
        assert "unknown" in report.new_bodies
        assert stored_contents(again) == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["events"][0].update(type="teleported"), "unknown event type"),
        (lambda d: d["events"][3].update(time="yesterday"), "malformed timestamp"),
        (lambda d: d["events"][5]["relationships"].pop(0), "related to no journey"),
        (lambda d: d["events"].pop(0), "does not begin with a started event"),
        (lambda d: d["events"][6]["attributes"][0].update(value="h-404"), "never sent"),
        (lambda d: d.pop("objects"), "'objects' must be a list"),
    ],
)
def test_bad_ocel_is_refused_naming_the_event_and_nothing_is_written(
    exported: tuple[Path, dict[str, Any]], tmp_path: Path, change: Any, message: str
) -> None:
    _, document = exported
    change(document)
    path = write_text(tmp_path / "bad.jsonocel", json.dumps(document))
    with JourneyApp.in_memory() as app:
        with pytest.raises(EventLogError, match=message) as caught:
            import_log(app, path)
        assert app.max_position() == 0
    assert caught.value.source == str(path)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = write_text(tmp_path / "broken.jsonocel", '{\n  "objects": [\n  ,]\n}')
    with pytest.raises(EventLogError, match="not valid JSON") as caught:
        list(read_ocel(path, catalogue=uk_catalogue()))
    assert caught.value.line == 3
