"""``render_map``: the aggregate journey map, touchpoints in tier lanes.

Each node is a touchpoint (body + service or activity) with how often it was
visited; each edge a directly-follows transition, as wide as it is frequent and
coloured by the chosen duration statistic on a scale the legend shows — or, with
``colour_by="experience"``, each node filled by the mean score of the feedback
about it (:mod:`journeys.render.map_colours`). Journeys
enter from a start node and leave to an end node in the citizen lane. By default
the map keeps its :data:`DEFAULT_TOP_NODES` busiest touchpoints and
:data:`DEFAULT_TOP_EDGES` busiest transitions, so a large map stays legible and
quick to draw; ``top_nodes`` and ``top_edges`` choose other limits (``None``: all),
and the title says how much is shown. ``publish=10`` draws it fit to publish: every
count below 10 reads ``<10`` and every figure resting on one is left out
(:mod:`journeys.analysis.publishing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from journeys.analysis.experience_model import Experience, NodeExperience
from journeys.analysis.journey_map import JourneyMap, MapNode
from journeys.analysis.publishing import check_threshold, count_text, is_suppressed, withheld_note
from journeys.analysis.result import Analysis
from journeys.bodies import Catalogue
from journeys.render import style
from journeys.render.duration_scale import DurationScale
from journeys.render.durations import human_duration
from journeys.render.escaping import dot_label, wrap
from journeys.render.lanes import CITIZEN_LANE, Lane, body_lanes
from journeys.render.legend import LegendEntry
from journeys.render.map_colours import (
    COLOUR_BY,
    ExperienceColouring,
    MapColouring,
    TimeColouring,
)
from journeys.render.map_selection import select, shown_text
from journeys.render.swimlanes import LaneEdge, LaneNode, Swimlanes, draw_swimlanes

if TYPE_CHECKING:
    from journeys.render.graph import JourneyGraph

DEFAULT_TOP_NODES = 40
"""The touchpoints a map keeps unless told otherwise: as many as a reader can follow."""
DEFAULT_TOP_EDGES = 60
"""The transitions a map keeps unless told otherwise."""

RANK_BY = ("count", "delay")
"""What ``top_nodes`` and ``top_edges`` keep: the most frequent, or the most total delay."""
STATISTICS = ("median", "mean", "p90")
"""The duration statistic that colours and labels the edges."""

ANY_BODY_LANE = Lane((1, ""), "activities", "Activities (any body)", None)
"""The one lane of an activity-granularity map, whose nodes have no body."""


_START, _END = "start", "end"
_WRAP = 24
_MIN_WIDTH, _MAX_WIDTH = 1.0, 5.0


def render_map(
    source: Analysis | JourneyMap,
    *,
    catalogue: Catalogue | None = None,
    top_nodes: int | None = DEFAULT_TOP_NODES,
    top_edges: int | None = DEFAULT_TOP_EDGES,
    rank_by: str = "count",
    statistic: str = "median",
    title: str | None = None,
    colour_by: str = "time",
    experience: Experience | Iterable[NodeExperience] | None = None,
    publish: int | None = None,
) -> JourneyGraph:
    """Draw a journey map: touchpoints in tier lanes, transitions between them.

    ``source`` is an :class:`~journeys.analysis.Analysis` (its touchpoint map) or
    any :class:`~journeys.analysis.JourneyMap` (``analysis.map("activity")``).
    Edge width is the transition count; edge colour and label show ``statistic``
    (``"median"``, ``"mean"`` or ``"p90"``) of its durations.

    ``top_nodes`` keeps the N nodes with the most visits (``rank_by="count"``) or
    the most total delay on the transitions into them (``rank_by="delay"``);
    ``top_edges`` then keeps the M transitions with the highest count or total
    duration among those, dropping nodes left without one. Ties go to the first
    in the map's order, so the choice is deterministic. They default to
    :data:`DEFAULT_TOP_NODES` and :data:`DEFAULT_TOP_EDGES`; ``None`` keeps every
    node or edge (a map of hundreds of touchpoints is then slow to draw and hard
    to read).

    ``colour_by="experience"`` fills each node by the mean score of the feedback
    about it (``experience``: an
    :class:`~journeys.analysis.experience_model.Experience` or its ``by_node``;
    by default that of ``source`` when it is an ``Analysis``),
    on a diverging scale from -2 (red) to +2 (blue) shown in the legend; a node
    no feedback was about is grey and says "no feedback". Transitions are then
    grey, still as wide as they are frequent and labelled with ``statistic``.

    ``publish``, a threshold (:data:`~journeys.analysis.publishing.DEFAULT_THRESHOLD`
    is 10), draws the map fit to publish: every count below it (visits, starts,
    ends, transitions) reads ``<10``, and what rests on one is left out — the
    duration statistic of a transition made fewer than 10 times (its label and
    colour: it is grey), the score of a node with fewer than 10 scored answers
    (grey, "too few to show"); a line is never drawn thinner than 10 would be, so
    its width tells nothing either. The title says so. ``None`` (the default)
    withholds nothing.

    Raises:
        ValueError: for an unknown ``rank_by``, ``statistic`` or ``colour_by``, a
            ``top_*`` below 1, or ``colour_by="experience"`` of a ``JourneyMap`` without
            ``experience``.
        AnalysisError: for a ``publish`` threshold that is not a whole number of at
            least 1.
        UnknownBodyError: if a body is not in ``catalogue`` (default: the bundled
            UK catalogue).
    """
    journey_map = source.journey_map if isinstance(source, Analysis) else source
    _check_options(top_nodes, top_edges, rank_by, statistic)
    threshold = None if publish is None else check_threshold(publish)
    counts = _Counts(threshold)
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, got {colour_by!r}")
    if experience is None and isinstance(source, Analysis):
        experience = source.experience
    if colour_by == "experience" and experience is None:
        raise ValueError("colour_by='experience' needs the feedback by node (experience=)")
    if catalogue is None:
        from journeys.data import uk_catalogue

        catalogue = uk_catalogue()
    nodes, edges = select(journey_map, top_nodes, top_edges, rank_by)
    ids = {node.key: f"n{index}" for index, node in enumerate(journey_map.nodes, start=1)}
    bodies = sorted({node.body for node in nodes if node.body is not None})
    lanes_by_body = body_lanes((catalogue[body] for body in bodies), split_by_nation=False)
    colouring: MapColouring
    if experience is not None and colour_by == "experience":
        colouring = ExperienceColouring.of(experience, journey_map.granularity, threshold=threshold)
    else:
        # The scale spans only the durations shown: a withheld one must not set its ends.
        scale = DurationScale.for_values(
            edge.stats.statistic(statistic) for edge in edges if not counts.hides(edge.count)
        )
        colouring = TimeColouring(scale, statistic)
    widest = max((counts.drawn(edge.count) for edge in edges), default=counts.drawn(1))

    lane_nodes = [
        LaneNode(_START, CITIZEN_LANE, dot_label("journeys", "start"), _terminal()),
        LaneNode(_END, CITIZEN_LANE, dot_label("journeys", "end"), _terminal()),
    ]
    for node in nodes:
        lane = lanes_by_body[node.body] if node.body is not None else ANY_BODY_LANE
        lane_nodes.append(
            LaneNode(
                ids[node.key],
                lane,
                _node_label(node, catalogue, colouring.node_note(node), counts),
                _node_style(lane, colouring.node_fill(node)),
            )
        )
    lane_edges = []
    for node in nodes:
        if node.starts:
            lane_edges.append(_terminal_edge(_START, ids[node.key], node.starts, widest, counts))
        if node.ends:
            lane_edges.append(_terminal_edge(ids[node.key], _END, node.ends, widest, counts))
    for edge in edges:
        if counts.hides(edge.count):
            # Too few transitions: their durations are withheld with their count.
            label_lines: tuple[str, ...] = (f"{counts.text(edge.count)} ×",)
            colour = style.MUTED
        else:
            value = edge.stats.statistic(statistic)
            # Two short lines rather than one long one: a label sets the width of
            # the channel it sits in, and the channels made the map a long strip.
            label_lines = (f"{edge.count} × ·", f"{statistic} {human_duration(value)}")
            colour = colouring.edge_colour(value)
        attributes = {
            "label": dot_label(*label_lines),
            "color": colour,
            "fontcolor": colour,
            "penwidth": _width(counts.drawn(edge.count), widest),
        }
        lane_edges.append(
            LaneEdge(ids[edge.source], ids[edge.target], _sorted(attributes), edge.count)
        )
    shown = shown_text(journey_map, nodes, edges, rank_by, threshold)

    from journeys.render.graph import new_graph

    graph = new_graph("journey_map", fontsize=style.TITLE_FONT_SIZE)
    draw_swimlanes(
        graph,
        Swimlanes(
            title=dot_label(
                title if title is not None else _default_title(journey_map),
                shown,
                *([] if threshold is None else [withheld_note(threshold)]),
            ),
            lanes=tuple(sorted({node.lane for node in lane_nodes})),
            nodes=tuple(lane_nodes),
            edges=tuple(lane_edges),
            legend=tuple(
                _legend(
                    colouring, widest, counts, statistic, cut=len(nodes) < len(journey_map.nodes)
                )
            ),
            first=_START,
            last=_END,
        ),
    )
    return graph


def _check_options(
    top_nodes: int | None, top_edges: int | None, rank_by: str, statistic: str
) -> None:
    if rank_by not in RANK_BY:
        raise ValueError(f"rank_by must be one of {', '.join(RANK_BY)}, got {rank_by!r}")
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {', '.join(STATISTICS)}, got {statistic!r}")
    for name, value in (("top_nodes", top_nodes), ("top_edges", top_edges)):
        if value is not None:
            check_limit(name, value)


def check_limit(name: str, value: int) -> None:
    """Refuse a ``top_*`` limit that is not a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")


