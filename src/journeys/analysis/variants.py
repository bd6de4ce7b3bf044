"""Variants: the distinct paths journeys take, with how many take each and how long they last.

A journey's *path* is the sequence of journey-map nodes it visits (the cases it
opened and the touchpoints it had, in the order the journey map's
directly-follows relation reads them: see :mod:`journeys.analysis.directly_follows`)
at a :class:`~journeys.analysis.Granularity`: ``touchpoint`` (body + service or
activity), ``activity`` (the service or activity alone) or ``body``. Journeys
with the same path are one *variant* — what process-mining tools call a trace
variant. Each variant has its count, its share of the journeys, and the
statistics of the durations (``Started`` to ``Ended``) of its ended journeys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from journeys.analysis.filters import JourneyFilter
from journeys.analysis.journey_map import Granularity
from journeys.analysis.statistics import DurationStats
from journeys.errors import AnalysisError
from journeys.journey import Journey

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = ["Step", "Variant", "Variants", "journey_paths", "variants"]

Step = tuple[str | None, str | None]
"""A node of a path: ``(body, label)``, as the journey map's nodes (``None`` where the
granularity leaves a part out)."""


def step_text(step: Step) -> str:
    """A step as people read it: ``body · label``, or whichever part there is."""
    return " · ".join(part for part in step if part) or "?"


@attrs.frozen
class Variant:
    """One distinct path, its journeys and their durations.

    ``rank`` is 1 for the most common variant. ``durations`` (seconds, from the
    journey's start to its end) covers the ``ended`` journeys of the variant; it
    is ``None`` when none of them has ended.
    """

    rank: int
    steps: tuple[Step, ...]
    count: int
    share: float
    ended: int
    durations: DurationStats | None

    @property
    def path_text(self) -> str:
        """The path as one line of text, steps joined by arrows."""
        return " → ".join(step_text(step) for step in self.steps) or "(no steps)"

    def to_json(self) -> dict[str, Any]:
        """The variant as JSON-ready data."""
        stats = self.durations
        return {
            "rank": self.rank,
            "steps": [{"body": body, "label": label} for body, label in self.steps],
            "count": self.count,
            "share": self.share,
            "ended": self.ended,
            "duration_seconds": None if stats is None else attrs.asdict(stats),
        }


@attrs.frozen
class Variants:
    """The variants of a population, most common first (ties: by path).

    ``journeys`` counts every journey read; ``distinct`` the variants among them;
    ``variants`` holds the top ones asked for, and ``left_out`` the journeys of
    the variants beyond them. ``filtered_by`` says which journeys were read when a
    filter was given.
    """

    granularity: Granularity
    journeys: int
    distinct: int
    variants: tuple[Variant, ...]
    left_out: int
    filtered_by: str | None = None

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per variant (``pandas.DataFrame(variants.rows())``)."""
        return [
            {
                "rank": v.rank,
                "path": v.path_text,
                "steps": len(v.steps),
                "count": v.count,
                "share": v.share,
                "ended": v.ended,
                "median_seconds": v.durations.median if v.durations else None,
                "p90_seconds": v.durations.p90 if v.durations else None,
            }
            for v in self.variants
        ]

    def to_json(self) -> dict[str, Any]:
        """The variants as JSON-ready data."""
        return {
            "granularity": self.granularity.value,
            "journeys": self.journeys,
            "distinct": self.distinct,
            "left_out": self.left_out,
            "filtered_by": self.filtered_by,
            "variants": [v.to_json() for v in self.variants],
        }


@attrs.define
class _Path:
    started_at: datetime
    steps: list[Step] = attrs.field(factory=list)
    held: list[tuple[Step, datetime, datetime]] | None = None
    ended_at: datetime | None = None

    def add(self, step: Step, start: datetime | None, completed: datetime) -> None:
        # As the journey map reads them: from the first step with a start time, steps
        # are ordered by (start, completion), ties in recorded order.
        if self.held is not None or start is not None:
            if self.held is None:
                self.held = []
            self.held.append((step, completed if start is None else start, completed))
        else:
            self.steps.append(step)

    def path(self) -> tuple[Step, ...]:
        held = sorted(self.held or (), key=lambda h: (h[1], h[2]))
        return (*self.steps, *(step for step, _, _ in held))


def journey_paths(
    events: Iterable[Journey.Event], granularity: Granularity | str = Granularity.TOUCHPOINT
) -> Iterator[tuple[UUID, tuple[Step, ...], float | None]]:
    """Each journey's id, path at ``granularity`` and duration in seconds (``None``
    while open), in the order the journeys started. Events of one journey must
    come in order; journeys may interleave."""
    wanted = Granularity(granularity)
    paths: dict[UUID, _Path] = {}
    for event in events:
        if isinstance(event, Journey.Started):
            paths[event.originator_id] = _Path(event.occurred_at)
            continue
        path = paths.get(event.originator_id)
        if path is None:
            raise AnalysisError(
                f"event {type(event).__name__} of journey {event.originator_id} arrived "
                "without the journey's start"
            )
        if isinstance(event, Journey.CaseOpened):
            path.add(_project((event.body, event.service), wanted), None, event.occurred_at)
        elif isinstance(event, Journey.Touchpoint):
            step = _project((event.body, event.activity), wanted)
            path.add(step, event.started_at, event.occurred_at)
        elif isinstance(event, Journey.Ended):
            path.ended_at = event.occurred_at
    for journey, path in paths.items():
        seconds = (
            None if path.ended_at is None else (path.ended_at - path.started_at).total_seconds()
        )
        yield journey, path.path(), seconds


def _project(node: Step, granularity: Granularity) -> Step:
    body, label = node
    if granularity is Granularity.ACTIVITY:
        return (None, label)
    if granularity is Granularity.BODY:
        return (body, None)
    return node


def variants_of(
    paths: Iterable[tuple[UUID, tuple[Step, ...], float | None]],
    *,
    granularity: Granularity | str = Granularity.TOUCHPOINT,
    top: int | None = None,
    filtered_by: str | None = None,
) -> Variants:
    """The :class:`Variants` of ``paths`` (as :func:`journey_paths` gives them)."""
    if top is not None and top < 1:
        raise AnalysisError(f"top must be at least 1, got {top}")
    counts: Counter[tuple[Step, ...]] = Counter()
    durations: dict[tuple[Step, ...], list[float]] = {}
    for _, steps, seconds in paths:
        counts[steps] += 1
        if seconds is not None:
            durations.setdefault(steps, []).append(seconds)
    total = sum(counts.values())
    ordered = sorted(counts, key=lambda steps: (-counts[steps], _path_key(steps)))
    kept = ordered if top is None else ordered[:top]
    chosen = tuple(
        Variant(
            rank=rank,
            steps=steps,
            count=counts[steps],
            share=counts[steps] / total,
            ended=len(durations.get(steps, ())),
            durations=DurationStats.of(durations.get(steps, ())),
        )
        for rank, steps in enumerate(kept, start=1)
    )
    return Variants(
        granularity=Granularity(granularity),
        journeys=total,
        distinct=len(counts),
        variants=chosen,
        left_out=total - sum(v.count for v in chosen),
        filtered_by=filtered_by,
    )


def _path_key(steps: tuple[Step, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((body or "", label or "") for body, label in steps)


def variants(
    source: JourneyApp | Iterable[Journey.Event],
    *,
    granularity: Granularity | str = Granularity.TOUCHPOINT,
    where: JourneyFilter | None = None,
    top: int | None = None,
    as_of: datetime | None = None,
) -> Variants:
    """The variants of the journeys in ``source`` (a store or journey events), most
    common first; ``top`` keeps that many. ``where`` reads only the journeys a
    :class:`~journeys.analysis.filters.JourneyFilter` keeps (``as_of`` is the
    analysis time its words about findings are decided at, as for
    :func:`~journeys.analysis.analyse`). Journeys of erased citizens are skipped.
    """
    from journeys.analysis.batch import analyse
    from journeys.application import JourneyApp

    try:
        wanted = Granularity(granularity)
    except ValueError:
        choices = ", ".join(g.value for g in Granularity)
        raise AnalysisError(f"unknown granularity {granularity!r} (choose {choices})") from None
    if isinstance(source, JourneyApp):
        events: Iterable[Journey.Event] = (event for _, event in source.read_events())
        catalogue = source.catalogue
    else:
        events = source
        catalogue = None
    if where is not None:
        from journeys.analysis.journey_facts import filtered_events

        events = filtered_events(
            where,
            source,
            events,
            lambda every: analyse(every, catalogue=catalogue, as_of=as_of),
        )
    return variants_of(
        journey_paths(events, wanted),
        granularity=wanted,
        top=top,
        filtered_by=None if where is None else where.describe(),
    )
