"""Activity-log CSV import: columns, time zones, mappings and generated bodies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

from journeys import Catalogue, Journey, JourneyApp, analyse, journey_id, uk_catalogue
from journeys.errors import EventLogError
from journeys.interop import (
    ActivityColumns,
    ActivityCsvLog,
    LogMapping,
    import_log,
    parse_timezone,
)
from tests.interop_data import write_text

LOG = """\
case:concept:name,concept:name,time:timestamp,org:resource,org:group,amount
A,Register death,2025-03-01T10:00:00+00:00,clerk-1,registrar:E06000023,1
B,Register death,2025-03-01T11:00:00+00:00,clerk-2,registrar:E06000023,2
A,Bereavement claim,2025-03-03T10:00:00+00:00,agent-7,,3
A,Tax review,2025-03-02T10:00:00+00:00,,Tax Office,4
B,Unattributed note,2025-03-04T10:00:00+00:00,,,5
"""


def touchpoints(journey: Journey) -> list[tuple[str, str]]:
    return [
        (event.body, event.activity)
        for event in journey.pending_events
        if isinstance(event, Journey.Touchpoint)
    ]


def test_cases_become_journeys_of_touchpoints(tmp_path: Path) -> None:
    path = write_text(tmp_path / "log.csv", LOG)
    with ActivityCsvLog(path, catalogue=uk_catalogue(), source="registry") as log:
        a, b = log.journeys()
        new = {body.id: body for body in log.new_bodies}
    assert a.id == journey_id("registry", "A")
    assert a.citizen == "registry:A"
    assert a.trigger == "imported"
    assert a.started_at == datetime(2025, 3, 1, 10, tzinfo=UTC)
    assert a.is_ended
    assert a.ended_at == datetime(2025, 3, 3, 10, tzinfo=UTC)
    # Group, else resource, is the body; catalogue ids are kept, other values generated.
    assert touchpoints(a) == [
        ("registrar:E06000023", "Register death"),
        ("Tax Office", "Tax review"),
        ("agent-7", "Bereavement claim"),
    ]
    assert touchpoints(b)[-1] == ("unknown", "Unattributed note")
    assert set(new) == {"Tax Office", "agent-7", "unknown"}
    assert new["Tax Office"].name == "Tax Office"
    assert new["Tax Office"].tier.value == "local"
    assert len(new["Tax Office"].nations) == 4


def test_columns_time_format_and_time_zone_are_chosen(tmp_path: Path) -> None:
    text = "Case,Step,When,Team\nx,Apply,01/07/2024 09:30,dwp\nx,Decide,02/07/2024 16:00,dwp\n"
    path = write_text(tmp_path / "custom.csv", text)
    columns = ActivityColumns(
        case="Case", activity="Step", timestamp="When", group="Team", time_format="%d/%m/%Y %H:%M"
    )
    log = ActivityCsvLog(
        path, catalogue=uk_catalogue(), columns=columns, timezone=parse_timezone("Europe/London")
    )
    (journey,) = log.journeys()
    log.close()
    # 09:30 British Summer Time is 08:30 UTC.
    assert journey.started_at == datetime(2024, 7, 1, 8, 30, tzinfo=UTC)
    assert touchpoints(journey) == [("dwp", "Apply"), ("dwp", "Decide")]


@pytest.mark.parametrize(
    ("name", "offset"),
    [("UTC", 0), ("+02:00", 2), ("-05:30", -5.5)],
)
def test_time_zones_by_name_or_offset(name: str, offset: float) -> None:
    zone = parse_timezone(name)
    assert datetime(2025, 1, 1, tzinfo=zone).utcoffset() == timedelta(hours=offset)
    assert parse_timezone("Z") is UTC
    assert isinstance(parse_timezone("+01:00"), timezone)


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        parse_timezone("Mars/Olympus")


MAPPING = """\
[journey]
trigger = "death"
nation = "wales"

[activity."Register death"]
body = "registrar:W06000015"
opens_case = "death-registration"
sends_handoff_to = "dwp"
items = ["date_of_death"]

[activity."Certificate issued"]
body = "registrar:W06000015"
closes_case = "death-registration"

[activity."Bereavement claim"]
opens_case = "bereavement-support"

