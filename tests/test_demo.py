"""``journeys demo`` end to end on a tiny population: files written, a rerun adds nothing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeys import JourneyApp
from journeys.analysis import analyse
from journeys.cli import main
from journeys.cli.demo import most_answered_blueprint, most_kinds_of_gap

OUTPUTS = ("map.svg", "network.svg", "timeline.svg", "experience.svg", "gaps.json")


def run_demo(*arguments: str) -> str:
    result = CliRunner().invoke(main, ["demo", "--citizens", "12", "--seed", "3", *arguments])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_simulates_analyses_and_draws(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = run_demo()
    assert "Worst gaps by boundary" in output
    for name in OUTPUTS:
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert b"<svg" in (tmp_path / "out" / "map.svg").read_bytes()
    gaps = json.loads((tmp_path / "out" / "gaps.json").read_text(encoding="utf-8"))
    with JourneyApp.sqlite(tmp_path / "journeys-demo.db") as app:
        journeys = sum(1 for _ in app.journey_ids())
        said = Counter(type(event).__name__ for _, event in app.read_events())
    assert gaps["journeys"]["started"] == journeys > 0
    # The demo's citizens speak: feedback after some steps, channels on every case.
    assert said["FeedbackGiven"] > 0
    assert b"<svg" in (tmp_path / "out" / "experience.svg").read_bytes()
    assert "How journeys with each gap scored" in output


def test_the_experience_curve_is_of_the_blueprint_with_the_most_answers() -> None:
    from journeys import bundled_blueprints, simulate_into
    from journeys.simulation import Voice

    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=40, seed=2, voice=Voice())
    analysis = analyse(app)
    blueprint, stages = most_answered_blueprint(analysis)
    answers = {
        name: sum(stage.scores.responses for stage in analysis.experience_by_stage(name))
        for name in bundled_blueprints()
    }
    assert sum(stage.scores.responses for stage in stages) == max(answers.values()) > 0
    assert blueprint.id == min(
        name for name, count in answers.items() if count == max(answers.values())
    )


def test_running_it_again_adds_nothing_and_fresh_starts_over(tmp_path: Path) -> None:
    db, out = tmp_path / "demo.db", tmp_path / "pictures"
    run_demo("--db", str(db), "--out", str(out))
    with JourneyApp.sqlite(db) as app:
        first = app.max_position()
    again = run_demo("--db", str(db), "--out", str(out))
    assert "0 journeys (0 events) simulated" in again
    assert "already there" in again
    with JourneyApp.sqlite(db) as app:
        assert app.max_position() == first
    run_demo("--db", str(db), "--out", str(out), "--fresh")
    with JourneyApp.sqlite(db) as app:
        assert app.max_position() == first
    gaps = json.loads((out / "gaps.json").read_text(encoding="utf-8"))
    assert gaps["journeys"]["ended"] == gaps["journeys"]["started"]


def test_the_timeline_shows_the_journey_with_the_most_kinds_of_gap(tmp_path: Path) -> None:
    from journeys import bundled_blueprints, simulate_into

    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=30, seed=1)
    analysis = analyse(app)
    chosen = most_kinds_of_gap(analysis)
    kinds = {
        journey: {
            f.kind
            for f in analysis.findings
            if f.journey == journey and f.kind.value != "handoff_latency"
        }
        for journey in app.journey_ids()
    }
    assert chosen is not None
    assert len(kinds[chosen]) == max(len(found) for found in kinds.values())
