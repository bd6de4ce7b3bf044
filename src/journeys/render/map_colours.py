"""What colours a journey map: the time its transitions take, or how citizens felt.

A colouring answers three questions for :func:`~journeys.render.render_map`: the
fill (and an extra label line) of each node, the colour of each transition, and
the legend entries that explain them. :class:`TimeColouring` (the default)
colours transitions by a duration statistic and leaves nodes white;
:class:`ExperienceColouring` colours nodes by the mean score of the feedback
about them on the diverging scale of :mod:`journeys.render.experience_scale`,
greys the nodes no feedback was about, and draws transitions in one grey so that
colour means one thing only. Published (a ``threshold``), a node with fewer scored
answers than the threshold is grey too and reads "too few to show": its mean and
its count are withheld.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

import attrs

from journeys.analysis.experience_model import Experience, NodeExperience
from journeys.analysis.journey_map import Granularity, MapNode, map_node
from journeys.analysis.publishing import is_suppressed
from journeys.render import style
from journeys.render.duration_scale import DurationScale
from journeys.render.experience_chart import NO_FEEDBACK, TOO_FEW
from journeys.render.experience_scale import SILENT_FILL, score_bands, score_colour, signed
from journeys.render.legend import LegendEntry

COLOUR_BY = ("time", "experience")
"""What :func:`~journeys.render.render_map` can colour by."""

NodeKey = tuple[str | None, str | None]


class MapColouring(Protocol):
    """How a journey map is coloured."""

    def node_fill(self, node: MapNode) -> str:
        """The fill of ``node``."""
        ...

    def node_note(self, node: MapNode) -> str | None:
        """A line added under ``node``'s label, if any."""
        ...

    def edge_colour(self, seconds: float) -> str:
        """The colour of a transition whose statistic is ``seconds``."""
        ...

    def legend(self) -> list[LegendEntry]:
        """The entries that explain the colours."""
        ...


@attrs.frozen
class TimeColouring:
    """Transitions coloured by ``statistic`` on ``scale``; nodes white."""

    scale: DurationScale
    statistic: str

    def node_fill(self, node: MapNode) -> str:
        """Every node is white."""
        return "white"

    def node_note(self, node: MapNode) -> str | None:
        """No extra line."""
        return None

    def edge_colour(self, seconds: float) -> str:
        """The duration's band colour."""
        return self.scale.colour(seconds)

    def legend(self) -> list[LegendEntry]:
        """One line per duration band."""
        return [
            LegendEntry(f"{self.statistic} {band.label}", {"color": band.colour, "penwidth": "3"})
            for band in self.scale.bands()
        ]


@attrs.frozen
class NodeScore:
    """The pooled scores of the feedback about one map node."""

    responses: int
    scored: int
    mean: float | None


@attrs.frozen
class ExperienceColouring:
    """Nodes filled by the mean score about them; transitions grey. Published (a
    ``threshold``), the score of fewer scored answers than it is withheld."""

    scores: Mapping[NodeKey, NodeScore]
    threshold: int | None = None

    @classmethod
    def of(
        cls,
        experience: Experience | Iterable[NodeExperience],
        granularity: Granularity,
        *,
        threshold: int | None = None,
    ) -> ExperienceColouring:
        """The colouring of a map at ``granularity`` from the feedback by node.

        Feedback is given about a touchpoint (a body and what it is about); an
        activity node pools it over bodies, a body node over what it was about.
        A pooled mean weighs each node's mean by its scored answers, so it is the
        mean of all the answers.
        """
        nodes = experience.by_node if isinstance(experience, Experience) else tuple(experience)
        totals: dict[NodeKey, list[float]] = {}
        for node in nodes:
            key = map_node((node.body, node.about), granularity)
            total = totals.setdefault(key, [0.0, 0.0, 0.0])
            total[0] += node.scores.responses
            total[1] += node.scores.scored
            if node.scores.mean is not None and node.scores.scored:
                total[2] += node.scores.mean * node.scores.scored
        return cls(
            {
                key: NodeScore(int(responses), int(scored), total / scored if scored else None)
                for key, (responses, scored, total) in totals.items()
            },
            threshold,
        )

    def too_few(self, score: NodeScore) -> bool:
        """Whether publishing withholds ``score`` (some, but too few, scored answers)."""
        return (
            self.threshold is not None
            and score.scored > 0
            and is_suppressed(score.scored, self.threshold)
        )

    def node_fill(self, node: MapNode) -> str:
        """The score's colour, or grey for a node no scored answer (or, published, too
        few) was about."""
        score = self.scores.get(node.key)
        if score is None or score.mean is None or self.too_few(score):
            return SILENT_FILL
        return score_colour(score.mean)

    def node_note(self, node: MapNode) -> str | None:
        """``"score +0.8 (n = 120)"``, ``"no feedback"`` or, published,
        ``"too few to show (<10 scored)"``."""
        score = self.scores.get(node.key)
        if score is None or score.mean is None:
            return NO_FEEDBACK
        if self.too_few(score):
            return f"{TOO_FEW} (<{self.threshold} scored)"
        return f"score {signed(score.mean)} (n = {score.scored})"

    def edge_colour(self, seconds: float) -> str:
        """Grey: on this map colour is the score."""
        return style.MUTED

    def legend(self) -> list[LegendEntry]:
        """A filled node per score band, then the grey of silence."""
        hidden = {"style": "invis", "arrowhead": "none"}
        entries = [
            LegendEntry(
                f"mean score {band.label}",
                hidden,
                {"shape": "box", "style": "rounded,filled", "fillcolor": band.colour},
            )
            for band in reversed(score_bands())
        ]
        entries.append(
            LegendEntry(
                f"{NO_FEEDBACK} (silent)",
                hidden,
                {"shape": "box", "style": "rounded,filled", "fillcolor": SILENT_FILL},
            )
        )
        if self.threshold is not None:
            entries.append(
                LegendEntry(
                    f"{TOO_FEW}: fewer than {self.threshold} scored answers",
                    hidden,
                    {"shape": "box", "style": "rounded,filled", "fillcolor": SILENT_FILL},
                )
            )
        return entries
