"""The blueprint model: a journey as designed, nation by nation.

A :class:`Blueprint` is a sequence of :class:`Stage` s, each holding
:class:`Step` s. A step names the service, the body that should serve it in each
nation, the facts it needs and provides, and its SLA per nation. Expected
hand-offs (:class:`ExpectedHandoff`) join steps, carrying facts, with an
optional SLA. ``blueprint.for_nation(nation)`` resolves the design for one
nation: only the steps offered there, each with its body.

Every rule a blueprint must keep is checked when it is built, and a breach
raises :class:`~journeys.errors.BlueprintError` naming the entry at fault.

This module holds the :class:`Blueprint` itself and the rules that span its
parts; the parts are in :mod:`~journeys.blueprints.stages` (stages and steps) and
:mod:`~journeys.blueprints.expected_handoff`, and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from journeys.blueprints.expected_handoff import ExpectedHandoff
from journeys.blueprints.fields import check_id, check_text, to_nation, to_nations
from journeys.blueprints.national import (
    NationalBlueprint,
    NationalHandoff,
    NationalStage,
    NationalStep,
)
from journeys.blueprints.stages import Logic, Stage, Step, StepStyle
from journeys.blueprints.validity import date_in, rule_dates
from journeys.bodies import Catalogue, Nation
from journeys.errors import BlueprintError

__all__ = ["Blueprint", "ExpectedHandoff", "Logic", "Stage", "Step", "StepStyle"]


def _stages(value: Iterable[Stage]) -> tuple[Stage, ...]:
    return tuple(value)


def _handoffs(value: Iterable[ExpectedHandoff]) -> tuple[ExpectedHandoff, ...]:
    return tuple(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Blueprint:
    """A journey as designed: its trigger, stages, steps and expected hand-offs.

    ``nations`` are the nations whose journeys the blueprint describes (the
    journey's ``Started.nation``). ``sources`` cite where the design comes from.
    Hand-offs may not form a cycle unless ``allow_handoff_cycles`` is set.
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    trigger: str = attrs.field(validator=check_id)
    nations: frozenset[Nation] = attrs.field(converter=to_nations)
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

    @property
    def rule_dates(self) -> tuple[date, ...]:
        """The dates on which a step's rule starts or stops applying, in order: the
        design is the same for every journey date between two of them."""
        dates: set[date] = set()
        for step in self.steps:
            dates.update(rule_dates(step.valid_from))
            dates.update(end + timedelta(days=1) for end in rule_dates(step.valid_until))
        return tuple(sorted(dates))

    def for_nation(self, nation: Nation | str, on: date | None = None) -> NationalBlueprint:
        """The design for journeys in ``nation``: the steps offered there, with their body.

        With ``on`` (the journey's date, see
        :func:`~journeys.blueprints.validity.journey_date`), only the steps whose
        rule is in force on that date, and the hand-offs between them; without it,
        every step whatever its ``valid_from`` and ``valid_until``.
        """
        nation = to_nation(nation)
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
                    sources=step.sources,
                    valid_from=date_in(step.valid_from, nation),
                    valid_until=date_in(step.valid_until, nation),
                )
                for step in stage.steps
                if (body := step.body_for(nation)) is not None and step.in_force(on, nation)
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
            and self.step(handoff.from_step).in_force(on, nation)
            and self.step(handoff.to_step).in_force(on, nation)
        )
        return NationalBlueprint(
            blueprint_id=self.id,
            title=self.title,
            trigger=self.trigger,
            nation=nation,
            stages=tuple(stages),
            handoffs=handoffs,
            sources=self.sources,
            on=on,
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
        if not _overlap(from_step, to_step):
            raise BlueprintError(
                f"hand-off {handoff.id!r}: the rules of steps {from_step.id!r} and "
                f"{to_step.id!r} are never in force on the same date",
                value=handoff.id,
                entry=handoff.id,
            )
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


def _overlap(first: Step, second: Step) -> bool:
    """Whether the rules of two steps are in force on some date together, in some
    nation offering both (true if none does: that is refused elsewhere)."""
    nations = first.nations & second.nations
    for nation in nations:
        starts = [date_in(s.valid_from, nation) for s in (first, second)]
        ends = [date_in(s.valid_until, nation) for s in (first, second)]
        start = max((d for d in starts if d is not None), default=None)
        end = min((d for d in ends if d is not None), default=None)
        if start is None or end is None or start <= end:
            return True
    return not nations


def _refuse_duplicates(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id in seen:
            raise BlueprintError(
                f"duplicate {kind} id {entry_id!r}", value=entry_id, entry=entry_id
            )
        seen.add(entry_id)
