"""Hand-computed examples of every finding kind, and the edges of each rule."""

from __future__ import annotations

from datetime import datetime

import pytest

from journeys import Journey
from journeys.analysis import Analysis, FindingKind, analyse
from journeys.errors import AnalysisError
from tests.helpers import CATALOGUE, DAY, at, started


def run(journey: Journey, as_of: datetime | None = None) -> Analysis:
    return analyse(journey.collect_events(), catalogue=CATALOGUE, as_of=as_of)


def kinds(analysis: Analysis) -> list[str]:
    return [f.kind.value for f in analysis.findings]


def test_handoff_latency_is_sent_to_accepted() -> None:
    journey = started()
    journey.open_case("dwp", "bereavement-support", occurred_at=at(0))
    journey.send_handoff(
        "h", from_body="dwp", to_body="hmrc", occurred_at=at(1), items=["date_of_death"]
    )
    journey.accept_handoff("h", occurred_at=at(3.5))
    journey.end(occurred_at=at(5))
    (finding,) = run(journey).of_kind("handoff_latency")
    assert (finding.from_body, finding.to_body) == ("dwp", "hmrc")
    assert finding.duration_seconds == 2.5 * DAY
    assert finding.items == ("date_of_death",)
    assert finding.handoff == "h"
    assert finding.boundary is not None
    assert finding.boundary.tier_pair == "central->central"


def test_dropped_handoff_runs_to_the_end_or_as_of() -> None:
    journey = started()
    journey.open_case("dwp", "bsp", occurred_at=at(0))
    journey.send_handoff("h", from_body="dwp", to_body="dvla", occurred_at=at(2))
    events = journey.collect_events()
    # Still open, no as_of: in flight, not dropped.
    in_flight = analyse(events, catalogue=CATALOGUE)
    assert in_flight.of_kind("dropped_handoff") == ()
    assert in_flight.handoff_network.edges[0].in_flight == 1
    assert in_flight.journeys_open == 1
    # Closed by as_of: dropped from sending to as_of.
    (dropped,) = analyse(events, catalogue=CATALOGUE, as_of=at(30)).of_kind("dropped_handoff")
    assert dropped.duration_seconds == 28 * DAY
    assert dropped.end == at(30)


def test_dropped_handoff_at_journey_end() -> None:
    journey = started()
    journey.open_case("dwp", "bsp", occurred_at=at(0))
    journey.send_handoff("h", from_body="dwp", to_body="dvla", occurred_at=at(2))
    journey.end(occurred_at=at(9))
    analysis = run(journey, as_of=at(100))
    (dropped,) = analysis.of_kind("dropped_handoff")
    assert (dropped.start, dropped.end) == (at(2), at(9))
    assert analysis.handoff_network.edges[0].dropped == 1


def test_rejected_handoff_carries_its_reason_and_carries_nothing() -> None:
    journey = started()
    journey.open_case("registrar", "death-registration", occurred_at=at(0))
    journey.provide_information("registrar", ["date_of_death"], occurred_at=at(0))
    journey.send_handoff(
        "h", from_body="registrar", to_body="dwp", items=["date_of_death"], occurred_at=at(1)
    )
    journey.reject_handoff("h", occurred_at=at(2), reason="not known to us")
    journey.open_case("dwp", "bsp", occurred_at=at(2))
    journey.request_information("dwp", ["date_of_death"], occurred_at=at(3))
    journey.end(occurred_at=at(4))
    analysis = run(journey)
    (rejected,) = analysis.of_kind("rejected_handoff")
    assert rejected.detail == "not known to us"
    assert rejected.duration_seconds == DAY
    # A rejected hand-off neither carries the item nor makes the case warm.
    assert len(analysis.of_kind("reask")) == 1
    assert len(analysis.of_kind("cold_transfer")) == 1


