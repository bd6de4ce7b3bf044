"""Agreement with PM4Py (AGPL, so test-only): ``nox -s interop`` installs it.

Without pm4py these tests skip; they are marked ``interop`` so ``pytest -m interop``
runs exactly them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journeys import JourneyApp
from journeys.interop import import_log, write_ocel, write_xes
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS, sample_journeys, stored_contents

pytestmark = pytest.mark.interop


def pm4py() -> Any:
    return pytest.importorskip("pm4py")


@pytest.fixture
def receipt_store() -> JourneyApp:
    pm4py()  # skip before the slow import when PM4Py is absent
    app = JourneyApp.in_memory()
    import_log(app, shared_data(f"{EVENTLOGS}/08_receipt.xes.gz"))
    app.save(*sample_journeys())
    return app


def test_pm4py_reads_our_ocel_with_every_event_object_and_relationship(
    receipt_store: JourneyApp, tmp_path: Path
) -> None:
    library = pm4py()
    path = tmp_path / "journeys.jsonocel"
    write_ocel(receipt_store, path)
    document = json.loads(path.read_text(encoding="utf-8"))

    ocel = library.read_ocel2(str(path))

    assert len(ocel.events) == len(document["events"]) == 8577 + 2 * 1434 + 3 * 14
    assert len(ocel.objects) == len(document["objects"])
    assert len(ocel.relations) == sum(len(e["relationships"]) for e in document["events"])
    assert len(ocel.o2o) == sum(len(o["relationships"]) for o in document["objects"])
    assert set(ocel.relations["ocel:qualifier"]) == {
        "journey",
        "subject",
        "holder",
        "case",
        "handoff",
        "sender",
        "recipient",
    }
    assert set(ocel.objects["ocel:type"]) == {"citizen", "journey", "case", "handoff", "body"}


def to_seconds(contents: dict[str, list[tuple[str, dict[str, Any]]]]) -> object:
    return {
        journey: [
            (name, {**values, "occurred_at": values["occurred_at"].replace(microsecond=0)})
            for name, values in events
        ]
        for journey, events in contents.items()
    }


def test_ocel_round_trips_through_pm4py(receipt_store: JourneyApp, tmp_path: Path) -> None:
    """Our export, read and written again by PM4Py, imports back as the same journeys.

    PM4Py's OCEL 2.0 JSON writer keeps whole seconds only (``2011-10-11T11:45:40Z``),
    so times are compared to the second.
    """
    library = pm4py()
    ours, theirs = tmp_path / "ours.jsonocel", tmp_path / "theirs.jsonocel"
    write_ocel(receipt_store, ours)
    library.write_ocel2(library.read_ocel2(str(ours)), str(theirs))

    with JourneyApp.in_memory() as again:
        report = import_log(again, theirs)
        assert report.imported == 1434 + 3
        assert to_seconds(stored_contents(again)) == to_seconds(stored_contents(receipt_store))


def test_pm4py_reads_our_xes_export(receipt_store: JourneyApp, tmp_path: Path) -> None:
    library = pm4py()
    path = tmp_path / "touchpoints.xes"
    assert write_xes(receipt_store, path) == 1434 + 3
    log = library.read_xes(str(path))
    assert len(log) == 8577 + 3 * 2
    assert log["case:concept:name"].nunique() == 1434 + 3
    assert set(log.columns) >= {"concept:name", "time:timestamp", "org:group"}


@pytest.mark.parametrize(
    "log_name",
    ["roadtraffic100traces.xes", "08_receipt.xes.gz", "12_roadtraffic_1t_per_variant.xes.gz"],
)
def test_journey_map_equals_pm4py_performance_dfg(log_name: str) -> None:
    """With touchpoint = activity, every directly-follows edge, its count, mean and median
    are PM4Py's, edge for edge."""
    library = pm4py()
    from journeys.analysis import analyse

    path = shared_data(f"{EVENTLOGS}/{log_name}")
    log = library.read_xes(str(path))
    performance, _, _ = library.discover_performance_dfg(log)
    frequency, _, _ = library.discover_dfg(log)

    app = JourneyApp.in_memory()
    import_log(app, path)
    journey_map = analyse(app).map("activity")
    ours = {(edge.source[1], edge.target[1]): edge for edge in journey_map.edges}

    assert set(ours) == set(performance) == set(frequency)
    for pair, edge in ours.items():
        assert edge.count == frequency[pair], pair
        assert edge.stats.mean == pytest.approx(performance[pair]["mean"], abs=1e-6), pair
        assert edge.stats.median == pytest.approx(performance[pair]["median"], abs=1e-6), pair


