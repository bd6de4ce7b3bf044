"""A blueprint resolved for one nation: the steps offered there, each with its body.

:meth:`journeys.blueprints.Blueprint.for_nation` builds these. Stages with no
step offered in the nation, and hand-offs not expected there, are left out.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import attrs

from journeys.blueprints.sla import Sla
from journeys.blueprints.validity import in_force
from journeys.bodies import Nation
from journeys.bodies.source import Source

if TYPE_CHECKING:
    from journeys.blueprints.model import Logic, StepStyle


@attrs.frozen
class NationalStep:
    """A step as offered in one nation, served by ``body``.

    ``valid_from`` and ``valid_until`` bound when its rule is in force (see
    :mod:`~journeys.blueprints.validity`).
    """

    id: str
    title: str
    service: str
    body: str
    needs: frozenset[str]
    provides: frozenset[str]
    style: StepStyle
    sla: Sla | None
    href: str | None
    cross_border: bool
    sources: tuple[Source, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None

    def in_force(self, on: date | None) -> bool:
        """Whether the step's rule applies to a journey of date ``on`` (``None``: any)."""
        return in_force(self.valid_from, self.valid_until, on)


@attrs.frozen
class NationalStage:
    """A stage as offered in one nation."""

    id: str
    title: str
    steps: tuple[NationalStep, ...]
    logic: Logic


@attrs.frozen
class NationalHandoff:
    """An expected hand-off in one nation, from ``from_body`` to ``to_body``."""

    id: str
    from_step: str
    to_step: str
    from_body: str
    to_body: str
    items: frozenset[str]
    sla: Sla | None


@attrs.frozen
class NationalBlueprint:
    """A :class:`~journeys.blueprints.Blueprint` resolved for the journeys of one nation.

    ``on`` is the journey date it was resolved for (``None``: every step whatever
    its dates).
    """

    blueprint_id: str
    title: str
    trigger: str
    nation: Nation
    stages: tuple[NationalStage, ...]
    handoffs: tuple[NationalHandoff, ...]
    sources: tuple[str, ...]
    on: date | None = None

    @property
    def steps(self) -> tuple[NationalStep, ...]:
        """Every step offered in this nation, stage by stage."""
        return tuple(step for stage in self.stages for step in stage.steps)

    @property
    def bodies(self) -> frozenset[str]:
        """Every body the design uses in this nation."""
        return frozenset(step.body for step in self.steps)

    def step(self, step_id: str) -> NationalStep:
        """The step with ``step_id``; ``KeyError`` if it is not offered in this nation."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"step {step_id!r} is not offered in {self.nation.value}")
