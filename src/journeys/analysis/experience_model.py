"""What the analysis says about how journeys felt: the values of the experience results.

These are the frozen values that :mod:`journeys.analysis.experience` computes from
the feedback, complaints and channels the gap engine tallied (and from body-level
feedback such as the NHS Friends and Family Test's monthly counts), and that the
analysis JSON, the CLI tables and the pictures read. Scores are on the one scale
of :mod:`journeys.voice.instruments`, from -2 (worst) to +2 (best).
"""

from __future__ import annotations

from datetime import date

import attrs

__all__ = [
    "BodyExperience",
    "BodyLevelFeedback",
    "ChannelUse",
    "Experience",
    "GapSentiment",
    "NodeExperience",
    "ScoreSummary",
    "StageExperience",
]


@attrs.frozen
class ScoreSummary:
    """Scores of a group of answers: how many, their mean and its 95 % confidence
    interval (``None`` where there are too few scored answers to say)."""

    responses: int
    """Answers given, scored or not ("don't know" counts here)."""
    scored: int
    """Answers that carry a score."""
    mean: float | None
    ci_low: float | None
    ci_high: float | None


@attrs.frozen
class NodeExperience:
    """Feedback about one journey-map node: ``about`` at ``body``."""

    body: str
    about: str
    scores: ScoreSummary


@attrs.frozen
class BodyExperience:
    """One body's feedback (from journeys) and complaints."""

    body: str
    scores: ScoreSummary
    journeys: int
    """Journeys in which the body took the citizen on (a case or a touchpoint)."""
    complaints_made: int
    complaints_upheld: int
    complaints_partially_upheld: int
    complaints_not_upheld: int

    @property
    def complaints_per_1000_journeys(self) -> float | None:
        """Complaints made per 1,000 journeys the body took part in (``None``: none)."""
        return 1000.0 * self.complaints_made / self.journeys if self.journeys else None


@attrs.frozen
class StageExperience:
    """Feedback about the steps of one stage of a blueprint, and the gaps met there."""

    blueprint: str
    stage: str
    title: str
    position: int
    """The stage's place in the blueprint, from 0."""
    scores: ScoreSummary
    gaps: tuple[tuple[str, int], ...]
    """``(finding kind, count)`` of the per-journey gaps whose receiving body serves a
    step of this stage, sorted by kind."""


@attrs.frozen
class GapSentiment:
    """How journeys that met a kind of gap (at a boundary) scored against journeys that
    did not, matched on trigger and nation. An association, not a cause.

    ``difference`` is the with-gap mean journey score minus the without-gap one,
    averaged over the (trigger, nation) strata that hold journeys of both kinds,
    weighted by their with-gap journeys; its 95 % interval is ``ci_low``..``ci_high``.
    ``journeys_with`` and ``journeys_without`` count the journeys compared (in those
    strata); ``mean_with`` is their with-gap mean and ``mean_without`` the without-gap
    mean reweighted to the with-gap journeys' strata, so ``difference`` is (up to
    rounding) ``mean_with - mean_without``. See :mod:`journeys.analysis.gap_sentiment`.
    """

    kind: str
    boundary: str | None
    """A tier pair (``"central->local"``), or ``None`` for the kind at every boundary."""
    journeys_with: int
    journeys_without: int
    mean_with: float | None
    mean_without: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    strata: int
    """The (trigger, nation) strata that held journeys both with and without the gap."""
    journeys_unmatched: int = 0
    """Journeys with scored feedback left out of the comparison: their stratum held no
    journey of the other kind."""


@attrs.frozen
class BodyLevelFeedback:
    """Counts of answers about a body not tied to any journey (an NHS FFT month, a
    GOV.UK feedback export with no journey reference)."""

    body: str
    about: str | None
    instrument: str
    period_start: date
    period_end: date
    scores: ScoreSummary
    source: str


@attrs.frozen
class ChannelUse:
    """How citizens reached one body: cases and touchpoints by channel."""

    body: str
    counts: tuple[tuple[str, int], ...]
    """``(channel, count)``, sorted by channel."""

    @property
    def digital_share(self) -> float | None:
        """The share that was ``online`` (``None`` when no channel was named)."""
        total = sum(count for _, count in self.counts)
        online = sum(count for channel, count in self.counts if channel == "online")
        return online / total if total else None


@attrs.frozen
class Experience:
    """Everything the analysis says about how journeys felt."""

    by_node: tuple[NodeExperience, ...]
    by_body: tuple[BodyExperience, ...]
    gaps_and_sentiment: tuple[GapSentiment, ...]
    silent_nodes: tuple[tuple[str, str], ...]
    """Journey-map nodes ``(body, label)`` no feedback was about."""
    silent_bodies: tuple[str, ...]
    """Bodies that took citizens on but were given no feedback."""
    body_level: tuple[BodyLevelFeedback, ...]
    channels: tuple[ChannelUse, ...]

    def __repr__(self) -> str:
        """One line (answers, complaints, comparisons, what was silent): the rows
        themselves are in the fields."""
        # Imported here: the notebook module reads these values.
        from journeys.analysis.notebook import experience_repr

        return experience_repr(self)

    def _repr_html_(self) -> str:
        """A small HTML summary, which Jupyter shows for the experience."""
        from journeys.analysis.notebook import experience_html

        return experience_html(self)

    @property
    def heard(self) -> bool:
        """Whether anything was heard from citizens: feedback (in journeys or body-level),
        a complaint, or a channel named. Without any, the tables of the experience are
        left out of ``journeys analyse``."""
        return bool(
            self.by_node
            or self.body_level
            or self.channels
            or any(body.complaints_made for body in self.by_body)
        )
