"""Reading NHS Friends and Family Test monthly results (CSV) as body-level counts.

NHS England publishes the FFT each month per setting (inpatient, A&E, ...) as
spreadsheets with a sheet per level (organisation, site, ward). Save the table
of one sheet as CSV, its header on the first line. Columns are matched whatever
their case, and an answer column may carry the publication's number and
``SUM`` (``1 Very Good SUM``):

- the organisation's ODS code: ``Org code`` (also ``ODS code``, ``Trust code``,
  ``Organisation code``, ``Code``); on a site sheet, ``Site code`` (the site
  is then the counts' subject);
- the answers: ``Very Good``, ``Good``, ``Neither Good nor Poor``, ``Poor``,
  ``Very Poor`` and, when present, ``Don't Know`` (or ``Dont Know``): counts,
  ``*`` where the publication suppressed a small number;
- the month: ``Period`` (``2024-01``, ``Jan-24``, ``January 2024``), or
  ``Periodname`` (``JANUARY``) with ``Yearnumber`` (the financial year,
  ``2023_24``); a file without either needs ``period`` given.

Each row becomes one :class:`~journeys.voice.body_feedback_record.BodyFeedbackRecord`
on the ``nhs-fft`` instrument for the body whose ``ods`` code the row gives (a
site through its trust, see :class:`~journeys.interop.feedback_bodies.OdsBodies`).
A code the catalogue does not know is refused naming it, or skipped and counted
with ``unknown_ods="skip"``; ``ods_bodies`` maps a code several bodies share (a
trust's and its medical examiner office's) to the one it means. Rows with a
suppressed count are skipped and counted (the true number is unknown, and a zero
would bias the scores); rows without a code (totals, notes) and rows with no
answers are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from journeys.bodies import Catalogue
from journeys.errors import UnknownAnswerError
from journeys.interop.csv_rows import CsvRows
from journeys.interop.feedback_bodies import OdsBodies, shared_code
from journeys.interop.feedback_rows import (
    AnswersRead,
    FeedbackFile,
    FeedbackFileError,
    counts_record,
    header_key,
    month_period,
)
from journeys.interop.import_limits import ImportLimits
from journeys.voice.body_feedback_record import BodyFeedbackRecord
from journeys.voice.instruments import bundled_instruments

__all__ = ["FFT_CODE_COLUMNS", "INSTRUMENT", "UnknownOds", "read_fft_csv"]

INSTRUMENT = "nhs-fft"

FFT_CODE_COLUMNS = ("org code", "ods code", "trust code", "organisation code", "code")
"""Accepted names of the organisation's ODS code column (after ``site code``)."""

UnknownOds = Literal["refuse", "skip"]
"""What becomes of a row whose ODS code the catalogue does not know."""

_SCORED = ("Very good", "Good", "Neither good nor poor", "Poor", "Very poor")


def read_fft_csv(
    path: str | Path,
    catalogue: Catalogue,
    *,
    source: str | None = None,
    period: str | None = None,
    about: str | None = None,
    unknown_ods: UnknownOds = "refuse",
    ods_bodies: Mapping[str, str] | None = None,
    limits: ImportLimits | None = None,
) -> FeedbackFile:
    """Read an FFT CSV; see the module documentation. ``period`` (``YYYY-MM``) is the
    month of a file without a period column; ``about`` the setting (``inpatient``)
    the counts are about, written before a site's code. Raises
    :class:`~journeys.interop.feedback_rows.FeedbackFileError` naming the line,
    column and value of the first bad row."""
    path = Path(path)
    rows = CsvRows(path, limits=limits)
    keys = [_answer_header(name) for name in rows.header]
    org = _find(keys, FFT_CODE_COLUMNS)
    site = _find(keys, ("site code",))
    if org is None and site is None:
        raise FeedbackFileError(
            "no ODS code column ('Org code' or 'Site code')", source=path, line=1
        )
    scale = bundled_instruments().get(INSTRUMENT)
    answers: dict[int, str] = {}
    for index, key in enumerate(keys):
        try:
            answers[index] = scale.answer(key)
        except UnknownAnswerError:
            continue
    missing = [answer for answer in _SCORED if answer not in answers.values()]
    if missing:
        raise FeedbackFileError(
            f"no column of the answers {', '.join(repr(a) for a in missing)}", source=path, line=1
        )
    months = _Months(path, keys, rows.header, period)
    bodies = OdsBodies(catalogue, ods_bodies)
    read = AnswersRead()
    records: list[BodyFeedbackRecord] = []
    seen: dict[tuple[str, str | None, date], int] = {}
    name = source or path.name
    for line, fields in rows:
        read.rows += 1
        code_column = org if org is not None and fields[org].strip() else site
        if code_column is None or not fields[code_column].strip():
            read.skipped["no ODS code"] += 1
            continue
        code = fields[code_column].strip()
        body = _body(bodies, code, path, line, rows.header[code_column], unknown_ods)
        if body is None:
            read.skipped["ODS code not in the catalogue"] += 1
            continue
        counts = _counts(path, line, rows.header, answers, fields)
        if counts is None:
            read.skipped["suppressed count"] += 1
            continue
        if not counts:
            read.skipped["no answers"] += 1
            continue
        site_code = fields[site].strip() if site is not None else ""
        subject = ":".join(part for part in (about, site_code) if part) or None
        start, end = months.of(line, fields)
        first = seen.setdefault((body, subject, start), line)
        if first != line:
            raise FeedbackFileError(
                f"a second row of counts for {code} in {start:%Y-%m} (the first is on line "
                f"{first})",
                source=path,
                line=line,
                column=rows.header[code_column],
                value=code,
            )
        records.append(counts_record(body, subject, INSTRUMENT, (start, end), counts, name))
    return read.file(path, "nhs-fft", name, body_counts=records)


