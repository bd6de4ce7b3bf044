"""Body-level feedback kept in the store: one :class:`BodyFeedback` aggregate per count.

A :class:`~journeys.voice.body_feedback_record.BodyFeedbackRecord` (how many
gave each answer about a body over a period, no journey known) is recorded as a
:class:`BodyFeedback` aggregate of one event, ``Recorded``. Its id is derived
from the record's source, body, subject, instrument and period
(:func:`body_feedback_id`), so importing the same counts twice adds nothing.

These aggregates are not journeys: their topic is not a journey event topic, so
:meth:`~journeys.JourneyApp.read_events`, the projections, ``journey_ids``, the
listing and the exports never see them. They hold no citizen either, so they are
stored without a citizen key (erasing a citizen cannot touch them), but
encrypted with the store's ``CIPHER_KEY`` like every event. The bodies they name
must be in the app's catalogue and are recorded in the store, as a save does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import EventStore, IntegrityError, Mapper
from eventsourcing.utils import get_topic

from journeys.errors import ConflictError, InvalidValueError
from journeys.normalise import text
from journeys.store_errors import store_errors
from journeys.voice.body_feedback_record import BodyFeedbackRecord
from journeys.voice.instruments import bundled_instruments

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = [
    "BODY_FEEDBACK_NAMESPACE",
    "BODY_FEEDBACK_TOPICS",
    "BodyFeedback",
    "body_feedback_id",
    "checked_record",
    "read_body_feedback",
    "record_body_feedback",
]

BODY_FEEDBACK_NAMESPACE = UUID("5d1c6b0a-3f7e-5b8a-9c2d-7e4f1a6b3c90")
"""Namespace of deterministic body-feedback ids (:func:`body_feedback_id`)."""

_PAGE = 1000


def body_feedback_id(record: BodyFeedbackRecord) -> UUID:
    """The id of the :class:`BodyFeedback` of ``record``: the same source, body,
    subject, instrument and period always give the same id."""
    parts = (
        record.source,
        record.body,
        record.about or "",
        record.instrument,
        record.period_start.isoformat(),
        record.period_end.isoformat(),
    )
    return uuid5(BODY_FEEDBACK_NAMESPACE, "\x1f".join(parts))


class BodyFeedback(Aggregate):
    """Counts of answers about one body over one period, not tied to any journey."""

    class Recorded(Aggregate.Created):
        """The counts were recorded (dates as ISO text, answers in the instrument's
        spelling, sorted)."""

        body: str
        about: str | None
        instrument: str
        period_start: str
        period_end: str
        answers: dict[str, int]
        source: str

    def __init__(
        self,
        body: str,
        about: str | None,
        instrument: str,
        period_start: str,
        period_end: str,
        answers: dict[str, int],
        source: str,
    ) -> None:
        self.record = BodyFeedbackRecord(
            body=body,
            about=about,
            instrument=instrument,
            period_start=date.fromisoformat(period_start),
            period_end=date.fromisoformat(period_end),
            answers=dict(answers),
            source=source,
        )

    @classmethod
    def recorded(cls, record: BodyFeedbackRecord) -> BodyFeedback:
        """A new aggregate holding ``record`` (checked with :func:`checked_record`)."""
        record = checked_record(record)
        return cls._create(
            cls.Recorded,
            id=body_feedback_id(record),
            body=record.body,
            about=record.about,
            instrument=record.instrument,
            period_start=record.period_start.isoformat(),
            period_end=record.period_end.isoformat(),
            answers=dict(record.answers),
            source=record.source,
        )


BODY_FEEDBACK_TOPICS: tuple[str, ...] = (get_topic(BodyFeedback.Recorded),)
"""Topics of body-level feedback events (none of them a journey event topic)."""


def checked_record(record: BodyFeedbackRecord) -> BodyFeedbackRecord:
    """``record`` with its text trimmed and its answers in the instrument's spelling,
    sorted; raises :class:`~journeys.errors.InvalidValueError` for empty text, a
    period that ends before it starts, a count that is not a whole number >= 0, or
    (for a bundled instrument) an answer it does not have."""
    if record.period_end < record.period_start:
        raise InvalidValueError(
            f"feedback period ends ({record.period_end}) before it starts ({record.period_start})"
        )
    instrument = text("instrument", record.instrument)
    table = bundled_instruments()
    scale = table.get(instrument) if instrument in table else None
    answers: dict[str, int] = {}
    for given, count in record.answers.items():
        answer = scale.answer(given) if scale is not None else text("answer", given)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidValueError(
                f"count of answer {answer!r} must be a whole number >= 0, got {count!r}"
            )
        answers[answer] = answers.get(answer, 0) + count
    return BodyFeedbackRecord(
        body=text("body", record.body),
        about=text("about", record.about) if record.about is not None else None,
        instrument=instrument,
        period_start=record.period_start,
        period_end=record.period_end,
        answers=dict(sorted(answers.items())),
        source=text("source", record.source),
    )


def record_body_feedback(app: JourneyApp, records: Iterable[BodyFeedbackRecord]) -> int:
    """Record ``records`` in ``app``'s store in one transaction; return how many were new.

    Every record is checked first (:func:`checked_record`, and its body against the
    app's catalogue: :class:`~journeys.errors.UnknownBodyError`), so a bad one
    records nothing. A record whose id is stored already is skipped. Two records
    of one id with different counts raise :class:`~journeys.errors.InvalidValueError`.
    """
    wanted: dict[UUID, BodyFeedback] = {}
    for record in records:
        aggregate = BodyFeedback.recorded(record)
        app.catalogue.require(aggregate.record.body)
        earlier = wanted.get(aggregate.id)
        if earlier is not None and earlier.record != aggregate.record:
            raise InvalidValueError(
                f"two different counts for {aggregate.record.body!r} "
                f"({aggregate.record.about or 'the body'}, {aggregate.record.instrument}, "
                f"{aggregate.record.period_start}..{aggregate.record.period_end}) "
                f"from {aggregate.record.source!r}"
            )
        wanted[aggregate.id] = aggregate
    with store_errors("read the body feedback"):
        new = [a for a in wanted.values() if not app.recorder.select_events(a.id, limit=1)]
    if not new:
        return 0
    app.seal.check()
    stored = app.stored_bodies
    named = {aggregate.record.body for aggregate in new}
    missing = [
        app.catalogue[body]
        for body in sorted(named)
        if body not in stored or stored[body] != app.catalogue[body]
    ]
    if missing:
        app.record_bodies(missing)
    events = [event for aggregate in new for event in aggregate.collect_events()]
    try:
        with store_errors("record the body feedback"):
            _unsealed_store(app).put(events)
    except IntegrityError as error:
        raise ConflictError(
            f"another writer recorded the same body feedback first: {error}"
        ) from error
    return len(new)


def read_body_feedback(app: JourneyApp) -> Iterator[BodyFeedbackRecord]:
    """Every body-level feedback record in ``app``'s store, in the order recorded."""
    position = 0
    while True:
        with store_errors("read the body feedback"):
            notifications = app.recorder.select_notifications(
                start=position, limit=_PAGE, topics=BODY_FEEDBACK_TOPICS, inclusive_of_start=False
            )
        if not notifications:
            return
        for notification in notifications:
            event: Any = app.mapper.to_domain_event(notification)
            yield _record(event)
        position = notifications[-1].id


def _record(event: BodyFeedback.Recorded) -> BodyFeedbackRecord:
    answers: Mapping[str, int] = event.answers
    return BodyFeedbackRecord(
        body=event.body,
        about=event.about,
        instrument=event.instrument,
        period_start=date.fromisoformat(event.period_start),
        period_end=date.fromisoformat(event.period_end),
        answers=dict(answers),
        source=event.source,
    )


def _unsealed_store(app: JourneyApp) -> EventStore[UUID]:
    """An event store on ``app``'s recorder whose mapper seals with no citizen key
    (counts hold no citizen) but compresses and encrypts as the app's does."""
    mapper = Mapper[UUID](
        app.mapper.transcoder, compressor=app.mapper.compressor, cipher=app.mapper.cipher
    )
    return EventStore(mapper=mapper, recorder=app.recorder)
