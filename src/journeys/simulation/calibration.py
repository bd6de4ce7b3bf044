"""``calibrate()``: the simulator's delays and failure rates, fitted to observed journeys.

Each delay is fitted as a :class:`~journeys.simulation.LogNormal` (median
``exp(mean log)``, spread the standard deviation of ``log``) to the intervals
:mod:`journeys.simulation.journey_traces` reads from the events, and each failure
rate as failures over chances:

- ``step``: case opened → its work done (the first hand-off its body sends on,
  else its decision touchpoint, else its closing when nothing waited on it);
  the simulator's ``step`` delay is exactly that span. One fit per step, and
  one over every step.
- ``handoff``: a hand-off sent → accepted or rejected, every send answered; one
  fit per hand-off and one over all.
- ``resend``: a dropped hand-off's send, or a rejection, → the next send.
- ``next_service``: the parent case's work done → the same body opening its next
  case without a hand-off; ``self_referral``: → a new body opening one without.
- ``dropped_handoff`` / ``rejected_handoff``: per hand-off chain, its first send
  never answered / rejected.
- ``cold_transfer``: a new body reached without the hand-off the blueprint
  expects; ``self_referral``: without a referral where the blueprint expects
  none. Without a blueprint the two cannot be told apart: every arrival at a new
  body counts towards ``cold_transfer`` and ``self_referral`` keeps its default.
- ``reask``: a body asking again for facts told to another body, out of the cases
  that needed such facts (the step's ``needs``; without a blueprint, whatever its
  body and service ever asked for).
- ``unheld_time``: a case closed before the case it led to opened, out of the
  cases that led to one.

Below ``minimum`` observations a parameter keeps its default, and the result
says so (:attr:`FittedDelay.fitted`, :attr:`FittedRate.fitted`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, cast

import attrs

from journeys.application import JourneyApp
from journeys.blueprints import Blueprint
from journeys.errors import InputError
from journeys.journey import Journey
from journeys.simulation.delays import Delays
from journeys.simulation.failures import Failures, HandoffFailures, StepFailures
from journeys.simulation.fitting import (
    MINIMUM_OBSERVATIONS,
    FittedDelay,
    FittedRate,
    fit_delay,
    fit_rate,
)
from journeys.simulation.journey_traces import CaseTrace, JourneyTrace, journey_traces
from journeys.simulation.settings import SimulationSettings

Source = JourneyApp | Iterable[Journey.Event] | Iterable[Journey]
"""What :func:`calibrate` reads: a store, journey events, or journeys with their
events still pending (as :func:`~journeys.simulate` makes them)."""

_DELAYS = ("step", "handoff", "next_service", "self_referral", "resend")
_STEP_RATES = ("reask", "unheld_time", "cold_transfer", "self_referral")
_HANDOFF_RATES = {"dropped_handoff": "dropped", "rejected_handoff": "rejected"}
_RATES = (
    "dropped_handoff",
    "rejected_handoff",
    "cold_transfer",
    "self_referral",
    "reask",
    "unheld_time",
)


@attrs.frozen
class Calibration:
    """The simulator's parameters fitted to observed journeys (see :func:`calibrate`).

    ``delays`` and ``rates`` hold one fit per parameter over every step or
    hand-off (``scope`` ``None``) first, then one per step or hand-off. Scopes are
    blueprint step and hand-off ids where a blueprint was given and matched, else
    ``"body/service"`` and ``"from→to"``: those are reported but the settings
    use only the overall fits for them. ``nations`` are the shares of journeys by
    nation, ``triggers`` the life events the journeys start from; ``notes`` say
    what could not be fitted and why.
    """

    journeys: int
    citizens: int
    cases: int
    minimum: int
    delays: tuple[FittedDelay, ...]
    rates: tuple[FittedRate, ...]
    nations: tuple[tuple[str, float], ...]
    triggers: tuple[str, ...]
    step_ids: frozenset[str]
    handoff_ids: frozenset[str]
    notes: tuple[str, ...] = ()

    def delay(self, parameter: str, scope: str | None = None) -> FittedDelay | None:
        """The fit of ``parameter`` for ``scope`` (``None``: over all); ``None`` if absent."""
        return next((d for d in self.delays if d.parameter == parameter and d.scope == scope), None)

    def rate(self, parameter: str, scope: str | None = None) -> FittedRate | None:
        """The fit of failure rate ``parameter`` for ``scope``; ``None`` if absent."""
        return next((r for r in self.rates if r.parameter == parameter and r.scope == scope), None)

    def to_delays(self, base: Delays | None = None) -> Delays:
        """``base`` (default: the defaults) with every fitted delay, and an override
        for each fitted blueprint step and hand-off."""
        base = base if base is not None else Delays()
        overall = {d.parameter: d.distribution for d in self.delays if d.scope is None}
        steps = dict(base.steps)
        handoffs = dict(base.handoffs)
        for fit in self.delays:
            if fit.fitted and fit.scope in self.step_ids and fit.parameter == "step":
                steps[fit.scope] = fit.distribution
            if fit.fitted and fit.scope in self.handoff_ids and fit.parameter == "handoff":
                handoffs[fit.scope] = fit.distribution
        return attrs.evolve(base, **overall, steps=steps, handoffs=handoffs)

    def to_failures(self, base: Failures | None = None) -> Failures:
        """``base`` (default: the defaults) with every fitted overall rate, and an
        override (:class:`~journeys.simulation.StepFailures`,
        :class:`~journeys.simulation.HandoffFailures`) for each blueprint step and
        hand-off with a fitted rate of its own."""
        base = base if base is not None else Failures()
        overall: dict[str, Any] = {r.parameter: r.rate for r in self.rates if r.scope is None}
        steps: dict[str, dict[str, float]] = {}
        handoffs: dict[str, dict[str, float]] = {}
        for fit in self.rates:
            if not fit.fitted or fit.scope is None:
                continue
            if fit.scope in self.step_ids and fit.parameter in _STEP_RATES:
                steps.setdefault(fit.scope, {})[fit.parameter] = fit.rate
            elif fit.scope in self.handoff_ids and fit.parameter in _HANDOFF_RATES:
                handoffs.setdefault(fit.scope, {})[_HANDOFF_RATES[fit.parameter]] = fit.rate
        return attrs.evolve(
            base,
            **overall,
            steps={**dict(base.steps), **{k: StepFailures(**v) for k, v in steps.items()}},
            handoffs={
                **dict(base.handoffs),
                **{k: HandoffFailures(**v) for k, v in handoffs.items()},
            },
        )

    def to_settings(self, base: SimulationSettings | None = None) -> SimulationSettings:
        """``base`` (default: the defaults) with the fitted delays and failure rates;
        write it with :func:`~journeys.simulation.write_settings`. Behaviour is not
        fitted: it stays ``base``'s."""
        base = base if base is not None else SimulationSettings()
        return attrs.evolve(
            base, delays=self.to_delays(base.delays), failures=self.to_failures(base.failures)
        )