# --- interval logs: a start and a completion per activity ------------------------------------


def pm4py_interval_dfg(form: str, path: Path) -> tuple[dict[Any, int], dict[Any, Any]]:
    """PM4Py's frequency and performance DFG of an interval log (PM4Py 2.7).

    ``start_timestamp``: the pandas adapter ``get_dfg_graph`` given the start key (it
    sorts each case by start, then completion, and times ``max(next start, previous
    completion) - previous completion``). Lifecycle pairs: ``to_interval`` (start and
    complete paired first in first out per activity), then the event-log variant
    ``performance()`` (``max(0, next start - previous completion)``).
    """
    library = pm4py()
    if form == "lifecycle":
        from pm4py.objects.log.util import interval_lifecycle

        # The legacy event log keeps a missing lifecycle:transition missing, which
        # to_interval reads as "complete"; a data frame's NaN would break it.
        legacy = library.read_xes(str(path), return_legacy_log_object=True)
        log = interval_lifecycle.to_interval(legacy)
        performance, _, _ = library.discover_performance_dfg(log)
        frequency, _, _ = library.discover_dfg(log)
        return dict(frequency), dict(performance)
    from pm4py.algo.discovery.dfg.adapters.pandas.df_statistics import get_dfg_graph

    frequency, performance = get_dfg_graph(
        library.read_xes(str(path)),
        measure="both",
        start_timestamp_key="start_timestamp",
        perf_aggregation_key="all",
    )
    return dict(frequency), dict(performance)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("form", ["start_timestamp", "lifecycle", "csv"])
def test_interval_log_map_equals_pm4py_performance_dfg(
    form: str, seed: int, tmp_path: Path
) -> None:
    """Activities that overlap, nest and leave gaps: every edge, its count, mean and
    median are PM4Py's (the CSV form against PM4Py on the same log as XES)."""
    from journeys.analysis import analyse
    from journeys.interop import ActivityColumns
    from tests.interval_data import (
        interval_cases,
        write_interval_csv,
        write_lifecycle_xes,
        write_start_timestamp_xes,
    )

    cases = interval_cases(seed)
    if form == "lifecycle":
        theirs_path = ours_path = write_lifecycle_xes(cases, tmp_path / "lifecycle.xes")
    else:
        theirs_path = ours_path = write_start_timestamp_xes(cases, tmp_path / "start.xes")
    options: dict[str, Any] = {}
    if form == "csv":
        ours_path = write_interval_csv(cases, tmp_path / "log.csv")
        options["columns"] = ActivityColumns(
            case="case",
            activity="activity",
            group="group",
            timestamp="end",
            start_timestamp="start",
        )
    frequency, performance = pm4py_interval_dfg(
        "lifecycle" if form == "lifecycle" else "start_timestamp", theirs_path
    )

    with JourneyApp.in_memory() as app:
        import_log(app, ours_path, **options)
        journey_map = analyse(app).map("activity")
    ours = {(edge.source[1], edge.target[1]): edge for edge in journey_map.edges}

    assert set(ours) == set(performance) == set(frequency)
    for pair, edge in ours.items():
        assert edge.count == frequency[pair], pair
        assert edge.stats.mean == pytest.approx(performance[pair]["mean"], abs=1e-6), pair
        assert edge.stats.median == pytest.approx(performance[pair]["median"], abs=1e-6), pair
        assert edge.stats.min == pytest.approx(performance[pair]["min"], abs=1e-6), pair
        assert edge.stats.max == pytest.approx(performance[pair]["max"], abs=1e-6), pair


def test_pm4py_reads_the_start_times_of_our_xes_export(tmp_path: Path) -> None:
    """Our export of an interval log is an interval log to PM4Py, with the same map."""
    from journeys.analysis import analyse
    from tests.interval_data import interval_cases, write_start_timestamp_xes

    with JourneyApp.in_memory() as app:
        import_log(app, write_start_timestamp_xes(interval_cases(4), tmp_path / "start.xes"))
        write_xes(app, tmp_path / "ours.xes")
        journey_map = analyse(app).map("activity")
    frequency, performance = pm4py_interval_dfg("start_timestamp", tmp_path / "ours.xes")
    ours = {(edge.source[1], edge.target[1]): edge for edge in journey_map.edges}
    assert set(ours) == set(performance)
    for pair, edge in ours.items():
        assert edge.count == frequency[pair], pair
        assert edge.stats.mean == pytest.approx(performance[pair]["mean"], abs=1e-6), pair
