"""The facts pass of the simulator: a body knows the facts its own earlier steps produced,
and asks the citizen for the others it was neither handed nor told."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
from hypothesis import given
from hypothesis import strategies as st

from journeys import Blueprint, Journey, bundled_blueprints, simulate
from journeys.blueprints import blueprint_from_toml
from journeys.simulation import Failures, StepFailures
from tests.helpers import events_of

BLUEPRINTS = bundled_blueprints()
EVERY_NATION = {"england": 1, "wales": 1, "scotland": 1, "northern-ireland": 1}

# The council writes a plan, then places the citizen with it; DWP needs the plan too
# but is reached with no hand-off, so only the citizen can tell it.
PLAN = blueprint_from_toml(
    """
id = "own-facts"
title = "A body's own facts"
trigger = "care-home"
nations = ["england"]

[[stage]]
id = "assess"
title = "Assess"

[[stage.step]]
id = "assess-needs"
title = "Assess needs"
service = "care-needs-assessment"
bodies = { england = "adult-social-care:E06000023" }
needs = ["care_needs"]
provides = ["care_and_support_plan"]

[[stage]]
id = "place"
title = "Place"

[[stage.step]]
id = "place-in-home"
title = "Place in a care home"
service = "care-home-placement"
bodies = { england = "adult-social-care:E06000023" }
needs = ["care_and_support_plan", "care_charge"]

[[stage]]
id = "tell"
title = "Tell the benefit office"

[[stage.step]]
id = "tell-dwp"
title = "Tell DWP"
service = "disability-benefit"
bodies = { england = "dwp" }
needs = ["care_and_support_plan"]
""",
    source="own-facts.toml",
)


def requests(journey: Journey) -> Iterator[Journey.InformationRequested]:
    return (e for e in events_of(journey) if isinstance(e, Journey.InformationRequested))


def test_a_body_does_not_ask_for_what_its_own_earlier_step_produced() -> None:
    # The citizen reaches DWP on their own: no referral can carry the plan there.
    failures = attrs.evolve(Failures.none(), steps={"tell-dwp": StepFailures(self_referral=1.0)})
    england = {"england": 1}
    journeys = list(simulate([PLAN], citizens=20, seed=3, nations=england, failures=failures))
    council = "adult-social-care:E06000023"
    asked: dict[str, list[frozenset[str]]] = {council: [], "dwp": []}
    for journey in journeys:
        for request in requests(journey):
            asked[request.body].append(request.items)
    # Two cases of the council per journey, each asking once: assessment and placement.
    assert sorted(asked[council]) == sorted(
        [frozenset({"care_needs"}), frozenset({"care_charge"})] * len(journeys)
    )
    # The citizen never told anyone the plan, so DWP, which no hand-off reached, asks.
    assert asked["dwp"] == [frozenset({"care_and_support_plan"})] * len(journeys)


def produced_by_case(blueprint: Blueprint, nation: str) -> dict[tuple[str, str], frozenset[str]]:
    """What a case (body, service) of ``blueprint`` in ``nation`` certainly produces: the
    facts every step with that body and service provides."""
    produced: dict[tuple[str, str], frozenset[str]] = {}
    for step in blueprint.for_nation(nation).steps:
        key = (step.body, step.service)
        produced[key] = produced[key] & step.provides if key in produced else step.provides
    return produced


@given(
    name=st.sampled_from(sorted(BLUEPRINTS)),
    seed=st.integers(0, 10**6),
    reask=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_no_request_asks_a_body_for_what_its_own_closed_case_produced(
    name: str, seed: int, reask: float
) -> None:
    blueprint = BLUEPRINTS[name]
    journeys = simulate(
        [blueprint],
        citizens=6,
        seed=seed,
        nations=EVERY_NATION,
        failures=Failures.only(reask=reask, self_referral=0.5, cold_transfer=0.5),
    )
    for journey in journeys:
        produced = produced_by_case(blueprint, journey.nation.value)
        # A case closes only after its work is done, so what it produced is known by then.
        known: dict[str, set[str]] = {}
        for event in events_of(journey):
            if isinstance(event, Journey.CaseClosed):
                made = produced.get((event.body, event.service), frozenset())
                known.setdefault(event.body, set()).update(made)
            elif isinstance(event, Journey.InformationRequested):
                assert not event.items & known.get(event.body, set()), (name, event)
