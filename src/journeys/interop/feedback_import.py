"""Importing real feedback: GOV.UK feedback explorer CSV, Care Opinion JSON, NHS FFT CSV.

:func:`import_feedback` reads a file in one of the :class:`FeedbackFormat` formats
(each reader's module documents the columns or fields it accepts), checks every
row, and only then writes: answers that name a journey become
:class:`~journeys.journey.Journey.FeedbackGiven` events appended to that journey,
and the rest body-level counts
(:class:`~journeys.voice.body_feedback_record.BodyFeedbackRecord`, one per body,
subject, instrument and month). A bad row refuses the whole file with a
:class:`~journeys.interop.feedback_rows.FeedbackFileError` naming the file, line,
column and value, and nothing is written. Importing the same file twice adds
nothing the second time.

Free text never reaches the store: comments and story text are not read at all.

>>> from journeys import JourneyApp
>>> from journeys.interop.feedback_import import FeedbackFormat
>>> [f.value for f in FeedbackFormat]
['govuk-feedback', 'care-opinion', 'nhs-fft']
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from journeys.interop.care_opinion import read_care_opinion
from journeys.interop.feedback_rows import FeedbackFile, FeedbackFileError
from journeys.interop.feedback_saving import FeedbackReport, Unmatched, save_feedback
from journeys.interop.fft_csv import UnknownOds, read_fft_csv
from journeys.interop.govuk_feedback import read_govuk_feedback
from journeys.interop.import_limits import ImportLimits

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = [
    "FeedbackFileError",
    "FeedbackFormat",
    "FeedbackReport",
    "import_feedback",
    "read_feedback",
]


class FeedbackFormat(enum.StrEnum):
    """The feedback formats :func:`import_feedback` reads."""

    GOVUK_FEEDBACK = "govuk-feedback"
    """The GOV.UK feedback explorer's CSV export (:mod:`~journeys.interop.govuk_feedback`)."""
    CARE_OPINION = "care-opinion"
    """Care Opinion API v2 stories, JSON (:mod:`~journeys.interop.care_opinion`)."""
    NHS_FFT = "nhs-fft"
    """NHS Friends and Family Test monthly results, CSV (:mod:`~journeys.interop.fft_csv`)."""


def read_feedback(
    app: JourneyApp,
    path: str | Path,
    format: FeedbackFormat | str,
    *,
    source: str | None = None,
    reference_column: str | None = None,
    body: str | None = None,
    theme_column: str | None = None,
    comment_ref_column: str | None = None,
    period: str | None = None,
    about: str | None = None,
    unknown_ods: UnknownOds = "refuse",
    ods_bodies: Mapping[str, str] | None = None,
    timezone: tzinfo = UTC,
    limits: ImportLimits | None = None,
) -> FeedbackFile:
    """Read and check a feedback file against ``app``'s catalogue, writing nothing
    (the parameters are :func:`import_feedback`'s)."""
    kind = FeedbackFormat(format)
    if kind is FeedbackFormat.GOVUK_FEEDBACK:
        return read_govuk_feedback(
            path,
            app.catalogue,
            source=source,
            body=body,
            reference_column=reference_column,
            theme_column=theme_column,
            comment_ref_column=comment_ref_column,
            timezone=timezone,
            limits=limits,
        )
    if kind is FeedbackFormat.CARE_OPINION:
        return read_care_opinion(
            path,
            app.catalogue,
            source=source,
            reference_field=reference_column,
            unknown_ods=unknown_ods,
            ods_bodies=ods_bodies,
        )
    return read_fft_csv(
        path,
        app.catalogue,
        source=source,
        period=period,
        about=about,
        unknown_ods=unknown_ods,
        ods_bodies=ods_bodies,
        limits=limits,
    )


def import_feedback(
    app: JourneyApp,
    path: str | Path,
    format: FeedbackFormat | str,
    *,
    source: str | None = None,
    reference_column: str | None = None,
    unmatched: Unmatched = "refuse",
    body: str | None = None,
    theme_column: str | None = None,
    comment_ref_column: str | None = None,
    period: str | None = None,
    about: str | None = None,
    unknown_ods: UnknownOds = "refuse",
    ods_bodies: Mapping[str, str] | None = None,
    timezone: tzinfo = UTC,
    limits: ImportLimits | None = None,
) -> FeedbackReport:
    """Import the feedback file at ``path`` into ``app``; see the module documentation.

    ``source`` names the file in body-level counts' ids (default: its name; the
    same counts under the same source are stored once). ``reference_column`` names
    the column (Care Opinion: the story field) holding the journey each answer is
    on (its id, ``source:case`` or case id); an answer whose journey is not found is
    refused, or counted for its body with ``unmatched="body-level"``. GOV.UK:
    ``body`` is the body the feedback is about (default: the GOV.UK organisation of
    its page, when it is one), ``theme_column`` a column of themes,
    ``comment_ref_column`` one of opaque references to the comments, ``timezone``
    that of the export's times. FFT: ``period`` (``YYYY-MM``) the month of a file
    without a period column, ``about`` the setting. FFT and Care Opinion:
    ``unknown_ods="skip"`` leaves out rows of organisations the catalogue lacks, and
    ``ods_bodies`` maps an ODS code several bodies share to the one it means.
    """
    feedback = read_feedback(
        app,
        path,
        format,
        source=source,
        reference_column=reference_column,
        body=body,
        theme_column=theme_column,
        comment_ref_column=comment_ref_column,
        period=period,
        about=about,
        unknown_ods=unknown_ods,
        ods_bodies=ods_bodies,
        timezone=timezone,
        limits=limits,
    )
    return save_feedback(app, feedback, unmatched=unmatched)
