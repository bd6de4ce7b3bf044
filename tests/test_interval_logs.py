"""Interval logs: activities with a start and a completion (issue 15 part 2).

Start times are read from XES ``start_timestamp``, lifecycle start/complete
pairs and an activity CSV's start column; stored on the touchpoint as
``started_at``; carried by every export; and used by the journey map (ordered by
start, timed from one completion to the next start) and the holding tracker.
PM4Py's agreement is in ``test_interop_pm4py.py``.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, analyse, uk_catalogue
from journeys.analysis import GapEngine
from journeys.analysis.fold import JourneyFold
from journeys.errors import EventLogError, InvalidValueError, TimeWentBackwardsError
from journeys.interop import (
    ActivityColumns,
    import_log,
    read_journey_csv,
    read_ocel,
    read_xes,
    write_journey_csv,
    write_ocel,
    write_xes,
)
from journeys.journey_ids import journey_id
from tests.helpers import DOCS, docs_script, projected_in_chunks
from tests.interop_data import write_text
from tests.interval_data import (
    ORIGIN,
    Activity,
    Case,
    interval_cases,
    write_interval_csv,
    write_lifecycle_xes,
    write_start_timestamp_xes,
)
from tests.test_analysis_properties import interleavings

HOUR = 3600.0
CSV_COLUMNS = ActivityColumns(
    case="case", activity="activity", group="group", timestamp="end", start_timestamp="start"
)


def at(hours: float) -> datetime:
    return ORIGIN + timedelta(hours=hours)


def touchpoints(journey: Journey) -> list[tuple[str, datetime | None, datetime]]:
    return [
        (e.activity, e.started_at, e.occurred_at)
        for e in journey.pending_events
        if isinstance(e, Journey.Touchpoint)
    ]


def edges(source: JourneyApp | list[Journey.Event], **options: Any) -> dict[Any, Any]:
    """The activity map's edges: (source, target) -> (count, sorted durations in hours)."""
    journey_map = analyse(source, **options).map("activity")
    return {
        (edge.source[1], edge.target[1]): (edge.count, edge.stats.mean / HOUR)
        for edge in journey_map.edges
    }


def xes(tmp_path: Path, events: str) -> Path:
    return write_text(
        tmp_path / "log.xes",
        '<log xmlns="http://www.xes-standard.org/">'
        f'<trace><string key="concept:name" value="c1"/>{events}</trace></log>',
    )


def event(name: str, hours: float, *extra: str) -> str:
    return (
        f'<event><string key="concept:name" value="{name}"/>'
        f'<date key="time:timestamp" value="{at(hours).isoformat()}"/>{"".join(extra)}</event>'
    )


def start(hours: float) -> str:
    return f'<date key="start_timestamp" value="{at(hours).isoformat()}"/>'


def transition(value: str) -> str:
    return f'<string key="lifecycle:transition" value="{value}"/>'


# --- reading start times -----------------------------------------------------------------


def test_xes_start_timestamp_becomes_started_at(tmp_path: Path) -> None:
    path = xes(tmp_path, event("a", 2, start(0)) + event("b", 3) + event("c", 5, start(1)))
    (journey,) = read_xes(path, catalogue=uk_catalogue())
    # b has no start: in an interval case it is an instantaneous activity.
    assert touchpoints(journey) == [("a", at(0), at(2)), ("b", at(3), at(3)), ("c", at(1), at(5))]
    assert journey.pending_events[0].occurred_at == at(0)  # the earliest start


def test_a_plain_log_has_no_start_times(tmp_path: Path) -> None:
    (journey,) = read_xes(xes(tmp_path, event("a", 1) + event("b", 2)), catalogue=uk_catalogue())
    assert touchpoints(journey) == [("a", None, at(1)), ("b", None, at(2))]


