"""What each picture's DOT says, read as a graph, and that its bytes are the same in any process.

The seven pictures (three timelines, three journey maps, the hand-off network of
tests/helpers.py's journeys) are parsed with ``tests.helpers.read_dot`` and checked
for what carries meaning: which lane each body's steps are in (lanes per tier, or
per tier and nation), the gaps (a dropped hand-off drawn red and labelled with how
long it went unanswered, unheld time red and dashed with its duration, a cold
transfer, a re-ask, a refusal), counts and durations on edges, edge colours that
match their legend, widths growing with counts. Positions, sizes, node ids and
wrapping are left free, so a change of layout or wording elsewhere does not fail
these tests; a change of meaning does.

Why no .dot files any more: these tests were a byte-for-byte comparison with
tests/snapshots/*.dot, which failed on every intended change of layout or style and
left a diff of coordinates to review. Determinism, which the files also guarded,
needs no stored copy: ``test_dot_is_byte_identical_in_fresh_processes_with_other_hash_seeds``
draws every picture in two fresh processes with different ``PYTHONHASHSEED`` and in
this one, and the three must be equal byte for byte (a ``hash()``-based id or
set-ordered output differs between them). The numbers the pictures draw are held
byte for byte by the golden analyses (tests/golden/).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from journeys import analyse, render_map, render_network, render_timeline
from journeys.render import style, to_dot
from tests.helpers import (
    AS_OF,
    CATALOGUE,
    Dot,
    DotEdge,
    DotNode,
    drawn_bereavement,
    drawn_moving,
    drawn_population,
    drawn_still_open,
    events_of,
    label_lines,
    read_dot,
)


def timeline_bereavement() -> bytes:
    return to_dot(render_timeline(events_of(drawn_bereavement()), catalogue=CATALOGUE))


def timeline_moving() -> bytes:
    return to_dot(render_timeline(events_of(drawn_moving()), catalogue=CATALOGUE))


def timeline_still_open() -> bytes:
    return to_dot(render_timeline(events_of(drawn_still_open()), catalogue=CATALOGUE, as_of=AS_OF))


def journey_map() -> bytes:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    return to_dot(render_map(analysis, catalogue=CATALOGUE))


def journey_map_top() -> bytes:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    return to_dot(
        render_map(
            analysis,
            catalogue=CATALOGUE,
            top_nodes=5,
            top_edges=3,
            rank_by="delay",
            statistic="p90",
        )
    )


def activity_map() -> bytes:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    return to_dot(render_map(analysis.map("activity"), catalogue=CATALOGUE))


def network() -> bytes:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    return to_dot(render_network(analysis, catalogue=CATALOGUE))


PICTURES: dict[str, Callable[[], bytes]] = {
    "timeline_bereavement": timeline_bereavement,
    "timeline_moving": timeline_moving,
    "timeline_still_open": timeline_still_open,
    "map": journey_map,
    "map_top_delay_p90": journey_map_top,
    "map_activity": activity_map,
    "network": network,
}
TIMELINES = ["timeline_bereavement", "timeline_moving", "timeline_still_open"]
MAPS = {"map": "median", "map_top_delay_p90": "p90", "map_activity": "median"}

LEGEND = "cluster_legend"
LANE_TITLES = {
    "citizen": "Citizen",
    "central": "Central government",
    "devolved": "Devolved government",
    "local": "Local bodies",
}
NATIONS = {"england": "England", "scotland": "Scotland", "wales": "Wales"}


def picture(name: str) -> Dot:
    return read_dot(PICTURES[name]())


def body_named(text: str) -> str | None:
    """The id of the catalogue body whose name ``text`` starts with."""
    found = [body.id for body in CATALOGUE.bodies() if text.startswith(body.name)]
    assert len(found) <= 1, found
    return found[0] if found else None


def lane_of(node: DotNode) -> str:
    """``citizen``, a tier, or ``tier-nation``: the lane a node is drawn in."""
    assert node.cluster is not None, f"{node.name} is in no lane"
    return node.cluster.removeprefix("cluster_")


def steps(dot: Dot) -> list[DotNode]:
    """The nodes inside lanes other than the lanes' titles."""
    return [
        node
        for node in dot.nodes.values()
        if node.cluster not in {None, LEGEND} and not node.name.startswith("lane_")
    ]


