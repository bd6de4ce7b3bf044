"""``render_difference_map``: the journey map of two cohorts, each edge coloured by its change.

The map is the union of both cohorts' journey maps, laid out as the journey map
is (touchpoints in tier lanes, :mod:`journeys.render.swimlanes`). An edge taken in
both is coloured by the change of its median duration from A to B (red: slower
in B; blue: faster) and labelled short: the change of median, then the share of
each cohort's journeys taking it (``"+3 d median"``, ``"12 % → 18 %"``); its SVG
tooltip holds both cohorts' counts, shares and medians. An edge only in B is
dashed green, one only in A dotted grey. The legend says what A and B are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from journeys.analysis.comparison import (
    Comparison,
    MapEdgeChange,
    MapNodeChange,
    NodeKey,
    Presence,
)
from journeys.bodies import Catalogue
from journeys.render import style
from journeys.render.difference_style import (
    NEW,
    REMOVED,
    change_colour,
    change_entries,
    cohort_entries,
    percent,
    presence_style,
    presence_text,
    relative_change,
    shares,
    signed_duration,
    sorted_attributes,
)
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label, wrap
from journeys.render.journey_map import ANY_BODY_LANE, check_limit
from journeys.render.lanes import CITIZEN_LANE, Lane, body_lanes
from journeys.render.legend import LegendEntry
from journeys.render.swimlanes import LaneEdge, LaneNode, Swimlanes, draw_swimlanes

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

__all__ = ["DEFAULT_TOP_EDGES", "DEFAULT_TOP_NODES", "render_difference_map"]

DEFAULT_TOP_NODES = 40
"""The touchpoints drawn unless told otherwise: those most visited in either cohort."""
DEFAULT_TOP_EDGES = 60
"""The transitions drawn unless told otherwise: those most taken in either cohort."""

T = TypeVar("T")
_START, _END = "start", "end"
_WRAP = 24
_MIN_WIDTH, _MAX_WIDTH = 1.0, 5.0


def render_difference_map(
    comparison: Comparison,
    *,
    catalogue: Catalogue | None = None,
    top_nodes: int | None = DEFAULT_TOP_NODES,
    top_edges: int | None = DEFAULT_TOP_EDGES,
    title: str | None = None,
) -> JourneyGraph:
    """Draw the difference map of a :class:`~journeys.analysis.comparison.Comparison`.

    ``top_nodes`` keeps the touchpoints with the largest share of visits in either
    cohort, ``top_edges`` then the transitions with the largest share in either
    (ties: the comparison's order); the title says how many of each are shown.
    ``None`` keeps them all. ``catalogue`` (default: the bundled UK catalogue)
    names the bodies and places them in lanes.

    Raises:
        ValueError: if a ``top_*`` limit is not a whole number of at least 1.
        UnknownBodyError: if a body is not in ``catalogue``.
    """
    for name, value in (("top_nodes", top_nodes), ("top_edges", top_edges)):
        if value is not None:
            check_limit(name, value)
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    nodes, edges = _select(comparison, top_nodes, top_edges)
    ids = {node.key: f"n{index}" for index, node in enumerate(comparison.nodes, start=1)}
    bodies = sorted({node.body for node in nodes if node.body is not None})
    lanes = body_lanes((catalogue[body] for body in bodies), split_by_nation=False)
    widest = max(
        (max(e.transitions.first_share, e.transitions.second_share) for e in edges), default=1.0
    )

    lane_nodes = [
        LaneNode(_START, CITIZEN_LANE, dot_label("journeys", "start"), _TERMINAL),
        LaneNode(_END, CITIZEN_LANE, dot_label("journeys", "end"), _TERMINAL),
    ]
    lane_edges = []
    for node in nodes:
        lane = lanes[node.body] if node.body is not None else ANY_BODY_LANE
        lane_nodes.append(
            LaneNode(ids[node.key], lane, _node_label(node, catalogue), _node_style(node, lane))
        )
        for count, tail, head in (
            (node.starts, _START, ids[node.key]),
            (node.ends, ids[node.key], _END),
        ):
            if count.first or count.second:
                lane_edges.append(_terminal_edge(tail, head, count.first_share, count.second_share))
    for edge in edges:
        lane_edges.append(
            LaneEdge(
                ids[edge.source],
                ids[edge.target],
                sorted_attributes(_edge_attributes(edge, widest)),
                max(edge.transitions.first, edge.transitions.second),
            )
        )

    from journeys.render.graph import new_graph

    graph = new_graph("difference_map", fontsize=style.TITLE_FONT_SIZE)
    draw_swimlanes(
        graph,
        Swimlanes(
            title=dot_label(
                title
                if title is not None
                else f"Journey map, A against B ({comparison.granularity.value} granularity)",
                _shown_text(comparison, nodes, edges),
            ),
            lanes=tuple(sorted({node.lane for node in lane_nodes})),
            nodes=tuple(lane_nodes),
            edges=tuple(lane_edges),
            legend=tuple(_legend(comparison)),
            first=_START,
            last=_END,
        ),
    )
    return graph


def _select(
    comparison: Comparison, top_nodes: int | None, top_edges: int | None
) -> tuple[list[MapNodeChange], list[MapEdgeChange]]:
    """The nodes and edges drawn, in the comparison's order."""
    nodes = list(comparison.nodes)
    if top_nodes is not None and top_nodes < len(nodes):
        chosen = set(
            _top(nodes, top_nodes, lambda n: n.visits.first_share, lambda n: n.visits.second_share)
        )
        nodes = [node for index, node in enumerate(nodes) if index in chosen]
    kept = {node.key for node in nodes}
    edges = [e for e in comparison.edges if e.source in kept and e.target in kept]
    if top_edges is not None and top_edges < len(edges):
        chosen = set(
            _top(
                edges,
                top_edges,
                lambda e: e.transitions.first_share,
                lambda e: e.transitions.second_share,
            )
        )
        edges = [edge for index, edge in enumerate(edges) if index in chosen]
        touched: set[NodeKey] = {key for edge in edges for key in (edge.source, edge.target)}
        nodes = [node for node in nodes if node.key in touched]
    return nodes, edges


def _top(items: Sequence[T], count: int, *weights: Callable[[T], float]) -> list[int]:
    """The indices of the ``count`` items with the largest weight in either cohort."""

    def weight(index: int) -> float:
        return max(w(items[index]) for w in weights)

    return sorted(range(len(items)), key=lambda index: (-weight(index), index))[:count]


def _shown_text(
    comparison: Comparison, nodes: Sequence[MapNodeChange], edges: Sequence[MapEdgeChange]
) -> str:
    text = (
        f"showing {len(nodes)} of {len(comparison.nodes)} touchpoints and "
        f"{len(edges)} of {len(comparison.edges)} transitions"
    )
    if len(nodes) < len(comparison.nodes) or len(edges) < len(comparison.edges):
        text += " (the most taken in A or B)"
    return text


def _edge_attributes(edge: MapEdgeChange, widest: float) -> dict[str, str]:
    count = edge.transitions
    only = presence_text(edge.presence)
    if only is not None:
        share = count.second_share if edge.presence is Presence.ONLY_SECOND else count.first_share
        label = [only, percent(share)]
        attributes = presence_style(edge.presence)
    else:
        change = edge.median.change
        assert change is not None
        assert edge.median.first is not None
        assert edge.median.second is not None
        label = [f"{signed_duration(change)} median", shares(count.first_share, count.second_share)]
        colour = change_colour(relative_change(edge.median.first, edge.median.second))
        attributes = {"color": colour, "fontcolor": colour}
    attributes["label"] = dot_label(*label)
    attributes["tooltip"] = dot_label(
        f"{_node_text(edge.source)} → {_node_text(edge.target)}",
        _side("A", count.first, count.first_share, edge.median.first),
        _side("B", count.second, count.second_share, edge.median.second),
    )
    attributes["penwidth"] = _width(max(count.first_share, count.second_share), widest)
    return attributes


def _side(name: str, count: int, share: float, median: float | None) -> str:
    if not count:
        return f"{name}: not taken"
    text = f"{name}: {count} × ({percent(share)} of journeys)"
    if median is not None:
        text += f", median {human_duration(median)}"
    return text


def _node_text(key: NodeKey) -> str:
    return " at ".join(part for part in (key[1], key[0]) if part)


def _terminal_edge(tail: str, head: str, first: float, second: float) -> LaneEdge:
    attributes = {
        "label": dot_label(shares(first, second)),
        "color": style.MUTED,
        "fontcolor": style.MUTED,
        "style": "dashed",
        "penwidth": "1",
        "arrowsize": style.ARROW_SIZE,
    }
    # A start or end seen in one cohort only is drawn as any edge seen in one only.
    if not first:
        attributes.update(presence_style(Presence.ONLY_SECOND))
    elif not second:
        attributes.update(presence_style(Presence.ONLY_FIRST))
    return LaneEdge(tail, head, sorted_attributes(attributes), 1.0)


def _node_label(node: MapNodeChange, catalogue: Catalogue) -> str:
    lines: list[str] = []
    if node.label is not None:
        lines.extend(wrap(node.label, _WRAP))
    if node.body is not None:
        lines.extend(wrap(catalogue[node.body].name, _WRAP))
    only = presence_text(node.presence)
    visits = node.visits
    lines.append(
        only if only is not None else f"visits {shares(visits.first_share, visits.second_share)}"
    )
    return dot_label(*lines)


def _node_style(node: MapNodeChange, lane: Lane) -> tuple[tuple[str, str], ...]:
    ink = style.TIER_INKS[lane.tier] if lane.tier is not None else style.INK
    attributes = {"color": ink, "fillcolor": "white", "shape": "box", "style": "rounded,filled"}
    if node.presence is Presence.ONLY_SECOND:
        attributes.update(color=NEW, style="rounded,filled,dashed", penwidth="2")
    elif node.presence is Presence.ONLY_FIRST:
        attributes.update(color=REMOVED, fontcolor=REMOVED, style="rounded,filled,dotted")
    return sorted_attributes(attributes)


_TERMINAL = (("fillcolor", "white"), ("shape", "circle"), ("style", "filled,bold"))


def _width(share: float, widest: float) -> str:
    # Shares as whole counts per 10,000 journeys, on the shared square-root scale.
    return style.pen_width(
        round(share * 10_000),
        max(1, round(widest * 10_000)),
        thinnest=_MIN_WIDTH,
        thickest=_MAX_WIDTH,
    )


def _legend(comparison: Comparison) -> list[LegendEntry]:
    return [
        *cohort_entries(comparison),
        *change_entries("slower", "faster"),
        LegendEntry(
            "label: change of median duration (B − A); share of each cohort's journeys "
            "taking it, A → B (a journey taking it twice counts twice); hover for details",
            {"color": style.MUTED},
        ),
        LegendEntry(
            "journeys starting or ending here (share of journeys, A → B)",
            {"color": style.MUTED, "style": "dashed"},
        ),
        LegendEntry("width grows with the larger share", {"color": style.MUTED}),
    ]
