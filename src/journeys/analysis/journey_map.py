"""The journey map: touchpoints and the directly-follows transitions between them.

At ``activity`` granularity this is the relation process-mining tools call the
performance directly-follows graph, with the same counts and durations.
"""

from __future__ import annotations

import enum
from array import array
from collections import Counter

import attrs

from journeys.analysis.statistics import DurationStats
from journeys.analysis.tally import NodeKey, Tally


class Granularity(enum.Enum):
    """What a journey-map node stands for."""

    TOUCHPOINT = "touchpoint"
    """A body and a service (cases) or an activity (touchpoints)."""
    ACTIVITY = "activity"
    """The service or activity alone, whichever body performed it."""
    BODY = "body"
    """The body alone."""


def map_node(step: NodeKey, granularity: Granularity) -> tuple[str | None, str | None]:
    """The map node a ``(body, label)`` step stands for at ``granularity``: the label
    alone at activity granularity, the body alone at body granularity."""
    body, label = step
    if granularity is Granularity.ACTIVITY:
        return (None, label)
    if granularity is Granularity.BODY:
        return (body, None)
    return (body, label)


@attrs.frozen(order=True)
class MapNode:
    """A node of the journey map. ``body`` is ``None`` at activity granularity and
    ``label`` is ``None`` at body granularity."""

    body: str | None
    label: str | None
    visits: int = attrs.field(order=False)
    starts: int = attrs.field(order=False)
    ends: int = attrs.field(order=False)

    @property
    def key(self) -> tuple[str | None, str | None]:
        """The node's identity: ``(body, label)``."""
        return (self.body, self.label)


@attrs.frozen
class MapEdge:
    """A directly-follows edge with the durations of its transitions."""

    source: tuple[str | None, str | None]
    target: tuple[str | None, str | None]
    stats: DurationStats

    @property
    def count(self) -> int:
        """How many times the target directly followed the source."""
        return self.stats.count


@attrs.frozen
class JourneyMap:
    """Nodes (sorted by key) and edges (sorted by source, then target)."""

    granularity: Granularity
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]

    @classmethod
    def from_tally(
        cls, tally: Tally, granularity: Granularity = Granularity.TOUCHPOINT
    ) -> JourneyMap:
        """Build the map of ``tally`` at ``granularity``."""

        visits: Counter[tuple[str | None, str | None]] = Counter()
        starts: Counter[tuple[str | None, str | None]] = Counter()
        ends: Counter[tuple[str | None, str | None]] = Counter()
        for source, target in ((tally.visits, visits), (tally.starts, starts), (tally.ends, ends)):
            for node, count in source.items():
                target[map_node(node, granularity)] += count
        durations: dict[
            tuple[tuple[str | None, str | None], tuple[str | None, str | None]], array[float]
        ] = {}
        for (source_node, target_node), values in tally.transitions.items():
            edge = (map_node(source_node, granularity), map_node(target_node, granularity))
            durations.setdefault(edge, array("d")).extend(values)
        nodes = tuple(
            MapNode(body, label, visits[(body, label)], starts[(body, label)], ends[(body, label)])
            for body, label in sorted(set(visits) | set(starts) | set(ends), key=_sort_key)
        )
        edges = []
        for source_key, target_key in sorted(
            durations, key=lambda e: (_sort_key(e[0]), _sort_key(e[1]))
        ):
            stats = DurationStats.of(durations[(source_key, target_key)])
            assert stats is not None
            edges.append(MapEdge(source_key, target_key, stats))
        return cls(granularity, nodes, tuple(edges))

    def edge(
        self, source: tuple[str | None, str | None], target: tuple[str | None, str | None]
    ) -> MapEdge | None:
        """The edge from ``source`` to ``target``, if any."""
        for edge in self.edges:
            if edge.source == source and edge.target == target:
                return edge
        return None


def _sort_key(key: tuple[str | None, str | None]) -> tuple[str, str]:
    return (key[0] or "", key[1] or "")
