"""What the report shows, worked out from a store: plain values, no HTML.

:func:`assemble` reads the store's events once into memory and runs every
analysis of the report over that list: the whole population (or the part a
:class:`~journeys.analysis.filters.JourneyFilter` keeps), then one filtered
analysis per nation and per life event found in it. Only the figures and
tables go in the per-nation and per-life-event tabs; the pictures (map, network,
variants, timelines) are of the whole report's population.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import attrs

from journeys.analysis.batch import analyse
from journeys.analysis.filters import JourneyFilter
from journeys.analysis.findings import GAP_KINDS, FindingKind
from journeys.analysis.journey_facts import JourneyFacts, chosen_journeys, facts_of
from journeys.analysis.result import Analysis
from journeys.analysis.statistics import DurationStats
from journeys.analysis.variants import Variants, journey_paths, variants_of
from journeys.application import JourneyApp
from journeys.bodies import Catalogue, Nation
from journeys.journey import Journey
from journeys.journey_refs import imported_case

DEFAULT_TIMELINES = 20
"""How many journeys' timelines the report holds by default (those with the most gaps)."""

DEFAULT_VARIANTS = 10
"""How many variants each variants table shows by default."""


@attrs.frozen
class KindRow:
    """The findings of one kind: how many, in how many journeys, and how long they took."""

    kind: str
    findings: int
    journeys: int
    stats: DurationStats | None


@attrs.frozen
class BoundaryRow:
    """The findings of one kind across one boundary (tier pair, or nation crossing)."""

    kind: str
    boundary: str
    stats: DurationStats


@attrs.frozen
class Figures:
    """The headline figures of an analysis."""

    started: int
    ended: int
    open: int
    gaps: int
    journeys_with_gaps: int
    dropped: int
    median_handoff_seconds: float | None
    unheld_seconds: float

    @property
    def share_with_gaps(self) -> float:
        """The share of the started journeys that met at least one gap."""
        return self.journeys_with_gaps / self.started if self.started else 0.0


@attrs.frozen
class Section:
    """The figures and tables of one population: the whole report, a nation, a life event."""

    key: str
    title: str
    scope: str
    figures: Figures
    kinds: tuple[KindRow, ...]
    tier_pairs: tuple[BoundaryRow, ...]
    nation_crossing: tuple[BoundaryRow, ...]
    variants: Variants


@attrs.frozen
class JourneyEntry:
    """One journey in the finder's index."""

    id: UUID
    case: str | None
    trigger: str
    nation: str
    started_at: datetime
    outcome: str | None
    gaps: int
    has_timeline: bool


@attrs.frozen
class ReportData:
    """Everything the report shows; ``analysis`` is the whole report's population's."""

    title: str
    source: str
    overview: Section
    analysis: Analysis
    nations: tuple[Section, ...]
    triggers: tuple[Section, ...]
    journeys: tuple[JourneyEntry, ...]
    timeline_ids: tuple[UUID, ...]
    events: dict[UUID, list[Journey.Event]] = attrs.field(eq=False, repr=False)


def assemble(
    app: JourneyApp,
    *,
    source: str,
    where: JourneyFilter | None = None,
    as_of: datetime | None = None,
    timelines: int = DEFAULT_TIMELINES,
    top_variants: int = DEFAULT_VARIANTS,
    title: str | None = None,
) -> ReportData:
    """The report's data for the journeys of ``app`` that ``where`` keeps."""
    events = [event for _, event in app.read_events()]
    catalogue = app.catalogue
    analysis = analyse(events, catalogue=catalogue, as_of=as_of, where=where)
    kept = _kept(events, analysis, where, catalogue, as_of)
    by_journey: dict[UUID, list[Journey.Event]] = {}
    for event in events:
        if event.originator_id in kept:
            by_journey.setdefault(event.originator_id, []).append(event)
    ordered = [event for journey_events in by_journey.values() for event in journey_events]
    scope = where.describe() if where is not None else "all journeys"
    overview = _section("overview", "Overview", scope, analysis, ordered, top_variants)

    facts = facts_of(ordered)
    nations = sorted({fact.started.nation for fact in facts.values()}, key=lambda n: n.value)
    triggers = sorted({fact.started.trigger for fact in facts.values()})

    def tab(where: JourneyFilter, key: str, title: str) -> Section:
        return _tab(ordered, facts, where, key, title, scope, catalogue, as_of, top_variants)

    nation_sections = tuple(
        tab(JourneyFilter(nation=n), f"nation-{i}", _nation_name(n)) for i, n in enumerate(nations)
    )
    trigger_sections = tuple(
        tab(JourneyFilter(trigger=trigger), f"trigger-{i}", trigger)
        for i, trigger in enumerate(triggers)
    )
    gaps = Counter(f.journey for f in analysis.findings if f.kind in GAP_KINDS)
    chosen = tuple(sorted(facts, key=lambda j: (-gaps[j], str(j)))[: max(timelines, 0)])
    with_timeline = set(chosen)
    entries = tuple(
        JourneyEntry(
            id=journey,
            case=_case(fact),
            trigger=fact.started.trigger,
            nation=fact.started.nation.value,
            started_at=fact.started.occurred_at,
            outcome=fact.outcome,
            gaps=gaps[journey],
            has_timeline=journey in with_timeline,
        )
        for journey, fact in facts.items()
    )
    return ReportData(
        title=title or "Journeys report",
        source=source,
        overview=overview,
        analysis=analysis,
        nations=nation_sections,
        triggers=trigger_sections,
        journeys=entries,
        timeline_ids=chosen,
        events={journey: by_journey[journey] for journey in chosen},
    )