def _body(
    bodies: OdsBodies, code: str, path: Path, line: int, column: str, unknown_ods: UnknownOds
) -> str | None:
    """The body of ODS ``code`` (``None``: an unknown code, to skip)."""
    body = bodies.find(code)
    if isinstance(body, tuple):
        raise FeedbackFileError(
            shared_code(body), source=path, line=line, column=column, value=code
        )
    if body is None and unknown_ods == "refuse":
        raise FeedbackFileError(
            "no body in the catalogue has this ODS code (add it to the catalogue, or "
            "import with --unknown-ods skip)",
            source=path,
            line=line,
            column=column,
            value=code,
        )
    return body


def _answer_header(name: str) -> str:
    """A column name as an answer would be spelt: ``1 Very Good SUM`` is ``very good``."""
    key = header_key(name)
    key = re.sub(r"^\d+\s+", "", key)
    key = re.sub(r"\s+sum$", "", key)
    return "don't know" if key in {"dont know", "do not know"} else key


def _find(keys: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


def _counts(
    path: Path, line: int, header: tuple[str, ...], answers: dict[int, str], fields: list[str]
) -> dict[str, int] | None:
    """The row's non-zero counts by answer (``None`` when one is suppressed)."""
    counts: dict[str, int] = {}
    suppressed = False
    for index, answer in answers.items():
        number = _count(path, line, header[index], fields[index])
        if number is None:
            suppressed = True
        elif number:
            counts[answer] = counts.get(answer, 0) + number
    return None if suppressed else counts


def _count(path: Path, line: int, column: str, text: str) -> int | None:
    """A count (``None`` when suppressed); blank is zero."""
    value = text.strip().replace(",", "")
    if value == "*":
        return None
    if not value:
        return 0
    if not (value.isascii() and value.isdigit() and len(value) <= 15):
        raise FeedbackFileError(
            "not a count (a whole number, or * where suppressed)",
            source=path,
            line=line,
            column=column,
            value=text,
        )
    return int(value)


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (date(2000, number, 1).strftime("%B"), date(2000, number, 1).strftime("%b"))
}


class _Months:
    """Where a file's rows give their month: a period column, a month name and
    financial year, or the period given for the whole file."""

    def __init__(self, path: Path, keys: list[str], header: tuple[str, ...], given: str | None):
        self.path = path
        self.header = header
        self.period = _find(keys, ("period", "month"))
        self.name = _find(keys, ("periodname",))
        self.year = _find(keys, ("yearnumber",))
        self.given = None
        if given is not None:
            self.given = _period(given)
            if self.given is None:
                raise FeedbackFileError(
                    "the period is not a month (write YYYY-MM)", source=path, value=given
                )
        elif self.period is None and (self.name is None or self.year is None):
            raise FeedbackFileError(
                "no 'Period' column (nor 'Periodname' and 'Yearnumber'): give the month "
                "with --period YYYY-MM",
                source=path,
                line=1,
            )

    def _error(self, message: str, line: int, fields: list[str], column: int) -> FeedbackFileError:
        """The error naming the value of ``column`` on ``line``."""
        return FeedbackFileError(
            message, source=self.path, line=line, column=self.header[column], value=fields[column]
        )

    def of(self, line: int, fields: list[str]) -> tuple[date, date]:
        if self.given is not None:
            return self.given
        if self.period is not None:
            found = _period(fields[self.period])
            if found is None:
                raise self._error(
                    "not a month (2024-01, Jan-24 or January 2024)", line, fields, self.period
                )
            return found
        assert self.name is not None
        assert self.year is not None
        month = _MONTHS.get(fields[self.name].strip().lower())
        years = re.fullmatch(r"(\d{4})[_/-](\d{2}|\d{4})", fields[self.year].strip())
        if month is None:
            raise self._error("not a month name", line, fields, self.name)
        if years is None:
            raise self._error("not a financial year (2023_24)", line, fields, self.year)
        first = int(years.group(1))
        return month_period(first if month >= 4 else first + 1, month)


def _period(text: str) -> tuple[date, date] | None:
    """A month written ``2024-01``, ``2024-01-01``, ``Jan-24``, ``January 2024`` ..."""
    value = text.strip()
    for form in ("%Y-%m", "%Y-%m-%d", "%b-%y", "%B-%y", "%b %Y", "%B %Y", "%b-%Y", "%B-%Y"):
        try:
            moment = datetime.strptime(value, form)
        except ValueError:
            continue
        return month_period(moment.year, moment.month)
    return None
