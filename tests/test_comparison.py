"""Cohort comparison: ``compare``, ``compare_cohorts``, the difference pictures and
``journeys compare-cohorts``."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys import Body, Catalogue, JourneyApp, bundled_blueprints, simulate_into
from journeys.analysis import Analysis, FindingKind, analyse
from journeys.analysis.comparison import (
    Comparison,
    CountChange,
    Presence,
    compare,
    compare_cohorts,
)
from journeys.analysis.filters import JourneyFilter
from journeys.cli import main
from journeys.journey import Journey
from journeys.render import to_dot, to_svg
from journeys.render.difference_map import render_difference_map
from journeys.render.difference_network import render_difference_network
from journeys.testing import catalogues
from tests.helpers import (
    AS_OF,
    CATALOGUE,
    at,
    bereavement,
    drawn_journeys,
    events_of,
    move_to_scotland,
    started,
)

SVG = "{http://www.w3.org/2000/svg}"


@st.composite
def analyses(draw: st.DrawFn) -> Analysis:
    """The analysis of a small generated population."""
    catalogue = draw(catalogues(min_size=3, max_size=5))
    drawn = drawn_journeys(draw, catalogue, min_size=0, max_size=5)
    events = [event for journey in drawn for event in events_of(journey)]
    return analyse(events, catalogue=catalogue)


def _all_changes(comparison: Comparison) -> list[float | None]:
    """Every change a comparison holds (counts, shares, medians)."""
    changes: list[float | None] = []

    def count(change: CountChange) -> None:
        changes.extend([change.change, change.share_change])

    for node in comparison.nodes:
        for part in (node.visits, node.starts, node.ends):
            count(part)
    for edge in comparison.edges:
        count(edge.transitions)
        changes.append(edge.median.change)
    for link in comparison.network:
        for part in (
            link.handoffs,
            link.accepted,
            link.rejected,
            link.dropped,
            link.reasks,
            link.cold_transfers,
        ):
            count(part)
        changes.extend([link.latency.change, link.unheld.change])
    for finding in comparison.findings:
        count(finding.counts)
        changes.append(finding.change_per_thousand)
    return changes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(analyses())
def test_an_analysis_compared_with_itself_changes_nothing(analysis: Analysis) -> None:
    comparison = compare(analysis, analysis)
    assert comparison.new_edges == ()
    assert comparison.removed_edges == ()
    assert all(node.presence is Presence.BOTH for node in comparison.nodes)
    assert all(link.presence is Presence.BOTH for link in comparison.network)
    assert len(comparison.edges) == len(analysis.journey_map.edges)
    assert len(comparison.network) == len(analysis.handoff_network.edges)
    assert all(change in (0, None) for change in _all_changes(comparison))
    # Every edge has a median in both, so its change is a number, not missing.
    assert all(edge.median.change == 0 for edge in comparison.edges)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(analyses(), analyses())
def test_swapping_the_cohorts_negates_every_change(first: Analysis, second: Analysis) -> None:
    forward, backward = compare(first, second), compare(second, first)
    for there, back in zip(_all_changes(forward), _all_changes(backward), strict=True):
        if there is None:
            assert back is None
        else:
            assert back == -there
    swapped = {Presence.ONLY_FIRST: Presence.ONLY_SECOND, Presence.ONLY_SECOND: Presence.ONLY_FIRST}
    for edge, reverse in zip(forward.edges, backward.edges, strict=True):
        assert swapped.get(edge.presence, edge.presence) is reverse.presence
    assert len(forward.new_edges) == len(backward.removed_edges)


def test_shares_are_of_each_cohorts_journeys() -> None:
    first = analyse(
        [*events_of(bereavement("a1")), *events_of(bereavement("a2", offset=1))],
        catalogue=CATALOGUE,
        as_of=AS_OF,
    )
    second_events = [*events_of(bereavement("b1"))]
    for index in range(3):
        second_events.extend(events_of(move_to_scotland(f"b-move-{index}", offset=index)))
    second = analyse(second_events, catalogue=CATALOGUE, as_of=AS_OF)
    comparison = compare(first, second, first_label="two deaths", second_label="one and 3 moves")
    assert (comparison.first_journeys, comparison.second_journeys) == (2, 4)

    # Every transition of a bereavement is taken twice in A (2 journeys) and once in B (4).
    in_a = {(e.source, e.target): e.count for e in first.journey_map.edges}
    for edge in comparison.edges:
        if (edge.source, edge.target) in in_a:
            assert edge.presence is Presence.BOTH
            taken = edge.transitions.first
            assert edge.transitions.second * 2 == taken
            assert edge.transitions.first_share == taken / 2
            assert edge.transitions.second_share == taken / 2 / 4
        else:
            # The moves' transitions are new in B: three journeys of four.
            assert edge.presence is Presence.ONLY_SECOND
            assert edge.transitions.first == 0
            assert edge.transitions.first_share == 0
            assert edge.transitions.second_share == edge.transitions.second / 4
    assert comparison.removed_edges == ()
    assert len(comparison.new_edges) > 0

    reasks = next(f for f in comparison.findings if f.kind is FindingKind.REASK)
    assert (reasks.counts.first, reasks.counts.second) == (2, 1)
    assert reasks.first_per_thousand == 1000
    assert reasks.second_per_thousand == 250
    assert reasks.change_per_thousand == -750

    # The refused care plan: only in B, once per move (3 of 4 journeys).
    plan = next(link for link in comparison.network if link.to_body == "council:S12000036")
    assert plan.presence is Presence.ONLY_SECOND
    assert (plan.rejected.first, plan.rejected.second) == (0, 3)
    assert plan.rejected.second_share == 0.75
    assert plan.latency.change is None

    data = comparison.to_json()
    assert data["first"] == {"label": "two deaths", "journeys": 2}
    assert json.loads(json.dumps(data)) == data


def test_an_empty_cohort_has_shares_of_zero() -> None:
    empty = analyse([], catalogue=CATALOGUE)
    some = analyse(events_of(bereavement("x")), catalogue=CATALOGUE, as_of=AS_OF)
    comparison = compare(empty, some)
    assert comparison.first_journeys == 0
    assert all(edge.presence is Presence.ONLY_SECOND for edge in comparison.edges)
    assert all(edge.transitions.first_share == 0 for edge in comparison.edges)


@pytest.fixture(scope="module")
def nations_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cohorts") / "nations.db"
    app = JourneyApp.sqlite(path)
    simulate_into(
        app, bundled_blueprints(), citizens=160, seed=5, nations={"scotland": 1, "england": 1}
    )
    app.close()
    return path


def test_compare_cohorts_is_compare_of_the_two_filtered_analyses(nations_db: Path) -> None:
    app = JourneyApp.sqlite(nations_db)
    try:
        scotland = JourneyFilter(nation="scotland", trigger="death")
        england = JourneyFilter(nation="england", trigger="death")
        comparison = compare_cohorts(app, scotland, england, as_of=AS_OF)
        expected = compare(
            analyse(app, where=scotland, as_of=AS_OF),
            analyse(app, where=england, as_of=AS_OF),
            first_label=scotland.describe(),
            second_label=england.describe(),
        )
    finally:
        app.close()
    assert comparison == expected
    assert comparison.first_label == "journeys in Scotland, started by death"
    assert comparison.first_journeys > 0
    assert comparison.second_journeys > 0
    # Different registrars serve the two nations: the cohorts really differ.
    assert comparison.new_edges
    assert comparison.removed_edges


def scotland_against_england(db: Path) -> Comparison:
    """The journeys started in Scotland (A) against those started in England (B) in ``db``."""
    app = JourneyApp.sqlite(db)
    try:
        return compare_cohorts(
            app, JourneyFilter(nation="scotland"), JourneyFilter(nation="england")
        )
    finally:
        app.close()


def test_the_dot_is_deterministic(nations_db: Path) -> None:
    def drawn() -> tuple[bytes, bytes]:
        comparison = scotland_against_england(nations_db)
        return (
            to_dot(render_difference_map(comparison, top_nodes=15, top_edges=20)),
            to_dot(render_difference_network(comparison)),
        )

    once, again = drawn(), drawn()
    assert once == again
    map_dot, network_dot = (dot.decode() for dot in once)
    assert "only in B" in map_dot
    assert "only in A" in map_dot
    assert "journeys in Scotland" in map_dot
    assert "journeys in England" in network_dot
    assert "showing 15 of" in map_dot


def _two_steps(citizen: str, gap_days: float) -> list[Journey.Event]:
    """A registrar's case, then a DVLA touchpoint ``gap_days`` later."""
    journey = started(citizen)
    journey.open_case("registrar", "death-registration", occurred_at=at(1))
    journey.touchpoint("dvla", "licence returned", occurred_at=at(1 + gap_days))
    journey.end(occurred_at=at(2 + gap_days))
    return events_of(journey)