def test_lifecycle_pairs_fold_into_one_touchpoint_first_in_first_out(tmp_path: Path) -> None:
    events = [
        event("a", 0, transition("start")),
        event("a", 1, transition("start")),
        event("b", 1.5, transition("complete")),  # no start: instantaneous
        event("a", 2, transition("complete")),  # pairs with the first start of a
        event("c", 2.5, transition("schedule")),  # another transition: a touchpoint
        event("a", 3, transition("COMPLETE")),  # the second start of a
        event("d", 4, transition("start")),  # never completed: kept at its start
        event("e", 5, transition("start")),
        event("e", 6),  # no transition: a complete (the XES default)
    ]
    (journey,) = read_xes(xes(tmp_path, "".join(events)), catalogue=uk_catalogue())
    assert touchpoints(journey) == [
        ("b", at(1.5), at(1.5)),
        ("a", at(0), at(2)),
        ("c", at(2.5), at(2.5)),
        ("a", at(1), at(3)),
        ("d", at(4), at(4)),
        ("e", at(5), at(6)),
    ]


def test_lifecycle_pairs_match_within_an_instance_and_take_the_completions_body(
    tmp_path: Path,
) -> None:
    def instance(value: str) -> str:
        return f'<string key="lifecycle:instance" value="{value}"/>'

    group = '<string key="org:group" value="dwp"/>'
    events = [
        event("a", 0, transition("start"), instance("1"), group),
        event("a", 1, transition("start"), instance("2")),
        event("a", 2, transition("complete"), instance("2")),
        event("a", 3, transition("complete"), instance("1")),
    ]
    (journey,) = read_xes(xes(tmp_path, "".join(events)), catalogue=uk_catalogue())
    assert touchpoints(journey) == [("a", at(1), at(2)), ("a", at(0), at(3))]
    bodies = [e.body for e in journey.pending_events if isinstance(e, Journey.Touchpoint)]
    assert bodies == ["unknown", "dwp"]  # the second took its start's group


def test_a_start_after_the_completion_is_refused_with_its_line(tmp_path: Path) -> None:
    path = xes(tmp_path, event("a", 1, start(2)))
    with pytest.raises(EventLogError, match=r"its start .* is after its completion") as caught:
        list(read_xes(path, catalogue=uk_catalogue()))
    assert caught.value.line == 1
    bad = xes(tmp_path, event("a", 1, '<date key="start_timestamp" value="soon"/>'))
    with pytest.raises(EventLogError, match="start_timestamp"):
        list(read_xes(bad, catalogue=uk_catalogue()))


def test_activity_csv_start_column(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "log.csv",
        "case,activity,start,end\n"
        f"c1,a,{at(0).isoformat()},{at(2).isoformat()}\n"
        f"c1,b,,{at(1).isoformat()}\n",
    )
    columns = ActivityColumns(case="case", activity="activity", timestamp="end")
    with JourneyApp.in_memory() as app:
        import_log(app, path, columns=attrs.evolve(columns, start_timestamp="start"))
        journey = app.get_journey(journey_id("log.csv", "c1"))
        events = [e for e in app.journey_events(journey.id) if isinstance(e, Journey.Touchpoint)]
    assert journey.started_at == at(0)
    assert [(e.activity, e.started_at, e.occurred_at) for e in events] == [
        ("b", at(1), at(1)),
        ("a", at(0), at(2)),
    ]
    with JourneyApp.in_memory() as app:  # without the start column: a plain log
        import_log(app, path, columns=columns)
        plain = [e for _, e in app.read_events() if isinstance(e, Journey.Touchpoint)]
    assert [e.started_at for e in plain] == [None, None]


def test_a_named_start_column_must_exist_and_hold_times(tmp_path: Path) -> None:
    columns = attrs.evolve(CSV_COLUMNS, group="org:group")  # the default: may be absent
    path = write_text(tmp_path / "log.csv", f"case,activity,end\nc1,a,{at(0).isoformat()}\n")
    with (
        JourneyApp.in_memory() as app,
        pytest.raises(EventLogError, match="missing column 'start'"),
    ):
        import_log(app, path, columns=columns)
    bad = write_text(
        tmp_path / "bad.csv", f"case,activity,start,end\nc1,a,later,{at(0).isoformat()}\n"
    )
    with JourneyApp.in_memory() as app, pytest.raises(EventLogError, match="start") as caught:
        import_log(app, bad, columns=columns)
    assert caught.value.line == 2


