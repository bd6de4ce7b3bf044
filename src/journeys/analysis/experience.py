"""How journeys felt: the experience results, worked out from what the gap engine tallied.

:func:`build_experience` turns the tally's feedback records, complaint counts,
body-journey counts and channel counts, the analysis findings and the journey
map's nodes into an :class:`~journeys.analysis.experience_model.Experience`:

- ``by_node``: the scores of the feedback about each ``(body, about)``;
- ``by_body``: each body's scores (feedback given in journeys), its complaints
  (made, and resolved by outcome) and the journeys it took citizens on in, so that
  :attr:`~journeys.analysis.experience_model.BodyExperience.complaints_per_1000_journeys`
  compares bodies of different sizes;
- ``gaps_and_sentiment``: :func:`~journeys.analysis.gap_sentiment.gaps_and_sentiment`
  (an association between gaps and scores, not a cause);
- ``silent_nodes`` and ``silent_bodies``: where the citizen went and no feedback
  came from — as telling as a poor score;
- ``body_level``: counts of answers about a body that no journey holds (an NHS
  Friends and Family Test month), scored with the instrument table;
- ``channels``: how citizens reached each body.

:func:`experience_by_stage` places the feedback of a blueprint's journeys on the
blueprint's stages, for the experience curve. Every function here is pure: no
I/O, and the same result whatever order the records came in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from uuid import UUID

from journeys.analysis.experience_model import (
    BodyExperience,
    BodyLevelFeedback,
    ChannelUse,
    Experience,
    NodeExperience,
    StageExperience,
)
from journeys.analysis.experience_stats import summarise_counts, summarise_scores
from journeys.analysis.findings import Finding
from journeys.analysis.gap_sentiment import SENTIMENT_KINDS, gaps_and_sentiment
from journeys.analysis.tally import FeedbackRecord, Tally
from journeys.blueprints import Blueprint
from journeys.errors import InvalidValueError
from journeys.voice.body_feedback_record import BodyFeedbackRecord
from journeys.voice.instruments import Instruments, bundled_instruments

__all__ = ["body_level_feedback", "build_experience", "experience_by_stage"]

_OUTCOMES = ("upheld", "partially_upheld", "not_upheld")


def build_experience(
    tally: Tally,
    findings: Iterable[Finding],
    nodes: Iterable[tuple[str | None, str | None]],
    body_feedback: Iterable[BodyFeedbackRecord] = (),
    *,
    instruments: Instruments | None = None,
) -> Experience:
    """The experience results of ``tally`` (with the analysis ``findings`` and the
    touchpoint journey map's ``nodes``, as ``(body, label)``), and of the body-level
    feedback ``body_feedback`` scored with ``instruments`` (the bundled table unless
    given; an answer an instrument does not have is an
    :class:`~journeys.errors.UnknownAnswerError`)."""
    records = tally.feedback
    by_node: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    by_body: dict[str, list[float | None]] = defaultdict(list)
    for record in records:
        by_node[(record.body, record.about)].append(record.score)
        by_body[record.body].append(record.score)
    bodies = sorted(
        set(by_body) | {body for body, _ in tally.complaints} | set(tally.body_journeys)
    )
    silent_nodes = tuple(
        (body, label)
        for body, label in sorted(
            {(b, lab) for b, lab in nodes if b is not None and lab is not None}
        )
        if (body, label) not in by_node
    )
    return Experience(
        by_node=tuple(
            NodeExperience(body, about, summarise_scores(by_node[(body, about)]))
            for body, about in sorted(by_node)
        ),
        by_body=tuple(
            BodyExperience(
                body=body,
                scores=summarise_scores(by_body.get(body, ())),
                journeys=tally.body_journeys.get(body, 0),
                complaints_made=tally.complaints.get((body, "made"), 0),
                complaints_upheld=tally.complaints.get((body, "upheld"), 0),
                complaints_partially_upheld=tally.complaints.get((body, "partially_upheld"), 0),
                complaints_not_upheld=tally.complaints.get((body, "not_upheld"), 0),
            )
            for body in bodies
        ),
        gaps_and_sentiment=gaps_and_sentiment(records, findings),
        silent_nodes=silent_nodes,
        silent_bodies=tuple(sorted(body for body in tally.body_journeys if body not in by_body)),
        body_level=body_level_feedback(body_feedback, instruments),
        channels=_channels(tally.channels),
    )


def _channels(counts: Counter[tuple[str, str]]) -> tuple[ChannelUse, ...]:
    by_body: dict[str, dict[str, int]] = defaultdict(dict)
    for (body, channel), count in counts.items():
        if count:
            by_body[body][channel] = count
    return tuple(ChannelUse(body, tuple(sorted(by_body[body].items()))) for body in sorted(by_body))


def body_level_feedback(
    records: Iterable[BodyFeedbackRecord], instruments: Instruments | None = None
) -> tuple[BodyLevelFeedback, ...]:
    """Each body-level record scored with ``instruments`` (the bundled table unless
    given), sorted by body, subject, instrument, period and source.

    An unknown instrument is an :class:`~journeys.errors.UnknownInstrumentError`, an
    answer it does not have an :class:`~journeys.errors.UnknownAnswerError`, and a
    count that is not a whole number of at least 0 an
    :class:`~journeys.errors.InvalidValueError`; each names the record's source."""
    table = instruments if instruments is not None else bundled_instruments()
    scored = []
    for record in records:
        instrument = table.get(record.instrument)
        responses = 0
        scores: Counter[float] = Counter()
        for answer, count in record.answers.items():
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise InvalidValueError(
                    f"{record.source}: the count of answer {answer!r} about {record.body!r} "
                    f"must be a whole number of at least 0, got {count!r}"
                )
            score = instrument.score(answer)
            responses += count
            if score is not None:
                scores[score] += count
        scored.append(
            BodyLevelFeedback(
                body=record.body,
                about=record.about,
                instrument=record.instrument,
                period_start=record.period_start,
                period_end=record.period_end,
                scores=summarise_counts(responses, scores),
                source=record.source,
            )
        )
    scored.sort(
        key=lambda f: (f.body, f.about or "", f.instrument, f.period_start, f.period_end, f.source)
    )
    return tuple(scored)


def experience_by_stage(
    records: Iterable[FeedbackRecord], findings: Iterable[Finding], blueprint: Blueprint
) -> tuple[StageExperience, ...]:
    """The feedback and gaps of ``blueprint``'s journeys, stage by stage, in blueprint order
    (every stage, those with no feedback included: a silent stage is worth seeing).

    Only journeys of the blueprint's trigger, in a nation it covers, count. A piece
    of feedback belongs to a stage when its ``(body, about)`` is ``(the body that
    serves the step in the journey's nation, the step's service)`` for a step of the
    stage (the first such stage, should two stages have the same step). A gap (a
    per-journey finding other than hand-off latency) belongs to the first stage with
    a step that its receiving body (``to_body``) serves in the journey's nation: the
    stage at which the citizen reached that body; a gap with no receiving body, or
    at a body the blueprint does not use, is on no stage.

    A journey's trigger and nation are known to the analysis from its feedback, so
    the gaps counted are those of the journeys that gave feedback: the same
    citizens whose scores the curve shows.
    """
    stages = blueprint.stages
    places: dict[tuple[str, str, str], int] = {}  # (nation, body, service) -> stage
    servers: dict[tuple[str, str], int] = {}  # (nation, body) -> first stage it serves
    for position, stage in enumerate(stages):
        for step in stage.steps:
            for served, body in step.bodies.items():
                places.setdefault((served.value, body, step.service), position)
                servers.setdefault((served.value, body), position)
    covered = {served.value for served in blueprint.nations}
    journeys: dict[UUID, str] = {}
    scores: dict[int, list[float | None]] = defaultdict(list)
    for record in records:
        if record.trigger != blueprint.trigger or record.nation not in covered:
            continue
        journeys[record.journey] = record.nation
        place = places.get((record.nation, record.body, record.about))
        if place is not None:
            scores[place].append(record.score)
    gaps: dict[int, Counter[str]] = defaultdict(Counter)
    for finding in findings:
        where = journeys.get(finding.journey)
        if where is None or finding.kind not in SENTIMENT_KINDS or finding.to_body is None:
            continue
        place = servers.get((where, finding.to_body))
        if place is not None:
            gaps[place][finding.kind.value] += 1
    return tuple(
        StageExperience(
            blueprint=blueprint.id,
            stage=stage.id,
            title=stage.title,
            position=position,
            scores=summarise_scores(scores.get(position, ())),
            gaps=tuple(sorted(gaps[position].items())) if position in gaps else (),
        )
        for position, stage in enumerate(stages)
    )
