"""What many tests share: fixed times, the sample catalogue, journey builders, a DOT reader.

Times
    ``T0`` (1 May 2025 09:00 UTC) and ``at(days, hours=)`` after it; ``AS_OF``, a
    later moment to draw or analyse open journeys "as of"; ``HOUR`` and ``DAY`` in
    seconds, as findings measure durations.
Catalogue
    ``CATALOGUE``: seven bodies in three tiers, two nations' councils, one devolved
    body.
Journeys
    ``started`` (a journey begun at ``T0``), ``death_registered`` (a registrar
    hands the date of death to DWP), and two stories with every kind of finding:
    ``bereavement`` and ``move_to_scotland``; ``population`` alternates them.
    The ``drawn_*`` builders are the same stories with fixed ids, as the rendering
    tests draw them (ids appear in titles).
DOT
    ``read_dot`` parses the DOT the renderers write (the ``graphviz`` package only
    writes it) into nodes, edges and clusters with their attributes.
Documentation scripts
    ``docs_script`` loads ``docs/<name>.py`` (whose ``build()`` draws the pictures
    the documentation shows) as a module.
"""

from __future__ import annotations

import html
import importlib.util
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from uuid import UUID

from eventsourcing.persistence import Tracking
from hypothesis import strategies as st

from journeys import Blueprint, Body, Catalogue, Journey, journey_id
from journeys.analysis import GapProjection
from journeys.analysis.views.memory import POPOGapView
from journeys.testing import journeys as generated_journeys

# --- times ----------------------------------------------------------------------------

T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
"""When the sample journeys start."""
AS_OF = datetime(2025, 7, 1, tzinfo=UTC)
"""A moment after every sample journey's last event."""
HOUR = 3600.0
DAY = 86400.0


def at(days: float = 0.0, *, hours: float = 0.0) -> datetime:
    """``days`` (and ``hours``) after ``T0``."""
    return T0 + timedelta(days=days, hours=hours)


# --- the sample catalogue ---------------------------------------------------------------

GB = ["england", "wales", "scotland"]

CATALOGUE = Catalogue(
    [
        Body("registrar", "Bristol Register Office", "local", ["england"]),
        Body("council:E06000023", "Bristol City Council", "local", ["england"]),
        Body("council:S12000036", "City of Edinburgh Council", "local", ["scotland"]),
        Body("dwp", "Department for Work and Pensions", "central", GB),
        Body("dvla", "Driver and Vehicle Licensing Agency", "central", GB),
        Body("hmrc", "HM Revenue & Customs", "central", [*GB, "northern-ireland"]),
        Body("sss", "Social Security Scotland", "devolved", ["scotland"]),
    ]
)


# --- journey builders -------------------------------------------------------------------


def started(
    citizen: str = "c",
    trigger: str = "death",
    nation: str = "england",
    *,
    offset: float = 0.0,
    id: UUID | None = None,
) -> Journey:
    """A new journey begun ``offset`` days after ``T0``."""
    return Journey.start(
        citizen=citizen, trigger=trigger, nation=nation, occurred_at=at(offset), id=id
    )


def death_registered(
    citizen: str = "c", offset: float = 0.0, *, id: UUID | None = None, handoff: str = "tuo"
) -> Journey:
    """A death: the registrar opens a case on day 1, is told the date of death and NI
    number, and on day 2 hands the date of death to DWP (``handoff``, unanswered)."""
    journey = started(citizen, "death", "england", offset=offset, id=id)
    journey.open_case("registrar", "death-registration", occurred_at=at(offset + 1))
    journey.provide_information(
        "registrar", ["date_of_death", "ni_number"], occurred_at=at(offset + 1)
    )
    journey.send_handoff(
        handoff,
        from_body="registrar",
        to_body="dwp",
        items=["date_of_death"],
        occurred_at=at(offset + 2),
    )
    return journey


def bereavement(
    citizen: str,
    offset: float = 0.0,
    *,
    end: bool = True,
    id: UUID | None = None,
    licence_outcome: str = "closed",
) -> Journey:
    """Registrar -> DWP (accepted late) -> HMRC (dropped); a re-ask and a cold transfer."""
    journey = death_registered(citizen, offset, id=id)
    journey.close_case("registrar", "death-registration", occurred_at=at(offset + 2))
    journey.accept_handoff("tuo", occurred_at=at(offset + 5))
    journey.open_case("dwp", "bereavement-support", occurred_at=at(offset + 5), via_handoff="tuo")
    journey.request_information("dwp", ["ni_number"], occurred_at=at(offset + 6))
    journey.send_handoff("tax", from_body="dwp", to_body="hmrc", occurred_at=at(offset + 7))
    journey.open_case("dvla", "licence", occurred_at=at(offset + 8))
    journey.close_case("dwp", "bereavement-support", occurred_at=at(offset + 9))
    journey.close_case("dvla", "licence", occurred_at=at(offset + 10), outcome=licence_outcome)
    if end:
        journey.end(occurred_at=at(offset + 12), outcome="settled")
    return journey


