"""What the pictures say: lanes in order, time left to right, every gap drawn, and
what the map keeps when asked for its top nodes and edges."""

from __future__ import annotations

import re
from array import array

import pytest
from lxml import etree

from journeys import analyse, render_map, render_network, render_timeline
from journeys.analysis.journey_map import JourneyMap
from journeys.analysis.tally import Tally
from journeys.errors import RenderError
from journeys.render import to_dot, to_svg
from journeys.render.journey_map import select
from journeys.render.layout.text_metrics import text_width
from tests.helpers import (
    AS_OF,
    CATALOGUE,
    drawn_bereavement,
    drawn_moving,
    drawn_population,
    drawn_still_open,
    events_of,
)

SVG = "{http://www.w3.org/2000/svg}"


def cluster_boxes(svg: bytes) -> dict[str, tuple[float, float, float, float]]:
    """The (left, top, right, bottom) of each cluster band on the page, in points."""
    root = etree.fromstring(svg)
    transform = root.find(f"{SVG}g").get("transform")
    translate = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", transform)
    assert translate is not None
    dx, dy = float(translate.group(1)), float(translate.group(2))
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "cluster":
            continue
        name = group.find(f"{SVG}title").text
        shape = group.find(f"{SVG}polygon")
        if shape is not None:
            numbers = [float(n) for point in shape.get("points").split() for n in point.split(",")]
        else:
            numbers = [
                float(n) for n in re.findall(r"-?\d+\.?\d*", group.find(f"{SVG}path").get("d"))
            ]
        xs, ys = numbers[0::2], numbers[1::2]
        boxes[name] = (min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy)
    return boxes


def cluster_tops(svg: bytes) -> dict[str, float]:
    """The top edge (smallest y) of each cluster band."""
    return {name: box[1] for name, box in cluster_boxes(svg).items()}


def node_x(svg: bytes) -> dict[str, float]:
    """The x of each node's first text line."""
    positions = {}
    for group in etree.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") == "node":
            text = group.find(f"{SVG}text")
            if text is not None:
                positions[group.find(f"{SVG}title").text] = float(text.get("x"))
    return positions


def lane_order(svg: bytes) -> list[str]:
    """The lanes (not the legend) from top to bottom."""
    tops = cluster_tops(svg)
    return sorted((name for name in tops if name != "cluster_legend"), key=tops.__getitem__)


def svg_size(svg: bytes) -> tuple[float, float]:
    root = etree.fromstring(svg)
    return float(root.get("width").removesuffix("pt")), float(root.get("height").removesuffix("pt"))


def assert_compact(svg: bytes) -> None:
    """The legend sits right beside the lanes (level with their top) or right under
    them (flush with their left), and the picture is no bigger than the title,
    lanes and legend need: nothing floats."""
    boxes = cluster_boxes(svg)
    legend = boxes.pop("cluster_legend")
    left = min(box[0] for box in boxes.values())
    top = min(box[1] for box in boxes.values())
    right = max(box[2] for box in boxes.values())
    bottom = max(box[3] for box in boxes.values())
    beside = abs(legend[1] - top) < 1 and 0 <= legend[0] - right <= 15
    under = abs(legend[0] - left) < 1 and 0 <= legend[1] - bottom <= 15
    assert beside or under, f"legend {legend} is neither beside nor under the lanes {boxes}"
    width, height = svg_size(svg)
    # Under the title's last line, only the gaps and (for a timeline) the axis.
    assert top - title_bottom(svg) < 45
    padding = 0.2 * 72 + 4  # Graphviz's pad, and its 4-point margin
    assert height <= max(bottom, legend[3]) + padding + 1
    assert width <= max(right, legend[2], title_right(svg)) + padding + 1


def title_texts(svg: bytes) -> tuple[list[etree._Element], float, float]:
    """The picture's title lines (the graph's own text) and the page's offset."""
    graph = etree.fromstring(svg).find(f"{SVG}g")
    translate = re.search(r"translate\(([-\d.]+) ([-\d.]+)\)", graph.get("transform"))
    assert translate is not None
    return graph.findall(f"{SVG}text"), float(translate.group(1)), float(translate.group(2))


