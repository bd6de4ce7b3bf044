"""Design variants: a blueprint written as the changes it makes to another.

A variant file names its ``base`` blueprint (a bundled id, or a blueprint or
variant file, relative to the variant's folder) and what it changes; loading it
gives a new :class:`~journeys.blueprints.Blueprint` with the variant's ``id``,
checked exactly as a blueprint is. The changes are applied in this order:

- ``[[remove_handoff]]`` ``id``: the base's hand-off is not expected;
- ``[[reroute_handoff]]`` ``id`` and ``from``, ``to`` and/or ``nations``;
- ``[[add_handoff]]``: a new hand-off, with the keys of ``[[handoff]]``;
- ``[[serve]]`` ``step``, ``nation``, ``body``: another body serves the step in
  that nation (a nation the step was not offered in now offers it);
- ``[[sla]]`` ``step`` (with the keys of a step's ``sla``, or ``remove = true``
  and optional ``nations``) or ``handoff`` (``within``, ``days``; or
  ``remove = true``).

Delay distributions and failure rates are the simulator's settings
(:class:`~journeys.simulation.Delays`, :class:`~journeys.simulation.Failures`),
not the blueprint's, so a variant does not change them; and a blueprint has no
notion of an automatic step, so neither does a variant. ``docs/blueprints.md``
documents the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from journeys.blueprints.bundled import bundled_blueprints
from journeys.blueprints.by_nation import ByNation
from journeys.blueprints.loaders import blueprint_from_toml
from journeys.blueprints.model import Blueprint, ExpectedHandoff, Step
from journeys.blueprints.schema import (
    Where,
    flag,
    handoff_sla,
    header_lines,
    nation_list,
    optional_text,
    parse_toml,
    read_handoff,
    read_text,
    refuse_unknown_keys,
    step_slas,
    tables,
    text,
    words,
)
from journeys.bodies import Catalogue, Nation, parse_nation
from journeys.errors import BlueprintError

__all__ = ["load_variant", "variant_from_toml"]

_CHANGES = ("remove_handoff", "reroute_handoff", "add_handoff", "serve", "sla")
_VARIANT_KEYS = frozenset({"base", "id", "title", "description", "sources", *_CHANGES})
_STEP_SLA_KEYS = frozenset({"within", "from", "to", "days", "nations", "remove", "step"})
_STEP_SLA_KEYS |= frozenset(nation.value for nation in Nation)
_HANDOFF_SLA_KEYS = frozenset({"handoff", "within", "days", "from", "to", "remove"})


def load_variant(path: str | Path, *, catalogue: Catalogue | None = None) -> Blueprint:
    """Load a design variant file as the blueprint it makes (see the module docs).

    ``catalogue`` (the bundled UK one by default) checks the bodies of the
    result. An unknown base, step, hand-off, body, nation or key raises
    :class:`~journeys.errors.BlueprintError` naming the file, the line of the
    change at fault and the entry. :func:`~journeys.blueprints.load_blueprint`
    loads a variant too.
    """
    path = Path(path)
    return _load(path, read_text(path), catalogue, ())


def variant_from_toml(
    toml_text: str,
    *,
    source: str = "<string>",
    catalogue: Catalogue | None = None,
    folder: str | Path = ".",
) -> Blueprint:
    """Load a design variant from TOML text; a base file is found in ``folder``."""
    return _variant(toml_text, source, catalogue, Path(folder), ())


def _load(
    path: Path, toml_text: str, catalogue: Catalogue | None, seen: tuple[Path, ...]
) -> Blueprint:
    return _variant(toml_text, str(path), catalogue, path.parent, (*seen, path.resolve()))


def _variant(
    toml_text: str,
    source: str,
    catalogue: Catalogue | None,
    folder: Path,
    seen: tuple[Path, ...],
) -> Blueprint:
    document = parse_toml(toml_text, source)
    top = Where(source, None, "variant")
    for key in document:
        if key not in _VARIANT_KEYS:
            line = _key_line(toml_text, key) or next(
                iter(header_lines(toml_text, f"[[{key}]]")), None
            )
            refuse_unknown_keys({key: None}, _VARIANT_KEYS, attrs.evolve(top, line=line))
    base_where = Where(source, _key_line(toml_text, "base"), "variant")
    base = _base(text(document, "base", base_where), base_where, folder, catalogue, seen)
    variant_id = text(document, "id", top)
    changes = _Changes(base)
    for key in _CHANGES:
        lines = header_lines(toml_text, f"[[{key}]]")
        for index, fields in enumerate(tables(document.get(key, []), key, top)):
            line = lines[index] if index < len(lines) else None
            changes.apply(key, fields, Where(source, line, f"{key} {index + 1}"))
    try:
        blueprint = attrs.evolve(
            base,
            id=variant_id,
            title=text(document, "title", top, f"{base.title} ({variant_id})"),
            description=optional_text(document, "description", top) or base.description,
            sources=(*base.sources, *words(document, "sources", top)),
            stages=[
                attrs.evolve(stage, steps=[changes.steps[s.id] for s in stage.steps])
                for stage in base.stages
            ],
            handoffs=list(changes.handoffs.values()),
        )
        if catalogue is None:
            from journeys.data import uk_catalogue

            catalogue = uk_catalogue()
        blueprint.check_bodies(catalogue)
    except BlueprintError as error:
        if error.source is not None:
            raise
        raise error.located(source, changes.lines.get(error.entry or "")) from None
    return blueprint


def _key_line(toml_text: str, key: str) -> int | None:
    """The line of the top-level ``key = ...``."""
    for number, line in enumerate(toml_text.splitlines(), start=1):
        if line.strip().startswith("["):
            return None
        if line.split("=", 1)[0].strip() == key:
            return number
    return None


def _base(
    name: str, where: Where, folder: Path, catalogue: Catalogue | None, seen: tuple[Path, ...]
) -> Blueprint:
    """The blueprint ``base`` names: a file (blueprint or variant) or a bundled id."""
    path = folder / name
    if name.lower().endswith(".toml") or path.exists():
        if not path.is_file():
            raise where.error(f"base {name!r}: there is no such file", name)
        if path.resolve() in seen:
            raise where.error(f"base {name!r} is this variant or one it builds on", name)
        base_text = read_text(path)
        if "base" in parse_toml(base_text, str(path)):
            return _load(path, base_text, catalogue, seen)
        return blueprint_from_toml(base_text, source=str(path), catalogue=catalogue)
    bundled = bundled_blueprints()
    if name not in bundled:
        known = ", ".join(sorted(bundled))
        raise where.error(
            f"unknown base {name!r} (a bundled blueprint: {known}; or a .toml file)", name
        )
    return bundled[name]


class _Changes:
    """The base's steps and hand-offs as the variant's changes leave them, and
    the line of the change that last touched each, to point errors at."""

    def __init__(self, base: Blueprint) -> None:
        self.base = base
        self.steps: dict[str, Step] = {step.id: step for step in base.steps}
        self.handoffs: dict[str, ExpectedHandoff] = {h.id: h for h in base.handoffs}
        self.lines: dict[str, int | None] = {}

    def apply(self, key: str, fields: Mapping[str, Any], where: Where) -> None:
        if key == "remove_handoff":
            handoff = self._handoff(fields, where)
            where = attrs.evolve(where, what=f"hand-off {handoff.id!r}", entry=handoff.id)
            refuse_unknown_keys(fields, frozenset({"id"}), where)
            del self.handoffs[handoff.id]
        elif key == "reroute_handoff":
            self._reroute(fields, where)
        elif key == "add_handoff":
            handoff = read_handoff(fields, where)
            if handoff.id in self.handoffs:
                raise attrs.evolve(where, entry=handoff.id).error(
                    f"hand-off {handoff.id!r} is already in the base", handoff.id
                )
            self.handoffs[handoff.id] = handoff
            self.lines[handoff.id] = where.line
        elif key == "serve":
            self._serve(fields, where)
        else:
            self._sla(fields, where)

    def _handoff(self, fields: Mapping[str, Any], where: Where, key: str = "id") -> ExpectedHandoff:
        handoff_id = text(fields, key, where)
        if handoff_id not in self.handoffs:
            raise attrs.evolve(where, entry=handoff_id).error(
                f"unknown hand-off {handoff_id!r} (not in base {self.base.id!r})", handoff_id
            )
        return self.handoffs[handoff_id]

    def _step(self, fields: Mapping[str, Any], where: Where) -> Step:
        step_id = text(fields, "step", where)
        if step_id not in self.steps:
            raise attrs.evolve(where, entry=step_id).error(
                f"unknown step {step_id!r} (not in base {self.base.id!r})", step_id
            )
        return self.steps[step_id]

    def _reroute(self, fields: Mapping[str, Any], where: Where) -> None:
        handoff = self._handoff(fields, where)
        where = attrs.evolve(where, what=f"hand-off {handoff.id!r}", entry=handoff.id)
        refuse_unknown_keys(fields, frozenset({"id", "from", "to", "nations"}), where)
        if not {"from", "to", "nations"} & set(fields):
            raise where.error("a re-route needs 'from', 'to' or 'nations'")
        from_step = text(fields, "from", where, handoff.from_step)
        to_step = text(fields, "to", where, handoff.to_step)
        for end in (from_step, to_step):
            if end not in self.steps:
                raise where.error(f"unknown step {end!r} (not in base {self.base.id!r})", end)
        nations = nation_list(fields["nations"], "nations", where) if "nations" in fields else None
        try:
            self.handoffs[handoff.id] = attrs.evolve(
                handoff,
                from_step=from_step,
                to_step=to_step,
                nations=nations if nations is not None else handoff.nations,
            )
        except BlueprintError as error:
            raise where.locate(error) from None
        self.lines[handoff.id] = where.line

    def _serve(self, fields: Mapping[str, Any], where: Where) -> None:
        step = self._step(fields, where)
        where = attrs.evolve(where, what=f"step {step.id!r}", entry=step.id)
        refuse_unknown_keys(fields, frozenset({"step", "nation", "body"}), where)
        name = text(fields, "nation", where)
        try:
            nation = parse_nation(name)
        except ValueError as error:
            raise where.error(str(error), name) from None
        body = text(fields, "body", where)
        self._replace(step, where, bodies=ByNation({**step.bodies, nation: body}))
        # A hand-off to or from the step may now join a body to itself.
        for handoff in self.handoffs.values():
            if step.id in (handoff.from_step, handoff.to_step):
                self.lines.setdefault(handoff.id, where.line)

    def _sla(self, fields: Mapping[str, Any], where: Where) -> None:
        if ("step" in fields) == ("handoff" in fields):
            raise where.error("an SLA change names either a 'step' or a 'handoff'")
        remove = flag(fields, "remove", where)
        if "handoff" in fields:
            handoff = self._handoff(fields, where, "handoff")
            where = attrs.evolve(where, what=f"hand-off {handoff.id!r}", entry=handoff.id)
            refuse_unknown_keys(fields, _HANDOFF_SLA_KEYS, where)
            rest = {k: v for k, v in fields.items() if k not in {"handoff", "remove"}}
            sla = None if remove else handoff_sla(rest, where)
            self.handoffs[handoff.id] = attrs.evolve(handoff, sla=sla)
            self.lines[handoff.id] = where.line
            return
        step = self._step(fields, where)
        where = attrs.evolve(where, what=f"step {step.id!r}", entry=step.id)
        refuse_unknown_keys(fields, _STEP_SLA_KEYS, where)
        rest = {k: v for k, v in fields.items() if k not in {"step", "remove"}}
        if remove:
            refuse_unknown_keys(rest, frozenset({"nations"}), where)
            gone = nation_list(rest["nations"], "nations", where) if rest else step.nations
            slas = {n: sla for n, sla in step.slas.items() if n not in gone}
        else:
            slas = {**step.slas, **step_slas(rest, step.nations, where)}
        self._replace(step, where, slas=ByNation(slas))

    def _replace(self, step: Step, where: Where, **changes: Any) -> None:
        try:
            self.steps[step.id] = attrs.evolve(step, **changes)
        except BlueprintError as error:
            raise where.locate(error) from None
        self.lines[step.id] = where.line
