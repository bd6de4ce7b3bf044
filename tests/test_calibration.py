"""calibrate(), its fits and distances, and `journeys calibrate`: meaning, errors, CLI."""

from __future__ import annotations

import math
from collections.abc import Hashable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, bundled_blueprints, simulate, uk_catalogue
from journeys.blueprints.writer import blueprint_to_toml
from journeys.cli import main
from journeys.errors import InputError
from journeys.simulation import Delays, Failures, LogNormal, load_settings
from journeys.simulation.calibration import calibrate, events_of
from journeys.simulation.fit_distance import (
    START,
    directly_follows,
    fit_distance,
    ks_critical,
    ks_distance,
    total_variation,
)
from journeys.simulation.fitting import fit_delay, fit_rate, log_normal_of
from journeys.simulation.writer import simulate_into
from tests.helpers import drawn_journeys

BEREAVEMENT = bundled_blueprints()["bereavement"]
BIRTH = bundled_blueprints()["birth"]
samples = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=40)


# --- the pure pieces -------------------------------------------------------------------


def test_log_normal_of_takes_the_median_and_spread_of_the_logarithms() -> None:
    fitted = log_normal_of([3600.0, 4 * 3600.0])
    assert fitted is not None
    assert fitted.median == timedelta(hours=2)  # exp(mean log) = the geometric mean
    assert fitted.spread == pytest.approx(math.log(4) / math.sqrt(2))
    assert log_normal_of([]) is None
    one = log_normal_of([60.0])
    assert one is not None
    assert one.spread == 0


def test_below_the_minimum_a_fit_keeps_the_default_and_says_so() -> None:
    default = LogNormal(timedelta(days=1), 0.5)
    few = fit_delay("step", None, [3600.0] * 4, default, minimum=5)
    assert (few.fitted, few.distribution, few.count) == (False, default, 4)
    assert few.observed == LogNormal(timedelta(hours=1), 0.0)
    enough = fit_delay("step", None, [3600.0] * 5, default, minimum=5)
    assert (enough.fitted, enough.distribution) == (True, LogNormal(timedelta(hours=1), 0.0))
    rate = fit_rate("reask", None, failures=1, count=4, default=0.3, minimum=5)
    assert (rate.fitted, rate.rate, rate.observed) == (False, 0.3, 0.25)
    assert fit_rate("reask", None, 0, 0, 0.3).observed is None


@given(samples)
def test_a_sample_is_at_ks_distance_zero_from_itself(sample: list[float]) -> None:
    assert ks_distance(sample, list(reversed(sample))) == 0


@given(samples, samples)
def test_ks_distance_is_symmetric_and_between_zero_and_one(a: list[float], b: list[float]) -> None:
    assert 0 <= ks_distance(a, b) == ks_distance(b, a) <= 1


def test_ks_distance_of_disjoint_samples_is_one_and_of_shifted_halves_a_half() -> None:
    assert ks_distance([1, 2], [3, 4]) == 1
    assert ks_distance([1, 2, 3, 4], [3, 4, 5, 6]) == 0.5
    assert ks_critical(100, 100) == pytest.approx(1.358 * math.sqrt(2 / 100))


counts: st.SearchStrategy[dict[Hashable, int]] = st.dictionaries(
    st.sampled_from("abcdef"), st.integers(0, 50), min_size=1
)


@given(counts, counts)
def test_total_variation_is_symmetric_and_between_zero_and_one(
    a: dict[Hashable, int], b: dict[Hashable, int]
) -> None:
    distance = total_variation(a, b)
    assert 0 <= distance <= 1
    assert distance == pytest.approx(total_variation(b, a))


def test_total_variation_compares_shares_not_counts() -> None:
    assert total_variation({"x": 1, "y": 3}, {"x": 10, "y": 30}) == 0
    assert total_variation({"x": 1}, {"y": 1}) == 1
    assert total_variation({"x": 1, "y": 1}, {"x": 1}) == pytest.approx(0.5)


# --- calibrate() ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def observed() -> list[Journey]:
    """Bereavement and birth journeys with known, distinctive settings."""
    delays = Delays(
        step=LogNormal(timedelta(hours=30), 0.5), handoff=LogNormal(timedelta(hours=5), 0.7)
    )
    failures = Failures(dropped_handoff=0.1, rejected_handoff=0.1, cold_transfer=0.2)
    return list(
        simulate([BEREAVEMENT, BIRTH], citizens=300, seed=5, delays=delays, failures=failures)
    )


def test_calibration_keys_steps_by_blueprint_id_and_overrides_them(observed: list[Journey]) -> None:
    fitted = calibrate(observed, blueprint=[BEREAVEMENT, BIRTH])
    assert fitted.notes == ()
    register = fitted.delay("step", "register-birth")
    assert register is not None
    assert register.fitted
    assert dict(fitted.to_delays().steps)["register-birth"] == register.distribution
    settings = fitted.to_settings()
    assert settings.failures.dropped_handoff == pytest.approx(0.1, abs=0.05)
    assert settings.delays == fitted.to_delays()
    # Every overridden hand-off is one of the blueprints', never a body pair.
    assert {key for key, _ in settings.failures.handoffs} <= fitted.handoff_ids
    assert {key for key, _ in settings.delays.handoffs} <= fitted.handoff_ids