def test_unheld_time_between_cases_and_at_the_edges() -> None:
    journey = started()
    journey.open_case("registrar", "death-registration", occurred_at=at(2))
    journey.send_handoff("h", from_body="registrar", to_body="dwp", occurred_at=at(3))
    journey.close_case("registrar", "death-registration", occurred_at=at(4))
    journey.accept_handoff("h", occurred_at=at(6))
    journey.open_case("dwp", "bsp", occurred_at=at(7), via_handoff="h")
    journey.close_case("dwp", "bsp", occurred_at=at(8))
    journey.end(occurred_at=at(10))
    unheld = run(journey).of_kind("unheld_time")
    assert [(f.from_body, f.to_body, f.duration_seconds / DAY) for f in unheld] == [
        (None, "registrar", 2.0),  # before anyone took the citizen on
        ("registrar", "dwp", 3.0),  # the hand-off in flight holds no one
        ("dwp", None, 2.0),  # after the last case closed
    ]
    assert unheld[0].boundary is not None
    assert unheld[0].boundary.tier_pair == "none->local"


def test_overlapping_cases_leave_no_unheld_time() -> None:
    journey = started()
    journey.open_case("registrar", "reg", occurred_at=at(0))
    journey.open_case("dwp", "bsp", occurred_at=at(1))
    journey.close_case("registrar", "reg", occurred_at=at(2))
    journey.close_case("dwp", "bsp", occurred_at=at(3))
    journey.end(occurred_at=at(3))
    assert run(journey).of_kind("unheld_time") == ()


def test_a_touchpoint_run_holds_from_first_to_last_touchpoint() -> None:
    journey = started()
    journey.touchpoint("council:E06000023", "form received", occurred_at=at(0))
    journey.touchpoint("council:E06000023", "form checked", occurred_at=at(4))
    journey.touchpoint("hmrc", "letter sent", occurred_at=at(6))
    journey.end(occurred_at=at(6))
    unheld = run(journey).of_kind("unheld_time")
    assert [(f.from_body, f.to_body, f.duration_seconds / DAY) for f in unheld] == [
        ("council:E06000023", "hmrc", 2.0)
    ]


def test_a_case_opening_breaks_a_touchpoint_run() -> None:
    journey = started()
    journey.touchpoint("dwp", "call", occurred_at=at(0))
    journey.open_case("hmrc", "tax", occurred_at=at(2))
    journey.touchpoint("dwp", "call again", occurred_at=at(3))
    journey.end(occurred_at=at(3))
    unheld = run(journey).of_kind("unheld_time")
    # dwp's two calls are not one run: the gap before hmrc took the citizen on stands.
    assert [(f.from_body, f.to_body, f.duration_seconds / DAY) for f in unheld] == [
        ("dwp", "hmrc", 2.0)
    ]


def test_cold_transfer_and_what_is_not_one() -> None:
    journey = started()
    journey.open_case("registrar", "reg", occurred_at=at(0))  # entry point, not cold
    journey.touchpoint("dvla", "licence query", occurred_at=at(1))
    journey.open_case("dvla", "licence", occurred_at=at(2))  # dvla already held a touchpoint
    journey.send_handoff("h", from_body="registrar", to_body="dwp", occurred_at=at(2))
    journey.accept_handoff("h", occurred_at=at(3))
    journey.open_case("dwp", "bsp", occurred_at=at(4))  # accepted hand-off into dwp
    journey.close_case("registrar", "reg", occurred_at=at(5))
    journey.close_case("dwp", "bsp", occurred_at=at(5))
    journey.close_case("dvla", "licence", occurred_at=at(6))
    journey.open_case("hmrc", "tax", occurred_at=at(9))  # the citizen carried themselves
    journey.end(occurred_at=at(10))
    (cold,) = run(journey).of_kind("cold_transfer")
    assert (cold.from_body, cold.to_body) == ("dvla", "hmrc")
    assert (cold.start, cold.end) == (at(6), at(9))


def test_reask_needs_a_different_body_and_no_carrying_handoff() -> None:
    journey = started()
    journey.open_case("registrar", "reg", occurred_at=at(0))
    journey.provide_information("registrar", ["date_of_death", "ni_number"], occurred_at=at(0))
    journey.request_information("registrar", ["date_of_death"], occurred_at=at(1))  # same body
    journey.send_handoff(
        "tuo", from_body="registrar", to_body="dwp", items=["date_of_death"], occurred_at=at(1)
    )
    journey.accept_handoff("tuo", occurred_at=at(2))
    journey.request_information("dwp", ["date_of_death", "ni_number", "bank"], occurred_at=at(3))
    journey.end(occurred_at=at(4))
    (reask,) = run(journey).of_kind("reask")
    assert (reask.from_body, reask.to_body) == ("registrar", "dwp")
    assert reask.items == ("ni_number",)  # carried: not re-asked; never given: not re-asked
    assert reask.duration_seconds == 3 * DAY


