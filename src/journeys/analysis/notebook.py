"""How an analysis shows itself in a notebook and at the prompt.

An :class:`~journeys.analysis.Analysis` of a real population holds every finding,
so the ``repr`` attrs would write is megabytes (7.6 MB for the demo's). These
functions write what a person wants to see instead: a one-line ``repr`` (journeys,
findings by kind, ``as_of``, the filter, whether citizens spoke) and a small HTML
summary for Jupyter's rich display (``_repr_html_``): the headline figures, the
findings by kind, the worst boundaries and hand-offs, and the headline of the
experience when citizens said anything.

Every value in the HTML is escaped: body ids and names come from event logs, and a
hostile one must stay text. Nothing here is used for equality.
"""

from __future__ import annotations

import html
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from journeys.analysis.experience_model import Experience
from journeys.analysis.findings import FindingKind

if TYPE_CHECKING:
    from journeys.analysis.result import Analysis

__all__ = ["analysis_html", "analysis_repr", "experience_html", "experience_repr"]

TOP_ROWS = 5
"""Rows in each of the HTML summary's "worst" tables."""

MIN_SCORED = 10
"""Scored answers a body needs to be listed among the lowest-scored (fewer say little)."""

_STYLE = (
    "<style>.journeys-summary table{border-collapse:collapse;margin:0.3em 0 0.8em}"
    ".journeys-summary th,.journeys-summary td{padding:0.15em 0.6em;text-align:left}"
    ".journeys-summary .n{text-align:right;font-variant-numeric:tabular-nums}"
    ".journeys-summary caption{text-align:left;font-weight:bold}"
    ".journeys-summary p.note{font-size:smaller;margin-top:-0.6em}</style>"
)


# --- repr ---------------------------------------------------------------------------


def analysis_repr(analysis: Analysis) -> str:
    """One line: journeys started, ended and open, findings by kind (the kinds found),
    ``as_of``, the filter and whether citizens spoke."""
    counts = ", ".join(f"{kind} {count:,}" for kind, count in analysis.counts().items() if count)
    started = analysis.journeys_started
    parts = [
        f"{started:,} journey{'' if started == 1 else 's'} started,"
        f" {analysis.journeys_ended:,} ended, {analysis.journeys_open:,} open",
        f"{len(analysis.findings):,} finding{'' if len(analysis.findings) == 1 else 's'}"
        + (f" ({counts})" if counts else ""),
        f"as_of={analysis.as_of.isoformat() if analysis.as_of else None}",
        f"filtered_by={analysis.filtered_by!r}",
        "citizens heard" if analysis.experience.heard else "citizens not heard",
    ]
    return f"<Analysis: {'; '.join(parts)}>"


def experience_repr(experience: Experience) -> str:
    """One line: answers, complaints, comparisons and what was silent."""
    responses = sum(body.scores.responses for body in experience.by_body)
    scored = sum(body.scores.scored for body in experience.by_body)
    complaints = sum(body.complaints_made for body in experience.by_body)
    parts = [
        f"{responses:,} answers ({scored:,} scored) about {len(experience.by_node):,} touchpoints",
        f"{complaints:,} complaints",
        f"{len(experience.gaps_and_sentiment):,} gap comparisons",
        f"{len(experience.silent_nodes):,} silent touchpoints,"
        f" {len(experience.silent_bodies):,} silent bodies",
        f"{len(experience.body_level):,} body-level rows",
        f"channels at {len(experience.channels):,} bodies",
    ]
    return f"<Experience: {'; '.join(parts)}>"


# --- HTML ---------------------------------------------------------------------------


