"""A blueprint's stages and the steps in them, as GOV.UK step-by-steps lay them out.

A :class:`Stage` holds :class:`Step` s and relates to the stage before it by its
:class:`Logic`; a step names the service, the body that should serve it in each
nation, the facts it needs and provides, its :class:`StepStyle`, its SLA per
nation, the public sources it rests on and the dates its rule is in force.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from journeys.blueprints.by_nation import ByNation
from journeys.blueprints.fields import check_id, check_text, item_ids, to_nation
from journeys.blueprints.sla import Sla
from journeys.blueprints.validity import RuleDate, date_in, in_force, to_rule_date
from journeys.bodies import Nation
from journeys.bodies.source import Source, to_sources
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


def _bodies(value: Mapping[Nation, str] | Mapping[str, str]) -> ByNation[str]:
    return value if isinstance(value, ByNation) else ByNation(value)


def _slas(value: Mapping[Nation, Sla] | Mapping[str, Sla]) -> ByNation[Sla]:
    return value if isinstance(value, ByNation) else ByNation(value)


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


@attrs.frozen
class Step:
    """One thing the citizen does, or has done for them, at one body per nation.

    ``bodies`` maps each nation where the step is offered to the id of the body
    that should serve it; a nation without a body does not offer the step.
    ``cross_border`` marks a step served by a body in another nation than the
    journey's own (moving to Scotland, for example): the catalogue check then
    does not require the body to serve the journey's nation. ``sources`` are
    the public pages the step rests on. ``valid_from`` and ``valid_until``
    (inclusive dates, ``None``: open; each one date or a date per nation) bound
    when its rule is in force: a journey that starts outside them does not offer
    the step.
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    service: str = attrs.field(validator=check_id)
    bodies: ByNation[str] = attrs.field(converter=_bodies)
    needs: frozenset[str] = attrs.field(default=frozenset(), converter=item_ids)
    provides: frozenset[str] = attrs.field(default=frozenset(), converter=item_ids)
    style: StepStyle = attrs.field(default=StepStyle.REQUIRED, converter=StepStyle)
    slas: ByNation[Sla] = attrs.field(factory=ByNation, converter=_slas)
    href: str | None = None
    cross_border: bool = False
    sources: tuple[Source, ...] = attrs.field(default=(), converter=to_sources)
    valid_from: RuleDate = attrs.field(default=None, converter=to_rule_date)
    valid_until: RuleDate = attrs.field(default=None, converter=to_rule_date)

    def __attrs_post_init__(self) -> None:
        self._check_validity()
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

    def in_force(self, on: date | None, nation: Nation | str | None = None) -> bool:
        """Whether the step's rule applies to a journey of date ``on`` (``None``: any)
        in ``nation`` (``None``: in some nation)."""
        nations = list(Nation) if nation is None else [to_nation(nation)]
        return any(
            in_force(date_in(self.valid_from, n), date_in(self.valid_until, n), on) for n in nations
        )

    def _check_validity(self) -> None:
        for name in ("valid_from", "valid_until"):
            value = getattr(self, name)
            dates = value.items() if isinstance(value, ByNation) else [(None, value)]
            for nation, each in dates:
                if each is not None and (not isinstance(each, date) or hasattr(each, "hour")):
                    raise BlueprintError(
                        f"step {self.id!r}: {name} must be a date, got {each!r}",
                        value=each,
                        entry=self.id,
                    )
                if nation is not None and nation not in self.bodies:
                    raise BlueprintError(
                        f"step {self.id!r} has a {name} for {nation.value}, where it is "
                        "not offered",
                        value=nation.value,
                        entry=self.id,
                    )
        for nation in Nation:
            start, end = date_in(self.valid_from, nation), date_in(self.valid_until, nation)
            if start is not None and end is not None and end < start:
                raise BlueprintError(
                    f"step {self.id!r}: valid_until {end.isoformat()} is before "
                    f"valid_from {start.isoformat()}",
                    value=end.isoformat(),
                    entry=self.id,
                )

    def body_for(self, nation: Nation | str) -> str | None:
        """The body that serves this step in ``nation``, or ``None`` if it is not offered."""
        return self.bodies.get(to_nation(nation))

    def sla_for(self, nation: Nation | str) -> Sla | None:
        """The SLA that applies to this step in ``nation``, if any."""
        return self.slas.get(to_nation(nation))


@attrs.frozen
class Stage:
    """A group of steps: one step of a GOV.UK step-by-step.

    ``logic`` relates the stage to the one before it: it follows it
    (:attr:`Logic.THEN`), runs alongside it (:attr:`Logic.AND`) or replaces it
    (:attr:`Logic.OR`).
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    logic: Logic = attrs.field(default=Logic.THEN, converter=Logic)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.steps:
            raise BlueprintError(f"stage {self.id!r} has no steps", value=self.id, entry=self.id)
