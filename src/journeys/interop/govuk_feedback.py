"""Reading the GOV.UK feedback explorer's CSV export.

The feedback explorer (Feedex, in GOV.UK's support app) exports the anonymous
feedback left on GOV.UK pages and services as CSV with the columns
``creation date`` (``YYYY-MM-DD HH:MM:SS``), ``path or service name``,
``feedback`` (the comment), ``service satisfaction rating`` (1, very
dissatisfied, to 5, very satisfied; empty for page problem reports),
``browser name``, ``browser version``, ``browser platform``, ``user agent``,
``referrer`` and ``type``. Column names are matched whatever their case; these
are also accepted: ``Creation date`` / ``created_at`` / ``date`` for the time,
``URL`` / ``Path`` / ``Page`` for the page, ``Satisfaction`` / ``Rating`` for
the rating, which may also be written as the answer (``Very satisfied`` ...).

Each row with a rating is one answer on the ``govuk-satisfaction`` instrument,
given ``online``, about the page or service. With ``reference_column`` it is an
answer on the journey whose id or case id the column holds; otherwise it is
counted for its body per month. The body is ``body`` when given, else the GOV.UK
organisation whose ``/government/organisations/<slug>`` page the row is about
(other pages do not say which organisation owns them, and are refused naming the
line). Rows without a rating are skipped and counted.

The comment column is never read. ``theme_column`` names a column of themes
(``;`` or ``,`` separated, kept as ids: ``Waiting times`` is ``waiting_times``),
and ``comment_ref_column`` one of opaque references to where comments are kept
(stored as the answer's ``reference``).
"""

from __future__ import annotations

import re
from datetime import UTC, tzinfo
from pathlib import Path

from journeys.bodies import Catalogue
from journeys.errors import UnknownAnswerError
from journeys.interop.csv_rows import CsvRows
from journeys.interop.feedback_bodies import govuk_organisation
from journeys.interop.feedback_rows import (
    AnswersRead,
    BodyAnswer,
    FeedbackFile,
    FeedbackFileError,
    JourneyAnswer,
    header_key,
    theme_id,
)
from journeys.interop.import_limits import ImportLimits
from journeys.interop.timestamps import parse_timestamp
from journeys.voice.instruments import bundled_instruments

__all__ = ["GOVUK_COLUMNS", "INSTRUMENT", "read_govuk_feedback"]

INSTRUMENT = "govuk-satisfaction"

GOVUK_COLUMNS: dict[str, tuple[str, ...]] = {
    "time": ("creation date", "created at", "date"),
    "page": ("path or service name", "url", "path", "page"),
    "rating": ("service satisfaction rating", "satisfaction", "rating"),
}
"""The accepted names of each column read (matched by
:func:`~journeys.interop.feedback_rows.header_key`), the export's own first."""

_RATINGS = {
    "1": "Very dissatisfied",
    "2": "Dissatisfied",
    "3": "Neither satisfied nor dissatisfied",
    "4": "Satisfied",
    "5": "Very satisfied",
}
"""The export's 1-5 rating as the GOV.UK question's answers."""


def read_govuk_feedback(
    path: str | Path,
    catalogue: Catalogue,
    *,
    source: str | None = None,
    body: str | None = None,
    reference_column: str | None = None,
    theme_column: str | None = None,
    comment_ref_column: str | None = None,
    timezone: tzinfo = UTC,
    limits: ImportLimits | None = None,
) -> FeedbackFile:
    """Read a feedback explorer export; see the module documentation. ``timezone``
    places its times, which have no UTC offset. Raises
    :class:`~journeys.interop.feedback_rows.FeedbackFileError` naming the line,
    column and value of the first bad row."""
    path = Path(path)
    rows = CsvRows(path, limits=limits)
    header = [header_key(name) for name in rows.header]
    columns = {role: _column(path, header, names) for role, names in GOVUK_COLUMNS.items()}
    named = {
        role: _named(path, rows.header, name)
        for role, name in (
            ("reference", reference_column),
            ("themes", theme_column),
            ("comment_ref", comment_ref_column),
        )
        if name is not None
    }
    scale = bundled_instruments().get(INSTRUMENT)
    read = AnswersRead()
    for line, fields in rows:
        read.rows += 1
        rating = fields[columns["rating"]].strip()
        if not rating:
            read.skipped["no rating"] += 1
            continue
        try:
            answer = scale.answer(_RATINGS.get(rating, rating))
        except UnknownAnswerError:
            raise FeedbackFileError(
                "not a GOV.UK satisfaction rating (1 to 5, or 'Very satisfied' ... "
                "'Very dissatisfied')",
                source=path,
                line=line,
                column=rows.header[columns["rating"]],
                value=rating,
            ) from None
        time_text = fields[columns["time"]]
        try:
            when = parse_timestamp(time_text, naive_timezone=timezone)
        except ValueError as problem:
            raise FeedbackFileError(
                str(problem), source=path, line=line, column=rows.header[columns["time"]]
            ) from None
        page = fields[columns["page"]].strip()
        if not page:
            raise FeedbackFileError(
                "empty page or service name",
                source=path,
                line=line,
                column=rows.header[columns["page"]],
            )
        owner = body or govuk_organisation(catalogue, page)
        if owner is None:
            raise FeedbackFileError(
                "cannot tell which body this page belongs to: give the body with --body",
                source=path,
                line=line,
                column=rows.header[columns["page"]],
                value=page,
            )
        themes = frozenset(
            theme
            for part in re.split(r"[;,]", fields[named["themes"]] if "themes" in named else "")
            if (theme := theme_id(part))
        )
        comment_ref = fields[named["comment_ref"]].strip() if "comment_ref" in named else ""
        if "reference" in named:
            reference = fields[named["reference"]].strip()
            read.journey_answers.append(
                JourneyAnswer(
                    reference=reference or None,
                    body=owner,
                    about=page,
                    instrument=INSTRUMENT,
                    answer=answer,
                    occurred_at=when,
                    themes=themes,
                    channel="online",
                    comment_ref=comment_ref or None,
                    line=line,
                    column=rows.header[named["reference"]],
                )
            )
        else:
            read.body_answers.append(BodyAnswer(owner, page, INSTRUMENT, answer, when.date(), line))
    return read.file(path, "govuk-feedback", source or path.name)


def _column(path: Path, header: list[str], names: tuple[str, ...]) -> int:
    for name in names:
        if name in header:
            return header.index(name)
    raise FeedbackFileError(
        f"no {names[0]!r} column (also accepted: {', '.join(repr(n) for n in names[1:])})",
        source=path,
        line=1,
    )


def _named(path: Path, header: tuple[str, ...], name: str) -> int:
    keys = [header_key(column) for column in header]
    if header_key(name) not in keys:
        raise FeedbackFileError(
            f"no column {name!r} (the columns are {', '.join(header)})",
            source=path,
            line=1,
            value=name,
        )
    return keys.index(header_key(name))
