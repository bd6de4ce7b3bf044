"""``journeys calibrate``: fit the simulator to a store of observed journeys.

Writes the fitted settings as TOML (whole, or not at all), prints the fitted
parameters with the observations behind each, then simulates the fitted design
and prints how far that simulation is from the observed journeys.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from rich.table import Table

from journeys.blueprints import Blueprint, bundled_blueprints
from journeys.cli.analyse import load_blueprints
from journeys.cli.inputs import db_option, open_input
from journeys.cli.options import JourneysCommandError, check_outputs, output_option
from journeys.cli.tables import new_table, output_console, print_written
from journeys.errors import InputError, JourneysError
from journeys.journey import Journey
from journeys.render.durations import human_duration
from journeys.simulation.calibration import Calibration, calibrate
from journeys.simulation.distributions import LogNormal
from journeys.simulation.fit_distance import FitDistance, fit_distance, simulate_calibration
from journeys.simulation.fitting import MINIMUM_OBSERVATIONS, FittedDelay, FittedRate
from journeys.simulation.settings import write_settings


@click.command("calibrate")
@db_option
@output_option("-o", "--output", help="The settings TOML file to write (required).")
@click.option(
    "--blueprint",
    "blueprint_names",
    multiple=True,
    metavar="ID|FILE",
    help="Read journeys against a blueprint (a bundled id, 'bundled', or a TOML file; "
    "repeat for several): steps and hand-offs are fitted by their ids. Without one, by "
    "body and service, and the bundled blueprints of the observed triggers are simulated.",
)
@click.option(
    "--citizens",
    type=click.IntRange(min=1),
    default=None,
    help="Citizens to simulate for the distance [default: as many as observed].",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The simulation's seed.")
@click.option(
    "--minimum",
    type=click.IntRange(min=1),
    default=MINIMUM_OBSERVATIONS,
    show_default=True,
    help="Fewer observations than this keep a parameter's default.",
)
@click.option(
    "--per-step/--overall-only",
    default=False,
    help="Also print the fit of every step and hand-off.",
)
def calibrate_command(
    db: Path | None,
    output: Path | None,
    blueprint_names: tuple[str, ...],
    citizens: int | None,
    seed: int,
    minimum: int,
    per_step: bool,
) -> None:
    """Fit the simulator's delays and failure rates to the journeys in a store.

    Writes the fitted settings to --output, prints each fitted parameter with the
    number of observations behind it, and the distance between a simulation of
    the fitted design and the observed journeys: the Kolmogorov-Smirnov distance
    of their cycle times (against its 5% critical value), the total-variation
    distance of their directly-follows graphs, and each failure rate side by side.
    """
    if output is None:
        raise click.UsageError("name the settings file to write: -o FILE.toml")
    check_outputs(output)
    try:
        source = open_input(db, None, None)
        try:
            blueprints = [
                b for name in blueprint_names for b in load_blueprints(name, source.catalogue)
            ]
            # Read once: the fit and the distance both go over every event.
            observed = list(source.events())
            fitted = _calibrated(observed, blueprints, source.description)
            designs = blueprints or _bundled_for(fitted, source.description)
            simulated = simulate_calibration(
                fitted, designs, citizens=citizens or fitted.citizens, seed=seed
            )
            distance = fit_distance(
                observed, simulated, blueprint=blueprints, catalogue=source.catalogue
            )
        finally:
            source.close()
        write_settings(fitted.to_settings(), output)
    except InputError as error:
        raise JourneysCommandError.from_error(error) from error
    except JourneysError as error:
        raise JourneysCommandError.from_error(error) from error
    console = output_console()
    console.print(
        f"{fitted.journeys} journeys of {fitted.citizens} citizens, {fitted.cases} cases "
        f"in {source.description}; fewer than {fitted.minimum} observations keep the default",
        markup=False,
    )
    for note in fitted.notes:
        console.print(f"note: {note}", markup=False)
    console.print(parameters_table(fitted, scoped=False))
    if per_step:
        console.print(parameters_table(fitted, scoped=True))
    else:
        console.print(_scoped_line(fitted), markup=False)
    console.print(distance_table(distance))
    for line in verdicts(distance):
        console.print(line, markup=False)
    print_written(console, output)


def _calibrated(observed: list[Journey.Event], blueprints: list[Blueprint], db: str) -> Calibration:
    if not observed:
        raise InputError("the store holds no journeys to calibrate from", source=db, value=0)
    try:
        return calibrate(observed, blueprint=blueprints or None)
    except InputError as error:
        raise InputError(error.reason, source=db, value=error.value) from error


def _bundled_for(fitted: Calibration, db: str) -> list[Blueprint]:
    """The bundled blueprints of the observed journeys' triggers, to simulate."""
    found = [b for b in bundled_blueprints().values() if b.trigger in fitted.triggers]
    if not found:
        triggers = ", ".join(fitted.triggers)
        raise InputError(
            f"no bundled blueprint starts from the observed triggers ({triggers}): name one "
            "with --blueprint to simulate the fitted design",
            source=db,
            value=triggers,
        )
    return found


