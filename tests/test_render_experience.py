"""The experience curve (``render_experience``) and the journey map coloured by experience."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from journeys import JourneyApp, analyse
from journeys.analysis import Granularity
from journeys.analysis.experience_model import NodeExperience, ScoreSummary, StageExperience
from journeys.errors import RenderError
from journeys.render import render_experience, render_map
from journeys.render.experience_chart import NO_FEEDBACK, experience_chart
from journeys.render.experience_scale import (
    SCORE_FILLS,
    SCORE_THRESHOLDS,
    SILENT_FILL,
    score_colour,
    signed,
)
from journeys.render.map_colours import ExperienceColouring
from tests.helpers import CATALOGUE, drawn_bereavement, drawn_moving, drawn_still_open

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & $x^2$ \\n'


def stage(
    position: int,
    title: str,
    responses: int,
    mean: float | None,
    *,
    scored: int | None = None,
    ci: tuple[float, float] | None = None,
    gaps: tuple[tuple[str, int], ...] = (),
    blueprint: str = "bereavement",
) -> StageExperience:
    scored = (responses if mean is not None else 0) if scored is None else scored
    low, high = ci if ci is not None else (None, None)
    return StageExperience(
        blueprint,
        f"stage-{position}",
        title,
        position,
        ScoreSummary(responses, scored, mean, low, high),
        gaps,
    )


STAGES = (
    stage(0, "Register the death", 412, 0.9, scored=400, ci=(0.78, 1.02)),
    stage(1, "Tell Us Once", 230, 0.4, ci=(0.2, 0.6), gaps=(("reask", 12),)),
    stage(
        2,
        "Benefits and pensions",
        180,
        -0.7,
        ci=(-0.95, -0.45),
        gaps=(("dropped_handoff", 31), ("reask", 40), ("unheld_time", 44)),
    ),
    stage(3, "Council tax", 0, None, gaps=(("cold_transfer", 7),)),
    stage(4, HOSTILE, 95, -1.3, ci=(-1.6, -1.0)),
)


def svg_texts(svg: bytes) -> list[str]:
    """Every text the SVG shows, line by line."""
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_the_same_stages_give_the_same_svg_bytes() -> None:
    first = render_experience(STAGES).svg()
    assert render_experience(list(reversed(STAGES))).svg() == first
    assert first.startswith(b"<?xml")


def test_the_svg_is_the_same_in_another_process(tmp_path: Path) -> None:
    # Element ids come from a salt, not from the process's hash seed or the clock.
    script = tmp_path / "draw.py"
    script.write_text(
        "import sys\n"
        "from tests.test_render_experience import STAGES\n"
        "from journeys.render import render_experience\n"
        "sys.stdout.buffer.write(render_experience(STAGES).svg())\n",
        encoding="utf-8",
    )
    drawn = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        check=True,
        cwd=Path(__file__).parent.parent,
        env={"PYTHONHASHSEED": "12345", "PYTHONPATH": str(Path(__file__).parent.parent)},
    ).stdout
    assert drawn == render_experience(STAGES).svg()


def test_the_svg_holds_the_stage_titles_and_counts() -> None:
    texts = svg_texts(render_experience(STAGES).svg())
    for expected in ("n = 412 (400 scored)", "n = 230", "Tell Us Once"):
        assert expected in texts
    # Long titles wrap over lines of their own.
    assert "Benefits and pensions" in " ".join(texts)
    assert "+0.9" in texts
    assert "\u22120.7" in texts
    assert "re-asks" in texts
    assert "dropped hand-offs" in texts
    assert any("blueprint bereavement" in text and "917 answers" in text for text in texts)


def test_a_hostile_stage_title_stays_text() -> None:
    svg = render_experience(STAGES).svg()
    root = etree.fromstring(svg)
    assert not list(root.iter(f"{SVG}script"))
    assert b"<script" not in svg
    shown = " ".join(svg_texts(svg))
    # Escaped by the XML writer, read back as typed; $...$ is not mathematics.
    assert '<script>alert("x")</script>' in shown
    assert "$x^2$" in shown


def test_a_stage_with_no_scored_answer_reads_no_feedback_and_breaks_the_line() -> None:
    chart = experience_chart(STAGES)
    assert chart.runs == ((0, 1, 2), (4,))
    assert chart.stages[3].silent
    texts = svg_texts(render_experience(STAGES).svg())
    # Once at the stage, once in the legend.
    assert texts.count(NO_FEEDBACK) == 1
    assert any(text.startswith(f"{NO_FEEDBACK}:") for text in texts)


def test_answers_that_carry_no_score_make_a_silent_stage() -> None:
    only_dont_know = stage(0, "Ask", 5, None, scored=0)
    chart = experience_chart([only_dont_know])
    assert chart.runs == ()
    assert chart.stages[0].label[-1] == "n = 5 (0 scored)"


@given(
    st.lists(
        st.one_of(st.none(), st.floats(min_value=-2, max_value=2, allow_nan=False)),
        min_size=1,
        max_size=12,
    )
)
def test_runs_join_exactly_the_scored_stages_in_order(means: list[float | None]) -> None:
    chart = experience_chart(
        [stage(position, f"s{position}", 3, mean) for position, mean in enumerate(means)]
    )
    joined = [x for run in chart.runs for x in run]
    assert joined == [x for x, mean in enumerate(means) if mean is not None]
    for run in chart.runs:
        assert list(run) == list(range(run[0], run[-1] + 1))
    # Two runs are always parted by at least one silent stage.
    for before, after in zip(chart.runs, chart.runs[1:], strict=False):
        assert any(means[x] is None for x in range(before[-1] + 1, after[0]))


def test_gap_rows_follow_the_finding_kinds_and_count_each_stage() -> None:
    chart = experience_chart(STAGES)
    assert [row.kind for row in chart.gaps] == [
        "dropped_handoff",
        "unheld_time",
        "cold_transfer",
        "reask",
    ]
    reask = next(row for row in chart.gaps if row.kind == "reask")
    assert reask.counts == (0, 12, 40, 0, 0)


def test_png_and_files(tmp_path: Path) -> None:
    curve = render_experience(STAGES, title="Bereavement, England, 2025")
    png = curve.png()
    assert png.startswith(PNG_SIGNATURE)
    assert curve.png() == png
    assert curve.write(tmp_path / "curve.png").read_bytes() == png
    assert curve.write(tmp_path / "curve.svg").read_bytes() == curve.svg()
    assert "Bereavement, England, 2025" in svg_texts(curve.svg())
    with pytest.raises(RenderError, match=r"\.png or \.svg"):
        curve.write(tmp_path / "curve.dot")
    assert not (tmp_path / "curve.dot").exists()


def test_a_notebook_shows_it_as_svg() -> None:
    curve = render_experience(STAGES)
    assert curve._repr_svg_().startswith("<?xml")


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ((), "no stage"),
        ((stage(0, "a", 1, 1.0), stage(1, "b", 1, 1.0, blueprint="birth")), "one blueprint"),
        ((stage(0, "a", 1, 1.0), stage(0, "b", 1, 1.0)), "position 0"),
    ],
)
def test_stages_that_cannot_be_drawn_are_refused(
    stages: tuple[StageExperience, ...], message: str
) -> None:
    with pytest.raises(RenderError, match=message):
        render_experience(stages)


# --- the scale ------------------------------------------------------------------------


@given(
    st.floats(min_value=-3, max_value=3, allow_nan=False),
    st.floats(min_value=-3, max_value=3, allow_nan=False),
)
def test_a_better_score_is_never_a_worse_colour(low: float, high: float) -> None:
    low, high = sorted((low, high))
    assert SCORE_FILLS.index(score_colour(low)) <= SCORE_FILLS.index(score_colour(high))


def test_the_scale_ends_and_thresholds() -> None:
    assert score_colour(-2) == SCORE_FILLS[0]
    assert score_colour(2) == SCORE_FILLS[-1]
    assert score_colour(0) == SCORE_FILLS[2]
    assert score_colour(SCORE_THRESHOLDS[0]) == SCORE_FILLS[1]
    assert signed(-1.25) == "\u22121.2"
    assert signed(0.0) == "0"
    assert signed(2.0) == "+2"


# --- the journey map coloured by experience -----------------------------------------------


@pytest.fixture(scope="module")
def app() -> JourneyApp:
    made = JourneyApp.in_memory(catalogue=CATALOGUE)
    made.save(drawn_moving(), drawn_bereavement(), drawn_still_open())
    return made


def node_experience(body: str, about: str, mean: float | None, scored: int) -> NodeExperience:
    return NodeExperience(body, about, ScoreSummary(scored, scored, mean, None, None))


def test_the_map_fills_nodes_by_their_mean_score(app: JourneyApp) -> None:
    analysis = analyse(app)
    feedback = [
        node_experience("dwp", "state-pension", -1.8, 25),
        node_experience("dvla", "licence", 1.5, 10),
        node_experience("registrar", "death-registration", 0.1, 4),
    ]
    graph = render_map(analysis, catalogue=CATALOGUE, colour_by="experience", experience=feedback)
    fills = node_fills(graph.source)
    assert fills["state-pension"] == "#ef8a62"
    assert fills["licence"] == "#67a9cf"
    assert fills["death-registration"] == "#f7f7f7"
    assert fills["assessment"] == SILENT_FILL
    assert "score \u22121.8 (n = 25)" in graph.source
    assert NO_FEEDBACK in graph.source
    # The legend shows the scale, worst and best.
    assert "mean score \u22122 to \u22121.2" in graph.source
    assert "mean score +1.2 to +2" in graph.source


def test_the_map_by_time_is_unchanged_by_feedback(app: JourneyApp) -> None:
    analysis = analyse(app)
    feedback = [node_experience("dwp", "state-pension", -1.8, 25)]
    plain = render_map(analysis, catalogue=CATALOGUE).source
    assert render_map(analysis, catalogue=CATALOGUE, experience=feedback).source == plain
    assert "mean score" not in plain


def test_coarser_maps_pool_the_answers() -> None:
    feedback = [
        node_experience("dwp", "state-pension", -2.0, 30),
        node_experience("dwp", "bereavement-support", 2.0, 10),
        node_experience("council:1", "state-pension", 2.0, 10),
        node_experience("dvla", "licence", None, 0),
    ]
    by_body = ExperienceColouring.of(feedback, Granularity.BODY).scores
    assert by_body[("dwp", None)].mean == pytest.approx(-1.0)
    assert by_body[("dwp", None)].scored == 40
    assert by_body[("dvla", None)].mean is None
    by_activity = ExperienceColouring.of(feedback, Granularity.ACTIVITY).scores
    assert by_activity[(None, "state-pension")].mean == pytest.approx(-1.0)


def test_map_colouring_options_are_checked(app: JourneyApp) -> None:
    analysis = analyse(app)
    with pytest.raises(ValueError, match="colour_by must be one of"):
        render_map(analysis, catalogue=CATALOGUE, colour_by="mood")
    with pytest.raises(ValueError, match="experience="):
        render_map(analysis, catalogue=CATALOGUE, colour_by="experience")


def node_fills(dot: str) -> dict[str, str]:
    """The fill of each map node, by the first line of its label."""
    fills = {}
    for line in dot.splitlines():
        if "fillcolor=" not in line or 'label="' not in line:
            continue
        label = line.split('label="', 1)[1].split("\\n", 1)[0]
        fill = re.search(r'fillcolor="?([^" ]+)', line)
        assert fill is not None
        fills[label] = fill.group(1)
    return fills
