"""``JourneyFilter``: which journeys an analysis looks at, in the words people use.

A filter keeps the journeys that match **every** word given (AND); a word given
several values matches any of them (OR). A word left out (``None``) keeps every
journey. The words:

- ``nation``: the nation the journey started in (``scotland``, ``wales`` ...);
- ``trigger``: the life event that opened it (``bereavement``, ``birth`` ...);
- ``since`` / ``until``: its start lies in ``[since, until)`` (timezone-aware);
- ``body``: it touched the body (its events are at it, or it answered a hand-off
  the journey sent it: the bodies ``journeys list`` shows);
- ``outcome``: it ended with that outcome (an open journey has none);
- ``boundary``: it crossed that boundary: a finding between bodies of that tier
  pair (``central->local``, ``local->devolved``; ``none`` for a journey's edge);
- ``crosses_nation``: one of its findings crosses a nation border (``True``), or
  none does (``False``);
- ``gap``: it met a finding of that kind (``dropped_handoff``, ``reask`` ...).

The first four are known when the journey starts, so :func:`~journeys.analysis.analyse`
filters on them in the same pass; the others need the whole journey (and, for
``boundary``, ``crosses_nation`` and ``gap``, its findings) and take a first pass
(see :mod:`journeys.analysis.journey_facts`).
:meth:`JourneyFilter.describe` says what was filtered in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import attrs

from journeys.analysis.findings import FindingKind
from journeys.bodies import Nation, parse_nation
from journeys.bodies.tier import parse_tier
from journeys.errors import AnalysisError

__all__ = ["JourneyFilter"]


def _words(value: Any, parse: Any, word: str) -> frozenset[Any] | None:
    """One value or several (any iterable but a string) as a frozenset, parsed."""
    if value is None:
        return None
    try:
        values = [value] if isinstance(value, str | Nation | FindingKind) else list(value)
    except TypeError:
        raise AnalysisError(f"filter {word}: expected a value or several, got {value!r}") from None
    parsed = set()
    for item in values:
        try:
            parsed.add(parse(item))
        except (ValueError, TypeError) as error:
            raise AnalysisError(f"filter {word}: {error}") from None
    return frozenset(parsed)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty text, got {value!r}")
    return value.strip()


def _nation(value: Any) -> Nation:
    if isinstance(value, Nation):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a nation, got {value!r}")
    return parse_nation(value)


def _kind(value: Any) -> FindingKind:
    try:
        return FindingKind(str(value).strip().lower().replace("-", "_"))
    except ValueError:
        choices = ", ".join(kind.value for kind in FindingKind)
        raise ValueError(f"unknown kind of gap {value!r} (expected one of: {choices})") from None


def _tier_pair(value: Any) -> str:
    text = _text(value).lower().replace(" ", "")
    left, arrow, right = text.partition("->")
    if not arrow:
        raise ValueError(f"a boundary is a tier pair like 'central->local', got {value!r}")
    for side in (left, right):
        if side != "none":
            parse_tier(side)
    return f"{left}->{right}"


def _moment(value: datetime | None, word: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise AnalysisError(f"filter {word}: a timezone-aware datetime, got {value!r}")
    return value.astimezone(UTC)


def _since(value: datetime | None) -> datetime | None:
    return _moment(value, "since")


def _until(value: datetime | None) -> datetime | None:
    return _moment(value, "until")


def _nations(value: Any) -> frozenset[Nation] | None:
    return _words(value, _nation, "nation")


def _triggers(value: Any) -> frozenset[str] | None:
    return _words(value, _text, "trigger")


def _bodies(value: Any) -> frozenset[str] | None:
    return _words(value, _text, "body")


def _outcomes(value: Any) -> frozenset[str] | None:
    return _words(value, _text, "outcome")


def _boundaries(value: Any) -> frozenset[str] | None:
    return _words(value, _tier_pair, "boundary")


def _kinds(value: Any) -> frozenset[FindingKind] | None:
    return _words(value, _kind, "gap")


def _check_crossing(
    _instance: object, _attribute: attrs.Attribute[bool | None], value: bool | None
) -> None:
    if value is not None and not isinstance(value, bool):
        raise AnalysisError(f"filter crosses_nation: True, False or None, got {value!r}")


@attrs.frozen
class JourneyFilter:
    """Which journeys to analyse (see the module documentation for the words).

    Each word takes one value or several; text values are stripped, nations and
    kinds parsed (``"Northern Ireland"``, ``"dropped-handoff"`` are fine). A value
    that cannot be one is an :class:`~journeys.errors.AnalysisError` naming it.

    >>> JourneyFilter(nation="scotland", trigger="bereavement").describe()
    'journeys in Scotland, started by bereavement'
    """

    nation: frozenset[Nation] | None = attrs.field(default=None, converter=_nations)
    trigger: frozenset[str] | None = attrs.field(default=None, converter=_triggers)
    since: datetime | None = attrs.field(default=None, converter=_since)
    until: datetime | None = attrs.field(default=None, converter=_until)
    body: frozenset[str] | None = attrs.field(default=None, converter=_bodies)
    outcome: frozenset[str] | None = attrs.field(default=None, converter=_outcomes)
    boundary: frozenset[str] | None = attrs.field(default=None, converter=_boundaries)
    crosses_nation: bool | None = attrs.field(default=None, validator=_check_crossing)
    gap: frozenset[FindingKind] | None = attrs.field(default=None, converter=_kinds)

    def __attrs_post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.until <= self.since:
            raise AnalysisError(
                f"filter window is empty: until {self.until.isoformat()} is not after "
                f"since {self.since.isoformat()}"
            )

    # --- what it needs ---------------------------------------------------------------

    @property
    def is_everything(self) -> bool:
        """Whether the filter keeps every journey (no word given)."""
        return self == JourneyFilter()

    @property
    def needs_whole_journey(self) -> bool:
        """Whether a word needs more than the journey's start (body, outcome, boundary,
        crosses_nation or gap): the analysis then takes a first pass."""
        return any(
            value is not None
            for value in (self.body, self.outcome, self.boundary, self.crosses_nation, self.gap)
        )

    @property
    def needs_findings(self) -> bool:
        """Whether a word needs the journey's findings (boundary, crosses_nation, gap)."""
        return any(value is not None for value in (self.boundary, self.crosses_nation, self.gap))

    # --- matching --------------------------------------------------------------------

    def admits_start(self, nation: Nation, trigger: str, started_at: datetime) -> bool:
        """Whether a journey started so passes the words known from its start."""
        return (
            (self.nation is None or nation in self.nation)
            and (self.trigger is None or trigger in self.trigger)
            and (self.since is None or started_at >= self.since)
            and (self.until is None or started_at < self.until)
        )

    def admits_rest(
        self,
        *,
        bodies: Iterable[str],
        outcome: str | None,
        tier_pairs: Iterable[str] = (),
        crosses_nation: bool = False,
        kinds: Iterable[FindingKind] = (),
    ) -> bool:
        """Whether a journey passes the words that need all of it."""
        return (
            (self.body is None or not self.body.isdisjoint(bodies))
            and (self.outcome is None or outcome in self.outcome)
            and (self.boundary is None or not self.boundary.isdisjoint(tier_pairs))
            and (self.crosses_nation is None or self.crosses_nation == crosses_nation)
            and (self.gap is None or not self.gap.isdisjoint(kinds))
        )

    # --- words -----------------------------------------------------------------------

    def describe(self) -> str:
        """What the filter keeps, in plain words (``"all journeys"`` when nothing)."""
        parts = []
        if self.nation is not None:
            parts.append("in " + _either(_nation_name(n) for n in self.nation))
        if self.trigger is not None:
            parts.append("started by " + _either(self.trigger))
        if self.since is not None and self.until is not None:
            parts.append(f"started from {_day(self.since)} to before {_day(self.until)}")
        elif self.since is not None:
            parts.append(f"started on or after {_day(self.since)}")
        elif self.until is not None:
            parts.append(f"started before {_day(self.until)}")
        if self.body is not None:
            parts.append("that touched " + _either(self.body))
        if self.outcome is not None:
            parts.append("that ended " + _either(self.outcome))
        if self.boundary is not None:
            parts.append("that crossed " + _either(self.boundary))
        if self.crosses_nation is not None:
            parts.append(
                "that crossed a nation border"
                if self.crosses_nation
                else "that never crossed a nation border"
            )
        if self.gap is not None:
            parts.append("that met " + _either(_KIND_WORDS.get(k, k.value) for k in self.gap))
        return "journeys " + ", ".join(parts) if parts else "all journeys"

    def to_json(self) -> dict[str, Any]:
        """The words given, as JSON-ready data (sorted lists; times in ISO 8601)."""
        data: dict[str, Any] = {}
        for field in attrs.fields(JourneyFilter):
            value = getattr(self, field.name)
            if value is None:
                continue
            if isinstance(value, frozenset):
                value = sorted(getattr(v, "value", v) for v in value)
            elif isinstance(value, datetime):
                value = value.isoformat()
            data[field.name] = value
        return data


_KIND_WORDS = {
    FindingKind.HANDOFF_LATENCY: "a hand-off",
    FindingKind.DROPPED_HANDOFF: "a dropped hand-off",
    FindingKind.REJECTED_HANDOFF: "a rejected hand-off",
    FindingKind.UNHELD_TIME: "unheld time",
    FindingKind.COLD_TRANSFER: "a cold transfer",
    FindingKind.REASK: "a re-ask",
    FindingKind.SLA_BREACH: "an SLA breach",
    FindingKind.MISSING_STEP: "a missing step",
    FindingKind.UNEXPECTED_STEP: "an unexpected step",
    FindingKind.LIFE_REASK: "a re-ask across journeys",
    FindingKind.MISSED_TRIGGER: "a missed trigger",
}
"""How :meth:`JourneyFilter.describe` names each kind of finding."""


def _nation_name(nation: Nation) -> str:
    return nation.value.replace("-", " ").title()


def _either(values: Iterable[str]) -> str:
    ordered = sorted(values)
    if not ordered:
        return "nothing"
    if len(ordered) == 1:
        return ordered[0]
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def _day(moment: datetime) -> str:
    if moment.time() == datetime.min.time():
        return moment.date().isoformat()
    return moment.isoformat()
