"""A design comparison as JSON-ready data, following the shipped schema ``design-comparison-1``.

The schema is ``journeys/data/schemas/design-comparison-1.schema.json`` and the
fields are described on the "Design comparison JSON" page of the documentation.
Rows come in a fixed order (groups: everyone, then nations in the order of
:class:`~journeys.bodies.Nation`; boundaries by bodies, then kind) and hold only
plain numbers and strings, so ``json.dumps`` of the same comparison gives the
same bytes.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from journeys.whatif.intervals import CONFIDENCE

if TYPE_CHECKING:
    from journeys.whatif.model import (
        BoundaryChange,
        DesignComparison,
        GroupComparison,
        OutcomeChange,
    )

__all__ = ["SCHEMA_ID", "SCHEMA_VERSION", "comparison_json", "comparison_schema"]

SCHEMA_VERSION = 1
SCHEMA_ID = "https://journeys.invalid/schemas/design-comparison-1.schema.json"


def comparison_schema() -> dict[str, Any]:
    """The JSON Schema that :meth:`~journeys.whatif.DesignComparison.to_json` output follows
    (``journeys/data/schemas/design-comparison-1.schema.json``)."""
    data = resources.files("journeys.data").joinpath(
        f"schemas/design-comparison-{SCHEMA_VERSION}.schema.json"
    )
    schema: dict[str, Any] = json.loads(data.read_text(encoding="utf-8"))
    return schema


def comparison_json(comparison: DesignComparison) -> dict[str, Any]:
    """``comparison`` as JSON data (see the module docs)."""
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "baseline": comparison.baseline,
        "variant": comparison.variant,
        "citizens": comparison.citizens,
        "seed": comparison.seed,
        "replications": comparison.replications,
        "bootstrap": {"resamples": comparison.resamples, "confidence": CONFIDENCE},
        "voice": comparison.voice,
        "groups": [_group(g) for g in (comparison.overall, *comparison.by_nation)],
        "boundaries": [_boundary(b) for b in comparison.by_boundary],
    }


def _group(group: GroupComparison) -> dict[str, Any]:
    return {
        "group": group.label,
        "citizens": group.citizens,
        "paired": group.paired,
        "unserved_baseline": group.unserved_baseline,
        "unserved_variant": group.unserved_variant,
        "outcomes": [_change(change) for change in group.changes],
    }


def _change(change: OutcomeChange) -> dict[str, Any]:
    return {
        "outcome": change.outcome.value,
        "statistic": change.statistic,
        "baseline": change.baseline,
        "variant": change.variant,
        "difference": change.difference,
        "ci_low": change.interval.low,
        "ci_high": change.interval.high,
        "replications": change.replications,
        "citizens": change.citizens,
        "worse": change.worse,
        "better": change.better,
        "worse_share": change.worse_share,
        "better_share": change.better_share,
    }


def _boundary(change: BoundaryChange) -> dict[str, Any]:
    return {
        "from_body": change.from_body,
        "to_body": change.to_body,
        "kind": change.kind.value,
        "baseline_per_1000": change.baseline,
        "variant_per_1000": change.variant,
        "difference_per_1000": change.difference,
        "ci_low": change.interval.low,
        "ci_high": change.interval.high,
        "citizens": change.citizens,
        "worse": change.worse,
        "better": change.better,
        "worse_share": change.worse_share,
        "better_share": change.better_share,
    }
