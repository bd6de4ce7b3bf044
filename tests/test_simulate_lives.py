"""Whole lives in the simulator: ``simulate_lives`` and ``simulate_lives_into``."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys import JourneyApp, Nation, bundled_blueprints
from journeys.analysis import analyse
from journeys.blueprints.validity import journey_date
from journeys.cli import main
from journeys.cli.demo import life_with_most_findings
from journeys.interop.journey_csv import write_journey_csv
from journeys.journey import Journey, journey_id
from journeys.simulation import (
    DEFAULT_EVENTS,
    DEFAULT_UNTIL,
    Failures,
    LifeCourse,
    LifeEvent,
    simulate_lives,
    simulate_lives_into,
)
from journeys.simulation.lives import YEAR, LifePlan

BLUEPRINTS = bundled_blueprints()


def bodies(journey: Journey) -> set[str]:
    """The bodies that opened a case in ``journey`` (its events still pending)."""
    return {e.body for e in journey.pending_events if isinstance(e, Journey.CaseOpened)}


def by_citizen(journeys: Iterable[Journey]) -> dict[str, list[Journey]]:
    lives: dict[str, list[Journey]] = {}
    for journey in journeys:
        lives.setdefault(journey.citizen, []).append(journey)
    return lives


def plan(citizens: int, seed: int, **options: object) -> LifePlan:
    arguments: dict[str, object] = {
        "course": None,
        "nations": None,
        "born_from": datetime(1925, 1, 1, tzinfo=UTC),
        "born_until": datetime(2025, 1, 1, tzinfo=UTC),
        "until": datetime(2026, 1, 1, tzinfo=UTC),
        "delays": None,
        "failures": None,
        "behaviour": None,
        "catalogue": None,
    }
    arguments.update(options)
    return LifePlan.plan(BLUEPRINTS, citizens=citizens, seed=seed, **arguments)  # type: ignore[arg-type]


def test_lives_span_decades_with_their_journeys_in_time_order() -> None:
    lives = by_citizen(simulate_lives(BLUEPRINTS, citizens=120, seed=4))
    assert len(lives) == 120
    spans = []
    for journeys in lives.values():
        starts = [journey.started_at for journey in journeys]
        assert starts == sorted(starts)
        assert journeys[0].trigger == "birth"  # every life starts with its birth
        spans.append(starts[-1] - starts[0])
    assert max(spans) > 60 * YEAR
    assert sum(span > 20 * YEAR for span in spans) > 30
    assert sum(len(journeys) >= 4 for journeys in lives.values()) > 10


def test_every_journey_of_a_life_is_the_citizens_and_joins_their_life_in_the_app() -> None:
    app = JourneyApp.in_memory()
    counts = simulate_lives_into(app, BLUEPRINTS, citizens=25, seed=2, batch_size=7)
    expected = by_citizen(simulate_lives(BLUEPRINTS, citizens=25, seed=2))
    assert counts.citizens == 25
    assert counts.journeys == sum(len(journeys) for journeys in expected.values())
    for citizen, journeys in expected.items():
        assert citizen.startswith("life-2-")
        life = app.life(citizen)
        assert [journey.id for journey in life] == [journey.id for journey in journeys]
        assert {journey.citizen for journey in life} == {citizen}


def test_journey_ids_are_deterministic_and_fewer_citizens_are_a_prefix() -> None:
    few = list(simulate_lives(BLUEPRINTS, citizens=5, seed=9))
    more = list(simulate_lives(BLUEPRINTS, citizens=12, seed=9))
    assert [j.id for j in few] == [j.id for j in more[: len(few)]]
    first_life = [j for j in few if j.citizen == "life-9-0"]
    assert [j.id for j in first_life] == [
        journey_id("lives:9", f"0:{k}") for k in range(len(first_life))
    ]


def test_the_same_seed_gives_a_byte_identical_journey_csv() -> None:
    def export(seed: int) -> str:
        app = JourneyApp.in_memory()
        simulate_lives_into(app, BLUEPRINTS, citizens=15, seed=seed)
        text = io.StringIO()
        write_journey_csv(app, text)
        return text.getvalue()

    first = export(11)
    assert first == export(11)
    assert first != export(12)
    assert first.count("\n") > 500


def test_running_it_again_adds_nothing() -> None:
    app = JourneyApp.in_memory()
    first = simulate_lives_into(app, BLUEPRINTS, citizens=10, seed=3, batch_size=4)
    again = simulate_lives_into(app, BLUEPRINTS, citizens=14, seed=3, batch_size=4)
    assert again.skipped == first.journeys
    assert again.journeys > 0


MOVE_AT_30 = LifeCourse(
    (
        LifeEvent("birth", "birth", (0, 0)),
        LifeEvent("move", "moving-house", (30, 30), moves=True),
        LifeEvent("state-pension-age", "state-pension-age", (66, 66)),
    ),
    change_nation=1.0,
)


def test_a_move_to_scotland_makes_later_journeys_scottish() -> None:
    journeys = simulate_lives(
        BLUEPRINTS,
        citizens=30,
        seed=1,
        course=MOVE_AT_30,
        nations={"england": 1, "scotland": 1},
        born_from=datetime(1955, 1, 1, tzinfo=UTC),
        born_until=datetime(1956, 1, 1, tzinfo=UTC),
        failures=Failures.none(),
    )
    lives = by_citizen(journeys)
    english_born = [life for life in lives.values() if life[0].nation is Nation.ENGLAND]
    scottish_born = [life for life in lives.values() if life[0].nation is Nation.SCOTLAND]
    assert english_born
    assert scottish_born
    for _birth, move, pension in english_born:
        assert (move.trigger, pension.trigger) == ("moving-house", "state-pension-age")
        # The move starts in England, through the cross-border blueprint: Social
        # Security Scotland and a Scottish council are on it.
        assert move.nation is Nation.ENGLAND
        assert {"sss", "council:S12000026"} <= bodies(move)
        assert pension.nation is Nation.SCOTLAND
    for _birth, move, pension in scottish_born:
        # No blueprint for a move from Scotland to England: the move in Scotland.
        assert move.nation is Nation.SCOTLAND
        assert pension.nation is Nation.ENGLAND


def test_with_no_change_of_nation_every_journey_stays_in_the_nation_of_birth() -> None:
    course = LifeCourse(MOVE_AT_30.events, change_nation=0.0)
    lives = by_citizen(
        simulate_lives(
            BLUEPRINTS, citizens=30, seed=1, course=course, until=datetime(2100, 1, 1, tzinfo=UTC)
        )
    )
    for journeys in lives.values():
        assert {journey.nation for journey in journeys} == {journeys[0].nation}
        assert all(not {"sss"} <= bodies(j) or j.nation is Nation.SCOTLAND for j in journeys)


def test_the_rules_in_force_on_the_day_of_a_bereavement_are_used() -> None:
    # A death in England: from 9 September 2024 a medical examiner reviews it first.
    course = LifeCourse((LifeEvent("bereavement", "death", (40, 40)),))
    journeys = list(
        simulate_lives(
            BLUEPRINTS,
            citizens=80,
            seed=5,
            course=course,
            nations={"england": 1},
            born_from=datetime(1984, 3, 1, tzinfo=UTC),
            born_until=datetime(1984, 12, 31, tzinfo=UTC),
            failures=Failures.none(),
        )
    )
    reform = date(2024, 9, 9)
    before = [j for j in journeys if journey_date(j.started_at) < reform]
    after = [j for j in journeys if journey_date(j.started_at) >= reform]
    assert before
    assert after
    assert all("medical-examiner:RVJ" not in bodies(j) for j in before)
    assert all("medical-examiner:RVJ" in bodies(j) for j in after)


def test_a_trigger_with_no_blueprint_is_skipped() -> None:
    course = LifeCourse(
        (
            LifeEvent("birth", "birth", (0, 0)),
            LifeEvent("emigrating", "no-blueprint-for-this", (20, 30)),
            LifeEvent("state-pension-age", "state-pension-age", (66, 66)),
        )
    )
    journeys = list(
        simulate_lives(
            BLUEPRINTS, citizens=10, seed=0, course=course, until=datetime(2100, 1, 1, tzinfo=UTC)
        )
    )
    assert {journey.trigger for journey in journeys} == {"birth", "state-pension-age"}
    with pytest.raises(ValueError, match="no blueprint has the trigger"):
        list(simulate_lives(BLUEPRINTS, citizens=1, course=LifeCourse(course.events[1:2])))


def test_a_life_course_is_checked() -> None:
    with pytest.raises(ValueError, match="probability"):
        LifeEvent("birth", "birth", (0, 0), probability=1.5)
    with pytest.raises(ValueError, match="ages"):
        LifeEvent("birth", "birth", (10, 5))
    with pytest.raises(ValueError, match="two life events"):
        LifeCourse((DEFAULT_EVENTS[0], DEFAULT_EVENTS[0]))
    with pytest.raises(ValueError, match="earlier event"):
        LifeCourse((LifeEvent("late", "turning-18", (18, 18), after="early"),))
    assert LifeCourse().events == DEFAULT_EVENTS


def test_an_event_after_another_only_happens_in_lives_that_had_it() -> None:
    lives = by_citizen(simulate_lives(BLUEPRINTS, citizens=400, seed=8))
    with_18 = [life for life in lives.values() if any(j.trigger == "turning-18" for j in life)]
    assert with_18
    for life in with_18:
        triggers = [journey.trigger for journey in life]
        assert "turning-16" in triggers[: triggers.index("turning-18")]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=-(2**31), max_value=2**31), citizens=st.integers(0, 12))
def test_counts_agree_and_no_journey_is_before_birth_or_after_death(
    seed: int, citizens: int
) -> None:
    lives = list(plan(citizens, seed).lives())
    assert [life.citizen_index for life in lives] == list(range(citizens))
    journeys = [simulated.journey for life in lives for simulated in life.journeys]
    assert [s.index for life in lives for s in life.journeys] == list(range(len(journeys)))
    for life in lives:
        starts = [simulated.journey.started_at for simulated in life.journeys]
        assert starts == sorted(starts)
        assert all(life.born_at <= start < datetime(2026, 1, 1, tzinfo=UTC) for start in starts)
        if life.died_at is not None:
            assert all(start <= life.died_at for start in starts)
            assert life.died_at - life.born_at <= 100 * YEAR + timedelta(seconds=1)
        assert {s.journey.citizen for s in life.journeys} <= {life.citizen}
    app = JourneyApp.in_memory()
    counts = simulate_lives_into(app, BLUEPRINTS, citizens=citizens, seed=seed, batch_size=5)
    assert counts.citizens == citizens
    assert counts.journeys == len(journeys) == sum(1 for _ in app.journey_ids())
    assert counts.events == sum(len(journey.pending_events) for journey in journeys)
    assert counts.skipped == 0


def test_the_demo_with_lives_simulates_lives_and_draws_a_lifeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo", "--lives", "8", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "journeys of 8 lives" in result.output
    assert "Life-level gaps:" in result.output
    out = tmp_path / "out"
    for name in ("map.svg", "network.svg", "gaps.json", "lifeline.svg", "lifeline.png"):
        assert (out / name).stat().st_size > 0
    assert (out / "lifeline.png").read_bytes().startswith(b"\x89PNG")
    with JourneyApp.sqlite(tmp_path / "journeys-lives.db") as app:
        citizens = {app.get_journey(journey).citizen for journey in app.journey_ids()}
        drawn = life_with_most_findings(app, analyse(app, as_of=DEFAULT_UNTIL))
    assert citizens == {f"life-2-{n}" for n in range(8)}
    assert drawn is not None
    assert f"the lifeline is {drawn}'s" in " ".join(result.output.split())
    svg = (out / "lifeline.svg").read_text(encoding="utf-8")
    assert f"Life of citizen {drawn.replace('-', '&#45;')} " in svg
    assert not (tmp_path / "journeys-demo.db").exists()


def test_lives_alone_uses_the_default_number_of_lives() -> None:
    from journeys.cli.demo import DEFAULT_LIVES, demo_command

    lives = next(p for p in demo_command.params if p.name == "lives")
    assert lives.flag_value == DEFAULT_LIVES  # type: ignore[attr-defined]


def services(journey: Journey) -> set[str]:
    return {e.service for e in journey.pending_events if isinstance(e, Journey.CaseOpened)}


def test_a_move_to_scotland_follows_the_rule_of_its_day() -> None:
    # From 6 November 2025 DWP runs PIP on for 13 weeks and the citizen applies to
    # Social Security Scotland; before it, DWP passed the record on.
    journeys = simulate_lives(
        BLUEPRINTS,
        citizens=60,
        seed=6,
        course=MOVE_AT_30,
        nations={"england": 1, "scotland": 0.001},
        born_from=datetime(1995, 6, 1, tzinfo=UTC),
        born_until=datetime(1996, 6, 1, tzinfo=UTC),
        until=datetime(2027, 1, 1, tzinfo=UTC),
        failures=Failures.none(),
    )
    moves = [j for j in journeys if j.trigger == "moving-house" and j.nation is Nation.ENGLAND]
    reform = date(2025, 11, 6)
    before = [j for j in moves if journey_date(j.started_at) < reform]
    after = [j for j in moves if journey_date(j.started_at) >= reform]
    assert before
    assert after
    assert all("pip-run-on" not in services(j) for j in before)
    assert all("pip-run-on" in services(j) for j in after)
