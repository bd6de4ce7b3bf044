"""The gap engine records the citizen's voice, and the tracked projection stores it.

The voice part (``journeys.analysis.rules.voice``) adds to the tally: a feedback
record per ``FeedbackGiven`` (with its journey's trigger and nation), complaints
per body (made, and by outcome), the journeys in which each body took the citizen
on, and the channels of cases and touchpoints. These tests check that against an
independent reading of the events, that batch and the projection (every store,
any chunking and restart) agree, that folds saved after any event resume with
what the part keeps, and that a view built before the voice is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, journey_id
from journeys.analysis import GapEngine, GapTracker, analyse
from journeys.analysis.fold import FOLD_FORMAT, JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.voice import CitizenVoice
from journeys.analysis.tally import FeedbackRecord, Tally
from journeys.errors import AnalysisError
from tests.helpers import CATALOGUE, at, events_of, projected_in_chunks, started

BODIES = ("registrar", "dwp", "hmrc", "council:E06000023")
SERVICES = ("claim", "registration")
CHANNELS = (None, "online", "phone", "paper", "face_to_face", "assisted_digital", "email")
THEMES = ("speed", "staff", "forms", "told-twice")
BUNDLED_ANSWERS = (
    ("govuk-satisfaction", "Very satisfied", 2.0),
    ("govuk-satisfaction", "Dissatisfied", -1.0),
    ("nhs-fft", "Don't know", None),
    ("nhs-fft", "Very poor", -2.0),
    ("csat-5", "3", 0.0),
    ("nps-0-10", "9", 1.6),
    ("stars-5", "4", 1.0),
)
OUTCOMES = ("upheld", "partially_upheld", "not_upheld")

Voice = tuple[list[FeedbackRecord], Counter[Any], Counter[Any], Counter[Any]]


def voice(tally: Tally) -> Voice:
    """What the voice part adds to a tally."""
    return (tally.feedback, tally.complaints, tally.body_journeys, tally.channels)


def told(events: list[Journey.Event]) -> Voice:
    """The voice of ``events`` read straight from them (not through the engine's state)."""
    starts: dict[Any, Journey.Started] = {}
    bodies: dict[Any, set[str]] = {}
    made: dict[tuple[Any, str], str] = {}
    feedback: list[FeedbackRecord] = []
    complaints: Counter[tuple[str, str]] = Counter()
    channels: Counter[tuple[str, str]] = Counter()
    for event in events:
        journey = event.originator_id
        if isinstance(event, Journey.Started):
            starts[journey] = event
        elif isinstance(event, Journey.CaseOpened | Journey.Touchpoint):
            bodies.setdefault(journey, set()).add(event.body)
            if event.channel is not None:
                channels[(event.body, event.channel)] += 1
        elif isinstance(event, Journey.FeedbackGiven):
            start = starts[journey]
            feedback.append(
                FeedbackRecord(
                    journey,
                    start.trigger,
                    start.nation.value,
                    event.body,
                    event.about,
                    event.instrument,
                    event.answer,
                    event.score,
                    tuple(sorted(event.themes)),
                    event.channel,
                    event.occurred_at,
                )
            )
        elif isinstance(event, Journey.ComplaintMade):
            made[(journey, event.complaint)] = event.body
            complaints[(event.body, "made")] += 1
        elif isinstance(event, Journey.ComplaintResolved):
            complaints[(made[(journey, event.complaint)], event.outcome)] += 1
    body_journeys = Counter(body for held in bodies.values() for body in held)
    return (feedback, complaints, body_journeys, channels)


def engine_over(events: list[Journey.Event]) -> GapEngine:
    engine = GapEngine()
    engine.apply_all(events)
    return engine


@st.composite
def voiced_journeys(draw: st.DrawFn, citizen: str) -> Journey:
    """A journey of cases, touchpoints, feedback and complaints in any order, on any
    channel, sometimes ended."""
    journey = Journey.start(
        citizen=citizen,
        trigger=draw(st.sampled_from(["death", "moving-house", "having-a-baby"])),
        nation=draw(st.sampled_from(["england", "wales", "scotland", "northern-ireland"])),
        occurred_at=at(0),
        id=journey_id("voice-tests", citizen),
    )
    day = 0.0
    open_cases: list[tuple[str, str]] = []
    unresolved: list[str] = []
    complaints = 0
    for _ in range(draw(st.integers(0, 14))):
        day += draw(st.sampled_from([0.0, 0.5, 1.0, 3.0]))
        when = at(day)
        body = draw(st.sampled_from(BODIES))
        channel = draw(st.sampled_from(CHANNELS))
        step = draw(
            st.sampled_from(["open", "close", "touch", "feedback", "own", "complain", "resolve"])
        )
        if step == "open":
            service = draw(st.sampled_from(SERVICES))
            if (body, service) not in open_cases:
                journey.open_case(body, service, occurred_at=when, channel=channel)
                open_cases.append((body, service))
        elif step == "close" and open_cases:
            case = draw(st.sampled_from(open_cases))
            journey.close_case(*case, occurred_at=when)
            open_cases.remove(case)
        elif step == "touch":
            journey.touchpoint(body, "call", occurred_at=when, channel=channel)
        elif step == "feedback":
            instrument, answer, _ = draw(st.sampled_from(BUNDLED_ANSWERS))
            journey.give_feedback(
                body,
                draw(st.sampled_from(SERVICES)),
                instrument,
                answer,
                occurred_at=when,
                themes=draw(st.frozensets(st.sampled_from(THEMES))),
                channel=channel,
            )
        elif step == "own":  # an instrument of the team's own, scored by them
            journey.give_feedback(
                body,
                "call",
                "exit-survey",
                "fine",
                occurred_at=when,
                score=draw(st.floats(-2, 2, allow_nan=False)),
            )
        elif step == "complain":
            complaints += 1
            journey.make_complaint(f"k{complaints}", body, occurred_at=when, channel=channel)
            unresolved.append(f"k{complaints}")
        elif step == "resolve" and unresolved:
            complaint = draw(st.sampled_from(unresolved))
            journey.resolve_complaint(
                complaint, occurred_at=when, outcome=draw(st.sampled_from(OUTCOMES))
            )
            unresolved.remove(complaint)
    if draw(st.booleans()):
        journey.end(occurred_at=at(day + 1))
    return journey


@st.composite
def voiced_events(draw: st.DrawFn) -> list[Journey.Event]:
    """The events of one to three voiced journeys, interleaved in some order."""
    count = draw(st.integers(1, 3))
    streams = [events_of(draw(voiced_journeys(f"c{n}"))) for n in range(count)]
    merged: list[Journey.Event] = []
    while any(streams):
        stream = draw(st.sampled_from([s for s in streams if s]))
        merged.append(stream.pop(0))
    return merged


# --- what the part records ------------------------------------------------------------


def a_voiced_journey(citizen: str = "c", offset: float = 0.0) -> Journey:
    """A death in Wales: the registrar in person, feedback twice, a complaint upheld,
    DWP by phone in a run of two calls, then a DWP case online and a complaint left open."""
    journey = started(citizen, "death", "wales", offset=offset)
    journey.open_case(
        "registrar", "death-registration", occurred_at=at(offset), channel="face_to_face"
    )
    journey.give_feedback(
        "registrar",
        "death-registration",
        "govuk-satisfaction",
        "very satisfied",
        occurred_at=at(offset + 1),
        themes=["staff", "speed"],
        channel="online",
    )
    journey.make_complaint("k1", "registrar", occurred_at=at(offset + 2), about="certificate")
    journey.resolve_complaint("k1", occurred_at=at(offset + 3), outcome="upheld")
    journey.touchpoint("dwp", "call", occurred_at=at(offset + 4), channel="phone")
    journey.touchpoint("dwp", "call", occurred_at=at(offset + 5), channel="phone")
    journey.give_feedback(
        "dwp", "call", "nhs-fft", "don't know", occurred_at=at(offset + 5), channel="phone"
    )
    journey.open_case("dwp", "bereavement-support", occurred_at=at(offset + 6), channel="online")
    journey.make_complaint("k2", "dwp", occurred_at=at(offset + 7))
    return journey


def test_the_part_records_exactly_what_the_events_say() -> None:
    journey = a_voiced_journey()
    engine = engine_over(events_of(journey))
    tally = engine.tally
    assert tally.feedback == [
        FeedbackRecord(
            journey.id,
            "death",
            "wales",
            "registrar",
            "death-registration",
            "govuk-satisfaction",
            "Very satisfied",  # the instrument's spelling
            2.0,
            ("speed", "staff"),
            "online",
            at(1),
        ),
        FeedbackRecord(
            journey.id,
            "death",
            "wales",
            "dwp",
            "call",
            "nhs-fft",
            "Don't know",
            None,  # an answer that scores nothing
            (),
            "phone",
            at(5),
        ),
    ]
    assert tally.complaints == Counter(
        {("registrar", "made"): 1, ("registrar", "upheld"): 1, ("dwp", "made"): 1}
    )
    # DWP took the citizen on three times (two calls and a case) in one journey.
    assert tally.body_journeys == Counter({"registrar": 1, "dwp": 1})
    assert tally.channels == Counter(
        {("registrar", "face_to_face"): 1, ("dwp", "phone"): 2, ("dwp", "online"): 1}
    )
    (fold,) = engine.folds.values()
    assert (fold.trigger, fold.nation, fold.complaints) == ("death", "wales", {"k2": "dwp"})


def test_each_journey_counts_once_per_body_and_channels_only_when_named() -> None:
    first, second = a_voiced_journey("a"), started("b", "moving-house", "england", offset=1)
    second.touchpoint("dwp", "letter", occurred_at=at(2))  # no channel named
    second.touchpoint("hmrc", "call", occurred_at=at(3))
    second.touchpoint("dwp", "letter", occurred_at=at(4))
    tally = engine_over([*events_of(first), *events_of(second)]).tally
    assert tally.body_journeys == Counter({"registrar": 1, "dwp": 2, "hmrc": 1})
    assert tally.channels == Counter(  # the first journey's; the second named none
        {("registrar", "face_to_face"): 1, ("dwp", "phone"): 2, ("dwp", "online"): 1}
    )


def test_an_analysis_closing_open_journeys_adds_nothing_to_the_voice() -> None:
    engine = engine_over(events_of(a_voiced_journey()))
    closed = engine.close_open_journeys(at(400))
    assert voice(closed) == ([], Counter(), Counter(), Counter())


def test_a_resolution_of_a_complaint_never_made_is_refused() -> None:
    journey = a_voiced_journey()
    resolved = next(e for e in journey.collect_events() if isinstance(e, Journey.ComplaintResolved))
    fold = JourneyFold.started(journey.id, at(0), 1)
    part = CitizenVoice(Reporter(Tally(), None))
    with pytest.raises(AnalysisError, match=r"'k1' was resolved .* but never made"):
        part.complaint_resolved(fold, resolved)


@given(voiced_events())
def test_the_engine_records_what_any_journeys_say(events: list[Journey.Event]) -> None:
    assert voice(engine_over(events).tally) == told(events)


# --- batch against projection -----------------------------------------------------------


@given(st.data())
def test_batch_equals_projection_for_any_chunking_and_restart(data: st.DataObject) -> None:
    events = data.draw(voiced_events())
    projection = projected_in_chunks(data, events)
    assert voice(projection.view.tally()) == voice(engine_over(events).tally)
    as_of = max(event.occurred_at for event in events) + timedelta(days=400)
    for moment in (None, as_of):
        batch = analyse(events, catalogue=CATALOGUE, as_of=moment)
        assert projection.analysis(catalogue=CATALOGUE, as_of=moment) == batch


def test_every_store_keeps_the_voice_across_restarts(store_env: dict[str, str]) -> None:
    journeys = [a_voiced_journey(f"c{n}", offset=n) for n in range(4)]
    app = JourneyApp(store_env, catalogue=CATALOGUE)
    app.save(*journeys[:2])
    tracker = GapTracker(app, page_size=3)
    tracker.catch_up()
    app.save(*journeys[2:])
    if store_env["PERSISTENCE_MODULE"] != "eventsourcing.popo":
        tracker.close()
        app.close()
        app = JourneyApp(store_env, catalogue=CATALOGUE)
        tracker = GapTracker(app, page_size=5)
    tracker.catch_up()
    events = [event for _, event in app.read_events()]
    expected = voice(engine_over(events).tally)
    assert voice(tracker.view.tally()) == expected
    assert len(expected[0]) == 8
    assert expected[2] == Counter({"registrar": 4, "dwp": 4})
    assert tracker.analysis(as_of=at(400)) == analyse(app, as_of=at(400))
    tracker.reset()
    assert voice(tracker.view.tally()) == ([], Counter(), Counter(), Counter())
    tracker.catch_up()
    assert voice(tracker.view.tally()) == expected
    tracker.close()
    app.close()


def test_a_view_built_before_the_voice_is_refused_until_rebuilt(tmp_path: Path) -> None:
    """A view recorded by an earlier version holds no feedback: refused, not silently
    missing it; the reset rebuilds it with the feedback."""
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database, catalogue=CATALOGUE) as app:
        app.save(a_voiced_journey())
        tracker = GapTracker(app)
        tracker.catch_up()
        tracker.close()
    with sqlite3.connect(database) as connection:  # what an earlier version left
        connection.execute("DELETE FROM gaps_counters WHERE name LIKE 'tally:%'")
        for table in ("feedback", "complaints", "body_journeys", "channels"):
            connection.execute(f"DROP TABLE gaps_{table}")
    with JourneyApp.sqlite(database, catalogue=CATALOGUE) as app:
        tracker = GapTracker(app)  # creates the new tables
        with pytest.raises(AnalysisError, match=r"earlier version of journeys.*feedback"):
            tracker.catch_up()
        with pytest.raises(AnalysisError, match="earlier version of journeys"):
            tracker.analysis()
        tracker.reset()
        tracker.catch_up()
        assert len(tracker.view.tally().feedback) == 2
        tracker.close()


