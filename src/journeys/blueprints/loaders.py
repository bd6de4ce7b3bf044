"""Loading blueprints: from TOML files and from GOV.UK step-by-step JSON.

:func:`load_blueprint` reads the blueprint TOML schema documented in
``docs/blueprints.md``. :func:`from_step_by_step` turns a GOV.UK
``step_by_step_nav`` document into a blueprint, given a mapping (a TOML side
file or a dict) from its links to the bodies that serve them, since a
step-by-step names no bodies. Both check the blueprint's bodies against a
catalogue (the bundled UK one by default).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from journeys.blueprints.model import Blueprint, ExpectedHandoff, Logic, Stage, Step
from journeys.blueprints.schema import (
    Where,
    flag,
    header_lines,
    line_containing,
    nation_list,
    optional_text,
    parse_toml,
    read_handoff,
    read_step,
    read_text,
    refuse_unknown_keys,
    table,
    tables,
    text,
    words,
)
from journeys.blueprints.step_by_step import (
    StepByStepNav,
    parse_step_by_step,
    read_step_by_step,
)
from journeys.bodies import Catalogue
from journeys.errors import BlueprintError

_BLUEPRINT_KEYS = frozenset(
    {
        "id",
        "title",
        "trigger",
        "nations",
        "description",
        "sources",
        "allow_handoff_cycles",
        "stage",
        "handoff",
    }
)
_STAGE_KEYS = frozenset({"id", "title", "logic", "description", "step"})
_MAPPING_KEYS = frozenset({"blueprint", "link", "stage", "handoff"})
_MAPPING_BLUEPRINT_KEYS = frozenset(
    {"id", "title", "trigger", "nations", "description", "sources", "allow_handoff_cycles"}
)


def load_blueprint(path: str | Path, *, catalogue: Catalogue | None = None) -> Blueprint:
    """Load a blueprint from a TOML file and check its bodies against ``catalogue``.

    ``catalogue`` defaults to the bundled UK catalogue. Any problem raises
    :class:`~journeys.errors.BlueprintError` naming the file, the line and the
    entry at fault. A design variant (a file with a top-level ``base`` key, see
    :func:`~journeys.blueprints.load_variant`) loads as the blueprint it makes.
    """
    path = Path(path)
    toml_text = read_text(path)
    if "base" in parse_toml(toml_text, str(path)):
        # Imported here: overlays builds on this module.
        from journeys.blueprints.overlays import variant_from_toml

        return variant_from_toml(
            toml_text, source=str(path), catalogue=catalogue, folder=path.parent
        )
    return blueprint_from_toml(toml_text, source=str(path), catalogue=catalogue)


def blueprint_from_toml(
    toml_text: str, *, source: str = "<string>", catalogue: Catalogue | None = None
) -> Blueprint:
    """Load a blueprint from TOML text (see :func:`load_blueprint`)."""
    document = parse_toml(toml_text, source)
    blueprint, lines = _read_blueprint(document, toml_text, source)
    _check_bodies(blueprint, catalogue, source, lines)
    return blueprint


def from_step_by_step(
    document: str | Path | Mapping[str, Any],
    mapping: str | Path | Mapping[str, Any],
    *,
    catalogue: Catalogue | None = None,
) -> Blueprint:
    """Build a blueprint from a GOV.UK step-by-step and a mapping onto bodies.

    ``document`` is a ``.json`` file, JSON text, or the parsed content item (or
    its bare ``step_by_step_nav`` object). ``mapping`` is a TOML file or a dict
    with a ``[blueprint]`` table (``id`` and ``trigger``), ``[link."<href>"]``
    tables that turn list items into steps (``bodies`` per nation, optionally
    ``id``, ``service``, ``needs``, ``provides``, ``sla`` ...), optional
    ``[stage."<step title>"]`` tables giving a stage ``id``, and ``[[handoff]]``
    tables. Each step-by-step step becomes a stage; each mapped link a step,
    whose ``style`` is its list's style. Links the mapping does not name
    (guidance pages, the Highway Code) are reading, not service steps, and are
    left out, as are steps with no mapped link.
    """
    nav = _read_nav(document)
    fields, mapping_text, mapping_source = _read_mapping(mapping)
    blueprint, lines = _blueprint_from_nav(nav, fields, mapping_text, mapping_source)
    _check_bodies(blueprint, catalogue, mapping_source, lines)
    return blueprint


# --- the blueprint TOML file --------------------------------------------------------


@attrs.define
class _EntryLines:
    """The line of the table that defines each stage, step and hand-off."""

    stages: dict[str, int | None] = attrs.Factory(dict)
    steps: dict[str, int | None] = attrs.Factory(dict)
    handoffs: dict[str, int | None] = attrs.Factory(dict)

    def of(self, entry: str | None) -> int | None:
        for lines in (self.handoffs, self.steps, self.stages):
            if entry in lines:
                return lines[entry]
        return None

    def add(self, kind: str, entry_id: str, where: Where) -> None:
        lines = {"stage": self.stages, "step": self.steps, "hand-off": self.handoffs}[kind]
        if entry_id in lines:
            first = lines[entry_id]
            note = f" (first defined on line {first})" if first is not None else ""
            raise BlueprintError(
                f"duplicate {kind} id {entry_id!r}{note}",
                source=where.source,
                line=where.line,
                value=entry_id,
                entry=entry_id,
            )
        lines[entry_id] = where.line


def _at(lines: list[int], index: int) -> int | None:
    return lines[index] if index < len(lines) else None


def _logic(value: object, where: Where) -> Logic:
    try:
        return Logic(value)
    except ValueError:
        raise where.error("'logic' must be 'then', 'and' or 'or'", value) from None


def _read_blueprint(
    document: dict[str, Any], toml_text: str, source: str
) -> tuple[Blueprint, _EntryLines]:
    top = Where(source, None, "blueprint")
    refuse_unknown_keys(document, _BLUEPRINT_KEYS, top)
    stage_lines = header_lines(toml_text, "[[stage]]")
    step_lines = header_lines(toml_text, "[[stage.step]]")
    handoff_lines = header_lines(toml_text, "[[handoff]]")
    lines = _EntryLines()
    stages: list[Stage] = []
    step_count = 0
    for index, fields in enumerate(tables(document.get("stage", []), "stage", top)):
        where = Where(source, _at(stage_lines, index), f"stage {index + 1}")
        refuse_unknown_keys(fields, _STAGE_KEYS, where)
        stage_id = text(fields, "id", where)
        where = attrs.evolve(where, what=f"stage {stage_id!r}", entry=stage_id)
        lines.add("stage", stage_id, where)
        steps: list[Step] = []
        for step_fields in tables(fields.get("step", []), "step", where):
            step_where = Where(
                source, _at(step_lines, step_count), f"step {step_count + 1} of {stage_id!r}"
            )
            step_count += 1
            step = read_step(step_fields, step_where)
            lines.add("step", step.id, step_where)
            steps.append(step)
        try:
            stages.append(
                Stage(
                    id=stage_id,
                    title=text(fields, "title", where),
                    steps=steps,
                    logic=_logic(fields.get("logic", "then"), where),
                    description=optional_text(fields, "description", where) or "",
                )
            )
        except BlueprintError as error:
            raise where.locate(error) from None
    handoffs = _read_handoffs(document.get("handoff", []), handoff_lines, lines, top)
    try:
        blueprint = Blueprint(
            id=text(document, "id", top),
            title=text(document, "title", top),
            trigger=text(document, "trigger", top),
            nations=nation_list(document.get("nations"), "nations", top),
            stages=stages,
            handoffs=handoffs,
            sources=words(document, "sources", top),
            description=optional_text(document, "description", top) or "",
            allow_handoff_cycles=flag(document, "allow_handoff_cycles", top),
        )
    except BlueprintError as error:
        if error.source is not None:
            raise
        raise error.located(source, lines.of(error.entry)) from None
    return blueprint, lines


def _read_handoffs(
    value: object, header: list[int], lines: _EntryLines, top: Where
) -> list[ExpectedHandoff]:
    handoffs: list[ExpectedHandoff] = []
    for index, fields in enumerate(tables(value, "handoff", top)):
        where = Where(top.source, _at(header, index), f"hand-off {index + 1}")
        handoff = read_handoff(fields, where)
        lines.add("hand-off", handoff.id, where)
        handoffs.append(handoff)
    return handoffs


def _check_bodies(
    blueprint: Blueprint, catalogue: Catalogue | None, source: str, lines: _EntryLines
) -> None:
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    try:
        blueprint.check_bodies(catalogue)
    except BlueprintError as error:
        raise error.located(source, lines.of(error.entry)) from None


# --- GOV.UK step-by-step --------------------------------------------------------------


def _read_nav(document: str | Path | Mapping[str, Any]) -> StepByStepNav:
    if isinstance(document, Mapping):
        return read_step_by_step(dict(document))
    if isinstance(document, str) and document.lstrip().startswith("{"):
        return parse_step_by_step(document)
    path = Path(document)
    return parse_step_by_step(read_text(path), source=str(path))


def _read_mapping(
    mapping: str | Path | Mapping[str, Any],
) -> tuple[dict[str, Any], str | None, str]:
    if isinstance(mapping, Mapping):
        return dict(mapping), None, "<mapping>"
    path = Path(mapping)
    mapping_text = read_text(path)
    return parse_toml(mapping_text, str(path)), mapping_text, str(path)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(value: str) -> str:
    """A readable id from a title or link: ``/register-a-death`` -> ``register-a-death``."""
    path = value.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]
    last = [part for part in path.split("/") if part]
    words_only = _NOT_SLUG.sub("-", (last[-1] if last else value).lower()).strip("-")
    return words_only or "step"


def _blueprint_from_nav(
    nav: StepByStepNav, fields: dict[str, Any], mapping_text: str | None, source: str
) -> tuple[Blueprint, _EntryLines]:
    def located(what: str, key: str, entry: str | None = None) -> Where:
        line = line_containing(mapping_text, json.dumps(key)) if mapping_text else None
        return Where(source, line, what, entry)

    top = Where(source, None, "mapping")
    refuse_unknown_keys(fields, _MAPPING_KEYS, top)
    about = table(fields.get("blueprint"), "blueprint", top)
    about_where = Where(source, _table_line(mapping_text, "[blueprint]"), "[blueprint]")
    refuse_unknown_keys(about, _MAPPING_BLUEPRINT_KEYS, about_where)
    links = table(fields.get("link", {}), "link", top)
    stage_tables = table(fields.get("stage", {}), "stage", top)
    nav_titles = {step.title for step in nav.steps}
    for title in stage_tables:
        if title not in nav_titles:
            raise located(f"stage {title!r}", title).error(
                "the step-by-step has no step with this title", title
            )
    lines = _EntryLines()
    used: set[str] = set()
    stages: list[Stage] = []
    for nav_step in nav.steps:
        stage_fields = table(stage_tables.get(nav_step.title, {}), "stage", top)
        stage_where = located(f"stage {nav_step.title!r}", nav_step.title)
        refuse_unknown_keys(stage_fields, frozenset({"id"}), stage_where)
        steps: list[Step] = []
        for nav_list in nav_step.lists:
            for item in nav_list.items:
                if item.href is None or item.href not in links:
                    continue
                used.add(item.href)
                where = located(f"link {item.href!r}", item.href)
                step = read_step(
                    table(links[item.href], f"link.{item.href}", where),
                    where,
                    default_id=_slug(item.href),
                    default_title=item.text,
                    default_style=nav_list.style,
                    default_href=item.href,
                )
                lines.add("step", step.id, where)
                steps.append(step)
        if not steps:
            continue
        stage_id = text(stage_fields, "id", stage_where, _slug(nav_step.title))
        lines.add("stage", stage_id, stage_where)
        # A stage whose predecessors were all left out starts the blueprint afresh.
        logic = nav_step.logic if stages else Logic.THEN
        stages.append(
            Stage(stage_id, nav_step.title, steps, logic, "\n\n".join(nav_step.paragraphs))
        )
    for href in links:
        if href not in used:
            raise located(f"link {href!r}", href).error(
                "no list item of the step-by-step links to it", href
            )
    handoff_lines = header_lines(mapping_text, "[[handoff]]") if mapping_text else []
    handoffs = _read_handoffs(fields.get("handoff", []), handoff_lines, lines, top)
    offered = frozenset(nation for stage in stages for s in stage.steps for nation in s.nations)
    try:
        blueprint = Blueprint(
            id=text(about, "id", about_where),
            title=text(about, "title", about_where, nav.title),
            trigger=text(about, "trigger", about_where),
            nations=(
                nation_list(about["nations"], "nations", about_where)
                if "nations" in about
                else offered
            ),
            stages=stages,
            handoffs=handoffs,
            sources=words(about, "sources", about_where),
            description=optional_text(about, "description", about_where) or nav.introduction,
            allow_handoff_cycles=flag(about, "allow_handoff_cycles", about_where),
        )
    except BlueprintError as error:
        if error.source is not None:
            raise
        raise error.located(source, lines.of(error.entry)) from None
    return blueprint, lines


def _table_line(mapping_text: str | None, header: str) -> int | None:
    if mapping_text is None:
        return None
    found = header_lines(mapping_text, header)
    return found[0] if found else None