def title_bottom(svg: bytes) -> float:
    """The baseline of the title's last line, on the page."""
    texts, _, dy = title_texts(svg)
    return max(float(text.get("y")) for text in texts) + dy


def title_right(svg: bytes) -> float:
    """Where the picture's title (the graph's own text, left-justified) ends, give or
    take the few per cent Graphviz's own estimate of its width adds."""
    texts, dx, _ = title_texts(svg)
    return max(float(text.get("x")) + dx + 1.05 * text_width(text.text or "", 16) for text in texts)


@pytest.mark.parametrize("journey", [drawn_bereavement, drawn_moving, drawn_still_open])
def test_timeline_is_compact(journey: object) -> None:
    svg = to_svg(render_timeline(events_of(journey()), catalogue=CATALOGUE), backend="wasm")  # type: ignore[operator]
    assert_compact(svg)


def test_map_and_network_are_compact() -> None:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    assert_compact(to_svg(render_map(analysis, catalogue=CATALOGUE), backend="wasm"))
    assert_compact(to_svg(render_network(analysis, catalogue=CATALOGUE), backend="wasm"))


def test_timeline_lanes_citizen_central_local() -> None:
    svg = to_svg(
        render_timeline(events_of(drawn_bereavement()), catalogue=CATALOGUE), backend="wasm"
    )
    assert lane_order(svg) == ["cluster_citizen", "cluster_central", "cluster_local"]


def test_timeline_splits_lanes_by_nation_when_bodies_share_none() -> None:
    svg = to_svg(render_timeline(events_of(drawn_moving()), catalogue=CATALOGUE), backend="wasm")
    assert lane_order(svg) == [
        "cluster_citizen",
        "cluster_devolved-scotland",
        "cluster_local-england",
        "cluster_local-scotland",
    ]
    text = "".join(t.text or "" for t in etree.fromstring(svg).iter(f"{SVG}text"))
    compact = re.sub(r"\s+", "", text)
    assert "Localbodies·England" in compact
    assert "Localbodies·Scotland" in compact


def test_timeline_columns_run_in_time_order() -> None:
    svg = to_svg(
        render_timeline(events_of(drawn_bereavement()), catalogue=CATALOGUE), backend="wasm"
    )
    x = node_x(svg)
    events = [x[f"e{index}"] for index in range(1, 14)]
    # Events at the same instant share a column; later ones are further right.
    assert events == sorted(events)
    assert x["e1"] < x["e2"] < x["e4"] < x["e6"] < x["e13"]


def test_every_gap_of_the_journey_is_drawn() -> None:
    dot = to_dot(render_timeline(events_of(drawn_bereavement()), catalogue=CATALOGUE)).decode()
    assert dot.count('label="UNHELD ') == 3
    assert 'label="COLD TRANSFER"' in dot
    assert "NO RESPONSE\\nfrom HM Revenue &amp;\\nCustoms" in dot
    assert "ASKS AGAIN: ni_number" in dot
    assert 'label="hand-off · 3 d"' in dot
    dot = to_dot(render_timeline(events_of(drawn_moving()), catalogue=CATALOGUE)).decode()
    assert 'label="refused after 3 d"' in dot


def test_open_journey_as_of_draws_trailing_gaps_and_no_response() -> None:
    events = events_of(drawn_still_open())
    without = to_dot(render_timeline(events, catalogue=CATALOGUE)).decode()
    assert "NO RESPONSE" not in without.split("cluster_legend")[0]
    assert "Still open" in without
    drawn = to_dot(render_timeline(events, catalogue=CATALOGUE, as_of=AS_OF)).decode()
    assert "NO RESPONSE\\nfrom HM Revenue &amp;\\nCustoms\\nby 1 Jul 2025" in drawn
    assert 'label="UNHELD 8 wk 1 d"' in drawn


@pytest.mark.parametrize(
    ("events", "message"),
    [([], "got none"), (events_of(drawn_bereavement())[1:], "not Started")],
)
def test_timeline_needs_one_whole_journey(events: list[object], message: str) -> None:
    with pytest.raises(RenderError, match=message):
        render_timeline(events, catalogue=CATALOGUE)  # type: ignore[arg-type]


