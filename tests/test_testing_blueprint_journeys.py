"""journeys(blueprint=...): journeys that follow a designed journey, in any nation it covers."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from journeys import Journey, JourneyApp, uk_catalogue
from journeys.analysis import GAP_KINDS, analyse
from journeys.blueprints import load_bundled_blueprint
from journeys.testing import journey_events, journeys

BEREAVEMENT = load_bundled_blueprint("bereavement")


@settings(max_examples=10)
@given(
    st.lists(
        journeys(blueprint=BEREAVEMENT),
        min_size=1,
        max_size=3,
        unique_by=lambda journey: journey.id,
    )
)
def test_blueprint_journeys_are_accepted_and_follow_the_design(population: list[Journey]) -> None:
    app = JourneyApp.in_memory()
    app.save(*population)
    for journey in population:
        assert journey.trigger == BEREAVEMENT.trigger
        assert journey.nation in BEREAVEMENT.nations
        assert journey.is_ended
        designed = BEREAVEMENT.for_nation(journey.nation).bodies
        seen = {getattr(e, "body", None) for e in app.journey_events(journey.id)} - {None}
        assert seen <= designed | set(uk_catalogue())


@settings(max_examples=10)
@given(journey_events(blueprint=BEREAVEMENT, gaps=()))
def test_blueprint_journeys_without_gaps_have_none(events: list[Journey.Event]) -> None:
    kinds = {finding.kind for finding in analyse(events).findings}
    assert not kinds & GAP_KINDS


def test_chosen_gaps_with_a_blueprint_are_refused_clearly() -> None:
    with pytest.raises(InvalidArgument, match=r"gaps=None or gaps=\(\)"):
        find(journeys(blueprint=BEREAVEMENT, gaps={"reask"}), lambda journey: True)
    with pytest.raises(InvalidArgument, match="ended journeys only"):
        find(journeys(blueprint=BEREAVEMENT, ended=False), lambda journey: True)
