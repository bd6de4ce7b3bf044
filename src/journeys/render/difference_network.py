"""``render_difference_network``: the hand-off network of two cohorts, each edge coloured
by its change.

The network is the union of both cohorts' hand-off networks, bodies in tier
lanes as the hand-off network draws them. An edge in both is coloured by the
change, from A to B, of the citizens lost there per journey (drops, refusals,
re-asks and cold transfers together) or, where neither lost any, of the median
hand-off latency: red is worse in B, blue better. Its label is short: hand-offs
per 100 journeys A → B, the change of median latency, and the citizens lost per
100 journeys A → B; the SVG tooltip holds every count of both cohorts. An edge
only in B is dashed green, one only in A dotted grey. The legend says what A
and B are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeys.analysis.comparison import Comparison, CountChange, NetworkEdgeChange, Presence
from journeys.bodies import Catalogue
from journeys.render import style
from journeys.render.difference_style import (
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
from journeys.render.journey_map import check_limit
from journeys.render.lanes import body_lanes, nations_text
from journeys.render.legend import LegendEntry
from journeys.render.swimlanes import LaneEdge, LaneNode, Swimlanes, draw_swimlanes

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

__all__ = ["DEFAULT_TOP_EDGES", "edge_change_relative", "render_difference_network"]

DEFAULT_TOP_EDGES = 40
"""The connections drawn unless told otherwise: the busiest in either cohort."""

_WRAP = 24
_MIN_WIDTH, _MAX_WIDTH = 1.2, 5.0
_COUNTS = (
    ("handoffs", "hand-offs"),
    ("accepted", "accepted"),
    ("rejected", "refused"),
    ("dropped", "dropped"),
    ("reasks", "re-asks"),
    ("cold_transfers", "cold transfers"),
)


def render_difference_network(
    comparison: Comparison,
    *,
    catalogue: Catalogue | None = None,
    title: str | None = None,
    top_edges: int | None = DEFAULT_TOP_EDGES,
) -> JourneyGraph:
    """Draw the difference network of a :class:`~journeys.analysis.comparison.Comparison`.

    ``catalogue`` (default: the bundled UK catalogue) names the bodies and places
    them in tier lanes. ``top_edges`` keeps the connections with the most hand-offs
    and citizens lost per journey in either cohort (ties: the comparison's order),
    and the title says how many were kept; ``None`` draws them all.

    Raises:
        ValueError: if ``top_edges`` is not a whole number of at least 1.
        UnknownBodyError: if a body is not in ``catalogue``.
    """
    if top_edges is not None:
        check_limit("top_edges", top_edges)
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    edges = _busiest_edges(comparison.network, top_edges)
    bodies = sorted({body for edge in edges for body in (edge.from_body, edge.to_body)})
    lanes = body_lanes((catalogue[body] for body in bodies), split_by_nation=False)
    ids = {body: f"b{index}" for index, body in enumerate(bodies, start=1)}
    nodes = []
    for body_id in bodies:
        body = catalogue[body_id]
        lane = lanes[body_id]
        ink = style.TIER_INKS[lane.tier] if lane.tier is not None else style.INK
        nodes.append(
            LaneNode(
                ids[body_id],
                lane,
                dot_label(*wrap(body.name, _WRAP), nations_text(body.nations)),
                sorted_attributes(
                    {
                        "color": ink,
                        "fillcolor": "white",
                        "penwidth": "1.5",
                        "shape": "box",
                        "style": "rounded,filled",
                    }
                ),
            )
        )
    widest = max((_busiest(edge) for edge in edges), default=1.0)
    lane_edges = tuple(
        LaneEdge(
            ids[edge.from_body],
            ids[edge.to_body],
            sorted_attributes(_edge_attributes(edge, widest)),
            max(edge.handoffs.first, edge.handoffs.second) + 1,
        )
        for edge in edges
    )

    from journeys.render.graph import new_graph

    graph = new_graph("difference_network", fontsize=style.TITLE_FONT_SIZE)
    draw_swimlanes(
        graph,
        Swimlanes(
            title=dot_label(
                title if title is not None else "Hand-off network, A against B",
                _size_text(comparison.network, edges, len(bodies)),
            ),
            lanes=tuple(sorted({node.lane for node in nodes})),
            nodes=tuple(nodes),
            edges=lane_edges,
            legend=tuple(_legend(comparison)),
        ),
    )
    return graph


def _busiest_edges(
    edges: tuple[NetworkEdgeChange, ...], limit: int | None
) -> tuple[NetworkEdgeChange, ...]:
    if limit is None or limit >= len(edges):
        return edges
    ranked = sorted(range(len(edges)), key=lambda index: (-_busiest(edges[index]), index))
    kept = set(ranked[:limit])
    return tuple(edge for index, edge in enumerate(edges) if index in kept)


def _size_text(
    whole: tuple[NetworkEdgeChange, ...], drawn: tuple[NetworkEdgeChange, ...], bodies: int
) -> str:
    new = sum(e.presence is Presence.ONLY_SECOND for e in drawn)
    gone = sum(e.presence is Presence.ONLY_FIRST for e in drawn)
    if len(drawn) == len(whole):
        return f"{bodies} bodies, {len(drawn)} connections ({new} only in B, {gone} only in A)"
    return (
        f"showing {len(drawn)} of {len(whole)} connections (the busiest in A or B; "
        f"{new} only in B, {gone} only in A) between {bodies} bodies"
    )


def _busiest(edge: NetworkEdgeChange) -> float:
    return max(edge.handoffs.first_share, edge.handoffs.second_share, *_lost_shares(edge))


def _lost_shares(edge: NetworkEdgeChange) -> tuple[float, float]:
    lost = edge.problems
    return (lost.first_share, lost.second_share)


def edge_change_relative(edge: NetworkEdgeChange) -> float | None:
    """How much worse (positive) or better (negative) ``edge`` is in B, relatively:
    by citizens lost per journey, or, where neither cohort lost any, by median
    latency; ``None`` when neither can say."""
    lost = edge.problems
    if lost.first or lost.second:
        return relative_change(lost.first_share, lost.second_share)
    if edge.latency.first is not None and edge.latency.second is not None:
        return relative_change(edge.latency.first, edge.latency.second)
    return None


def _edge_attributes(edge: NetworkEdgeChange, widest: float) -> dict[str, str]:
    def figures(change: CountChange) -> str:
        # An edge seen in one cohort only gives that cohort's figure alone.
        if edge.presence is Presence.ONLY_SECOND:
            return percent(change.second_share)
        if edge.presence is Presence.ONLY_FIRST:
            return percent(change.first_share)
        return shares(change.first_share, change.second_share)

    lines = []
    if edge.handoffs.first or edge.handoffs.second:
        lines.append("hand-offs " + figures(edge.handoffs))
    if edge.latency.change is not None:
        lines.append(f"{signed_duration(edge.latency.change)} latency")
    lost = edge.problems
    if lost.first or lost.second:
        lines.append("lost " + figures(lost))
    only = presence_text(edge.presence)
    if only is not None:
        lines.insert(0, only)
        attributes = presence_style(edge.presence)
    else:
        colour = change_colour(edge_change_relative(edge))
        attributes = {"color": colour, "fontcolor": colour}
    attributes["label"] = dot_label(*lines)
    attributes["tooltip"] = dot_label(
        f"{edge.from_body} → {edge.to_body}",
        _side("A", edge, first=True),
        _side("B", edge, first=False),
        *(["crosses a nation border"] if edge.boundary.crosses_nation else []),
    )
    attributes["penwidth"] = style.pen_width(
        round(_busiest(edge) * 10_000),
        max(1, round(widest * 10_000)),
        thinnest=_MIN_WIDTH,
        thickest=_MAX_WIDTH,
    )
    return attributes


def _side(name: str, edge: NetworkEdgeChange, *, first: bool) -> str:
    """Every count of one cohort on one line."""

    def count(change: CountChange) -> int:
        return change.first if first else change.second

    parts = [f"{count(getattr(edge, field))} {words}" for field, words in _COUNTS]
    latency = edge.latency.first if first else edge.latency.second
    unheld = edge.unheld.first if first else edge.unheld.second
    if latency is not None:
        parts.append(f"median latency {human_duration(latency)}")
    if unheld is not None:
        parts.append(f"median unheld {human_duration(unheld)}")
    return f"{name}: " + ", ".join(parts)


def _legend(comparison: Comparison) -> list[LegendEntry]:
    return [
        *cohort_entries(comparison),
        *change_entries("worse", "better"),
        LegendEntry(
            "colour: change of citizens lost per journey (drops, refusals, re-asks, cold "
            "transfers), else of median latency",
            {"color": style.MUTED},
        ),
        LegendEntry(
            "label: hand-offs per 100 journeys A → B; change of median latency; citizens "
            "lost per 100 journeys A → B (hover for every count)",
            {"color": style.MUTED},
        ),
        LegendEntry(
            "a cold transfer is a citizen the second body took on with no accepted "
            "hand-off: there can be more of them than hand-offs",
            {"color": style.MUTED},
        ),
    ]