def _default_title(journey_map: JourneyMap) -> str:
    return f"Journey map ({journey_map.granularity.value} granularity)"


@attrs.frozen
class _Counts:
    """How the map writes and draws counts: as they are, or withheld below ``threshold``."""

    threshold: int | None

    def hides(self, count: int) -> bool:
        """Whether ``count`` is withheld."""
        return self.threshold is not None and is_suppressed(count, self.threshold)

    def text(self, count: int) -> str:
        """``count`` as a label writes it (``"<10"`` when withheld)."""
        return count_text(count, self.threshold)

    def drawn(self, count: int) -> int:
        """The count a line's width shows: a withheld count is drawn as the threshold,
        so every withheld line has one width."""
        return self.threshold if self.threshold is not None and self.hides(count) else count


def _node_label(node: MapNode, catalogue: Catalogue, note: str | None, counts: _Counts) -> str:
    lines: list[str] = []
    if node.label is not None:
        lines.extend(wrap(node.label, _WRAP))
    if node.body is not None:
        lines.extend(wrap(catalogue[node.body].name, _WRAP))
    plural = "s" if node.visits != 1 or counts.hides(node.visits) else ""
    lines.append(f"{counts.text(node.visits)} visit{plural}")
    if note is not None:
        lines.append(note)
    return dot_label(*lines)