def test_timeline_refuses_two_journeys() -> None:
    events = events_of(drawn_bereavement()) + events_of(drawn_moving())
    with pytest.raises(RenderError, match="one journey; got events of 2 journeys"):
        render_timeline(events, catalogue=CATALOGUE)


def test_map_and_network_lanes_in_tier_order() -> None:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    expected = ["cluster_citizen", "cluster_central", "cluster_devolved", "cluster_local"]
    assert lane_order(to_svg(render_map(analysis, catalogue=CATALOGUE), backend="wasm")) == expected
    assert (
        lane_order(to_svg(render_network(analysis, catalogue=CATALOGUE), backend="wasm"))
        == expected[1:]
    )


def test_map_top_nodes_and_edges_by_count_and_delay() -> None:
    journey_map = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF).journey_map
    nodes, edges = select(journey_map, None, None, "count")
    assert len(nodes) == len(journey_map.nodes)
    assert len(edges) == len(journey_map.edges)
    nodes, edges = select(journey_map, 3, None, "count")
    assert len(nodes) == 3
    assert min(n.visits for n in nodes) >= max(
        n.visits for n in journey_map.nodes if n not in nodes
    )
    kept = {n.key for n in nodes}
    assert all(e.source in kept and e.target in kept for e in edges)
    _, edges = select(journey_map, None, 2, "delay")
    slowest = sorted((e.stats.total for e in journey_map.edges), reverse=True)[:2]
    assert sorted((e.stats.total for e in edges), reverse=True) == slowest


def test_map_keeps_the_busiest_by_default_and_none_keeps_all() -> None:
    from journeys.render.journey_map import DEFAULT_TOP_EDGES, DEFAULT_TOP_NODES

    journey_map = synthetic_map(DEFAULT_TOP_NODES + 10)
    dot = to_dot(render_map(journey_map, catalogue=CATALOGUE)).decode()
    shown = f"showing {DEFAULT_TOP_NODES} of {DEFAULT_TOP_NODES + 10} touchpoints"
    assert shown in dot
    assert "(kept by count)" in dot
    assert len(select(journey_map, DEFAULT_TOP_NODES, DEFAULT_TOP_EDGES, "count")[1]) <= (
        DEFAULT_TOP_EDGES
    )
    everything = to_dot(render_map(journey_map, catalogue=CATALOGUE, top_nodes=None,
                                   top_edges=None)).decode()  # fmt: skip
    total = f"showing {DEFAULT_TOP_NODES + 10} of {DEFAULT_TOP_NODES + 10} touchpoints"
    assert total in everything
    assert "kept by" not in everything


def synthetic_map(size: int) -> JourneyMap:
    """A chain of ``size`` touchpoints at the test catalogue's bodies, busiest first."""
    tally = Tally()
    bodies = [body.id for body in CATALOGUE.bodies()]
    keys = [(bodies[index % len(bodies)], f"step {index}") for index in range(size)]
    for index, key in enumerate(keys):
        tally.visits[key] += size - index
        if index:
            tally.transitions[(keys[index - 1], key)] = array("d", [3600.0] * (size - index))
    tally.starts[keys[0]] += size
    tally.ends[keys[-1]] += 1
    return JourneyMap.from_tally(tally)


def test_map_says_how_much_it_shows() -> None:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    dot = to_dot(render_map(analysis, catalogue=CATALOGUE, top_nodes=3)).decode()
    total_nodes = len(analysis.journey_map.nodes)
    assert f"showing 3 of {total_nodes} touchpoints" in dot
    assert "(kept by count)" in dot


@pytest.mark.parametrize(
    ("options", "message"),
    [({"rank_by": "speed"}, "rank_by"), ({"statistic": "max"}, "statistic"),
     ({"top_nodes": 0}, "top_nodes"), ({"top_edges": -2}, "top_edges")],
)  # fmt: skip
def test_map_refuses_bad_options(options: dict[str, object], message: str) -> None:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    with pytest.raises(ValueError, match=message):
        render_map(analysis, catalogue=CATALOGUE, **options)  # type: ignore[arg-type]
