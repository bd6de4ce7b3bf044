"""Findings summarised by the boundary they cross: tier pair, and nation crossing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import attrs

from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.statistics import DurationStats

SAME_NATION = "within-nation"
CROSS_NATION = "cross-nation"


@attrs.frozen
class BoundarySummary:
    """The findings of one kind across one boundary.

    ``boundary`` is a tier pair (``"central->local"``) or, in the nation-crossing
    summary, ``"cross-nation"`` / ``"within-nation"``.
    """

    kind: FindingKind
    boundary: str
    stats: DurationStats

    @property
    def count(self) -> int:
        """How many findings."""
        return self.stats.count


def summarise_by_tier_pair(findings: tuple[Finding, ...]) -> tuple[BoundarySummary, ...]:
    """One row per (kind, tier pair)."""
    return _summarise(findings, lambda f: f.boundary.tier_pair if f.boundary else "unknown")


def summarise_by_nation_crossing(findings: tuple[Finding, ...]) -> tuple[BoundarySummary, ...]:
    """One row per (kind, whether the boundary crosses a nation border)."""
    return _summarise(
        findings,
        lambda f: CROSS_NATION if f.boundary and f.boundary.crosses_nation else SAME_NATION,
    )


def _summarise(
    findings: tuple[Finding, ...], label: Callable[[Finding], str]
) -> tuple[BoundarySummary, ...]:
    groups: dict[tuple[FindingKind, str], list[float]] = defaultdict(list)
    for finding in findings:
        groups[(finding.kind, label(finding))].append(finding.duration_seconds)
    rows = []
    for (kind, boundary), durations in sorted(
        groups.items(), key=lambda g: (g[0][0].value, g[0][1])
    ):
        stats = DurationStats.of(durations)
        assert stats is not None
        rows.append(BoundarySummary(kind, boundary, stats))
    return tuple(rows)
