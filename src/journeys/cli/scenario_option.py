"""``journeys compare --scenario ID``: a bundled policy scenario (or a scenario file)
names the two designs, their settings, the nations and the default size.

Options given on the command line win over the scenario's: ``--citizens``,
``--seed``, ``--replications`` and ``--nation``; ``--settings`` is the base the
scenario's design files' ``[simulation]`` tables are read over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import attrs
import click
from click.core import ParameterSource

from journeys.blueprints import Blueprint
from journeys.bodies import Nation
from journeys.errors import ScenarioError
from journeys.simulation import SimulationSettings
from journeys.whatif import Scenario, bundled_scenarios, load_scenario

F = TypeVar("F", bound=Callable[..., object])


def scenario_option(function: F) -> F:
    """The ``--scenario ID|FILE`` option (``None`` when not given)."""
    return click.option(
        "--scenario",
        "scenario_name",
        default=None,
        metavar="ID|FILE",
        help="Compare the two designs of a bundled policy scenario (its id; an unknown id "
        "lists them) or of a scenario file, at its size and nations unless given here; "
        "no BASELINE or VARIANT then.",
    )(function)


@attrs.frozen
class ScenarioRun:
    """What a scenario gives ``journeys compare``: both designs with their settings,
    the size after the options given on the command line, and the scenario's
    nations (``--nation`` replaces them)."""

    baseline: tuple[Blueprint, SimulationSettings]
    variant: tuple[Blueprint, SimulationSettings]
    citizens: int
    seed: int
    replications: int
    nations: dict[Nation | str, float] | None


def scenario_run(
    name: str,
    designs: tuple[str | None, str | None],
    base: SimulationSettings,
    *,
    citizens: int,
    seed: int,
    replications: int,
) -> ScenarioRun:
    """The run the scenario ``name`` (a bundled id, else a ``.toml`` file) asks for,
    with each of ``citizens``, ``seed`` and ``replications`` kept when it was given
    on the command line.

    Raises:
        click.UsageError: BASELINE or VARIANT given too.
        ScenarioError, BlueprintError, SettingsError: the scenario cannot be used.
    """
    if any(design is not None for design in designs):
        raise click.UsageError("give either BASELINE and VARIANT or --scenario, not both")
    scenario = _find(name)
    baseline_settings, variant_settings = scenario.settings(base)
    given = click.get_current_context().get_parameter_source

    def chosen(parameter: str, value: int, default: int) -> int:
        return default if given(parameter) is ParameterSource.DEFAULT else value

    weights: dict[Nation | str, float] | None = None
    if scenario.nations is not None:
        weights = dict(scenario.nations)
    return ScenarioRun(
        baseline=(scenario.baseline, baseline_settings),
        variant=(scenario.variant, variant_settings),
        citizens=chosen("citizens", citizens, scenario.citizens),
        seed=chosen("seed", seed, scenario.seed),
        replications=chosen("replications", replications, scenario.replications),
        nations=weights,
    )


def _find(name: str) -> Scenario:
    """The bundled scenario ``name``, or the scenario file it names."""
    path = Path(name)
    if path.suffix.lower() == ".toml" or path.exists():
        return load_scenario(path)
    scenarios = bundled_scenarios()
    if name not in scenarios:
        known = ", ".join(sorted(scenarios))
        raise ScenarioError(f"no bundled scenario {name!r} (bundled: {known})", value=name)
    return scenarios[name]
