"""Life-level gaps (``life_reask``, ``missed_trigger``): the Gaps page's definitions,
kind by kind; the life-event table and its errors; batch equal to the tracked
projection on generated lives, in any order of journeys, chunking and restart;
citizen folds saved and resumed after any event; erasure removing a citizen's
life-level findings from a tracked projection."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from eventsourcing.persistence import Tracking
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import GapTracker, Journey, JourneyApp, analyse
from journeys.analysis import (
    LIFE_KINDS,
    Analysis,
    FindingKind,
    GapEngine,
    GapProjection,
    LifeEvents,
    bundled_life_events,
)
from journeys.analysis.citizen_fold import CitizenFold
from journeys.analysis.fold import JourneyFold
from journeys.analysis.views.memory import POPOGapView
from journeys.blueprints import bundled_blueprints
from journeys.cli import main
from journeys.data import uk_catalogue
from journeys.errors import AnalysisError, LifeEventsError
from journeys.life import life_id
from journeys.privacy import CITIZEN_KEYS_ENV
from journeys.testing import catalogues
from journeys.testing import lives as public_lives
from tests.helpers import projected_in_chunks
from tests.test_analysis_properties import interleavings, reversed_journeys

CATALOGUE = uk_catalogue()
T0 = datetime(2020, 1, 6, 9, 0, tzinfo=UTC)
DAY = 86400.0


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def start(citizen: str, trigger: str, days: float) -> Journey:
    return Journey.start(citizen=citizen, trigger=trigger, nation="england", occurred_at=at(days))


def analysed(*journeys: Journey, as_of: datetime | None = None, **options: object) -> Analysis:
    events = [event for journey in journeys for event in journey.collect_events()]
    return analyse(events, catalogue=CATALOGUE, as_of=as_of, **options)  # type: ignore[arg-type]


def told(citizen: str, trigger: str, days: float, items: list[str], body: str = "dwp") -> Journey:
    journey = start(citizen, trigger, days)
    journey.provide_information(body, items, occurred_at=at(days + 1))
    journey.end(occurred_at=at(days + 2))
    return journey


def asked(citizen: str, trigger: str, days: float, items: list[str], body: str = "hmrc") -> Journey:
    journey = start(citizen, trigger, days)
    journey.request_information(body, items, occurred_at=at(days + 1))
    journey.end(occurred_at=at(days + 2))
    return journey


# --- life_reask -----------------------------------------------------------------------


def test_a_fact_given_in_an_earlier_journey_and_asked_again_is_a_life_reask() -> None:
    first = told("c", "state-pension-age", 0, ["national_insurance_number", "bank_details"])
    later = asked("c", "hospital-discharge", 100, ["national_insurance_number"])
    (finding,) = analysed(first, later).of_kind(FindingKind.LIFE_REASK)
    assert finding.journey == later.id
    assert (finding.from_body, finding.to_body) == ("dwp", "hmrc")
    assert finding.items == ("national_insurance_number",)
    assert (finding.start, finding.end) == (at(1), at(101))
    assert finding.boundary is not None
    assert finding.boundary.tier_pair == "central->central"


def test_another_citizen_or_the_same_journey_is_not_a_life_reask() -> None:
    first = told("c", "state-pension-age", 0, ["national_insurance_number"])
    other = asked("d", "hospital-discharge", 100, ["national_insurance_number"])
    same = start("e", "hospital-discharge", 0)
    same.provide_information("dwp", ["address"], occurred_at=at(1))
    same.request_information("hmrc", ["address"], occurred_at=at(2))
    analysis = analysed(first, other, same)
    assert analysis.of_kind(FindingKind.LIFE_REASK) == ()
    assert len(analysis.of_kind(FindingKind.REASK)) == 1  # the journey's own rule


def test_a_fact_given_earlier_in_the_asking_journey_is_left_to_the_reask_rule() -> None:
    first = told("c", "state-pension-age", 0, ["national_insurance_number"])
    later = start("c", "hospital-discharge", 100)
    later.provide_information("dwp", ["national_insurance_number"], occurred_at=at(101))
    later.request_information("hmrc", ["national_insurance_number"], occurred_at=at(102))
    analysis = analysed(first, later)
    assert analysis.of_kind(FindingKind.LIFE_REASK) == ()
    assert len(analysis.of_kind(FindingKind.REASK)) == 1


def test_a_life_event_that_changes_the_fact_in_between_clears_it() -> None:
    first = told("c", "state-pension-age", 0, ["address", "national_insurance_number"])
    move = start("c", "moving-house", 50)
    later = asked("c", "hospital-discharge", 100, ["address", "national_insurance_number"])
    (finding,) = analysed(first, move, later).of_kind(FindingKind.LIFE_REASK)
    assert finding.items == ("national_insurance_number",)
    # The move's own request for the address is no finding: its trigger changes it.
    again = asked("f", "state-pension-age", 0, ["address"])
    moving = asked("f", "moving-house", 10, ["address"])
    assert analysed(again, moving).of_kind(FindingKind.LIFE_REASK) == ()


def test_a_fact_given_after_the_change_counts_again() -> None:
    move = told("c", "moving-house", 0, ["address"], body="dvla")
    later = asked("c", "hospital-discharge", 100, ["address"])
    (finding,) = analysed(move, later).of_kind(FindingKind.LIFE_REASK)
    assert (finding.from_body, finding.start) == ("dvla", at(1))


def test_a_journey_that_started_later_is_not_earlier_even_if_its_fact_came_first() -> None:
    later = start("c", "hospital-discharge", 10)
    later.request_information("hmrc", ["national_insurance_number"], occurred_at=at(30))
    earlier_start = start("c", "state-pension-age", 20)
    earlier_start.provide_information("dwp", ["national_insurance_number"], occurred_at=at(21))
    assert analysed(later, earlier_start).of_kind(FindingKind.LIFE_REASK) == ()


def test_items_carried_by_an_accepted_handoff_count_as_given() -> None:
    first = start("c", "state-pension-age", 0)
    first.open_case("dwp", "state-pension", occurred_at=at(1))
    first.send_handoff(
        "h", from_body="dwp", to_body="hmrc", items=["bank_details"], occurred_at=at(2)
    )
    first.accept_handoff("h", occurred_at=at(3))
    first.end(occurred_at=at(4))
    later = asked("c", "hospital-discharge", 100, ["bank_details"], body="dvla")
    (finding,) = analysed(first, later).of_kind(FindingKind.LIFE_REASK)
    assert (finding.from_body, finding.start) == ("hmrc", at(3))


def test_the_same_body_asking_again_in_a_later_journey_is_a_life_reask() -> None:
    first = told("c", "state-pension-age", 0, ["national_insurance_number"], body="hmrc")
    later = asked("c", "hospital-discharge", 100, ["national_insurance_number"], body="hmrc")
    (finding,) = analysed(first, later).of_kind(FindingKind.LIFE_REASK)
    assert finding.from_body == finding.to_body == "hmrc"


# --- missed_trigger -------------------------------------------------------------------


def test_a_linked_journey_within_its_window_is_no_finding() -> None:
    sixteen, eighteen = start("c", "turning-16", 0), start("c", "turning-18", 700)
    assert analysed(sixteen, eighteen, as_of=at(2000)).of_kind(FindingKind.MISSED_TRIGGER) == ()


def test_a_linked_journey_late_or_missing_by_as_of() -> None:
    sixteen = start("c", "turning-16", 0)
    sixteen.open_case("dwp", "pip", occurred_at=at(1))
    eighteen = start("c", "turning-18", 800)
    eighteen.touchpoint("hmrc", "contact", occurred_at=at(801))
    (late,) = analysed(sixteen, eighteen).of_kind(FindingKind.MISSED_TRIGGER)
    assert (late.journey, late.from_body, late.to_body) == (sixteen.id, "dwp", "hmrc")
    assert late.duration_seconds == 800 * DAY

    alone = start("d", "turning-16", 0)
    events = alone.collect_events()
    assert analyse(events, catalogue=CATALOGUE).of_kind(FindingKind.MISSED_TRIGGER) == ()
    within = analyse(events, catalogue=CATALOGUE, as_of=at(761))
    assert within.of_kind(FindingKind.MISSED_TRIGGER) == ()  # the window is not over yet
    (never,) = analyse(events, catalogue=CATALOGUE, as_of=at(762)).of_kind(
        FindingKind.MISSED_TRIGGER
    )
    assert (never.to_body, never.end) == (None, at(762))


def test_a_target_before_the_source_does_not_count() -> None:
    eighteen, sixteen = start("c", "turning-18", 0), start("c", "turning-16", 10)
    (never,) = analysed(eighteen, sixteen, as_of=at(1000)).of_kind(FindingKind.MISSED_TRIGGER)
    assert never.journey == sixteen.id


# --- the table ------------------------------------------------------------------------


def test_the_bundled_table_names_bundled_triggers_only() -> None:
    triggers = {blueprint.trigger for blueprint in bundled_blueprints().values()}
    table = bundled_life_events()
    assert set(table.changes) <= triggers
    assert table.changes["moving-house"] >= {"address"}
    for link in table.links:
        assert {link.source, link.target} <= triggers


def test_a_table_of_your_own_replaces_the_bundled_one() -> None:
    mine = LifeEvents.from_toml_text('[changes]\nhospital-discharge = ["bank_details"]\n')
    first = told("c", "state-pension-age", 0, ["bank_details"])
    later = asked("c", "hospital-discharge", 100, ["bank_details"])
    assert analysed(first, later, life=mine).of_kind(FindingKind.LIFE_REASK) == ()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[changes]\nmoving-house = 'address'\n", 2, "list of item ids"),
        ("[changes]\n\n[[links]]\nfrom = 'a'\nto = 'b'\nwithin_days = -1\n", 3, "within_days"),
        ("[[links]]\nfrom = 'a'\n", 1, "needs to"),
        ("[[links]]\nfrom = 'a'\nto = 'b'\nwithin_days = 3\nweeks = 1\n", 1, "unknown key"),
        ("[other]\n", 1, "unknown table"),
        ("[changes\n", 1, "not valid TOML"),
    ],
)
def test_a_bad_table_is_refused_with_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(LifeEventsError, match=words) as error:
        LifeEvents.from_toml_text(text, source="life.toml")
    assert (error.value.source, error.value.line) == ("life.toml", line)


# --- generated lives: batch, projection, order, resume --------------------------------

TRIGGERS = ["moving-house", "turning-16", "turning-18", "state-pension-age", "hospital-discharge"]
ITEMS = ["address", "national_insurance_number", "bank_details", "condition_details"]
BODIES = ["dwp", "hmrc", "dvla"]


@st.composite
def life_journeys(draw: st.DrawFn, citizen: str, number: int) -> Journey:
    """One journey of ``citizen``: facts told, asked and carried at a few bodies."""
    when = float(draw(st.integers(0, 1200)))
    journey = Journey.start(
        citizen=citizen,
        trigger=draw(st.sampled_from(TRIGGERS)),
        nation="england",
        occurred_at=at(when),
        id=None,
    )
    items = st.lists(st.sampled_from(ITEMS), min_size=1, max_size=2, unique=True)
    for step in range(draw(st.integers(1, 4))):
        when += draw(st.sampled_from([0.0, 0.5, 3.0, 40.0]))
        body = draw(st.sampled_from(BODIES))
        kind = draw(st.sampled_from(["tell", "ask", "carry", "touch"]))
        if kind == "tell":
            journey.provide_information(body, draw(items), occurred_at=at(when))
        elif kind == "ask":
            journey.request_information(body, draw(items), occurred_at=at(when))
        elif kind == "touch":
            journey.touchpoint(body, "contact", occurred_at=at(when))
        else:
            other = draw(st.sampled_from([b for b in BODIES if b != body]))
            handoff = f"h{number}-{step}"
            journey.send_handoff(
                handoff, from_body=body, to_body=other, items=draw(items), occurred_at=at(when)
            )
            if draw(st.booleans()):
                when += 1
                journey.accept_handoff(handoff, occurred_at=at(when))
    if draw(st.booleans()):
        journey.end(occurred_at=at(when + 5))
    return journey


@st.composite
def lives(draw: st.DrawFn) -> list[Journey]:
    """A few citizens with one to four journeys each."""
    population: list[Journey] = []
    for person in range(draw(st.integers(1, 3))):
        for _ in range(draw(st.integers(1, 4))):
            population.append(draw(life_journeys(f"citizen-{person}", len(population))))
    return population


def life_counts(analysis: Analysis) -> int:
    return sum(1 for finding in analysis.findings if finding.kind in LIFE_KINDS)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_batch_equals_projection_on_generated_lives(data: st.DataObject) -> None:
    population = data.draw(lives())
    events = data.draw(interleavings([journey.collect_events() for journey in population]))
    as_of = max(event.occurred_at for event in events) + timedelta(days=900)
    projection = projected_in_chunks(data, events)
    for moment in (None, as_of):
        batch = analyse(events, catalogue=CATALOGUE, as_of=moment)
        assert projection.analysis(catalogue=CATALOGUE, as_of=moment) == batch
        # Another order of whole journeys (a later journey folded first) finds the same.
        again = analyse(reversed_journeys(events), catalogue=CATALOGUE, as_of=moment)
        assert again == batch


def test_generated_lives_do_find_life_level_gaps() -> None:
    """The property above is not vacuous: its lives can hold both kinds."""
    first = told("c", "turning-16", 0, ["national_insurance_number"])
    later = asked("c", "turning-18", 900, ["national_insurance_number"])
    assert life_counts(analysed(first, later)) == 2


def _resumed(data: str) -> CitizenFold:
    return CitizenFold.from_dict(json.loads(data))


@settings(max_examples=40, deadline=None)
@given(lives())
def test_citizen_folds_resume_after_any_event(population: list[Journey]) -> None:
    events = [event for journey in population for event in journey.collect_events()]
    as_of = max(event.occurred_at for event in events) + timedelta(days=900)
    whole = GapEngine()
    whole.apply_all(events)

    def build(engine: GapEngine) -> list[Analysis]:
        return [Analysis.build(engine, catalogue=CATALOGUE, as_of=m) for m in (None, as_of)]

    expected = build(whole)
    for point in range(len(events) + 1):
        first = GapEngine()
        first.apply_all(events[:point])
        resumed = GapEngine(
            first.tally.copy(),
            {
                journey: JourneyFold.from_dict(json.loads(json.dumps(fold.to_dict())))
                for journey, fold in first.folds.items()
            },
            citizens={
                ref: _resumed(json.dumps(citizen.to_dict()))
                for ref, citizen in first.citizens.items()
            },
        )
        for ref, citizen in first.citizens.items():
            assert resumed.citizens[ref] == citizen
        resumed.apply_all(events[point:])
        assert build(resumed) == expected


def test_a_journey_resumed_without_its_citizen_fold_is_refused() -> None:
    journey = start("c", "moving-house", 0)
    events = journey.collect_events()
    engine = GapEngine()
    engine.apply_all(events[:1])
    (fold,) = engine.folds.values()
    bare = GapEngine(folds={fold.journey: fold})
    journey.provide_information("dwp", ["address"], occurred_at=at(1))
    with pytest.raises(AnalysisError, match="citizen's fold"):
        bare.apply_all(journey.collect_events())


def test_a_citizen_fold_saved_in_another_format_asks_for_a_reset() -> None:
    with pytest.raises(AnalysisError, match="reset it"):
        CitizenFold.from_dict({"life": str(life_id("c")), "format": 0})


# --- erasure ----------------------------------------------------------------------------


def test_erasing_a_citizen_removes_their_life_level_findings(store_env: dict[str, str]) -> None:
    carol = [
        told("carol", "state-pension-age", 0, ["national_insurance_number"]),
        asked("carol", "hospital-discharge", 100, ["national_insurance_number"]),
        start("carol", "turning-16", 0),
    ]
    dave = [
        told("dave", "state-pension-age", 0, ["bank_details"]),
        asked("dave", "hospital-discharge", 100, ["bank_details"]),
    ]
    with JourneyApp({**store_env, CITIZEN_KEYS_ENV: "true"}) as app:
        app.save(*carol, *dave)
        tracker = GapTracker(app, page_size=3)
        tracker.catch_up()
        before = tracker.analysis(as_of=at(2000))
        assert {f.journey for f in before.of_kind(FindingKind.LIFE_REASK)} == {
            carol[1].id,
            dave[1].id,
        }
        assert [f.journey for f in before.of_kind(FindingKind.MISSED_TRIGGER)] == [carol[2].id]
        app.erase_citizen("carol")
        tracker.catch_up()
        after = tracker.analysis(as_of=at(2000))
        assert [f.journey for f in after.of_kind(FindingKind.LIFE_REASK)] == [dave[1].id]
        assert after.of_kind(FindingKind.MISSED_TRIGGER) == ()
        assert {citizen.life for citizen in tracker.view.citizen_folds()} == {life_id("dave")}
        assert after == analyse(app, as_of=at(2000))
        tracker.close()


def test_a_view_built_before_citizen_folds_is_refused(tmp_path: Path) -> None:
    """A view recorded by an earlier version has no citizen folds: its life-level gaps
    would be silently missing, so it asks for a reset (and the reset rebuilds it)."""
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database) as app:
        app.save(
            told("c", "state-pension-age", 0, ["bank_details"]),
            asked("c", "hospital-discharge", 100, ["bank_details"]),
        )
        tracker = GapTracker(app)
        tracker.catch_up()
        tracker.close()
    with sqlite3.connect(database) as connection:  # what an earlier version left
        connection.execute("DELETE FROM gaps_counters WHERE name LIKE 'citizens:%'")
        connection.execute("DELETE FROM gaps_citizens")
    with JourneyApp.sqlite(database) as app:
        tracker = GapTracker(app)
        with pytest.raises(AnalysisError, match="earlier version of journeys"):
            tracker.catch_up()
        tracker.reset()
        tracker.catch_up()
        assert len(tracker.analysis().of_kind(FindingKind.LIFE_REASK)) == 1
        tracker.close()


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_batch_equals_projection_on_the_public_lives_strategy(data: st.DataObject) -> None:
    """``journeys.testing.lives()`` (random catalogues, facts and triggers): batch and
    a restarted projection agree, life-level findings included."""
    catalogue = data.draw(catalogues(min_size=3, max_size=5))
    population = data.draw(public_lives(catalogue=catalogue, citizens=2, journeys_per_citizen=3))
    events = data.draw(interleavings([journey.collect_events() for journey in population]))
    as_of = max(event.occurred_at for event in events) + timedelta(days=900)
    view = POPOGapView()
    half = len(events) // 2
    GapProjection(view).process_batch(
        [(event, Tracking("JourneyApp", n + 1)) for n, event in enumerate(events[:half])]
    )
    projection = GapProjection(view)
    projection.process_batch(
        [(event, Tracking("JourneyApp", half + n + 1)) for n, event in enumerate(events[half:])]
    )
    for moment in (None, as_of):
        batch = analyse(events, catalogue=catalogue, as_of=moment)
        assert projection.analysis(catalogue=catalogue, as_of=moment) == batch


def test_the_cli_analyses_with_a_life_event_table_of_your_own(tmp_path: Path) -> None:
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database) as app:
        app.save(
            told("c", "state-pension-age", 0, ["bank_details"]),
            asked("c", "hospital-discharge", 100, ["bank_details"]),
        )
    mine, bad = tmp_path / "life.toml", tmp_path / "bad.toml"
    mine.write_text('[changes]\nhospital-discharge = ["bank_details"]\n', encoding="utf-8")
    bad.write_text("[changes]\nmoving-house = 3\n", encoding="utf-8")
    runner = CliRunner()

    def life_reasks(*options: str) -> int:
        out = tmp_path / "analysis.json"
        result = runner.invoke(
            main, ["analyse", "--db", str(database), *options, "--json", str(out)]
        )
        assert result.exit_code == 0, result.output
        counts: dict[str, int] = json.loads(out.read_text(encoding="utf-8"))["counts"]
        return counts["life_reask"]

    for track in ("--no-track", "--track"):
        assert life_reasks(track) == 1
        assert life_reasks(track, "--life-events", str(mine)) == 0
    refused = runner.invoke(main, ["analyse", "--db", str(database), "--life-events", str(bad)])
    assert refused.exit_code != 0
    assert f"{bad}, line 2" in refused.output
