"""``lives()``: several citizens, each with several journeys — for the life-level gaps.

The gap engine's life-level gaps (``life_reask``, ``missed_trigger``) span the
journeys of one citizen, so a property about them needs populations in which a
citizen has more than one journey, starting at different times and overlapping
or not. Each journey is drawn with :func:`~journeys.testing.journeys`, so it is
valid and may hold any gap of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from journeys.bodies import Catalogue
from journeys.journey import Journey
from journeys.testing.strategies import DEFAULT_START, journeys


def lives(
    *,
    catalogue: Catalogue | None = None,
    citizens: int = 3,
    journeys_per_citizen: int = 4,
    start: datetime = DEFAULT_START,
    span: timedelta = timedelta(days=3 * 365),
) -> st.SearchStrategy[list[Journey]]:
    """Lists of journeys of one to ``citizens`` citizens (``life-1``, ``life-2`` ...),
    each with one to ``journeys_per_citizen`` journeys starting at times drawn in
    ``[start, start + span]``, some ended and some open, all over ``catalogue`` (one
    drawn with :func:`~journeys.testing.catalogues` when ``None``).

    The journeys are not saved (``app.save(*journeys)`` records them); draw their
    events with ``[e for j in journeys for e in j.collect_events()]``, or interleave
    them: journeys may interleave freely, a journey's own events may not.

    >>> from hypothesis import find
    >>> population = find(lives(), lambda found: len({j.citizen for j in found}) == 2)
    >>> len({journey.citizen for journey in population})
    2
    """
    if citizens < 1 or journeys_per_citizen < 1:
        raise ValueError("citizens and journeys_per_citizen must be at least 1")
    if start.utcoffset() is None:
        raise ValueError(f"start must be timezone-aware, got {start!r}")
    return _lives(catalogue, citizens, journeys_per_citizen, start.astimezone(UTC), span)


@st.composite
def _lives(
    draw: st.DrawFn,
    catalogue: Catalogue | None,
    citizens: int,
    journeys_per_citizen: int,
    start: datetime,
    span: timedelta,
) -> list[Journey]:
    if catalogue is None:
        from journeys.testing.strategies import catalogues

        catalogue = draw(catalogues(min_size=3, max_size=6))
    naive_start = start.replace(tzinfo=None)
    starts = st.datetimes(
        min_value=naive_start, max_value=naive_start + span, timezones=st.just(UTC)
    )
    population: list[Journey] = []
    for number in range(1, draw(st.integers(1, citizens)) + 1):
        for _ in range(draw(st.integers(1, journeys_per_citizen))):
            ended = draw(st.booleans())
            population.append(
                draw(
                    journeys(
                        catalogue=catalogue,
                        citizens=st.just(f"life-{number}"),
                        start=starts,
                        ended=ended,
                    )
                )
            )
    return population
