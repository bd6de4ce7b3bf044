"""An analysis as data frames, for analysts: ``analysis.frames.findings()`` and so on.

The frames are Polars data frames, an optional extra: ``pip install
"journeys[frames]"`` (without it every method raises
:class:`~journeys.errors.MissingExtraError` saying so). For pandas, call
``.to_pandas()`` on a frame; Polars needs ``pandas`` and ``pyarrow`` for that
(``pip install "journeys[pandas]"`` installs all three).

Each frame is read from the rows the analysis already gives
(:meth:`~journeys.analysis.Analysis.finding_rows` and its siblings, and the
experience's values), flattened to columns with explicit types, so an empty
analysis gives empty frames with the same columns:

- times are ``Datetime("us", "UTC")``; durations are ``Float64`` seconds, a
  duration statistic ``<name>_<stat>_seconds`` (``latency_median_seconds``) beside
  its ``<name>_count``;
- a boundary is ``from_tier``, ``to_tier``, ``tier_pair`` and ``crosses_nation``
  (findings carry the last two, as their rows do);
- scores are ``Float64`` on the scale -2..+2, ``null`` where there are too few
  answers to say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from journeys.analysis.experience_model import ScoreSummary
from journeys.analysis.journey_map import Granularity
from journeys.errors import MissingExtraError

if TYPE_CHECKING:
    import polars as pl  # type: ignore[import-not-found, unused-ignore]

    from journeys.analysis.result import Analysis

__all__ = ["INSTALL_HINT", "AnalysisFrames"]

INSTALL_HINT = 'pip install "journeys[frames]"'
"""What to run when Polars is missing."""

_STATS = ("count", "mean", "median", "p90", "min", "max", "total")
"""The fields of a duration statistic (:func:`journeys.analysis.analysis_json.stats_json`)."""

_SCORES = ("responses", "scored", "mean", "ci_low", "ci_high")


def _polars() -> Any:
    """The ``polars`` module, or a :class:`MissingExtraError` naming the extra."""
    try:
        import polars  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise MissingExtraError(
            f"data frames need Polars, an optional extra: {INSTALL_HINT}"
        ) from None
    return polars


# --- columns ------------------------------------------------------------------------
# A frame's columns are written as (name, type word) so that the layouts can be read,
# and tested, without Polars; _frame turns the words into Polars types.


def _stats_columns(name: str) -> list[tuple[str, str]]:
    return [(f"{name}_count", "int")] + [(f"{name}_{s}_seconds", "float") for s in _STATS[1:]]


def _flat_stats(name: str, stats: Mapping[str, Any] | None) -> dict[str, Any]:
    if stats is None:
        return {f"{name}_count": None} | {f"{name}_{s}_seconds": None for s in _STATS[1:]}
    return {f"{name}_count": stats["count"]} | {
        f"{name}_{s}_seconds": float(stats[s]) for s in _STATS[1:]
    }


def _scores_columns() -> list[tuple[str, str]]:
    return [("responses", "int"), ("scored", "int")] + [(name, "float") for name in _SCORES[2:]]


def _flat_scores(scores: ScoreSummary) -> dict[str, Any]:
    return {name: getattr(scores, name) for name in _SCORES}


FINDINGS_COLUMNS: list[tuple[str, str]] = [
    ("kind", "str"),
    ("journey", "str"),
    ("from_body", "str"),
    ("to_body", "str"),
    ("start", "datetime"),
    ("end", "datetime"),
    ("duration_seconds", "float"),
    ("items", "list[str]"),
    ("handoff", "str"),
    ("detail", "str"),
    ("tier_pair", "str"),
    ("crosses_nation", "bool"),
]

MAP_COLUMNS: list[tuple[str, str]] = [
    ("source_body", "str"),
    ("source_label", "str"),
    ("target_body", "str"),
    ("target_label", "str"),
    *[("count" if n.endswith("_count") else n.removeprefix("stats_"), t)
      for n, t in _stats_columns("stats")],
]  # fmt: skip

BOUNDARY_COLUMNS: list[tuple[str, str]] = [
    ("from_tier", "str"),
    ("to_tier", "str"),
    ("tier_pair", "str"),
    ("crosses_nation", "bool"),
]

NETWORK_COLUMNS: list[tuple[str, str]] = [
    ("from_body", "str"),
    ("to_body", "str"),
    *BOUNDARY_COLUMNS,
    *[(name, "int") for name in ("handoffs", "accepted", "rejected", "dropped", "in_flight")],
    *_stats_columns("latency"),
    ("reasks", "int"),
    ("cold_transfers", "int"),
    *_stats_columns("unheld"),
]

SCORECARD_COLUMNS: list[tuple[str, str]] = [
    ("body", "str"),
    ("handoffs_in", "int"),
    ("handoffs_out", "int"),
    *_stats_columns("inbound_latency"),
    *_stats_columns("outbound_latency"),
    *[(name, "int") for name in ("drops_in", "drops_out", "rejections_made")],
    *[(name, "int") for name in ("rejections_received", "reasks_caused", "cold_transfers_in")],
    *_stats_columns("unheld_before"),
    *_stats_columns("unheld_after"),
    ("journeys", "int"),
    ("complaints_made", "int"),
    ("complaints_per_1000_journeys", "float"),
    ("feedback_scored", "int"),
    ("feedback_mean", "float"),
]

EXPERIENCE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "by_node": [("body", "str"), ("about", "str"), *_scores_columns()],
    "by_body": [
        ("body", "str"),
        *_scores_columns(),
        ("journeys", "int"),
        ("complaints_made", "int"),
        ("complaints_upheld", "int"),
        ("complaints_partially_upheld", "int"),
        ("complaints_not_upheld", "int"),
        ("complaints_per_1000_journeys", "float"),
    ],
    "gaps_and_sentiment": [
        ("kind", "str"),
        ("boundary", "str"),
        ("journeys_with", "int"),
        ("journeys_without", "int"),
        ("journeys_unmatched", "int"),
        ("strata", "int"),
        *[(name, "float") for name in ("mean_with", "mean_without", "difference")],
        ("ci_low", "float"),
        ("ci_high", "float"),
    ],
    "body_level": [
        ("body", "str"),
        ("about", "str"),
        ("instrument", "str"),
        ("period_start", "date"),
        ("period_end", "date"),
        ("source", "str"),
        *_scores_columns(),
    ],
    "channels": [("body", "str"), ("channel", "str"), ("count", "int")],
    "silent_nodes": [("body", "str"), ("label", "str")],
    "silent_bodies": [("body", "str")],
}
"""The columns of each of :meth:`AnalysisFrames.experience`'s frames."""


