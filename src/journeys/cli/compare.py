"""``journeys compare BASELINE VARIANT``: two designs run on one simulated population.

Each design is a bundled blueprint's id, a blueprint file or a design-variant file.
``--settings FILE`` sets delays, failures and behaviour for both; a design file's
own ``[simulation]`` table (a variant's) is read over them for that design.
:func:`run_comparison` does the work after the options are read (compare, then
write every output whole, or none), so another way of naming two designs can
reuse it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import attrs
import click

from journeys.blueprints import Blueprint, load_blueprint, load_bundled_blueprint
from journeys.bodies import Catalogue, Nation
from journeys.cli.design_tables import boundaries_table, group_table, nations_table
from journeys.cli.options import (
    JourneysCommandError,
    catalogue_option,
    check_drawing_format,
    check_outputs,
    load_catalogue,
    output_option,
    top_option,
)
from journeys.cli.scenario_option import scenario_option, scenario_run
from journeys.cli.tables import output_console, print_written
from journeys.errors import JourneysError
from journeys.output_files import write_bytes
from journeys.simulation import NationWeights, SimulationSettings, Voice
from journeys.simulation.settings import load_settings, variant_settings
from journeys.whatif import DesignComparison, compare_designs


@attrs.frozen
class Outputs:
    """Where ``journeys compare`` writes, and how many boundaries it prints."""

    json_path: Path | None = None
    map_path: Path | None = None
    network_path: Path | None = None
    top: int = 10

    def check(self) -> None:
        """Refuse, before any work, a drawing with no known format or a path that
        cannot be written (:class:`click.BadParameter`, or a one-line error)."""
        check_drawing_format(self.map_path, "--map")
        check_drawing_format(self.network_path, "--network")
        try:
            check_outputs(self.json_path, self.map_path, self.network_path)
        except JourneysCommandError as error:
            raise JourneysCommandError(error.message) from error


@click.command("compare")
@click.argument("baseline", metavar="[BASELINE]", required=False)
@click.argument("variant", metavar="[VARIANT]", required=False)
@scenario_option
@click.option(
    "--citizens", type=click.IntRange(min=1), default=1000, show_default=True,
    help="Citizens simulated in each replication.",
)  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Replication r: seed + r.")
@click.option(
    "--replications", type=click.IntRange(min=2), default=10, show_default=True,
    help="Replications of the population (at least 2, for an interval).",
)  # fmt: skip
@click.option(
    "--nation", "nation_names", multiple=True, type=click.Choice([n.value for n in Nation]),
    help="Simulate citizens of this nation only (repeat for several, weighted by population).",
)  # fmt: skip
@click.option(
    "--settings", "settings_path", type=click.Path(dir_okay=False, path_type=Path),
    default=None, metavar="FILE",
    help="Simulation settings (delays, failures, behaviour) for both designs; a variant "
    "file's [simulation] table is read over them for the variant.",
)  # fmt: skip
@click.option("--voice", is_flag=True, help="Simulate feedback: compare the experience score.")
@catalogue_option
@output_option("--json", "json_path", help="Write the comparison as JSON (design-comparison-1).")
@output_option("--map", "map_path", help="Draw the difference map (.svg, .png or .dot).")
@output_option(
    "--network", "network_path", help="Draw the difference hand-off network (.svg, .png or .dot)."
)
@top_option("How many of the boundaries that changed most to print.")
def compare_command(
    baseline: str | None,
    variant: str | None,
    scenario_name: str | None,
    citizens: int,
    seed: int,
    replications: int,
    nation_names: tuple[str, ...],
    settings_path: Path | None,
    voice: bool,
    catalogue_path: Path | None,
    json_path: Path | None,
    map_path: Path | None,
    network_path: Path | None,
    top: int,
) -> None:
    """Run BASELINE and VARIANT (bundled blueprint ids, blueprint or variant files), or the
    two designs of --scenario, on one simulated population and compare each citizen's
    outcomes, with 95 % intervals."""
    outputs = Outputs(json_path, map_path, network_path, top)
    outputs.check()
    try:
        catalogue = load_catalogue(catalogue_path)
        base = load_settings(settings_path) if settings_path else SimulationSettings()
        if scenario_name is not None:
            run = scenario_run(
                scenario_name, (baseline, variant), base,
                citizens=citizens, seed=seed, replications=replications,
            )  # fmt: skip
            designs = [run.baseline, run.variant]
            citizens, seed, replications, weights = (
                run.citizens, run.seed, run.replications, run.nations,
            )  # fmt: skip
        elif baseline is None or variant is None:
            raise click.UsageError("give BASELINE and VARIANT, or --scenario ID")
        else:
            designs = [_design(name, catalogue, base) for name in (baseline, variant)]
            weights = None
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    if nation_names:
        every = NationWeights().as_mapping()
        weights = {Nation(name): every[Nation(name)] for name in nation_names}
    comparison = run_comparison(
        designs[0],
        designs[1],
        outputs,
        citizens=citizens,
        seed=seed,
        replications=replications,
        nations=weights,
        voice=Voice() if voice else None,
        catalogue=catalogue,
    )
    print_comparison(comparison, outputs)


def _design(
    name: str, catalogue: Catalogue, base: SimulationSettings
) -> tuple[Blueprint, SimulationSettings]:
    """The design ``name`` gives (a file, else a bundled id) and its settings: ``base``,
    with a variant file's ``[simulation]`` table read over it."""
    path = Path(name)
    if path.suffix.lower() == ".toml" or path.exists():
        return load_blueprint(path, catalogue=catalogue), variant_settings(path, base)
    return load_bundled_blueprint(name), base