def calibrate(
    source: Source,
    *,
    blueprint: Blueprint | Iterable[Blueprint] | None = None,
    minimum: int = MINIMUM_OBSERVATIONS,
    defaults: tuple[Delays, Failures] | None = None,
) -> Calibration:
    """Fit the simulator's delays and failure rates to the journeys in ``source``.

    With ``blueprint`` (one or several), each journey is read against the
    blueprint for its trigger and nation (the one matching most of its cases):
    cases are steps by their body and service, and failures are told from the
    design's own gaps. Parameters with fewer than ``minimum`` observations keep
    ``defaults`` (the simulator's own unless given). An empty source raises
    :class:`~journeys.errors.AnalysisError`.
    """
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ValueError(f"minimum must be a whole number >= 1, got {minimum!r}")
    blueprints = _blueprints(blueprint)
    traces = list(journey_traces(events_of(source), blueprints))
    if not traces:
        raise InputError(
            "no journeys to calibrate from: the source holds no journey events",
            source=_described(source),
            value=0,
        )
    delays, failures = defaults if defaults is not None else (Delays(), Failures())
    step_ids = frozenset(step.id for b in blueprints for step in b.steps)
    handoff_ids = frozenset(handoff.id for b in blueprints for handoff in b.handoffs)
    cases = [case for trace in traces for case in trace.cases]
    notes = []
    if not blueprints:
        notes.append(
            "no blueprint: steps are keyed by body/service and every arrival at a new body "
            "without a hand-off counts as a cold transfer (self_referral keeps its default)"
        )
    elif not any(case.key in step_ids for case in cases):
        named = ", ".join(sorted(b.id for b in blueprints))
        raise InputError(
            f"the blueprint {named} matches none of the observed journeys (no step of it "
            "has the trigger, nation, body and service of an observed case)",
            source=_described(source),
            value=named,
        )
    return Calibration(
        journeys=len(traces),
        citizens=len({trace.citizen for trace in traces}),
        cases=len(cases),
        minimum=minimum,
        delays=_delays(traces, cases, delays, minimum),
        rates=_rates(traces, cases, failures, minimum),
        nations=_nations(traces),
        triggers=tuple(sorted({trace.trigger for trace in traces})),
        step_ids=step_ids,
        handoff_ids=handoff_ids,
        notes=tuple(notes),
    )


