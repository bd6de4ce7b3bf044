"""``analyse()``: the gap analysis of a store or of any iterable of journey events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache

import attrs

from journeys.analysis.engine import GapEngine
from journeys.analysis.filters import JourneyFilter
from journeys.analysis.journey_facts import filtered_events
from journeys.analysis.life_events import LifeEvents
from journeys.analysis.result import Analysis
from journeys.application import JourneyApp
from journeys.blueprints import Blueprint
from journeys.bodies import Catalogue
from journeys.collector import collector_paused
from journeys.errors import AnalysisError
from journeys.journey import Journey
from journeys.privacy.erased import ErasedJourneys
from journeys.voice.body_feedback_record import BodyFeedbackRecord


def analyse(
    source: JourneyApp | Iterable[Journey.Event],
    *,
    catalogue: Catalogue | None = None,
    as_of: datetime | None = None,
    blueprint: Blueprint | Iterable[Blueprint] | None = None,
    life: LifeEvents | None = None,
    where: JourneyFilter | None = None,
) -> Analysis:
    """Find the gaps in ``source``: a :class:`~journeys.JourneyApp` or journey events.

    Events of one journey must come in order; journeys may interleave. The
    catalogue classifies each finding's boundary; it defaults to the app's
    catalogue, or to the bundled UK catalogue for plain events. ``as_of`` (a
    timezone-aware time) closes the journeys still open: their unanswered
    hand-offs count as dropped and their trailing unheld time is reported.

    With ``blueprint`` (one or several), each journey is also checked against the
    blueprint for its trigger and nation: ``sla_breach``, ``missing_step`` and
    ``unexpected_step`` findings are added, and an open journey's hand-off still
    within its SLA at ``as_of`` is in flight rather than dropped.

    The life-level gaps across each citizen's journeys (``life_reask``,
    ``missed_trigger``) follow the life-event table ``life``: which facts each
    life event changes, which journey should follow which (the bundled
    :func:`~journeys.analysis.bundled_life_events` unless given).

    The journeys of erased citizens are skipped and counted in
    :attr:`Analysis.journeys_erased`. An app's body-level feedback
    (:meth:`~journeys.JourneyApp.body_feedback`) joins the experience results,
    unless ``where`` narrows the analysis to a cohort: counts that no journey
    holds belong to no cohort.

    ``where`` (a :class:`~journeys.analysis.filters.JourneyFilter`) analyses only the
    journeys it keeps, exactly as if only their events had been given (so a
    life-level gap resting on a journey left out is not found), and
    :attr:`Analysis.filtered_by` says what was kept. Words known from a journey's
    start (nation, trigger, time window) are applied as the events stream by;
    the others (body, outcome, boundary, gap) take a first pass over every
    journey, and the words about findings run the analysis twice. A store is
    simply read twice; a plain iterable of events is then materialised as a
    list, so pass a store (or a list) for large populations.
    """
    erased = ErasedJourneys()
    body_feedback: list[BodyFeedbackRecord] = []
    if isinstance(source, JourneyApp):
        events: Iterable[Journey.Event] = (event for _, event in source.read_events(erased=erased))
        catalogue = catalogue if catalogue is not None else source.catalogue
        if where is None:
            body_feedback = list(source.body_feedback())
    else:
        events = source
        if catalogue is None:
            from journeys.data import uk_catalogue

            catalogue = uk_catalogue()
    as_of = check_as_of(as_of)
    with collector_paused():
        if where is not None:
            if blueprint is not None and not isinstance(blueprint, Blueprint):
                blueprint = list(blueprint)  # the first pass must not use it up
            known, designs, moment = catalogue, blueprint, as_of
            events = filtered_events(
                where,
                source,
                events,
                lambda every: _analyse(
                    every,
                    catalogue=known,
                    as_of=moment,
                    blueprint=designs,
                    erased=ErasedJourneys(),
                    life=life,
                ),
            )
        analysis = _analyse(
            events,
            catalogue=catalogue,
            as_of=as_of,
            blueprint=blueprint,
            erased=erased,
            life=life,
            body_feedback=body_feedback,
        )
    return analysis if where is None else attrs.evolve(analysis, filtered_by=where.describe())


def _analyse(
    events: Iterable[Journey.Event],
    *,
    catalogue: Catalogue,
    as_of: datetime | None,
    blueprint: Blueprint | Iterable[Blueprint] | None,
    erased: ErasedJourneys,
    life: LifeEvents | None,
    body_feedback: Iterable[BodyFeedbackRecord] = (),
) -> Analysis:
    engine = GapEngine(
        classify=cache(catalogue.boundary), blueprints=checked_blueprints(blueprint, catalogue)
    )
    engine.apply_all(events)
    return Analysis.build(
        engine,
        catalogue=catalogue,
        as_of=as_of,
        journeys_erased=erased.journeys,
        life=life,
        body_feedback=body_feedback,
    )


def checked_blueprints(
    blueprint: Blueprint | Iterable[Blueprint] | None, catalogue: Catalogue
) -> list[Blueprint]:
    """``blueprint`` (one, several or none) as a list, each checked against ``catalogue``."""
    if blueprint is None:
        return []
    blueprints = [blueprint] if isinstance(blueprint, Blueprint) else list(blueprint)
    for design in blueprints:
        design.check_bodies(catalogue)
    return blueprints


def check_as_of(as_of: datetime | None) -> datetime | None:
    """``as_of`` in UTC; a naive or non-datetime value is an :class:`AnalysisError`."""
    if as_of is None:
        return None
    if not isinstance(as_of, datetime) or as_of.utcoffset() is None:
        raise AnalysisError(f"as_of must be a timezone-aware datetime, got {as_of!r}")
    return as_of.astimezone(UTC)