# --- folds saved and resumed -------------------------------------------------------------


def resumed(fold: JourneyFold) -> JourneyFold:
    return JourneyFold.from_dict(json.loads(json.dumps(fold.to_dict())))


@given(voiced_events())
def test_saving_and_resuming_after_any_event_keeps_the_voice(
    events: list[Journey.Event],
) -> None:
    expected = voice(engine_over(events).tally)
    for point in range(1, len(events) + 1):
        first = engine_over(events[:point])
        for fold in first.folds.values():
            again = resumed(fold)
            assert again == fold
            assert (again.trigger, again.nation, again.complaints) == (
                fold.trigger,
                fold.nation,
                fold.complaints,
            )
        second = GapEngine(
            first.tally.copy(),
            {journey: resumed(fold) for journey, fold in first.folds.items()},
            citizens=first.citizens,
        )
        second.apply_all(events[point:])
        assert voice(second.tally) == expected


def test_a_fold_of_format_4_is_refused() -> None:
    fold = engine_over(events_of(a_voiced_journey())).folds
    saved = next(iter(fold.values())).to_dict()
    assert saved["format"] == FOLD_FORMAT == 5
    assert saved["complaints"] == [["k2", "dwp"]]
    with pytest.raises(AnalysisError, match="reset it"):
        JourneyFold.from_dict({**saved, "format": 4})
