"""Fitting one parameter from observations: a log-normal delay or a failure rate.

Each fit keeps the number of observations behind it and, below a minimum count,
keeps the default instead of the fitted value (and says so), so that a handful
of observations never decides a parameter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

import attrs

from journeys.simulation.distributions import LogNormal

MINIMUM_OBSERVATIONS = 30
"""Below this many observations a parameter keeps its default value."""


@attrs.frozen
class FittedDelay:
    """A fitted delay: ``parameter`` is a :class:`~journeys.simulation.Delays` field
    (``step``, ``handoff``, ``next_service``, ``self_referral``, ``resend``) and
    ``scope`` the step or hand-off it is for (``None``: every one).

    ``distribution`` is what the settings use: the fit when ``fitted``, else the
    default. ``count`` is the number of observed intervals; ``observed`` the fit
    itself whatever the count (``None`` with no observation).
    """

    parameter: str
    scope: str | None
    distribution: LogNormal
    count: int
    fitted: bool
    observed: LogNormal | None


@attrs.frozen
class FittedRate:
    """A fitted failure rate: ``parameter`` is a :class:`~journeys.simulation.Failures`
    field and ``scope`` the step or hand-off it is for (``None``: every one).

    ``rate`` is what the settings use: ``failures / count`` when ``fitted``, else
    the default. ``count`` is the number of chances to fail, ``failures`` how many
    did; ``observed`` the observed rate whatever the count (``None`` with no chance).
    """

    parameter: str
    scope: str | None
    rate: float
    count: int
    failures: int
    fitted: bool
    observed: float | None


def log_normal_of(seconds: Sequence[float]) -> LogNormal | None:
    """The log-normal of ``seconds`` by its logarithms: median ``exp(mean log)``, spread
    the sample standard deviation of ``log`` (0 for one value; ``None`` for none)."""
    logs = [math.log(value) for value in seconds if value > 0]
    if not logs:
        return None
    mean = math.fsum(logs) / len(logs)
    spread = 0.0
    if len(logs) > 1:
        spread = math.sqrt(math.fsum((x - mean) ** 2 for x in logs) / (len(logs) - 1))
    return LogNormal(timedelta(seconds=math.exp(mean)), spread)


def fit_delay(
    parameter: str,
    scope: str | None,
    seconds: Sequence[float],
    default: LogNormal,
    minimum: int = MINIMUM_OBSERVATIONS,
) -> FittedDelay:
    """Fit ``parameter`` to ``seconds``, keeping ``default`` below ``minimum`` of them."""
    observed = log_normal_of(seconds)
    fitted = observed is not None and len(seconds) >= minimum
    return FittedDelay(
        parameter=parameter,
        scope=scope,
        distribution=observed if fitted and observed is not None else default,
        count=len(seconds),
        fitted=fitted,
        observed=observed,
    )


def fit_rate(
    parameter: str,
    scope: str | None,
    failures: int,
    count: int,
    default: float,
    minimum: int = MINIMUM_OBSERVATIONS,
) -> FittedRate:
    """Fit ``parameter`` to ``failures`` in ``count`` chances, keeping ``default`` below
    ``minimum`` chances."""
    observed = failures / count if count else None
    fitted = observed is not None and count >= minimum
    return FittedRate(
        parameter=parameter,
        scope=scope,
        rate=observed if fitted and observed is not None else default,
        count=count,
        failures=failures,
        fitted=fitted,
        observed=observed,
    )
