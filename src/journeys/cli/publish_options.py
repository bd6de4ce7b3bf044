"""``@publish_options``: ``--publish`` and ``--suppress-below``, the same on every command.

Decorate a command with ``publish_options(help)`` (``help`` says what that command
publishes) and it receives ``publish: bool`` and ``threshold: int | None``;
:func:`published_threshold` turns the two into the threshold to withhold counts below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from journeys.analysis.publishing import DEFAULT_THRESHOLD

F = TypeVar("F", bound=Callable[..., Any])

_SUPPRESS_BELOW = click.option(
    "--suppress-below",
    "threshold",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help=f"With --publish: withhold counts below N (default {DEFAULT_THRESHOLD}).",
)


def publish_options(publish_help: str) -> Callable[[F], F]:
    """``--publish`` (a flag, helped by ``publish_help``) then ``--suppress-below N``."""
    publish = click.option("--publish", is_flag=True, help=publish_help)

    def decorate(command: F) -> F:
        # click lists options in the order of the decorators as written, top first.
        return publish(_SUPPRESS_BELOW(command))

    return decorate


def published_threshold(publish: bool, threshold: int | None) -> int | None:
    """The count below which published output is withheld, ``None`` when not publishing.

    Raises:
        click.UsageError: ``--suppress-below`` was given without ``--publish``.
    """
    if threshold is not None and not publish:
        raise click.UsageError(
            "--suppress-below sets what --publish withholds: use it with --publish"
        )
    return (threshold or DEFAULT_THRESHOLD) if publish else None