def edge_into(dot: Dot, node: DotNode) -> DotEdge:
    (edge,) = [edge for edge in dot.drawing() if edge.head == node.name]
    return edge


def between(dot: Dot, tail: str, head: str) -> DotEdge:
    """The one edge from the node whose text starts with ``tail`` to the one starting ``head``."""
    found = [
        edge
        for edge in dot.drawing()
        if dot.nodes[edge.tail].text.startswith(tail) and dot.nodes[edge.head].text.startswith(head)
    ]
    assert len(found) == 1, f"{len(found)} edges {tail!r} -> {head!r}"
    return found[0]


def styles(attrs: dict[str, str]) -> set[str]:
    return set(filter(None, attrs.get("style", "").split(",")))


# --- timelines --------------------------------------------------------------------------


@pytest.mark.parametrize("name", TIMELINES)
def test_timeline_lanes_hold_each_body_in_its_tier(name: str) -> None:
    dot = picture(name)
    *lanes, legend = [cluster.removeprefix("cluster_") for cluster in dot.clusters]
    assert (lanes[0], legend) == ("citizen", "legend")
    order = list(LANE_TITLES)
    assert lanes == sorted(lanes, key=lambda lane: order.index(lane.split("-")[0]))
    for lane in lanes:
        tier, _, nation = lane.partition("-")
        title = LANE_TITLES[tier] + (f" · {NATIONS[nation]}" if nation else "")
        assert dot.nodes[f"lane_{lane}"].text == title
        assert lane_of(dot.nodes[f"lane_{lane}"]) == lane
    for node in steps(dot):
        body = body_named(node.text.removeprefix("NO RESPONSE from "))
        if body is None:
            assert lane_of(node) == "citizen", node.text
        else:
            tier = CATALOGUE[body].tier
            assert lane_of(node).split("-")[0] == tier.value, node.text
            # Outlined in the tier's ink, unless a gap colours it.
            inks = {style.TIER_INKS[tier], style.GAP, style.REASK, style.REJECTED}
            assert node.attrs["color"] in inks, node.text


def test_each_gap_has_a_colour_of_its_own() -> None:
    """The tests above compare with the style's colours; those must stay apart."""
    gaps = [style.GAP, style.REJECTED, style.REASK, style.COLD_TRANSFER]
    plain = [style.INK, style.MUTED, style.HANDOFF, *style.TIER_INKS.values()]
    assert len(set(gaps)) == len(gaps)
    assert not set(gaps) & set(plain)


@pytest.mark.parametrize("name", TIMELINES)
def test_timeline_legend_explains_every_line(name: str) -> None:
    dot = picture(name)
    legend = {
        (edge.attrs["color"], frozenset(styles(edge.attrs)))
        for edge in dot.edges
        if edge.cluster == LEGEND
    }
    for edge in dot.drawing():
        assert (edge.attrs["color"], frozenset(styles(edge.attrs))) in legend, edge.text


