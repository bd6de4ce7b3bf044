"""OCEL 2.0 logs from other tools, in JSON, XML and SQLite, imported as journeys.

PM4Py's own ``ocel20_example`` (../shared/data/eventlogs) is read in its three
serialisations; the tests marked ``interop`` (``nox -s interop``, skipped without
PM4Py) check the imported journeys' activity map against ``pm4py.ocel_flattening``
and PM4Py's performance DFG, edge for edge, for that log and for one written by
PM4Py's own OCEL 2.0 writers from a generated object-centric log.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from journeys import JourneyApp
from journeys.cli import main
from journeys.errors import EventLogError
from journeys.interop import import_log, write_ocel
from journeys.interop.activity_csv import ActivityColumns
from journeys.interop.importer import LogFormat, detect_format
from journeys.interop.ocel2 import open_ocel
from journeys.interop.ocel2_log import Ocel2Log, RelatedObject
from journeys.journey import journey_id
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS, sample_journeys, stored_contents, write_text
from tests.test_fuzz_inputs import mutate, parse
from tests.test_hostile_input import Loader

EXAMPLE = f"{EVENTLOGS}/ocel20_example"
FORMATS = {
    "jsonocel": LogFormat.OCEL,
    "xmlocel": LogFormat.OCEL_XML,
    "sqlite": LogFormat.OCEL_SQLITE,
}
OBJECT_TYPES = ("Invoice", "Payment", "Purchase Order", "Purchase Requisition")
CET = timezone(timedelta(hours=1))
"""The JSON example writes UTC times; its XML and SQLite twins write the same
times naive, one hour later: they were written in Central European Time."""


def example(extension: str) -> Path:
    return shared_data(f"{EXAMPLE}.{extension}")


def import_example(extension: str, object_type: str, **options: Any) -> tuple[JourneyApp, Any]:
    app = JourneyApp.in_memory()
    zone = UTC if extension == "jsonocel" else CET
    report = import_log(
        app,
        example(extension),
        journey_object_type=object_type,
        source="ocel20_example",
        timezone=zone,
        **options,
    )
    return app, report


# --- PM4Py's example in three serialisations -------------------------------------------


@pytest.mark.parametrize("extension", FORMATS)
def test_the_format_is_detected_from_the_extension(extension: str) -> None:
    assert detect_format(example(extension)) is FORMATS[extension]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("x.sqlite3", LogFormat.OCEL_SQLITE), ("x.JSON", LogFormat.OCEL), ("x.XMLOCEL", "ocel-xml")],
)
def test_other_ocel_extensions_are_detected(name: str, expected: str) -> None:
    assert detect_format(name) == expected


@pytest.mark.parametrize("name", ["log.db", "log.xml"])
def test_ambiguous_extensions_ask_for_the_format(name: str) -> None:
    with pytest.raises(EventLogError, match="ocel-xml, ocel-sqlite"):
        detect_format(name)


@pytest.mark.parametrize("object_type", OBJECT_TYPES)
def test_the_three_serialisations_give_the_same_journeys(object_type: str) -> None:
    stored = [stored_contents(import_example(ext, object_type)[0]) for ext in FORMATS]
    assert stored[0] == stored[1] == stored[2]
    assert stored[0]


def test_each_purchase_order_is_a_journey_of_its_events_in_time_order() -> None:
    app, report = import_example("xmlocel", "Purchase Order")
    assert (report.journeys, report.imported, report.events) == (2, 2, 9)
    assert report.format is LogFormat.OCEL_XML
    first = journey_id("ocel20_example", "PO1")
    events = app.journey_events(first)
    activities = [event.activity for event in events if hasattr(event, "activity")]
    assert activities == [
        "Create Purchase Order",
        "Change PO Quantity",
        "Insert Invoice",
        "Insert Invoice",
    ]
    assert events[0].citizen == "ocel20_example:PO1"
    assert events[1].occurred_at == datetime(2022, 1, 10, 8, 15, tzinfo=UTC)
    assert {event.body for event in events if hasattr(event, "body")} == {"unknown"}


def test_importing_again_adds_nothing() -> None:
    app, _ = import_example("sqlite", "Invoice")
    again = import_log(
        app,
        example("sqlite"),
        journey_object_type="Invoice",
        source="ocel20_example",
        timezone=CET,
    )
    assert (again.journeys, again.imported, again.skipped) == (3, 0, 3)


@pytest.mark.parametrize("extension", FORMATS)
def test_a_log_with_several_object_types_asks_which_is_the_journey(extension: str) -> None:
    with JourneyApp.in_memory() as app:
        with pytest.raises(EventLogError, match="choose the journey object type") as caught:
            import_log(app, example(extension))
        assert app.max_position() == 0
    message = str(caught.value)
    assert message.startswith(str(example(extension)))
    assert all(repr(kind) in message for kind in OBJECT_TYPES)


def test_an_object_type_the_log_lacks_is_refused_listing_its_types() -> None:
    with pytest.raises(EventLogError, match=r"no objects of type 'Order'.*'Payment'"):
        import_log(JourneyApp.in_memory(), example("jsonocel"), journey_object_type="Order")


def test_the_body_comes_from_the_chosen_event_attribute() -> None:
    app, report = import_example(
        "jsonocel", "Purchase Requisition", columns=ActivityColumns(resource="pr_approver")
    )
    assert set(report.new_bodies) == {"Tania", "unknown"}
    bodies = [e.body for e in app.journey_events(journey_id("ocel20_example", "PR1"))[1:-1]]
    assert bodies == ["unknown", "Tania", "unknown"]


def test_a_mapping_gives_the_bodies_of_activities(tmp_path: Path) -> None:
    mapping = write_text(
        tmp_path / "mapping.toml",
        '[journey]\ntrigger = "purchase"\n'
        '[activity."Create Purchase Order"]\nbody = "hmrc"\nopens_case = "purchase"\n'
        '[activity."Insert Invoice"]\nbody = "hmrc"\n'
        '[activity."Change PO Quantity"]\nbody = "hmrc"\n',
    )
    app, report = import_example("jsonocel", "Purchase Order", mapping=mapping)
    assert report.new_bodies == ()
    names = [type(e).__name__ for e in app.journey_events(journey_id("ocel20_example", "PO1"))]
    assert names == [
        "Started",
        "CaseOpened",
        "Touchpoint",
        "Touchpoint",
        "Touchpoint",
        "Touchpoint",
        "Ended",
    ]


def test_the_cli_imports_with_the_journey_object_type(tmp_path: Path) -> None:
    database = tmp_path / "store.db"
    arguments = ["import", str(example("xmlocel")), "--db", str(database), "-q"]
    refused = CliRunner().invoke(main, arguments)
    assert refused.exit_code != 0
    assert "choose the journey object type" in refused.output
    result = CliRunner().invoke(main, [*arguments, "--journey-object-type", "Invoice"])
    assert result.exit_code == 0, result.output
    with JourneyApp.sqlite(database) as app:
        assert len(list(app.journey_ids())) == 3


def test_each_event_keeps_its_other_related_objects() -> None:
    log = open_ocel(
        example("jsonocel"),
        "ocel",
        catalogue=JourneyApp.in_memory().catalogue,
        journey_object_type="Purchase Order",
    )
    assert isinstance(log, Ocel2Log)
    related = log.related_objects()
    assert related["PO1"][0] == (
        RelatedObject("PR1", "Purchase Requisition", "Created order from PR"),
    )
    assert related["PO1"][1] == ()
    assert related["PO1"][2] == (RelatedObject("R1", "Invoice", "Invoice created with identifier"),)
    assert log.chosen_object_type == "Purchase Order"
    assert log.empty_objects == 0


# --- our own export keeps its replay path ---------------------------------------------


def test_our_own_export_still_replays_into_the_journeys_it_came_from(tmp_path: Path) -> None:
    source = JourneyApp.in_memory()
    source.save(*sample_journeys())
    path = tmp_path / "ours.jsonocel"
    write_ocel(source, path)
    target = JourneyApp.in_memory()
    import_log(target, path)
    assert stored_contents(target) == stored_contents(source)
    other = JourneyApp.in_memory()
    report = import_log(other, path, journey_object_type="case")
    assert report.journeys > 0
    assert set(stored_contents(other)).isdisjoint(stored_contents(source))


# --- small documents: order, refusals, typed errors -----------------------------------


def ocel_json(events: list[dict[str, Any]], objects: list[dict[str, Any]]) -> str:
    return json.dumps({"objectTypes": [], "eventTypes": [], "objects": objects, "events": events})


def event(event_id: str, kind: str, time: str, *objects: str) -> dict[str, Any]:
    relations = [{"objectId": o, "qualifier": "q"} for o in objects]
    return {"id": event_id, "type": kind, "time": time, "relationships": relations}


CLAIM = [{"id": "c1", "type": "claim"}, {"id": "c2", "type": "claim"}]


def test_ties_in_time_keep_file_order_and_an_event_joins_each_journey_once(
    tmp_path: Path,
) -> None:
    events = [
        event("e1", "Later", "2024-01-02T00:00:00Z", "c1"),
        event("e2", "B", "2024-01-01T00:00:00Z", "c1", "c1", "c2"),
        event("e3", "A", "2024-01-01T00:00:00Z", "c1"),
    ]
    path = write_text(tmp_path / "log.jsonocel", ocel_json(events, CLAIM))
    app = JourneyApp.in_memory()
    report = import_log(app, path, source="s")
    assert report.journeys == 2
    touchpoints = app.journey_events(journey_id("s", "c1"))[1:-1]
    assert [t.activity for t in touchpoints] == ["B", "A", "Later"]


def test_objects_of_the_journey_type_without_events_are_skipped(tmp_path: Path) -> None:
    events = [event("e1", "Apply", "2024-01-01T00:00:00Z", "c1")]
    path = write_text(tmp_path / "log.jsonocel", ocel_json(events, CLAIM))
    app = JourneyApp.in_memory()
    assert import_log(app, path).journeys == 1
    log = open_ocel(path, "ocel", catalogue=app.catalogue)
    assert isinstance(log, Ocel2Log)
    assert (log.chosen_object_type, log.empty_objects) == ("claim", 1)


OCEL1_JSON = '{"ocel:global-log": {"ocel:version": "1.0"}, "ocel:events": {}, "ocel:objects": {}}'
OCEL1_XML = '<?xml version="1.0"?>\n<log>\n  <global scope="event"/>\n  <events/>\n</log>\n'


@pytest.mark.parametrize(("name", "text"), [("a.jsonocel", OCEL1_JSON), ("a.xmlocel", OCEL1_XML)])
def test_ocel_1_is_refused_saying_ocel_2_is_supported(tmp_path: Path, name: str, text: str) -> None:
    path = write_text(tmp_path / name, text)
    with pytest.raises(EventLogError, match=r"OCEL 1\.0 log: OCEL 2\.0 is the supported standard"):
        import_log(JourneyApp.in_memory(), path)


XML_EVENT = (
    '<?xml version="1.0"?>\n<log>\n<objects><object id="c1" type="claim"/></objects>\n'
    "<events>\n{}\n</events>\n</log>\n"
)


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        ("t.xmlocel", XML_EVENT.format('<event id="e1" type="A" time="x">'), "malformed XML", 6),
        (
            "t.xmlocel",
            XML_EVENT.format('<event id="e1" type="A"/>'),
            r"event 1 \('e1'\) has no time",
            5,
        ),
        (
            "t.xmlocel",
            XML_EVENT.format('<event id="e1" type="A" time="soon"/>'),
            "event 1 .* time",
            5,
        ),
        (
            "t.xmlocel",
            XML_EVENT.format(
                '<event id="e1" type="A" time="2024-01-01T00:00:00">'
                '<objects><relationship object-id="nope"/></objects></event>'
            ),
            "relates object 'nope', which the log does not declare",
            5,
        ),
        (
            "t.xmlocel",
            '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY x "y">]>\n<log/>',
            "declares entities",
            2,
        ),
        ("t.xmlocel", '<?xml version="1.0"?>\n<log2/>', "not an OCEL 2.0 XML document", 2),
        (
            "t.jsonocel",
            ocel_json([event("e1", "A", "2024-13-01T00:00:00Z", "c1")], CLAIM),
            r"event 1 \('e1'\): time",
            None,
        ),
        ("t.jsonocel", ocel_json([{"id": "e1", "type": "A"}], CLAIM), "'time' must be", None),
        (
            "t.jsonocel",
            ocel_json([{**event("e1", "A", "2024-01-01T00:00:00Z"), "relationships": [{}]}], CLAIM),
            "a relationship needs a string objectId",
            None,
        ),
        ("t.jsonocel", ocel_json([], [{"id": "c1", "type": "claim"}] * 2), "earlier object", None),
        ("t.jsonocel", '{"objects": []', "not valid JSON", 1),
        ("t.sqlite", "not a database at all" * 100, "cannot read the OCEL 2.0 SQLite", None),
    ],
)
def test_bad_input_is_a_typed_error_naming_file_and_position(
    tmp_path: Path, name: str, text: str, message: str, line: int | None
) -> None:
    path = write_text(tmp_path / name, text)
    with JourneyApp.in_memory() as app:
        with pytest.raises(EventLogError, match=message) as caught:
            import_log(app, path, journey_object_type="claim")
        assert app.max_position() == 0
    assert caught.value.source == str(path)
    assert caught.value.line == line


def test_an_sqlite_database_that_is_not_ocel_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    with JourneyApp.sqlite(store) as app:
        app.save(*sample_journeys())
    with pytest.raises(EventLogError, match=r"not an OCEL 2\.0 SQLite database: it has no table"):
        import_log(JourneyApp.in_memory(), store)
    with pytest.raises(EventLogError, match="file not found"):
        import_log(JourneyApp.in_memory(), tmp_path / "missing.sqlite")


def test_an_sqlite_event_without_its_type_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite"
    path.write_bytes(example("sqlite").read_bytes())
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM event_InsertInvoice WHERE ocel_id = 'e5'")
    connection.close()
    with pytest.raises(EventLogError, match=r"event 5 \('e5'\) has no row"):
        import_log(JourneyApp.in_memory(), path, journey_object_type="Invoice")


# --- agreement with PM4Py --------------------------------------------------------------


def pm4py() -> Any:
    return pytest.importorskip("pm4py")


def assert_map_equals_pm4py_flattening(app: JourneyApp, ocel: Any, object_type: str) -> None:
    """Our activity map of ``app`` is PM4Py's performance DFG of the flattened log."""
    library = pm4py()
    from journeys.analysis import analyse

    flat = library.ocel_flattening(ocel, object_type)
    performance, _, _ = library.discover_performance_dfg(flat)
    frequency, _, _ = library.discover_dfg(flat)
    journey_map = analyse(app).map("activity")
    ours = {(edge.source[1], edge.target[1]): edge for edge in journey_map.edges}
    assert set(ours) == set(performance) == set(frequency)
    for pair, edge in ours.items():
        assert edge.count == frequency[pair], pair
        assert edge.stats.mean == pytest.approx(performance[pair]["mean"], abs=1e-6), pair


