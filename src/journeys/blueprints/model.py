"""The blueprint model: a journey as designed, nation by nation.

A :class:`Blueprint` is a sequence of :class:`Stage` s, each holding
:class:`Step` s. A step names the service, the body that should serve it in each
nation, the facts it needs and provides, and its SLA per nation. Expected
hand-offs (:class:`ExpectedHandoff`) join steps, carrying facts, with an
optional SLA. ``blueprint.for_nation(nation)`` resolves the design for one
nation: only the steps offered there, each with its body.

Every rule a blueprint must keep is checked when it is built, and a breach
raises :class:`~journeys.errors.BlueprintError` naming the entry at fault.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from journeys.blueprints.by_nation import ByNation
from journeys.blueprints.national import (
    NationalBlueprint,
    NationalHandoff,
    NationalStage,
    NationalStep,
)
from journeys.blueprints.sla import Sla
from journeys.bodies import Catalogue, Nation, parse_nation
from journeys.errors import BlueprintError


class Logic(enum.Enum):
    """How a stage relates to the stage before it (GOV.UK step-by-step ``logic``)."""

    THEN = "then"
    """A numbered stage: it follows the previous one (no ``logic`` on GOV.UK)."""
    AND = "and"
    """It runs alongside the previous stage."""
    OR = "or"
    """It is done instead of the previous stage."""


class StepStyle(enum.Enum):
    """Whether a step must be done (GOV.UK step-by-step list ``style``)."""

    REQUIRED = "required"
    """Every required step of a stage is expected."""
    OPTIONAL = "optional"
    """The step may be skipped."""
    CHOICE = "choice"
    """Exactly one of the stage's choice steps is expected."""


def _check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip() or any(ch.isspace() for ch in value):
        raise BlueprintError(
            f"{attribute.name} must be a non-empty string without spaces, got {value!r}",
            value=value,
        )


def _check_text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise BlueprintError(f"{attribute.name} must be non-empty text, got {value!r}", value=value)


def _items(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        # A lone string would otherwise become a set of its characters.
        raise BlueprintError(f"expected a list of item ids, got the string {value!r}", value=value)
    items = frozenset(value)
    for item in items:
        if not isinstance(item, str) or not item.strip() or any(ch.isspace() for ch in item):
            raise BlueprintError(f"item ids are non-empty words, got {item!r}", value=item)
    return items


def _bodies(value: Mapping[Nation, str] | Mapping[str, str]) -> ByNation[str]:
    return value if isinstance(value, ByNation) else ByNation(value)


def _slas(value: Mapping[Nation, Sla] | Mapping[str, Sla]) -> ByNation[Sla]:
    return value if isinstance(value, ByNation) else ByNation(value)


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


def _stages(value: Iterable[Stage]) -> tuple[Stage, ...]:
    return tuple(value)


def _handoffs(value: Iterable[ExpectedHandoff]) -> tuple[ExpectedHandoff, ...]:
    return tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _nations(value: Iterable[Nation | str]) -> frozenset[Nation]:
    return frozenset(n if isinstance(n, Nation) else parse_nation(n) for n in value)


def _nation(value: Nation | str) -> Nation:
    return value if isinstance(value, Nation) else parse_nation(value)


def _optional_nations(value: Iterable[Nation | str] | None) -> frozenset[Nation] | None:
    return None if value is None else _nations(value)


@attrs.frozen
class Step:
    """One thing the citizen does, or has done for them, at one body per nation.

    ``bodies`` maps each nation where the step is offered to the id of the body
    that should serve it; a nation without a body does not offer the step.
    ``cross_border`` marks a step served by a body in another nation than the
    journey's own (moving to Scotland, for example): the catalogue check then
    does not require the body to serve the journey's nation.
    """

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_text)
    service: str = attrs.field(validator=_check_id)
    bodies: ByNation[str] = attrs.field(converter=_bodies)
    needs: frozenset[str] = attrs.field(default=frozenset(), converter=_items)
    provides: frozenset[str] = attrs.field(default=frozenset(), converter=_items)
    style: StepStyle = attrs.field(default=StepStyle.REQUIRED, converter=StepStyle)
    slas: ByNation[Sla] = attrs.field(factory=ByNation, converter=_slas)
    href: str | None = None
    cross_border: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.bodies:
            raise BlueprintError(
                f"step {self.id!r} names no body in any nation", value=self.id, entry=self.id
            )
        for nation, body in self.bodies.items():
            if not isinstance(body, str) or not body.strip():
                raise BlueprintError(
                    f"step {self.id!r}: the body for {nation.value} must be a body id, "
                    f"got {body!r}",
                    value=body,
                    entry=self.id,
                )
        for nation, sla in self.slas.items():
            if nation not in self.bodies:
                raise BlueprintError(
                    f"step {self.id!r} has an SLA for {nation.value}, where it is not offered",
                    value=nation.value,
                    entry=self.id,
                )
            if sla.is_for_handoff:
                raise BlueprintError(
                    f"step {self.id!r}: a step's SLA cannot run from "
                    f"{sla.start.value!r} to {sla.end.value!r}",
                    value=sla.start.value,
                    entry=self.id,
                )

    @property
    def nations(self) -> frozenset[Nation]:
        """The nations where this step is offered."""
        return self.bodies.nations

    def body_for(self, nation: Nation | str) -> str | None:
        """The body that serves this step in ``nation``, or ``None`` if it is not offered."""
        return self.bodies.get(_nation(nation))

    def sla_for(self, nation: Nation | str) -> Sla | None:
        """The SLA that applies to this step in ``nation``, if any."""
        return self.slas.get(_nation(nation))