def test_bereavement_timeline_draws_every_gap() -> None:
    dot = picture("timeline_bereavement")
    assert "citizen cit-bereavement · death · 1 May 2025 09:00 to 13 May 2025 09:00" in dot.title

    # The hand-off to HMRC is never answered: a red node, and a red line saying how long.
    (dropped,) = dot.nodes_containing("NO RESPONSE")
    assert dropped.text == "NO RESPONSE from HM Revenue & Customs by 13 May 2025 09:00"
    assert (dropped.attrs["color"], dropped.attrs["fillcolor"]) == (
        style.GAP,
        style.NO_RESPONSE_FILL,
    )
    unanswered = edge_into(dot, dropped)
    assert dot.nodes[unanswered.tail].text.startswith(
        "Department for Work and Pensions hands off to HM Revenue & Customs"
    )
    assert (unanswered.text, unanswered.attrs["color"]) == ("no answer in 5 d", style.GAP)

    # The hand-off DWP accepted: blue, with its latency.
    answered = between(
        dot,
        "Bristol Register Office hands off to Department for Work and Pensions carrying:",
        "Department for Work and Pensions accepts hand-off from Bristol Register Office",
    )
    assert (answered.text, answered.attrs["color"]) == ("hand-off · 3 d", style.HANDOFF)

    # Unheld time: before the registrar, between registrar and DWP, after DVLA.
    unheld = dot.edges_labelled("UNHELD")
    assert [(dot.nodes[e.tail].text, dot.nodes[e.head].text, e.text) for e in unheld] == [
        (
            "Life event death 1 May 2025 09:00",
            "Bristol Register Office opens: death-registration 2 May 2025 09:00",
            "UNHELD 1 d",
        ),
        (
            "Bristol Register Office closes: death-registration (closed) 3 May 2025 09:00",
            "Department for Work and Pensions opens: bereavement-support 6 May 2025 09:00",
            "UNHELD 3 d",
        ),
        (
            "Driver and Vehicle Licensing Agency closes: licence (revoked) 11 May 2025 09:00",
            "Journey ends settled 13 May 2025 09:00",
            "UNHELD 2 d",
        ),
    ]
    for edge in unheld:
        assert (edge.attrs["color"], styles(edge.attrs)) == (style.GAP, {"dashed"})

    # DVLA's case opened with no hand-off to it: a cold transfer, dotted.
    (cold,) = dot.edges_labelled("COLD TRANSFER")
    assert dot.nodes[cold.tail].text.startswith("Department for Work and Pensions opens")
    assert dot.nodes[cold.head].text.startswith("Driver and Vehicle Licensing Agency opens")
    assert (cold.attrs["color"], styles(cold.attrs)) == (style.COLD_TRANSFER, {"dotted"})

    # DWP asks for the NI number the registrar was given.
    (reask,) = dot.nodes_containing("ASKS AGAIN")
    assert "ASKS AGAIN: ni_number (given to Bristol Register Office 2 May 2025 09:00)" in (
        reask.text
    )
    assert (reask.attrs["color"], reask.attrs["fillcolor"]) == (style.REASK, style.REASK_FILL)

    # Cases are held: grey lines without arrows, with how long.
    held = [edge for edge in dot.drawing() if edge.attrs.get("arrowhead") == "none"]
    assert [(edge.text, edge.attrs["color"]) for edge in held] == [
        ("held 1 d", style.MUTED),
        ("held 4 d", style.MUTED),
        ("held 2 d", style.MUTED),
    ]


def test_moving_timeline_splits_lanes_by_nation_and_draws_the_refusal() -> None:
    dot = picture("timeline_moving")
    assert list(dot.clusters) == [
        "cluster_citizen",
        "cluster_devolved-scotland",
        "cluster_local-england",
        "cluster_local-scotland",
        LEGEND,
    ]
    refused = between(
        dot,
        "Bristol City Council hands off to City of Edinburgh Council carrying: care_plan",
        "City of Edinburgh Council refuses hand-off: not yet resident",
    )
    assert (refused.text, refused.attrs["color"]) == ("refused after 3 d", style.REJECTED)
    assert lane_of(dot.nodes[refused.tail]) == "local-england"
    assert lane_of(dot.nodes[refused.head]) == "local-scotland"
    assert dot.nodes[refused.head].attrs["color"] == style.REJECTED

    # Touchpoints are ellipses, in Scotland's lanes.
    touchpoints = [node for node in steps(dot) if node.attrs.get("shape") == "ellipse"]
    assert [(lane_of(node), node.text) for node in touchpoints] == [
        (
            "devolved-scotland",
            "Social Security Scotland adult disability payment claim 14 May 2025 21:00",
        ),
        ("local-scotland", "City of Edinburgh Council assessment booked 10 May 2025 09:00"),
        ("local-scotland", "City of Edinburgh Council assessment 13 May 2025 09:00"),
    ]
    assert [edge.text for edge in dot.edges_labelled("UNHELD")] == [
        "UNHELD 5 d",
        "UNHELD 1 d 12 h",
        "UNHELD 6 d 12 h",
    ]
    assert dot.nodes_containing("NO RESPONSE") == []
    assert dot.edges_labelled("COLD TRANSFER") == []


