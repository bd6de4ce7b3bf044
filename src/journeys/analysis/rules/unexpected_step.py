"""Unexpected step: a case or touchpoint at a body the design does not use in that
nation, or for one of the design's services at another body than the one it names.
It is the moment of the step's first appearance."""

from __future__ import annotations

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.blueprints import NationalBlueprint


def check(fold: JourneyFold, national: NationalBlueprint, report: Reporter) -> int:
    """Report the steps of ``fold``'s journey that ``national`` does not expect; return
    how many."""
    record = fold.conformance
    assert record is not None
    designed = {(step.body, step.service) for step in national.steps}
    bodies = national.bodies
    body_for_service = {step.service: step.body for step in national.steps}
    unexpected = 0
    for (body, label), times in record.steps.items():
        if (body, label) in designed:
            continue
        expected_body = body_for_service.get(label)
        if body not in bodies or expected_body is not None:
            report(
                FindingKind.UNEXPECTED_STEP,
                fold,
                expected_body,
                body,
                times.first_at,
                times.first_at,
                detail=f"{national.blueprint_id}: {label}",
            )
            unexpected += 1
    return unexpected
