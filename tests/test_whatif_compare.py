"""compare_designs: self-comparison is exactly zero, one seed gives one JSON, a change in
one nation leaves the others exactly alone, and unserved citizens are counted apart."""

from __future__ import annotations

import json
from functools import cache

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.analysis import FindingKind, Presence
from journeys.blueprints import Blueprint, bundled_blueprints, load_bundled_blueprint
from journeys.blueprints.overlays import variant_from_toml
from journeys.bodies import Nation
from journeys.data import uk_catalogue
from journeys.simulation import Failures, SimulationSettings, Voice
from journeys.whatif import (
    SCHEMA_ID,
    DesignComparison,
    GroupComparison,
    Outcome,
    bundled_scenarios,
    compare_designs,
    comparison_schema,
)

EVEN = dict.fromkeys(Nation, 1.0)


@cache
def _tuo_ni() -> Blueprint:
    """The bundled Tell Us Once in Northern Ireland design."""
    return bundled_scenarios()["tell-us-once-in-northern-ireland"].variant


@cache
def _tuo_ni_comparison() -> DesignComparison:
    return compare_designs(
        load_bundled_blueprint("bereavement"),
        _tuo_ni(),
        citizens=200,
        replications=5,
        seed=3,
        nations=EVEN,
    )


def _all_zero(group: GroupComparison) -> None:
    for change in group.changes:
        assert change.difference == 0.0, (group.label, change)
        assert (change.interval.low, change.interval.high) == (0.0, 0.0), (group.label, change)
        assert change.baseline == change.variant
        assert change.worse in (0, None)
        assert change.better in (0, None)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(bundled_blueprints())),
    citizens=st.integers(1, 25),
    seed=st.integers(0, 2**31),
    replications=st.integers(2, 3),
    voice=st.booleans(),
)
def test_a_design_against_itself_changes_nothing(
    name: str, citizens: int, seed: int, replications: int, voice: bool
) -> None:
    design = load_bundled_blueprint(name)
    comparison = compare_designs(
        design,
        design,
        citizens=citizens,
        seed=seed,
        replications=replications,
        voice=Voice() if voice else None,
        nations=EVEN,
    )
    for group in (comparison.overall, *comparison.by_nation):
        _all_zero(group)
        assert group.paired == group.citizens
    assert comparison.overall.citizens == citizens * replications
    for boundary in comparison.by_boundary:
        assert boundary.difference == 0.0
        assert (boundary.interval.low, boundary.interval.high) == (0.0, 0.0)
        assert boundary.baseline == boundary.variant
        assert boundary.worse == boundary.better == 0


def test_one_seed_gives_byte_identical_json() -> None:
    def run() -> str:
        comparison = compare_designs(
            load_bundled_blueprint("bereavement"),
            _tuo_ni(),
            citizens=60,
            replications=3,
            seed=11,
            voice=Voice(),
            nations=EVEN,
        )
        return json.dumps(comparison.to_json(), indent=2)

    first, second = run(), run()
    assert first == second
    assert json.loads(first)["$schema"] == SCHEMA_ID


def test_the_json_follows_its_schema() -> None:
    document = _tuo_ni_comparison().to_json()
    jsonschema.validate(document, comparison_schema())
    assert document["groups"][0]["group"] == "all"
    assert [g["group"] for g in document["groups"][1:]] == [n.value for n in Nation]


def test_tell_us_once_in_ni_changes_only_northern_ireland() -> None:
    comparison = _tuo_ni_comparison()
    for nation in (Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND):
        _all_zero(comparison.nation(nation))
    reasks = comparison.nation(Nation.NORTHERN_IRELAND).change(Outcome.REASKS)
    assert reasks.difference < 0
    assert reasks.interval.high < 0  # fewer re-asks, and the interval excludes zero
    assert reasks.improved is True
    assert reasks.better is not None
    assert reasks.worse is not None
    assert reasks.better > reasks.worse
    # The Bereavement Service's body leaves Northern Ireland's journeys: fewer
    # findings at its boundaries under the variant.
    northern = {b.to_body for b in comparison.by_boundary if b.variant < b.baseline}
    assert "dfc" in northern or "hmrc" in northern


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 2**31))
def test_removing_a_handoff_in_one_nation_leaves_the_others_exactly_alone(
    data: st.DataObject, seed: int
) -> None:
    candidates = [
        (design, handoff)
        for design in bundled_blueprints().values()
        for handoff in design.handoffs
        if len(design.handoff_nations(handoff)) >= 2
    ]
    design, handoff = data.draw(st.sampled_from(candidates))
    nations = sorted(design.handoff_nations(handoff), key=lambda n: n.value)
    removed = data.draw(st.sampled_from(nations))
    kept = ", ".join(f'"{n.value}"' for n in nations if n is not removed)
    variant = variant_from_toml(
        f'base = "{design.id}"\nid = "without-{handoff.id}"\n\n'
        f'[[reroute_handoff]]\nid = "{handoff.id}"\nnations = [{kept}]\n'
    )
    comparison = compare_designs(
        design,
        variant,
        citizens=40,
        seed=seed,
        replications=2,
        nations=EVEN,
        baseline_settings=SimulationSettings(failures=Failures(cold_transfer=0.0)),
        variant_settings=SimulationSettings(failures=Failures(cold_transfer=0.0)),
    )
    for group in comparison.by_nation:
        if group.nation is not removed:
            _all_zero(group)


