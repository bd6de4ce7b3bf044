"""Missing step: a step the blueprint requires that the journey never had.

An ``or`` stage is an alternative to the one before; a ``choice`` list needs one
of its steps; ``optional`` steps are never missing. When none of a group of
alternatives was done, the one closest to done is reported. Each runs from the
journey's start to its close.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from journeys.analysis.findings import FindingKind
from journeys.analysis.fold import ConformanceRecord, JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.blueprints import Logic, NationalBlueprint, NationalStage, StepStyle


def check(fold: JourneyFold, national: NationalBlueprint, at: datetime, report: Reporter) -> int:
    """Report the steps of ``national`` that ``fold``'s journey is missing when closed at
    ``at``; return how many."""
    record = fold.conformance
    assert record is not None
    missing = 0
    for alternatives in _alternative_groups(national.stages):
        gaps = [_undone(record, stage) for stage in alternatives]
        if any(not undone for undone in gaps):
            continue
        closest = min(range(len(gaps)), key=lambda index: (len(gaps[index]), index))
        for body, detail in gaps[closest]:
            report(
                FindingKind.MISSING_STEP,
                fold,
                None,
                body,
                fold.started_at,
                at,
                detail=f"{national.blueprint_id}: {detail}",
            )
            missing += 1
    return missing


def _undone(record: ConformanceRecord, stage: NationalStage) -> list[tuple[str, str]]:
    """(body, description) of what ``stage`` still needs."""
    undone = [
        (step.body, step.id)
        for step in stage.steps
        if step.style is StepStyle.REQUIRED and (step.body, step.service) not in record.steps
    ]
    choices = [step for step in stage.steps if step.style is StepStyle.CHOICE]
    if choices and not any((s.body, s.service) in record.steps for s in choices):
        undone.append((choices[0].body, "one of " + ", ".join(s.id for s in choices)))
    return undone


def _alternative_groups(stages: Iterable[NationalStage]) -> list[list[NationalStage]]:
    """Stages grouped so that each ``or`` stage joins the alternatives before it."""
    groups: list[list[NationalStage]] = []
    for stage in stages:
        if stage.logic is Logic.OR and groups:
            groups[-1].append(stage)
        else:
            groups.append([stage])
    return groups