def test_open_timeline_is_drawn_as_of_a_later_time() -> None:
    dot = picture("timeline_still_open")
    assert "4 May 2025 09:00 to open" in dot.title
    assert dot.nodes_containing("Journey ends") == []
    (still_open,) = dot.nodes_containing("Still open")
    assert still_open.text == "Still open as of 1 Jul 2025"
    assert "dashed" in styles(still_open.attrs)
    trailing = edge_into(dot, still_open)
    assert (trailing.text, trailing.attrs["color"]) == ("UNHELD 8 wk 1 d", style.GAP)
    (dropped,) = dot.nodes_containing("NO RESPONSE")
    assert dropped.text == "NO RESPONSE from HM Revenue & Customs by 1 Jul 2025"
    assert (edge_into(dot, dropped).text, edge_into(dot, dropped).attrs["color"]) == (
        "no answer in 8 wk 1 d",
        style.GAP,
    )


# --- journey maps -----------------------------------------------------------------------

UNITS = {"yr": 365 * 86400, "wk": 7 * 86400, "d": 86400, "h": 3600, "min": 60, "s": 1}


def seconds(text: str) -> float:
    """A duration as the pictures write it (``1 wk 2 d``) in seconds."""
    parts = re.findall(r"(\d+) (yr|wk|d|h|min|s)\b", text)
    assert parts, text
    return float(sum(int(number) * UNITS[unit] for number, unit in parts))


def legend_bands(dot: Dot, statistic: str) -> list[tuple[float, float, str]]:
    """The map legend's colour bands for ``statistic``: (from, to, colour), in seconds."""
    bands = []
    for edge in dot.edges:
        text = dot.nodes[edge.head].text
        if edge.cluster != LEGEND or not text.startswith(f"{statistic} "):
            continue
        band = text.removeprefix(f"{statistic} ")
        if band.startswith("under "):
            low, high = 0.0, seconds(band)
        elif band.endswith(" or more"):
            low, high = seconds(band), float("inf")
        else:
            lower, upper = band.split(" to ")
            low, high = seconds(lower), seconds(upper)
        bands.append((low, high, edge.attrs["color"]))
    return bands


ACTIVITIES = sorted(
    {
        "adult disability payment claim",
        "adult-social-care",
        "assessment",
        "assessment booked",
        "bereavement-support",
        "death-registration",
        "licence",
        "state-pension",
    },
    key=len,
    reverse=True,
)
"""The services and touchpoints of the drawn population, longest first."""


def activity(node: DotNode) -> str:
    """The activity a map node stands for (``START`` and ``END`` for the citizen's)."""
    if node.name in {"start", "end"}:
        return node.name.upper()
    return next(name for name in ACTIVITIES if node.text.startswith(name))


def activities(dot: Dot) -> dict[str, DotNode]:
    """The map's activity nodes by activity."""
    return {activity(node): node for node in steps(dot) if node.name not in {"start", "end"}}


def transitions(dot: Dot) -> dict[tuple[str, str], DotEdge]:
    """The map's edges by the activities at their ends."""
    return {
        (activity(dot.nodes[edge.tail]), activity(dot.nodes[edge.head])): edge
        for edge in dot.drawing()
    }


@pytest.mark.parametrize(("name", "statistic"), sorted(MAPS.items()))
def test_map_colours_each_transition_by_its_legend_band(name: str, statistic: str) -> None:
    dot = picture(name)
    bands = legend_bands(dot, statistic)
    assert len(bands) >= 2
    timed = [edge for edge in dot.drawing() if f" · {statistic} " in edge.text]
    assert timed
    for edge in timed:
        duration = seconds(edge.text.split(f" · {statistic} ")[1])
        (colour,) = [colour for low, high, colour in bands if low <= duration < high]
        assert (edge.attrs["color"], edge.attrs["fontcolor"]) == (colour, colour), edge.text


