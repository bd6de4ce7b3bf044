"""A progress bar for imports that shows events per second (or nothing, when quiet)."""

from __future__ import annotations

from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from journeys.closing import ClosesOnExit


class EventsPerSecondColumn(ProgressColumn):
    """The task's current speed, in events per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text("– events/s", style="progress.data.speed")
        return Text(f"{speed:,.0f} events/s", style="progress.data.speed")


class ImportProgress(ClosesOnExit):
    """Progress of the passes of one import, drawn on stderr; silent when disabled."""

    def __init__(self, *, enabled: bool) -> None:
        self._progress: Progress | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("events"),
                EventsPerSecondColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            )
        self._task: TaskID | None = None

    def start_pass(self, description: str, total: int | None) -> None:
        """Begin a pass over ``total`` events (``None`` when not known yet)."""
        if self._progress is not None:
            if self._task is not None:
                self._progress.stop_task(self._task)
            self._task = self._progress.add_task(description, total=total)

    def advance(self, events: int) -> None:
        """Count ``events`` more events done in the current pass."""
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, events)

    def __enter__(self) -> Self:
        # Drawing starts with the block and stops (through close) when it ends.
        if self._progress is not None:
            self._progress.start()
        return self

    def close(self) -> None:
        """Stop drawing; the finished bars stay on screen."""
        if self._progress is not None:
            self._progress.stop()
