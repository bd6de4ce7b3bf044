"""Common random numbers: two designs meet each citizen with the same luck where they agree;
and the per-step settings (failure rates, automatic steps) the schedule uses."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Blueprint, Journey, bundled_blueprints, simulate
from journeys.blueprints import variant_from_toml
from journeys.simulation import (
    Behaviour,
    Delays,
    Failures,
    HandoffFailures,
    LogNormal,
    StepFailures,
    Voice,
)
from journeys.simulation.draws import Draws
from tests.helpers import events_of

BLUEPRINTS = bundled_blueprints()
BEREAVEMENT = BLUEPRINTS["bereavement"]
EVERY_NATION = {"england": 1, "wales": 1, "scotland": 1, "northern-ireland": 1}
INFORMATION = (Journey.InformationRequested, Journey.InformationProvided)
seeds = st.integers(0, 10**6)


def content(event: Journey.Event) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """What an event says, apart from when and in which position it was recorded."""
    skipped = {"timestamp", "occurred_at", "originator_version"}
    fields = tuple(sorted((k, repr(v)) for k, v in vars(event).items() if k not in skipped))
    return type(event).__name__, fields


def said(event: Journey.Event) -> tuple[str, dict[str, Any]]:
    return type(event).__name__, {k: v for k, v in vars(event).items() if k != "timestamp"}


# --- the keyed draws --------------------------------------------------------------------


def test_draws_are_keyed_not_sequential() -> None:
    draws = Draws("test", 1, 2)
    first = draws.uniform("step", "work")
    draws.uniform("other", "work")
    assert draws.uniform("step", "work") == first == Draws("test", 1, 2).uniform("step", "work")
    assert draws.uniform("step", "outcome") != first
    assert Draws("test", 1, 3).uniform("step", "work") != first
    assert draws.within("death").uniform("step", "work") == Draws("test", 1, 2, "death").uniform(
        "step", "work"
    )


def test_draws_are_uniform_and_normal() -> None:
    draws = Draws("spread")
    uniforms = [draws.uniform(str(i), "u") for i in range(20_000)]
    assert all(0 <= u < 1 for u in uniforms)
    assert abs(statistics.fmean(uniforms) - 0.5) < 0.01
    assert abs(sum(u < 0.1 for u in uniforms) / len(uniforms) - 0.1) < 0.01
    normals = [draws.gauss(str(i), "z") for i in range(20_000)]
    assert abs(statistics.fmean(normals)) < 0.03
    assert abs(statistics.stdev(normals) - 1) < 0.03
    several = [draws.several(str(i), "s", 7) for i in range(20_000)]
    for column in zip(*several, strict=True):
        assert all(0 <= u < 1 for u in column)
        assert abs(statistics.fmean(column) - 0.5) < 0.01
    # Independent of each other: the first two do not move together.
    assert (
        abs(statistics.correlation([row[0] for row in several], [row[1] for row in several])) < 0.03
    )
    shades = [Draws.normal(row[3]) for row in several]
    assert abs(statistics.stdev(shades) - 1) < 0.03
    assert draws.several("x", "s", 3) == draws.several("x", "s", 3)
    with pytest.raises(ValueError, match="1 to 8"):
        draws.several("x", "s", 9)


@given(st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=8, unique=True), seeds)
def test_a_choice_stays_when_items_beside_it_go(items: list[str], seed: int) -> None:
    draws = Draws("choice", seed)
    chosen = draws.choice(items, str, "pick")
    assert chosen in items
    kept = [item for index, item in enumerate(items) if item == chosen or index % 2]
    assert draws.choice(kept, str, "pick") == chosen
    assert draws.sample(items, len(items), str, "pick")[0] == chosen
    assert draws.sample(kept, 1, str, "pick") == [chosen]


# --- one design against itself and against a variant ------------------------------------


@settings(max_examples=10, deadline=None)
@given(seeds)
def test_a_design_against_a_copy_of_itself_gives_the_same_journeys(seed: int) -> None:
    copy = variant_from_toml('base = "bereavement"\nid = "the-same"\n')
    voice = Voice()
    ours = simulate([BEREAVEMENT], citizens=6, seed=seed, nations=EVERY_NATION, voice=voice)
    theirs = simulate([copy], citizens=6, seed=seed, nations=EVERY_NATION, voice=voice)
    assert [said(e) for j in events_of_all(ours) for e in j] == [
        said(e) for j in events_of_all(theirs) for e in j
    ]


def events_of_all(journeys: Any) -> list[list[Journey.Event]]:
    return [events_of(journey) for journey in journeys]


steps_of_bereavement = st.sampled_from([step.id for step in BEREAVEMENT.steps])
distributions = st.builds(
    LogNormal,
    st.timedeltas(min_value=timedelta(hours=1), max_value=timedelta(days=30)),
    st.floats(0, 1.5),
)


@settings(max_examples=25, deadline=None)
@given(seeds, steps_of_bereavement, distributions)
def test_a_changed_step_delay_moves_only_that_step_and_what_follows_from_it(
    seed: int, step_id: str, delay: LogNormal
) -> None:
    """Every case but the changed step's is either exactly where it was or moved by one
    and the same amount (the change in that step's work time: what follows from it);
    every hand-off has the same fate, every case the same touchpoints."""
    base = list(simulate([BEREAVEMENT], citizens=4, seed=seed, nations=EVERY_NATION))
    changed = list(
        simulate(
            [BEREAVEMENT],
            citizens=4,
            seed=seed,
            nations=EVERY_NATION,
            delays=Delays(steps={step_id: delay}),
        )
    )
    assert len(base) == len(changed)
    service = next(step.service for step in BEREAVEMENT.steps if step.id == step_id)
    tolerance = timedelta(microseconds=2)
    for before, after in zip(base, changed, strict=True):
        first, second = events_of(before), events_of(after)
        assert said(first[0]) == said(second[0])  # who, what, where and when it started
        kept = [e for e in first[1:-1] if not isinstance(e, INFORMATION)]
        moved = [e for e in second[1:-1] if not isinstance(e, INFORMATION)]
        assert Counter(map(content, kept)) == Counter(map(content, moved))
        when = {content(e): e.occurred_at for e in moved}
        shifts = []
        for event in kept:
            shift = when[content(event)] - event.occurred_at
            if isinstance(event, Journey.CaseOpened) and event.service == service:
                assert abs(shift) <= tolerance  # its own start does not move
            elif getattr(event, "service", None) != service and abs(shift) > tolerance:
                shifts.append(shift)
        assert not shifts or max(shifts) - min(shifts) <= 2 * tolerance, shifts


def withdrawn(step: str, nation: str) -> Blueprint:
    """The bundled bereavement design with ``step`` no longer offered in ``nation``."""
    return variant_from_toml(
        f'base = "bereavement"\nid = "without-{step}-in-{nation}"\n\n'
        f'[[serve]]\nstep = "{step}"\nnation = "{nation}"\nwithdraw = true\n'
    )


@settings(max_examples=8, deadline=None)
@given(seeds)
def test_a_variant_in_northern_ireland_leaves_every_other_nation_alone(seed: int) -> None:
    variant = withdrawn("cancel-passport", "northern-ireland")
    others = [BLUEPRINTS["birth"], BLUEPRINTS["moving-house"], BLUEPRINTS["moving-to-scotland"]]
    voice = Voice()
    base = list(
        simulate([BEREAVEMENT, *others], citizens=12, seed=seed, nations=EVERY_NATION, voice=voice)
    )
    changed = list(
        simulate([variant, *others], citizens=12, seed=seed, nations=EVERY_NATION, voice=voice)
    )
    assert [(j.id, j.citizen, j.nation) for j in base] == [
        (j.id, j.citizen, j.nation) for j in changed
    ]
    for before, after in zip(base, changed, strict=True):
        first, second = [said(e) for e in events_of(before)], [said(e) for e in events_of(after)]
        if before.nation.value != "northern-ireland" or before.trigger != "death":
            assert first == second
        else:
            assert first[0] == second[0]
            assert not any(e[0] == "CaseOpened" and e[1]["body"] == "hmpo" for e in second)


@settings(max_examples=8, deadline=None)
@given(seeds)
def test_a_step_taken_out_moves_no_other_steps_luck(seed: int) -> None:
    """Without one (optional, childless) step, every other case of every journey, the
    citizen's other journeys included, happens exactly as before: only the step's own
    events, its parent's closing, the journey's end and what the citizen is asked for
    (facts told to the missing step) may differ."""
    variant = withdrawn("stop-armed-forces-compensation", "england")
    others = [BLUEPRINTS["birth"], BLUEPRINTS["moving-house"], BLUEPRINTS["job-loss"]]
    england = {"england": 1}
    base = list(simulate([BEREAVEMENT, *others], citizens=10, seed=seed, nations=england))
    changed = list(simulate([variant, *others], citizens=10, seed=seed, nations=england))
    assert [j.id for j in base] == [j.id for j in changed]

    def kept(journey: Journey) -> list[tuple[str, dict[str, Any]]]:
        return [
            # Positions in the stream move when events are left out: compare without them.
            (name, {k: v for k, v in fields.items() if k != "originator_version"})
            for event in events_of(journey)
            if not isinstance(event, (*INFORMATION, Journey.Ended))
            and getattr(event, "body", None) != "veterans-uk"
            and not getattr(event, "handoff", "").startswith("tell-us-once-to-veterans-uk")
            and not (isinstance(event, Journey.CaseClosed) and event.service == "tell-us-once")
            for name, fields in [said(event)]
        ]

    for before, after in zip(base, changed, strict=True):
        assert kept(before) == kept(after)


def test_the_veterans_step_is_taken_in_england() -> None:
    # So that the property above takes a step out that citizens do take.
    journeys = simulate([BEREAVEMENT], citizens=20, seed=1, nations={"england": 1})
    assert any(
        isinstance(e, Journey.CaseOpened) and e.body == "veterans-uk"
        for j in journeys
        for e in events_of(j)
    )


def test_a_citizens_nation_and_journeys_do_not_depend_on_which_designs() -> None:
    # Two sets of designs with the same nations and number of designs in each.
    first = [BLUEPRINTS["bereavement"], BLUEPRINTS["birth"]]
    second = [BLUEPRINTS["pregnancy"], BLUEPRINTS["job-loss"]]
    one = list(simulate(first, citizens=200, seed=3))
    two = list(simulate(second, citizens=200, seed=3))
    assert [(j.citizen, j.nation) for j in one] == [(j.citizen, j.nation) for j in two]


# --- per-step settings in the schedule --------------------------------------------------


def test_a_hand_offs_own_drop_rate() -> None:
    failures = attrs.evolve(
        Failures.none(), handoffs={"tell-us-once-to-hmpo": HandoffFailures(dropped=1.0)}
    )
    journeys = list(simulate([BEREAVEMENT], citizens=40, seed=5, failures=failures))
    sent = Counter(
        e.handoff for j in journeys for e in events_of(j) if isinstance(e, Journey.HandoffSent)
    )
    assert sent["tell-us-once-to-hmpo"] > 0
    assert sent["tell-us-once-to-hmpo:2"] == sent["tell-us-once-to-hmpo"]
    assert not [h for h in sent if h.endswith(":2") and h != "tell-us-once-to-hmpo:2"]


def test_a_steps_own_cold_transfer_rate() -> None:
    failures = Failures.none()
    alone = attrs.evolve(failures, steps={"cancel-passport": StepFailures(cold_transfer=1.0)})

    def sent(failures: Failures) -> Counter[str]:
        journeys = simulate([BEREAVEMENT], citizens=40, seed=6, failures=failures)
        return Counter(
            e.handoff for j in journeys for e in events_of(j) if isinstance(e, Journey.HandoffSent)
        )

    everything, without = sent(failures), sent(alone)
    assert everything["tell-us-once-to-hmpo"] > 0
    assert without["tell-us-once-to-hmpo"] == 0
    del everything["tell-us-once-to-hmpo"]
    assert without == everything


def test_an_automatic_step_asks_nothing_and_records_only_its_decision() -> None:
    hour = LogNormal(timedelta(hours=1), spread=0)
    automatic = Behaviour(automatic_steps={"cancel-passport"})
    base = [events_of(j) for j in simulate([BEREAVEMENT], citizens=60, seed=7)]
    done = [
        events_of(j)
        for j in simulate(
            [BEREAVEMENT],
            citizens=60,
            seed=7,
            behaviour=automatic,
            delays=Delays(automatic=hour),
        )
    ]

    def of_hmpo(journeys: list[list[Journey.Event]], kind: type) -> list[Any]:
        return [e for j in journeys for e in j if isinstance(e, kind) and e.body == "hmpo"]

    assert of_hmpo(base, Journey.InformationRequested)  # without it, HMPO does ask
    assert not of_hmpo(done, Journey.InformationRequested)
    opened = of_hmpo(done, Journey.CaseOpened)
    touchpoints = of_hmpo(done, Journey.Touchpoint)
    assert opened
    assert [t.activity for t in touchpoints] == ["passport-cancellation: decision issued"] * len(
        opened
    )
    for case, decision in zip(opened, touchpoints, strict=True):
        assert decision.occurred_at - case.occurred_at == timedelta(minutes=54)


def test_whole_lives_under_a_variant_keep_every_journey_the_variant_does_not_change() -> None:
    from journeys.simulation import simulate_lives

    variant = withdrawn("cancel-passport", "northern-ireland")
    others = [b for name, b in BLUEPRINTS.items() if name != "bereavement"]
    nations = {"england": 1, "northern-ireland": 1}
    base = list(simulate_lives([BEREAVEMENT, *others], citizens=40, seed=2, nations=nations))
    changed = list(simulate_lives([variant, *others], citizens=40, seed=2, nations=nations))
    assert [(j.id, j.trigger, j.nation) for j in base] == [
        (j.id, j.trigger, j.nation) for j in changed
    ]
    differ = 0
    for before, after in zip(base, changed, strict=True):
        same = [said(e) for e in events_of(before)] == [said(e) for e in events_of(after)]
        if before.nation.value != "northern-ireland" or before.trigger != "death":
            assert same
        differ += not same
    assert differ > 0  # the variant does change bereavements in Northern Ireland
