"""Reading and writing the tables of a simulation settings file (internal).

:mod:`journeys.simulation.settings` is the public face; this module holds the
TOML schema: each table read over a base :class:`SimulationSettings`, with every
problem a :class:`~journeys.errors.SettingsError` naming the file, the line and
the value; and the settings written back as tables that read back equal.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from journeys.blueprints.durations import format_duration, parse_duration
from journeys.blueprints.schema import header_lines
from journeys.errors import SettingsError
from journeys.simulation.behaviour import Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.distributions import LogNormal
from journeys.simulation.failures import Failures, HandoffFailures, StepFailures

if TYPE_CHECKING:
    from journeys.simulation.settings import SimulationSettings

DELAY_KINDS = ("step", "handoff", "next_service", "self_referral", "resend", "automatic")
FAILURE_RATES = (
    "dropped_handoff",
    "rejected_handoff",
    "reask",
    "cold_transfer",
    "self_referral",
    "unheld_time",
)
STEP_RATES = tuple(field.name for field in attrs.fields(StepFailures))
HANDOFF_RATES = tuple(field.name for field in attrs.fields(HandoffFailures))
BEHAVIOUR_KEYS = ("optional_steps", "journeys_per_citizen", "touchpoints_per_case")
TABLES = ("automatic", "delays", "delay", "failures", "failure", "behaviour")
_DISTRIBUTION_KEYS = frozenset({"median", "median_seconds", "spread"})
_Read = TypeVar("_Read")


@attrs.frozen
class Locator:
    """Finds the lines of a settings document's tables and keys, for errors.

    ``prefix`` is ``"simulation."`` for the ``[simulation]`` table of a variant;
    ``steps`` and ``handoffs``, when given, are the ids of the design the settings
    are for, and an override naming another is refused.
    """

    text: str
    source: str
    prefix: str = ""
    steps: frozenset[str] | None = None
    handoffs: frozenset[str] | None = None

    def check(self, target: str, entry_id: str, line: int | None) -> None:
        """Refuse ``entry_id`` if it is not a step (or hand-off) of the design."""
        known = self.steps if target == "step" else self.handoffs
        if known is None or entry_id in known:
            return
        if target == "handoff" and self.steps is not None:
            # A referral the simulator adds: referral:<from step>:<to step>.
            parts = entry_id.split(":")
            if len(parts) == 3 and parts[0] == "referral" and set(parts[1:]) <= self.steps:
                return
        what = "a step" if target == "step" else "a hand-off (or referral:<step>:<step>)"
        raise self.error(line, f"{entry_id!r} is not {what} of the design", entry_id)

    def header(self, name: str, index: int = 0) -> int | None:
        """The line of the ``index``-th ``[name]`` or ``[[name]]`` table."""
        lines = header_lines(self.text, f"[[{self.prefix}{name}]]") or header_lines(
            self.text, f"[{self.prefix}{name}]"
        )
        return lines[index] if index < len(lines) else None

    def key(self, table: str | None, key: str, index: int = 0) -> int | None:
        """The line of ``key = ...`` in a table (``None``: the top, or ``[simulation]``)."""
        start = self.header(table, index) if table else self.header_of_top()
        if table and start is None:
            return self.header_of_top()
        lines = self.text.splitlines()
        for number in range((start or 0) + 1, len(lines) + 1):
            line = lines[number - 1].split("#", 1)[0].strip()
            if line.startswith("["):
                break
            if line.split("=", 1)[0].strip() == key:
                return number
        return start

    def header_of_top(self) -> int | None:
        """The line of the ``[simulation]`` header (``None`` in a settings file)."""
        if not self.prefix:
            return None
        return next(iter(header_lines(self.text, f"[{self.prefix.rstrip('.')}]")), None)

    def error(self, line: int | None, message: str, value: object) -> SettingsError:
        """A :class:`SettingsError` at ``line`` of this document."""
        return SettingsError(message, source=self.source, line=line, value=value)


def read_settings(
    document: Mapping[str, Any], base: SimulationSettings, where: Locator
) -> SimulationSettings:
    """The settings ``document`` (the parsed tables) gives over ``base``."""
    _refuse_unknown(document, TABLES, None, where, "a settings table")
    delays, failures, behaviour = base.delays, base.failures, base.behaviour
    delays = _read_delays(document, delays, where)
    failures = _read_failures(document, failures, where)
    behaviour = _read_behaviour(document, behaviour, where)
    return attrs.evolve(base, delays=delays, failures=failures, behaviour=behaviour)


def _refuse_unknown(
    table: Mapping[str, Any],
    allowed: tuple[str, ...] | frozenset[str],
    name: str | None,
    where: Locator,
    what: str,
    index: int = 0,
) -> None:
    for key in table:
        if key not in allowed:
            line = (
                where.key(name, key, index) if name else where.header(key) or where.key(None, key)
            )
            expected = ", ".join(sorted(allowed))
            raise where.error(
                line, f"unknown key {key!r} in {what} (expected one of: {expected})", key
            )


def _table(value: object, name: str, where: Locator) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise where.error(where.key(None, name), f"{name!r} must be a table", value)
    return value


def _tables(value: object, name: str, where: Locator) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise where.error(where.header(name), f"{name!r} must be an array of tables", value)
    return value


def _distribution(value: object, line: int | None, what: str, where: Locator) -> LogNormal:
    fields = value if isinstance(value, dict) else None
    if fields is None or not fields.keys() <= _DISTRIBUTION_KEYS or "spread" not in fields:
        raise where.error(
            line,
            f'{what} must be {{ median = "P2D", spread = 0.9 }} (or median_seconds '
            "for fractions of a second)",
            value,
        )
    if ("median" in fields) == ("median_seconds" in fields):
        raise where.error(line, f"{what} needs one of median and median_seconds", value)
    if "median" in fields:
        try:
            median = (
                parse_duration(str(fields["median"])) if isinstance(fields["median"], str) else None
            )
        except ValueError as problem:
            raise where.error(line, f"{what}: {problem}", fields["median"]) from None
    else:
        seconds = fields["median_seconds"]
        number = isinstance(seconds, int | float) and not isinstance(seconds, bool)
        median = timedelta(seconds=seconds) if number and math.isfinite(seconds) else None
    if median is None:
        raise where.error(line, f"{what}: the median must be a duration", value)
    try:
        return LogNormal(median, fields["spread"])
    except ValueError as problem:
        raise where.error(line, f"{what}: {problem}", value) from None


def _read_table(
    document: Mapping[str, Any],
    name: str,
    allowed: tuple[str, ...],
    read: Callable[[object, int | None, str, Locator], _Read],
    where: Locator,
) -> dict[str, _Read]:
    """The ``[name]`` table's values, each read by ``read(value, line, what, where)``."""
    given = _table(document.get(name, {}), name, where)
    _refuse_unknown(given, allowed, name, where, f"[{name}]")
    return {
        key: read(value, where.key(name, key), f"{name}.{key}", where)
        for key, value in given.items()
    }