def parameters_table(fitted: Calibration, *, scoped: bool) -> Table:
    """The fitted parameters (overall, or per step and hand-off) with their counts."""
    title = "Fitted per step and hand-off" if scoped else "Fitted parameters"
    table = new_table(
        title,
        "parameter",
        "scope",
        "fitted",
        "count",
        "settings use",
        right=("count",),
    )
    for fit in _fits(fitted):
        if (fit.scope is not None) == scoped:
            table.add_row(
                fit.parameter,
                fit.scope or "all",
                _observed(fit),
                str(fit.count),
                _used(fit),
            )
    return table


def distance_table(distance: FitDistance) -> Table:
    """How far the simulation of the fitted design is from the observed journeys."""
    table = new_table(
        "Simulated fitted design against observed journeys",
        "measure",
        "observed",
        "simulated",
        "distance",
        right=("observed", "simulated", "distance"),
    )
    table.add_row("journeys", str(distance.observed_journeys), str(distance.simulated_journeys), "")
    table.add_row(
        "cycle time (median; KS distance)",
        _median(distance.observed_cycle_median),
        _median(distance.simulated_cycle_median),
        f"{distance.cycle_time_ks:.3f} (5% critical {distance.ks_critical:.3f})",
    )
    table.add_row(
        "directly-follows graph (total variation)",
        "",
        "",
        f"{distance.directly_follows_tv:.3f} (observed halves "
        f"{distance.directly_follows_floor:.3f})",
    )
    for rate in distance.rates:
        difference = rate.difference
        table.add_row(
            rate.parameter,
            _share(rate.observed),
            _share(rate.simulated),
            "" if difference is None else f"{difference:+.3f}",
        )
    return table


def verdicts(distance: FitDistance) -> list[str]:
    """One line on the cycle times and one on the paths, saying plainly when they
    do not agree."""
    lines = []
    if distance.cycle_times_agree:
        lines.append(
            "cycle times: the simulation is within the 5% critical distance of the observed "
            "journeys"
        )
    else:
        lines.append(
            "POOR FIT: the simulated cycle times differ from the observed beyond the 5% "
            "critical distance; what-ifs on these settings misstate durations"
        )
    if distance.paths_agree:
        lines.append(
            "paths: the directly-follows graphs are about as alike as two halves of the "
            "observed journeys"
        )
    else:
        lines.append(
            "POOR FIT: the simulated paths differ from the observed more than twice as much "
            "as two halves of the observed journeys do; the design (blueprint, behaviour) "
            "is not what citizens did"
        )
    return lines


def _scoped_line(fitted: Calibration) -> str:
    scoped = [f for f in _fits(fitted) if f.scope is not None]
    kept = sum(not f.fitted for f in scoped)
    return (
        f"{len(scoped) - kept} per-step and per-hand-off parameters fitted, {kept} with too "
        "few observations (--per-step lists them)"
    )


def _fits(fitted: Calibration) -> list[FittedDelay | FittedRate]:
    return [*fitted.delays, *fitted.rates]


def _observed(fit: FittedDelay | FittedRate) -> str:
    if isinstance(fit, FittedDelay):
        return "" if fit.observed is None else _distribution(fit.observed)
    return "" if fit.observed is None else f"{fit.observed:.3f} ({fit.failures})"


def _used(fit: FittedDelay | FittedRate) -> str:
    value = _distribution(fit.distribution) if isinstance(fit, FittedDelay) else f"{fit.rate:.3f}"
    return value if fit.fitted else f"{value} (default)"


def _distribution(distribution: LogNormal) -> str:
    median = human_duration(distribution.median.total_seconds())
    return f"median {median}, spread {distribution.spread:.2f}"


def _median(value: timedelta | None) -> str:
    return "" if value is None else human_duration(value.total_seconds())


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