def test_a_reask_from_two_tellers_is_one_finding_per_teller() -> None:
    journey = started()
    journey.open_case("registrar", "reg", occurred_at=at(0))
    journey.provide_information("registrar", ["date_of_death"], occurred_at=at(0))
    journey.provide_information("dwp", ["ni_number"], occurred_at=at(1))
    journey.request_information("hmrc", ["date_of_death", "ni_number"], occurred_at=at(2))
    journey.end(occurred_at=at(2))
    reasks = run(journey).of_kind("reask")
    assert [(f.from_body, f.items) for f in reasks] == [
        ("registrar", ("date_of_death",)),
        ("dwp", ("ni_number",)),
    ]


def test_boundaries_classify_tier_pairs_and_nation_crossings() -> None:
    journey = started(nation="scotland")
    journey.open_case("council:S12000036", "adult-social-care", occurred_at=at(0))
    journey.send_handoff(
        "h", from_body="council:S12000036", to_body="council:E06000023", occurred_at=at(1)
    )
    journey.end(occurred_at=at(2))
    analysis = run(journey)
    (dropped,) = analysis.of_kind(FindingKind.DROPPED_HANDOFF)
    assert dropped.boundary is not None
    assert dropped.boundary.crosses_nation
    assert [(row.kind.value, row.boundary) for row in analysis.by_nation_crossing] == [
        ("dropped_handoff", "cross-nation")
    ]


def test_journey_map_counts_and_durations() -> None:
    first, second = started(), started()
    for journey, wait in ((first, 1.0), (second, 3.0)):
        journey.open_case("registrar", "reg", occurred_at=at(0))
        journey.touchpoint("dwp", "claim", occurred_at=at(wait))
        journey.touchpoint("hmrc", "letter", occurred_at=at(wait + 1))
        journey.end(occurred_at=at(wait + 1))
    analysis = analyse([*first.collect_events(), *second.collect_events()], catalogue=CATALOGUE)
    edge = analysis.journey_map.edge(("registrar", "reg"), ("dwp", "claim"))
    assert edge is not None
    assert edge.count == 2
    assert (edge.stats.mean, edge.stats.median, edge.stats.min, edge.stats.max) == (
        2 * DAY,
        2 * DAY,
        DAY,
        3 * DAY,
    )
    assert edge.stats.p90 == pytest.approx(2.8 * DAY)
    activity = analysis.map("activity").edge((None, "claim"), (None, "letter"))
    assert activity is not None
    assert activity.count == 2
    nodes = {node.key: node for node in analysis.journey_map.nodes}
    assert nodes[("registrar", "reg")].starts == 2
    assert nodes[("hmrc", "letter")].ends == 2


def test_as_of_before_an_open_journeys_last_event_is_refused() -> None:
    journey = started()
    journey.open_case("dwp", "bsp", occurred_at=at(5))
    events = journey.collect_events()
    with pytest.raises(AnalysisError, match="before the latest event"):
        analyse(events, catalogue=CATALOGUE, as_of=at(1))
    with pytest.raises(AnalysisError, match="timezone-aware"):
        analyse(events, catalogue=CATALOGUE, as_of=datetime(2025, 6, 1))


def test_events_must_come_in_order() -> None:
    journey = started()
    journey.open_case("dwp", "bsp", occurred_at=at(1))
    journey.close_case("dwp", "bsp", occurred_at=at(2))
    first, opened, closed = journey.collect_events()
    with pytest.raises(AnalysisError, match="expected version 2"):
        analyse([first, closed], catalogue=CATALOGUE)
    with pytest.raises(AnalysisError, match="without the journey's earlier events"):
        analyse([opened], catalogue=CATALOGUE)


def test_to_json_counts_and_rows() -> None:
    journey = started()
    journey.open_case("dwp", "bsp", occurred_at=at(1))
    journey.end(occurred_at=at(2))
    analysis = run(journey)
    document = analysis.to_json()
    assert document["schema_version"] == 2
    assert document["counts"]["unheld_time"] == 1  # before dwp; its case is open at the end
    assert document["journeys"] == {"started": 1, "ended": 1, "open": 0}
    assert analysis.finding_rows()[0]["duration_seconds"] == DAY
    assert kinds(analysis) == ["unheld_time"]
