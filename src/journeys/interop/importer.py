"""One import pipeline for every event log format.

:func:`import_log` reads a log in two passes and saves nothing until the first
has checked all of it:

1. **check**: every row, trace or event is parsed and every journey rebuilt
   through the :class:`~journeys.journey.Journey` commands, so a bad row
   anywhere raises a typed :class:`~journeys.errors.EventLogError` naming the
   file and position, and the store is left as it was;
2. **import**: the journeys are rebuilt again and saved in bulk transactions of
   ``batch_size`` whole journeys (``JourneyApp.save(*batch)``) and at most
   ``EVENTS_PER_TRANSACTION`` events; a longer journey is saved alone, in
   consecutive slices of its events, one transaction each.

Logs are streamed: XES trace by trace, CSV files through an on-disk staging
table, so memory does not grow with the file but with the largest case, which
:class:`~journeys.interop.import_limits.ImportLimits` bounds (an OCEL 2.0 log is
the exception: its events are all held while it is read, and a JSON document is
one JSON value, read whole).

Imports are idempotent and resumable. Journey ids are deterministic
(:func:`~journeys.journey.journey_id` of the source name and the case id, or the
exported id for OCEL). A journey already stored with all its events is skipped,
and one stored in part (a long journey whose import was interrupted between two
slices) gets its remaining events appended, so importing the same log twice adds
nothing the second time, and a process killed halfway and run again stores each
remaining event exactly once. Until then, readers may see a long journey's first
slices only.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Protocol

import attrs

from journeys.application import JourneyApp
from journeys.bodies import Body
from journeys.errors import EventLogError
from journeys.interop.activity_csv import ActivityColumns, ActivityCsvLog
from journeys.interop.csv_bodies import read_journey_csv_bodies
from journeys.interop.csv_rows import CsvRows
from journeys.interop.import_limits import ImportLimits
from journeys.interop.import_saving import check_log, save_log
from journeys.interop.journey_csv import JourneyCsvLog, is_journey_csv_header
from journeys.interop.mapping import LogMapping
from journeys.interop.ocel2 import OCEL_FORMATS, open_ocel
from journeys.interop.ocel2_log import BodyAttributes
from journeys.interop.progress import ImportProgress
from journeys.interop.xes import XesLog
from journeys.interop.xes_limits import XesLimits
from journeys.journey import Journey

DEFAULT_BATCH_SIZE = 200
"""Journeys saved per transaction."""


class LogFormat(enum.StrEnum):
    """The event log formats :func:`import_log` reads."""

    JOURNEY_CSV = "csv"
    """The journey-events CSV (:mod:`journeys.interop.journey_csv`)."""
    ACTIVITY_CSV = "activity-csv"
    """A process-mining activity log as CSV (:mod:`journeys.interop.activity_csv`)."""
    XES = "xes"
    """XES, plain or gzip-compressed (:mod:`journeys.interop.xes`)."""
    OCEL = "ocel"
    """OCEL 2.0 JSON: this library's own export (:mod:`journeys.interop.ocel`) or any
    tool's log (:mod:`journeys.interop.ocel2_json`)."""
    OCEL_XML = "ocel-xml"
    """OCEL 2.0 XML from any tool (:mod:`journeys.interop.ocel2_xml`)."""
    OCEL_SQLITE = "ocel-sqlite"
    """OCEL 2.0 SQLite from any tool (:mod:`journeys.interop.ocel2_sqlite`)."""


_TAKES_MAPPING = (
    LogFormat.ACTIVITY_CSV,
    LogFormat.XES,
    LogFormat.OCEL,
    LogFormat.OCEL_XML,
    LogFormat.OCEL_SQLITE,
)
"""The formats a :class:`LogMapping` applies to: activity logs and OCEL 2.0 logs."""


def detect_format(path: str | Path) -> LogFormat:
    """The format of ``path`` from its extension; for ``.csv``, from its header.

    ``.xes`` and ``.xes.gz`` are XES; ``.jsonocel`` and ``.json`` are OCEL 2.0
    JSON, ``.xmlocel`` OCEL 2.0 XML, ``.sqlite`` and ``.sqlite3`` OCEL 2.0 SQLite
    (``.xml`` and ``.db`` are ambiguous: give the format); a ``.csv`` whose header
    has ``journey``, ``occurred_at`` and ``event`` is a journey-events CSV, any
    other ``.csv`` an activity log.
    """
    path = Path(path)
    name = path.name.lower()
    if name.endswith((".xes", ".xes.gz")):
        return LogFormat.XES
    for extensions, ocel_format in OCEL_FORMATS.items():
        if name.endswith(extensions):
            return LogFormat(ocel_format)
    if name.endswith(".csv"):
        rows = CsvRows(path)
        rows.close()
        return (
            LogFormat.JOURNEY_CSV if is_journey_csv_header(rows.header) else LogFormat.ACTIVITY_CSV
        )
    raise EventLogError(
        "cannot tell the format from the extension: give it ("
        + ", ".join(f.value for f in LogFormat)
        + ")",
        source=path,
        value=path.suffix,
    )


class EventLog(Protocol):
    """A log that can be read as journeys, once per call of :meth:`journeys`."""

    path: Path

    @property
    def new_bodies(self) -> tuple[Body, ...]:
        """Bodies met so far that the catalogue lacked."""

    def journeys(self) -> Iterator[Journey]:
        """Every journey of the log, with its events pending, in a stable order."""

    def close(self) -> None:
        """Release temporary files."""


