"""``render_experience``: how a journey felt, stage by stage — the experience curve.

Stages of a blueprint run along the axis; each stage's mean score (-2 worst, +2
best) is a point on a line, in a band of its 95 % confidence interval, with the
number of answers under it. A stage no scored answer was about breaks the line
and reads "no feedback" — a silence, not a neutral score. Under the curve, the
gaps met at each stage: one row per kind, a mark as large as their count.

The picture is a :class:`ExperienceCurve`: shown inline in a notebook, written
with :meth:`ExperienceCurve.write` (``.svg`` or ``.png``), or turned into bytes
with :meth:`ExperienceCurve.svg` and :meth:`ExperienceCurve.png`. The same
stages give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs

from journeys.analysis.experience_model import StageExperience
from journeys.errors import RenderError
from journeys.output_files import check_writable, write_bytes
from journeys.render.experience_chart import ExperienceChart, experience_chart

CHART_FORMATS: dict[str, str] = {".svg": "svg", ".png": "png"}
"""File extensions :meth:`ExperienceCurve.write` understands, and the format each means."""


@attrs.frozen
class ExperienceCurve:
    """An experience curve, ready to draw. ``chart`` is what it shows."""

    chart: ExperienceChart

    def svg(self) -> bytes:
        """The curve as SVG (deterministic: the same chart gives the same bytes)."""
        from journeys.render.experience_plot import chart_bytes

        return chart_bytes(self.chart, "svg")

    def png(self) -> bytes:
        """The curve as PNG, at 144 dpi."""
        from journeys.render.experience_plot import chart_bytes

        return chart_bytes(self.chart, "png")

    def write(self, path: str | Path) -> Path:
        """Write the curve to ``path`` as SVG or PNG, chosen by its extension; return it.

        The path is checked before the curve is drawn, and the file is written
        whole (a failed write leaves no truncated file).

        Raises:
            RenderError: for an extension other than ``.svg`` or ``.png``.
            OutputError: when the file cannot be written.
        """
        path = Path(path)
        kind = CHART_FORMATS.get(path.suffix.lower())
        if kind is None:
            raise RenderError(
                f"cannot write an experience curve to {str(path)!r}: "
                f"use {' or '.join(sorted(CHART_FORMATS))}"
            )
        check_writable(path)
        return write_bytes(path, self.svg() if kind == "svg" else self.png())

    def _repr_svg_(self) -> str:
        """Shown inline by Jupyter and IPython."""
        return self.svg().decode("utf-8")


def render_experience(
    stages: Iterable[StageExperience], *, title: str | None = None, publish: int | None = None
) -> ExperienceCurve:
    """Draw the experience curve of one blueprint's stages.

    ``stages`` are :class:`~journeys.analysis.experience_model.StageExperience`
    values of one blueprint (``analysis.experience_by_stage("bereavement")``),
    drawn in the order of their ``position``. ``title`` replaces the default,
    which names the blueprint and the number of answers.

    ``publish``, a threshold (10 is :data:`~journeys.analysis.publishing.DEFAULT_THRESHOLD`),
    draws the curve fit to publish: every count below it reads ``<10``; a stage with
    fewer than 10 scored answers has no point, band or score (it reads "too few to
    show"); a gap mark of fewer than 10 is as large as one of 10; and the title says
    "published: counts below 10 withheld". ``None`` (the default) withholds nothing.

    Raises:
        RenderError: when there is no stage, the stages are of several
            blueprints or two share a position.
        AnalysisError: for a ``publish`` threshold that is not a whole number of
            at least 1.
    """
    return ExperienceCurve(experience_chart(stages, title=title, publish=publish))
