"""The swimlane layout engine on its own: text metrics, columns for cyclic graphs,
time columns, and the geometry every layout must have (nodes in their bands and
apart, lines starting and ending at their nodes and crossing no other, labels
clear of nodes)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.render.layout.engine import lay_out
from journeys.render.layout.layers import WeightedEdge, assign_layers
from journeys.render.layout.model import EdgeLine, Layout, NodeBox, Point
from journeys.render.layout.text_metrics import text_size, text_width
from journeys.render.time_columns import TimedStep, assign_time_columns
from tests.helpers import at


def test_text_is_measured_in_dejavu_sans() -> None:
    assert text_width("", 11) == 0
    assert text_width("W", 11) > text_width("i", 11)
    # DejaVu Sans's digits are 1303 units of its 2048-unit em.
    assert abs(text_width("0", 2048) - 1303) < 1e-9
    # A character the face lacks counts one em.
    assert text_width("\U000e0100", 10) == 10
    assert text_size(["a", "bb"], 10) == (text_width("bb", 10), 24.0)


def test_layers_of_a_cyclic_graph() -> None:
    nodes = ["start", "a", "b", "c", "d", "end"]
    edges = [
        WeightedEdge("start", "a", 10),
        WeightedEdge("a", "b", 9),
        WeightedEdge("b", "c", 8),
        WeightedEdge("c", "a", 1),  # a journey going back
        WeightedEdge("c", "d", 7),
        WeightedEdge("b", "b", 3),  # a loop
        WeightedEdge("d", "end", 7),
        WeightedEdge("a", "end", 2),
    ]
    layer = assign_layers(nodes, edges, first="start", last="end")
    assert [layer[node] for node in nodes] == [0, 1, 2, 3, 4, 5]
    # Only the light edge back from c to a points right to left.
    assert layer["c"] > layer["a"]
    assert assign_layers(nodes, edges, first="start", last="end") == layer


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_every_edge_joins_two_layers(data: st.DataObject) -> None:
    count = data.draw(st.integers(2, 12))
    nodes = [f"n{index}" for index in range(count)]
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=30)
    )
    edges = [WeightedEdge(tail, head, 1 + index % 3) for index, (tail, head) in enumerate(pairs)]
    layer = assign_layers(nodes, edges, first=nodes[0], last=nodes[-1])
    assert set(layer) == set(nodes)
    for edge in edges:
        if edge.tail != edge.head:
            assert layer[edge.tail] != layer[edge.head]
    assert layer[nodes[0]] == 0
    assert [node for node in nodes if layer[node] == 0] == [nodes[0]]
    assert [node for node in nodes if layer[node] == max(layer.values())] == [nodes[-1]]
    assert sorted(set(layer.values())) == list(range(max(layer.values()) + 1))


def test_time_columns_share_where_nothing_ties_lanes() -> None:
    steps = [
        TimedStep("a1", "a", at(0)),
        TimedStep("b1", "b", at(1)),  # nothing ties it to a1: same column
        TimedStep("a2", "a", at(2)),  # later in lane a: further right
        TimedStep("b2", "b", at(2)),  # a line from a2 at the same moment
        TimedStep("c1", "c", at(3)),
    ]
    columns = assign_time_columns(steps, [("a2", "b2")])
    assert columns.column_of == {"a1": 0, "b1": 0, "a2": 1, "b2": 2, "c1": 2}
    assert columns.spans == ((at(0), at(1)), (at(2), at(2)), (at(2), at(3)))


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_time_columns_keep_time_running_right(data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 15))
    steps = [
        TimedStep(
            f"s{index}", data.draw(st.sampled_from("abc")), at(hours=data.draw(st.integers(0, 6)))
        )
        for index in range(count)
    ]
    ids = [step.id for step in steps]
    lines = data.draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=10))
    column = assign_time_columns(steps, lines).column_of
    for first in steps:
        for second in steps:
            if first.at < second.at:
                assert column[first.id] <= column[second.id]
                if first.lane == second.lane:
                    assert column[first.id] < column[second.id]
    for tail, head in lines:
        if tail != head:
            assert column[tail] != column[head]


def boxes_overlap(
    one: tuple[float, float, float, float], other: tuple[float, float, float, float]
) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def node_box(layout: Layout, node: NodeBox) -> tuple[float, float, float, float]:
    centre = layout.nodes[node.id]
    half_width, half_height = node.width / 2, node.height / 2
    return (
        centre.x - half_width,
        centre.y - half_height,
        centre.x + half_width,
        centre.y + half_height,
    )


def spline_points(spline: tuple[Point, ...]) -> list[tuple[float, float]]:
    """Points every tenth of the way along each cubic piece of ``spline``."""
    points = []
    for start in range(0, len(spline) - 1, 3):
        p0, p1, p2, p3 = spline[start : start + 4]
        for step in range(11):
            t = step / 10
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            points.append(
                (
                    a * p0.x + b * p1.x + c * p2.x + d * p3.x,
                    a * p0.y + b * p1.y + c * p2.y + d * p3.y,
                )
            )
    return points


@settings(deadline=None, max_examples=80)
@given(st.data())
def test_layout_geometry(data: st.DataObject) -> None:
    lanes = data.draw(st.integers(1, 3))
    count = data.draw(st.integers(2, 9))
    names = [f"n{index}" for index in range(count)]
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=14)
    )
    layer = assign_layers(names, [WeightedEdge(tail, head) for tail, head in pairs])
    nodes = [
        NodeBox(
            name,
            data.draw(st.integers(0, lanes - 1)),
            layer[name],
            data.draw(st.floats(20, 120)),
            data.draw(st.floats(20, 60)),
            data.draw(st.sampled_from(["box", "ellipse", "circle", "octagon"])),
        )
        for name in names
    ]
    edges = [
        EdgeLine(tail, head, (40.0, 12.0) if index % 2 else None, 1.0 + index % 3)
        for index, (tail, head) in enumerate(pairs)
    ]
    layout = lay_out(nodes, edges, lane_min_heights=[30.0] * lanes)
    spans = layout.lane_spans
    assert all(upper[1] < lower[0] for upper, lower in itertools.pairwise(spans))
    boxes = {node.id: node_box(layout, node) for node in nodes}
    for node in nodes:
        left, top, right, bottom = boxes[node.id]
        assert spans[node.lane][0] <= top
        assert bottom <= spans[node.lane][1]
        assert left >= 0
        assert right <= layout.width
    for first in nodes:
        for second in nodes:
            if first.id < second.id:
                assert not boxes_overlap(boxes[first.id], boxes[second.id])
    for edge, route in zip(edges, layout.edges, strict=True):
        assert len(route.spline) % 3 == 1
        tail, head = boxes[edge.tail], boxes[edge.head]
        start, tip = route.spline[0], route.arrow_tip
        assert tip is not None
        assert tail[0] - 0.01 <= start.x <= tail[2] + 0.01
        assert tail[1] - 0.01 <= start.y <= tail[3] + 0.01
        assert head[0] - 0.01 <= tip.x <= head[2] + 0.01
        assert head[1] - 0.01 <= tip.y <= head[3] + 0.01
        for point in spline_points(route.spline):
            for node in nodes:
                if node.id not in (edge.tail, edge.head):
                    left, top, right, bottom = boxes[node.id]
                    inside = left + 1 < point[0] < right - 1 and top + 1 < point[1] < bottom - 1
                    assert not inside, f"{edge.tail} -> {edge.head} crosses {node.id}"
        if edge.label is None:
            assert route.label_centre is None
            continue
        assert route.label_centre is not None
        width, height = edge.label
        label = (
            route.label_centre.x - width / 2,
            route.label_centre.y - height / 2,
            route.label_centre.x + width / 2,
            route.label_centre.y + height / 2,
        )
        for box in boxes.values():
            assert not boxes_overlap(label, box)
