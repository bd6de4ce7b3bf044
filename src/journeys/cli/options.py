"""Options and helpers shared by the ``journeys`` commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from journeys.analysis import Granularity
from journeys.bodies import Catalogue
from journeys.data import uk_catalogue
from journeys.errors import JourneysError
from journeys.output_files import check_writable
from journeys.render.output import FORMATS

F = TypeVar("F", bound=Callable[..., Any])


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


def _granularity(_context: click.Context, _parameter: click.Parameter, value: str) -> Granularity:
    return Granularity(value)


granularity_option = click.option(
    "--granularity",
    type=click.Choice([g.value for g in Granularity]),
    default=Granularity.TOUCHPOINT.value,
    show_default=True,
    callback=_granularity,
    help="Journey-map nodes: body + service/activity (touchpoint), the activity alone, "
    "or the body alone.",
)
"""``--granularity``, passed to the command as a :class:`~journeys.analysis.Granularity`."""


class JourneysCommandError(click.ClickException):
    """A :class:`~journeys.errors.JourneysError` shown as a one-line CLI error (exit 1)."""

    @classmethod
    def from_error(cls, error: JourneysError) -> JourneysCommandError:
        """The CLI error showing ``error``'s message on one line."""
        return cls(" ".join(line.strip() for line in str(error).splitlines() if line.strip()))


def check_outputs(*paths: Path | None) -> None:
    """Refuse, before any work, the output files given that cannot be written.

    Raises:
        JourneysCommandError: naming the first such path and what to do.
    """
    for path in paths:
        if path is not None:
            try:
                check_writable(path)
            except JourneysError as error:
                raise JourneysCommandError.from_error(error) from error


def output_option(*names: str, help: str) -> Callable[[F], F]:
    """An option naming a file the command writes (``None`` when not given)."""
    return click.option(
        *names, type=click.Path(dir_okay=False, path_type=Path), default=None, help=help
    )


def top_option(help: str) -> Callable[[F], F]:
    """``--top N``: how many of the first rows to show (at least 1, default 10)."""
    return click.option(
        "--top", type=click.IntRange(min=1), default=10, show_default=True, help=help
    )


def check_drawing_format(path: Path | None, option: str) -> None:
    """Refuse, before any work, a drawing ``path`` whose extension names no known format.

    Raises:
        click.BadParameter: naming ``option`` and the formats there are.
    """
    if path is not None and path.suffix.lower() not in FORMATS:
        raise click.BadParameter(
            f"{path.name!r} has no known extension (use {', '.join(sorted(FORMATS))})",
            param_hint=option,
        )
