"""Publishing safely: small counts withheld, as official statistics withhold them.

A count of a few journeys, complaints or answers can point at a person ("the one
citizen in Powys who complained about the registrar"). Before an analysis leaves
the team, :func:`suppress` replaces every **count below a threshold** (10 by
default) with ``None`` (``null`` in JSON; ``"<10"`` in tables), removes every
**statistic derived from a withheld count** (the mean and interval of fewer than
ten scores, the durations of fewer than ten transitions, a rate per 1,000 whose
numerator is withheld), and drops the lists of per-journey rows (the findings),
each of which describes one journey. :func:`publish` does this to a whole JSON
document and says what it did in a ``suppressed`` note::

    "suppressed": {"threshold": 10, "cells": 42, "withheld": ["findings"]}

The rule works on JSON-ready data (dicts, lists, numbers, text) by the names of
its fields, so it serves any output made of the analysis's rows — the pictures'
data too. :class:`SuppressionRules` names them: which fields are counts, which
dicts hold nothing but counts, which statistics rest on which counts (in the same
dict), and which lists are withheld. A statistic rests on a sibling count, or on a
sibling list or dict in which something was withheld.

What it does not do: *secondary* suppression. A withheld cell can sometimes be
worked out from others (a total less the cells shown), and the minimum and maximum
durations of a group of ten or more are single journeys' values. Check a table for
both before it is published where that matters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from journeys.errors import AnalysisError

__all__ = [
    "DEFAULT_THRESHOLD",
    "RULES",
    "SuppressionRules",
    "count_text",
    "is_suppressed",
    "publish",
    "suppress",
    "withheld_note",
]

DEFAULT_THRESHOLD = 10
"""Counts below this are withheld unless another threshold is given."""


@attrs.frozen
class SuppressionRules:
    """Which fields of JSON-ready data are counts, and what rests on them."""

    count_keys: frozenset[str]
    """Fields whose whole-number values are counts."""
    count_containers: frozenset[str]
    """Fields whose value is a dict of nothing but counts (``counts``: findings by kind)."""
    derived: Mapping[str, tuple[str, ...]]
    """A statistic's field -> the sibling fields it rests on."""
    withheld: frozenset[str]
    """Fields holding lists of per-journey rows, emptied when published."""


RULES = SuppressionRules(
    count_keys=frozenset(
        {
            # journeys, findings, the journey map and the hand-off network
            "count",
            "visits",
            "starts",
            "ends",
            "handoffs",
            "accepted",
            "rejected",
            "dropped",
            "in_flight",
            "reasks",
            "cold_transfers",
            # the scorecard
            "handoffs_in",
            "handoffs_out",
            "drops_in",
            "drops_out",
            "rejections_made",
            "rejections_received",
            "reasks_caused",
            "cold_transfers_in",
            "complaints_made",
            "journeys",
            "feedback_scored",
            # the experience
            "responses",
            "scored",
            "complaints_upheld",
            "complaints_partially_upheld",
            "complaints_not_upheld",
            "journeys_with",
            "journeys_without",
            "journeys_unmatched",
        }
    ),
    count_containers=frozenset({"counts", "journeys"}),
    derived={
        "mean": ("count", "scored"),
        "median": ("count",),
        "p90": ("count",),
        "min": ("count",),
        "max": ("count",),
        "total": ("count",),
        "ci_low": ("scored", "journeys_with", "journeys_without"),
        "ci_high": ("scored", "journeys_with", "journeys_without"),
        "mean_with": ("journeys_with",),
        "mean_without": ("journeys_without",),
        "difference": ("journeys_with", "journeys_without"),
        "complaints_per_1000_journeys": ("complaints_made", "journeys"),
        "feedback_mean": ("feedback_scored",),
        "digital_share": ("counts",),
    },
    withheld=frozenset({"findings"}),
)
"""The rules of the analysis JSON (schema version 2) and of the rows it is made of."""


def is_suppressed(count: object, threshold: int) -> bool:
    """Whether ``count`` is a count that publishing withholds: a whole number (not a
    bool) below ``threshold``."""
    return isinstance(count, int) and not isinstance(count, bool) and count < threshold


def check_threshold(threshold: object) -> int:
    """``threshold`` if it is a whole number of at least 1 (an :class:`AnalysisError`
    otherwise)."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise AnalysisError(
            f"the publishing threshold must be a whole number of at least 1, got {threshold!r}"
        )
    return threshold


def count_text(count: int, threshold: int | None) -> str:
    """``count`` as a published picture or table writes it: ``"<10"`` when it is
    withheld under ``threshold``, the number otherwise (``threshold`` ``None``: not
    publishing, always the number)."""
    if threshold is not None and is_suppressed(count, threshold):
        return f"<{threshold}"
    return str(count)


def withheld_note(threshold: int) -> str:
    """What a published picture says of itself: ``"counts below 10 withheld"``."""
    return f"published: counts below {threshold} withheld"


def suppress(
    data: Any, threshold: int = DEFAULT_THRESHOLD, rules: SuppressionRules = RULES
) -> tuple[Any, int]:
    """``data`` with every count below ``threshold`` and every statistic resting on one
    replaced by ``None`` and the withheld lists emptied, and how many values were
    replaced. ``data`` itself is not changed."""
    check_threshold(threshold)
    return _Suppressor(threshold, rules).value(data, in_container=False)


def publish(
    document: Mapping[str, Any], threshold: int = DEFAULT_THRESHOLD, rules: SuppressionRules = RULES
) -> dict[str, Any]:
    """A JSON document made fit to publish: :func:`suppress`, with a ``suppressed`` note
    of the threshold, how many values were withheld (``cells``) and which lists of
    per-journey rows were left out (``withheld``)."""
    published, cells = suppress(document, threshold, rules)
    assert isinstance(published, dict)
    published["suppressed"] = {
        "threshold": threshold,
        "cells": cells,
        "withheld": sorted(
            key
            for key, value in document.items()
            if key in rules.withheld and isinstance(value, list | tuple)
        ),
    }
    return published


@attrs.define
class _Suppressor:
    threshold: int
    rules: SuppressionRules

    def value(self, data: Any, *, in_container: bool) -> tuple[Any, int]:
        if isinstance(data, Mapping):
            return self.mapping(data, in_container=in_container)
        if isinstance(data, list | tuple):
            cells = 0
            items = []
            for item in data:
                new, withheld = self.value(item, in_container=False)
                items.append(new)
                cells += withheld
            return items, cells
        if in_container and is_suppressed(data, self.threshold):
            return None, 1
        return data, 0

    def mapping(self, data: Mapping[str, Any], *, in_container: bool) -> tuple[Any, int]:
        rules = self.rules
        out: dict[str, Any] = {}
        touched: set[str] = set()  # fields in or under which something was withheld
        inside: dict[str, int] = {}  # how many values were withheld under each field
        cells = 0
        for key, item in data.items():
            if key in rules.withheld and isinstance(item, list | tuple):
                out[key] = []
                continue
            counts = in_container or key in rules.count_keys
            if counts and is_suppressed(item, self.threshold):
                out[key] = None
                touched.add(key)
                cells += 1
                continue
            new, withheld = self.value(item, in_container=key in rules.count_containers)
            out[key] = new
            if withheld:
                touched.add(key)
                inside[key] = withheld
                cells += withheld
        for key, sources in rules.derived.items():
            if out.get(key) is not None and touched.intersection(sources):
                out[key] = None
                # A statistic holding a structure is one cell, whatever was withheld in it.
                cells += 1 - inside.get(key, 0)
        return out, cells
