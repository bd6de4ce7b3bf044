"""XES import (the real logs, safely) and export."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from journeys import Journey, JourneyApp, journey_id, uk_catalogue
from journeys.errors import EventLogError
from journeys.interop import XesLog, import_log, read_xes, write_xes
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS, sample_journeys, write_text


def touchpoint_count(app: JourneyApp) -> int:
    return sum(1 for _, event in app.read_events() if isinstance(event, Journey.Touchpoint))


@pytest.mark.parametrize(
    ("name", "cases", "events"),
    [
        ("roadtraffic100traces.xes", 100, 390),
        ("08_receipt.xes.gz", 1434, 8577),
        ("12_roadtraffic_1t_per_variant.xes.gz", 231, 1891),
    ],
)
def test_real_logs_import_with_the_readme_counts_and_only_once(
    tmp_path: Path, name: str, cases: int, events: int
) -> None:
    log = shared_data(f"{EVENTLOGS}/{name}")
    with JourneyApp.sqlite(tmp_path / "journeys.db") as app:
        report = import_log(app, log, batch_size=150)
        assert (report.journeys, report.imported, report.skipped) == (cases, cases, 0)
        assert touchpoint_count(app) == events
        # Each case is a started journey of touchpoints, ended at its last event.
        assert report.events == events + 2 * cases
        position = app.max_position()

        again = import_log(app, log)
        assert (again.imported, again.skipped, again.events) == (0, cases, 0)
        assert app.max_position() == position


def test_receipt_log_bodies_are_its_groups(tmp_path: Path) -> None:
    log = shared_data(f"{EVENTLOGS}/08_receipt.xes.gz")
    with XesLog(log, catalogue=uk_catalogue()) as xes:
        first = next(iter(xes.journeys()))
    assert first.id == journey_id("08_receipt.xes.gz", "case-10011")
    bodies = [e.body for e in first.pending_events if isinstance(e, Journey.Touchpoint)]
    assert bodies[:3] == ["Group 1", "Group 4", "Group 1"]
    assert first.pending_events[1].occurred_at.isoformat() == "2011-10-11T11:45:40.276000+00:00"


def test_naive_timestamps_take_the_given_time_zone(tmp_path: Path) -> None:
    log = shared_data(f"{EVENTLOGS}/12_roadtraffic_1t_per_variant.xes.gz")
    from journeys.interop import parse_timezone

    rome = next(read_xes(log, catalogue=uk_catalogue(), timezone=parse_timezone("Europe/Rome")))
    utc = next(read_xes(log, catalogue=uk_catalogue()))
    assert (utc.started_at - rome.started_at).total_seconds() == 7200


XES_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xmlns="http://www.xes-standard.org/">\n'


def trace(case: str, *events: str) -> str:
    return f'<trace><string key="concept:name" value="{case}"/>{"".join(events)}</trace>\n'


def event(activity: str, when: str | None = "2025-03-01T09:00:00+00:00", group: str = "") -> str:
    parts = [f'<string key="concept:name" value="{activity}"/>']
    if when is not None:
        parts.append(f'<date key="time:timestamp" value="{when}"/>')
    if group:
        parts.append(f'<string key="org:group" value="{group}"/>')
    return "<event>" + "".join(parts) + "</event>"


GOOD = trace("ok", event("a", group="dwp"), event("b", "2025-03-02T09:00:00+00:00", "hmrc"))

BAD_XES = {
    "malformed XML": (XES_HEAD + GOOD + "<trace><string key='concept:name' value='x'>", None),
    "event without a timestamp": (XES_HEAD + GOOD + trace("late", event("c", None)) + "</log>", 4),
    "malformed timestamp": (
        XES_HEAD + GOOD + trace("late", event("c", "31/02/2025")) + "</log>",
        4,
    ),
    "trace without a case id": (XES_HEAD + GOOD + "<trace>" + event("c") + "</trace></log>", 4),
    "repeated case id": (XES_HEAD + GOOD + GOOD + "</log>", 4),
    "billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE log [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        '<log><trace><string key="concept:name" value="&lol3;"/>'
        + event("a", group="dwp")
        + "</trace></log>",
        2,
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE log [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
        "<log>" + trace("x", event("&xxe;", group="dwp")) + "</log>",
        2,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_XES))
def test_bad_xes_is_refused_naming_file_and_position_and_nothing_is_written(
    tmp_path: Path, case: str
) -> None:
    text, line = BAD_XES[case]
    path = write_text(tmp_path / "bad.xes", text)
    with JourneyApp.sqlite(tmp_path / "journeys.db") as app:
        with pytest.raises(EventLogError) as caught:
            import_log(app, path)
        assert app.max_position() == 0
        assert not list(app.journey_ids())
    error = caught.value
    assert error.source == str(path)
    if line is not None:
        assert error.line == line
    assert str(error).startswith(str(path))


def test_errors_name_the_trace_and_case(tmp_path: Path) -> None:
    path = write_text(tmp_path / "late.xes", BAD_XES["event without a timestamp"][0])
    with pytest.raises(EventLogError, match=r"trace 2 \(case 'late'\): event 'c' has no time"):
        list(read_xes(path, catalogue=uk_catalogue()))


def test_doctype_without_entities_is_read(tmp_path: Path) -> None:
    text = '<?xml version="1.0"?>\n<!-- a log -->\n<!DOCTYPE log>\n<log>' + GOOD + "</log>"
    (journey,) = read_xes(write_text(tmp_path / "plain.xes", text), catalogue=uk_catalogue())
    assert len(journey.pending_events) == 4


def test_a_truncated_gzip_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    full = shared_data(f"{EVENTLOGS}/08_receipt.xes.gz").read_bytes()
    path = tmp_path / "truncated.xes.gz"
    path.write_bytes(full[: len(full) // 2])
    with JourneyApp.sqlite(tmp_path / "journeys.db") as app:
        with pytest.raises(EventLogError, match="truncated or corrupt gzip") as caught:
            import_log(app, path)
        assert app.max_position() == 0
    assert "after trace" in str(caught.value)
    assert caught.value.source == str(path)


def test_empty_traces_are_skipped(tmp_path: Path) -> None:
    text = XES_HEAD + trace("empty") + GOOD + "</log>"
    log = XesLog(write_text(tmp_path / "empty.xes", text), catalogue=uk_catalogue())
    assert len(list(log.journeys())) == 1
    assert log.empty_traces == 1


def test_touchpoints_export_to_xes_and_read_back(tmp_path: Path) -> None:
    journeys = sample_journeys()
    with JourneyApp.in_memory() as app:
        app.save(*journeys)
        for suffix in (".xes", ".xes.gz"):
            path = tmp_path / f"export{suffix}"
            assert write_xes(app, path) == 3
            read = list(read_xes(path, catalogue=app.catalogue))
            assert [j.id for j in read] == [journey_id(path.name, str(j.id)) for j in journeys]
            for original, again in zip(journeys, read, strict=True):
                assert _touchpoints(app.journey_events(original.id)) == _touchpoints(
                    again.pending_events
                )
    with gzip.open(tmp_path / "export.xes.gz") as compressed:
        assert compressed.read(5) == b"<?xml"


def _touchpoints(events: list[Journey.Event]) -> list[tuple[str, str, str]]:
    return [
        (e.body, e.activity, e.occurred_at.isoformat())
        for e in events
        if isinstance(e, Journey.Touchpoint)
    ]