def move_to_scotland(
    citizen: str, offset: float = 0.0, *, id: UUID | None = None, claim_day: float = 13.0
) -> Journey:
    """A care plan handed from Bristol to Edinburgh, rejected, then touchpoints."""
    journey = started(citizen, "moving-house", "england", offset=offset, id=id)
    journey.open_case("council:E06000023", "adult-social-care", occurred_at=at(offset))
    journey.send_handoff(
        "plan",
        from_body="council:E06000023",
        to_body="council:S12000036",
        items=["care_plan"],
        occurred_at=at(offset + 1),
    )
    journey.reject_handoff("plan", occurred_at=at(offset + 4), reason="not yet resident")
    journey.close_case("council:E06000023", "adult-social-care", occurred_at=at(offset + 4))
    journey.touchpoint("council:S12000036", "assessment booked", occurred_at=at(offset + 9))
    journey.touchpoint("council:S12000036", "assessment", occurred_at=at(offset + 12))
    journey.touchpoint("sss", "adult disability payment claim", occurred_at=at(offset + claim_day))
    journey.end(occurred_at=at(offset + 20))
    return journey


def population(size: int = 6) -> list[Journey]:
    """``size`` journeys alternating the two stories, the last one left open."""
    journeys = []
    for index in range(size):
        if index % 2:
            journeys.append(move_to_scotland(f"c{index}", offset=index))
        else:
            journeys.append(bereavement(f"c{index}", offset=index, end=index != size - 2))
    return journeys


def events_of(journey: Journey) -> list[Journey.Event]:
    """The journey's events (pending ones, as a new journey holds them)."""
    return list(journey.collect_events())


# --- the journeys the rendering tests draw (fixed ids: they appear in titles) -------------


def drawn_journeys(
    draw: st.DrawFn, catalogue: Catalogue, *, min_size: int, max_size: int
) -> list[Journey]:
    """Between ``min_size`` and ``max_size`` generated journeys over ``catalogue``, started
    in 2024, each ended or not, of up to six steps."""
    starts = st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2024, 12, 31), timezones=st.just(UTC)
    )
    return draw(
        st.lists(
            st.booleans().flatmap(
                lambda end: generated_journeys(
                    catalogue=catalogue, ended=end, start=starts, max_steps=6
                )
            ),
            min_size=min_size,
            max_size=max_size,
        )
    )


def has_reask(events: Sequence[Journey.Event]) -> bool:
    """A body asks for a fact the citizen gave another body, and no accepted hand-off
    carried it there (DESIGN.md "What a gap is")."""
    given: dict[str, set[str]] = {}
    sent: dict[str, Journey.HandoffSent] = {}
    carried: dict[str, set[str]] = {}
    for event in events:
        if isinstance(event, Journey.InformationProvided):
            for item in event.items:
                given.setdefault(item, set()).add(event.body)
        elif isinstance(event, Journey.HandoffSent):
            sent[event.handoff] = event
        elif isinstance(event, Journey.HandoffAccepted):
            handoff = sent[event.handoff]
            carried.setdefault(handoff.to_body, set()).update(handoff.items)
        elif isinstance(event, Journey.InformationRequested):
            for item in event.items:
                others = given.get(item, set()) - {event.body}
                if others and item not in carried.get(event.body, set()):
                    return True
    return False


def drawn_bereavement(case: str = "bereavement", offset: float = 0.0) -> Journey:
    """The sample bereavement with a fixed id and a revoked licence: unheld time at both
    edges and between bodies, an answered hand-off, a re-ask, a cold transfer and a
    hand-off never answered."""
    return bereavement(
        f"cit-{case}", offset, id=journey_id("render-tests", case), licence_outcome="revoked"
    )


def drawn_moving(case: str = "moving", offset: float = 0.0) -> Journey:
    """The sample move to Scotland with a fixed id, the claim half a day later: a
    hand-off refused across the England/Scotland border, then touchpoints in Scotland."""
    return move_to_scotland(
        f"cit-{case}", offset, id=journey_id("render-tests", case), claim_day=13.5
    )


def drawn_still_open(case: str = "still-open") -> Journey:
    """A retirement not ended, its hand-off to HMRC unanswered (drawn "as of" ``AS_OF``)."""
    journey = started(
        f"cit-{case}", "retirement", "scotland", offset=3, id=journey_id("render-tests", case)
    )
    journey.open_case("dwp", "state-pension", occurred_at=at(3.25))
    journey.send_handoff(
        "pension-tax",
        from_body="dwp",
        to_body="hmrc",
        items=["pension_amount"],
        occurred_at=at(4),
    )
    journey.close_case("dwp", "state-pension", occurred_at=at(4), outcome="awarded")
    return journey


