"""The experience curve (``render_experience``) and the journey map coloured by experience."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from journeys import Journey, JourneyApp, analyse
from journeys.analysis import Granularity
from journeys.analysis.experience_model import NodeExperience, ScoreSummary, StageExperience
from journeys.cli import main
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
DAY = timedelta(days=1)
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
    assert "Blueprint bereavement" in texts
    assert "How the journey felt, stage by stage (917 answers)" in texts


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
        render_map(analysis.journey_map, catalogue=CATALOGUE, colour_by="experience")


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


# --- the command line -------------------------------------------------------------------

ANSWERS = ("Very satisfied", "Satisfied", "Dissatisfied", "Very dissatisfied")


def bereavement(index: int) -> Journey:
    """A death in England: the registrar, then DWP (Tell Us Once), feedback on both;
    every other journey reaches DWP on its own (a cold transfer) and asks again."""
    start = datetime(2025, 3, 3, 9, tzinfo=UTC) + timedelta(days=index)
    made = Journey.start(
        citizen=f"cit-{index}", trigger="death", nation="england", occurred_at=start
    )
    made.open_case("registrar:E06000023", "death-registration", occurred_at=start + DAY)
    made.provide_information("registrar:E06000023", ["date_of_death"], occurred_at=start + DAY)
    made.close_case("registrar:E06000023", "death-registration", occurred_at=start + 2 * DAY)
    made.give_feedback(
        "registrar:E06000023",
        "death-registration",
        "govuk-satisfaction",
        ANSWERS[index % 2],
        occurred_at=start + 2 * DAY,
    )
    made.open_case("dwp", "tell-us-once", occurred_at=start + 5 * DAY)
    if index % 2:
        made.request_information("dwp", ["date_of_death"], occurred_at=start + 5 * DAY)
    made.close_case("dwp", "tell-us-once", occurred_at=start + 6 * DAY)
    made.give_feedback(
        "dwp",
        "tell-us-once",
        "govuk-satisfaction",
        ANSWERS[2 + index % 2],
        occurred_at=start + 6 * DAY,
    )
    made.end(occurred_at=start + 7 * DAY)
    return made


@pytest.fixture(scope="module")
def feedback_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("experience") / "journeys.db"
    with JourneyApp.sqlite(db) as made:
        made.save(*(bereavement(index) for index in range(12)))
    return db


@pytest.fixture(scope="module")
def silent_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("silent") / "journeys.db"
    with JourneyApp.sqlite(db, catalogue=CATALOGUE) as made:
        made.save(drawn_moving(), drawn_bereavement())
    return db


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_the_cli_draws_the_curve_of_a_bundled_blueprint(
    feedback_store: Path, tmp_path: Path, suffix: str
) -> None:
    output = tmp_path / f"experience{suffix}"
    code, text = run("render", "--kind", "experience", "--db", str(feedback_store),
                     "--blueprint", "bereavement", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert f"wrote {output}" in text
    drawn = output.read_bytes()
    if suffix == ".png":
        assert drawn.startswith(PNG_SIGNATURE)
        return
    texts = svg_texts(drawn)
    assert "Register the death" in texts
    assert "n = 12" in texts
    assert texts.count(NO_FEEDBACK) == 3  # certify, benefits, estate
    assert "+1.5" in texts  # the registrar: very satisfied and satisfied
    assert "\u22121.5" in texts  # DWP: dissatisfied and very dissatisfied
    assert any("When someone dies" in text for text in texts)


def test_the_cli_colours_the_map_by_experience(feedback_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "map.dot"
    code, text = run("render", "--kind", "map", "--db", str(feedback_store),
                     "--colour-by", "experience", "-o", str(output))  # fmt: skip
    assert code == 0, text
    fills = node_fills(output.read_text(encoding="utf-8"))
    assert fills["death-registration"] == score_colour(1.5)
    assert fills["tell-us-once"] == score_colour(-1.5)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--kind", "experience", "--blueprint", "no-such-blueprint", "-o", "x.svg"),
         "no bundled blueprint 'no-such-blueprint'"),
        (("--kind", "experience", "--blueprint", "birth", "-o", "x.svg"),
         "no feedback in the store is about the stages of blueprint 'birth'"),
    ],
)  # fmt: skip
def test_the_cli_refuses_in_one_line(
    feedback_store: Path, tmp_path: Path, arguments: tuple[str, ...], message: str
) -> None:
    *head, last = arguments
    output = tmp_path / last
    code, text = run("render", "--db", str(feedback_store), *head, str(output))
    assert code == 1
    assert message in text
    assert text.count("\n") == 1, text
    assert "Traceback" not in text
    assert not output.exists()


def test_the_cli_refuses_a_store_with_no_feedback(silent_store: Path, tmp_path: Path) -> None:
    for kind, extra in (("experience", ("--blueprint", "bereavement")),
                        ("map", ("--colour-by", "experience"))):  # fmt: skip
        output = tmp_path / f"{kind}.svg"
        code, text = run("render", "--kind", kind, "--db", str(silent_store), *extra,
                         "-o", str(output))  # fmt: skip
        assert code == 1, text
        assert "feedback" in text
        assert text.count("\n") == 1, text
        assert not output.exists()


@pytest.mark.parametrize(
    ("arguments", "hint"),
    [
        (("--kind", "experience", "-o", "x.svg"), "--blueprint"),
        (("--kind", "experience", "--blueprint", "bereavement", "-o", "x.dot"), "--output"),
        (("--kind", "map", "--blueprint", "bereavement", "-o", "x.svg"), "--blueprint"),
        (("--kind", "network", "--colour-by", "experience", "-o", "x.svg"), "--colour-by"),
    ],
)
def test_the_cli_refuses_misused_options(
    feedback_store: Path, tmp_path: Path, arguments: tuple[str, ...], hint: str
) -> None:
    *head, last = arguments
    code, text = run("render", "--db", str(feedback_store), *head, str(tmp_path / last))
    assert code == 2
    assert hint in text


def test_with_every_stage_heard_nothing_reads_no_feedback() -> None:
    heard = [item for item in STAGES if item.scores.scored]
    texts = svg_texts(render_experience(heard).svg())
    assert not any(NO_FEEDBACK in text for text in texts)


def test_the_cli_draws_the_curve_of_a_cohort(feedback_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "england.svg"
    code, text = run("render", "--kind", "experience", "--db", str(feedback_store),
                     "--blueprint", "bereavement", "--nation", "england",
                     "-o", str(output))  # fmt: skip
    assert code == 0, text
    texts = svg_texts(output.read_bytes())
    assert "How the journey felt, stage by stage, journeys in England (24 answers)" in texts
    # Nobody in Scotland spoke: a one-line error naming the cohort, and no file.
    elsewhere = tmp_path / "scotland.svg"
    code, text = run("render", "--kind", "experience", "--db", str(feedback_store),
                     "--blueprint", "bereavement", "--nation", "scotland",
                     "-o", str(elsewhere))  # fmt: skip
    assert code == 1
    assert "among journeys in Scotland" in text
    assert not elsewhere.exists()


def test_the_cli_map_of_a_cohort_says_whose(feedback_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "map.dot"
    code, text = run("render", "--kind", "map", "--db", str(feedback_store), "--colour-by",
                     "experience", "--trigger", "death", "-o", str(output))  # fmt: skip
    assert code == 0, text
    assert "journeys started by death" in output.read_text(encoding="utf-8")


def test_the_cli_refuses_a_cohort_of_a_timeline(feedback_store: Path, tmp_path: Path) -> None:
    code, text = run("render", "--kind", "timeline", "--db", str(feedback_store),
                     "--nation", "england", "-o", str(tmp_path / "t.svg"))  # fmt: skip
    assert code == 2
    assert "filter options narrow map, network, experience" in text
