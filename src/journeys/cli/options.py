"""Options and helpers shared by the ``journeys`` commands."""

from __future__ import annotations

from pathlib import Path

import click

from journeys.bodies import Catalogue
from journeys.data import uk_catalogue
from journeys.errors import JourneysError


def load_catalogue(path: Path | None) -> Catalogue:
    """The catalogue in ``path``, or the bundled UK catalogue when no path is given."""
    if path is None:
        return uk_catalogue()
    return Catalogue.load(path)


catalogue_option = click.option(
    "--catalogue",
    "catalogue_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Catalogue of bodies (.toml or .csv). Default: the bundled UK catalogue.",
)


class JourneysCommandError(click.ClickException):
    """A :class:`~journeys.errors.JourneysError` shown as a one-line CLI error (exit 1)."""

    @classmethod
    def from_error(cls, error: JourneysError) -> JourneysCommandError:
        return cls(str(error))