def drawn_population() -> list[Journey.Event]:
    """Three journeys of each story and the open one, interleaved by journey."""
    events: list[Journey.Event] = []
    for index in range(3):
        events.extend(events_of(drawn_bereavement(f"bereavement-{index}", offset=index)))
        events.extend(events_of(drawn_moving(f"moving-{index}", offset=2 * index)))
    events.extend(events_of(drawn_still_open()))
    return events


# --- reading DOT ------------------------------------------------------------------------

_DOT_TOKEN = re.compile(
    r"""
    \s+                                 # white space
    | //[^\n]*|/\*.*?\*/|^\#[^\n]*      # comments
    | (?P<quoted>"(?:[^"\\]|\\.)*")     # a quoted string
    | (?P<arrow>->|--)
    | (?P<punct>[{}\[\]=;,])
    | (?P<id>-?[A-Za-z0-9_.\x80-\uffff]+)
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _unquote(token: str) -> str:
    """A DOT string's value: quotes removed, ``\\"`` read as ``"``, a backslash at the
    end of a line joining it to the next; other escapes kept for :func:`label_lines`."""
    if not token.startswith('"'):
        return token
    return _ESCAPE.sub(lambda m: {'"': '"', "\n": ""}.get(m.group(1), m.group(0)), token[1:-1])


def label_lines(value: str) -> list[str]:
    """A DOT label as the lines it shows: ``\\n``, ``\\l`` and ``\\r`` end lines, other
    escaped characters stand for themselves, HTML entities for their characters."""
    text = _ESCAPE.sub(
        lambda m: "\n" if m.group(1) in "nlr" else m.group(1), value.replace("\n", " ")
    )
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return [html.unescape(line) for line in lines]


def joined(lines: list[str]) -> str:
    """Wrapped label lines as one line: joined by spaces, but a line wrapped after a
    hyphen joins the next without one (``death-`` + ``registration``)."""
    text = ""
    for line in lines:
        text += line if not text or text.endswith("-") else " " + line
    return text


@dataclass
class DotNode:
    name: str
    attrs: dict[str, str]
    cluster: str | None
    """The innermost ``cluster_*`` subgraph the node was declared in."""

    @property
    def lines(self) -> list[str]:
        return label_lines(self.attrs.get("label", self.name))

    @property
    def text(self) -> str:
        """The label as one line (see :func:`joined`)."""
        return joined(self.lines)


@dataclass
class DotEdge:
    tail: str
    head: str
    attrs: dict[str, str]
    cluster: str | None

    @property
    def lines(self) -> list[str]:
        return label_lines(self.attrs.get("label", ""))

    @property
    def text(self) -> str:
        return joined(self.lines)


@dataclass
class Dot:
    """A DOT graph: its name and attributes, nodes, edges and clusters, in file order."""

    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, DotNode] = field(default_factory=dict)
    edges: list[DotEdge] = field(default_factory=list)
    clusters: dict[str, dict[str, str]] = field(default_factory=dict)
    """Each ``cluster_*`` subgraph's own attributes (``bb``, ``color`` ...)."""

    @property
    def title(self) -> str:
        """The graph's label as one line."""
        return joined(label_lines(self.attrs.get("label", "")))

    def in_cluster(self, cluster: str) -> list[DotNode]:
        return [node for node in self.nodes.values() if node.cluster == cluster]

    def node(self, *first_lines: str) -> DotNode:
        """The one node whose label starts with ``first_lines``."""
        found = [n for n in self.nodes.values() if n.lines[: len(first_lines)] == [*first_lines]]
        assert len(found) == 1, f"{len(found)} nodes labelled {first_lines!r}"
        return found[0]

    def nodes_containing(self, text: str) -> list[DotNode]:
        """The nodes outside the legend whose label holds ``text``."""
        return [
            node
            for node in self.nodes.values()
            if node.cluster != "cluster_legend" and text in node.text
        ]

    def edge(self, tail: str | DotNode, head: str | DotNode) -> DotEdge:
        """The one edge from ``tail`` to ``head`` (names or nodes)."""
        tail = tail if isinstance(tail, str) else tail.name
        head = head if isinstance(head, str) else head.name
        found = [e for e in self.edges if (e.tail, e.head) == (tail, head)]
        assert len(found) == 1, f"{len(found)} edges {tail} -> {head}"
        return found[0]

    def edges_labelled(self, prefix: str) -> list[DotEdge]:
        return [edge for edge in self.edges if edge.text.startswith(prefix)]

    def drawing(self) -> Iterator[DotEdge]:
        """The edges outside the legend."""
        return (edge for edge in self.edges if edge.cluster != "cluster_legend")


class _Tokens:
    def __init__(self, text: str) -> None:
        self.items: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = _DOT_TOKEN.match(text, position)
            if match is None:
                raise ValueError(f"cannot read DOT at {text[position : position + 40]!r}")
            position = match.end()
            if match.lastgroup is not None:
                kind = "id" if match.lastgroup == "quoted" else match.lastgroup
                self.items.append((kind, match.group()))
        self.index = 0

    def peek(self, offset: int = 0) -> str | None:
        index = self.index + offset
        return self.items[index][1] if index < len(self.items) else None

    def take(self, expected: str | None = None) -> str:
        kind, value = self.items[self.index]
        if expected is not None and value != expected:
            raise ValueError(f"expected {expected!r} in DOT, found {value!r}")
        self.index += 1
        return _unquote(value) if kind == "id" else value

    def attributes(self) -> dict[str, str]:
        found: dict[str, str] = {}
        while self.peek() == "[":
            self.take("[")
            while self.peek() != "]":
                key = self.take()
                self.take("=")
                found[key] = self.take()
                if self.peek() in {",", ";"}:
                    self.take()
            self.take("]")
        return found


def read_dot(source: bytes | str) -> Dot:
    """Parse DOT as the renderers write it: one graph, node, edge and attribute
    statements, nested subgraphs; no ports, no HTML labels, no edge chains to
    subgraphs. Attribute values are unquoted; ``\\n`` and the like are kept (see
    :func:`label_lines`)."""
    text = source.decode("utf-8") if isinstance(source, bytes) else source
    tokens = _Tokens(text)
    if tokens.peek() == "strict":
        tokens.take()
    tokens.take()  # digraph or graph
    dot = Dot(name="" if tokens.peek() == "{" else tokens.take())
    tokens.take("{")
    clusters: list[str | None] = [None]
    attribute_targets: list[dict[str, str]] = [dot.attrs]
    while clusters:
        word = tokens.peek()
        if word is None:
            raise ValueError("DOT ends inside a graph")
        if word in {";", ","}:
            tokens.take()
        elif word == "}":
            tokens.take()
            clusters.pop()
            attribute_targets.pop()
        elif word == "subgraph":
            tokens.take()
            name = "" if tokens.peek() == "{" else tokens.take()
            tokens.take("{")
            own: dict[str, str] = {}
            if name.startswith("cluster"):
                dot.clusters[name] = own
                clusters.append(name)
            else:
                clusters.append(clusters[-1])
            attribute_targets.append(own)
        elif word in {"graph", "node", "edge"} and tokens.peek(1) == "[":
            tokens.take()
            defaults = tokens.attributes()
            if word == "graph":
                attribute_targets[-1].update(defaults)
        elif tokens.peek(1) == "=":
            key = tokens.take()
            tokens.take("=")
            attribute_targets[-1][key] = tokens.take()
        else:
            names = [tokens.take()]
            while tokens.peek() in {"->", "--"}:
                tokens.take()
                names.append(tokens.take())
            attributes = tokens.attributes()
            if len(names) == 1:
                node = dot.nodes.setdefault(names[0], DotNode(names[0], {}, clusters[-1]))
                node.attrs.update(attributes)
            else:
                for name in names:
                    dot.nodes.setdefault(name, DotNode(name, {}, clusters[-1]))
                for tail, head in itertools.pairwise(names):
                    dot.edges.append(DotEdge(tail, head, dict(attributes), clusters[-1]))
    return dot


# --- the tracked projection, fed the way a live one might be --------------------------------


def projected_in_chunks(
    data: st.DataObject,
    events: list[Journey.Event],
    *,
    blueprints: tuple[Blueprint, ...] = (),
) -> GapProjection:
    """A projection fed ``events`` in chunks of drawn sizes, restarted (only its view
    surviving) after any chunk the draw says: what batch analysis must equal."""

    def started() -> GapProjection:
        return (
            GapProjection(view)
            if blueprints is None
            else GapProjection(view, blueprints=blueprints)
        )

    view = POPOGapView()
    projection = GapProjection(view, blueprints=blueprints)
    position = 0
    while position < len(events):
        size = data.draw(st.integers(min_value=1, max_value=len(events) - position), "chunk")
        projection.process_batch(
            [
                (event, Tracking("JourneyApp", position + offset + 1))
                for offset, event in enumerate(events[position : position + size])
            ]
        )
        position += size
        if data.draw(st.booleans(), "restart"):
            projection = GapProjection(view, blueprints=blueprints)  # only the view survives
    return projection


# --- the documentation's scripts ---------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs"


def docs_script(name: str) -> ModuleType:
    """The script ``docs/<name>.py`` loaded as a module (not run as a script)."""
    spec = importlib.util.spec_from_file_location(name, DOCS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
