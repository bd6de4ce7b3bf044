"""Rich tables of what citizens said: experience by body, gaps and sentiment, silent
bodies and body-level feedback, as ``journeys analyse`` prints them.

:func:`experience_tables` gives none when nothing was heard (no feedback, complaint,
channel or body-level count), so the output for a store without them is as before.
Scores are on the -2..+2 scale, written with a sign; intervals are 95 %.
"""

from __future__ import annotations

from rich.table import Table

from journeys.analysis import Analysis, FindingKind
from journeys.analysis.experience_model import ChannelUse, ScoreSummary
from journeys.cli.tables import KIND_TITLES, Cells, new_table

__all__ = [
    "SILENT_ROWS",
    "body_level_table",
    "experience_by_body_table",
    "experience_tables",
    "gaps_and_sentiment_table",
    "silent_bodies_table",
]

SILENT_ROWS = 12
"""How many silent bodies the table lists (those that took most citizens on)."""


def experience_tables(analysis: Analysis, cells: Cells | None = None) -> list[Table]:
    """The experience tables of ``analysis``, or none if nothing was heard."""
    experience = analysis.experience
    if not experience.heard:
        return []
    cells = cells if cells is not None else Cells()
    tables = [experience_by_body_table(analysis, cells)]
    if experience.gaps_and_sentiment and experience.by_node:
        tables.append(gaps_and_sentiment_table(analysis, cells))
    if experience.silent_bodies:
        tables.append(silent_bodies_table(analysis, cells))
    if experience.body_level:
        tables.append(body_level_table(analysis, cells))
    return tables


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


def _interval(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:+.2f} to {high:+.2f}"


def _summary_cells(scores: ScoreSummary, cells: Cells) -> tuple[str, str, str]:
    """Mean, interval and the number of scored answers."""
    return (
        cells.stat(_score(scores.mean), scores.scored),
        cells.stat(_interval(scores.ci_low, scores.ci_high), scores.scored),
        cells.count(scores.scored),
    )


def _digital_share(use: ChannelUse | None, cells: Cells) -> str:
    if use is None or use.digital_share is None:
        return ""
    return cells.stat(f"{use.digital_share:.0%}", *(count for _, count in use.counts))


def experience_by_body_table(analysis: Analysis, cells: Cells | None = None) -> Table:
    """Per body that citizens spoke of or reached by a named channel: its mean score with
    the 95 % interval and the number of scored answers, complaints made and per 1,000
    journeys it took citizens on in, and the online share of its cases and touchpoints."""
    cells = cells if cells is not None else Cells()
    experience = analysis.experience
    channels = {use.body: use for use in experience.channels}
    table = new_table(
        "Experience by body (scores -2..+2)",
        *("body", "mean", "95% interval", "answers", "complaints", "per 1,000", "online"),
        right=("mean", "95% interval", "answers", "complaints", "per 1,000", "online"),
    )
    for body in experience.by_body:
        if not (body.scores.responses or body.complaints_made or body.body in channels):
            continue
        rate = body.complaints_per_1000_journeys
        table.add_row(
            body.body,
            *_summary_cells(body.scores, cells),
            cells.count(body.complaints_made),
            cells.stat("" if rate is None else f"{rate:.1f}", body.complaints_made, body.journeys),
            _digital_share(channels.get(body.body), cells),
        )
    return table


def gaps_and_sentiment_table(analysis: Analysis, cells: Cells | None = None) -> Table:
    """Per kind of gap (at any boundary, then by tier pair): how many journeys with
    feedback met it and did not, matched on trigger and nation (``unmatched``: those
    whose trigger and nation held no journey of the other kind, left out), and the
    difference in their mean scores with its 95 % interval. An association, not a
    cause."""
    cells = cells if cells is not None else Cells()
    table = new_table(
        "Gaps and sentiment: score with the gap minus without (matched on trigger and "
        "nation; an association, not a cause)",
        *("gap", "boundary", "with", "without", "unmatched", "difference", "95% interval"),
        right=("with", "without", "unmatched", "difference", "95% interval"),
    )
    for row in analysis.experience.gaps_and_sentiment:
        sizes = (row.journeys_with, row.journeys_without)
        table.add_row(
            KIND_TITLES[FindingKind(row.kind)],
            row.boundary or "any",
            cells.count(row.journeys_with),
            cells.count(row.journeys_without),
            cells.count(row.journeys_unmatched),
            cells.stat(_score(row.difference), *sizes),
            cells.stat(_interval(row.ci_low, row.ci_high), *sizes),
        )
    return table


def silent_bodies_table(
    analysis: Analysis, cells: Cells | None = None, *, limit: int = SILENT_ROWS
) -> Table:
    """The bodies that took citizens on but were given no feedback, those that took most
    citizens on first (the rest are counted in the caption, and listed in the JSON)."""
    cells = cells if cells is not None else Cells()
    journeys = {body.body: body.journeys for body in analysis.experience.by_body}
    silent = sorted(
        analysis.experience.silent_bodies,
        key=lambda body: (cells.hides(journeys.get(body, 0)), -journeys.get(body, 0), body),
    )
    table = new_table("Silent bodies (no feedback)", "body", "journeys", right=("journeys",))
    for body in silent[:limit]:
        table.add_row(body, cells.count(journeys.get(body, 0)))
    if len(silent) > limit:
        table.caption = f"and {len(silent) - limit} more"
    return table


def body_level_table(analysis: Analysis, cells: Cells | None = None) -> Table:
    """Counts of answers about bodies that no journey holds (an NHS Friends and Family
    Test month, say): the mean score with its interval, per body, subject and period."""
    cells = cells if cells is not None else Cells()
    table = new_table(
        "Body-level feedback (scores -2..+2)",
        *("body", "about", "instrument", "period", "responses", "mean", "95% interval"),
        right=("responses", "mean", "95% interval"),
    )
    for row in analysis.experience.body_level:
        scores = row.scores
        table.add_row(
            row.body,
            row.about or "",
            row.instrument,
            f"{row.period_start.isoformat()} to {row.period_end.isoformat()}",
            cells.count(scores.responses),
            cells.stat(_score(scores.mean), scores.scored),
            cells.stat(_interval(scores.ci_low, scores.ci_high), scores.scored),
        )
    return table