def test_without_a_blueprint_steps_are_keyed_by_body_and_service(observed: list[Journey]) -> None:
    fitted = calibrate(observed)
    assert len(fitted.notes) == 1
    scopes = {fit.scope for fit in fitted.delays if fit.scope is not None}
    assert any("/" in scope for scope in scopes)
    self_referral = fitted.rate("self_referral")
    assert self_referral is not None
    assert (self_referral.count, self_referral.fitted) == (0, False)
    # Nothing keyed by body and service reaches the settings: they name no step.
    assert fitted.to_delays().steps == ()
    assert fitted.to_failures().steps == ()


def test_calibrate_reads_a_store_as_it_reads_its_events() -> None:
    with JourneyApp.in_memory() as app:
        app.save(*simulate([BIRTH], citizens=20, seed=1))
        from_store = calibrate(app, minimum=1)
        events = [event for _, event in app.read_events()]
    assert calibrate(events, minimum=1) == from_store
    assert from_store.journeys == 20


def test_a_fitted_design_is_closer_than_a_wrong_one(observed: list[Journey]) -> None:
    fitted = calibrate(observed, blueprint=[BEREAVEMENT, BIRTH])
    close = simulate([BEREAVEMENT, BIRTH], citizens=300, seed=6, **fitted.to_settings().keywords())
    slow = simulate(
        [BEREAVEMENT, BIRTH],
        citizens=300,
        seed=6,
        delays=Delays(step=LogNormal(timedelta(days=5), 0.5)),
    )
    near = fit_distance(observed, close, blueprint=[BEREAVEMENT, BIRTH])
    far = fit_distance(observed, slow, blueprint=[BEREAVEMENT, BIRTH])
    assert near.cycle_times_agree
    assert not far.cycle_times_agree
    assert far.cycle_time_ks > 3 * far.ks_critical
    dropped = {rate.parameter: rate for rate in far.rates}["dropped_handoff"]
    assert dropped.difference is not None
    assert dropped.difference < -0.03  # the default 0.04 against the observed 0.1


def test_directly_follows_counts_every_journey_once_at_its_start(observed: list[Journey]) -> None:
    graph = directly_follows(list(events_of(observed)))
    starts = sum(
        count for edge, count in graph.items() if isinstance(edge, tuple) and edge[0] == START
    )
    assert starts == len(observed)


# --- errors --------------------------------------------------------------------------


def test_no_journeys_is_an_input_error_naming_the_source() -> None:
    with pytest.raises(InputError, match="no journeys to calibrate from") as caught:
        calibrate([])
    assert caught.value.value == 0
    assert caught.value.source == "<events>"


def test_a_blueprint_matching_nothing_is_an_input_error_naming_it(observed: list[Journey]) -> None:
    carer = bundled_blueprints()["becoming-a-carer"]
    with pytest.raises(InputError, match="matches none of the observed") as caught:
        calibrate(observed, blueprint=carer)
    assert caught.value.value == "becoming-a-carer"


def test_a_minimum_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="minimum"):
        calibrate([], minimum=0)


# --- the CLI -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("calibrate") / "observed.db"
    with JourneyApp.sqlite(db) as app:
        simulate_into(
            app,
            [BIRTH],
            citizens=150,
            seed=2,
            delays=Delays(step=LogNormal(timedelta(hours=40), 0.4)),
        )
    return db


def test_cli_writes_settings_and_prints_fits_and_distance(store: Path, tmp_path: Path) -> None:
    output = tmp_path / "fitted.toml"
    result = CliRunner().invoke(
        main,
        ["calibrate", "--db", str(store), "-o", str(output), "--blueprint", "birth", "--seed", "3"],
    )
    assert result.exit_code == 0, result.output
    assert "Fitted parameters" in result.output
    assert "KS" in result.output
    assert "total variation" in result.output
    assert f"wrote {output}" in result.output
    assert "POOR FIT" not in result.output  # the store was simulated: the fit is good
    settings = load_settings(output)
    step = settings.delays.step
    assert abs(math.log(step.median / timedelta(hours=40))) < 0.1
    assert step.spread == pytest.approx(0.4, abs=0.05)
    assert dict(settings.delays.steps)  # per-step fits reach the file


