"""``@filter_options``: the filter words as command-line options, the same as the API's.

Decorate a command with it and the command receives one ``where`` argument: a
:class:`~journeys.analysis.filters.JourneyFilter` of the options given, or
``None`` when none was. Options that take a value may be repeated (a journey
matching any of the values passes); different options must all match.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import click

from journeys.analysis.filters import JourneyFilter
from journeys.analysis.findings import FindingKind
from journeys.errors import JourneysError

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = (
    click.option(
        "--nation",
        multiple=True,
        metavar="NATION",
        help="Only journeys started in NATION (england, wales, scotland, northern-ireland). "
        "Repeat for several.",
    ),
    click.option(
        "--trigger",
        multiple=True,
        metavar="EVENT",
        help="Only journeys opened by the life event EVENT (e.g. death, birth). Repeat for "
        "several.",
    ),
    click.option(
        "--since",
        metavar="TIME",
        default=None,
        help="Only journeys started at or after TIME (a date, or ISO 8601 with an offset).",
    ),
    click.option(
        "--until",
        metavar="TIME",
        default=None,
        help="Only journeys started before TIME (a date, or ISO 8601 with an offset).",
    ),
    click.option(
        "--body",
        multiple=True,
        metavar="ID",
        help="Only journeys that touched the body ID. Repeat for several.",
    ),
    click.option(
        "--outcome",
        multiple=True,
        metavar="OUTCOME",
        help="Only journeys that ended with OUTCOME. Repeat for several.",
    ),
    click.option(
        "--boundary",
        multiple=True,
        metavar="PAIR",
        help="Only journeys with a finding across the tier pair PAIR (e.g. central->local). "
        "Repeat for several.",
    ),
    click.option(
        "--crosses-nation/--within-nations",
        "crosses_nation",
        default=None,
        help="Only journeys with a finding that crosses a nation border (or with none).",
    ),
    click.option(
        "--gap",
        multiple=True,
        type=click.Choice([kind.value for kind in FindingKind]),
        help="Only journeys that met a finding of this kind. Repeat for several.",
    ),
)

FILTER_PARAMETERS = (
    "nation",
    "trigger",
    "since",
    "until",
    "body",
    "outcome",
    "boundary",
    "crosses_nation",
    "gap",
)
"""The names of the keyword arguments the options fill (and the filter's words)."""


def filter_options(command: F) -> F:
    """Add the filter options to ``command``, which receives them as ``where``."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        words = {name: kwargs.pop(name) for name in FILTER_PARAMETERS}
        kwargs["where"] = filter_from_options(**words)
        return command(*args, **kwargs)

    decorated: Any = wrapper
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def filter_from_options(
    *,
    nation: tuple[str, ...] = (),
    trigger: tuple[str, ...] = (),
    since: str | None = None,
    until: str | None = None,
    body: tuple[str, ...] = (),
    outcome: tuple[str, ...] = (),
    boundary: tuple[str, ...] = (),
    crosses_nation: bool | None = None,
    gap: tuple[str, ...] = (),
) -> JourneyFilter | None:
    """The filter the options name, or ``None`` when none was given.

    Raises:
        click.BadParameter: naming the option whose value cannot be used.
    """
    given: dict[str, Any] = {
        "nation": nation or None,
        "trigger": trigger or None,
        "since": _moment(since, "--since"),
        "until": _moment(until, "--until"),
        "body": body or None,
        "outcome": outcome or None,
        "boundary": boundary or None,
        "crosses_nation": crosses_nation,
        "gap": gap or None,
    }
    if all(value is None for value in given.values()):
        return None
    try:
        return JourneyFilter(**given)
    except JourneysError as error:
        word = str(error).removeprefix("filter ").split(":", 1)[0].split()[0]
        hint = f"--{word.replace('_', '-')}" if word in FILTER_PARAMETERS else None
        raise click.BadParameter(str(error), param_hint=hint) from None


def _moment(value: str | None, option: str) -> datetime | None:
    """A date (midnight UTC) or an ISO 8601 time with an offset."""
    if value is None:
        return None
    text = value.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date or an ISO 8601 time", param_hint=option
        ) from None
    if moment.utcoffset() is None:
        raise click.BadParameter(
            f"{value!r} has no UTC offset (add e.g. +00:00 or Z)", param_hint=option
        )
    return moment
