"""The life-level gaps, worked out from each citizen's record (definitions on the Gaps page).

- ``life_reask``: a body asks, in a journey of a citizen, for a fact the state was
  given in an *earlier* journey of the same citizen (one that started before the
  asking one), before the request, with no journey whose trigger changes that
  fact started in between, the asking journey's own trigger not changing it, and
  the fact not already given in the asking journey itself before the request
  (that is the journey-level ``reask`` rule's business). One finding per request
  and per (body first given the fact, earlier journey), from the earliest such
  giving to the request.
- ``missed_trigger``: a journey opened by a linked trigger A whose citizen's next
  journey opened by trigger B (the first at or after A's start) started later
  than the link's window after A — from A's start to B's start — or, with an
  ``as_of`` past the window, has not started at all — from A's start to ``as_of``.

Both are computed when an :class:`~journeys.analysis.Analysis` is built, from the
whole record, so they do not depend on the order the journeys were folded in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from datetime import datetime
from uuid import UUID

from journeys.analysis.citizen_fold import CitizenFold
from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.life_events import LifeEvents, TriggerLink


def life_findings(
    citizens: Iterable[CitizenFold], life: LifeEvents, as_of: datetime | None
) -> Iterator[Finding]:
    """The life-level findings of ``citizens`` under the declarations ``life``."""
    for citizen in citizens:
        yield from _reasks(citizen, life)
        for link in life.links:
            yield from _missed(citizen, link, as_of)


def _reasks(citizen: CitizenFold, life: LifeEvents) -> Iterator[Finding]:
    journeys = citizen.journeys
    if len(journeys) < 2 or not citizen.asked or not citizen.given:
        return  # across journeys needs two, and something given and asked
    changes: dict[str, list[datetime]] = {}
    for record in journeys:
        for item in life.changed_by(record.trigger):
            changes.setdefault(item, []).append(record.started_at)
    for times in changes.values():
        times.sort()
    given_items: dict[str, list[tuple[datetime, str, int]]] = {}
    for at, body, number, items in citizen.given:
        for item in items:
            given_items.setdefault(item, []).append((at, body, number))
    for asked_at, asker, asking, items in citizen.asked:
        this = journeys[asking]
        changed_here = life.changed_by(this.trigger)
        # (body first given, earlier journey's UUID) -> [(item, when given)]
        found: dict[tuple[str, UUID], list[tuple[str, datetime]]] = {}
        for item in items:
            given = given_items.get(item)
            if not given or item in changed_here:
                continue
            if any(number == asking and at < asked_at for at, _, number in given):
                continue  # the asking journey's own: the reask rule's business
            times = changes.get(item, [])
            index = bisect_right(times, asked_at)
            since = times[index - 1] if index else None
            earlier = [
                (at, body, journeys[number].journey)
                for at, body, number in given
                if number != asking
                and at < asked_at
                and (since is None or at >= since)
                and journeys[number].started_at < this.started_at
            ]
            if earlier:
                # Ties broken by UUID, never by the order the journeys were folded in.
                at, body, journey = min(earlier, key=lambda g: (g[0], g[1], g[2].int))
                found.setdefault((body, journey), []).append((item, at))
        for (body, journey), told in sorted(found.items(), key=lambda x: (x[0][0], x[0][1].int)):
            yield Finding(
                FindingKind.LIFE_REASK,
                this.journey,
                body,
                asker,
                min(at for _, at in told),
                asked_at,
                tuple(sorted(item for item, _ in told)),
                detail=f"given in an earlier journey, {journey}",
            )


def _missed(citizen: CitizenFold, link: TriggerLink, as_of: datetime | None) -> Iterator[Finding]:
    targets = sorted(
        (record.started_at, record.journey.int, record)
        for record in citizen.journeys
        if record.trigger == link.target
    )
    times = [started for started, _, _ in targets]
    sources = sorted(
        (record for record in citizen.journeys if record.trigger == link.source),
        key=lambda record: record.journey.int,
    )
    for source in sources:
        deadline = source.started_at + link.within
        index = bisect_right(times, source.started_at)
        # The first target journey at or after the source's start (ties included).
        while index and times[index - 1] == source.started_at:
            index -= 1
        if index < len(targets):
            started, _, target = targets[index]
            if started <= deadline:
                continue
            yield Finding(
                FindingKind.MISSED_TRIGGER,
                source.journey,
                source.last_body,
                target.first_body,
                source.started_at,
                started,
                detail=(
                    f"{link.target} journey {target.journey} started after the "
                    f"{link.within.days} days allowed after {link.source}"
                ),
            )
        elif as_of is not None and as_of > deadline:
            yield Finding(
                FindingKind.MISSED_TRIGGER,
                source.journey,
                source.last_body,
                None,
                source.started_at,
                as_of,
                detail=(
                    f"no {link.target} journey within the {link.within.days} days "
                    f"allowed after {link.source}, by as_of"
                ),
            )
