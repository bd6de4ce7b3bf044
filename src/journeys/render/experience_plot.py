"""Drawing an :class:`~journeys.render.experience_chart.ExperienceChart` with matplotlib.

The curve is a chart, not a graph, so it is drawn by a plotting library rather
than Graphviz: matplotlib, pip-only wheels, whose Agg and SVG backends need no
display and no system library. It is imported only when a curve is drawn, and
used without ``pyplot`` (a bare ``Figure``), so nothing global changes: no
backend is chosen for the user and no figure is left open.

The output is byte-stable: the SVG's ids come from a fixed salt and it carries
no date, and the PNG carries no software version. Text in the SVG stays text
(``svg.fonttype`` ``none``: searchable, escaped by matplotlib's XML writer), in
DejaVu Sans like every other picture, and is never read as mathematics, so a
stage called ``$x$`` reads ``$x$``.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import TYPE_CHECKING, Any, cast

from journeys.errors import RenderError
from journeys.render import style
from journeys.render.experience_chart import (
    HIGHEST,
    LOWEST,
    NO_FEEDBACK,
    TOO_FEW,
    ExperienceChart,
)
from journeys.render.experience_scale import score_colour, signed

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

PNG_DPI = 144
"""As the Graphviz pictures: a PNG at twice the SVG's 72 points an inch."""

SVG_SALT = "journeys-experience"
"""Seeds the SVG's element ids, so the same chart gives the same bytes."""

GAP_COLOURS: dict[str, str] = {
    "dropped_handoff": style.GAP,
    "unheld_time": style.GAP,
    "rejected_handoff": style.REJECTED,
    "reask": style.REASK,
    "cold_transfer": style.COLD_TRANSFER,
}
"""The colours the other pictures give these kinds; any other kind is drawn in ink."""

LINE = style.HANDOFF
BAND = "#c6d6ee"

_RC: dict[str, Any] = {
    "svg.hashsalt": SVG_SALT,
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": [style.FONT, "Verdana"],
    "font.size": 10.0,
    "text.parse_math": False,
    "text.usetex": False,
    "axes.unicode_minus": True,
    "axes.edgecolor": style.MUTED,
    "axes.labelcolor": style.INK,
    "text.color": style.INK,
    "xtick.color": style.INK,
    "ytick.color": style.INK,
}
_BIGGEST_MARK = 420.0
"""Area (points squared) of the mark of the most frequent gap at one stage."""
_SMALLEST_MARK = 36.0


def chart_bytes(chart: ExperienceChart, kind: str) -> bytes:
    """``chart`` drawn as ``"svg"`` or ``"png"``.

    Raises:
        RenderError: when matplotlib is not installed or cannot draw.
    """
    try:
        import matplotlib
    except ImportError:
        raise RenderError(
            "the experience curve is drawn with matplotlib: `pip install matplotlib`"
        ) from None
    buffer = io.BytesIO()
    # matplotlib types rc_context's keys as literals; these are all valid keys.
    with matplotlib.rc_context(cast("Any", _RC)):
        figure = _figure(chart)
        if kind == "svg":
            metadata: dict[str, str | None] = {"Date": None, "Creator": "journeys"}
            figure.savefig(buffer, format="svg", metadata=metadata)
        elif kind == "png":
            figure.savefig(
                buffer, format="png", dpi=PNG_DPI, facecolor="white", metadata={"Software": None}
            )
        else:
            raise RenderError(f"the experience curve is drawn as svg or png, not {kind!r}")
    return buffer.getvalue()


def _figure(chart: ExperienceChart) -> Figure:
    from matplotlib.figure import Figure

    count = len(chart.stages)
    width = max(8.0, 1.45 * count + 3.4)
    gap_height = 0.42 * len(chart.gaps) + 0.75 if chart.gaps else 0.0
    figure = Figure(figsize=(width, 5.2 + gap_height), layout="constrained", facecolor="white")
    if chart.gaps:
        curve, gaps = figure.subplots(
            2, 1, height_ratios=[4.4, gap_height], gridspec_kw={"hspace": 0.08}
        )
    else:
        curve, gaps = figure.subplots(1, 1), None
    # Wrap the title to the figure's width: about one character per 6.5 points at 13 pt.
    title = "\n".join(
        textwrap.fill(line, width=max(40, int(width * 72 / 7.2))) or " "
        for line in chart.title.splitlines()
    )
    figure.suptitle(title, x=0.01, ha="left", fontsize=13, color=style.INK)
    _draw_curve(curve, chart)
    if gaps is not None:
        _draw_gaps(gaps, chart)
    _legend(figure, curve, chart)
    return figure


