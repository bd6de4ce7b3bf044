"""Hostile text renders as plain text: it cannot add DOT statements or SVG markup.

Body names, services, activities, items, reasons and outcomes go into one small
journey; its timeline must lay out (so the DOT parses), give well-formed SVG whose
element and attribute names are all Graphviz's own, with the same number of nodes
as a benign journey, and show the text as typed (less unsafe characters).
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from journeys import Body, Catalogue, Journey, render_timeline
from journeys.render import to_dot, to_svg
from journeys.render.escaping import clean_text, dot_label
from tests.helpers import T0, at

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
XML = "{http://www.w3.org/XML/1998/namespace}"
GRAPHVIZ_ELEMENTS = {
    f"{SVG}{name}"
    for name in ("svg", "g", "title", "polygon", "polyline", "path", "ellipse", "text", "a")
}
GRAPHVIZ_ATTRIBUTES = {
    "width", "height", "viewBox", "id", "class", "transform", "fill", "stroke", "points",
    "cx", "cy", "rx", "ry", "d", "text-anchor", "x", "y", "font-family", "font-size",
    "stroke-width", "stroke-dasharray", "fill-opacity", "stroke-opacity", "font-weight",
    "font-style", f"{XML}space", f"{XLINK}href", f"{XLINK}title", "target",
}  # fmt: skip

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The control characters journey commands refuse."""

HOSTILE = [
    '"; evil [label=pwned]; a -> b; "',
    "</text><script>alert(1)</script>",
    "<b>bold</b>",
    "<<table><tr><td>x</td></tr></table>>",
    "back\\slash \\N \\G \\E \\L \\",
    "{braces} | pipes <port>",
    "&amp;lt; &lt; &#60; &nbsp; & ;",
    "two\nlines\r\nand a\rthird",
    "]]> <!-- comment --> <![CDATA[x]]>",
    "\u202ereversed\u202c tab\there nul\x00bell\x07",
    "' onload='alert(1)",
    "subgraph cluster_x { }",
]


def journey_with(text: str) -> tuple[list[Journey.Event], Catalogue]:
    """A journey using ``text`` everywhere users' text can go.

    Journey commands refuse control characters (other than tab and line breaks), so
    the commands get ``text`` without them; the catalogue's body names keep them.
    """
    body_text = text.strip() or "x"
    catalogue = Catalogue([
        Body("a", body_text, "local", ["england"]),
        Body("b", "Second " + body_text, "central", ["england", "scotland"]),
    ])  # fmt: skip
    body_text = CONTROL.sub("", body_text).strip() or "x"
    journey = Journey.start(citizen=body_text, trigger=body_text, nation="england",
                            occurred_at=T0)  # fmt: skip
    journey.open_case("a", body_text, occurred_at=at(1))
    journey.provide_information("a", [body_text], occurred_at=at(1))
    journey.send_handoff("h", from_body="a", to_body="b", items=[body_text], occurred_at=at(2))
    journey.close_case("a", body_text, occurred_at=at(2), outcome=body_text)
    journey.reject_handoff("h", occurred_at=at(3), reason=body_text)
    journey.touchpoint("b", body_text, occurred_at=at(4))
    journey.request_information("b", [body_text], occurred_at=at(5))
    journey.end(occurred_at=at(6), outcome=body_text)
    return list(journey.collect_events()), catalogue


@functools.cache
def benign_counts() -> dict[str, int]:
    events, catalogue = journey_with("benign")
    root = etree.fromstring(to_svg(render_timeline(events, catalogue=catalogue), backend="wasm"))
    return {
        kind: len(root.findall(f".//{SVG}g[@class='{kind}']"))
        for kind in ("node", "edge", "cluster")
    }


def check_plain_text(text: str) -> None:
    events, catalogue = journey_with(text)
    graph = render_timeline(events, catalogue=catalogue)
    svg = to_svg(graph, backend="wasm")  # raises if the DOT does not parse
    root = etree.fromstring(svg)  # raises if the SVG is not well-formed
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments
            continue
        assert element.tag in GRAPHVIZ_ELEMENTS, f"element {element.tag!r} came from input"
        for name in element.attrib:
            assert name in GRAPHVIZ_ATTRIBUTES, f"attribute {name!r} came from input"
    for kind, count in benign_counts().items():
        assert len(root.findall(f".//{SVG}g[@class='{kind}']")) == count, (
            f"the input changed the number of {kind}s"
        )
    shown = re.sub(r"\s+", "", "".join(t.text or "" for t in root.iter(f"{SVG}text")))
    expected = re.sub(r"\s+", "", clean_text(text.strip() or "x"))
    assert expected in shown, "the text is not shown as typed"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_plain_text(text: str) -> None:
    check_plain_text(text)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
def test_any_text_is_plain_text(text: str) -> None:
    check_plain_text(text)


def test_dot_labels_have_no_quote_angle_bracket_or_lone_backslash() -> None:
    for text in HOSTILE:
        label = dot_label(text)
        assert '"' not in label
        assert "<" not in label
        assert ">" not in label
        assert re.fullmatch(r"(?:[^\\]|\\\\|\\n)*", label), label


def test_html_like_input_stays_a_quoted_string_in_dot() -> None:
    events, catalogue = journey_with("<b>bold</b>")
    dot = to_dot(render_timeline(events, catalogue=catalogue)).decode()
    assert "<b>" not in dot
    assert "&lt;b&gt;bold&lt;/b&gt;" in dot