def test_a_nation_one_design_does_not_serve_is_counted_as_unserved() -> None:
    baseline = load_bundled_blueprint("bereavement")
    variant = load_bundled_blueprint("moving-to-scotland")  # offered in England only
    comparison = compare_designs(
        baseline, variant, citizens=40, replications=2, nations={"england": 1, "wales": 1}
    )
    wales = comparison.nation(Nation.WALES)
    assert wales.citizens > 0
    assert wales.unserved_variant == wales.citizens
    assert (wales.paired, wales.unserved_baseline, wales.changes) == (0, 0, ())
    england = comparison.nation(Nation.ENGLAND)
    assert england.paired == england.citizens
    overall = comparison.overall
    assert overall.paired == england.citizens
    assert overall.unserved_variant == wales.citizens
    assert overall.change(Outcome.CONTACTS).citizens == england.citizens
    # The citizens of Wales still met gaps under the baseline: they count in the rates.
    assert any(
        b.baseline > 0 and b.kind is not FindingKind.HANDOFF_LATENCY
        for b in comparison.by_boundary
        if b.to_body is not None and "W" in b.to_body
    )


def test_the_experience_score_is_compared_only_with_a_voice() -> None:
    design = load_bundled_blueprint("bereavement")
    silent = compare_designs(design, _tuo_ni(), citizens=20, replications=2)
    with pytest.raises(KeyError):
        silent.overall.change(Outcome.EXPERIENCE)
    heard = compare_designs(design, _tuo_ni(), citizens=40, replications=2, voice=Voice())
    score = heard.overall.change(Outcome.EXPERIENCE)
    assert score.citizens is not None
    assert 0 < score.citizens <= heard.overall.paired
    assert -2.0 <= score.baseline <= 2.0


@pytest.mark.parametrize("replications", [0, 1, True, 2.0])
def test_fewer_than_two_replications_is_a_value_error(replications: object) -> None:
    design = load_bundled_blueprint("birth")
    with pytest.raises(ValueError, match="replications"):
        compare_designs(design, design, citizens=5, replications=replications)  # type: ignore[arg-type]


def test_pooled_analyses_cover_every_replication() -> None:
    design = load_bundled_blueprint("bereavement")
    comparison = compare_designs(
        design, _tuo_ni(), citizens=30, replications=3, pooled=True, catalogue=uk_catalogue()
    )
    assert comparison.baseline_analysis is not None
    assert comparison.baseline_analysis.journeys_started == 90
    difference = comparison.difference()
    assert difference.first_journeys == difference.second_journeys == 90
    assert compare_designs(design, _tuo_ni(), citizens=30, replications=3) == comparison
    with pytest.raises(ValueError, match="pooled"):
        compare_designs(design, _tuo_ni(), citizens=5, replications=2).difference()


def test_the_changed_difference_of_a_design_with_itself_is_empty() -> None:
    design = load_bundled_blueprint("bereavement")
    comparison = compare_designs(design, design, citizens=20, replications=2, pooled=True)
    everything = comparison.difference()
    assert everything.edges
    assert everything.network
    changed = comparison.difference(changed=True)
    assert (changed.nodes, changed.edges, changed.network) == ((), (), ())
    # Against Tell Us Once in NI, the new Tell Us Once hand-offs are there, and every
    # transition kept changed.
    variant = compare_designs(design, _tuo_ni(), citizens=40, replications=2, pooled=True)
    kept = variant.difference(changed=True)
    assert any(edge.presence is Presence.ONLY_SECOND for edge in kept.network)
    assert all(
        e.presence is not Presence.BOTH
        or e.transitions.first != e.transitions.second
        or e.median.first != e.median.second
        for e in kept.edges
    )
