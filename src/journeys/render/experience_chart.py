"""What the experience curve shows, worked out before anything is drawn.

:func:`experience_chart` turns the :class:`~journeys.analysis.experience_model.StageExperience`
of one blueprint into an :class:`ExperienceChart`: the stages in order with their
labels, means, intervals and counts, the runs of stages the line joins (a stage
with no scored answer breaks the line and reads "no feedback"), and the gap
kinds met, each with its count per stage. It is pure, so what the picture says
is tested without drawing it; :mod:`journeys.render.experience_plot` draws it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from journeys.analysis.experience_model import StageExperience
from journeys.analysis.findings import FindingKind
from journeys.errors import RenderError
from journeys.render.escaping import clean_text, wrap

NO_FEEDBACK = "no feedback"
"""What a stage with no scored answer reads in place of its point."""

LOWEST, HIGHEST = -2.0, 2.0
"""The score scale every instrument is normalised to."""

_WRAP = 18
"""Stage titles wrap at about this many characters under the axis."""


@attrs.frozen
class ChartStage:
    """One stage as the chart shows it, at ``x`` (0, 1, 2 ...) along the axis."""

    x: int
    stage: str
    label: tuple[str, ...]
    """The stage title, cleaned and wrapped, then how many answered."""
    responses: int
    scored: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def silent(self) -> bool:
        """Whether no answer about the stage carried a score."""
        return self.mean is None


@attrs.frozen
class GapRow:
    """One kind of gap: its title and how many were met at each stage (by ``x``)."""

    kind: str
    title: str
    counts: tuple[int, ...]


@attrs.frozen
class ExperienceChart:
    """Everything the experience curve draws, in drawing order."""

    blueprint: str
    title: str
    stages: tuple[ChartStage, ...]
    runs: tuple[tuple[int, ...], ...]
    """The ``x`` of stages the line joins, run by run: a silent stage ends a run."""
    gaps: tuple[GapRow, ...]
    """The gap kinds met anywhere, in the order of :class:`FindingKind`."""

    @property
    def responses(self) -> int:
        """Answers about every stage drawn."""
        return sum(stage.responses for stage in self.stages)


def experience_chart(
    stages: Iterable[StageExperience], *, title: str | None = None
) -> ExperienceChart:
    """The chart of ``stages`` (one blueprint's), ordered by their position.

    ``title`` replaces the default, which names the blueprint and the answers drawn.

    Raises:
        RenderError: when there is no stage, the stages are of several
            blueprints, or two stages share a position or an id.
    """
    ordered = sorted(stages, key=lambda stage: stage.position)
    if not ordered:
        raise RenderError("there is no stage to draw: the experience curve needs a blueprint's")
    blueprints = sorted({stage.blueprint for stage in ordered})
    if len(blueprints) > 1:
        raise RenderError(
            f"an experience curve draws one blueprint's stages, got {', '.join(blueprints)}"
        )
    for name, values in (
        ("position", [str(stage.position) for stage in ordered]),
        ("id", [stage.stage for stage in ordered]),
    ):
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise RenderError(f"two stages share the {name} {', '.join(repeated)}")
    chart_stages = tuple(_chart_stage(x, stage) for x, stage in enumerate(ordered))
    if title is None:
        total = sum(stage.responses for stage in chart_stages)
        title = default_title(f"Blueprint {blueprints[0]}", total)
    return ExperienceChart(
        blueprint=blueprints[0],
        title=clean_text(title),
        stages=chart_stages,
        runs=_runs(chart_stages),
        gaps=_gap_rows(ordered),
    )


def default_title(name: str, answers: int, *, cohort: str | None = None) -> str:
    """Two lines: what is drawn, then ``"How the journey felt, stage by stage (24
    answers)"``; a ``cohort`` (``"journeys in Scotland"``) says whose."""
    whose = f", {cohort}" if cohort else ""
    count = f"{answers} answer{'s' * (answers != 1)}"
    return f"{name}\nHow the journey felt, stage by stage{whose} ({count})"


def _chart_stage(x: int, stage: StageExperience) -> ChartStage:
    scores = stage.scores
    lines = wrap(stage.title or stage.stage, _WRAP)
    count = f"n = {scores.responses}"
    if scores.scored != scores.responses:
        count += f" ({scores.scored} scored)"
    lines.append(count)
    return ChartStage(
        x=x,
        stage=stage.stage,
        label=tuple(lines),
        responses=scores.responses,
        scored=scores.scored,
        mean=scores.mean if scores.scored else None,
        ci_low=scores.ci_low,
        ci_high=scores.ci_high,
    )


def _runs(stages: tuple[ChartStage, ...]) -> tuple[tuple[int, ...], ...]:
    runs: list[tuple[int, ...]] = []
    current: list[int] = []
    for stage in stages:
        if stage.silent:
            if current:
                runs.append(tuple(current))
            current = []
        else:
            current.append(stage.x)
    if current:
        runs.append(tuple(current))
    return tuple(runs)


def _gap_rows(stages: list[StageExperience]) -> tuple[GapRow, ...]:
    counts: dict[str, list[int]] = {}
    for x, stage in enumerate(stages):
        for kind, count in stage.gaps:
            if count > 0:
                counts.setdefault(kind, [0] * len(stages))[x] += count
    return tuple(
        GapRow(kind, kind_title(kind), tuple(counts[kind])) for kind in sorted(counts, key=_order)
    )


def kind_title(kind: str) -> str:
    """The title of a finding kind as the command line's tables write it ("re-asks")."""
    from journeys.render.life_marks import kind_title as title_of_kind

    try:
        return title_of_kind(FindingKind(kind))
    except ValueError:
        return clean_text(kind).replace("_", " ")


def _order(kind: str) -> tuple[int, str]:
    members = list(FindingKind)
    try:
        return (members.index(FindingKind(kind)), kind)
    except ValueError:
        return (len(members), kind)
