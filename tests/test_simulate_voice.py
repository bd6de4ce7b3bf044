"""Simulated citizens speak: feedback and complaints whose scores fall with the gaps met.

The effect properties compute, straight from the events and sharing nothing with
the simulator, the mean score of journeys with a re-ask against those without:
with the effects at zero the difference is noise, with a strong effect it is
clearly negative. Then the same through the analysis's gaps and sentiment
(``Analysis.experience.gaps_and_sentiment``, matched on trigger and nation), for
re-asks and dropped hand-offs: with no effect its 95 % intervals cover zero in
nearly all seeds, with a strong one they exclude it in every seed. The seeds are
fixed, so each run tests the same populations.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, analyse, bundled_blueprints, simulate, simulate_into
from journeys.blueprints import load_bundled_blueprint
from journeys.errors import UnknownInstrumentError
from journeys.simulation import Behaviour, ChannelMix, Failures, GapEffects, Voice
from journeys.simulation.lives import simulate_lives
from journeys.simulation.voice_plan import StepSaid, _Scale, _unheld_before
from journeys.voice import Channel, Instruments, bundled_instruments
from tests.helpers import has_reask

VOICE_EVENTS = (Journey.FeedbackGiven, Journey.ComplaintMade, Journey.ComplaintResolved)
EFFECT_SEEDS = range(12)
"""The seeds the effect properties run over (fixed, so the test is the same every run)."""
EFFECT_CITIZENS = 150
STRONG = GapEffects().scaled(3)


def events_of(journeys: Iterable[Journey]) -> list[list[Journey.Event]]:
    found: list[list[Journey.Event]] = []
    for journey in journeys:
        events: list[Journey.Event] = []
        for event in journey.pending_events:
            assert isinstance(event, Journey.Event)
            events.append(event)
        found.append(events)
    return found


def without_voice(events: Sequence[Journey.Event]) -> list[tuple[str, dict[str, Any]]]:
    """The events, leaving out feedback and complaints and the channels of the rest."""
    kept = []
    for event in events:
        if isinstance(event, VOICE_EVENTS):
            continue
        fields = {
            k: v
            for k, v in vars(event).items()
            if k not in {"timestamp", "channel", "originator_version"}
        }
        kept.append((type(event).__name__, fields))
    return kept


# --- the oracle: re-asks and scores, read from the events --------------------------------


def journey_score(events: Sequence[Journey.Event]) -> float | None:
    scores = [e.score for e in events if isinstance(e, Journey.FeedbackGiven)]
    scored = [s for s in scores if s is not None]
    return statistics.fmean(scored) if scored else None


def reask_difference(journeys: Iterable[Journey]) -> tuple[float, float, float]:
    """Mean score of journeys with a re-ask minus those without, and its 95 % interval
    (Welch's normal approximation)."""
    with_reask: list[float] = []
    without: list[float] = []
    for events in events_of(journeys):
        score = journey_score(events)
        if score is not None:
            (with_reask if has_reask(events) else without).append(score)
    assert min(len(with_reask), len(without)) > 20, (len(with_reask), len(without))
    difference = statistics.fmean(with_reask) - statistics.fmean(without)
    error = math.sqrt(
        statistics.variance(with_reask) / len(with_reask)
        + statistics.variance(without) / len(without)
    )
    return difference, difference - 1.96 * error, difference + 1.96 * error


def population(seed: int, voice: Voice) -> list[Journey]:
    return list(simulate(bundled_blueprints(), citizens=EFFECT_CITIZENS, seed=seed, voice=voice))


# --- the effect ---------------------------------------------------------------------------


def test_with_no_effect_the_reask_difference_is_noise_in_nearly_all_seeds() -> None:
    voice = Voice(effects=GapEffects.none())
    intervals = [reask_difference(population(seed, voice)) for seed in EFFECT_SEEDS]
    covering = [low <= 0 <= high for _, low, high in intervals]
    # 95 % intervals: about one seed in twenty misses zero by chance.
    assert sum(covering) >= len(EFFECT_SEEDS) - 2, intervals
    mean = statistics.fmean(difference for difference, _, _ in intervals)
    assert abs(mean) < 0.1, intervals


def test_with_a_strong_effect_the_reask_difference_is_clearly_negative() -> None:
    voice = Voice(effects=STRONG)
    for seed in EFFECT_SEEDS:
        difference, low, high = reask_difference(population(seed, voice))
        assert high < 0, (seed, difference, low, high)


def test_the_default_effect_lowers_the_scores_of_journeys_with_a_reask() -> None:
    difference, _, high = reask_difference(population(0, Voice()))
    assert high < 0, difference


# --- the same, measured by the analysis (gaps and sentiment, matched on trigger and nation)

ANALYSED_SEEDS = range(6)
ANALYSED_CITIZENS = 300
# More dropped hand-offs than by default, so that a few hundred citizens hold enough
# journeys with one to compare.
MORE_DROPS = Failures(dropped_handoff=0.15)
# Only the two kinds measured have an effect: other gaps lowering the scores of the
# journeys compared against would blur it (the analysis matches on trigger and
# nation, not on the other gaps).
STRONG_ON_TWO = GapEffects(
    reask=-2.5, dropped_handoff=-2.5, rejected_handoff=0, cold_transfer=0, unheld_time=0
)
MEASURED = ("reask", "dropped_handoff")


def analysed_intervals(seed: int, effects: GapEffects) -> dict[str, tuple[float, float]]:
    """The 95 % interval of each measured kind's difference, at every boundary."""
    journeys = simulate(
        bundled_blueprints(),
        citizens=ANALYSED_CITIZENS,
        seed=seed,
        failures=MORE_DROPS,
        voice=Voice(effects=effects),
    )
    analysis = analyse([event for events in events_of(journeys) for event in events])
    found: dict[str, tuple[float, float]] = {}
    for row in analysis.experience.gaps_and_sentiment:
        if row.boundary is None and row.kind in MEASURED:
            assert row.ci_low is not None
            assert row.ci_high is not None
            found[row.kind] = (row.ci_low, row.ci_high)
    assert set(found) == set(MEASURED), found
    return found


def test_the_analysis_finds_no_effect_when_there_is_none() -> None:
    intervals = [analysed_intervals(seed, GapEffects.none()) for seed in ANALYSED_SEEDS]
    for kind in MEASURED:
        covering = [low <= 0 <= high for low, high in (i[kind] for i in intervals)]
        assert sum(covering) >= len(ANALYSED_SEEDS) - 1, (kind, intervals)


def test_the_analysis_finds_a_strong_effect_in_every_seed() -> None:
    for seed in ANALYSED_SEEDS:
        intervals = analysed_intervals(seed, STRONG_ON_TWO)
        for kind in MEASURED:
            assert intervals[kind][1] < 0, (seed, kind, intervals)


# --- what the voice changes, and what it does not ----------------------------------------


@settings(max_examples=5)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_voice_changes_nothing_but_feedback_complaints_and_channels(seed: int) -> None:
    quiet = events_of(simulate(bundled_blueprints(), citizens=6, seed=seed))
    speaking = events_of(simulate(bundled_blueprints(), citizens=6, seed=seed, voice=Voice()))
    assert [without_voice(e) for e in speaking] == [without_voice(e) for e in quiet]
    assert all(not isinstance(e, VOICE_EVENTS) for events in quiet for e in events)


def test_whole_lives_speak_too_and_are_otherwise_the_same() -> None:
    blueprints = bundled_blueprints()
    quiet = events_of(simulate_lives(blueprints, citizens=8, seed=2))
    speaking = events_of(simulate_lives(blueprints, citizens=8, seed=2, voice=Voice()))
    assert [without_voice(e) for e in speaking] == [without_voice(e) for e in quiet]
    assert any(isinstance(e, Journey.FeedbackGiven) for events in speaking for e in events)


def test_the_same_seed_says_the_same_things() -> None:
    def said(seed: int) -> list[tuple[str, dict[str, Any]]]:
        journeys = simulate(bundled_blueprints(), citizens=30, seed=seed, voice=Voice())
        return [
            (type(e).__name__, {k: v for k, v in vars(e).items() if k != "timestamp"})
            for events in events_of(journeys)
            for e in events
            if isinstance(e, VOICE_EVENTS)
        ]

    assert said(4) == said(4)
    assert said(4) != said(5)


def test_an_effect_changes_the_answers_not_when_or_where_they_are_given() -> None:
    def occasions(effects: GapEffects) -> list[tuple[Any, ...]]:
        journeys = simulate(bundled_blueprints(), citizens=40, seed=9, voice=Voice(effects=effects))
        return [
            (e.originator_id, e.occurred_at, e.body, e.about, e.instrument, e.channel)
            for events in events_of(journeys)
            for e in events
            if isinstance(e, Journey.FeedbackGiven)
        ]

    assert occasions(GapEffects.none()) == occasions(STRONG)


def test_with_no_gaps_every_answer_is_the_baseline_plus_noise() -> None:
    # Without noise and without gaps, every scored answer is the one nearest the baseline.
    voice = Voice(noise=0.0, baseline=2.0, feedback_rate=1.0, unscored_rate=0.0)
    journeys = simulate(
        bundled_blueprints(), citizens=20, seed=3, failures=Failures.none(), voice=voice
    )
    scores = {
        e.score
        for events in events_of(journeys)
        for e in events
        if isinstance(e, Journey.FeedbackGiven)
    }
    assert scores == {2.0}


def test_feedback_is_on_the_instruments_asked_for_with_unscored_answers_sometimes() -> None:
    journeys = simulate(bundled_blueprints(), citizens=300, seed=1, voice=Voice(unscored_rate=0.3))
    feedback = [
        e for events in events_of(journeys) for e in events if isinstance(e, Journey.FeedbackGiven)
    ]
    by_instrument = Counter(e.instrument for e in feedback)
    assert set(by_instrument) == {"govuk-satisfaction", "csat-5", "stars-5", "nps-0-10", "nhs-fft"}
    assert all(e.instrument == "nhs-fft" for e in feedback if e.body.startswith("nhs:"))
    unscored = [e for e in feedback if e.score is None]
    assert unscored
    assert {e.answer for e in unscored} == {"Don't know"}
    assert all(e.channel in {c.value for c in Channel} for e in feedback)
    table = bundled_instruments()
    assert all(table.score(e.instrument, e.answer) == e.score for e in feedback)


def test_complaints_are_made_and_resolved_within_the_journey() -> None:
    voice = Voice(complaint_rate=0.2, complaint_rate_after_gap=0.5)
    journeys = list(simulate(bundled_blueprints(), citizens=60, seed=2, voice=voice))
    made = resolved = 0
    for events in events_of(journeys):
        ended = events[-1]
        assert isinstance(ended, Journey.Ended)
        complaints = {e.complaint for e in events if isinstance(e, Journey.ComplaintMade)}
        answered = {e.complaint for e in events if isinstance(e, Journey.ComplaintResolved)}
        assert complaints == answered
        made += len(complaints)
        resolved += len(answered)
    assert made > 0


def test_gaps_make_complaints_likelier() -> None:
    # Complaints only after a gap: a journey without a gap has none.
    voice = Voice(complaint_rate=0.0, complaint_rate_after_gap=1.0)
    journeys = simulate(
        bundled_blueprints(), citizens=20, seed=5, failures=Failures.none(), voice=voice
    )
    assert not any(
        isinstance(e, Journey.ComplaintMade) for events in events_of(journeys) for e in events
    )


def test_channels_follow_the_nations_mix() -> None:
    mix = ChannelMix.everywhere({"paper": 1.0})
    voice = Voice(
        channels=ChannelMix(
            england={"online": 1.0},
            wales=mix.wales,
            scotland=mix.scotland,
            northern_ireland=mix.northern_ireland,
        )
    )
    for events in events_of(simulate(bundled_blueprints(), citizens=40, seed=6, voice=voice)):
        started = events[0]
        assert isinstance(started, Journey.Started)
        expected = "online" if started.nation.value == "england" else "paper"
        channels = {
            e.channel for e in events if isinstance(e, Journey.CaseOpened | Journey.Touchpoint)
        }
        assert channels == {expected}
    mute = attrs.evolve(Voice.silent(), channels=None)
    journeys = simulate(bundled_blueprints(), citizens=10, seed=6, voice=mute)
    for events in events_of(journeys):
        assert not any(isinstance(e, VOICE_EVENTS) for e in events)
        assert all(getattr(e, "channel", None) is None for e in events)


def test_an_instrument_of_your_own_records_its_score() -> None:
    own = Instruments.from_toml_text(
        """
[instruments.team-survey]
name = "How easy was it?"
source = "https://example.org/survey"
[instruments.team-survey.answers]
"Easy" = 1.5
"Hard" = -1.5
"""
    )
    voice = Voice(instruments={"team-survey": 1.0}, body_instruments=(), instruments_table=own)
    journeys = simulate(
        [load_bundled_blueprint("state-pension-age")],
        citizens=30,
        seed=1,
        behaviour=Behaviour(journeys_per_citizen=[1]),
        voice=voice,
    )
    feedback = [
        e for events in events_of(journeys) for e in events if isinstance(e, Journey.FeedbackGiven)
    ]
    assert feedback
    assert {(e.answer, e.score) for e in feedback} <= {("Easy", 1.5), ("Hard", -1.5)}


def test_a_speaking_population_saves_into_an_app() -> None:
    app = JourneyApp.in_memory()
    counts = simulate_into(app, bundled_blueprints(), citizens=25, seed=8, voice=Voice())
    stored = [e for _, e in app.read_events() if isinstance(e, Journey.FeedbackGiven)]
    assert counts.journeys > 0
    assert stored


# --- the parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"feedback_rate": 1.5}, "feedback_rate"),
        ({"complaint_rate": -0.1}, "complaint_rate"),
        ({"baseline": 3.0}, "baseline"),
        ({"noise": -1.0}, "noise"),
        ({"instruments": {"govuk-satisfaction": -1.0}}, "instruments"),
        ({"instruments": {}}, "instruments"),
        ({"outcomes": {"dismissed": 1.0}}, "dismissed"),
    ],
)
def test_a_bad_voice_is_refused(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Voice(**arguments)


def test_unknown_instruments_and_channels_are_refused() -> None:
    with pytest.raises(UnknownInstrumentError, match="team-survey"):
        Voice(instruments={"team-survey": 1.0})
    with pytest.raises(ValueError, match="carrier"):
        ChannelMix.everywhere({"carrier pigeon": 1.0})
    with pytest.raises(ValueError, match="voice"):
        list(simulate(bundled_blueprints(), citizens=1, voice="loud"))  # type: ignore[arg-type]


def test_a_bundled_instrument_cannot_be_redefined() -> None:
    own = Instruments.from_toml_text(
        """
[instruments.csat-5]
name = "Satisfaction, our way"
source = "https://example.org/survey"
[instruments.csat-5.answers]
"1" = 2
"5" = -2
"""
    )
    with pytest.raises(ValueError, match="redefines the bundled instrument 'csat-5'"):
        Voice(instruments_table=own)


def test_gap_effects_scale_and_switch_off() -> None:
    assert GapEffects.none().scaled(5) == GapEffects.none()
    assert GapEffects().scaled(2).reask == pytest.approx(2 * GapEffects().reask)
    assert GapEffects().of("dropped_handoff") == GapEffects().dropped_handoff


@given(score=st.floats(-2, 2))
def test_the_answer_is_the_nearest_one(score: float) -> None:
    for instrument in bundled_instruments():
        answer, value = _Scale(instrument).nearest(score)
        assert instrument.answers[answer] == value
        nearest = min(abs(s - score) for s in instrument.answers.values() if s is not None)
        assert abs(value - score) == pytest.approx(nearest)


def test_unheld_time_is_the_time_no_interval_covers() -> None:
    intervals = [(0.0, 10.0), (5.0, 20.0), (30.0, 40.0)]
    assert _unheld_before(intervals, 25.0) == 5.0
    assert _unheld_before(intervals, 35.0) == 10.0
    assert _unheld_before(intervals, 15.0) == 0.0
    assert StepSaid("dwp", "pension", 0.0, 1.0, None).close_at == 1.0


def test_unheld_time_lowers_the_score_per_day() -> None:
    voice = Voice(
        effects=GapEffects(0, 0, 0, 0, unheld_time=-1.0),
        noise=0.0,
        baseline=2.0,
        feedback_rate=1.0,
        unscored_rate=0.0,
        instruments={"nps-0-10": 1.0},
        body_instruments=(),
    )
    slow = Failures.only(unheld_time=1.0, self_referral=1.0)
    journeys = simulate(bundled_blueprints(), citizens=30, seed=4, failures=slow, voice=voice)
    scores = [
        e.score
        for events in events_of(journeys)
        for e in events
        if isinstance(e, Journey.FeedbackGiven)
    ]
    # Answers come after unheld time of various lengths: the longer, the lower.
    assert min(scores) < 1.0 < max(scores)
