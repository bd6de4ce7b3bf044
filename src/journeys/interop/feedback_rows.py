"""What a feedback file holds once read: answers for journeys, answers and counts for bodies.

Each feedback format's reader (:mod:`~journeys.interop.govuk_feedback`,
:mod:`~journeys.interop.care_opinion`, :mod:`~journeys.interop.fft_csv`) turns
its file into a :class:`FeedbackFile`, saving nothing; the saver
(:mod:`~journeys.interop.feedback_saving`) then matches journeys and writes.
A reader never keeps the citizen's words: comments and story text are not read
into these values at all, only the answer, themes and opaque references.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

import attrs

from journeys.errors import FeedbackFileError
from journeys.voice.body_feedback_record import BodyFeedbackRecord

__all__ = [
    "AnswersRead",
    "BodyAnswer",
    "FeedbackFile",
    "FeedbackFileError",
    "JourneyAnswer",
    "counts_record",
    "header_key",
    "month_period",
    "monthly_counts",
    "theme_id",
]


@attrs.frozen
class JourneyAnswer:
    """One answer to record on the journey that ``reference`` names (as
    :func:`~journeys.journey_refs.resolve_journey` reads it: the journey's id,
    ``source:case`` or a case id)."""

    reference: str | None
    """``None`` when the row's reference is empty (an unmatched row)."""
    body: str
    about: str
    instrument: str
    answer: str
    occurred_at: datetime
    themes: frozenset[str]
    channel: str | None
    comment_ref: str | None
    """An opaque reference to where the comment is kept (stored as the event's
    ``reference``), never the comment."""
    line: int
    column: str
    """The reference column or field, named in errors."""


@attrs.frozen
class BodyAnswer:
    """One answer about a body that no journey holds: counted per body and month."""

    body: str
    about: str | None
    instrument: str
    answer: str
    occurred_on: date
    line: int


@attrs.frozen
class FeedbackFile:
    """A feedback file read and checked, nothing saved yet."""

    path: Path
    format: str
    source: str
    rows: int
    """Rows (stories) read."""
    journey_answers: tuple[JourneyAnswer, ...] = ()
    body_answers: tuple[BodyAnswer, ...] = ()
    body_counts: tuple[BodyFeedbackRecord, ...] = ()
    """Counts the file gives already aggregated (the FFT's)."""
    skipped: Mapping[str, int] = attrs.field(factory=dict)
    """Rows left out, by reason (``"no rating"`` ...)."""


@attrs.define
class AnswersRead:
    """The answers of a feedback file as its rows are read; :meth:`file` once all are."""

    rows: int = 0
    journey_answers: list[JourneyAnswer] = attrs.field(factory=list)
    body_answers: list[BodyAnswer] = attrs.field(factory=list)
    skipped: Counter[str] = attrs.field(factory=Counter)
    """Rows left out, by reason."""

    def file(
        self,
        path: Path,
        format: str,
        source: str,
        body_counts: Iterable[BodyFeedbackRecord] = (),
    ) -> FeedbackFile:
        """The file read: ``format`` names its format, ``source`` its body-level counts,
        ``body_counts`` the counts it gives already aggregated."""
        return FeedbackFile(
            path=path,
            format=format,
            source=source,
            rows=self.rows,
            journey_answers=tuple(self.journey_answers),
            body_answers=tuple(self.body_answers),
            body_counts=tuple(body_counts),
            skipped=dict(self.skipped),
        )


def header_key(name: str) -> str:
    """How column names are matched: case, ``_`` and repeated spaces do not matter."""
    return " ".join(name.replace("_", " ").lower().split())


def theme_id(text: str) -> str:
    """A theme as an id: ``"Waiting times"`` is ``waiting_times``."""
    return "_".join(re.findall(r"[0-9a-z]+", text.lower()))


def month_period(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def monthly_counts(answers: Iterable[BodyAnswer], source: str) -> list[BodyFeedbackRecord]:
    """``answers`` counted per body, subject, instrument and calendar month."""
    groups: dict[tuple[str, str | None, str, int, int], Counter[str]] = {}
    for answer in answers:
        key = (
            answer.body,
            answer.about,
            answer.instrument,
            answer.occurred_on.year,
            answer.occurred_on.month,
        )
        groups.setdefault(key, Counter())[answer.answer] += 1
    records = []
    for (body, about, instrument, year, month), counts in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1] or "", *item[0][2:])
    ):
        records.append(
            counts_record(body, about, instrument, month_period(year, month), counts, source)
        )
    return records


def counts_record(
    body: str,
    about: str | None,
    instrument: str,
    period: tuple[date, date],
    counts: Mapping[str, int],
    source: str,
) -> BodyFeedbackRecord:
    """The counts of the answers about ``body`` in ``period`` (first and last day), as
    stored: the answers in sorted order."""
    start, end = period
    return BodyFeedbackRecord(
        body=body,
        about=about,
        instrument=instrument,
        period_start=start,
        period_end=end,
        answers=dict(sorted(counts.items())),
        source=source,
    )
