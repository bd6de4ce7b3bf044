"""The hand-off network: bodies, and what passed (or failed to pass) between them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import attrs

from journeys.analysis.findings import LIFE_KINDS, Finding, FindingKind
from journeys.analysis.statistics import DurationStats
from journeys.analysis.tally import BodyPair, Tally
from journeys.bodies import Boundary


@attrs.frozen
class NetworkEdge:
    """Everything observed from ``from_body`` to ``to_body``.

    ``handoffs`` counts hand-offs sent; ``accepted``, ``rejected`` and ``dropped``
    their outcomes (the rest are still in flight). ``latency`` summarises accepted
    hand-offs. ``reasks`` counts facts given to ``from_body`` and asked for again by
    ``to_body``; ``cold_transfers`` cases the citizen carried from one to the other
    themselves; ``unheld`` the unheld time between the two.
    """

    from_body: str
    to_body: str
    boundary: Boundary
    handoffs: int
    accepted: int
    rejected: int
    dropped: int
    latency: DurationStats | None
    reasks: int
    cold_transfers: int
    unheld: DurationStats | None

    @property
    def in_flight(self) -> int:
        """Hand-offs sent and not (yet) answered or dropped."""
        return self.handoffs - self.accepted - self.rejected - self.dropped


@attrs.frozen
class HandoffNetwork:
    """Bodies (sorted) and edges (sorted by from, then to)."""

    bodies: tuple[str, ...]
    edges: tuple[NetworkEdge, ...]

    @classmethod
    def build(
        cls,
        tally: Tally,
        findings: tuple[Finding, ...],
        boundary: Callable[[str | None, str | None], Boundary],
    ) -> HandoffNetwork:
        """Build the network from the hand-offs sent and the (classified) findings."""
        by_kind: dict[tuple[FindingKind, str, str], list[float]] = defaultdict(list)
        pairs: set[BodyPair] = set(tally.handoffs_sent)
        for finding in findings:
            if finding.from_body is None or finding.to_body is None or finding.kind in LIFE_KINDS:
                continue
            pair = (finding.from_body, finding.to_body)
            pairs.add(pair)
            by_kind[(finding.kind, *pair)].append(finding.duration_seconds)
        edges = []
        for from_body, to_body in sorted(pairs):

            def durations(kind: FindingKind, f: str = from_body, t: str = to_body) -> list[float]:
                return by_kind.get((kind, f, t), [])

            edges.append(
                NetworkEdge(
                    from_body=from_body,
                    to_body=to_body,
                    boundary=boundary(from_body, to_body),
                    handoffs=tally.handoffs_sent.get((from_body, to_body), 0),
                    accepted=len(durations(FindingKind.HANDOFF_LATENCY)),
                    rejected=len(durations(FindingKind.REJECTED_HANDOFF)),
                    dropped=len(durations(FindingKind.DROPPED_HANDOFF)),
                    latency=DurationStats.of(durations(FindingKind.HANDOFF_LATENCY)),
                    reasks=len(durations(FindingKind.REASK)),
                    cold_transfers=len(durations(FindingKind.COLD_TRANSFER)),
                    unheld=DurationStats.of(durations(FindingKind.UNHELD_TIME)),
                )
            )
        bodies = sorted({body for pair in pairs for body in pair})
        return cls(tuple(bodies), tuple(edges))
