"""Saving an import: the check pass, then the journeys saved in bounded transactions.

:func:`check_log` rebuilds every journey of a log once, saving nothing, so a bad
record anywhere is refused before anything is written. :func:`save_log` then
saves the journeys not stored yet: whole journeys, ``batch_size`` per
transaction and at most :data:`EVENTS_PER_TRANSACTION` events; a longer journey
alone, in slices of that many events, so no transaction grows with a trace. A
journey stored in part (an import interrupted between two slices) gets the rest
of its events appended when the import runs again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from journeys.errors import ErasedError
from journeys.interop.progress import ImportProgress
from journeys.journey import Journey
from journeys.store_errors import store_errors

if TYPE_CHECKING:
    from journeys.application import JourneyApp

EVENTS_PER_TRANSACTION = 10_000
"""The most events one transaction of an import saves: a batch of journeys stops
short of it, and a longer journey is saved in slices of this many events."""


class JourneyLog(Protocol):
    """A log read as journeys, once per call (an importer's ``EventLog``)."""

    def journeys(self) -> Iterator[Journey]:
        """Every journey of the log, with its events pending, in a stable order."""


def check_log(log: JourneyLog, bar: ImportProgress) -> tuple[int, int]:
    """Rebuild every journey once, saving nothing; count journeys and events."""
    bar.start_pass("checking", None)
    journeys = events = 0
    for journey in log.journeys():
        count = len(journey.pending_events)
        journeys += 1
        events += count
        bar.advance(count)
        del journey  # not held while the next is built
    return journeys, events


def save_log(
    app: JourneyApp,
    log: JourneyLog,
    bar: ImportProgress,
    batch_size: int,
    total: int,
) -> tuple[int, int, int]:
    """Save the events not stored yet: whole journeys, ``batch_size`` per transaction
    and at most :data:`EVENTS_PER_TRANSACTION` events; a longer journey alone, in slices.
    Returns how many journeys were imported and skipped, and how many events saved.
    """
    bar.start_pass("importing", total)
    imported = skipped = saved = 0
    batch: list[Journey] = []
    batch_events = 0

    def flush() -> None:
        nonlocal imported, saved, batch, batch_events
        if batch:
            app.save(*batch)
            imported, saved = imported + len(batch), saved + batch_events
            bar.advance(batch_events)
            batch, batch_events = [], 0

    for journey in log.journeys():
        count = len(journey.pending_events)
        stored = _stored_events(app, journey)
        if stored >= count:
            skipped += 1
            bar.advance(count)
            del journey
            continue
        if stored or count > EVENTS_PER_TRANSACTION:
            flush()
            saved += _save_in_slices(app, journey, stored, bar)
            imported += 1
            del journey
            continue
        if batch_events + count > EVENTS_PER_TRANSACTION:
            flush()
        batch.append(journey)
        batch_events += count
        del journey  # held by the batch only, so freed once it is saved
        if len(batch) >= batch_size:
            flush()
    flush()
    return imported, skipped, saved


def _stored_events(app: JourneyApp, journey: Journey) -> int:
    """How many of ``journey``'s pending events the store holds already.

    Most journeys are stored whole or not at all, which reading the latest stored
    event tells. One stored in part (an import interrupted between two slices)
    counts only if every stored event is the log's at its version. A journey stored
    with as many events or more, one stored from another log or changed since, and
    one that cannot be read (its citizen erased) count as stored whole: skipped.
    """
    with store_errors("read the journey"):
        latest = app.recorder.select_events(journey.id, desc=True, limit=1)
    pending = journey.pending_events
    if not latest:
        return 0
    count = latest[0].originator_version - pending[0].originator_version + 1
    if not 0 < count < len(pending):
        return len(pending)
    try:
        with store_errors("read the journey"), app.mapper_keys((journey.id,)):
            stored = [app.mapper.to_domain_event(e) for e in app.recorder.select_events(journey.id)]
    except ErasedError:  # its citizen's key is gone: leave it alone
        return len(pending)
    same = len(stored) == count and all(map(_same_event, stored, pending))
    return count if same else len(pending)


def _same_event(stored: object, built: object) -> bool:
    """Whether two journey events are the same but for when each was made
    (``timestamp``: the clock when the command ran, not when the event occurred)."""

    def fields(event: object) -> dict[str, object]:
        return {k: v for k, v in vars(event).items() if k != "timestamp"}

    return type(stored) is type(built) and fields(stored) == fields(built)


def _save_in_slices(app: JourneyApp, journey: Journey, stored: int, bar: ImportProgress) -> int:
    """Save ``journey``'s pending events after the first ``stored``, in slices of at
    most :data:`EVENTS_PER_TRANSACTION`, one transaction each; return how many.

    The journey saves each slice as its pending events: the journey's own checks
    and its citizen's life entry (with the slice holding its start) apply as for a
    whole journey. A slice already stored by an interrupted import is not saved again.
    """
    pending = journey.pending_events
    events = list(pending[stored:])
    bar.advance(stored)
    pending.clear()
    for start in range(0, len(events), EVENTS_PER_TRANSACTION):
        chunk = events[start : start + EVENTS_PER_TRANSACTION]
        pending.extend(chunk)
        app.save(journey)
        bar.advance(len(chunk))
    return len(events)
