"""The TOML schema of blueprints: reading stages, steps, SLAs and hand-offs from tables.

Both loaders use these readers: the blueprint TOML file and the side file that
maps a GOV.UK step-by-step onto bodies. Every problem is raised as a
:class:`~journeys.errors.BlueprintError` naming the file, the line of the table
at fault and the offending value. ``docs/blueprints.md`` documents the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs

from journeys.blueprints.by_nation import ByNation
from journeys.blueprints.durations import parse_duration
from journeys.blueprints.model import ExpectedHandoff, Step, StepStyle
from journeys.blueprints.sla import HANDOFF_CLOCK, DayCount, Sla, SlaEvent
from journeys.blueprints.validity import read_sources, read_validity
from journeys.bodies import Nation, parse_nation
from journeys.errors import BlueprintError
from journeys.text_files import parse_toml as parse_toml_text
from journeys.text_files import read_text as read_file_text

STEP_KEYS = frozenset(
    {
        "id",
        "title",
        "service",
        "bodies",
        "needs",
        "provides",
        "style",
        "sla",
        "href",
        "cross_border",
        "sources",
        "valid_from",
        "valid_until",
    }
)
HANDOFF_KEYS = frozenset({"id", "from", "to", "items", "sla", "nations"})
_SLA_FIELDS = frozenset({"within", "from", "to", "days"})
_NATION_KEYS = frozenset(nation.value for nation in Nation)


@attrs.frozen
class Where:
    """Where an entry is defined, for error messages: file, line and what it is."""

    source: str
    line: int | None
    what: str
    """The entry as a message names it, e.g. ``step 'register-death'``."""
    entry: str | None = None

    def error(self, message: str, value: object = None) -> BlueprintError:
        """An error about this entry."""
        return BlueprintError(
            f"{self.what}: {message}",
            source=self.source,
            line=self.line,
            value=value,
            entry=self.entry,
        )

    def locate(self, error: BlueprintError) -> BlueprintError:
        """``error`` (raised by the model) reported at this entry's file and line."""
        return error.located(self.source, self.line)


def read_text(path: Path) -> str:
    """The text of ``path``, or a :class:`BlueprintError` naming it."""
    return read_file_text(path, BlueprintError)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text, reporting a syntax error with its line."""
    return parse_toml_text(text, source, BlueprintError, with_line=True)


def header_lines(text: str, header: str) -> list[int]:
    """The line numbers of every ``header`` (such as ``[[stage.step]]``), in order."""
    wanted = header.replace(" ", "")
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.split("#", 1)[0].strip().replace(" ", "") == wanted
    ]


def key_line(text: str, key: str) -> int | None:
    """The line of the top-level ``key = ...`` (none once the first table starts)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("["):
            return None
        if line.split("=", 1)[0].strip() == key:
            return number
    return None


def line_containing(text: str, needle: str) -> int | None:
    """The first line that contains ``needle``, if any."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def refuse_unknown_keys(table: Mapping[str, Any], allowed: frozenset[str], where: Where) -> None:
    """Refuse a key the schema does not know (it is usually a typing mistake)."""
    for key in table:
        if key not in allowed:
            expected = ", ".join(sorted(allowed))
            raise where.error(f"unknown key {key!r} (expected one of: {expected})", key)


def table(value: object, key: str, where: Where) -> dict[str, Any]:
    """``value`` as a table, or an error naming ``key``."""
    if not isinstance(value, dict):
        raise where.error(f"{key!r} must be a table", value)
    return value


def tables(value: object, key: str, where: Where) -> list[dict[str, Any]]:
    """``value`` as an array of tables (``[[key]]``), or an error naming ``key``."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise where.error(f"{key!r} must be an array of tables ([[{key}]])", value)
    return value


def text(
    source_table: Mapping[str, Any], key: str, where: Where, default: str | None = None
) -> str:
    """A required (or defaulted) non-empty string field."""
    value = source_table.get(key, default)
    if value is None:
        raise where.error(f"missing {key!r}")
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"{key!r} must be non-empty text", value)
    return value.strip()


def optional_text(source_table: Mapping[str, Any], key: str, where: Where) -> str | None:
    """An optional string field."""
    if key not in source_table:
        return None
    return text(source_table, key, where)


def words(source_table: Mapping[str, Any], key: str, where: Where) -> tuple[str, ...]:
    """An optional list of strings (item ids, sources ...)."""
    value = source_table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(f"{key!r} must be a list of strings", value)
    return tuple(value)


def flag(source_table: Mapping[str, Any], key: str, where: Where) -> bool:
    """An optional boolean field (default false)."""
    value = source_table.get(key, False)
    if not isinstance(value, bool):
        raise where.error(f"{key!r} must be true or false", value)
    return value