[resource]
"agent-7" = "dwp"
"""


def test_a_mapping_assigns_bodies_cases_and_handoffs(tmp_path: Path) -> None:
    log_text = (
        "case:concept:name,concept:name,time:timestamp,org:resource\n"
        "A,Register death,2025-03-01T10:00:00+00:00,\n"
        "A,Certificate issued,2025-03-01T12:00:00+00:00,\n"
        "A,Bereavement claim,2025-03-05T10:00:00+00:00,agent-7\n"
    )
    path = write_text(tmp_path / "log.csv", log_text)
    mapping_path = write_text(tmp_path / "mapping.toml", MAPPING)
    with JourneyApp.in_memory() as app:
        report = import_log(app, path, mapping=mapping_path)
        (journey_uuid,) = app.journey_ids()
        events = app.journey_events(journey_uuid)
        journey = app.get_journey(journey_uuid)
    assert report.new_bodies == ()
    assert journey.trigger == "death"
    assert journey.nation.value == "wales"
    assert [type(e).__name__ for e in events] == [
        "Started",
        "CaseOpened",
        "Touchpoint",
        "HandoffSent",
        "Touchpoint",
        "CaseClosed",
        "HandoffAccepted",
        "CaseOpened",
        "Touchpoint",
        "Ended",
    ]
    sent = events[3]
    assert isinstance(sent, Journey.HandoffSent)
    assert (sent.handoff, sent.from_body, sent.to_body) == (
        "handoff-1",
        "registrar:W06000015",
        "dwp",
    )
    assert sent.items == frozenset({"date_of_death"})
    opened = events[7]
    assert isinstance(opened, Journey.CaseOpened)
    assert (opened.body, opened.via_handoff) == ("dwp", "handoff-1")


def test_the_mapping_can_leave_journeys_open(tmp_path: Path) -> None:
    path = write_text(tmp_path / "log.csv", LOG)
    mapping = LogMapping.from_toml_text("[journey]\nend = false\n", catalogue=uk_catalogue())
    with ActivityCsvLog(path, catalogue=uk_catalogue(), mapping=mapping) as log:
        assert not any(journey.is_ended for journey in log.journeys())


def test_a_mapping_rule_that_breaks_a_journey_rule_names_the_line(tmp_path: Path) -> None:
    log_text = (
        "case:concept:name,concept:name,time:timestamp,org:group\n"
        "A,Close,2025-03-01T10:00:00+00:00,dwp\n"
    )
    path = write_text(tmp_path / "log.csv", log_text)
    mapping = LogMapping.from_toml_text(
        '[activity.Close]\ncloses_case = "claim"\n', catalogue=uk_catalogue()
    )
    with (
        JourneyApp.in_memory() as app,
        pytest.raises(EventLogError, match="no open case") as caught,
    ):
        import_log(app, path, mapping=mapping)
    assert (caught.value.line, caught.value.value) == (2, "Close")
    assert "case 'A'" in str(caught.value)


def test_generated_bodies_are_kept_in_the_store_and_reused(tmp_path: Path) -> None:
    database = tmp_path / "journeys.db"
    path = write_text(tmp_path / "log.csv", LOG)
    with JourneyApp.sqlite(database) as app:
        report = import_log(app, path)
        assert "Tax Office" in app.catalogue
    assert set(report.new_bodies) == {"Tax Office", "agent-7", "unknown"}
    assert not list(tmp_path.glob("*.toml"))  # no file beside the store: it keeps them

    # The store opens with its bodies, from Python, with no argument; a corrected
    # definition recorded in the store is what the next import (another log) uses.
    with JourneyApp.sqlite(database) as app:
        assert {"Tax Office", "agent-7", "unknown"} <= set(app.stored_bodies)
        office = app.catalogue["Tax Office"]
        app.record_bodies([attrs.evolve(office, name="HMRC Bristol office")], replace=True)
    second = write_text(tmp_path / "second.csv", LOG.replace("\nA,", "\nC,"))
    with JourneyApp.sqlite(database) as app:
        again = import_log(app, second)
        assert app.catalogue["Tax Office"].name == "HMRC Bristol office"
        assert analyse(app).journeys_started == 4  # A and B, then C and B of "second.csv"
    assert again.new_bodies == ()
    assert again.imported == 2


def test_a_catalogue_entry_wins_over_a_generated_one(tmp_path: Path) -> None:
    path = write_text(tmp_path / "log.csv", LOG)
    with JourneyApp.in_memory() as app:
        import_log(app, path)
        generated = app.stored_bodies
    assert generated["unknown"].tier.value == "local"
    base = Catalogue([*uk_catalogue().bodies()]).merged([generated["agent-7"]])
    with JourneyApp.in_memory(catalogue=base) as app:
        report = import_log(app, path, source="again")
        assert app.catalogue["agent-7"] is base["agent-7"]
    assert "agent-7" not in report.new_bodies


@pytest.mark.parametrize(
    ("text", "line", "value", "message"),
    [
        (
            "case:concept:name,concept:name\nA,x\n",
            1,
            "case:concept:name,concept:name",
            "missing column 'time:timestamp'",
        ),
        (
            "case:concept:name,concept:name,time:timestamp\nA,x,2025-03-01\nA,y,yesterday\n",
            3,
            "yesterday",
            "malformed timestamp",
        ),
        (
            "case:concept:name,concept:name,time:timestamp\n,x,2025-03-01\n",
            2,
            "",
            "empty case id",
        ),
        (
            "case:concept:name,concept:name,time:timestamp\nA,,2025-03-01\n",
            2,
            "",
            "empty activity",
        ),
        (
            'case:concept:name,concept:name,time:timestamp,org:group\nA,x,2025-03-01,"a\tb"\n',
            2,
            "a\tb",
            "control whitespace",
        ),
    ],
)
def test_bad_rows_are_refused_and_nothing_is_written(
    tmp_path: Path, text: str, line: int, value: str, message: str
) -> None:
    path = write_text(tmp_path / "bad.csv", text)
    with JourneyApp.in_memory() as app:
        with pytest.raises(EventLogError, match=message) as caught:
            import_log(app, path)
        assert app.max_position() == 0
    assert (caught.value.source, caught.value.line, caught.value.value) == (str(path), line, value)


def test_a_named_optional_column_must_exist(tmp_path: Path) -> None:
    path = write_text(tmp_path / "log.csv", LOG)
    with pytest.raises(EventLogError, match="missing column 'team'"):
        list(
            ActivityCsvLog(
                path, catalogue=uk_catalogue(), columns=ActivityColumns(group="team")
            ).journeys()
        )
