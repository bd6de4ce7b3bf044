"""The ``journeys`` command line: one module per command, gathered here."""

from __future__ import annotations

import click

from journeys import __version__
from journeys.cli.analyse import analyse_command
from journeys.cli.calibrate import calibrate_command
from journeys.cli.catalogue import catalogue_command
from journeys.cli.compare import compare_command
from journeys.cli.compare_cohorts import compare_cohorts_command
from journeys.cli.demo import demo_command
from journeys.cli.exporting import export_command
from journeys.cli.importing import import_command
from journeys.cli.listing import list_command
from journeys.cli.render import render_command
from journeys.cli.report import report_command
from journeys.cli.variants import variants_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journeys")
def main() -> None:
    """Citizens' journeys through public services, and the gaps between bodies."""


main.add_command(analyse_command)
main.add_command(catalogue_command)
main.add_command(import_command)
main.add_command(export_command)
main.add_command(list_command)
main.add_command(render_command)
main.add_command(demo_command)
main.add_command(report_command)
main.add_command(variants_command)
main.add_command(compare_cohorts_command)
main.add_command(compare_command)
main.add_command(calibrate_command)