def _e(value: object) -> str:
    """``value`` as HTML text, quotes included (so it is safe in an attribute too)."""
    return html.escape(str(value), quote=True)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    # Imported here: the analysis does not otherwise depend on the pictures.
    from journeys.render.durations import human_duration

    return human_duration(seconds)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A small table ("" without rows); a cell that is an ``int`` is right-aligned and
    written with commas (and so is its column's header)."""
    rows = list(rows)
    if not rows:
        return ""
    numeric = [isinstance(cell, int) and not isinstance(cell, bool) for cell in rows[0]]
    head = "".join(
        f'<th class="n">{_e(name)}</th>' if right else f"<th>{_e(name)}</th>"
        for name, right in zip(header, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{cell:,}</td>'
            if isinstance(cell, int) and not isinstance(cell, bool)
            else f"<td>{_e(cell)}</td>"
            for cell in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><caption>{_e(caption)}</caption><tr>{head}</tr>{body}</table>"


def analysis_html(analysis: Analysis) -> str:
    """The analysis as a small HTML summary (what a notebook shows for it)."""
    sections = [_headline(analysis), _by_kind(analysis), _worst_boundaries(analysis)]
    sections.append(_worst_handoffs(analysis))
    if analysis.experience.heard:
        sections.append(_experience_headline(analysis.experience))
    return f'<div class="journeys-summary">{_STYLE}{"".join(sections)}</div>'


def experience_html(experience: Experience) -> str:
    """The experience as a small HTML summary (what a notebook shows for it)."""
    return f'<div class="journeys-summary">{_STYLE}{_experience_headline(experience)}</div>'


def _headline(analysis: Analysis) -> str:
    notes = [
        f"as of {analysis.as_of.isoformat()}"
        if analysis.as_of
        else "no as_of: journeys still open are left open"
    ]
    if analysis.filtered_by:
        notes.append(f"filtered: {analysis.filtered_by}")
    if analysis.journeys_erased:
        notes.append(f"{analysis.journeys_erased:,} journeys of erased citizens skipped")
    figures = _table(
        "Journeys",
        ("started", "ended", "open", "findings"),
        [
            (
                analysis.journeys_started,
                analysis.journeys_ended,
                analysis.journeys_open,
                len(analysis.findings),
            )
        ],
    )
    return f"<p><strong>Analysis</strong> ({_e('; '.join(notes))})</p>{figures}"


def _by_kind(analysis: Analysis) -> str:
    durations: defaultdict[FindingKind, list[float]] = defaultdict(list)
    for finding in analysis.findings:
        durations[finding.kind].append(finding.duration_seconds)
    rows = [
        (
            kind.value,
            len(durations[kind]),
            _duration(statistics.median(durations[kind])),
            _duration(sum(durations[kind])),
        )
        for kind in FindingKind
        if durations[kind]
    ]
    return _table("Findings by kind", ("kind", "count", "median", "total"), rows)


def _worst_boundaries(analysis: Analysis) -> str:
    rows = sorted(
        (row for row in analysis.by_tier_pair if row.kind is not FindingKind.HANDOFF_LATENCY),
        key=lambda row: (-row.stats.total, row.kind.value, row.boundary),
    )[:TOP_ROWS]
    return _table(
        "Worst boundaries (time lost)",
        ("boundary", "kind", "count", "median", "total"),
        (
            (
                row.boundary,
                row.kind.value,
                row.count,
                _duration(row.stats.median),
                _duration(row.stats.total),
            )
            for row in rows
        ),
    )


def _worst_handoffs(analysis: Analysis) -> str:
    edges = sorted(
        (e for e in analysis.handoff_network.edges if e.dropped or e.rejected or e.cold_transfers),
        key=lambda e: (-(e.dropped + e.rejected + e.cold_transfers), e.from_body, e.to_body),
    )[:TOP_ROWS]
    table = _table(
        "Worst hand-offs between bodies",
        ("from", "to", "hand-offs", "dropped", "rejected", "cold transfers"),
        (
            (e.from_body, e.to_body, e.handoffs, e.dropped, e.rejected, e.cold_transfers)
            for e in edges
        ),
    )
    # Cold transfers are not hand-offs, so they can outnumber them: say so.
    return table and table + (
        '<p class="note">Cold transfers: cases the citizen carried from one body to the'
        " other themselves, with no hand-off accepted; they are not among the hand-offs.</p>"
    )


def _experience_headline(experience: Experience) -> str:
    bodies = experience.by_body
    responses = sum(body.scores.responses for body in bodies)
    scored = sum(body.scores.scored for body in bodies)
    # Every answer in a journey is about one body, so the scored-weighted mean of the
    # bodies' means is the mean of all the scored answers.
    weighted = [(b.scores.mean, b.scores.scored) for b in bodies if b.scores.mean is not None]
    mean = sum(m * n for m, n in weighted) / scored if weighted and scored else None
    made = sum(body.complaints_made for body in bodies)
    upheld = sum(body.complaints_upheld + body.complaints_partially_upheld for body in bodies)
    figures = _table(
        "What citizens said",
        ("answers", "scored", "mean score (−2..+2)", "complaints", "upheld (in part)"),
        [(responses, scored, _score(mean), made, upheld)],
    )
    # Lowest first; only bodies with enough answers to say something.
    lowest = sorted(
        (b for b in bodies if b.scores.mean is not None and b.scores.scored >= MIN_SCORED),
        key=lambda b: (b.scores.mean, b.body),
    )[:TOP_ROWS]
    low_table = _table(
        "Lowest-scored bodies",
        ("body", "scored", "mean", "95 % interval"),
        (
            (
                b.body,
                b.scores.scored,
                _score(b.scores.mean),
                f"{_score(b.scores.ci_low)} .. {_score(b.scores.ci_high)}",
            )
            for b in lowest
        ),
    )
    gaps = sorted(
        (
            row
            for row in experience.gaps_and_sentiment
            if row.boundary is None and row.difference is not None
        ),
        key=lambda row: (row.difference, row.kind),
    )[:TOP_ROWS]
    gap_table = _table(
        "Gaps and scores (with the gap minus without; an association)",
        ("kind", "journeys with", "difference", "95 % interval"),
        (
            (
                row.kind,
                row.journeys_with,
                _score(row.difference),
                f"{_score(row.ci_low)} .. {_score(row.ci_high)}",
            )
            for row in gaps
        ),
    )
    return figures + low_table + gap_table