@pytest.mark.interop
@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("object_type", OBJECT_TYPES)
def test_example_map_equals_pm4py_flattening_and_dfg(extension: str, object_type: str) -> None:
    library = pm4py()
    ocel = library.read_ocel2(str(example(extension)))
    app = JourneyApp.in_memory()
    import_log(app, example(extension), journey_object_type=object_type)
    assert_map_equals_pm4py_flattening(app, ocel, object_type)


def blue_badge_ocel(seed: int = 7, applications: int = 40) -> Any:
    """A generated object-centric log of Blue Badge applications, as a PM4Py OCEL.

    Object types: ``application``, ``evidence`` (documents, several per
    application) and ``payment``; events carry an ``org:resource``.
    """
    import pandas as pd
    from pm4py.objects.ocel.obj import OCEL

    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    objects: list[dict[str, Any]] = []

    def record(activity: str, when: datetime, resource: str, *related: tuple[str, str]) -> None:
        eid = f"ev{len(events) + 1}"
        events.append(
            {
                "ocel:eid": eid,
                "ocel:activity": activity,
                "ocel:timestamp": when,
                "org:resource": resource,
            }
        )
        for oid, kind in related:
            relations.append(
                {
                    "ocel:eid": eid,
                    "ocel:activity": activity,
                    "ocel:timestamp": when,
                    "ocel:oid": oid,
                    "ocel:type": kind,
                    "ocel:qualifier": kind,
                }
            )

    start = datetime(2024, 3, 1, 9, 0)
    for number in range(1, applications + 1):
        app = (f"A{number}", "application")
        objects.append({"ocel:oid": app[0], "ocel:type": app[1]})
        when = start + timedelta(hours=rng.randrange(0, 2000))
        record("Submit application", when, "gov.uk", app)
        docs = [(f"D{number}-{i}", "evidence") for i in range(rng.randrange(1, 4))]
        objects.extend({"ocel:oid": d[0], "ocel:type": d[1]} for d in docs)
        if rng.random() < 0.7:
            pay = (f"P{number}", "payment")
            objects.append({"ocel:oid": pay[0], "ocel:type": pay[1]})
            when += timedelta(minutes=rng.randrange(1, 600))
            record("Pay fee", when, "gov-pay", app, pay)
        for doc in docs:
            when += timedelta(minutes=rng.randrange(1, 3000))
            record("Upload evidence", when, "gov.uk", app, doc)
        if rng.random() < 0.4:
            when += timedelta(minutes=rng.randrange(1, 3000))
            record("Request more evidence", when, "council", app, *docs)
            when += timedelta(minutes=rng.randrange(1, 3000))
            record("Upload evidence", when, "gov.uk", app, docs[0])
        when += timedelta(minutes=rng.randrange(1, 9000))
        record("Assess eligibility", when, "council", app, *docs)
        when += timedelta(minutes=rng.randrange(1, 600))
        outcome = "Issue badge" if rng.random() < 0.8 else "Refuse application"
        record(outcome, when, "council", app)
    return OCEL(
        events=pd.DataFrame(events),
        objects=pd.DataFrame(objects),
        relations=pd.DataFrame(relations),
    )


