"""The journey event names shared by every interchange format.

The journey-events CSV's ``event`` column and the OCEL 2.0 event types use the
same snake_case names as the design's event vocabulary.
"""

from __future__ import annotations

from journeys.journey import Journey

EVENT_NAMES: dict[type[Journey.Event], str] = {
    Journey.Started: "started",
    Journey.CaseOpened: "case_opened",
    Journey.CaseClosed: "case_closed",
    Journey.Touchpoint: "touchpoint",
    Journey.InformationProvided: "information_provided",
    Journey.InformationRequested: "information_requested",
    Journey.HandoffSent: "handoff_sent",
    Journey.HandoffAccepted: "handoff_accepted",
    Journey.HandoffRejected: "handoff_rejected",
    Journey.Ended: "ended",
}
"""The interchange name of each journey event class."""

EVENT_CLASSES: dict[str, type[Journey.Event]] = {name: cls for cls, name in EVENT_NAMES.items()}
"""The journey event class of each interchange name."""


def event_name(event: Journey.Event) -> str:
    """The interchange name of ``event`` (``"handoff_sent"`` ...)."""
    return EVENT_NAMES[type(event)]
