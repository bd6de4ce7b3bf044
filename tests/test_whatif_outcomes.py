"""A citizen's outcome from their journey and its findings; bootstrap intervals and quantiles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.analysis import analyse
from journeys.journey import Journey
from journeys.whatif import Interval, Outcome
from journeys.whatif.intervals import Bootstrap, quantile
from journeys.whatif.outcomes import CitizenOutcome, JourneyRecord, outcomes_of
from tests.helpers import CATALOGUE, at, bereavement, move_to_scotland


def _outcome(journey: Journey) -> CitizenOutcome:
    events = list(journey.collect_events())
    record = JourneyRecord(7, journey.nation)
    for event in events:
        assert isinstance(event, Journey.Event)
        record.see(event)
    analysis = analyse(events, catalogue=CATALOGUE)
    [(seen, outcome)] = list(outcomes_of({journey.id: record}, analysis.findings))
    assert seen is record
    return outcome


def test_the_bereavement_story_costs_what_its_findings_say() -> None:
    outcome = _outcome(bereavement("c"))
    # Started at T0, ended on day 12.
    assert outcome.days_to_end == 12.0
    # Unheld: a day before the registrar opened, three waiting for DWP, two at the end.
    assert outcome.unheld_days == 6.0
    assert (outcome.reasks, outcome.dropped_handoffs, outcome.rejected_handoffs) == (1, 1, 0)
    assert outcome.sla_breaches == 0
    # Contacts: the first case, DVLA found on their own (a cold transfer), and telling
    # the registrar the facts once.
    assert outcome.contacts == 3
    assert outcome.experience is None
    assert outcome.value(Outcome.CONTACTS) == 3


def test_a_rejected_handoff_and_feedback_count() -> None:
    journey = move_to_scotland("c", claim_day=15)
    outcome = _outcome(journey)
    assert outcome.rejected_handoffs == 1
    assert outcome.days_to_end == 20.0

    scored = bereavement("d", end=False)
    for body, about, answer in (
        ("dwp", "bereavement-support", "Very good"),
        ("dvla", "licence", "Poor"),
        ("dvla", "licence", "Don't know"),  # a response that scores nothing
    ):
        scored.give_feedback(body, about, "nhs-fft", answer, occurred_at=at(11))
    scored.end(occurred_at=at(12))
    assert _outcome(scored).experience == 0.5  # (+2 - 1) / 2


def test_only_the_experience_score_is_better_higher() -> None:
    assert [o for o in Outcome if o.higher_is_better] == [Outcome.EXPERIENCE]


def test_findings_of_other_journeys_are_left_out() -> None:
    journey, other = bereavement("c"), bereavement("d")
    events = list(journey.collect_events())
    record = JourneyRecord(0, journey.nation)
    for event in events:
        assert isinstance(event, Journey.Event)
        record.see(event)
    both = analyse([*events, *other.collect_events()], catalogue=CATALOGUE)
    [(_, outcome)] = list(outcomes_of({journey.id: record}, both.findings))
    assert outcome.reasks == 1


values = st.lists(
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=30
)


@given(values=values, seed=st.integers(0, 2**31))
def test_an_interval_lies_between_the_values_and_repeats_with_its_seed(
    values: list[float], seed: int
) -> None:
    interval = Bootstrap(seed, resamples=200).interval(values)
    assert interval.low <= interval.high
    # The mean of resampled values lies within their range (up to rounding of the mean).
    slack = 1e-9 * max(1.0, *(abs(v) for v in values))
    assert min(values) - slack <= interval.low
    assert interval.high <= max(values) + slack
    assert Bootstrap(seed, resamples=200).interval(values) == interval


@given(value=st.floats(-1e6, 1e6, allow_nan=False), count=st.integers(1, 25))
def test_equal_values_give_exactly_that_interval(value: float, count: int) -> None:
    interval = Bootstrap(0).interval([value] * count)
    assert interval == Interval(value + 0.0, value + 0.0)
    assert interval.covers(value)


def test_an_interval_narrows_around_a_clear_difference() -> None:
    interval = Bootstrap(1).interval([-1.0, -1.2, -0.9, -1.1, -1.05, -0.95])
    assert not interval.covers(0.0)
    assert -1.2 <= interval.low < interval.high <= -0.9


@given(values=values, q=st.floats(0.0, 1.0))
def test_quantile_is_numpys_linear_quantile(values: list[float], q: float) -> None:
    ordered = sorted(values)
    assert quantile(ordered, q) == pytest.approx(
        float(np.quantile(ordered, q)), rel=1e-12, abs=1e-6
    )


def test_no_values_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Bootstrap(0).interval([])
    with pytest.raises(ValueError, match="at least one"):
        quantile([], 0.5)