def _node_style(lane: Lane, fill: str) -> tuple[tuple[str, str], ...]:
    ink = style.TIER_INKS[lane.tier] if lane.tier is not None else style.INK
    return (
        ("color", ink),
        ("fillcolor", fill),
        ("shape", "box"),
        ("style", "rounded,filled"),
    )


def _terminal() -> tuple[tuple[str, str], ...]:
    return (("fillcolor", "white"), ("shape", "circle"), ("style", "filled,bold"))


def _terminal_edge(tail: str, head: str, count: int, widest: int, counts: _Counts) -> LaneEdge:
    attributes = {
        "label": dot_label(counts.text(count)),
        "color": style.MUTED,
        "fontcolor": style.MUTED,
        "style": "dashed",
        "penwidth": _width(counts.drawn(count), widest),
    }
    return LaneEdge(tail, head, _sorted(attributes), count)


def _sorted(attributes: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(attributes.items()))


def _width(count: int, widest: int) -> str:
    return style.pen_width(count, widest, thinnest=_MIN_WIDTH, thickest=_MAX_WIDTH)


def _legend(
    colouring: MapColouring,
    widest: int,
    counts: _Counts,
    statistic: str = "median",
    *,
    cut: bool = False,
) -> list[LegendEntry]:
    entries = colouring.legend()
    entries.append(
        LegendEntry(
            f"label: how many times the transition was made × · the {statistic} time it took",
            {"color": style.MUTED},
        )
    )
    thinnest = 1 if counts.threshold is None else counts.threshold
    entries.append(
        LegendEntry(
            "1 transition"
            if counts.threshold is None
            else f"fewer than {counts.threshold} transitions (count and durations withheld)",
            {"color": style.MUTED, "penwidth": _width(thinnest, widest)},
        )
    )
    if widest > thinnest:
        entries.append(
            LegendEntry(
                f"{widest} transitions (width grows with the square root)",
                {"color": style.MUTED, "penwidth": _width(widest, widest)},
            )
        )
    entries.append(
        LegendEntry(
            "journeys starting or ending here"
            # Touchpoints left out take their journeys' starts and ends with them.
            + (
                " (only at the touchpoints shown: the title says how many elsewhere)" if cut else ""
            ),
            {"color": style.MUTED, "style": "dashed"},
        )
    )
    return entries