def _overrides(
    document: Mapping[str, Any],
    name: str,
    allowed: Callable[[str], tuple[str, ...] | frozenset[str]],
    what: Callable[[str], str],
    where: Locator,
) -> Iterator[tuple[int | None, str, str, dict[str, Any]]]:
    """Each ``[[name]]`` entry as its line, its target (``step`` or ``handoff``), the
    target's id and its other keys, which must be among ``allowed(target)`` (an unknown
    one is named as in ``what(target)``)."""
    for index, entry in enumerate(_tables(document.get(name, []), name, where)):
        line = where.header(name, index)
        target, entry_id = _target(entry, line, name, where)
        rest = {key: value for key, value in entry.items() if key != target}
        _refuse_unknown(rest, allowed(target), name, where, what(target), index)
        yield line, target, entry_id, rest


def _read_delays(document: Mapping[str, Any], delays: Delays, where: Locator) -> Delays:
    changed = _read_table(document, "delays", DELAY_KINDS, _distribution, where)
    steps, handoffs = dict(delays.steps), dict(delays.handoffs)
    for line, target, entry_id, rest in _overrides(
        document, "delay", lambda _: _DISTRIBUTION_KEYS, lambda _: "[[delay]]", where
    ):
        distribution = _distribution(rest, line, f"the delay of {target} {entry_id!r}", where)
        (steps if target == "step" else handoffs)[entry_id] = distribution
    return attrs.evolve(delays, steps=steps, handoffs=handoffs, **changed)


def _target(
    entry: Mapping[str, Any], line: int | None, name: str, where: Locator
) -> tuple[str, str]:
    """Which of ``step`` and ``handoff`` an override entry names, and its id."""
    targets = [key for key in ("step", "handoff") if key in entry]
    if len(targets) != 1:
        raise where.error(line, f"a [[{name}]] entry names one step or one handoff", dict(entry))
    entry_id = entry[targets[0]]
    if not isinstance(entry_id, str) or not entry_id:
        raise where.error(line, f"{targets[0]} must be an id", entry_id)
    where.check(targets[0], entry_id, line)
    return targets[0], entry_id


