"""Folds saved and resumed at every point give the same analysis as one run.

A fold is saved as JSON derived from its attrs class, so no field can be left out
on one side: these tests save every open fold after every event of generated
populations (with blueprints, so conformance records are saved too), resume in a
fresh engine, and compare.
"""

from __future__ import annotations

import json
from datetime import timedelta
from functools import cache

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import Journey
from journeys.analysis import Analysis, GapEngine
from journeys.analysis.citizen_fold import CitizenFold
from journeys.analysis.fold import JourneyFold
from journeys.blueprints import bundled_blueprints
from journeys.data import uk_catalogue
from journeys.errors import AnalysisError
from journeys.simulation import simulate
from journeys.testing import journeys

BEREAVEMENT = bundled_blueprints()["bereavement"]
CATALOGUE = uk_catalogue()


def saved_and_resumed(fold: JourneyFold) -> JourneyFold:
    return JourneyFold.from_dict(json.loads(json.dumps(fold.to_dict())))


def citizen_saved_and_resumed(citizen: CitizenFold) -> CitizenFold:
    return CitizenFold.from_dict(json.loads(json.dumps(citizen.to_dict())))


def analysis_of(engine: GapEngine, as_of: object) -> Analysis:
    return Analysis.build(engine, catalogue=CATALOGUE, as_of=as_of)  # type: ignore[arg-type]


@st.composite
def populations(draw: st.DrawFn) -> list[Journey.Event]:
    """Events of a few journeys, one or two following a blueprint, cut at some time so
    that some are open; journeys one after another."""
    designed = draw(
        st.lists(journeys(blueprint=BEREAVEMENT), min_size=1, max_size=2, unique_by=lambda j: j.id)
    )
    free = draw(
        st.lists(
            st.booleans().flatmap(lambda end: journeys(catalogue=CATALOGUE, ended=end)),
            max_size=2,
        )
    )
    events = [event for journey in [*designed, *free] for event in journey.collect_events()]
    cut = draw(st.sampled_from(sorted({event.occurred_at for event in events})))
    return [event for event in events if event.occurred_at <= cut]


@given(populations())
def test_saving_and_resuming_at_every_point_changes_nothing(events: list[Journey.Event]) -> None:
    classify = cache(CATALOGUE.boundary)
    whole = GapEngine(classify=classify, blueprints=[BEREAVEMENT])
    whole.apply_all(events)
    as_of = max(event.occurred_at for event in events) + timedelta(days=45)
    expected = [analysis_of(whole, None), analysis_of(whole, as_of)]

    for point in range(len(events) + 1):
        first = GapEngine(classify=classify, blueprints=[BEREAVEMENT])
        first.apply_all(events[:point])
        for fold in first.folds.values():
            assert saved_and_resumed(fold) == fold
        for citizen in first.citizens.values():
            assert citizen_saved_and_resumed(citizen) == citizen
        resumed = GapEngine(
            first.tally.copy(),
            {journey: saved_and_resumed(fold) for journey, fold in first.folds.items()},
            citizens={ref: citizen_saved_and_resumed(c) for ref, c in first.citizens.items()},
            classify=classify,
            blueprints=[BEREAVEMENT],
        )
        resumed.apply_all(events[point:])
        assert [analysis_of(resumed, None), analysis_of(resumed, as_of)] == expected


def test_every_field_of_a_fold_is_saved() -> None:
    """The saved form names every field of the class, and the format."""
    (journey,) = simulate([BEREAVEMENT], citizens=1, seed=4)
    events = journey.collect_events()
    engine = GapEngine(blueprints=[BEREAVEMENT])
    engine.apply_all(events[:-1])  # still open: its fold has every part
    (fold,) = engine.folds.values()
    saved = fold.to_dict()
    assert fold.conformance is not None
    for field in attrs.fields(JourneyFold):
        assert field.name in saved, field.name
    assert set(saved) == {field.name for field in attrs.fields(JourneyFold)} | {"format"}


def test_a_fold_saved_by_an_earlier_version_asks_for_a_reset() -> None:
    old = {"journey": "6f1c2a4e-3b7d-5e8f-9a0b-1c2d3e4f5a6b", "version": 3}
    with pytest.raises(AnalysisError, match="reset it"):
        JourneyFold.from_dict(old)


def test_a_fold_of_this_format_missing_a_field_is_refused_by_name() -> None:
    """A field added without a FOLD_FORMAT bump: a clear error naming it, not a KeyError."""
    (journey,) = simulate([BEREAVEMENT], citizens=1, seed=4)
    engine = GapEngine(blueprints=[BEREAVEMENT])
    engine.apply_all(journey.collect_events()[:-1])
    (fold,) = engine.folds.values()
    saved = fold.to_dict()
    del saved["last_at"]
    with pytest.raises(AnalysisError, match="JourneyFold state has no 'last_at'"):
        JourneyFold.from_dict(saved)
