"""Writing a blueprint as TOML that :func:`~journeys.blueprints.load_blueprint` reads back equal."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import date

from journeys.blueprints.by_nation import ByNation
from journeys.blueprints.durations import format_duration
from journeys.blueprints.model import Blueprint, ExpectedHandoff, Logic, Step, StepStyle
from journeys.blueprints.sla import HANDOFF_CLOCK, DayCount, Sla, SlaEvent
from journeys.bodies import Nation
from journeys.bodies.source import toml_sources


def blueprint_to_toml(blueprint: Blueprint) -> str:
    """The blueprint in the TOML schema of ``docs/blueprints.md``."""
    lines = [
        *_strings(("id", blueprint.id), ("title", blueprint.title), ("trigger", blueprint.trigger)),
        f"nations = {_nations(blueprint.nations)}",
    ]
    if blueprint.description:
        lines.append(f"description = {_string(blueprint.description)}")
    if blueprint.allow_handoff_cycles:
        lines.append("allow_handoff_cycles = true")
    if blueprint.sources:
        lines.append("sources = [")
        lines.extend(f"  {_string(source)}," for source in blueprint.sources)
        lines.append("]")
    for stage in blueprint.stages:
        lines += ["", "[[stage]]", *_strings(("id", stage.id), ("title", stage.title))]
        if stage.logic is not Logic.THEN:
            lines.append(f"logic = {_string(stage.logic.value)}")
        if stage.description:
            lines.append(f"description = {_string(stage.description)}")
        for step in stage.steps:
            lines += ["", *_step(step)]
    for handoff in blueprint.handoffs:
        lines += ["", *_handoff(handoff)]
    return "\n".join(lines) + "\n"


def _step(step: Step) -> list[str]:
    lines = [
        "[[stage.step]]",
        *_strings(("id", step.id), ("title", step.title), ("service", step.service)),
        f"bodies = {_bodies(step.bodies)}",
    ]
    if step.needs:
        lines.append(f"needs = {_list(sorted(step.needs))}")
    if step.provides:
        lines.append(f"provides = {_list(sorted(step.provides))}")
    if step.style is not StepStyle.REQUIRED:
        lines.append(f"style = {_string(step.style.value)}")
    if step.href is not None:
        lines.append(f"href = {_string(step.href)}")
    if step.cross_border:
        lines.append("cross_border = true")
    for key in ("valid_from", "valid_until"):
        if (value := getattr(step, key)) is not None:
            lines.append(f"{key} = {_rule_date(value)}")
    if step.sources:
        lines += toml_sources(step.sources, _string)
    if step.slas:
        lines += _step_slas(step)
    return lines


def _step_slas(step: Step) -> list[str]:
    # The commonest SLA is written once for its nations; the others as nation sub-tables.
    common, _ = Counter(step.slas.values()).most_common(1)[0]
    applies = frozenset(n for n, sla in step.slas.items() if sla == common)
    lines = ["[stage.step.sla]", *_sla_fields(common, SlaEvent.JOURNEY_STARTED, DayCount.CALENDAR)]
    if applies != step.nations:
        lines.append(f"nations = {_nations(applies)}")
    for nation, sla in step.slas.items():
        if nation not in applies:
            lines += [f"[stage.step.sla.{nation.value}]", *_sla_fields(sla, None, common.days)]
    return lines


def _sla_fields(sla: Sla, default_start: SlaEvent | None, inherited_days: DayCount) -> list[str]:
    # A nation's sub-table inherits the base table's fields: ``days`` is written
    # where it differs from what would be inherited.
    fields = [f"within = {_string(format_duration(sla.within))}"]
    if sla.start is not default_start:
        fields.append(f"from = {_string(sla.start.value)}")
    if default_start is None or sla.end is not SlaEvent.STEP_CLOSED:
        fields.append(f"to = {_string(sla.end.value)}")
    if sla.days is not inherited_days:
        fields.append(f"days = {_string(sla.days.value)}")
    return fields


def _handoff(handoff: ExpectedHandoff) -> list[str]:
    lines = [
        "[[handoff]]",
        *_strings(("id", handoff.id), ("from", handoff.from_step), ("to", handoff.to_step)),
    ]
    if handoff.items:
        lines.append(f"items = {_list(sorted(handoff.items))}")
    if handoff.nations is not None:
        lines.append(f"nations = {_nations(handoff.nations)}")
    if handoff.sla is not None:
        assert (handoff.sla.start, handoff.sla.end) == HANDOFF_CLOCK
        within = f"within = {_string(format_duration(handoff.sla.within))}"
        days = f", days = {_string(handoff.sla.days.value)}" if handoff.sla.is_working_days else ""
        lines.append(f"sla = {{ {within}{days} }}")
    return lines


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \\uXXXX included).
    return json.dumps(value, ensure_ascii=False)


def _strings(*fields: tuple[str, str]) -> list[str]:
    """A ``key = "text"`` line for each ``(key, text)``, in order."""
    return [f"{key} = {_string(value)}" for key, value in fields]


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_string(value) for value in values) + "]"


def _nations(nations: Iterable[Nation]) -> str:
    order = list(Nation)
    return _list(n.value for n in sorted(nations, key=order.index))


def _bodies(bodies: ByNation[str]) -> str:
    return "{ " + ", ".join(f"{n.value} = {_string(b)}" for n, b in bodies.items()) + " }"


def _rule_date(value: date | ByNation[date]) -> str:
    """A TOML date, or an inline table of nation = date."""
    if isinstance(value, ByNation):
        return "{ " + ", ".join(f"{n.value} = {d.isoformat()}" for n, d in value.items()) + " }"
    return value.isoformat()