def _tab(
    events: list[Journey.Event],
    facts: dict[UUID, JourneyFacts],
    where: JourneyFilter,
    key: str,
    title: str,
    scope: str,
    catalogue: Catalogue,
    as_of: datetime | None,
    top: int,
) -> Section:
    """The section of the journeys ``where`` keeps (words about starts only)."""
    analysis = analyse(events, catalogue=catalogue, as_of=as_of, where=where)
    journeys = {
        journey
        for journey, fact in facts.items()
        if where.admits_start(fact.started.nation, fact.started.trigger, fact.started.occurred_at)
    }
    words = where.describe()
    within = words if scope == "all journeys" else f"{scope}; {words}"
    kept = [event for event in events if event.originator_id in journeys]
    return _section(key, title, within, analysis, kept, top)


def _kept(
    events: Sequence[Journey.Event],
    analysis: Analysis,
    where: JourneyFilter | None,
    catalogue: Catalogue,
    as_of: datetime | None,
) -> set[UUID]:
    """The journeys the report's population holds."""
    started = {e.originator_id for e in events if isinstance(e, Journey.Started)}
    if where is None or where.is_everything:
        return started
    return chosen_journeys(
        where, events, lambda every: analyse(every, catalogue=catalogue, as_of=as_of)
    )


def _section(
    key: str,
    title: str,
    scope: str,
    analysis: Analysis,
    events: Sequence[Journey.Event],
    top_variants: int,
) -> Section:
    findings = analysis.findings
    per_kind: dict[FindingKind, list[float]] = {}
    journeys: dict[FindingKind, set[UUID]] = {}
    for finding in findings:
        per_kind.setdefault(finding.kind, []).append(finding.duration_seconds)
        journeys.setdefault(finding.kind, set()).add(finding.journey)
    kinds = tuple(
        KindRow(
            kind.value,
            len(per_kind.get(kind, ())),
            len(journeys.get(kind, ())),
            DurationStats.of(per_kind.get(kind, ())),
        )
        for kind in FindingKind
    )
    gap_journeys = {f.journey for f in findings if f.kind in GAP_KINDS}
    latency = DurationStats.of(per_kind.get(FindingKind.HANDOFF_LATENCY, ()))
    unheld = per_kind.get(FindingKind.UNHELD_TIME, [])
    figures = Figures(
        started=analysis.journeys_started,
        ended=analysis.journeys_ended,
        open=analysis.journeys_open,
        gaps=sum(1 for f in findings if f.kind in GAP_KINDS),
        journeys_with_gaps=len(gap_journeys),
        dropped=len(per_kind.get(FindingKind.DROPPED_HANDOFF, ())),
        median_handoff_seconds=latency.median if latency else None,
        unheld_seconds=sum(unheld),
    )
    return Section(
        key=key,
        title=title,
        scope=scope,
        figures=figures,
        kinds=kinds,
        tier_pairs=tuple(
            BoundaryRow(row.kind.value, row.boundary, row.stats) for row in analysis.by_tier_pair
        ),
        nation_crossing=tuple(
            BoundaryRow(row.kind.value, row.boundary, row.stats)
            for row in analysis.by_nation_crossing
        ),
        variants=variants_of(journey_paths(events), top=top_variants, filtered_by=scope),
    )


def _case(fact: JourneyFacts) -> str | None:
    ref = imported_case(fact.started.citizen, fact.started.originator_id)
    return None if ref is None else str(ref)


def _nation_name(nation: Nation) -> str:
    return nation.value.replace("-", " ").title()
