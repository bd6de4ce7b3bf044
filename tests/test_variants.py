"""Variants: the distinct paths of a population, read against the journey map."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Catalogue, JourneyApp
from journeys.analysis import Granularity, analyse
from journeys.analysis.filters import JourneyFilter
from journeys.analysis.variants import variants
from journeys.cli import main
from journeys.errors import AnalysisError
from journeys.journey import Journey
from journeys.render import to_dot
from journeys.render.variants import MAX_STEPS, render_variants
from journeys.testing import catalogues, journeys


@st.composite
def populations(draw: st.DrawFn) -> tuple[Catalogue, list[Journey.Event]]:
    catalogue = draw(catalogues(min_size=2, max_size=4))
    drawn = draw(
        st.lists(journeys(catalogue=catalogue, ended=True, max_steps=5), min_size=1, max_size=8)
    )
    return catalogue, [e for j in drawn for e in j.collect_events()]


@settings(max_examples=50, deadline=None)
@given(populations(), st.sampled_from(list(Granularity)))
def test_the_variants_walk_the_journey_map_exactly(
    population: tuple[Catalogue, list[Journey.Event]], granularity: Granularity
) -> None:
    """Every transition of every variant, times its count, adds up to the map's edge
    counts; first steps to its starts and last steps to its ends."""
    catalogue, events = population
    found = variants(events, granularity=granularity)
    journey_map = analyse(events, catalogue=catalogue).map(granularity)
    transitions: Counter[object] = Counter()
    starts: Counter[object] = Counter()
    ends: Counter[object] = Counter()
    for variant in found.variants:
        for pair in pairwise(variant.steps):
            transitions[pair] += variant.count
        if variant.steps:
            starts[variant.steps[0]] += variant.count
            ends[variant.steps[-1]] += variant.count
    assert transitions == Counter({(e.source, e.target): e.count for e in journey_map.edges})
    assert starts == Counter({n.key: n.starts for n in journey_map.nodes if n.starts})
    assert ends == Counter({n.key: n.ends for n in journey_map.nodes if n.ends})
    started = sum(isinstance(e, Journey.Started) for e in events)
    assert found.journeys == started == sum(v.count for v in found.variants)
    assert found.distinct == len(found.variants)
    assert sum(v.share for v in found.variants) == pytest.approx(1.0)
    counts = [v.count for v in found.variants]
    assert counts == sorted(counts, reverse=True)
    assert [v.rank for v in found.variants] == list(range(1, len(counts) + 1))


@settings(max_examples=30, deadline=None)
@given(populations(), st.integers(min_value=1, max_value=4))
def test_top_keeps_the_most_common_and_counts_the_rest(
    population: tuple[Catalogue, list[Journey.Event]], top: int
) -> None:
    _, events = population
    every = variants(events)
    some = variants(events, top=top)
    assert some.variants == every.variants[:top]
    assert some.left_out == sum(v.count for v in every.variants[top:])


def test_durations_are_of_ended_journeys_start_to_end() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    app = JourneyApp.in_memory()
    for days in (2, 4, 9):
        journey = Journey.start(
            citizen="cit-1", trigger="death", nation="england", occurred_at=start
        )
        journey.open_case("gro", "register-death", occurred_at=start)
        journey.end(outcome="done", occurred_at=start.replace(day=1 + days))
        app.save(journey)
    found = variants(app)
    (only,) = found.variants
    assert only.count == only.ended == 3
    assert only.durations is not None
    assert only.durations.median == 4 * 86_400
    assert only.steps == (("gro", "register-death"),)
    assert found.to_json()["variants"][0]["duration_seconds"]["median"] == 4 * 86_400


def test_a_filter_reads_only_its_journeys() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    app = JourneyApp.in_memory()
    for nation, service in (("england", "register-death"), ("scotland", "register-death-s")):
        journey = Journey.start(citizen="cit-1", trigger="death", nation=nation, occurred_at=start)
        journey.open_case("gro" if nation == "england" else "nrs", service, occurred_at=start)
        app.save(journey)
    found = variants(app, where=JourneyFilter(nation="scotland"))
    assert [v.steps for v in found.variants] == [(("nrs", "register-death-s"),)]
    assert found.filtered_by == "journeys in Scotland"


def test_a_top_below_one_or_an_unknown_granularity_is_refused() -> None:
    with pytest.raises(AnalysisError, match="top"):
        variants([], top=0)
    with pytest.raises(AnalysisError, match="sideways"):
        variants([], granularity="sideways")


def test_the_picture_draws_each_variant_as_a_row_and_cuts_long_paths() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    journey = Journey.start(citizen="cit-1", trigger="death", nation="england", occurred_at=start)
    for step in range(MAX_STEPS + 3):
        journey.touchpoint("gro", f'<script>alert({step})</script>"x', occurred_at=start)
    found = variants(journey.collect_events())
    dot = to_dot(render_variants(found)).decode()
    assert "3 more steps" in dot
    assert "<script>" not in dot
    assert "&lt;script&gt;" in dot


def test_the_command_prints_writes_json_and_draws(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with JourneyApp.sqlite(db) as app:
        for nation, body in (("england", "gro"), ("scotland", "nrs"), ("scotland", "nrs")):
            journey = Journey.start(
                citizen="cit-1", trigger="death", nation=nation, occurred_at=start
            )
            journey.open_case(body, "register-death", occurred_at=start)
            journey.end(outcome="done", occurred_at=start.replace(day=3))
            app.save(journey)
    out, picture = tmp_path / "v.json", tmp_path / "v.dot"
    result = CliRunner().invoke(
        main,
        [
            "variants",
            "--db",
            str(db),
            "--nation",
            "scotland",
            "--json",
            str(out),
            "-o",
            str(picture),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "journeys in Scotland" in result.output
    assert "nrs · register-death" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["journeys"] == 2
    assert data["variants"][0]["count"] == 2
    assert "register-death" in picture.read_text(encoding="utf-8")