def nation_list(value: object, key: str, where: Where) -> frozenset[Nation]:
    """A list of nation names."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(f"{key!r} must be a list of nations", value)
    nations: set[Nation] = set()
    for name in value:
        try:
            nations.add(parse_nation(name))
        except ValueError as error:
            raise where.error(str(error), name) from None
    return frozenset(nations)


def bodies(value: object, where: Where) -> ByNation[str]:
    """The ``bodies`` table: nation = body id."""
    entries = table(value, "bodies", where)
    pairs: list[tuple[Nation, str]] = []
    for name, body in entries.items():
        try:
            nation = parse_nation(name)
        except ValueError as error:
            raise where.error(f"in 'bodies': {error}", name) from None
        if not isinstance(body, str) or not body.strip():
            raise where.error(f"the body for {nation.value} must be a body id", body)
        pairs.append((nation, body.strip()))
    return ByNation(pairs)


def _duration(value: object, where: Where) -> timedelta:
    if not isinstance(value, str):
        raise where.error("an SLA's 'within' must be an ISO 8601 duration such as 'P5D'", value)
    try:
        return parse_duration(value)
    except ValueError as error:
        raise where.error(str(error), value) from None


def _clock_event(value: object, key: str, where: Where) -> SlaEvent:
    try:
        return SlaEvent(value)
    except ValueError:
        choices = ", ".join(event.value for event in SlaEvent)
        raise where.error(f"SLA {key!r} must be one of: {choices}", value) from None


def _day_count(value: object, where: Where) -> DayCount:
    try:
        return DayCount(value)
    except ValueError:
        choices = ", ".join(count.value for count in DayCount)
        raise where.error(f"SLA 'days' must be one of: {choices}", value) from None


def _sla(fields: Mapping[str, Any], where: Where, start: SlaEvent, end: SlaEvent) -> Sla:
    if "within" not in fields:
        raise where.error("an SLA needs 'within' (an ISO 8601 duration such as 'P5D')")
    within = _duration(fields["within"], where)
    start = _clock_event(fields["from"], "from", where) if "from" in fields else start
    end = _clock_event(fields["to"], "to", where) if "to" in fields else end
    days = _day_count(fields["days"], where) if "days" in fields else DayCount.CALENDAR
    if days is DayCount.WORKING and "W" in str(fields["within"]).upper():
        raise where.error("write a working-day SLA in days ('P10D'), not weeks", fields["within"])
    try:
        return Sla(within, start, end, days=days)
    except BlueprintError as error:
        raise where.error(error.reason, fields["within"]) from None


def step_slas(value: object, offered: frozenset[Nation], where: Where) -> dict[Nation, Sla]:
    """A step's ``sla`` table: the SLA per nation.

    ``within``, ``from``, ``to`` and ``days`` give the SLA; ``nations`` where it applies
    (default: where the step is offered); a sub-table named for a nation adds or
    changes that nation's SLA, inheriting the fields it does not give.
    """
    fields = table(value, "sla", where)
    refuse_unknown_keys(fields, _SLA_FIELDS | _NATION_KEYS | {"nations"}, where)
    base = {key: fields[key] for key in _SLA_FIELDS if key in fields}
    applies = nation_list(fields["nations"], "nations", where) if "nations" in fields else offered
    overrides: dict[Nation, dict[str, Any]] = {}
    for name in _NATION_KEYS & set(fields):
        override = table(fields[name], f"sla.{name}", where)
        refuse_unknown_keys(override, _SLA_FIELDS, where)
        overrides[parse_nation(name)] = override
    slas: dict[Nation, Sla] = {}
    for nation in sorted(applies | set(overrides), key=list(Nation).index):
        merged = {**base, **overrides.get(nation, {})}
        slas[nation] = _sla(merged, where, SlaEvent.JOURNEY_STARTED, SlaEvent.STEP_CLOSED)
    return slas


def handoff_sla(value: object, where: Where) -> Sla:
    """A hand-off's ``sla`` table: ``within`` and ``days`` (``from``/``to``: the hand-off clock)."""
    fields = table(value, "sla", where)
    refuse_unknown_keys(fields, _SLA_FIELDS, where)
    return _sla(fields, where, *HANDOFF_CLOCK)


def read_step(
    fields: Mapping[str, Any],
    where: Where,
    *,
    default_id: str | None = None,
    default_title: str | None = None,
    default_style: StepStyle | None = None,
    default_href: str | None = None,
) -> Step:
    """A :class:`Step` from its table (defaults fill what a step-by-step already says)."""
    refuse_unknown_keys(fields, STEP_KEYS, where)
    step_id = text(fields, "id", where, default_id)
    where = attrs.evolve(where, what=f"step {step_id!r}", entry=step_id)
    if "bodies" not in fields:
        raise where.error("missing 'bodies' (a table of nation = body id)")
    step_bodies = bodies(fields["bodies"], where)
    style_text = fields.get("style", default_style.value if default_style else "required")
    try:
        style = StepStyle(style_text)
    except ValueError:
        choices = ", ".join(s.value for s in StepStyle)
        raise where.error(f"'style' must be one of: {choices}", style_text) from None
    slas = step_slas(fields["sla"], step_bodies.nations, where) if "sla" in fields else {}
    valid_from, valid_until = read_validity(fields, where)
    sources = read_sources(fields, where)
    try:
        return Step(
            id=step_id,
            title=text(fields, "title", where, default_title),
            service=text(fields, "service", where, step_id),
            bodies=step_bodies,
            needs=words(fields, "needs", where),
            provides=words(fields, "provides", where),
            style=style,
            slas=slas,
            href=optional_text(fields, "href", where) or default_href,
            cross_border=flag(fields, "cross_border", where),
            sources=sources,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    except BlueprintError as error:
        raise where.locate(error) from None


def read_handoff(fields: Mapping[str, Any], where: Where) -> ExpectedHandoff:
    """An :class:`ExpectedHandoff` from its ``[[handoff]]`` table."""
    refuse_unknown_keys(fields, HANDOFF_KEYS, where)
    handoff_id = text(fields, "id", where)
    where = attrs.evolve(where, what=f"hand-off {handoff_id!r}", entry=handoff_id)
    nations = nation_list(fields["nations"], "nations", where) if "nations" in fields else None
    try:
        return ExpectedHandoff(
            id=handoff_id,
            from_step=text(fields, "from", where),
            to_step=text(fields, "to", where),
            items=words(fields, "items", where),
            sla=handoff_sla(fields["sla"], where) if "sla" in fields else None,
            nations=nations,
        )
    except BlueprintError as error:
        raise where.locate(error) from None