# --- the journey command and stored events ----------------------------------------------


def test_the_touchpoint_command_checks_started_at() -> None:
    journey = Journey.start(citizen="c", trigger="t", nation="england", occurred_at=at(1))
    with pytest.raises(InvalidValueError, match="after the activity's completion"):
        journey.touchpoint("dwp", "call", occurred_at=at(2), started_at=at(3))
    with pytest.raises(TimeWentBackwardsError, match="before the journey started"):
        journey.touchpoint("dwp", "call", occurred_at=at(2), started_at=at(0))
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        journey.touchpoint("dwp", "call", occurred_at=at(2), started_at=datetime(2025, 3, 3))
    journey.touchpoint("dwp", "call", occurred_at=at(2), started_at=at(1).astimezone())
    assert journey.pending_events[-1].started_at == at(1)
    assert journey.pending_events[-1].started_at.tzinfo is UTC


def test_a_version_2_touchpoint_loads_without_a_start() -> None:
    state: dict[str, Any] = {"body": "dwp", "activity": "call", "service": None}
    Journey.Touchpoint.upcast_v2_v3(state)
    assert state == {"body": "dwp", "activity": "call", "service": None, "started_at": None}


def test_a_stored_version_2_touchpoint_is_read_with_no_start() -> None:
    with JourneyApp.in_memory() as app:
        journey = app.start_journey(citizen="c", trigger="t", nation="england", occurred_at=at(0))
        app.touchpoint(journey, "dwp", "call", occurred_at=at(1), started_at=at(0.5))
        stored = list(app.recorder.select_events(journey))
        state = json.loads(stored[1].state)
        assert state["class_version"] == Journey.Touchpoint.class_version
        del state["started_at"], state["objects"]
        state["class_version"] = 2  # as version 2 stored it
        stored[1].__dict__["state"] = json.dumps(state).encode()
    with JourneyApp.in_memory() as old:
        old.recorder.insert_events(stored)
        touchpoint = old.journey_events(journey)[1]
    assert isinstance(touchpoint, Journey.Touchpoint)
    assert (touchpoint.activity, touchpoint.started_at) == ("call", None)


def interval_journey() -> Journey:
    journey = Journey.start(citizen="c", trigger="t", nation="england", occurred_at=at(0))
    journey.touchpoint("dwp", "claim", occurred_at=at(1))
    journey.touchpoint("hmrc", "check", occurred_at=at(3), started_at=at(2))
    journey.touchpoint("dwp", "pay", occurred_at=at(5), started_at=at(1.5))
    journey.end(occurred_at=at(6))
    return journey


def test_every_export_carries_the_start(tmp_path: Path) -> None:
    events = list(interval_journey().collect_events())

    def contents(journeys: Any) -> list[Any]:
        (journey,) = list(journeys)
        return touchpoints(journey)

    expected = [("claim", None, at(1)), ("check", at(2), at(3)), ("pay", at(1.5), at(5))]
    write_journey_csv(events, tmp_path / "events.csv")
    assert "started_at" in (tmp_path / "events.csv").read_text().splitlines()[0]
    assert contents(read_journey_csv(tmp_path / "events.csv", catalogue=uk_catalogue())) == expected
    write_ocel(events, tmp_path / "events.jsonocel")
    assert contents(read_ocel(tmp_path / "events.jsonocel", catalogue=uk_catalogue())) == expected
    write_xes(events, tmp_path / "events.xes")
    assert 'key="start_timestamp"' in (tmp_path / "events.xes").read_text()
    # XES has no Started event of its own: the case starts at its earliest start, and
    # the touchpoint without a start is instantaneous in an interval case.
    assert contents(read_xes(tmp_path / "events.xes", catalogue=uk_catalogue())) == [
        ("claim", at(1), at(1)),
        ("check", at(2), at(3)),
        ("pay", at(1.5), at(5)),
    ]