@pytest.mark.interop
@pytest.mark.parametrize(
    ("writer", "name"),
    [
        ("write_ocel2_json", "badges.jsonocel"),
        ("write_ocel2_xml", "badges.xmlocel"),
        ("write_ocel2_sqlite", "badges.sqlite"),
    ],
)
@pytest.mark.parametrize("object_type", ["application", "evidence", "payment"])
def test_a_log_written_by_pm4py_agrees_with_pm4py(
    tmp_path: Path, writer: str, name: str, object_type: str
) -> None:
    library = pm4py()
    path = tmp_path / name
    getattr(library, writer)(blue_badge_ocel(), str(path))
    ocel = library.read_ocel2(str(path))
    app = JourneyApp.in_memory()
    report = import_log(app, path, journey_object_type=object_type)
    assert report.journeys == len(ocel.objects[ocel.objects["ocel:type"] == object_type])
    assert set(report.new_bodies) <= {"gov.uk", "gov-pay", "council"}
    assert_map_equals_pm4py_flattening(app, ocel, object_type)


# --- fuzzing: the readers of other tools' logs -----------------------------------------

SMALL_JSON = json.dumps(
    {
        "objectTypes": [{"name": "claim", "attributes": []}, {"name": "letter", "attributes": []}],
        "eventTypes": [
            {"name": "Apply", "attributes": [{"name": "org:resource", "type": "string"}]}
        ],
        "objects": [
            {"id": "c1", "type": "claim", "attributes": [], "relationships": []},
            {"id": "l1", "type": "letter"},
        ],
        "events": [
            {
                "id": "e1",
                "type": "Apply",
                "time": "2024-01-01T09:00:00Z",
                "attributes": [{"name": "org:resource", "value": "jobcentre"}],
                "relationships": [{"objectId": "c1", "qualifier": "claim"}],
            },
            {
                "id": "e2",
                "type": "Send letter",
                "time": "2024-01-02T09:00:00+01:00",
                "attributes": [{"name": "org:group", "value": 7}],
                "relationships": [
                    {"objectId": "c1", "qualifier": "about"},
                    {"objectId": "l1", "qualifier": "letter"},
                ],
            },
        ],
    },
    indent=1,
)
SMALL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<log>
  <object-types><object-type name="claim"><attributes/></object-type></object-types>
  <event-types><event-type name="Apply"><attributes/></event-type></event-types>
  <objects>
    <object id="c1" type="claim"><attributes/><objects/></object>
    <object id="l1" type="letter"/>
  </objects>
  <events>
    <event id="e1" type="Apply" time="2024-01-01T09:00:00">
      <attributes><attribute name="org:resource">jobcentre</attribute></attributes>
      <objects><relationship object-id="c1" qualifier="claim"/></objects>
    </event>
    <event id="e2" type="Send letter" time="2024-01-02T09:00:00Z">
      <objects>
        <relationship object-id="c1" qualifier="about"/>
        <relationship object-id="l1" qualifier="letter"/>
      </objects>
    </event>
  </events>