@pytest.mark.parametrize("name", sorted(MAPS))
def test_map_widths_grow_with_counts_and_starts_and_ends_are_dashed(name: str) -> None:
    dot = picture(name)
    width_of_count: dict[int, set[float]] = {}
    for (tail, head), edge in transitions(dot).items():
        count = int(edge.text.split(" ×")[0])
        width_of_count.setdefault(count, set()).add(float(edge.attrs["penwidth"]))
        if "START" in {tail, head} or "END" in {tail, head}:
            assert (edge.attrs["color"], styles(edge.attrs)) == (style.MUTED, {"dashed"})
    assert all(len(widths) == 1 for widths in width_of_count.values()), width_of_count
    widths = [width_of_count[count].pop() for count in sorted(width_of_count)]
    assert all(thinner < wider for thinner, wider in itertools.pairwise(widths)), widths


def test_map_shows_every_touchpoint_in_its_lane_with_counts() -> None:
    dot = picture("map")
    assert "showing 8 of 8 touchpoints and 5 of 5 transitions" in dot.title
    assert lane_of(dot.nodes["start"]) == lane_of(dot.nodes["end"]) == "citizen"
    nodes = activities(dot)
    assert {activity: node.lines[-1] for activity, node in nodes.items()} == {
        "adult disability payment claim": "3 visits",
        "adult-social-care": "3 visits",
        "assessment": "3 visits",
        "assessment booked": "3 visits",
        "bereavement-support": "3 visits",
        "death-registration": "3 visits",
        "licence": "3 visits",
        "state-pension": "1 visit",
    }
    for node in nodes.values():
        (body,) = [b for b in CATALOGUE.bodies() if b.name in node.text]
        assert lane_of(node) == body.tier.value
        assert node.attrs["color"] == style.TIER_INKS[body.tier]
    assert {pair: edge.text for pair, edge in transitions(dot).items()} == {
        ("START", "adult-social-care"): "3",
        ("START", "death-registration"): "3",
        ("START", "state-pension"): "1",
        ("adult-social-care", "assessment booked"): "3 × · median 1 wk 2 d",
        ("assessment booked", "assessment"): "3 × · median 3 d",
        ("assessment", "adult disability payment claim"): "3 × · median 1 d 12 h",
        ("death-registration", "bereavement-support"): "3 × · median 4 d",
        ("bereavement-support", "licence"): "3 × · median 3 d",
        ("licence", "END"): "3",
        ("adult disability payment claim", "END"): "3",
        ("state-pension", "END"): "1",
    }


def test_map_of_the_top_nodes_by_delay_keeps_the_slowest() -> None:
    dot = picture("map_top_delay_p90")
    assert "showing 5 of 8 touchpoints and 3 of 5 transitions (kept by total delay)" in dot.title
    assert set(activities(dot)) == {
        "adult disability payment claim",
        "assessment",
        "assessment booked",
        "bereavement-support",
        "licence",
    }
    kept = {pair: edge.text for pair, edge in transitions(dot).items() if "×" in edge.text}
    assert kept == {
        ("assessment booked", "assessment"): "3 × · p90 3 d",
        ("assessment", "adult disability payment claim"): "3 × · p90 1 d 12 h",
        ("bereavement-support", "licence"): "3 × · p90 3 d",
    }


def test_activity_map_has_one_lane_of_activities_of_any_body() -> None:
    dot = picture("map_activity")
    assert list(dot.clusters) == ["cluster_citizen", "cluster_activities", LEGEND]
    assert dot.nodes["lane_activities"].text == "Activities (any body)"
    nodes = activities(dot)
    assert len(nodes) == 8
    for node in nodes.values():
        assert lane_of(node) == "activities"
        assert node.attrs["color"] == style.INK
        assert not any(body.name in node.text for body in CATALOGUE.bodies())
    assert transitions(dot)[("death-registration", "bereavement-support")].text == (
        "3 × · median 4 d"
    )