def _rate(value: object, line: int | None, what: str, where: Locator) -> float:
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or not 0 <= value <= 1
    ):
        raise where.error(line, f"{what} must be a probability from 0 to 1", value)
    return float(value)


def _read_failures(document: Mapping[str, Any], failures: Failures, where: Locator) -> Failures:
    rates = _read_table(document, "failures", FAILURE_RATES, _rate, where)
    steps, handoffs = dict(failures.steps), dict(failures.handoffs)
    for line, target, entry_id, rest in _overrides(
        document,
        "failure",
        lambda target: STEP_RATES if target == "step" else HANDOFF_RATES,
        lambda target: f"a {target}'s [[failure]]",
        where,
    ):
        read = {
            key: _rate(value, line, f"{target} {entry_id!r}: {key}", where)
            for key, value in rest.items()
        }
        if target == "step":
            steps[entry_id] = attrs.evolve(steps.get(entry_id, StepFailures()), **read)
        else:
            handoffs[entry_id] = attrs.evolve(handoffs.get(entry_id, HandoffFailures()), **read)
    try:
        return attrs.evolve(failures, steps=steps, handoffs=handoffs, **rates)
    except ValueError as problem:
        raise where.error(
            where.header("failures") or where.header("failure"), str(problem), None
        ) from None


def _read_behaviour(document: Mapping[str, Any], behaviour: Behaviour, where: Locator) -> Behaviour:
    given = _table(document.get("behaviour", {}), "behaviour", where)
    _refuse_unknown(given, BEHAVIOUR_KEYS, "behaviour", where, "[behaviour]")
    changed: dict[str, Any] = {}
    for key, value in given.items():
        line = where.key("behaviour", key)
        if key == "optional_steps":
            changed[key] = _rate(value, line, "behaviour.optional_steps", where)
        elif not isinstance(value, list) or not all(
            isinstance(weight, int | float) and not isinstance(weight, bool) for weight in value
        ):
            raise where.error(line, f"behaviour.{key} must be a list of weights", value)
        else:
            changed[key] = tuple(float(weight) for weight in value)
    automatic = document.get("automatic", [])
    if not isinstance(automatic, list) or not all(isinstance(s, str) and s for s in automatic):
        raise where.error(
            where.key(None, "automatic"), "automatic must be a list of step ids", automatic
        )
    for step_id in automatic:
        where.check("step", step_id, where.key(None, "automatic"))
    try:
        return attrs.evolve(
            behaviour, automatic_steps=behaviour.automatic_steps | set(automatic), **changed
        )
    except ValueError as problem:
        raise where.error(where.header("behaviour"), str(problem), given) from None


def settings_to_toml(settings: SimulationSettings) -> str:
    """``settings`` as a settings file (every value written out; it reads back equal)."""
    delays, failures, behaviour = settings.delays, settings.failures, settings.behaviour
    lines = ["# Simulation settings (journeys): see the Simulation page of the documentation."]
    if behaviour.automatic_steps:
        lines.append(f"automatic = {_value(sorted(behaviour.automatic_steps))}")
    lines += ["", "[delays]"]
    lines += [f"{kind} = {_value(_written(getattr(delays, kind)))}" for kind in DELAY_KINDS]
    for target, overrides in (("step", delays.steps), ("handoff", delays.handoffs)):
        for key, distribution in overrides:
            lines += ["", "[[delay]]", f"{target} = {_value(key)}"]
            lines += [f"{k} = {_value(v)}" for k, v in _written(distribution).items()]
    lines += ["", "[failures]"]
    lines += [f"{rate} = {_value(getattr(failures, rate))}" for rate in FAILURE_RATES]
    for target, rates in (("step", failures.steps), ("handoff", failures.handoffs)):
        for key, given in rates:
            lines += ["", "[[failure]]", f"{target} = {_value(key)}"]
            lines += [f"{k} = {_value(v)}" for k, v in attrs.asdict(given).items() if v is not None]
    lines += ["", "[behaviour]"]
    lines += [f"{key} = {_value(getattr(behaviour, key))}" for key in BEHAVIOUR_KEYS]
    return "\n".join(lines) + "\n"


def _written(distribution: LogNormal) -> dict[str, object]:
    median = distribution.median
    if median.microseconds:
        return {"median_seconds": median.total_seconds(), "spread": distribution.spread}
    return {"median": format_duration(median), "spread": distribution.spread}


def _value(value: object) -> str:
    """``value`` (a string, number, list or table of them) as TOML."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(float(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"no TOML for {value!r}")