def test_a_journey_csv_start_without_an_offset_is_refused(tmp_path: Path) -> None:
    events = list(interval_journey().collect_events())
    write_journey_csv(events, tmp_path / "events.csv")
    text = (tmp_path / "events.csv").read_text()
    naive = text.replace(at(2).isoformat(), at(2).replace(tzinfo=None).isoformat(), 1)
    (tmp_path / "naive.csv").write_text(naive)
    with pytest.raises(EventLogError, match="started_at has no UTC offset"):
        list(read_journey_csv(tmp_path / "naive.csv", catalogue=uk_catalogue()))


# --- the journey map and the holding tracker -------------------------------------------------


def test_the_map_orders_by_start_and_times_completion_to_start() -> None:
    # claim [1,1], check [2,3], pay [1.5,5]: by start claim, pay, check.
    assert edges(list(interval_journey().collect_events())) == {
        ("claim", "pay"): (1, 0.5),  # 1 -> 1.5
        ("pay", "check"): (1, 0.0),  # check started at 2, before pay completed at 5
    }


def test_an_interval_journey_is_counted_when_it_closes() -> None:
    journey = interval_journey()
    events = list(journey.collect_events())[:-1]  # not ended
    assert edges(events) == {}
    assert edges(events, as_of=at(7)) == edges(list(interval_journey().collect_events()))
    # Closing at as_of changes nothing for later: the journey goes on.
    engine = GapEngine()
    engine.apply_all(events)
    fold = next(iter(engine.folds.values()))
    before = JourneyFold.from_dict(fold.to_dict())
    engine.close_open_journeys(at(7))
    assert fold == before
    assert fold.held_steps is not None
    assert len(fold.held_steps) == 2


def test_a_body_holds_the_citizen_from_the_start_of_its_activity() -> None:
    journey = Journey.start(citizen="c", trigger="t", nation="england", occurred_at=at(0))
    journey.touchpoint("dwp", "claim", occurred_at=at(2), started_at=at(1))
    journey.touchpoint("hmrc", "check", occurred_at=at(6), started_at=at(4))
    journey.touchpoint("dwp", "pay", occurred_at=at(8), started_at=at(5))
    journey.end(occurred_at=at(8))
    unheld = analyse(list(journey.collect_events())).of_kind("unheld_time")
    assert [(f.from_body, f.to_body, f.duration_seconds / HOUR) for f in unheld] == [
        (None, "dwp", 1.0),  # from the journey's start to the claim's start
        ("dwp", "hmrc", 2.0),  # the claim completed at 2; the check started at 4
        # pay started at 5, while the check still held the citizen: no gap
    ]


def test_a_plain_journey_is_counted_as_it_goes() -> None:
    journey = Journey.start(citizen="c", trigger="t", nation="england", occurred_at=at(0))
    journey.touchpoint("dwp", "claim", occurred_at=at(1))
    journey.touchpoint("dwp", "pay", occurred_at=at(2))
    assert edges(list(journey.collect_events())) == {("claim", "pay"): (1, 1.0)}


# --- two ways give the same answer -----------------------------------------------------------

spans = st.lists(
    st.tuples(
        st.sampled_from(("register", "assess", "visit", "pay")),
        st.integers(min_value=0, max_value=40),  # start, in quarters of an hour
        st.integers(min_value=0, max_value=12),  # length
    ),
    min_size=1,
    max_size=6,
)


def _cases(drawn: list[list[tuple[str, int, int]]]) -> list[Case]:
    cases = []
    for number, case in enumerate(drawn):
        activities = [
            Activity(name, "dwp", at(begin / 4), at((begin + length) / 4))
            for name, begin, length in case
        ]
        activities.sort(key=lambda activity: activity.complete)
        cases.append((f"case-{number}", activities))
    return cases


def _fifo_safe(cases: list[Case]) -> bool:
    """Whether pairing starts and completions first in first out finds each activity's
    own interval: no activity nests inside another of the same name."""
    for _, activities in cases:
        for name in {a.name for a in activities}:
            same = [a for a in activities if a.name == name]
            by_start = sorted(same, key=lambda a: (a.start, a.complete))
            by_end = sorted(same, key=lambda a: (a.complete, a.start))
            if [(a.start, a.complete) for a in by_start] != [(a.start, a.complete) for a in by_end]:
                return False
    return True


