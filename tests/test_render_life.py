"""``render_life`` and ``journeys render --kind life``: one citizen's journeys on one
broken time axis, by tier lane, with their findings marked."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, uk_catalogue
from journeys.analysis import Finding, FindingKind, analyse
from journeys.cli import main
from journeys.errors import JourneyNotFoundError, RenderError
from journeys.render import render_life, to_dot
from journeys.render.life_axis import CUT_AFTER_SECONDS, idle_text, life_axis
from journeys.render.life_marks import kind_title
from tests.helpers import DOCS, DotNode, docs_script, read_dot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


LIFE = docs_script("make_lifeline")
CITIZEN: str = LIFE.CITIZEN


@pytest.fixture
def app() -> Iterator[JourneyApp]:
    with LIFE.life_app() as life:
        yield life


def _x(node: DotNode) -> float:
    return float(node.attrs["pos"].split(",")[0])


def _box(node: DotNode) -> tuple[float, float, float, float]:
    x, y = (float(v) for v in node.attrs["pos"].split(","))
    half_w = float(node.attrs["width"]) * 36
    half_h = float(node.attrs["height"]) * 36
    return x - half_w, y - half_h, x + half_w, y + half_h


def test_each_journey_is_one_band_in_the_citizen_lane_in_time_order(app: JourneyApp) -> None:
    dot = read_dot(to_dot(render_life(app, CITIZEN)))
    journeys = app.life(CITIZEN)
    labels = [dot.nodes[f"j{n}_label"] for n in range(1, len(journeys) + 1)]
    assert [label.lines[0] for label in labels] == [j.trigger for j in journeys]
    assert all(label.cluster == "cluster_citizen" for label in labels)
    bands = [dot.nodes[f"j{n}"] for n in range(1, len(journeys) + 1)]
    assert [_x(band) for band in bands] == sorted(_x(band) for band in bands)
    assert labels[0].lines[1] == "14 May 1990 \u2013 23 Jun 1990"
    assert labels[3].lines[2] == "Scotland"
    assert "Life of citizen cit-7c3e · 5 journeys · 1990 to 2043" in dot.title


def test_lanes_by_tier_split_by_nation_and_the_axis_cut_between_journeys(
    app: JourneyApp,
) -> None:
    dot = read_dot(to_dot(render_life(app, CITIZEN)))
    assert {"cluster_citizen", "cluster_across", "cluster_legend"} <= set(dot.clusters)
    assert "cluster_devolved-scotland" in dot.clusters
    assert "cluster_local-england" in dot.clusters
    assert "cluster_local-scotland" in dot.clusters
    # Steps at bodies, in their tier's lane: the DWP claim at 16, NRS at the death.
    assert dot.nodes_containing("Department for Work and Pensions")[0].cluster.startswith(
        "cluster_central"
    )
    assert dot.nodes_containing("National Records of Scotland")[0].cluster == (
        "cluster_devolved-scotland"
    )
    years = [dot.nodes[f"stretch{n}_year"].text for n in range(1, 6)]
    assert years == ["1990", "2006", "2008", "2012", "2043"]
    cuts = [dot.nodes[f"cut{n}_label"].text for n in range(1, 5)]
    assert cuts == ["16 yr later", "2 yr later", "4 yr later", "30 yr later"]
    assert [_x(dot.nodes[f"stretch{n}_year"]) for n in range(1, 6)] == sorted(
        _x(dot.nodes[f"stretch{n}_year"]) for n in range(1, 6)
    )


def test_every_finding_of_the_life_is_marked_by_kind(app: JourneyApp) -> None:
    events = [e for j in app.life(CITIZEN) for e in app.journey_events(j.id)]
    findings = analyse(events, catalogue=app.catalogue).findings
    dot = read_dot(to_dot(render_life(app, CITIZEN, findings=findings)))
    drawn = " | ".join(node.text for node in dot.nodes.values() if node.cluster != "cluster_legend")
    kinds = {f.kind for f in findings} - {FindingKind.HANDOFF_LATENCY}
    assert {FindingKind.REASK, FindingKind.DROPPED_HANDOFF, FindingKind.UNHELD_TIME} <= kinds
    for kind in kinds:
        assert kind_title(kind) in drawn, kind
    reask = dot.nodes_containing("re-asks")
    assert any("address" in node.text for node in reask)
    # The life-level gaps reach outside their journeys: lines between journeys.
    life_level = {FindingKind.LIFE_REASK, FindingKind.MISSED_TRIGGER}
    assert life_level <= kinds
    lines = [edge for edge in dot.drawing() if edge.tail.startswith("x")]
    # One line per journey and kind.
    assert len(lines) == len({(f.journey, f.kind) for f in findings if f.kind in life_level})
    starts = [dot.nodes[edge.tail] for edge in lines]
    assert all(node.cluster == "cluster_across" for node in starts)
    titles = {dot.nodes[e.tail.replace("_start", "_label")].lines[0] for e in lines}
    assert {title.rsplit(" \u00d7", 1)[0] for title in titles} == {
        kind_title(kind) for kind in life_level
    }


def test_a_finding_reaching_outside_its_journey_is_a_line_between_journeys(
    app: JourneyApp,
) -> None:
    journeys = app.life(CITIZEN)
    # A kind the lifeline has no rule for, spanning the years between two journeys.
    between = Finding(
        FindingKind.MISSING_STEP,
        journeys[4].id,
        "registrar:S12000036",
        "sss",
        journeys[3].ended_at or journeys[3].started_at,
        journeys[4].started_at + timedelta(days=40),
        items=("date_of_death",),
    )
    inside = Finding(
        FindingKind.SLA_BREACH,
        journeys[1].id,
        None,
        "dwp",
        journeys[1].started_at,
        journeys[1].started_at + timedelta(days=60),
    )
    dot = read_dot(to_dot(render_life(app, CITIZEN, findings=[between, inside])))
    line = dot.edge("x1_start", "x1_end")
    assert dot.nodes["x1_start"].cluster == "cluster_across"
    assert line.attrs["style"] == "dashed"
    assert _x(dot.nodes["x1_start"]) < _x(dot.nodes["j5"]) < _x(dot.nodes["x1_end"])
    label = dot.nodes["x1_label"]
    assert label.lines[0] == f"{kind_title(FindingKind.MISSING_STEP)} \u00d71"
    assert "date_of_death" in label.text
    assert "(30 yr)" in label.text
    (box,) = dot.nodes_containing(kind_title(FindingKind.SLA_BREACH))
    assert box.cluster.startswith("cluster_central")
    # Only the findings given are drawn.
    assert not dot.nodes_containing("re-asks")


def test_labels_and_finding_boxes_never_overlap(app: JourneyApp) -> None:
    dot = read_dot(to_dot(render_life(app, CITIZEN)))
    _assert_no_overlap([n for n in dot.nodes.values() if n.cluster not in (None, "cluster_legend")])


def _assert_no_overlap(nodes: list[DotNode]) -> None:
    texts = [n for n in nodes if n.name.endswith("_label") or n.name.startswith("f")]
    for a, b in itertools.combinations(texts, 2):
        ax0, ay0, ax1, ay1 = _box(a)
        bx0, by0, bx1, by1 = _box(b)
        overlap = min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5
        assert not overlap, (a.name, a.text, b.name, b.text)


def test_events_of_many_citizens_draw_only_the_one_asked_for(app: JourneyApp) -> None:
    day = datetime(2030, 1, 1, 9, tzinfo=UTC)
    other = Journey.start(
        citizen="someone-else", trigger="retiring", nation="wales", occurred_at=day
    )
    other.end(occurred_at=day + timedelta(days=30))
    events = [e for j in app.life(CITIZEN) for e in app.journey_events(j.id)]
    events += list(other.collect_events())
    dot = read_dot(to_dot(render_life(events, CITIZEN, catalogue=app.catalogue)))
    assert not dot.nodes_containing("retiring")
    assert "j5" in dot.nodes
    assert "j6" not in dot.nodes


def test_a_citizen_with_no_journeys_is_a_typed_error_naming_them(app: JourneyApp) -> None:
    with pytest.raises(JourneyNotFoundError) as raised:
        render_life(app, "cit-nobody")
    assert raised.value.journey_id == "cit-nobody"
    assert "'cit-nobody'" in str(raised.value)
    assert "journeys list" in str(raised.value)
    with pytest.raises(RenderError):
        render_life(app, " ")


def test_an_erased_citizen_is_refused() -> None:
    with JourneyApp.in_memory(catalogue=uk_catalogue(), citizen_keys=True) as app:
        for journey in (LIFE.birth(), LIFE.moving()):
            app.save(journey)
        assert render_life(app, CITIZEN) is not None
        app.erase_citizen(CITIZEN)
        with pytest.raises(JourneyNotFoundError, match="erased"):
            render_life(app, CITIZEN)


# --- the command line --------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "life.db"
    app = JourneyApp.sqlite(path, catalogue=uk_catalogue())
    app.save(LIFE.birth(), LIFE.turning_16(), LIFE.moving(), LIFE.bereavement())
    app.close()
    return path


@pytest.mark.parametrize(("suffix", "start"), [(".svg", b"<?xml"), (".png", PNG_SIGNATURE)])
def test_the_cli_draws_a_life(db: Path, tmp_path: Path, suffix: str, start: bytes) -> None:
    output = tmp_path / f"life{suffix}"
    result = CliRunner().invoke(
        main,
        ["render", "--kind", "life", "--citizen", CITIZEN, "--db", str(db), "--backend", "wasm",
         "-o", str(output)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(start)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--kind", "life", "--citizen", "cit-nobody"], "no journeys of citizen 'cit-nobody'"),
        (["--kind", "life"], "--kind life needs the citizen's reference"),
        (["--kind", "map", "--citizen", CITIZEN], "only --kind life draws a citizen"),
    ],
)
def test_a_bad_citizen_is_one_usage_error(
    db: Path, tmp_path: Path, args: list[str], says: str
) -> None:
    output = tmp_path / "life.svg"
    result = CliRunner().invoke(main, ["render", *args, "--db", str(db), "-o", str(output)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.output
    assert not output.exists()


# --- the axis and the picture's committed image ------------------------------------------


def test_the_axis_cuts_long_idle_time_and_keeps_order() -> None:
    day = datetime(2000, 1, 1, tzinfo=UTC)
    axis = life_axis(
        [
            (day, day + timedelta(days=10), 0.0),
            (day + timedelta(days=20), day + timedelta(days=25), 0.0),
            (day + timedelta(days=4000), day + timedelta(days=4001), 0.0),
        ]
    )
    assert len(axis.stretches) == 2
    assert axis.cuts[0][2] >= CUT_AFTER_SECONDS
    moments = [day + timedelta(days=d) for d in (0, 5, 10, 20, 25, 100, 3000, 4000, 4001)]
    xs = [axis.x(moment) for moment in moments]
    assert xs == sorted(xs)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 80 * 365), st.integers(0, 400), st.sampled_from(["a", "b", "c"])),
        min_size=1,
        max_size=6,
    )
)
def test_every_journey_of_a_life_appears_exactly_once(
    plan: list[tuple[int, int, str]],
) -> None:
    base = datetime(1950, 1, 1, 9, tzinfo=UTC)
    bodies = {"a": "dwp", "b": "sss", "c": "council:E06000023"}
    events: list[Journey.Event] = []
    starts = []
    for number, (start_day, length, body) in enumerate(plan):
        start = base + timedelta(days=start_day)
        journey = Journey.start(
            citizen="c", trigger=f"event {number}", nation="england", occurred_at=start
        )
        journey.touchpoint(bodies[body], "visit", occurred_at=start + timedelta(days=length / 2))
        journey.end(occurred_at=start + timedelta(days=length))
        events.extend(journey.collect_events())
        starts.append((start, journey.id))
    dot = read_dot(to_dot(render_life(events, "c", catalogue=uk_catalogue())))
    labels = [n for n in dot.nodes.values() if n.name.endswith("_label") and n.name[1:-6].isdigit()]
    assert sorted(label.lines[0] for label in labels) == sorted(
        f"event {n}" for n in range(len(plan))
    )
    bands = [dot.nodes[f"j{n}"] for n in range(1, len(plan) + 1)]
    lefts = [_x(b) - float(b.attrs["width"]) * 36 for b in bands]
    assert all(a <= b + 0.05 for a, b in itertools.pairwise(lefts)), lefts  # DOT rounding
    _assert_no_overlap([n for n in dot.nodes.values() if n.cluster not in (None, "cluster_legend")])


def test_the_committed_lifeline_is_what_the_script_draws() -> None:
    drawn: dict[str, bytes] = LIFE.build()
    assert drawn["lifeline.svg"] == (DOCS / "images" / "lifeline.svg").read_bytes(), (
        "docs/images/lifeline.svg is out of date: run python docs/make_lifeline.py"
    )
    assert (DOCS / "images" / "lifeline.png").exists()
    assert "images/lifeline.png" in (DOCS / "rendering.md").read_text(encoding="utf-8")


def test_an_open_journey_runs_to_as_of_and_says_so() -> None:
    with JourneyApp.in_memory(catalogue=uk_catalogue()) as app:
        app.save(LIFE.birth())
        still = LIFE.moving()
        app.save(still)
        start = datetime(2030, 6, 1, 9, tzinfo=UTC)
        open_one = Journey.start(
            citizen=CITIZEN, trigger="death", nation="scotland", occurred_at=start
        )
        open_one.touchpoint("nrs", "death recorded", occurred_at=start + timedelta(days=2))
        app.save(open_one)
        as_of = start + timedelta(days=90)
        dot = read_dot(to_dot(render_life(app, CITIZEN, as_of=as_of)))
    label = dot.nodes["j3_label"]
    assert label.lines[:2] == ["death", "1 Jun 2030 \u2013 open"]
    assert dot.nodes["stretch3_dates"].text == "1 Jun \u2013 30 Aug"
    with pytest.raises(RenderError, match="timezone-aware"):
        render_life(events_of_life(), CITIZEN, as_of=datetime(2030, 1, 1))


def events_of_life() -> list[Journey.Event]:
    return [
        event for journey in (LIFE.birth(), LIFE.moving()) for event in journey.collect_events()
    ]


def test_the_cli_refuses_an_erased_citizen(tmp_path: Path) -> None:
    path = tmp_path / "keyed.db"
    app = JourneyApp.sqlite(path, catalogue=uk_catalogue(), citizen_keys=True)
    app.save(LIFE.birth(), LIFE.moving())
    app.erase_citizen(CITIZEN)
    app.close()
    output = tmp_path / "life.svg"
    result = CliRunner().invoke(
        main,
        ["render", "--kind", "life", "--citizen", CITIZEN, "--db", str(path), "-o", str(output)],
    )
    assert result.exit_code == 2, result.output
    assert f"no journeys of citizen {CITIZEN!r}" in result.stderr
    assert "erased" in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(
    ("days", "text"),
    [(49, "7 wk later"), (365.25 * 1.95, "1.9 yr later"), (365.25, "1 yr later"),
     (365.25 * 16.2, "16 yr later")],
)  # fmt: skip
def test_cuts_say_how_long_nothing_happened(days: float, text: str) -> None:
    assert idle_text(days * 86_400) == text
