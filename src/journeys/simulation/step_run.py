"""One chosen step of one simulated journey, as the schedule plans it (internal)."""

from __future__ import annotations

from journeys.blueprints import NationalStep


class StepRun:
    """One chosen step in one journey: when its case opens and its work is done."""

    __slots__ = (
        "automatic",
        "channel",
        "children_open",
        "close_at",
        "done_at",
        "lineage",
        "open_at",
        "step",
        "waits",
        "work",
    )

    def __init__(
        self,
        step: NationalStep,
        open_at: float,
        work: float,
        lineage: frozenset[str],
        channel: str | None,
        automatic: bool,
    ) -> None:
        self.step = step
        self.automatic = automatic
        self.channel = channel
        self.open_at = open_at
        self.work = work
        self.done_at = open_at + work
        self.close_at = self.done_at
        # The bodies that held the citizen on the line of steps leading here.
        self.lineage = lineage
        self.waits = True
        self.children_open: list[float] = []