@attrs.frozen
class Stage:
    """A group of steps: one step of a GOV.UK step-by-step.

    ``logic`` relates the stage to the one before it: it follows it
    (:attr:`Logic.THEN`), runs alongside it (:attr:`Logic.AND`) or replaces it
    (:attr:`Logic.OR`).
    """

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_text)
    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    logic: Logic = attrs.field(default=Logic.THEN, converter=Logic)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.steps:
            raise BlueprintError(f"stage {self.id!r} has no steps", value=self.id, entry=self.id)


@attrs.frozen
class ExpectedHandoff:
    """A hand-off the design expects from one step's body to another's.

    ``items`` are the facts it carries. ``nations`` limits the nations where it
    is expected; ``None`` means every nation where both steps are offered.
    """

    id: str = attrs.field(validator=_check_id)
    from_step: str = attrs.field(validator=_check_id)
    to_step: str = attrs.field(validator=_check_id)
    items: frozenset[str] = attrs.field(default=frozenset(), converter=_items)
    sla: Sla | None = None
    nations: frozenset[Nation] | None = attrs.field(default=None, converter=_optional_nations)

    def __attrs_post_init__(self) -> None:
        if self.from_step == self.to_step:
            raise BlueprintError(
                f"hand-off {self.id!r} goes from step {self.from_step!r} to itself",
                value=self.from_step,
                entry=self.id,
            )
        if self.sla is not None and not self.sla.is_for_handoff:
            raise BlueprintError(
                f"hand-off {self.id!r}: a hand-off's SLA runs from 'handoff-sent' to "
                f"'handoff-accepted', not from {self.sla.start.value!r} to {self.sla.end.value!r}",
                value=self.sla.start.value,
                entry=self.id,
            )


