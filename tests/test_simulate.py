"""The population simulator: determinism, validity, streaming, failure knobs, nations."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice

import pytest

from journeys import (
    FindingKind,
    Journey,
    JourneyApp,
    Nation,
    analyse,
    bundled_blueprints,
    journey_id,
    simulate,
    simulate_into,
    uk_catalogue,
)
from journeys.blueprints import load_bundled_blueprint
from journeys.errors import BlueprintError
from journeys.simulation import (
    Behaviour,
    Delays,
    Failures,
    LogNormal,
    NationWeights,
    SimulationCounts,
)

SMALL = [load_bundled_blueprint("state-pension-age")]
"""A short journey offered in every nation, for tests that need many citizens."""
ONE_JOURNEY = Behaviour(journeys_per_citizen=[1])

INJECTABLE = frozenset(
    {
        FindingKind.DROPPED_HANDOFF,
        FindingKind.REJECTED_HANDOFF,
        FindingKind.REASK,
        FindingKind.COLD_TRANSFER,
        FindingKind.UNHELD_TIME,
    }
)

# Computes a fingerprint of a population; run here and in a fresh interpreter.
FINGERPRINT = """
import hashlib

def fingerprint(journeys):
    digest = hashlib.sha256()
    for journey in journeys:
        for event in journey.pending_events:
            fields = sorted(
                (name, repr(sorted(value) if isinstance(value, frozenset) else value))
                for name, value in vars(event).items()
                if name != "timestamp"  # when it was recorded: the wall clock
            )
            digest.update(repr((type(event).__name__, fields)).encode())
    return digest.hexdigest()