def test_the_map_colours_a_slower_edge_red_and_a_faster_one_blue() -> None:
    fast = analyse(_two_steps("fast", 1), catalogue=CATALOGUE)
    slow = analyse(_two_steps("slow", 8), catalogue=CATALOGUE)
    comparison = compare(fast, slow)
    changed = [e for e in comparison.edges if e.median.change]
    assert changed
    assert all(e.median.change is not None and e.median.change > 0 for e in changed)
    edges = _transitions(to_dot(render_difference_map(comparison, catalogue=CATALOGUE)))
    assert edges
    assert all("#b2182b" in line for line in edges)  # much slower in B
    assert any("+1 wk median" in line for line in edges)
    reverse = _transitions(to_dot(render_difference_map(compare(slow, fast), catalogue=CATALOGUE)))
    assert all("#2166ac" in line for line in reverse)  # much faster in B
    assert any("−1 wk median" in line for line in reverse)


def _transitions(dot: bytes) -> list[str]:
    """The DOT lines of the edges between touchpoints (not start, end or legend)."""
    return [line for line in dot.decode().splitlines() if re.search(r"\bn\d+ -> n\d+\b", line)]


HOSTILE = [
    '"; evil [label=pwned]; a -> b; "',
    "</text><script>alert(1)</script>",
    "<b>bold</b> & back\\slash \\N \\L",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_body_names_stay_text(name: str) -> None:
    catalogue = Catalogue(
        [Body(body.id, f"{name} {body.id}", body.tier, body.nations) for body in CATALOGUE.bodies()]
    )
    first = analyse(events_of(bereavement("a")), catalogue=catalogue, as_of=AS_OF)
    second = analyse(events_of(move_to_scotland("b")), catalogue=catalogue, as_of=AS_OF)
    comparison = compare(first, second, first_label=name, second_label=name)
    for graph in (
        render_difference_map(comparison, catalogue=catalogue),
        render_difference_network(comparison, catalogue=catalogue),
    ):
        root = ET.fromstring(to_svg(graph))
        assert not root.findall(f".//{SVG}script")
        assert not root.findall(f".//{SVG}b")
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert name.split(maxsplit=1)[0] in texts


def test_the_cli_compares_two_cohorts(nations_db: Path, tmp_path: Path) -> None:
    out, network, data = tmp_path / "diff.dot", tmp_path / "net.dot", tmp_path / "diff.json"
    result = CliRunner().invoke(
        main,
        [
            "compare-cohorts",
            "--db",
            str(nations_db),
            "--a",
            "nation=scotland, trigger=death",
            "--b",
            "nation=england,trigger=death",
            "-o",
            str(out),
            "--network",
            str(network),
            "--json",
            str(data),
            "--top",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Findings per 1,000 journeys" in result.output
    assert "The 3 transitions that changed most" in result.output
    assert "The 3 transitions whose median changed most" in result.output
    assert "journeys in Scotland, started by death" in result.output
    written = json.loads(data.read_text())
    assert written["first"]["label"] == "journeys in Scotland, started by death"
    assert written["second"]["journeys"] > 0
    assert "only in B" in out.read_text()
    assert network.read_text().startswith("digraph")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--a", "natoin=scotland", "--b", "nation=england"], "unknown filter word 'natoin'"),
        (["--a", "nation=atlantis", "--b", "nation=england"], "unknown nation 'atlantis'"),
        (["--a", "nation", "--b", "nation=england"], "'nation' is not word=value"),
        (["--a", "since=2024-02-30", "--b", "nation=england"], "is not a date"),
        (["--a", "crosses-nation=maybe", "--b", "gap=reask"], "crosses-nation is yes or no"),
        (["--a", "nation=wales", "--b", "gap=nothing"], "unknown kind of gap"),
        (["--a", "nation=wales", "--b", "nation=england", "-o", "x.txt"], "no known extension"),
    ],
)
def test_the_cli_fails_cleanly(
    nations_db: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    data = tmp_path / "diff.json"
    result = CliRunner().invoke(
        main, ["compare-cohorts", "--db", str(nations_db), "--json", str(data), *arguments]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not data.exists()


def test_the_cli_refuses_a_missing_store_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "diff.svg"
    result = CliRunner().invoke(
        main,
        [
            "compare-cohorts",
            "--db",
            str(tmp_path / "none.db"),
            "--a",
            "nation=wales",
            "--b",
            "nation=england",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error:")
    assert "no such store" in result.output
    assert not out.exists()


def test_the_network_keeps_the_busiest_connections_and_says_so(nations_db: Path) -> None:
    comparison = scotland_against_england(nations_db)
    total = len(comparison.network)
    assert total > 5
    kept = to_dot(render_difference_network(comparison, top_edges=5)).decode()
    assert f"showing 5 of {total} connections" in kept
    assert len(re.findall(r"\bb\d+ -> b\d+\b", kept)) == 5
    everything = to_dot(render_difference_network(comparison, top_edges=None)).decode()
    assert len(re.findall(r"\bb\d+ -> b\d+\b", everything)) == total
    with pytest.raises(ValueError, match="top_edges must be at least 1"):
        render_difference_network(comparison, top_edges=0)


def test_the_tables_show_names_as_text_not_markup() -> None:
    from rich.console import Console

    from journeys.cli.compare_cohorts import durations_table, edges_table

    catalogue = Catalogue(
        [*CATALOGUE.bodies(), Body("[bold]x[/]", "Markup", "central", ["england"])]
    )

    def marked(citizen: str, days: float) -> list[Journey.Event]:
        journey = started(citizen)
        for step in range(6):
            journey.touchpoint("[bold]x[/]", "[red]ask[/]", occurred_at=at(step * days))
            journey.touchpoint("dvla", "licence", occurred_at=at(step * days + days / 2))
        journey.end(occurred_at=at(7 * days))
        return events_of(journey)

    first = analyse(marked("a", 1), catalogue=catalogue)
    second = analyse(marked("b", 2), catalogue=catalogue)
    comparison = compare(first, second, first_label="[blink]A[/]", second_label="B")
    console = Console(width=400, record=True)
    for table in (edges_table(comparison, 5), durations_table(comparison, 5)):
        console.print(table)
    shown = console.export_text()
    assert "[red]ask[/] at [bold]x[/]" in shown
    assert "A: [blink]A[/]" in shown
    assert "+12 h" in shown  # the median of a transition taken 6 times in each doubled