def _draw_curve(axes: Axes, chart: ExperienceChart) -> None:
    stages = chart.stages
    axes.set_xlim(-0.6, len(stages) - 0.4)
    axes.set_ylim(LOWEST - 0.25, HIGHEST + 0.25)
    # The better half of the scale faintly blue, the worse faintly red, as the map.
    axes.axhspan(0, HIGHEST + 0.25, color="#f1f6fb", zorder=0)
    axes.axhspan(LOWEST - 0.25, 0, color="#fcf1ee", zorder=0)
    axes.axhline(0, color=style.MUTED, linewidth=0.9, zorder=1)
    axes.set_yticks([-2, -1, 0, 1, 2], ["\u22122 worst", "\u22121", "0", "+1", "+2 best"])
    axes.set_ylabel("mean score (95 % confidence band)")
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_xticks(
        [stage.x for stage in stages], ["\n".join(stage.label) for stage in stages], fontsize=9
    )
    axes.tick_params(axis="x", length=0, pad=8)

    by_x = {stage.x: stage for stage in stages}
    for run in chart.runs:
        points = [by_x[x] for x in run]
        means = [_or(point.mean, None) for point in points]
        lows = [_or(point.ci_low, point.mean) for point in points]
        highs = [_or(point.ci_high, point.mean) for point in points]
        # A stage alone between silences still gets its band, as a short bar.
        xs = list(run) if len(run) > 1 else [run[0] - 0.07, run[0] + 0.07]
        if len(run) == 1:
            lows, highs = lows * 2, highs * 2
        axes.fill_between(xs, lows, highs, color=BAND, linewidth=0, zorder=2)
        axes.plot(list(run), means, color=LINE, linewidth=2.2, zorder=4)
    for stage in stages:
        if stage.mean is None:
            axes.text(
                stage.x,
                0,
                TOO_FEW if stage.withheld else NO_FEEDBACK,
                ha="center",
                va="center",
                fontsize=9,
                fontstyle="italic",
                color=style.MUTED,
                bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": style.MUTED, "ls": "--"},
                zorder=5,
            )
            continue
        if stage.ci_low is not None and stage.ci_high is not None:
            axes.plot([stage.x, stage.x], [stage.ci_low, stage.ci_high], color=LINE, lw=1, zorder=3)
        axes.scatter(
            [stage.x],
            [stage.mean],
            s=64,
            color=score_colour(stage.mean),
            edgecolors=LINE,
            linewidths=1.6,
            zorder=6,
        )
        # The value just above its interval, where the line, leaving the point
        # sideways, does not run.
        above = stage.ci_high if stage.ci_high is not None else stage.mean
        axes.text(
            stage.x,
            min(above + 0.1, HIGHEST + 0.05),
            signed(stage.mean),
            ha="center",
            va="bottom",
            fontsize=9,
            color=LINE,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=7,
        )


def _draw_gaps(axes: Axes, chart: ExperienceChart) -> None:
    rows = chart.gaps
    widest = max(max(row.counts) for row in rows)
    axes.set_xlim(-0.6, len(chart.stages) - 0.4)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    # First kind on top.
    positions = [len(rows) - 1 - index for index in range(len(rows))]
    axes.set_yticks(positions, [row.title for row in rows], fontsize=9)
    # Faint lines down from each stage, so a mark is read against its stage.
    axes.set_xticks([stage.x for stage in chart.stages], [])
    axes.tick_params(length=0)
    axes.grid(axis="x", color="#e4e4e4", linewidth=0.6)
    axes.set_title(
        "gaps met at each stage (mark area grows with the count)",
        loc="left",
        fontsize=9,
        color=style.MUTED,
    )
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#eeeeee", linewidth=0.6)
    axes.set_axisbelow(True)
    for y, row in zip(positions, rows, strict=True):
        colour = GAP_COLOURS.get(row.kind, style.INK)
        for x, count in enumerate(row.counts):
            if not count:
                continue
            axes.scatter(
                [x],
                [y],
                s=_mark_area(count, widest),
                color=colour,
                alpha=0.85,
                edgecolors="white",
                linewidths=0.8,
                zorder=3,
            )
            axes.text(x + 0.2, y, row.label(x), va="center", fontsize=9, color=colour, zorder=4)


def _legend(figure: Figure, axes: Axes, chart: ExperienceChart) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Line2D(
            [],
            [],
            color=LINE,
            linewidth=2.2,
            marker="o",
            markerfacecolor="white",
            markeredgecolor=LINE,
            label="mean score",
        ),
        Patch(color=BAND, label="95 % confidence interval"),
    ]
    # A stage without a point is a dashed empty box: one legend entry says why, per reason.
    if any(stage.withheld for stage in chart.stages):
        handles.append(_empty_box(f"{TOO_FEW}: fewer than {chart.threshold} scored answers"))
    if any(stage.silent and not stage.withheld for stage in chart.stages):
        handles.append(_empty_box(f"{NO_FEEDBACK}: no scored answer"))
    # One row over the curve, under the title: the layout makes room for it there, and
    # it never hides a point.
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncols=len(handles),
        frameon=False,
        fontsize=9,
        borderaxespad=0.0,
    )


def _empty_box(label: str) -> Patch:
    from matplotlib.patches import Patch

    return Patch(facecolor="white", edgecolor=style.MUTED, linestyle="--", label=label)


def _mark_area(count: int, widest: int) -> float:
    # Area, not radius, grows with the count: a mark twice as big means twice as many.
    return _SMALLEST_MARK + (_BIGGEST_MARK - _SMALLEST_MARK) * (count / widest if widest else 0.0)


def _or(value: float | None, default: float | None) -> float:
    chosen = value if value is not None else default
    return math.nan if chosen is None else chosen
