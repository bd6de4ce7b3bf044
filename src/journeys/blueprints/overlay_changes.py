"""The changes a design variant makes to its base, applied one table at a time.

:mod:`journeys.blueprints.overlays` reads the variant file and builds the new
blueprint; :class:`OverlayChanges` holds the base's steps and hand-offs as each
change leaves them, refusing an unknown step, hand-off, nation or key at the
change's own line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from journeys.blueprints.by_nation import ByNation
from journeys.blueprints.model import Blueprint, ExpectedHandoff, Step
from journeys.blueprints.schema import (
    Where,
    flag,
    handoff_sla,
    nation_list,
    read_handoff,
    refuse_unknown_keys,
    step_slas,
    text,
)
from journeys.bodies import Nation, parse_nation
from journeys.errors import BlueprintError

__all__ = ["CHANGES", "OverlayChanges"]

CHANGES = ("remove_handoff", "reroute_handoff", "add_handoff", "serve", "sla")
"""The change tables of a variant file, in the order they are applied."""

_STEP_SLA_KEYS = frozenset({"within", "from", "to", "days", "nations", "remove", "step"})
_STEP_SLA_KEYS |= frozenset(nation.value for nation in Nation)
_HANDOFF_SLA_KEYS = frozenset({"handoff", "within", "days", "from", "to", "remove"})


class OverlayChanges:
    """The base's steps and hand-offs as the variant's changes leave them, and
    the line of the change that last touched each, to point errors at."""

    def __init__(self, base: Blueprint) -> None:
        self.base = base
        self.steps: dict[str, Step] = {step.id: step for step in base.steps}
        self.handoffs: dict[str, ExpectedHandoff] = {h.id: h for h in base.handoffs}
        self.lines: dict[str, int | None] = {}

    def apply(self, key: str, fields: Mapping[str, Any], where: Where) -> None:
        """Apply one change table of kind ``key`` (one of :data:`CHANGES`), defined at ``where``."""
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
        refuse_unknown_keys(fields, frozenset({"step", "nation", "body", "withdraw"}), where)
        name = text(fields, "nation", where)
        try:
            nation = parse_nation(name)
        except ValueError as error:
            raise where.error(str(error), name) from None
        # A hand-off to or from the step may now join a body to itself, or lose a step.
        for handoff in self.handoffs.values():
            if step.id in (handoff.from_step, handoff.to_step):
                self.lines.setdefault(handoff.id, where.line)
        if not flag(fields, "withdraw", where):
            body = text(fields, "body", where)
            self._replace(step, where, bodies=ByNation({**step.bodies, nation: body}))
            return
        if "body" in fields:
            raise where.error("give 'body' or 'withdraw = true', not both", fields["body"])
        if nation not in step.bodies:
            raise where.error(f"the step is not offered in {nation.value}", nation.value)
        if step.nations == {nation}:
            # Offered nowhere now: the step leaves the design.
            del self.steps[step.id]
            return
        self._replace(
            step,
            where,
            bodies=_without(step.bodies, nation),
            slas=_without(step.slas, nation),
            valid_from=_without(step.valid_from, nation),
            valid_until=_without(step.valid_until, nation),
        )

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


def _without(value: Any, nation: Nation) -> Any:
    """A per-nation value (bodies, SLAs, a rule date) without ``nation``'s entry."""
    if not isinstance(value, ByNation):
        return value
    return ByNation({n: v for n, v in value.items() if n != nation})
