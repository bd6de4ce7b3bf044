"""Reading journey events back from the notification log, a page at a time.

:meth:`JourneyApp.read_events <journeys.application.JourneyApp.read_events>` and
:meth:`~journeys.application.JourneyApp.read_event_pages` read through
:func:`event_pages`: one query per page of notifications, and with citizen keys
one more for the keys of the page, which are forgotten before the caller sees
the first event (so an erasure in another process takes effect at the next
page). Events of erased citizens are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, cast
from uuid import UUID

from journeys.errors import ErasedError
from journeys.journey import Journey
from journeys.store_errors import store_errors

if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder, Notification

    from journeys.privacy.erased import ErasedJourneys
    from journeys.privacy.mapper import SealingMapper

Page = list[tuple[int, Journey.Event]]
"""``(notification id, event)`` pairs, in the order they were recorded."""


def event_pages(
    recorder: ApplicationRecorder,
    mapper: SealingMapper,
    *,
    after: int,
    page_size: int,
    topics: tuple[str, ...],
    erased: ErasedJourneys | None,
) -> Iterator[Page]:
    """The events of the notifications with ``topics`` after notification ``after``,
    as non-empty pages read in one query of up to ``page_size`` notifications each
    (fewer events when some were erased citizens', counted in ``erased``)."""
    position = after
    while True:
        with store_errors("read the events"):
            notifications = recorder.select_notifications(
                start=position, limit=page_size, topics=topics, inclusive_of_start=False
            )
        if not notifications:
            return
        page = _readable(mapper, notifications, erased)
        if page:
            yield page
        position = notifications[-1].id


def _readable(
    mapper: SealingMapper, notifications: Sequence[Notification], erased: ErasedJourneys | None
) -> Page:
    to_domain_event = mapper.to_domain_event
    if mapper.keystore is None:  # no citizen keys, so no event can have been erased
        return [
            (notification.id, cast(Journey.Event, to_domain_event(notification)))
            for notification in notifications
        ]
    page: Page = []
    with mapper.keys_for({_uuid(n.originator_id) for n in notifications}):
        for notification in notifications:
            try:
                event = to_domain_event(notification)
            except ErasedError as error:
                if erased is not None:
                    erased.add(_uuid(error.originator_id))
                continue
            assert isinstance(event, Journey.Event)
            page.append((notification.id, event))
    return page


def _uuid(originator_id: object) -> UUID:
    return originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