def test_cli_per_step_lists_every_scoped_fit(store: Path, tmp_path: Path) -> None:
    output = tmp_path / "fitted.toml"
    args = ["calibrate", "--db", str(store), "-o", str(output), "--per-step", "--citizens", "50"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Fitted per step and hand-off" in result.output
    assert "note: no blueprint" in result.output


def cli_fails(*args: str, status: int = 1) -> str:
    """One line and ``status``: 1 for input that cannot be used, 2 for usage mistakes."""
    result = CliRunner().invoke(main, ["calibrate", *args])
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    return result.output


def test_cli_an_empty_store_fails_in_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    JourneyApp.sqlite(db).close()
    output = tmp_path / "fitted.toml"
    message = cli_fails("--db", str(db), "-o", str(output))
    assert "no journeys to calibrate from" in message
    assert str(db) in message
    assert not output.exists()


def test_cli_a_blueprint_that_matches_nothing_fails_in_one_line(
    store: Path, tmp_path: Path
) -> None:
    output = tmp_path / "fitted.toml"
    message = cli_fails("--db", str(store), "-o", str(output), "--blueprint", "becoming-a-carer")
    assert "matches none of the observed" in message
    assert "becoming-a-carer" in message
    assert not output.exists()


def test_cli_a_missing_store_or_output_fails_in_one_line(tmp_path: Path) -> None:
    assert "no such store" in cli_fails("--db", str(tmp_path / "nope.db"), "-o", "x.toml")
    assert "-o FILE.toml" in cli_fails("--db", str(tmp_path / "nope.db"), status=2)
    assert "--db PATH" in cli_fails("-o", str(tmp_path / "x.toml"), status=2)


def test_a_step_of_its_own_is_fitted_as_an_override() -> None:
    slow_registration = LogNormal(timedelta(days=10), 0.3)
    observed = simulate(
        [BIRTH], citizens=200, seed=4, delays=Delays(steps={"register-birth": slow_registration})
    )
    fitted = calibrate(observed, blueprint=BIRTH)
    register = fitted.delay("step", "register-birth")
    assert register is not None
    assert register.fitted
    assert abs(math.log(register.distribution.median / slow_registration.median)) < 0.1
    assert register.distribution.spread == pytest.approx(0.3, abs=0.06)
    # The other steps keep the default 18 hours, and the overall fit is between.
    overall = fitted.delay("step")
    assert overall is not None
    assert timedelta(hours=18) < overall.distribution.median < slow_registration.median
    assert dict(fitted.to_delays().steps)["register-birth"] == register.distribution


def test_cli_says_poor_fit_when_the_design_is_not_what_citizens_did(tmp_path: Path) -> None:
    # Journeys through the moving-to-Scotland design, simulated as moving house.
    db = tmp_path / "moving.db"
    with JourneyApp.sqlite(db) as app:
        simulate_into(app, [bundled_blueprints()["moving-to-scotland"]], citizens=150, seed=3)
    output = tmp_path / "fitted.toml"
    args = ["calibrate", "--db", str(db), "-o", str(output), "--blueprint", "moving-house"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    poor = [line for line in result.output.splitlines() if line.startswith("POOR FIT")]
    assert len(poor) == 2, result.output  # cycle times and paths
    assert output.exists()  # a poor fit is reported, the settings still written


def test_cli_reads_a_blueprint_file_as_it_reads_a_bundled_id(store: Path, tmp_path: Path) -> None:
    design = tmp_path / "birth.toml"
    design.write_text(blueprint_to_toml(BIRTH), encoding="utf-8")
    written: list[str] = []
    for name in (str(design), "birth"):
        output = tmp_path / f"fitted-{len(written)}.toml"
        args = ["calibrate", "--db", str(store), "-o", str(output), "--blueprint", name]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        written.append(output.read_text(encoding="utf-8"))
    assert written[0] == written[1]


@st.composite
def any_population(draw: st.DrawFn) -> list[Journey]:
    return drawn_journeys(draw, uk_catalogue(), min_size=1, max_size=8)


@given(any_population(), st.booleans())
def test_any_journeys_calibrate_to_valid_settings(journeys: list[Journey], keyed: bool) -> None:
    """Whatever the journeys (generated by journeys.testing, not by the simulator),
    every count is honest, every rate a probability, and the settings are valid."""
    designs = bundled_blueprints().values() if keyed else None
    refused: InputError | None = None
    try:
        fitted = calibrate(journeys, blueprint=designs, minimum=1)
    except InputError as error:  # generated bodies rarely match a bundled design
        refused = error
    if refused is not None:
        assert keyed, refused
        assert "matches none of the observed journeys" in str(refused)
        return
    assert fitted.journeys == len(journeys)
    for rate in fitted.rates:
        assert 0 <= rate.failures <= rate.count
        assert 0 <= rate.rate <= 1
        assert rate.fitted == (rate.count >= 1)
    for delay in fitted.delays:
        assert delay.fitted == (delay.count >= 1)
        assert delay.distribution.median > timedelta(0)
    settings = fitted.to_settings()  # the validators accept every fitted value
    step = fitted.delay("step")
    assert step is not None
    assert settings.delays.step == step.distribution