@attrs.frozen
class Blueprint:
    """A journey as designed: its trigger, stages, steps and expected hand-offs.

    ``nations`` are the nations whose journeys the blueprint describes (the
    journey's ``Started.nation``). ``sources`` cite where the design comes from.
    Hand-offs may not form a cycle unless ``allow_handoff_cycles`` is set.
    """

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_text)
    trigger: str = attrs.field(validator=_check_id)
    nations: frozenset[Nation] = attrs.field(converter=_nations)
    stages: tuple[Stage, ...] = attrs.field(converter=_stages)
    handoffs: tuple[ExpectedHandoff, ...] = attrs.field(default=(), converter=_handoffs)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    description: str = ""
    allow_handoff_cycles: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.nations:
            raise BlueprintError(f"blueprint {self.id!r} serves no nation", value=self.id)
        if not self.stages:
            raise BlueprintError(f"blueprint {self.id!r} has no stages", value=self.id)
        first = self.stages[0]
        if first.logic is not Logic.THEN:
            raise BlueprintError(
                f"stage {first.id!r} is the first stage, so it cannot be "
                f"{first.logic.value!r} a previous one",
                value=first.logic.value,
                entry=first.id,
            )
        _refuse_duplicates("stage", [stage.id for stage in self.stages])
        _refuse_duplicates("step", [step.id for step in self.steps])
        _refuse_duplicates("hand-off", [handoff.id for handoff in self.handoffs])
        for step in self.steps:
            extra = step.nations - self.nations
            if extra:
                nation = min(extra, key=lambda n: n.value)
                raise BlueprintError(
                    f"step {step.id!r} names a body for {nation.value}, which blueprint "
                    f"{self.id!r} does not cover",
                    value=nation.value,
                    entry=step.id,
                )
        for handoff in self.handoffs:
            self._check_handoff(handoff)
        if not self.allow_handoff_cycles:
            self._refuse_cycles()

    # Queries ---------------------------------------------------------------------

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step, stage by stage."""
        return tuple(step for stage in self.stages for step in stage.steps)

    def step(self, step_id: str) -> Step:
        """The step with ``step_id``; ``KeyError`` if there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"blueprint {self.id!r} has no step {step_id!r}")

    def handoff_nations(self, handoff: ExpectedHandoff) -> frozenset[Nation]:
        """The nations where ``handoff`` is expected."""
        offered = self.step(handoff.from_step).nations & self.step(handoff.to_step).nations
        return offered if handoff.nations is None else handoff.nations

    def for_nation(self, nation: Nation | str) -> NationalBlueprint:
        """The design for journeys in ``nation``: the steps offered there, with their body."""
        nation = _nation(nation)
        if nation not in self.nations:
            covered = ", ".join(sorted(n.value for n in self.nations))
            raise BlueprintError(
                f"blueprint {self.id!r} does not cover {nation.value} (it covers {covered})",
                value=nation.value,
            )
        stages: list[NationalStage] = []
        for stage in self.stages:
            steps = tuple(
                NationalStep(
                    id=step.id,
                    title=step.title,
                    service=step.service,
                    body=body,
                    needs=step.needs,
                    provides=step.provides,
                    style=step.style,
                    sla=step.sla_for(nation),
                    href=step.href,
                    cross_border=step.cross_border,
                )
                for step in stage.steps
                if (body := step.body_for(nation)) is not None
            )
            # A stage with nothing offered in this nation is left out altogether.
            if steps:
                stages.append(NationalStage(stage.id, stage.title, steps, stage.logic))
        handoffs = tuple(
            NationalHandoff(
                id=handoff.id,
                from_step=handoff.from_step,
                to_step=handoff.to_step,
                from_body=self.step(handoff.from_step).bodies[nation],
                to_body=self.step(handoff.to_step).bodies[nation],
                items=handoff.items,
                sla=handoff.sla,
            )
            for handoff in self.handoffs
            if nation in self.handoff_nations(handoff)
        )
        return NationalBlueprint(
            blueprint_id=self.id,
            title=self.title,
            trigger=self.trigger,
            nation=nation,
            stages=tuple(stages),
            handoffs=handoffs,
            sources=self.sources,
        )

    def check_bodies(self, catalogue: Catalogue) -> None:
        """Check every body against ``catalogue``: it exists and serves its nation.

        A step marked ``cross_border`` may name a body of another nation.
        """
        for step in self.steps:
            for nation, body_id in step.bodies.items():
                if body_id not in catalogue:
                    raise BlueprintError(
                        f"step {step.id!r}: unknown body {body_id!r} for {nation.value} "
                        "(it is not in the catalogue)",
                        value=body_id,
                        entry=step.id,
                    )
                if not step.cross_border and not catalogue[body_id].serves(nation):
                    raise BlueprintError(
                        f"step {step.id!r}: body {body_id!r} does not serve {nation.value} "
                        "(mark the step cross_border if that is the design)",
                        value=body_id,
                        entry=step.id,
                    )

    # Rules -------------------------------------------------------------------------

    def _check_handoff(self, handoff: ExpectedHandoff) -> None:
        step_ids = {step.id for step in self.steps}
        for end in (handoff.from_step, handoff.to_step):
            if end not in step_ids:
                raise BlueprintError(
                    f"hand-off {handoff.id!r} names unknown step {end!r}",
                    value=end,
                    entry=handoff.id,
                )
        from_step, to_step = self.step(handoff.from_step), self.step(handoff.to_step)
        offered = from_step.nations & to_step.nations
        nations = offered if handoff.nations is None else handoff.nations
        if not nations:
            raise BlueprintError(
                f"hand-off {handoff.id!r}: steps {from_step.id!r} and {to_step.id!r} "
                "are never offered in the same nation",
                value=handoff.id,
                entry=handoff.id,
            )
        for nation in sorted(nations, key=lambda n: n.value):
            if nation not in offered:
                raise BlueprintError(
                    f"hand-off {handoff.id!r} is expected in {nation.value}, where "
                    f"{from_step.id!r} or {to_step.id!r} is not offered",
                    value=nation.value,
                    entry=handoff.id,
                )
            if from_step.bodies[nation] == to_step.bodies[nation]:
                raise BlueprintError(
                    f"hand-off {handoff.id!r} goes from {from_step.bodies[nation]!r} to itself "
                    f"in {nation.value}: a hand-off joins two different bodies (limit its "
                    "nations)",
                    value=from_step.bodies[nation],
                    entry=handoff.id,
                )

    def _refuse_cycles(self) -> None:
        following: dict[str, list[ExpectedHandoff]] = {}
        for handoff in self.handoffs:
            following.setdefault(handoff.from_step, []).append(handoff)
        done: set[str] = set()

        def visit(step_id: str, path: list[str]) -> None:
            if step_id in done:
                return
            for handoff in following.get(step_id, []):
                if handoff.to_step in path:
                    loop = [*path[path.index(handoff.to_step) :], handoff.to_step]
                    raise BlueprintError(
                        f"hand-off {handoff.id!r} closes a cycle: {' -> '.join(loop)} "
                        "(set allow_handoff_cycles if the design loops)",
                        value=handoff.id,
                        entry=handoff.id,
                    )
                visit(handoff.to_step, [*path, handoff.to_step])
            done.add(step_id)

        for step in self.steps:
            visit(step.id, [step.id])


def _refuse_duplicates(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id in seen:
            raise BlueprintError(
                f"duplicate {kind} id {entry_id!r}", value=entry_id, entry=entry_id
            )
        seen.add(entry_id)
