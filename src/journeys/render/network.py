"""``render_network``: the hand-off network, bodies grouped by tier.

Each body is a node in its tier's band (split by nation when the bodies serve no
nation in common). Each edge sums up what passed, or failed to pass, from one body
to another: its label is short (hand-offs · median latency, then what went
wrong: drops, refusals, re-asks, cold transfers), and its SVG tooltip holds every
count, unheld time included. Boundaries show in the line: within a tier it is
grey, across tiers blue, and a line crossing a nation border is doubled. A label
is red only when citizens were lost at the boundary. ``publish=10`` draws it fit to
publish: every count below 10, in labels and tooltips, reads ``<10``, and a median
resting on one is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeys.analysis.network import HandoffNetwork, NetworkEdge
from journeys.analysis.publishing import check_threshold, count_text, is_suppressed, withheld_note
from journeys.analysis.result import Analysis
from journeys.bodies import Catalogue
from journeys.render import style
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label, wrap
from journeys.render.journey_map import check_limit
from journeys.render.lanes import body_lanes, nations_text
from journeys.render.legend import LegendEntry
from journeys.render.swimlanes import LaneEdge, LaneNode, Swimlanes, draw_swimlanes

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

_WRAP = 24
_MIN_WIDTH, _MAX_WIDTH = 1.2, 5.0


def render_network(
    source: Analysis | HandoffNetwork,
    *,
    catalogue: Catalogue | None = None,
    title: str | None = None,
    top_edges: int | None = None,
    publish: int | None = None,
) -> JourneyGraph:
    """Draw the hand-off network of an :class:`~journeys.analysis.Analysis` (or a
    :class:`~journeys.analysis.HandoffNetwork`).

    Edge labels give the hand-off count and median latency, then any drops,
    refusals, re-asks and cold transfers (red); each edge's tooltip holds every
    count, unheld time included; width grows with the hand-off count.
    ``catalogue`` (default: the bundled UK catalogue) names the bodies and
    places them in tier bands. ``top_edges`` keeps only the boundaries crossed
    most often (see :func:`busiest_boundaries`), and the title says how many
    were kept; ``None`` draws them all.

    ``publish``, a threshold (10 is
    :data:`~journeys.analysis.publishing.DEFAULT_THRESHOLD`), draws the network
    fit to publish: every count below it, in the labels and the tooltips, reads
    ``<10``; a median latency or unheld time resting on fewer than 10 is left
    out; a line is never drawn thinner than 10 hand-offs would be; and the title
    says so. ``None`` (the default) withholds nothing.

    Raises:
        UnknownBodyError: if a body is not in the catalogue.
        ValueError: if ``top_edges`` is less than 1.
        AnalysisError: for a ``publish`` threshold that is not a whole number of
            at least 1.
    """
    threshold = None if publish is None else check_threshold(publish)
    whole = source.handoff_network if isinstance(source, Analysis) else source
    network = whole if top_edges is None else busiest_boundaries(whole, top_edges)
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    lanes_by_body = body_lanes((catalogue[body] for body in network.bodies), split_by_nation=False)
    ids = {body: f"b{index}" for index, body in enumerate(network.bodies, start=1)}
    nodes = []
    for body_id in network.bodies:
        body = catalogue[body_id]
        lane = lanes_by_body[body_id]
        assert lane.tier is not None
        nodes.append(
            LaneNode(
                ids[body_id],
                lane,
                dot_label(*wrap(body.name, _WRAP), nations_text(body.nations)),
                (
                    ("color", style.TIER_INKS[lane.tier]),
                    ("fillcolor", "white"),
                    ("penwidth", "1.5"),
                    ("shape", "box"),
                    ("style", "rounded,filled"),
                ),
            )
        )

    widest = max((_drawn(edge.handoffs, threshold) for edge in network.edges), default=0)
    lane_edges = tuple(
        LaneEdge(
            ids[edge.from_body],
            ids[edge.to_body],
            tuple(sorted(edge_attributes(edge, widest, threshold).items())),
            edge.handoffs + 1,
        )
        for edge in network.edges
    )

    from journeys.render.graph import new_graph

    graph = new_graph("handoff_network", fontsize=style.TITLE_FONT_SIZE)
    draw_swimlanes(
        graph,
        Swimlanes(
            title=dot_label(
                title if title is not None else "Hand-off network",
                _size_text(network, whole),
                *([] if threshold is None else [withheld_note(threshold)]),
            ),
            lanes=tuple(sorted({node.lane for node in nodes})),
            nodes=tuple(nodes),
            edges=lane_edges,
            legend=_LEGEND,
        ),
    )
    return graph


def busiest_boundaries(network: HandoffNetwork, limit: int) -> HandoffNetwork:
    """The ``limit`` edges of ``network`` crossed most often (hand-offs, cold transfers,
    re-asks and unheld time together; ties by body ids), and the bodies they join."""
    check_limit("top_edges", limit)

    def crossings(edge: NetworkEdge) -> int:
        unheld = edge.unheld.count if edge.unheld is not None else 0
        return edge.handoffs + edge.cold_transfers + edge.reasks + unheld

    ranked = sorted(network.edges, key=lambda e: (-crossings(e), e.from_body, e.to_body))
    kept = sorted(ranked[:limit], key=lambda e: (e.from_body, e.to_body))
    bodies = sorted({body for edge in kept for body in (edge.from_body, edge.to_body)})
    return HandoffNetwork(tuple(bodies), tuple(kept))


def _size_text(drawn: HandoffNetwork, whole: HandoffNetwork) -> str:
    if len(drawn.edges) == len(whole.edges):
        return f"{len(drawn.bodies)} bodies, {len(drawn.edges)} connections"
    return (
        f"showing {len(drawn.edges)} of {len(whole.edges)} connections "
        f"(the busiest), between {len(drawn.bodies)} of {len(whole.bodies)} bodies"
    )


def edge_detail_lines(edge: NetworkEdge, threshold: int | None = None) -> list[str]:
    """Everything one network edge counts, line by line (its SVG tooltip); published
    (a ``threshold``), counts below it read ``<10`` and their medians are left out."""
    if edge.handoffs:
        plural = "s" if edge.handoffs != 1 or _hides(edge.handoffs, threshold) else ""
        lines = [f"{count_text(edge.handoffs, threshold)} hand-off{plural}"]
        if edge.latency is not None and not _hides(edge.latency.count, threshold):
            lines.append(f"median latency {human_duration(edge.latency.median)}")
    else:
        lines = ["no hand-off"]
    lines.extend(_problems(edge, threshold))
    if edge.unheld is not None:
        lines.append(
            _unheld_text(edge.unheld.count, edge.unheld.median, threshold, "(median ", ")")
        )
    if edge.boundary.crosses_nation:
        lines.append("crosses a nation border")
    return lines


def edge_label_lines(edge: NetworkEdge, threshold: int | None = None) -> list[str]:
    """What one network edge says on the picture: short, the details in its tooltip.

    The first line is the hand-offs and their median latency (``"226 · 2 d"``);
    then what went wrong at the boundary, a line each (drops, refusals, re-asks,
    cold transfers). Unheld time, which nearly every pair of bodies has, is in the
    tooltip — or in the label when it is all there is between the two. Published (a
    ``threshold``), counts below it read ``<10`` and their medians are left out.
    """
    if edge.handoffs:
        first = count_text(edge.handoffs, threshold)
        if edge.latency is not None and not _hides(edge.latency.count, threshold):
            first += f" · {human_duration(edge.latency.median)}"
        lines = [first]
    else:
        lines = ["no hand-off"]
    problems = _problems(edge, threshold)
    if problems:
        # One problem a line (the commas kept): on one line they made the channel
        # the label sits in, and so the whole network, far wider.
        lines.extend(f"{problem}," for problem in problems[:-1])
        lines.append(problems[-1])
    elif not edge.handoffs and edge.unheld is not None:
        lines.append(_unheld_text(edge.unheld.count, edge.unheld.median, threshold, "· ", ""))
    return lines


def _hides(count: int, threshold: int | None) -> bool:
    return threshold is not None and is_suppressed(count, threshold)


def _drawn(count: int, threshold: int | None) -> int:
    # A withheld count is drawn as wide as the threshold: its width tells nothing more.
    return threshold if threshold is not None and count and _hides(count, threshold) else count


def _unheld_text(count: int, median: float, threshold: int | None, before: str, after: str) -> str:
    text = f"unheld {count_text(count, threshold)}×"
    if _hides(count, threshold):
        return text
    return f"{text} {before}{human_duration(median)}{after}"


def _problems(edge: NetworkEdge, threshold: int | None = None) -> list[str]:
    counted = (
        (edge.dropped, "dropped", "dropped"),
        (edge.rejected, "refused", "refused"),
        (edge.reasks, "re-ask", "re-asks"),
        (edge.cold_transfers, "cold transfer", "cold transfers"),
    )
    return [
        f"{count_text(count, threshold)} "
        f"{one if count == 1 and not _hides(count, threshold) else many}"
        for count, one, many in counted
        if count
    ]


def edge_attributes(edge: NetworkEdge, widest: int, threshold: int | None = None) -> dict[str, str]:
    """The DOT attributes of one network edge: boundary in the line, problems in red,
    every count in the tooltip (published, with a ``threshold``: withheld below it)."""
    boundary = edge.boundary
    crosses_tier = boundary.from_tier is not boundary.to_tier
    colour = style.HANDOFF if crosses_tier else style.MUTED
    attributes = {
        "label": dot_label(*edge_label_lines(edge, threshold)),
        "tooltip": dot_label(
            f"{edge.from_body} → {edge.to_body}", *edge_detail_lines(edge, threshold)
        ),
        # A doubled line (colour, white gap, colour) marks a nation border.
        "color": f"{colour}:white:{colour}" if boundary.crosses_nation else colour,
        "fontcolor": style.GAP if _problems(edge) else style.INK,
        "penwidth": style.pen_width(
            _drawn(edge.handoffs, threshold), widest, thinnest=_MIN_WIDTH, thickest=_MAX_WIDTH
        ),
    }
    if not edge.handoffs:
        attributes["style"] = "dashed"
    return attributes


_LEGEND: tuple[LegendEntry, ...] = (
    LegendEntry("hand-offs within one tier", {"color": style.MUTED, "penwidth": "2"}),
    LegendEntry(
        "hand-offs across tiers (central, devolved, local)",
        {"color": style.HANDOFF, "penwidth": "2"},
    ),
    LegendEntry(
        "crossing a nation border (bodies serve no nation in common)",
        {"color": f"{style.HANDOFF}:white:{style.HANDOFF}", "penwidth": "2"},
    ),
    LegendEntry(
        "gaps between two bodies with no hand-off (unheld time, cold transfers)",
        {"color": style.MUTED, "style": "dashed"},
    ),
    LegendEntry(
        "label: hand-offs · median latency (hover an edge in the SVG for every count)",
        {"color": style.MUTED},
    ),
    LegendEntry(
        "red label: citizens lost at the boundary (drops, refusals, re-asks, cold transfers)",
        {"color": style.MUTED},
        head={"shape": "plaintext", "fontcolor": style.GAP, "fontsize": style.SMALL_FONT_SIZE},
    ),
    LegendEntry(
        "a cold transfer is a citizen the second body took on with no accepted hand-off "
        "from the first: there can be more of them than hand-offs",
        {"color": style.MUTED, "style": "dashed"},
    ),
    LegendEntry("width grows with the number of hand-offs", {"color": style.MUTED}),
)