def events_of(source: Source) -> Iterator[Journey.Event]:
    """Every journey event of ``source`` (a store, events, or journeys' pending events)."""
    if isinstance(source, JourneyApp):
        for _, event in source.read_events():
            yield event
        return
    item: Any
    for item in source:
        if isinstance(item, Journey):
            yield from cast(list[Journey.Event], item.pending_events)
        else:
            yield item


def _described(source: Source) -> str:
    return f"store {source.persistence_module}" if isinstance(source, JourneyApp) else "<events>"


def _blueprints(blueprint: Blueprint | Iterable[Blueprint] | None) -> tuple[Blueprint, ...]:
    if blueprint is None:
        return ()
    found = (blueprint,) if isinstance(blueprint, Blueprint) else tuple(blueprint)
    for one in found:
        if not isinstance(one, Blueprint):
            raise ValueError(f"not a Blueprint: {one!r}")
    return found


def _scoped(pairs: Iterable[tuple[str, float]]) -> dict[str, list[float]]:
    grouped: dict[str, list[float]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return dict(sorted(grouped.items()))


def _delays(
    traces: list[JourneyTrace], cases: list[CaseTrace], defaults: Delays, minimum: int
) -> tuple[FittedDelay, ...]:
    handoffs = [h for trace in traces for h in trace.handoffs]
    work = _scoped((c.key, c.work) for c in cases if c.work is not None)
    answers = _scoped((h.key, a) for h in handoffs for a in h.answers)
    observed = {
        "step": [x for xs in work.values() for x in xs],
        "handoff": [x for xs in answers.values() for x in xs],
        "next_service": [c.wait for c in cases if c.arrival == "next_service" and c.wait],
        "self_referral": [c.wait for c in cases if c.arrival == "own" and c.wait],
        "resend": [h.resend for h in handoffs if h.resend],
    }
    fits = [
        fit_delay(name, None, observed[name], getattr(defaults, name), minimum) for name in _DELAYS
    ]
    fits += [
        fit_delay("step", key, xs, defaults.for_step(key), minimum) for key, xs in work.items()
    ]
    fits += [
        fit_delay("handoff", key, xs, defaults.for_handoff(key), minimum)
        for key, xs in answers.items()
    ]
    return tuple(fits)


def _rates(
    traces: list[JourneyTrace],
    cases: list[CaseTrace],
    defaults: Failures,
    minimum: int,
) -> tuple[FittedRate, ...]:
    chances: dict[tuple[str, str | None], list[bool]] = {}

    def chance(parameter: str, key: str, failed: bool) -> None:
        for scope in (None, key):
            chances.setdefault((parameter, scope), []).append(failed)

    for handoff in (h for trace in traces for h in trace.handoffs):
        chance("dropped_handoff", handoff.key, handoff.outcome == "dropped")
        chance("rejected_handoff", handoff.key, handoff.outcome == "rejected")
    learned: dict[str, set[str]] = {}
    for case in cases:
        learned.setdefault(case.key, set()).update(case.requested)
    for case in cases:
        if case.arrival != "first" and not case.known_body:
            if case.expected is not False:
                chance("cold_transfer", case.key, case.arrival == "own")
            else:
                chance("self_referral", case.key, case.arrival == "own")
        needs = case.needs if case.needs is not None else learned[case.key]
        if needs & case.again:
            chance("reask", case.key, bool(case.requested & case.again))
        if case.unheld is not None:
            chance("unheld_time", case.key, case.unheld)
    fits = []
    for name in _RATES:
        seen = chances.get((name, None), [])
        fits.append(fit_rate(name, None, sum(seen), len(seen), getattr(defaults, name), minimum))
    for (name, scope), seen in sorted(
        chances.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        if scope is not None:
            fits.append(
                fit_rate(name, scope, sum(seen), len(seen), getattr(defaults, name), minimum)
            )
    return tuple(fits)


def _nations(traces: list[JourneyTrace]) -> tuple[tuple[str, float], ...]:
    counts = Counter(trace.nation.value for trace in traces)
    return tuple((nation, count / len(traces)) for nation, count in sorted(counts.items()))
