"""What the pictures say: lanes in order, time left to right, every gap drawn, and
what the map keeps when asked for its top nodes and edges."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from journeys import analyse, render_map, render_network, render_timeline, to_dot, to_svg
from journeys.errors import RenderError
from journeys.render.journey_map import select
from tests.render_journeys import (
    AS_OF,
    CATALOGUE,
    bereavement,
    events_of,
    moving,
    population,
    still_open,
)

SVG = "{http://www.w3.org/2000/svg}"


def cluster_tops(svg: bytes) -> dict[str, float]:
    """The top edge (smallest y) of each cluster band."""
    tops = {}
    for group in etree.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "cluster":
            continue
        name = group.find(f"{SVG}title").text
        shape = group.find(f"{SVG}polygon")
        if shape is not None:
            ys = [float(point.split(",")[1]) for point in shape.get("points").split()]
        else:
            numbers = [
                float(n) for n in re.findall(r"-?\d+\.?\d*", group.find(f"{SVG}path").get("d"))
            ]
            ys = numbers[1::2]
        tops[name] = min(ys)
    return tops


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
    tops = cluster_tops(svg)
    return sorted(tops, key=tops.__getitem__)


def test_timeline_lanes_citizen_central_local_then_legend() -> None:
    svg = to_svg(render_timeline(events_of(bereavement()), catalogue=CATALOGUE), backend="wasm")
    assert lane_order(svg) == [
        "cluster_citizen", "cluster_central", "cluster_local", "cluster_legend"
    ]  # fmt: skip


def test_timeline_splits_lanes_by_nation_when_bodies_share_none() -> None:
    svg = to_svg(render_timeline(events_of(moving()), catalogue=CATALOGUE), backend="wasm")
    assert lane_order(svg) == [
        "cluster_citizen",
        "cluster_devolved-scotland",
        "cluster_local-england",
        "cluster_local-scotland",
        "cluster_legend",
    ]
    text = "".join(t.text or "" for t in etree.fromstring(svg).iter(f"{SVG}text"))
    compact = re.sub(r"\s+", "", text)
    assert "Localbodies·England" in compact
    assert "Localbodies·Scotland" in compact


def test_timeline_columns_run_in_time_order() -> None:
    svg = to_svg(render_timeline(events_of(bereavement()), catalogue=CATALOGUE), backend="wasm")
    x = node_x(svg)
    events = [x[f"e{index}"] for index in range(1, 14)]
    # Events at the same instant share a column; later ones are further right.
    assert events == sorted(events)
    assert x["e1"] < x["e2"] < x["e4"] < x["e6"] < x["e13"]


def test_every_gap_of_the_journey_is_drawn() -> None:
    dot = to_dot(render_timeline(events_of(bereavement()), catalogue=CATALOGUE)).decode()
    assert dot.count('label="UNHELD ') == 3
    assert 'label="COLD TRANSFER"' in dot
    assert "NO RESPONSE\\nfrom HM Revenue &amp; Customs" in dot
    assert "ASKS AGAIN: ni_number" in dot
    assert 'label="hand-off · 3 d"' in dot
    dot = to_dot(render_timeline(events_of(moving()), catalogue=CATALOGUE)).decode()
    assert 'label="refused after 3 d"' in dot


def test_open_journey_as_of_draws_trailing_gaps_and_no_response() -> None:
    events = events_of(still_open())
    without = to_dot(render_timeline(events, catalogue=CATALOGUE)).decode()
    assert "NO RESPONSE" not in without.split("cluster_legend")[0]
    assert "Still open" in without
    drawn = to_dot(render_timeline(events, catalogue=CATALOGUE, as_of=AS_OF)).decode()
    assert "NO RESPONSE\\nfrom HM Revenue &amp; Customs\\nby 1 Jul 2025" in drawn
    assert 'label="UNHELD 8 wk 1 d"' in drawn


@pytest.mark.parametrize(
    ("events", "message"),
    [([], "got none"), (events_of(bereavement())[1:], "not Started")],
)
def test_timeline_needs_one_whole_journey(events: list[object], message: str) -> None:
    with pytest.raises(RenderError, match=message):
        render_timeline(events, catalogue=CATALOGUE)  # type: ignore[arg-type]


def test_timeline_refuses_two_journeys() -> None:
    events = events_of(bereavement()) + events_of(moving())
    with pytest.raises(RenderError, match="one journey; got events of 2 journeys"):
        render_timeline(events, catalogue=CATALOGUE)


def test_map_and_network_lanes_in_tier_order() -> None:
    analysis = analyse(population(), catalogue=CATALOGUE, as_of=AS_OF)
    expected = ["cluster_citizen", "cluster_central", "cluster_devolved", "cluster_local",
                "cluster_legend"]  # fmt: skip
    assert lane_order(to_svg(render_map(analysis, catalogue=CATALOGUE), backend="wasm")) == expected
    assert (
        lane_order(to_svg(render_network(analysis, catalogue=CATALOGUE), backend="wasm"))
        == expected[1:]
    )


def test_map_top_nodes_and_edges_by_count_and_delay() -> None:
    journey_map = analyse(population(), catalogue=CATALOGUE, as_of=AS_OF).journey_map
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


def test_map_says_how_much_it_shows() -> None:
    analysis = analyse(population(), catalogue=CATALOGUE, as_of=AS_OF)
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
    analysis = analyse(population(), catalogue=CATALOGUE, as_of=AS_OF)
    with pytest.raises(ValueError, match=message):
        render_map(analysis, catalogue=CATALOGUE, **options)  # type: ignore[arg-type]
