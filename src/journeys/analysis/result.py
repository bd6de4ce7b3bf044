"""``Analysis``: the findings and aggregate views of a set of journeys.

An analysis is computed from a :class:`~journeys.analysis.engine.GapEngine`'s
tally and the folds of the journeys still open, by the same code whether they
came from a batch run or a tracked projection. ``to_json()`` follows the versioned schema shipped
with the package (``journeys/data/schemas/analysis-2.schema.json``; see
:mod:`journeys.analysis.analysis_json`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

import attrs

from journeys.analysis.analysis_json import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    analysis_json,
    edge_row,
    finding_row,
    network_row,
    score_row,
)
from journeys.analysis.engine import GapEngine
from journeys.analysis.experience import build_experience, experience_by_stage
from journeys.analysis.experience_model import Experience, StageExperience
from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.frames import AnalysisFrames
from journeys.analysis.journey_map import Granularity, JourneyMap
from journeys.analysis.life_events import LifeEvents, bundled_life_events
from journeys.analysis.life_gaps import life_findings
from journeys.analysis.network import HandoffNetwork
from journeys.analysis.notebook import analysis_html, analysis_repr
from journeys.analysis.publishing import DEFAULT_THRESHOLD
from journeys.analysis.scorecard import BodyScore, build_scorecard
from journeys.analysis.summary import (
    BoundarySummary,
    summarise_by_nation_crossing,
    summarise_by_tier_pair,
)
from journeys.analysis.tally import Tally
from journeys.blueprints import Blueprint, load_bundled_blueprint
from journeys.bodies import Catalogue
from journeys.voice.body_feedback_record import BodyFeedbackRecord
from journeys.voice.instruments import Instruments

__all__ = ["SCHEMA_ID", "SCHEMA_VERSION", "Analysis"]


@attrs.frozen
class Analysis:
    """What the analysis found in a set of journeys.

    ``findings`` are sorted by time (then journey, kind and bodies) and each has
    its ``boundary``. ``journey_map`` is at touchpoint granularity; call
    :meth:`map` for another. ``journeys_open`` counts journeys neither ended nor
    closed by ``as_of``. ``journeys_erased`` counts the journeys of erased
    citizens that the reading skipped; it is a note on the reading, not part of
    the result, so two analyses that differ only in it are equal.

    ``experience`` is what citizens said: feedback by touchpoint and body,
    complaints, channels, silent touchpoints and bodies, body-level feedback, and
    gaps against scores (:mod:`journeys.analysis.experience`); call
    :meth:`experience_by_stage` for a blueprint's stages.
    """

    findings: tuple[Finding, ...]
    journey_map: JourneyMap
    handoff_network: HandoffNetwork
    scorecard: tuple[BodyScore, ...]
    by_tier_pair: tuple[BoundarySummary, ...]
    by_nation_crossing: tuple[BoundarySummary, ...]
    journeys_started: int
    journeys_ended: int
    journeys_open: int
    as_of: datetime | None
    experience: Experience
    _tally: Tally = attrs.field(eq=False, repr=False, alias="tally")
    journeys_erased: int = attrs.field(default=0, eq=False)
    filtered_by: str | None = attrs.field(default=None, eq=False)
    """What ``analyse(where=...)`` kept, in plain words: a note, like ``journeys_erased``."""

    @classmethod
    def build(
        cls,
        engine: GapEngine,
        *,
        catalogue: Catalogue,
        as_of: datetime | None,
        journeys_erased: int = 0,
        life: LifeEvents | None = None,
        body_feedback: Iterable[BodyFeedbackRecord] = (),
        instruments: Instruments | None = None,
    ) -> Analysis:
        """Compute the analysis of what ``engine`` has folded.

        With ``as_of``, the journeys still open are closed at that time
        (:meth:`GapEngine.close_open_journeys`: their unanswered hand-offs count as
        dropped — unless still within a blueprint's SLA — their trailing unheld
        time is reported and, if the engine checks blueprints, their conformance);
        without it they are left open.

        The life-level findings (``life_reask``, ``missed_trigger``) are worked out
        from the engine's citizen folds under ``life`` (the bundled life-event
        table unless given); ``as_of`` also closes the windows of trigger links.

        ``body_feedback`` (counts of answers about bodies that no journey holds, such
        as the NHS Friends and Family Test's) joins the experience results, scored
        with ``instruments`` (the bundled table unless given).
        """
        boundary = cache(catalogue.boundary)
        tally = engine.tally
        combined = tally.copy()
        if as_of is not None:
            combined.merge(engine.close_open_journeys(as_of))
        combined.findings.extend(
            life_findings(
                engine.citizens.values(),
                life if life is not None else bundled_life_events(),
                as_of,
            )
        )
        findings = tuple(
            sorted(
                (
                    f
                    if f.boundary is not None
                    else attrs.evolve(f, boundary=boundary(f.from_body, f.to_body))
                    for f in combined.findings
                ),
                key=Finding.sort_key,
            )
        )
        journey_map = JourneyMap.from_tally(combined)
        return cls(
            findings=findings,
            journey_map=journey_map,
            handoff_network=HandoffNetwork.build(combined, findings, boundary),
            scorecard=build_scorecard(combined, findings),
            by_tier_pair=summarise_by_tier_pair(findings),
            by_nation_crossing=summarise_by_nation_crossing(findings),
            journeys_started=tally.journeys_started,
            journeys_ended=tally.journeys_ended,
            journeys_open=0 if as_of is not None else len(engine.folds),
            as_of=as_of,
            experience=build_experience(
                combined,
                findings,
                (node.key for node in journey_map.nodes),
                body_feedback,
                instruments=instruments,
            ),
            tally=combined,
            journeys_erased=journeys_erased,
        )

    # --- display ------------------------------------------------------------------------

    def __repr__(self) -> str:
        """One line (journeys, findings by kind, ``as_of``, the filter, whether citizens
        spoke): the findings themselves are in ``findings``."""
        return analysis_repr(self)

    def _repr_html_(self) -> str:
        """A small HTML summary, which Jupyter shows for the analysis."""
        return analysis_html(self)

    @property
    def frames(self) -> AnalysisFrames:
        """The analysis as Polars data frames (needs ``pip install "journeys[frames]"``;
        ``.to_pandas()`` on any of them for pandas): see
        :class:`~journeys.analysis.frames.AnalysisFrames`."""
        return AnalysisFrames(self)

    # --- queries ------------------------------------------------------------------------

    def map(self, granularity: Granularity | str = Granularity.TOUCHPOINT) -> JourneyMap:
        """The journey map at ``granularity`` (``touchpoint``, ``activity`` or ``body``)."""
        return JourneyMap.from_tally(self._tally, Granularity(granularity))

    def of_kind(self, kind: FindingKind | str) -> tuple[Finding, ...]:
        """The findings of one kind."""
        wanted = FindingKind(kind)
        return tuple(f for f in self.findings if f.kind is wanted)

    def counts(self) -> dict[str, int]:
        """How many findings of each kind (every kind listed, zeros included)."""
        totals = {kind.value: 0 for kind in FindingKind}
        for finding in self.findings:
            totals[finding.kind.value] += 1
        return totals

    def experience_by_stage(self, blueprint: Blueprint | str) -> tuple[StageExperience, ...]:
        """The feedback and gaps of ``blueprint``'s journeys (a :class:`Blueprint`, or the
        id of a bundled one), stage by stage in blueprint order: what an experience
        curve draws (see :func:`journeys.analysis.experience.experience_by_stage`)."""
        design = load_bundled_blueprint(blueprint) if isinstance(blueprint, str) else blueprint
        return experience_by_stage(self._tally.feedback, self.findings, design)

    # --- plain data ---------------------------------------------------------------------

    def finding_rows(self) -> list[dict[str, Any]]:
        """One plain dict per finding (``pandas.DataFrame(analysis.finding_rows())``)."""
        return [finding_row(f) for f in self.findings]

    def map_rows(
        self, granularity: Granularity | str = Granularity.TOUCHPOINT
    ) -> list[dict[str, Any]]:
        """One plain dict per journey-map edge."""
        return [edge_row(edge) for edge in self.map(granularity).edges]

    def network_rows(self) -> list[dict[str, Any]]:
        """One plain dict per hand-off network edge."""
        return [network_row(edge) for edge in self.handoff_network.edges]

    def scorecard_rows(self) -> list[dict[str, Any]]:
        """One plain dict per body."""
        return [score_row(score) for score in self.scorecard]

    def to_json(
        self,
        *,
        granularity: Granularity | str = Granularity.TOUCHPOINT,
        publish: bool = False,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> dict[str, Any]:
        """The analysis as JSON-ready data, following schema version 2, with the
        journey map at ``granularity`` (``touchpoint``, ``activity`` or ``body``).

        With ``publish``, it is made fit to publish
        (:mod:`journeys.analysis.publishing`): every count below ``threshold`` and
        every statistic resting on one is ``null``, the per-journey findings are left
        out, and a ``suppressed`` note says so."""
        return analysis_json(
            self, granularity=granularity, publish_safely=publish, threshold=threshold
        )
