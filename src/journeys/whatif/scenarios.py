"""Policy scenarios: a question, two designs of a service and the public sources behind them.

A scenario file (TOML) names a **baseline** design (a bundled blueprint id, or a
blueprint or variant file beside the scenario) and a **variant** (a design variant
file beside it, see ``docs/blueprints.md``), with the question the comparison
answers, the public pages it rests on and the size of population that answers it
quickly. The bundled scenarios live in ``journeys/data/scenarios/``: the scenario
files are ``<id>.toml``, the designs they compare ``<name>.variant.toml``.

A design may also be fixed to the rules **in force on one date** (``baseline_rules_on``,
``variant_rules_on``): every simulated journey then follows those rules whatever the
date it starts on. That is how a scenario compares a law before and after a change on
one population: otherwise the simulator picks the rule by each journey's own date.
Every step of such a design must be in force on that date (withdraw the others in the
variant file), so the date only makes the choice explicit; it never drops steps quietly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from journeys.blueprints import Blueprint, load_blueprint, load_bundled_blueprint, load_variant
from journeys.blueprints.schema import key_line
from journeys.blueprints.validity import date_in, in_force
from journeys.bodies import Catalogue, Nation, Source, parse_nation
from journeys.bodies.source import to_source
from journeys.errors import BlueprintError, ScenarioError
from journeys.simulation import SimulationSettings, Voice, variant_settings
from journeys.text_files import parse_toml, read_text
from journeys.whatif.compare import compare_designs
from journeys.whatif.model import DesignComparison

__all__ = ["Scenario", "bundled_scenarios", "load_scenario"]

VARIANT_SUFFIX = ".variant.toml"
"""How a bundled design file is named, so that it is not read as a scenario."""

_KEYS = frozenset(
    {
        "id",
        "title",
        "question",
        "description",
        "sources",
        "baseline",
        "variant",
        "baseline_rules_on",
        "variant_rules_on",
        "nations",
        "citizens",
        "replications",
        "seed",
    }
)


@attrs.frozen
class Scenario:
    """A policy question answered by comparing two designs of a service.

    - ``id``, ``title``, ``question`` (what the comparison answers), ``description``
      (what the variant changes and what the model cannot say);
    - ``sources``: the public pages and legislation the designs rest on;
    - ``baseline`` and ``variant``: the two designs, loaded and checked against the
      bundled UK catalogue; ``baseline_file`` (``None`` for a bundled blueprint) and
      ``variant_file`` are where they came from (a variant file's ``[simulation]``
      table holds the simulator settings that design changes);
    - ``baseline_rules_on`` and ``variant_rules_on``: the date whose rules a design
      is fixed to, if any (see the module docs);
    - ``nations``: the weights of the nations the simulated citizens live in
      (``None``: by population); ``citizens``, ``replications`` and ``seed``: the
      default size of the comparison (small enough to run in under a minute);
    - ``source``: the scenario file.
    """

    id: str
    title: str
    question: str
    description: str
    sources: tuple[Source, ...]
    baseline: Blueprint
    variant: Blueprint
    baseline_file: Path | None
    variant_file: Path
    baseline_rules_on: date | None
    variant_rules_on: date | None
    nations: tuple[tuple[Nation, float], ...] | None
    citizens: int
    replications: int
    seed: int
    source: str

    @property
    def nation_weights(self) -> dict[Nation, float] | None:
        """``nations`` as the mapping ``simulate`` and the comparison take."""
        return None if self.nations is None else dict(self.nations)

    def settings(
        self, base: SimulationSettings | None = None
    ) -> tuple[SimulationSettings, SimulationSettings]:
        """The simulator settings of the baseline and of the variant: ``base`` (default:
        the simulator's) with each design file's ``[simulation]`` table over it (a
        bundled baseline has none).

        Raises:
            SettingsError: a design file's ``[simulation]`` table that cannot be used.
        """
        base = base if base is not None else SimulationSettings()
        # A plain blueprint file has no [simulation] table: variant_settings gives base.
        baseline = (
            base if self.baseline_file is None else variant_settings(self.baseline_file, base)
        )
        return baseline, variant_settings(self.variant_file, base)

    def compare(
        self,
        *,
        citizens: int | None = None,
        replications: int | None = None,
        seed: int | None = None,
        settings: SimulationSettings | None = None,
        voice: Voice | None = None,
        catalogue: Catalogue | None = None,
        pooled: bool = False,
    ) -> DesignComparison:
        """Run the scenario: :func:`~journeys.whatif.compare_designs` on its two designs,
        its nations and, unless given, its default ``citizens``, ``replications`` and
        ``seed``, with :meth:`settings` over ``settings``."""
        baseline_settings, variant_settings_ = self.settings(settings)
        nations: dict[Nation | str, float] | None = None
        if self.nations is not None:
            nations = dict(self.nations)
        return compare_designs(
            self.baseline,
            self.variant,
            citizens=self.citizens if citizens is None else citizens,
            replications=self.replications if replications is None else replications,
            seed=self.seed if seed is None else seed,
            nations=nations,
            baseline_settings=baseline_settings,
            variant_settings=variant_settings_,
            voice=voice,
            catalogue=catalogue,
            pooled=pooled,
        )


def load_scenario(path: str | Path) -> Scenario:
    """Read the scenario file at ``path``; its designs are resolved beside it.

    Raises :class:`~journeys.errors.ScenarioError` naming the file, the line and the
    value for a problem in the scenario itself, and the designs'
    :class:`~journeys.errors.BlueprintError` (naming *their* file and line) for a
    problem in a design.
    """
    path = Path(path)
    return _scenario(read_text(path, ScenarioError), path)


@cache
def bundled_scenarios() -> Mapping[str, Scenario]:
    """Every bundled scenario by id (``journeys/data/scenarios/<id>.toml``)."""
    folder = Path(str(resources.files("journeys.data").joinpath("scenarios")))
    scenarios: dict[str, Scenario] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name.endswith(VARIANT_SUFFIX):
            continue
        scenario = load_scenario(path)
        if scenario.id != path.stem:
            # The file name is how `journeys compare --scenario ID` finds it.
            raise ScenarioError(
                f"scenario id {scenario.id!r} differs from its file name {path.stem!r}",
                source=path,
                line=key_line(path.read_text(encoding="utf-8"), "id"),
                value=scenario.id,
            )
        scenarios[scenario.id] = scenario
    return MappingProxyType(scenarios)


class _Reader:
    """The scenario document and its text, to report errors at a key's line."""

    def __init__(self, text: str, path: Path) -> None:
        self.text, self.path = text, path
        self.document = parse_toml(text, str(path), ScenarioError, with_line=True)

    def error(self, key: str, message: str, value: object) -> ScenarioError:
        return ScenarioError(
            f"{key!r}: {message}", source=self.path, line=key_line(self.text, key), value=value
        )

    def text_field(self, key: str, *, required: bool = True) -> str:
        value = self.document.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be non-empty text", value)
        return " ".join(value.split())

    def count(self, key: str, default: int, least: int) -> int:
        value = self.document.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise self.error(key, f"must be a whole number of at least {least}", value)
        return value

    def day(self, key: str) -> date | None:
        value = self.document.get(key)
        if value is None:
            return None
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.error(key, "must be a date such as 2025-11-06", value)
        return value


def _scenario(text: str, path: Path) -> Scenario:
    reader = _Reader(text, path)
    document = reader.document
    for key in document:
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise reader.error(key, f"unknown key (expected one of: {known})", key)
    baseline_rules_on = reader.day("baseline_rules_on")
    variant_rules_on = reader.day("variant_rules_on")
    baseline_name = reader.text_field("baseline")
    baseline, baseline_file = _baseline(reader, baseline_name)
    variant_file = path.parent / reader.text_field("variant")
    if not variant_file.is_file():
        raise reader.error(
            "variant", "there is no such file beside the scenario", variant_file.name
        )
    return Scenario(
        id=reader.text_field("id"),
        title=reader.text_field("title"),
        question=reader.text_field("question"),
        description=reader.text_field("description"),
        sources=_sources(reader),
        baseline=_fixed(reader, "baseline_rules_on", baseline, baseline_rules_on),
        variant=_fixed(reader, "variant_rules_on", load_variant(variant_file), variant_rules_on),
        baseline_file=baseline_file,
        variant_file=variant_file,
        baseline_rules_on=baseline_rules_on,
        variant_rules_on=variant_rules_on,
        nations=_nations(reader),
        citizens=reader.count("citizens", 1000, 1),
        replications=reader.count("replications", 10, 2),
        seed=reader.count("seed", 0, 0),
        source=str(path),
    )


def _baseline(reader: _Reader, name: str) -> tuple[Blueprint, Path | None]:
    """A bundled blueprint by id, or a blueprint or variant file beside the scenario."""
    if not name.lower().endswith(".toml"):
        try:
            return load_bundled_blueprint(name), None
        except BlueprintError as error:  # no such bundled blueprint
            raise reader.error("baseline", str(error), name) from None
    file = reader.path.parent / name
    if not file.is_file():
        raise reader.error("baseline", "there is no such file beside the scenario", name)
    return load_blueprint(file), file


def _sources(reader: _Reader) -> tuple[Source, ...]:
    value = reader.document.get("sources")
    if not isinstance(value, list) or not value:
        raise reader.error("sources", "must be a non-empty list of { title, url } tables", value)
    sources = []
    for item in value:
        try:
            sources.append(to_source(item))
        except (TypeError, ValueError) as error:
            raise reader.error("sources", str(error), item) from None
    return tuple(sources)


def _nations(reader: _Reader) -> tuple[tuple[Nation, float], ...] | None:
    value: Any = reader.document.get("nations")
    if value is None:
        return None
    if not isinstance(value, dict) or not value:
        raise reader.error("nations", "must be a table of nation = weight", value)
    weights: list[tuple[Nation, float]] = []
    for name, weight in value.items():
        try:
            nation = parse_nation(name)
        except ValueError:
            raise reader.error("nations", "unknown nation", name) from None
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise reader.error("nations", f"the weight of {name} must be a number", weight)
        if not math.isfinite(weight) or weight <= 0:
            raise reader.error("nations", f"the weight of {name} must be above zero", weight)
        weights.append((nation, float(weight)))
    return tuple(sorted(weights, key=lambda pair: pair[0].value))


def _fixed(reader: _Reader, key: str, design: Blueprint, on: date | None) -> Blueprint:
    """``design`` with its rules' dates dropped, once every step is checked to be in
    force on ``on`` (``None``: ``design`` as it is, rules picked by each journey's date)."""
    if on is None:
        return design
    stages = []
    for stage in design.stages:
        steps = []
        for step in stage.steps:
            for nation in step.bodies:
                start, end = date_in(step.valid_from, nation), date_in(step.valid_until, nation)
                if not in_force(start, end, on):
                    raise reader.error(
                        key,
                        f"step {step.id!r} of {design.id!r} is not in force on {on} "
                        f"in {nation.value}: withdraw it in the design file",
                        step.id,
                    )
            steps.append(attrs.evolve(step, valid_from=None, valid_until=None))
        stages.append(attrs.evolve(stage, steps=steps))
    return attrs.evolve(design, stages=stages)