def _dtype(polars: Any, word: str) -> Any:
    return {
        "str": polars.String,
        "int": polars.Int64,
        "float": polars.Float64,
        "bool": polars.Boolean,
        "datetime": polars.Datetime("us", "UTC"),
        "date": polars.Date,
        "list[str]": polars.List(polars.String),
    }[word]


def _frame(rows: Iterable[Mapping[str, Any]], columns: list[tuple[str, str]]) -> pl.DataFrame:
    polars = _polars()
    schema = {name: _dtype(polars, word) for name, word in columns}
    names = list(schema)
    frame: pl.DataFrame = polars.DataFrame(
        [[row[name] for name in names] for row in rows], schema=schema, orient="row"
    )
    return frame


# --- the frames ---------------------------------------------------------------------


@attrs.frozen(repr=False)
class AnalysisFrames:
    """An :class:`~journeys.analysis.Analysis` as Polars data frames
    (``analysis.frames``); each method builds its frame when called.

    >>> frames = analysis.frames                          # doctest: +SKIP
    >>> frames.findings().group_by("kind").len()          # doctest: +SKIP
    >>> frames.scorecard().to_pandas()                    # doctest: +SKIP
    """

    analysis: Analysis

    def __repr__(self) -> str:
        return f"<AnalysisFrames of {self.analysis!r}>"

    def findings(self) -> pl.DataFrame:
        """One row per finding (:meth:`Analysis.finding_rows`): ``kind``, ``journey``,
        the bodies, ``start`` and ``end`` (UTC), ``duration_seconds``, ``items``,
        ``handoff``, ``detail``, ``tier_pair`` and ``crosses_nation``."""
        return _frame(self.analysis.finding_rows(), FINDINGS_COLUMNS)

    def map(self, granularity: Granularity | str = Granularity.TOUCHPOINT) -> pl.DataFrame:
        """One row per journey-map edge at ``granularity`` (:meth:`Analysis.map_rows`):
        the source and target nodes (``null`` body and label for a journey's start or
        end), ``count`` and the statistics of the time between them in seconds."""
        rows = (
            {k: v for k, v in row.items() if k != "stats"}
            | {
                ("count" if k.endswith("_count") else k.removeprefix("stats_")): v
                for k, v in _flat_stats("stats", row["stats"]).items()
            }
            for row in self.analysis.map_rows(granularity)
        )
        return _frame(rows, MAP_COLUMNS)

    def network(self) -> pl.DataFrame:
        """One row per hand-off network edge (:meth:`Analysis.network_rows`), its
        boundary as four columns and its latency and unheld time as statistics."""
        return _frame(
            (_flatten(row, ("latency", "unheld")) for row in self.analysis.network_rows()),
            NETWORK_COLUMNS,
        )

    def scorecard(self) -> pl.DataFrame:
        """One row per body (:meth:`Analysis.scorecard_rows`)."""
        stats = ("inbound_latency", "outbound_latency", "unheld_before", "unheld_after")
        return _frame(
            (_flatten(row, stats) for row in self.analysis.scorecard_rows()), SCORECARD_COLUMNS
        )

    def experience(self) -> dict[str, pl.DataFrame]:
        """What citizens said, one frame per part of
        :class:`~journeys.analysis.experience_model.Experience`: ``by_node``,
        ``by_body``, ``gaps_and_sentiment``, ``body_level``, ``channels`` (one row
        per body and channel), ``silent_nodes`` and ``silent_bodies``."""
        experience = self.analysis.experience
        rows: dict[str, Iterable[Mapping[str, Any]]] = {
            "by_node": (
                {"body": n.body, "about": n.about} | _flat_scores(n.scores)
                for n in experience.by_node
            ),
            "by_body": (
                attrs.asdict(b, recurse=False, filter=lambda a, _: a.name != "scores")
                | _flat_scores(b.scores)
                | {"complaints_per_1000_journeys": b.complaints_per_1000_journeys}
                for b in experience.by_body
            ),
            "gaps_and_sentiment": (
                attrs.asdict(row, recurse=False) for row in experience.gaps_and_sentiment
            ),
            "body_level": (
                attrs.asdict(row, recurse=False, filter=lambda a, _: a.name != "scores")
                | _flat_scores(row.scores)
                for row in experience.body_level
            ),
            "channels": (
                {"body": use.body, "channel": channel, "count": count}
                for use in experience.channels
                for channel, count in use.counts
            ),
            "silent_nodes": (
                {"body": body, "label": label} for body, label in experience.silent_nodes
            ),
            "silent_bodies": ({"body": body} for body in experience.silent_bodies),
        }
        return {name: _frame(rows[name], columns) for name, columns in EXPERIENCE_COLUMNS.items()}


def _flatten(row: Mapping[str, Any], stats: Iterable[str]) -> dict[str, Any]:
    """``row`` with its duration statistics and boundary spread into columns."""
    flat = dict(row)
    for name in stats:
        flat |= _flat_stats(name, flat.pop(name))
    boundary = flat.pop("boundary", None)
    if boundary is not None:
        flat |= boundary
    return flat