"""
namespace: dict[str, object] = {}
exec(FINGERPRINT, namespace)
fingerprint = namespace["fingerprint"]


def gap_kinds(journeys: Iterable[Journey]) -> set[FindingKind]:
    def events() -> Iterator[Journey.Event]:
        for journey in journeys:
            yield from journey.collect_events()

    analysis = analyse(events(), catalogue=uk_catalogue())
    return {kind for kind, count in analysis.counts().items() if count} & INJECTABLE


# --- determinism -----------------------------------------------------------------------


def test_the_same_seed_gives_the_same_population() -> None:
    first = fingerprint(simulate(bundled_blueprints(), citizens=60, seed=11))
    again = fingerprint(simulate(bundled_blueprints(), citizens=60, seed=11))
    assert first == again


def test_the_same_seed_gives_the_same_population_in_a_fresh_process() -> None:
    code = (
        FINGERPRINT
        + "from journeys import bundled_blueprints, simulate\n"
        + "print(fingerprint(simulate(bundled_blueprints(), citizens=40, seed=5)))\n"
    )
    # A different hash seed: nothing may depend on hash() ordering.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == fingerprint(simulate(bundled_blueprints(), citizens=40, seed=5))


def test_different_seeds_give_different_populations() -> None:
    assert fingerprint(simulate(bundled_blueprints(), citizens=30, seed=1)) != fingerprint(
        simulate(bundled_blueprints(), citizens=30, seed=2)
    )


def test_ids_and_citizens_are_deterministic_and_a_smaller_population_is_a_prefix() -> None:
    small = list(simulate(bundled_blueprints(), citizens=10, seed=3))
    large = list(simulate(bundled_blueprints(), citizens=20, seed=3))
    assert [j.id for j in small] == [j.id for j in large[: len(small)]]
    assert fingerprint(small) == fingerprint(large[: len(small)])
    assert [j.id for j in large] == [journey_id("simulate:3", str(i)) for i in range(len(large))]
    assert large[0].citizen == "sim-3-0"
    assert {j.citizen for j in large} == {f"sim-3-{i}" for i in range(20)}


# --- validity --------------------------------------------------------------------------


def test_every_journey_is_accepted_and_saved_by_the_app() -> None:
    app = JourneyApp.in_memory()
    journeys = list(simulate(bundled_blueprints(), citizens=80, seed=8))
    assert {j.trigger for j in journeys} == {b.trigger for b in bundled_blueprints().values()}
    for journey in journeys:
        assert journey.is_ended
        assert not journey.open_cases
        # A hand-off left unanswered was dropped, and was sent again.
        assert all(f"{h.id}:2" in journey.handoffs for h in journey.unanswered_handoffs())
    app.save(*journeys)
    assert sum(1 for _ in app.journey_ids()) == len(journeys)
    assert app.life("sim-8-0") == [
        app.get_journey(j.id)
        for j in sorted((j for j in journeys if j.citizen == "sim-8-0"), key=lambda j: j.started_at)
    ]


def test_journeys_have_a_realistic_number_of_events() -> None:
    sizes = [len(j.pending_events) for j in simulate(bundled_blueprints(), citizens=200, seed=4)]
    assert min(sizes) >= 8
    assert max(sizes) <= 120
    # About 30 on average (docs/simulation.md, "How many events"); a body no longer
    # asks for what its own steps produced, which took this seed's mean just under 30.
    assert 25 <= sum(sizes) / len(sizes) <= 60


def test_journeys_start_within_the_period_and_events_never_go_backwards() -> None:
    start = datetime(2030, 6, 1, tzinfo=UTC)
    for journey in simulate(
        bundled_blueprints(), citizens=40, seed=2, start=start, period=timedelta(days=7)
    ):
        times = [event.occurred_at for event in journey.pending_events]
        assert times == sorted(times)
        assert start <= journey.started_at < start + timedelta(days=7)


# --- streaming ---------------------------------------------------------------------------


def test_it_streams_a_population_too_large_to_hold() -> None:
    journeys = simulate(bundled_blueprints(), citizens=10**12, seed=1)
    assert len(list(islice(journeys, 5))) == 5


def test_memory_does_not_grow_with_the_number_of_citizens() -> None:
    def peak(citizens: int) -> int:
        tracemalloc.start()
        try:
            for _ in simulate(SMALL, citizens=citizens, seed=6, behaviour=ONE_JOURNEY):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(5)  # warm caches (blueprints, imports) outside the measurement
    assert peak(200) < 2 * peak(20)


# --- failures ----------------------------------------------------------------------------


def test_with_no_failures_there_are_no_gaps() -> None:
    journeys = simulate(bundled_blueprints(), citizens=120, seed=9, failures=Failures.none())
    assert gap_kinds(journeys) == set()


@pytest.mark.parametrize(
    ("failures", "kind"),
    [
        (Failures.only(dropped_handoff=0.5), FindingKind.DROPPED_HANDOFF),
        (Failures.only(rejected_handoff=0.5), FindingKind.REJECTED_HANDOFF),
        (Failures.only(reask=1.0), FindingKind.REASK),
        (Failures.only(cold_transfer=1.0), FindingKind.COLD_TRANSFER),
        (Failures.only(self_referral=1.0), FindingKind.COLD_TRANSFER),
        (Failures.only(unheld_time=1.0), FindingKind.UNHELD_TIME),
    ],
    ids=lambda value: value.value if isinstance(value, FindingKind) else None,
)
def test_each_failure_rate_produces_exactly_its_kind_of_gap(
    failures: Failures, kind: FindingKind
) -> None:
    journeys = simulate(bundled_blueprints(), citizens=60, seed=10, failures=failures)
    assert gap_kinds(journeys) == {kind}


def test_the_default_rates_produce_every_kind_of_gap() -> None:
    assert gap_kinds(simulate(bundled_blueprints(), citizens=100, seed=12)) == INJECTABLE


def test_a_dropped_handoff_is_sent_again_and_accepted() -> None:
    failures = Failures.only(dropped_handoff=1.0)
    (journey,) = simulate(
        [load_bundled_blueprint("hospital-discharge")],
        citizens=1,
        seed=1,
        nations={"england": 1},
        failures=failures,
        behaviour=Behaviour(journeys_per_citizen=[1]),
    )
    handoffs = journey.handoffs
    assert handoffs["discharge-referral"].status == "sent"
    assert handoffs["discharge-referral:2"].status == "accepted"


# --- nations ----------------------------------------------------------------------------


def citizens_by_nation(journeys: Iterable[Journey]) -> collections.Counter[Nation]:
    return collections.Counter({j.citizen: j.nation for j in journeys}.values())


def test_nations_are_weighted_by_population_by_default() -> None:
    nations = citizens_by_nation(
        simulate(SMALL, citizens=500, seed=1, behaviour=ONE_JOURNEY, failures=Failures.none())
    )
    assert 0.79 <= nations[Nation.ENGLAND] / 500 <= 0.9
    assert 0.04 <= nations[Nation.SCOTLAND] / 500 <= 0.12


def test_nation_weights_are_respected() -> None:
    even = NationWeights(england=1, wales=1, scotland=1, northern_ireland=1)
    nations = citizens_by_nation(
        simulate(SMALL, citizens=400, seed=2, nations=even, behaviour=ONE_JOURNEY)
    )
    assert all(70 <= nations[nation] <= 130 for nation in Nation)
    scottish = citizens_by_nation(
        simulate(bundled_blueprints(), citizens=30, seed=2, nations={"scotland": 1})
    )
    assert scottish == {Nation.SCOTLAND: 30}


def test_a_nation_no_blueprint_covers_is_refused() -> None:
    with pytest.raises(ValueError, match="no nation with a weight above zero"):
        simulate([load_bundled_blueprint("moving-to-scotland")], citizens=1, nations={"wales": 1})


# --- configuration ------------------------------------------------------------------------


def test_a_lognormal_with_no_spread_is_its_median() -> None:
    import random

    delay = LogNormal(timedelta(days=2), spread=0)
    assert delay.sample(random.Random(1)) == 2 * 86400
    assert LogNormal(timedelta(days=1), 1.0).p90() > timedelta(days=3)


def test_per_step_and_per_handoff_delays_apply() -> None:
    slow = LogNormal(timedelta(days=30), spread=0)
    delays = Delays(handoffs={"discharge-referral": slow}, steps={"hospital-stay": slow})
    journeys = simulate(
        [load_bundled_blueprint("hospital-discharge")],
        citizens=5,
        seed=1,
        nations={"england": 1},
        failures=Failures.none(),
        delays=delays,
    )
    for journey in journeys:
        sent = journey.handoffs["discharge-referral"]
        assert sent.sent_at - journey.started_at == timedelta(days=30)
        assert sent.answered_at is not None
        assert sent.answered_at - sent.sent_at == timedelta(days=30)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Failures(reask=1.5), "reask must be a probability"),
        (lambda: Failures(dropped_handoff=0.6, rejected_handoff=0.6), "at most 1"),
        (lambda: LogNormal(timedelta(0)), "median must be a positive"),
        (lambda: LogNormal(timedelta(days=1), spread=-1), "spread must be"),
        (lambda: NationWeights(0, 0, 0, 0), "at least one nation"),
        (lambda: Behaviour(journeys_per_citizen=[]), "journeys_per_citizen must be"),
        (lambda: Behaviour(touchpoints_per_case=[1, 1, 1, 1, 1]), "up to 3 touchpoints"),
        (lambda: simulate(bundled_blueprints(), citizens=-1), "citizens must be"),
        (lambda: simulate([], citizens=1), "at least one blueprint"),
        (
            lambda: simulate(bundled_blueprints(), citizens=1, start=datetime(2024, 1, 1)),
            "timezone-aware",
        ),
    ],
)
def test_bad_configuration_is_refused_when_given(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


# --- writing into an app ------------------------------------------------------------------


def test_simulate_into_saves_in_batches_and_a_rerun_adds_nothing() -> None:
    app = JourneyApp.in_memory()
    seen: list[SimulationCounts] = []
    counts = simulate_into(
        app, bundled_blueprints(), citizens=40, seed=4, batch_size=16, progress=seen.append
    )
    expected = list(simulate(bundled_blueprints(), citizens=40, seed=4))
    assert counts.citizens == 40
    assert counts.journeys == len(expected)
    assert counts.events == sum(len(j.pending_events) for j in expected)
    assert counts.skipped == 0
    assert [c.journeys for c in seen] == sorted(c.journeys for c in seen)
    assert seen[-1] == counts
    assert len(seen) >= 3
    assert app.max_position() >= counts.events

    again = simulate_into(app, bundled_blueprints(), citizens=40, seed=4, batch_size=7)
    assert (again.journeys, again.events, again.skipped) == (0, 0, counts.journeys)

    more = simulate_into(app, bundled_blueprints(), citizens=50, seed=4, batch_size=16)
    assert more.skipped == counts.journeys
    assert more.journeys > 0
    assert sum(1 for _ in app.journey_ids()) == counts.journeys + more.journeys


def test_simulate_into_checks_blueprints_against_the_apps_catalogue() -> None:
    from journeys import Catalogue

    app = JourneyApp.in_memory(catalogue=Catalogue([]))
    with pytest.raises(BlueprintError, match="unknown body"):
        simulate_into(app, bundled_blueprints(), citizens=1)
    with pytest.raises(ValueError, match="batch_size"):
        simulate_into(JourneyApp.in_memory(), bundled_blueprints(), citizens=1, batch_size=0)