@attrs.frozen
class ImportReport:
    """What an import did.

    ``journeys`` counts the journeys in the log, ``imported`` those saved now
    and ``skipped`` those already stored; ``events`` counts the events saved.
    """

    path: Path
    format: LogFormat
    source: str
    journeys: int
    imported: int
    skipped: int
    events: int
    new_bodies: tuple[str, ...]
    seconds: float

    @property
    def events_per_second(self) -> float:
        """Events saved per second of the whole import (both passes)."""
        return self.events / self.seconds if self.seconds > 0 else 0.0


def import_log(
    app: JourneyApp,
    path: str | Path,
    *,
    format: LogFormat | str | None = None,
    mapping: LogMapping | str | Path | None = None,
    source: str | None = None,
    columns: ActivityColumns | None = None,
    timezone: tzinfo = UTC,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = False,
    xes_limits: XesLimits | None = None,
    journey_object_type: str | None = None,
    limits: ImportLimits | None = None,
) -> ImportReport:
    """Import the event log at ``path`` into ``app``; see the module documentation.

    ``format`` defaults to :func:`detect_format`. ``mapping`` (a
    :class:`LogMapping` or a TOML file) and ``columns`` apply to activity logs
    (CSV and XES); ``timezone`` places their timestamps that have no offset.
    ``source`` names the log in journey ids (default: the file's name).
    ``limits`` bounds what one case, field or value of any format may hold
    (default: :class:`ImportLimits`'s defaults, which real logs do not reach);
    ``xes_limits`` is the older way to bound XES only (give one or the other).
    ``journey_object_type`` is the object
    type of an OCEL 2.0 log whose objects become journeys (needed when the log has
    several; see :mod:`journeys.interop.ocel2_log`); ``columns.resource`` and
    ``columns.group`` name the OCEL event attributes that give bodies.

    Bodies an activity log names that the catalogue lacks are generated (see
    :mod:`journeys.interop.body_resolver`), added to ``app.catalogue`` and recorded
    in the store with the first journeys that name them
    (:mod:`journeys.stored_bodies`), so the store opens anywhere with them, and an
    import refused before anything is stored records none. In an encrypted store
    their ids are pseudonyms of the log's values
    (:mod:`journeys.privacy.body_pseudonyms`).

    Raises :class:`~journeys.errors.EventLogError` (nothing written) for any bad input.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if xes_limits is not None and limits is not None:
        raise ValueError("give limits or xes_limits, not both")
    started = time.perf_counter()
    path = Path(path)
    log_format = LogFormat(format) if format is not None else detect_format(path)
    if mapping is not None and log_format not in _TAKES_MAPPING:
        raise EventLogError(
            "a mapping applies to activity and OCEL 2.0 logs ("
            + ", ".join(_TAKES_MAPPING)
            + f"), not to {log_format.value}",
            source=path,
            value=log_format.value,
        )
    if isinstance(mapping, str | Path):
        mapping = LogMapping.load(mapping, catalogue=app.catalogue)
    if app.body_pseudonyms is not None and log_format in _TAKES_MAPPING:
        # The formats that take a mapping are those that generate bodies from values.
        mapping = attrs.evolve(mapping or LogMapping(), generated_pseudonyms=app.body_pseudonyms)
    if log_format is LogFormat.JOURNEY_CSV:
        read_journey_csv_bodies(app, path)  # the bodies an export wrote beside it
    log = _open_log(
        app,
        path,
        log_format,
        mapping=mapping,
        source=source,
        columns=columns or ActivityColumns(),
        timezone=timezone,
        limits=limits if limits is not None else xes_limits or ImportLimits(),
        journey_object_type=journey_object_type,
    )
    try:
        with ImportProgress(enabled=progress) as bar:
            journeys, events = check_log(log, bar)
            new_bodies = [body for body in log.new_bodies if body.id not in app.catalogue]
            if new_bodies:
                app.catalogue = app.catalogue.merged(new_bodies)
            imported, skipped, saved = save_log(app, log, bar, batch_size, events)
    finally:
        log.close()
    return ImportReport(
        path=path,
        format=log_format,
        source=source if source is not None else path.name,
        journeys=journeys,
        imported=imported,
        skipped=skipped,
        events=saved,
        new_bodies=tuple(body.id for body in new_bodies),
        seconds=time.perf_counter() - started,
    )


def _open_log(
    app: JourneyApp,
    path: Path,
    log_format: LogFormat,
    *,
    mapping: LogMapping | None,
    source: str | None,
    columns: ActivityColumns,
    timezone: tzinfo,
    limits: ImportLimits | XesLimits,
    journey_object_type: str | None = None,
) -> EventLog:
    catalogue = app.catalogue
    if log_format is LogFormat.XES:
        return XesLog(
            path,
            catalogue=catalogue,
            mapping=mapping,
            timezone=timezone,
            source=source,
            limits=limits,
        )
    if isinstance(limits, XesLimits):
        limits = ImportLimits()  # xes_limits bound XES only
    if log_format is LogFormat.JOURNEY_CSV:
        return JourneyCsvLog(path, catalogue=catalogue, source=source, limits=limits)
    if log_format is LogFormat.ACTIVITY_CSV:
        return ActivityCsvLog(
            path,
            catalogue=catalogue,
            mapping=mapping,
            columns=columns,
            timezone=timezone,
            source=source,
            limits=limits,
        )
    return open_ocel(
        path,
        log_format.value,
        catalogue=catalogue,
        mapping=mapping,
        attributes=BodyAttributes(resource=columns.resource, group=columns.group),
        timezone=timezone,
        source=source,
        journey_object_type=journey_object_type,
        limits=limits,
    )
