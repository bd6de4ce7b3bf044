"""Calibrating on a simulated store recovers the delays and rates it was simulated with.

Tolerances come from the sample size behind each fit (the docs state them):

- a delay's median: ``|log(fitted / true)| <= Z * spread / sqrt(n)`` (the standard
  error of a mean of ``n`` logarithms), plus 1 % for rounding;
- its spread: ``|fitted - true| <= Z * spread / sqrt(2 (n - 1))`` (the standard
  error of a normal sample's standard deviation), plus 0.01;
- a rate: ``|fitted - true| <= Z * sqrt(p (1 - p) / n) + 1 / n``;

with ``Z = 4``, so that a correct fit fails one check in about 16,000. A fit with
fewer than the minimum observations must keep the default instead.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from journeys import Journey, bundled_blueprints, simulate
from journeys.simulation import Delays, Failures, LogNormal
from journeys.simulation.calibration import Calibration, calibrate
from journeys.simulation.fit_distance import fit_distance, simulate_calibration
from journeys.simulation.fitting import FittedDelay, FittedRate

Z = 4.0
KS_STRICT = 1.949
"""``c(0.001)`` of the two-sample Kolmogorov–Smirnov test: the fitted design's
simulation must be at least this close to the observed cycle times."""

BLUEPRINTS = [bundled_blueprints()[name] for name in ("bereavement", "birth", "job-loss")]
CITIZENS = 400

DELAY_NAMES = ("step", "handoff", "next_service", "self_referral", "resend")
RATE_NAMES = (
    "dropped_handoff",
    "rejected_handoff",
    "cold_transfer",
    "self_referral",
    "reask",
    "unheld_time",
)


def log_normals() -> st.SearchStrategy[LogNormal]:
    """Medians from 2 hours to 5 days and spreads from 0.2 to 1.2: long enough that
    the simulator's one-minute floor almost never clips a draw."""
    return st.builds(
        LogNormal,
        st.integers(2 * 3600, 5 * 86400).map(lambda s: timedelta(seconds=s)),
        st.floats(0.2, 1.2),
    )


@st.composite
def designs(draw: st.DrawFn) -> tuple[Delays, Failures]:
    drawn: dict[str, Any] = {name: draw(log_normals()) for name in DELAY_NAMES}
    delays = Delays(**drawn)
    failures = Failures(
        dropped_handoff=draw(st.floats(0.0, 0.2)),
        rejected_handoff=draw(st.floats(0.0, 0.2)),
        reask=draw(st.floats(0.05, 0.95)),
        cold_transfer=draw(st.floats(0.0, 0.5)),
        self_referral=draw(st.floats(0.05, 0.95)),
        unheld_time=draw(st.floats(0.0, 0.6)),
    )
    return delays, failures


def assert_delay_recovered(fit: FittedDelay, true: LogNormal, default: LogNormal) -> None:
    if not fit.fitted:
        assert fit.distribution == default, fit
        return
    n, spread = fit.count, true.spread
    median_error = abs(math.log(fit.distribution.median / true.median))
    assert median_error <= Z * spread / math.sqrt(n) + 0.01, (fit, true)
    assert abs(fit.distribution.spread - spread) <= Z * spread / math.sqrt(2 * (n - 1)) + 0.01, (
        fit,
        true,
    )


def assert_rate_recovered(fit: FittedRate, true: float, default: float) -> None:
    if not fit.fitted:
        assert fit.rate == default, fit
        return
    n = fit.count
    assert abs(fit.rate - true) <= Z * math.sqrt(true * (1 - true) / n) + 1 / n, (fit, true)


# Each example simulates and calibrates two populations (about 2 s), so few examples,
# and no shrinking: a failing example is printed as drawn.
@settings(max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(designs(), st.integers(0, 10_000))
def test_calibration_recovers_the_simulated_delays_and_rates(
    design: tuple[Delays, Failures], seed: int
) -> None:
    delays, failures = design
    observed = list(
        simulate(BLUEPRINTS, citizens=CITIZENS, seed=seed, delays=delays, failures=failures)
    )
    fitted = calibrate(observed, blueprint=BLUEPRINTS)
    defaults = Delays(), Failures()
    for name in DELAY_NAMES:
        fit = fitted.delay(name)
        assert fit is not None
        assert_delay_recovered(fit, getattr(delays, name), getattr(defaults[0], name))
    for name in RATE_NAMES:
        rate = fitted.rate(name)
        assert rate is not None
        assert_rate_recovered(rate, getattr(failures, name), getattr(defaults[1], name))
    # The work time is measured for (almost) every case: the fit rests on the data.
    step = fitted.delay("step")
    assert step is not None
    assert step.count >= 0.9 * fitted.cases
    assert_fitted_design_is_close(fitted, observed, seed)


def assert_fitted_design_is_close(fitted: Calibration, observed: list[Journey], seed: int) -> None:
    simulated = simulate_calibration(fitted, BLUEPRINTS, citizens=CITIZENS, seed=seed + 1)
    distance = fit_distance(observed, simulated, blueprint=BLUEPRINTS)
    n, m = distance.observed_journeys, distance.simulated_journeys
    assert distance.cycle_time_ks <= KS_STRICT * math.sqrt((n + m) / (n * m)), distance
    for rate in distance.rates:
        assert rate.difference is None or abs(rate.difference) < 0.2, rate
