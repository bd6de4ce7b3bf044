"""What the experience curve shows, worked out before anything is drawn.

:func:`experience_chart` turns the :class:`~journeys.analysis.experience_model.StageExperience`
of one blueprint into an :class:`ExperienceChart`: the stages in order with their
labels, means, intervals and counts, the runs of stages the line joins (a stage
with no scored answer breaks the line and reads "no feedback"), and the gap
kinds met, each with its count per stage. It is pure, so what the picture says
is tested without drawing it; :mod:`journeys.render.experience_plot` draws it.

Published (``publish=10``), the chart holds nothing a count below 10 would give
away: such a count reads ``<10``, a stage with fewer than 10 scored answers has no
mean and no interval (it reads "too few to show" and breaks the line), a gap mark
of fewer than 10 is drawn as large as 10, and the title says what was withheld.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from journeys.analysis.experience_model import StageExperience
from journeys.analysis.findings import FindingKind
from journeys.analysis.publishing import check_threshold, count_text, is_suppressed, withheld_note
from journeys.errors import RenderError
from journeys.render.escaping import clean_text, wrap

NO_FEEDBACK = "no feedback"
"""What a stage with no scored answer reads in place of its point."""
TOO_FEW = "too few to show"
"""What a published stage (or map node) with too few scored answers reads in place
of its score."""

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
    withheld: bool = False
    """Published, whether the stage's mean and interval are withheld: it has scored
    answers, but fewer than the threshold (its ``mean`` is then ``None``)."""

    @property
    def silent(self) -> bool:
        """Whether the stage has no point: no answer about it carried a score, or
        (published) too few did."""
        return self.mean is None


@attrs.frozen
class GapRow:
    """One kind of gap: its title and how many were met at each stage (by ``x``)."""

    kind: str
    title: str
    counts: tuple[int, ...]
    """As many as each mark is drawn for: published, a withheld count is the threshold."""
    labels: tuple[str, ...] = ()
    """What each mark reads (``"<10"`` when withheld); empty: the counts themselves."""

    def label(self, x: int) -> str:
        """What the mark at stage ``x`` reads."""
        return self.labels[x] if self.labels else str(self.counts[x])


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
    threshold: int | None = None
    """Published: counts below it are withheld (``None``: not published)."""

    @property
    def responses(self) -> int:
        """Answers about every stage drawn."""
        return sum(stage.responses for stage in self.stages)


def experience_chart(
    stages: Iterable[StageExperience],
    *,
    title: str | None = None,
    publish: int | None = None,
) -> ExperienceChart:
    """The chart of ``stages`` (one blueprint's), ordered by their position.

    ``title`` replaces the default, which names the blueprint and the answers drawn.
    ``publish``, a threshold, withholds every count below it and what rests on one
    (see the module), and adds a line to the title saying so.

    Raises:
        RenderError: when there is no stage, the stages are of several
            blueprints, or two stages share a position or an id.
        AnalysisError: for a ``publish`` threshold that is not a whole number of
            at least 1.
    """
    threshold = None if publish is None else check_threshold(publish)
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
    chart_stages = tuple(_chart_stage(x, stage, threshold) for x, stage in enumerate(ordered))
    if title is None:
        total = sum(stage.scores.responses for stage in ordered)
        title = default_title(f"Blueprint {blueprints[0]}", total, threshold=threshold)
    if threshold is not None:
        title = f"{title}\n{withheld_note(threshold)}"
    return ExperienceChart(
        blueprint=blueprints[0],
        title=clean_text(title),
        stages=chart_stages,
        runs=_runs(chart_stages),
        gaps=_gap_rows(ordered, threshold),
        threshold=threshold,
    )


def default_title(
    name: str, answers: int, *, cohort: str | None = None, threshold: int | None = None
) -> str:
    """Two lines: what is drawn, then ``"How the journey felt, stage by stage (24
    answers)"``; a ``cohort`` (``"journeys in Scotland"``) says whose. Published (a
    ``threshold``), fewer answers than it read ``"<10 answers"``."""
    whose = f", {cohort}" if cohort else ""
    hidden = threshold is not None and is_suppressed(answers, threshold)
    count = f"{count_text(answers, threshold)} answer{'s' * (answers != 1 or hidden)}"
    return f"{name}\nHow the journey felt, stage by stage{whose} ({count})"


def _chart_stage(x: int, stage: StageExperience, threshold: int | None) -> ChartStage:
    scores = stage.scores
    lines = wrap(stage.title or stage.stage, _WRAP)
    # Fewer answers than the threshold: how many were scored is withheld with them.
    hidden = threshold is not None and is_suppressed(scores.responses, threshold)
    count = f"n < {threshold}" if hidden else f"n = {scores.responses}"
    if scores.scored != scores.responses and not hidden:
        count += f" ({count_text(scores.scored, threshold)} scored)"
    lines.append(count)
    withheld = (
        threshold is not None and scores.scored > 0 and is_suppressed(scores.scored, threshold)
    )
    shown = scores.scored > 0 and not withheld
    return ChartStage(
        x=x,
        stage=stage.stage,
        label=tuple(lines),
        responses=scores.responses,
        scored=scores.scored,
        mean=scores.mean if shown else None,
        ci_low=scores.ci_low if shown else None,
        ci_high=scores.ci_high if shown else None,
        withheld=withheld,
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


def _gap_rows(stages: list[StageExperience], threshold: int | None) -> tuple[GapRow, ...]:
    counts: dict[str, list[int]] = {}
    for x, stage in enumerate(stages):
        for kind, count in stage.gaps:
            if count > 0:
                counts.setdefault(kind, [0] * len(stages))[x] += count
    if threshold is None:
        return tuple(
            GapRow(kind, kind_title(kind), tuple(counts[kind]))
            for kind in sorted(counts, key=_order)
        )
    # A withheld count is drawn as large as the threshold: its mark tells nothing more.
    return tuple(
        GapRow(
            kind,
            kind_title(kind),
            tuple(
                threshold if count and is_suppressed(count, threshold) else count
                for count in counts[kind]
            ),
            tuple(count_text(count, threshold) for count in counts[kind]),
        )
        for kind in sorted(counts, key=_order)
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
