"""When a blueprint step's rule is in force, and the sources it rests on.

A step may carry ``valid_from`` and ``valid_until`` (dates, both inclusive):
the rule it describes applies to journeys that start on or after
``valid_from`` and on or before ``valid_until``. Either may be one date for
every nation or a date per nation (a :class:`~journeys.blueprints.ByNation`;
a nation it does not name is not bounded), for a law that changed in some
nations only. Where the law changed, a blueprint holds one step for the old
rule and one for the new. The simulator
and conformance resolve a blueprint on the journey's date
(:func:`journey_date`: the day the life event happened, in UK local time).

This module also reads a step's ``valid_from``, ``valid_until`` and
``sources`` keys from a blueprint file (:func:`read_validity`,
:func:`read_sources`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias
from zoneinfo import ZoneInfo

from journeys.blueprints.by_nation import ByNation
from journeys.bodies import Nation, parse_nation
from journeys.bodies.source import Source, to_source

if TYPE_CHECKING:
    from journeys.blueprints.schema import Where

UK_TIME = ZoneInfo("Europe/London")
"""The time zone of the UK's day boundaries."""

RuleDate: TypeAlias = "date | ByNation[date] | None"
"""A step's ``valid_from`` or ``valid_until``: one date, a date per nation, or none."""


def to_rule_date(value: date | Mapping[Nation, date] | Mapping[str, date] | None) -> RuleDate:
    """``value`` as a :data:`RuleDate` (a mapping of nation to date becomes a ``ByNation``)."""
    if value is None or isinstance(value, (date, ByNation)):
        return value
    return ByNation(value)


def date_in(value: RuleDate, nation: Nation) -> date | None:
    """The date ``value`` gives for ``nation`` (``None``: not bounded there)."""
    if isinstance(value, ByNation):
        return value.get(nation)
    return value


def rule_dates(value: RuleDate) -> Iterable[date]:
    """Every date ``value`` names."""
    if isinstance(value, ByNation):
        return value.values()
    return () if value is None else (value,)


def journey_date(started_at: datetime) -> date:
    """The date of a journey that started at ``started_at``, in UK local time."""
    if started_at.utcoffset() is None:
        return started_at.date()
    return started_at.astimezone(UK_TIME).date()


def in_force(valid_from: date | None, valid_until: date | None, on: date | None) -> bool:
    """Whether a rule valid from ``valid_from`` until ``valid_until`` (inclusive,
    ``None``: open) applies on ``on`` (``None``: on any date)."""
    if on is None:
        return True
    if valid_from is not None and on < valid_from:
        return False
    return valid_until is None or on <= valid_until


def _date(fields: Mapping[str, Any], key: str, where: Where) -> RuleDate:
    if key not in fields:
        return None
    value = fields[key]
    if isinstance(value, dict):
        pairs: list[tuple[Nation, date]] = []
        for name, each in value.items():
            try:
                nation = parse_nation(name)
            except ValueError as error:
                raise where.error(f"in {key!r}: {error}", name) from None
            found = _one_date({key: each}, key, where)
            assert found is not None
            pairs.append((nation, found))
        return ByNation(pairs)
    return _one_date(fields, key, where)


def _one_date(fields: Mapping[str, Any], key: str, where: Where) -> date:
    value = fields[key]
    if isinstance(value, datetime):
        raise where.error(f"{key!r} must be a date such as 2025-11-06, not a date and time", value)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise where.error(f"{key!r} must be a date such as 2025-11-06", value)


def read_validity(fields: Mapping[str, Any], where: Where) -> tuple[RuleDate, RuleDate]:
    """A step's ``valid_from`` and ``valid_until``: TOML dates or ISO 8601 text, each
    one date or a table of nation = date."""
    valid_from = _date(fields, "valid_from", where)
    valid_until = _date(fields, "valid_until", where)
    for nation in Nation:
        start, end = date_in(valid_from, nation), date_in(valid_until, nation)
        if start is not None and end is not None and end < start:
            raise where.error(
                f"'valid_until' ({end.isoformat()}) is before 'valid_from' ({start.isoformat()})",
                end.isoformat(),
            )
    return valid_from, valid_until


def read_sources(fields: Mapping[str, Any], where: Where) -> tuple[Source, ...]:
    """A step's ``sources``: a list of ``{ title = "...", url = "https://..." }`` tables."""
    value = fields.get("sources", [])
    if not isinstance(value, list):
        raise where.error("'sources' must be a list of { title, url } tables", value)
    sources: list[Source] = []
    for item in value:
        try:
            sources.append(to_source(item))
        except ValueError as error:
            raise where.error(f"in 'sources': {error}", item) from None
    return tuple(sources)
