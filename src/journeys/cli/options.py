"""Options and helpers shared by the ``journeys`` commands."""

from __future__ import annotations

from datetime import UTC, datetime
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


def parse_as_of(value: str | None) -> datetime | None:
    """``now``, or an ISO 8601 time with a UTC offset."""
    if value is None:
        return None
    if value.strip().lower() == "now":
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time", param_hint="--as-of"
        ) from None
    if moment.utcoffset() is None:
        raise click.BadParameter(
            f"{value!r} has no UTC offset (add e.g. +00:00 or Z)", param_hint="--as-of"
        )
    return moment


as_of_option = click.option(
    "--as-of",
    "as_of_text",
    default=None,
    metavar="TIME",
    help="Close open journeys at TIME (ISO 8601 with an offset, or 'now'): their unanswered "
    "hand-offs count as dropped.",
)


class JourneysCommandError(click.ClickException):
    """A :class:`~journeys.errors.JourneysError` shown as a one-line CLI error (exit 1)."""

    @classmethod
    def from_error(cls, error: JourneysError) -> JourneysCommandError:
        return cls(str(error))
