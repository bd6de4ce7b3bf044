"""The body scorecard: how each body does at its boundaries, and what citizens said of it."""

from __future__ import annotations

from collections import defaultdict

import attrs

from journeys.analysis.experience_stats import summarise_scores
from journeys.analysis.findings import LIFE_KINDS, Finding, FindingKind
from journeys.analysis.statistics import DurationStats
from journeys.analysis.tally import Tally


@attrs.frozen
class BodyScore:
    """One body's figures.

    *Inbound* means hand-offs to this body (its latency is how long it took to
    accept); *outbound* hand-offs it sent. ``drops_in`` are hand-offs to it that
    were never answered, ``rejections_made`` hand-offs it refused.
    ``reasks_caused`` counts requests in which it asked for facts the citizen had
    given elsewhere. ``unheld_before`` is the unheld time that ended when this body
    took the citizen on; ``unheld_after`` the unheld time that began when it let go.

    ``complaints_made`` counts the complaints made to the body, ``journeys`` the
    journeys in which it took the citizen on (a case or a touchpoint), and
    ``feedback_mean`` is the mean score (-2..+2) of the ``feedback_scored`` scored
    answers given about it in journeys (``None``: none).
    """

    body: str
    handoffs_in: int
    handoffs_out: int
    inbound_latency: DurationStats | None
    outbound_latency: DurationStats | None
    drops_in: int
    drops_out: int
    rejections_made: int
    rejections_received: int
    reasks_caused: int
    cold_transfers_in: int
    unheld_before: DurationStats | None
    unheld_after: DurationStats | None
    complaints_made: int = 0
    journeys: int = 0
    feedback_scored: int = 0
    feedback_mean: float | None = None

    @property
    def complaints_per_1000_journeys(self) -> float | None:
        """Complaints made per 1,000 journeys the body took part in (``None``: none)."""
        return 1000.0 * self.complaints_made / self.journeys if self.journeys else None


def build_scorecard(tally: Tally, findings: tuple[Finding, ...]) -> tuple[BodyScore, ...]:
    """One :class:`BodyScore` per body that appears in a hand-off or finding, or that
    complaints or feedback were made about, by id."""
    sent_in: dict[str, int] = defaultdict(int)
    sent_out: dict[str, int] = defaultdict(int)
    for (from_body, to_body), count in tally.handoffs_sent.items():
        sent_out[from_body] += count
        sent_in[to_body] += count
    into: dict[tuple[FindingKind, str], list[float]] = defaultdict(list)
    out_of: dict[tuple[FindingKind, str], list[float]] = defaultdict(list)
    for finding in findings:
        if finding.kind in LIFE_KINDS:  # not a hand-off's: the scorecard is per journey
            continue
        if finding.to_body is not None:
            into[(finding.kind, finding.to_body)].append(finding.duration_seconds)
        if finding.from_body is not None:
            out_of[(finding.kind, finding.from_body)].append(finding.duration_seconds)
    feedback: dict[str, list[float | None]] = defaultdict(list)
    for record in tally.feedback:
        feedback[record.body].append(record.score)
    said = {body: summarise_scores(scores) for body, scores in feedback.items()}
    complained = {
        body for (body, what), count in tally.complaints.items() if what == "made" and count
    }
    # Bodies with no hand-off or finding join only when citizens spoke of them: a store
    # without feedback or complaints keeps the scorecard it always had.
    bodies = sorted(
        set(sent_in)
        | set(sent_out)
        | {body for _, body in into}
        | {body for _, body in out_of}
        | set(feedback)
        | complained
    )
    return tuple(
        BodyScore(
            body=body,
            handoffs_in=sent_in.get(body, 0),
            handoffs_out=sent_out.get(body, 0),
            inbound_latency=DurationStats.of(into.get((FindingKind.HANDOFF_LATENCY, body), [])),
            outbound_latency=DurationStats.of(out_of.get((FindingKind.HANDOFF_LATENCY, body), [])),
            drops_in=len(into.get((FindingKind.DROPPED_HANDOFF, body), [])),
            drops_out=len(out_of.get((FindingKind.DROPPED_HANDOFF, body), [])),
            rejections_made=len(into.get((FindingKind.REJECTED_HANDOFF, body), [])),
            rejections_received=len(out_of.get((FindingKind.REJECTED_HANDOFF, body), [])),
            reasks_caused=len(into.get((FindingKind.REASK, body), [])),
            cold_transfers_in=len(into.get((FindingKind.COLD_TRANSFER, body), [])),
            unheld_before=DurationStats.of(into.get((FindingKind.UNHELD_TIME, body), [])),
            unheld_after=DurationStats.of(out_of.get((FindingKind.UNHELD_TIME, body), [])),
            complaints_made=tally.complaints.get((body, "made"), 0),
            journeys=tally.body_journeys.get(body, 0),
            feedback_scored=said[body].scored if body in said else 0,
            feedback_mean=said[body].mean if body in said else None,
        )
        for body in bodies
    )