# --- the hand-off network ---------------------------------------------------------------


def test_network_draws_each_boundary_with_its_gaps() -> None:
    dot = picture("network")
    assert dot.title == "Hand-off network 7 bodies, 5 connections"
    assert list(dot.clusters) == ["cluster_central", "cluster_devolved", "cluster_local", LEGEND]
    bodies = {}
    for node in steps(dot):
        body = body_named(node.text)
        assert body is not None, node.text
        assert lane_of(node) == CATALOGUE[body].tier.value
        bodies[node.name] = body
    assert {bodies[name]: dot.nodes[name].lines[-1] for name in bodies} == {
        "registrar": "England",
        "council:E06000023": "England",
        "council:S12000036": "Scotland",
        "dwp": "Great Britain",
        "dvla": "Great Britain",
        "hmrc": "UK-wide",
        "sss": "Scotland",
    }
    legend = {dot.nodes[edge.head].text: edge.attrs for edge in dot.edges if edge.cluster == LEGEND}
    within = legend["hand-offs within one tier"]["color"]
    across = legend["hand-offs across tiers (central, devolved, local)"]["color"]
    border = legend["crossing a nation border (bodies serve no nation in common)"]["color"]
    assert border == f"{across}:white:{across}"
    drawn = {
        (bodies[edge.tail], bodies[edge.head]): (
            edge.lines,
            edge.attrs["color"],
            styles(edge.attrs),
            float(edge.attrs["penwidth"]),
        )
        for edge in dot.drawing()
    }
    assert drawn == {
        ("registrar", "dwp"): (["3 · 3 d", "3 re-asks"], across, set(), 4.49),
        ("dwp", "hmrc"): (["4", "4 dropped"], within, set(), 5.0),
        ("council:E06000023", "council:S12000036"): (
            ["3", "3 refused"],
            f"{within}:white:{within}",
            set(),
            4.49,
        ),
        ("council:S12000036", "sss"): (
            ["no hand-off", "unheld 3× · 1 d 12 h"],
            across,
            {"dashed"},
            1.2,
        ),
        ("dwp", "dvla"): (["no hand-off", "3 cold transfers"], within, {"dashed"}, 1.2),
    }
    # Red marks only the boundaries that lost citizens; unheld time alone is not one.
    colours = {
        (bodies[edge.tail], bodies[edge.head]): edge.attrs["fontcolor"] for edge in dot.drawing()
    }
    assert colours == {
        ("registrar", "dwp"): style.GAP,
        ("dwp", "hmrc"): style.GAP,
        ("council:E06000023", "council:S12000036"): style.GAP,
        ("council:S12000036", "sss"): style.INK,
        ("dwp", "dvla"): style.GAP,
    }
    # Every count is in the edge's tooltip, with the boundary it crosses.
    tooltips = {
        (bodies[edge.tail], bodies[edge.head]): label_lines(edge.attrs["tooltip"])
        for edge in dot.drawing()
    }
    assert tooltips[("registrar", "dwp")] == [
        "registrar → dwp",
        "3 hand-offs",
        "median latency 3 d",
        "3 re-asks",
        "unheld 3× (median 3 d)",
    ]
    assert tooltips[("council:E06000023", "council:S12000036")][-1] == "crosses a nation border"


# --- determinism ------------------------------------------------------------------------


@pytest.mark.slow
def test_dot_is_byte_identical_in_fresh_processes_with_other_hash_seeds() -> None:
    here = {name: make().decode() for name, make in sorted(PICTURES.items())}
    script = (
        "import json\n"
        "from tests.test_render_snapshots import PICTURES\n"
        "print(json.dumps({n: m().decode() for n, m in sorted(PICTURES.items())}))\n"
    )
    processes = {
        seed: subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parents[1],
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "4242")
    }
    drawn = {}
    for seed, process in processes.items():
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
        drawn[seed] = json.loads(stdout)
    assert drawn["1"] == drawn["4242"], "DOT differs between PYTHONHASHSEED=1 and 4242"
    assert drawn["1"] == here, "DOT differs between a fresh process and this one"
