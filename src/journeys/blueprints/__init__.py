"""Blueprints: citizens' journeys as designed, nation by nation.

A :class:`Blueprint` holds stages of steps, the body that should serve each step
in each nation, the facts each step needs and provides, expected hand-offs and
SLAs. Load one from TOML (:func:`load_blueprint`) or from a GOV.UK step-by-step
(:func:`from_step_by_step`), or take a bundled one (:func:`bundled_blueprints`);
write a design variant as the changes it makes to another (:func:`load_variant`).

``Blueprint``, ``load_blueprint`` and ``bundled_blueprints`` are also at the top
level (``from journeys import load_blueprint``).
"""

from journeys.blueprints.bundled import bundled_blueprints, load_bundled_blueprint
from journeys.blueprints.by_nation import ByNation
from journeys.blueprints.loaders import blueprint_from_toml, from_step_by_step, load_blueprint
from journeys.blueprints.model import Blueprint, ExpectedHandoff, Logic, Stage, Step, StepStyle
from journeys.blueprints.national import (
    NationalBlueprint,
    NationalHandoff,
    NationalStage,
    NationalStep,
)
from journeys.blueprints.overlays import load_variant, variant_from_toml
from journeys.blueprints.sla import DayCount, Sla, SlaEvent
from journeys.blueprints.writer import blueprint_to_toml

__all__ = [
    "Blueprint",
    "ByNation",
    "DayCount",
    "ExpectedHandoff",
    "Logic",
    "NationalBlueprint",
    "NationalHandoff",
    "NationalStage",
    "NationalStep",
    "Sla",
    "SlaEvent",
    "Stage",
    "Step",
    "StepStyle",
    "blueprint_from_toml",
    "blueprint_to_toml",
    "bundled_blueprints",
    "from_step_by_step",
    "load_blueprint",
    "load_bundled_blueprint",
    "load_variant",
    "variant_from_toml",
]