def run_comparison(
    baseline: tuple[Blueprint, SimulationSettings],
    variant: tuple[Blueprint, SimulationSettings],
    outputs: Outputs,
    *,
    citizens: int,
    seed: int,
    replications: int,
    nations: Mapping[Nation | str, float] | None,
    voice: Voice | None,
    catalogue: Catalogue,
) -> DesignComparison:
    """Compare the two designs (each with its settings) and write ``outputs``: all are
    made before any is written, so a failure leaves no file. A typed error is one line
    and exit status 1."""
    try:
        comparison = compare_designs(
            baseline[0],
            variant[0],
            citizens=citizens,
            seed=seed,
            replications=replications,
            nations=nations,
            baseline_settings=baseline[1],
            variant_settings=variant[1],
            voice=voice,
            catalogue=catalogue,
            pooled=outputs.map_path is not None or outputs.network_path is not None,
        )
        # Everything is made before anything is written: a failure leaves no file.
        made: list[tuple[Path, bytes]] = []
        if outputs.json_path is not None:
            text = json.dumps(comparison.to_json(), indent=2) + "\n"
            made.append((outputs.json_path, text.encode("utf-8")))
        if outputs.map_path is not None or outputs.network_path is not None:
            made += _drawings(comparison, outputs, catalogue)
        for path, data in made:
            write_bytes(path, data)
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    except ValueError as error:
        raise JourneysCommandError(str(error)) from error
    return comparison


def _drawings(
    comparison: DesignComparison, outputs: Outputs, catalogue: Catalogue
) -> list[tuple[Path, bytes]]:
    """The difference map and network asked for, drawn in their files' formats."""
    from journeys.render import render_difference_map, render_difference_network
    from journeys.render.output import FORMATS, to_dot, to_png, to_svg

    difference = comparison.difference(changed=True)
    title = f"{comparison.baseline} → {comparison.variant}"
    drawn = []
    if outputs.map_path is not None:
        graph = render_difference_map(difference, catalogue=catalogue, title=title)
        drawn.append((outputs.map_path, graph))
    if outputs.network_path is not None:
        graph = render_difference_network(difference, catalogue=catalogue, title=title)
        drawn.append((outputs.network_path, graph))
    draw = {"dot": to_dot, "svg": to_svg, "png": to_png}
    return [(path, draw[FORMATS[path.suffix.lower()]](graph)) for path, graph in drawn]


def print_comparison(comparison: DesignComparison, outputs: Outputs) -> None:
    """Print the tables: everyone, by nation, the boundaries that changed most."""
    console = output_console()
    console.print(group_table(comparison, comparison.overall))
    console.print(nations_table(comparison))
    console.print(boundaries_table(comparison, outputs.top))
    print_written(console, outputs.json_path, outputs.map_path, outputs.network_path)
