"""Pictures published safely: ``publish=N`` and ``journeys render --publish``.

Every count a published map, network or experience curve writes is either at least
the threshold, and then the true count, or ``<N``; nothing resting on a withheld
count (a duration statistic, a median, a mean score, its interval, its colour) is
drawn; and the picture says it was published. A timeline or lifeline is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from journeys import JourneyApp, analyse, bundled_blueprints, simulate_into
from journeys.analysis import Analysis, Granularity
from journeys.analysis.experience_model import ScoreSummary, StageExperience
from journeys.analysis.publishing import count_text, withheld_note
from journeys.cli import main
from journeys.errors import AnalysisError
from journeys.render import render_experience, render_map, render_network, style
from journeys.render.experience_chart import TOO_FEW, experience_chart
from journeys.render.experience_scale import SILENT_FILL
from journeys.simulation import Voice
from tests.helpers import Dot, label_lines, read_dot

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SVG = "{http://www.w3.org/2000/svg}"
COUNT = r"(<\d+|\d+)"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    """A simulated population with feedback: many small counts, and some large."""
    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=80, seed=7, voice=Voice())
    return analyse(app)


def check_count(shown: str, true: int, threshold: int) -> None:
    """A count as published: ``<N`` exactly when it is below N, else the count itself."""
    if true < threshold:
        assert shown == f"<{threshold}", (shown, true)
    else:
        assert shown == str(true), (shown, true)


# --- the journey map ----------------------------------------------------------------------


def map_nodes(analysis: Analysis, granularity: Granularity) -> dict[str, tuple[int, int, int]]:
    """Visits, starts and ends of each map node by its DOT name (as render_map names them)."""
    journey_map = analysis.map(granularity)
    return {
        f"n{index}": (node.visits, node.starts, node.ends)
        for index, node in enumerate(journey_map.nodes, start=1)
    }


def map_edges(analysis: Analysis, granularity: Granularity) -> dict[tuple[str, str], int]:
    journey_map = analysis.map(granularity)
    ids = {node.key: f"n{index}" for index, node in enumerate(journey_map.nodes, start=1)}
    return {(ids[e.source], ids[e.target]): e.count for e in journey_map.edges}


@FAST
@given(
    threshold=st.integers(1, 60),
    granularity=st.sampled_from(list(Granularity)),
    colour_by=st.sampled_from(["time", "experience"]),
)
def test_a_published_map_shows_no_count_below_the_threshold(
    analysis: Analysis, threshold: int, granularity: Granularity, colour_by: str
) -> None:
    kwargs = {"top_nodes": None, "top_edges": None, "colour_by": colour_by}
    plain = read_dot(render_map(analysis.map(granularity), experience=analysis.experience,
                                **kwargs).source)  # fmt: skip
    dot = read_dot(render_map(analysis.map(granularity), experience=analysis.experience,
                              publish=threshold, **kwargs).source)  # fmt: skip
    assert withheld_note(threshold) in dot.title
    nodes, edges = map_nodes(analysis, granularity), map_edges(analysis, granularity)
    for name, node in dot.nodes.items():
        if name not in nodes or node.cluster == "cluster_legend":
            continue
        visits = next(line for line in node.lines if re.fullmatch(COUNT + r" visits?", line))
        check_count(visits.split()[0], nodes[name][0], threshold)
        for line in node.lines:
            score = re.fullmatch(r"score \S+ \(n = (\d+)\)", line)
            if score:
                assert int(score.group(1)) >= threshold
            if line.startswith(TOO_FEW):
                assert line == f"{TOO_FEW} (<{threshold} scored)"
                assert node.attrs["fillcolor"] == SILENT_FILL
        if nodes[name][0] >= threshold and colour_by == "time":
            assert node.lines == plain.nodes[name].lines
    for edge in dot.drawing():
        if edge.tail == "start" or edge.head == "end":
            true = nodes[edge.head][1] if edge.tail == "start" else nodes[edge.tail][2]
            check_count(edge.text, true, threshold)
            continue
        count = edges[(edge.tail, edge.head)]
        label = re.fullmatch(COUNT + r" ×( · .*)?", edge.text)
        assert label is not None, edge.text
        check_count(label.group(1), count, threshold)
        if count < threshold:
            # The durations rest on the count: neither the label nor the colour tells them.
            assert label.group(2) is None
            assert edge.attrs["color"] == style.MUTED
        else:
            assert edge.text == plain_edge(plain, edge.tail, edge.head)


def drawn(attributes: dict[str, str]) -> dict[str, str]:
    """What an edge shows, without where the layout put it."""
    return {key: value for key, value in attributes.items() if key not in {"pos", "lp"}}


def plain_edge(dot: Dot, tail: str, head: str) -> str:
    return dot.edge(tail, head).text


def test_publishing_at_one_withholds_nothing_but_says_so(analysis: Analysis) -> None:
    plain = read_dot(render_map(analysis, top_nodes=None, top_edges=None).source)
    dot = read_dot(render_map(analysis, top_nodes=None, top_edges=None, publish=1).source)
    assert dot.title.endswith(withheld_note(1))
    assert [n.lines for n in dot.nodes.values() if n.cluster != "cluster_legend"] == [
        n.lines for n in plain.nodes.values() if n.cluster != "cluster_legend"
    ]
    assert [drawn(e.attrs) for e in dot.drawing()] == [drawn(e.attrs) for e in plain.drawing()]


def test_withheld_lines_all_have_one_width(analysis: Analysis) -> None:
    dot = read_dot(render_map(analysis, top_nodes=None, top_edges=None, publish=20).source)
    widths = {e.attrs["penwidth"] for e in dot.drawing() if e.text.startswith("<20")}
    assert len(widths) == 1
    assert "fewer than 20 transitions" in " ".join(n.text for n in dot.in_cluster("cluster_legend"))


# --- the hand-off network ------------------------------------------------------------------


@FAST
@given(threshold=st.integers(1, 60))
def test_a_published_network_shows_no_count_below_the_threshold(
    analysis: Analysis, threshold: int
) -> None:
    network = analysis.handoff_network
    plain = read_dot(render_network(analysis).source)
    dot = read_dot(render_network(analysis, publish=threshold).source)
    assert withheld_note(threshold) in dot.title
    by_bodies = {(e.from_body, e.to_body): e for e in network.edges}
    names = {f"b{index}": body for index, body in enumerate(network.bodies, start=1)}
    for edge in dot.drawing():
        true = by_bodies[(names[edge.tail], names[edge.head])]
        truths = {
            "hand-off": true.handoffs,
            "dropped": true.dropped,
            "refused": true.rejected,
            "re-ask": true.reasks,
            "cold transfer": true.cold_transfers,
            "unheld": true.unheld.count if true.unheld is not None else 0,
        }
        tooltip = "\n".join(label_lines(edge.attrs["tooltip"]))
        for text in (edge.text, tooltip):
            for match in re.finditer(
                COUNT + r" (hand-off|dropped|refused|re-ask|cold transfer)|unheld " + COUNT + "×",
                text,
            ):
                word = match.group(2) or "unheld"
                shown = match.group(1) or match.group(3)
                check_count(shown, truths[word], threshold)
        first = edge.lines[0]
        if true.handoffs:
            check_count(first.split(" · ")[0], true.handoffs, threshold)
            if true.handoffs < threshold:
                assert " · " not in first
                assert "median latency" not in tooltip
        latency = true.latency.count if true.latency is not None else 0
        if latency < threshold:
            # The median latency rests on the accepted hand-offs.
            assert " · " not in first
            assert "median latency" not in tooltip
        if truths["unheld"] and truths["unheld"] < threshold:
            assert "(median" not in tooltip
        if all(v == 0 or v >= threshold for v in (*truths.values(), latency)):
            assert drawn(edge.attrs) == drawn(plain.edge(edge.tail, edge.head).attrs)


# --- the experience curve ------------------------------------------------------------------


def stage(position: int, responses: int, scored: int, gaps: int) -> StageExperience:
    mean = 0.5 - position / 4 if scored else None
    ci = (mean - 0.3, mean + 0.3) if mean is not None and scored > 1 else (None, None)
    return StageExperience(
        "bereavement",
        f"stage-{position}",
        f"Stage {position}",
        position,
        ScoreSummary(responses, scored, mean, *ci),
        (("reask", gaps),) if gaps else (),
    )


@st.composite
def stages(draw: st.DrawFn) -> list[StageExperience]:
    made = []
    for position in range(draw(st.integers(1, 6))):
        responses = draw(st.integers(0, 40))
        scored = draw(st.integers(0, responses))
        made.append(stage(position, responses, scored, draw(st.integers(0, 40))))
    return made


def svg_texts(svg: bytes) -> list[str]:
    root = etree.fromstring(svg)
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


@FAST
@given(made=stages(), threshold=st.integers(1, 30))
def test_a_published_curve_shows_no_count_below_the_threshold(
    made: list[StageExperience], threshold: int
) -> None:
    chart = experience_chart(made, publish=threshold)
    assert withheld_note(threshold) in chart.title
    for shown, true in zip(chart.stages, made, strict=True):
        scores = true.scores
        count = re.fullmatch(r"n (= \d+|< \d+)( \(" + COUNT + r" scored\))?", shown.label[-1])
        assert count is not None, shown.label
        check_count(count.group(1).replace("= ", "").replace(" ", ""), scores.responses, threshold)
        if count.group(3) is not None:
            check_count(count.group(3), scores.scored, threshold)
        if 0 < scores.scored < threshold:
            assert shown.withheld
            assert shown.mean is None
            assert shown.ci_low is None
        elif scores.scored:
            assert shown.mean == scores.mean
            assert shown.ci_low == scores.ci_low
    for row in chart.gaps:
        for x, label in enumerate(row.labels):
            true = dict(made[x].gaps).get(row.kind, 0)
            if true:
                check_count(label, true, threshold)
                assert row.counts[x] == max(true, threshold)
    texts = svg_texts(render_experience(made, publish=threshold).svg())
    assert any(withheld_note(threshold) in text for text in texts)
    for text in texts:
        # Bare numbers are gap counts (and the y axis's 0).
        if re.fullmatch(r"\d+", text) and text != "0":
            assert int(text) >= threshold
        for number in re.findall(r"n = (\d+)|(\d+) scored|(\d+) answers?", text):
            assert int(next(n for n in number if n)) >= threshold
    withheld = sum(1 for s in chart.stages if s.withheld)
    assert sum(text == TOO_FEW for text in texts) == withheld


def test_the_total_answers_in_the_title_are_withheld_too() -> None:
    chart = experience_chart([stage(0, 4, 4, 0), stage(1, 3, 0, 0)], publish=10)
    assert "(<10 answers)" in chart.title
    assert chart.runs == ()


def test_count_text() -> None:
    assert count_text(9, 10) == "<10"
    assert count_text(10, 10) == "10"
    assert count_text(3, None) == "3"


@pytest.mark.parametrize("threshold", [0, -1, True])
def test_a_threshold_that_is_not_a_count_is_refused(analysis: Analysis, threshold: int) -> None:
    with pytest.raises(AnalysisError, match="publishing threshold"):
        render_map(analysis, publish=threshold)
    with pytest.raises(AnalysisError, match="publishing threshold"):
        render_network(analysis, publish=threshold)
    with pytest.raises(AnalysisError, match="publishing threshold"):
        render_experience([stage(0, 4, 4, 0)], publish=threshold)


# --- the command line ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("publish") / "journeys.db"
    app = JourneyApp.sqlite(db)
    simulate_into(app, bundled_blueprints(), citizens=80, seed=7, voice=Voice())
    app.close()
    return db


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", *arguments])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("kind", "suffix", "extra"),
    [
        ("map", ".dot", ()),
        ("network", ".dot", ()),
        ("experience", ".svg", ("--blueprint", "bereavement")),
    ],
)
def test_the_cli_publishes_a_map_network_and_curve(
    store: Path, tmp_path: Path, kind: str, suffix: str, extra: tuple[str, ...]
) -> None:
    output = tmp_path / f"{kind}{suffix}"
    code, text = run("--db", str(store), "--kind", kind, "-o", str(output), "--publish",
                     "--suppress-below", "15", *extra)  # fmt: skip
    assert code == 0, text
    written = output.read_text(encoding="utf-8")
    assert "counts below 15 withheld" in written
    assert "&lt;15" in written or "<15" in written


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--kind", "timeline", "--publish"], "--kind timeline draws one person's journeys"),
        (["--kind", "life", "--citizen", "x", "--publish"], "--kind life draws one person's"),
        (["--kind", "map", "--suppress-below", "5"], "use it with --publish"),
    ],
)
def test_the_cli_refuses_in_one_line(
    store: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    output = tmp_path / "refused.svg"
    code, text = run("--db", str(store), "-o", str(output), *arguments)
    assert code == 2
    assert message in text
    assert sum(message in line for line in text.splitlines()) == 1
    assert "Traceback" not in text
    assert not output.exists()
