"""Pictures a person can read: the demo's default map and network fit a readable
shape, and a map cut to its top touchpoints says what it left out.

The size is measured from the laid-out DOT: the graph's ``bb`` is in points (72 an
inch), so a picture is ``bb * 96 / 72`` pixels wide at 96 dpi. Before the layering
limited its columns, the demo's map was eleven columns, 5,354 × 1,044 px (5.1:1),
and ``journeys render --kind map`` of the demo 7,823 × 942 px (8.3:1).
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import JourneyApp, analyse, bundled_blueprints, simulate_into
from journeys.analysis import Analysis
from journeys.cli.demo import (
    DEFAULT_CITIZENS,
    DEMO_VOICE,
    MAP_TOUCHPOINTS,
    MAP_TRANSITIONS,
    NETWORK_BOUNDARIES,
)
from journeys.render import render_map, render_network
from journeys.render.graph import JourneyGraph
from journeys.render.journey_map import DEFAULT_TOP_EDGES
from journeys.render.layout.layers import WeightedEdge, assign_layers
from journeys.render.map_selection import left_out_text, select
from tests.helpers import Dot, read_dot

MAX_WIDTH_PX, MAX_ASPECT = 4000.0, 3.0
PX_PER_POINT = 96 / 72


@pytest.fixture(scope="module")
def demo() -> Analysis:
    """The demo's population (``journeys demo``'s defaults), in memory."""
    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=DEFAULT_CITIZENS, seed=0, voice=DEMO_VOICE)
    return analyse(app)


def size_px(graph: JourneyGraph) -> tuple[float, float]:
    """The picture's width and height in pixels at 96 dpi, from its ``bb``."""
    found = re.search(r'\bbb="([^"]+)"', graph.source)
    assert found is not None, "the picture has no bounding box"
    left, bottom, right, top = (float(value) for value in found.group(1).split(","))
    return (right - left) * PX_PER_POINT, (top - bottom) * PX_PER_POINT


def assert_readable(graph: JourneyGraph) -> None:
    width, height = size_px(graph)
    assert width < MAX_WIDTH_PX, f"{width:.0f} px wide"
    assert width / height <= MAX_ASPECT, f"{width:.0f} × {height:.0f} px"
    # Every node is inside the picture (the bounding box is not merely declared small).
    for position in re.findall(r'\bpos="([-\d.]+),([-\d.]+)"', graph.source):
        x = float(position[0]) * PX_PER_POINT
        assert 0.0 <= x <= width


@pytest.mark.slow
def test_the_demos_map_and_network_fit_a_readable_shape(demo: Analysis) -> None:
    pictures = {
        # out/map.svg and out/network.svg of `journeys demo`
        "demo map": render_map(
            demo, top_nodes=MAP_TOUCHPOINTS, top_edges=MAP_TRANSITIONS, rank_by="delay"
        ),
        "demo network": render_network(demo, top_edges=NETWORK_BOUNDARIES),
        # `journeys render --db journeys-demo.db --kind map` / `--kind network`
        "default map": render_map(demo),
        "default network": render_network(demo, top_edges=DEFAULT_TOP_EDGES),
    }
    for name, graph in pictures.items():
        try:
            assert_readable(graph)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


@pytest.mark.slow
def test_the_demos_map_says_what_its_top_n_left_out(demo: Analysis) -> None:
    journey_map = demo.journey_map
    _nodes, edges = select(journey_map, MAP_TOUCHPOINTS, MAP_TRANSITIONS, "delay")
    dot = read_dot(
        render_map(
            demo, top_nodes=MAP_TOUCHPOINTS, top_edges=MAP_TRANSITIONS, rank_by="delay"
        ).source
    )
    journeys = sum(node.starts for node in journey_map.nodes)
    shown_starts = sum(edge_count(dot, "start", node) for node in dot_ids(dot))
    hidden_starts = journeys - shown_starts
    # The start lines carry only some of the journeys; the title says where the rest went.
    assert hidden_starts > 0
    dropped = len(journey_map.edges) - len(edges)
    made = sum(edge.count for edge in journey_map.edges) - sum(edge.count for edge in edges)
    assert f"not shown: {dropped:,} transitions made {made:,} times" in dot.title
    assert f"the starts of {hidden_starts:,} of {journeys:,} journeys" in dot.title


def dot_ids(dot: Dot) -> list[str]:
    return [edge.head for edge in dot.drawing() if edge.tail == "start"]


def edge_count(dot: Dot, tail: str, head: str) -> int:
    return int(dot.edge(tail, head).text.replace(",", ""))


def test_left_out_counts_what_the_top_n_dropped(analysis: Analysis) -> None:
    journey_map = analysis.journey_map
    nodes, edges = select(journey_map, 2, 1, "count")
    text = left_out_text(journey_map, nodes, edges)
    ends = sum(node.ends for node in journey_map.nodes)
    ends_out = ends - sum(node.ends for node in nodes)
    assert f"the ends of {ends_out:,} of {ends:,}" in text
    dropped = len(journey_map.edges) - len(edges)
    assert f"{dropped} transition" in text
    # A map drawn whole says nothing was left out.
    whole = read_dot(render_map(analysis, top_nodes=None, top_edges=None).source)
    assert "not shown" not in whole.title


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=40, seed=3, voice=DEMO_VOICE)
    return analyse(app)


def test_a_long_chain_folds_into_the_column_limit() -> None:
    chain = [f"n{index}" for index in range(12)]
    edges = [WeightedEdge(tail, head) for tail, head in itertools.pairwise(chain)]
    nodes = ["start", *chain, "end"]
    edges += [WeightedEdge("start", "n0"), WeightedEdge("n11", "end")]
    layers = assign_layers(nodes, edges, first="start", last="end", max_layers=4)
    assert layers["start"] == 0
    assert layers["end"] == max(layers.values())
    assert {layers[node] for node in chain} <= {1, 2, 3, 4}
    for edge in edges:
        assert layers[edge.tail] != layers[edge.head]
    # Without a limit the chain is twelve columns long.
    assert assign_layers(nodes, edges, first="start", last="end", max_layers=20)["end"] == 13
    assert assign_layers(nodes, edges, first="start", last="end")["end"] == 13


@given(
    size=st.integers(min_value=1, max_value=25),
    pairs=st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=60),
    limit=st.integers(min_value=1, max_value=8),
)
def test_folded_layers_keep_every_edge_between_two_columns(
    size: int, pairs: list[tuple[int, int]], limit: int
) -> None:
    names = [f"n{index}" for index in range(size)]
    edges = [WeightedEdge(names[a % size], names[b % size]) for a, b in pairs]
    edges += [WeightedEdge("start", name) for name in names[:2]]
    edges += [WeightedEdge(name, "end") for name in names[-2:]]
    nodes = ["start", *names, "end"]
    layers = assign_layers(nodes, edges, first="start", last="end", max_layers=limit)
    for edge in edges:
        if edge.tail != edge.head:
            assert layers[edge.tail] != layers[edge.head]
    assert layers["start"] == 0
    assert [node for node in nodes if layers[node] == 0] == ["start"]
    top = max(layers.values())
    assert [node for node in nodes if layers[node] == top] == ["end"]
    # Columns used are consecutive, and with no edges among the nodes the limit holds.
    assert set(layers.values()) == set(range(top + 1))
    if all(edge.tail in ("start",) or edge.head in ("end",) for edge in edges):
        assert top - 1 <= max(limit, 1)