@given(st.lists(spans, min_size=1, max_size=5))
def test_the_three_forms_of_an_interval_log_give_the_same_map(
    tmp_path_factory: pytest.TempPathFactory, drawn: list[list[tuple[str, int, int]]]
) -> None:
    cases = _cases(drawn)
    assume(_fifo_safe(cases))
    folder = tmp_path_factory.mktemp("forms")
    maps = []
    for path, options in (
        (write_start_timestamp_xes(cases, folder / "start.xes"), {}),
        (write_lifecycle_xes(cases, folder / "lifecycle.xes"), {}),
        (write_interval_csv(cases, folder / "log.csv"), {"columns": CSV_COLUMNS}),
    ):
        with JourneyApp.in_memory() as app:
            import_log(app, path, **options)
            maps.append(analyse(app).map("activity"))
    assert maps[0].edges == maps[1].edges == maps[2].edges
    assert maps[0].nodes == maps[1].nodes == maps[2].nodes


def test_the_generated_logs_overlap_nest_and_leave_gaps() -> None:
    cases = interval_cases(1)
    pairs = [pair for _, activities in cases for pair in itertools.pairwise(activities)]
    assert any(b.start < a.start for a, b in pairs)  # nested: completed later, started earlier
    assert any(a.start < b.start < a.complete for a, b in pairs)  # overlapping
    assert any(b.start > a.complete for a, b in pairs)  # a gap


def test_the_import_command_reads_a_start_column(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from journeys.cli import main

    path = write_interval_csv(interval_cases(1, count=3), tmp_path / "log.csv")
    db = tmp_path / "journeys.db"
    arguments = ["import", str(path), "--db", str(db), "--case-column", "case", "-q"]
    arguments += ["--activity-column", "activity", "--group-column", "group"]
    arguments += ["--timestamp-column", "end", "--start-timestamp-column", "start"]
    done = CliRunner().invoke(main, arguments)
    assert done.exit_code == 0, done.output
    with JourneyApp.sqlite(db) as app:
        starts = [e.started_at for _, e in app.read_events() if isinstance(e, Journey.Touchpoint)]
    assert starts
    assert all(start is not None for start in starts)


def test_the_interval_map_picture_is_up_to_date() -> None:
    drawn: dict[str, bytes] = docs_script("make_interval_map").build()
    assert drawn["interval-map.svg"] == (DOCS / "images" / "interval-map.svg").read_bytes(), (
        "docs/images/interval-map.svg is out of date: run python docs/make_interval_map.py"
    )
    assert (DOCS / "images" / "interval-map.png").exists()
    assert "images/interval-map.png" in (DOCS / "gaps.md").read_text(encoding="utf-8")


def _interval_journey(number: int, spans: list[tuple[str, int, int]], ended: bool) -> Journey:
    bodies = ("dwp", "hmrc", "council:E06000023")
    steps = sorted(
        ((at((begin + length) / 4), at(begin / 4), name) for name, begin, length in spans),
        key=lambda step: step[0],
    )
    journey = Journey.start(
        citizen=f"c{number}", trigger="t", nation="england", occurred_at=min(s[1] for s in steps)
    )
    for index, (completed, started, name) in enumerate(steps):
        body = bodies[(index + len(name)) % len(bodies)]
        journey.touchpoint(body, name, occurred_at=completed, started_at=started)
    if ended:
        journey.end(occurred_at=steps[-1][0])
    return journey


@given(st.data())
def test_batch_equals_projection_on_interval_journeys(data: st.DataObject) -> None:
    """Held steps are saved with the fold: any chunking and restart gives the batch map."""
    drawn = data.draw(st.lists(st.tuples(spans, st.booleans()), min_size=1, max_size=4))
    population = [_interval_journey(n, s, ended) for n, (s, ended) in enumerate(drawn)]
    events = data.draw(interleavings([j.collect_events() for j in population]))
    projection = projected_in_chunks(data, events)
    catalogue = uk_catalogue()
    for moment in (None, at(1000)):
        batch = analyse(events, catalogue=catalogue, as_of=moment)
        assert projection.analysis(catalogue=catalogue, as_of=moment) == batch