</log>
"""


def small_sqlite() -> bytes:
    """A small OCEL 2.0 SQLite database, as bytes."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "small.sqlite"
        connection = sqlite3.connect(path)
        connection.executescript(
            """
            CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
            CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
            CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT,
                                       ocel_qualifier TEXT);
            CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
            CREATE TABLE event_Apply (ocel_id TEXT PRIMARY KEY, ocel_time TIMESTAMP,
                                      "org:resource" TEXT);
            INSERT INTO event VALUES ('e1', 'Apply'), ('e2', 'Apply');
            INSERT INTO object VALUES ('c1', 'claim'), ('l1', 'letter');
            INSERT INTO event_object VALUES ('e1', 'c1', 'claim'), ('e2', 'c1', 'about'),
                                            ('e2', 'l1', 'letter');
            INSERT INTO event_map_type VALUES ('Apply', 'Apply');
            INSERT INTO event_Apply VALUES ('e1', '2024-01-01 09:00:00', 'jobcentre'),
                                           ('e2', '2024-01-02 09:00:00', NULL);
            """
        )
        connection.commit()
        connection.close()
        return path.read_bytes()


def _import_claims(path: Path, app: JourneyApp) -> object:
    return import_log(app, path, journey_object_type="claim")


def ocel2_loaders() -> list[Loader]:
    return [
        Loader("ocel2 json (another tool)", ".jsonocel", SMALL_JSON.encode(), _import_claims),
        Loader("ocel2 xml", ".xmlocel", SMALL_XML.encode(), _import_claims),
        Loader("ocel2 sqlite", ".sqlite", small_sqlite(), _import_claims),
    ]


@pytest.mark.parametrize("loader", ocel2_loaders(), ids=lambda loader: loader.name)
def test_the_small_documents_import(loader: Loader) -> None:
    assert parse(loader, loader.sample) is None
    app = JourneyApp.in_memory()
    report = import_log(app, _write(loader), journey_object_type="claim", source="s")
    assert (report.journeys, report.events) == (1, 4)
    assert report.new_bodies[0] == "jobcentre"


def _write(loader: Loader) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / f"small{loader.suffix}"
    path.write_bytes(loader.sample)
    return path


@pytest.mark.parametrize("loader", ocel2_loaders(), ids=lambda loader: loader.name)
@given(data=st.data())
def test_a_mutated_ocel2_document_is_read_or_refused_naming_the_file(
    loader: Loader, data: st.DataObject
) -> None:
    """The fuzzing target of :mod:`tests.test_fuzz_inputs`, on these readers."""
    parse(loader, mutate(loader, data))
