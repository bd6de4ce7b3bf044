"""Activity-log CSV files, as process-mining tools export them.

One row per event, with a case id, an activity and a timestamp, and optionally a
resource and a group. The column names default to the XES attribute names
(``case:concept:name``, ``concept:name``, ``time:timestamp``, ``org:resource``,
``org:group``) and are chosen with :class:`ActivityColumns`. Other columns are
ignored. Timestamps are ISO 8601 (or follow a ``strptime`` format); one without
a UTC offset is read in the time zone given (UTC by default).

An interval log names a start column too (``ActivityColumns(start_timestamp=...)``,
``--start-timestamp-column``): each event is then an activity from its start to
its completion (the timestamp column).

Each case becomes a journey of touchpoints (see
:mod:`journeys.interop.activity_journey`), and each event's body comes from the
mapping (see :mod:`journeys.interop.body_resolver`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import attrs

from journeys.bodies import Body, Catalogue
from journeys.errors import EventLogError
from journeys.interop.activity_journey import ActivityEvent, ActivityJourneyBuilder
from journeys.interop.body_resolver import BodyResolver
from journeys.interop.csv_rows import CsvRows
from journeys.interop.import_limits import ImportLimits
from journeys.interop.mapping import LogMapping
from journeys.interop.staging import StagedLog, StagingTable
from journeys.interop.timestamps import from_microseconds, parse_timestamp, to_microseconds
from journeys.journey import Journey


@attrs.frozen
class ActivityColumns:
    """Which columns of an activity-log CSV hold what.

    ``resource`` and ``group`` are optional columns: when the file lacks one of
    the default names, events simply have no resource (or group). A column
    named explicitly must exist. ``time_format`` is a ``strptime`` format for
    timestamps that are not ISO 8601. ``start_timestamp`` names the column of
    an interval log's start times (``timestamp`` is then each activity's
    completion; an empty start cell is an instantaneous activity).
    """

    case: str = "case:concept:name"
    activity: str = "concept:name"
    timestamp: str = "time:timestamp"
    resource: str = "org:resource"
    group: str = "org:group"
    time_format: str | None = None
    start_timestamp: str | None = None


_DEFAULT = ActivityColumns()


class ActivityCsvLog(StagedLog):
    """An activity-log CSV file read as journeys, as often as asked.

    The first call of :meth:`journeys` stages every row in a temporary SQLite
    file (checking case ids, activities and timestamps); every call rebuilds the
    journeys from the staged rows. Close it to delete the staging file.
    ``limits`` bound a field's size and a case's events (:class:`ImportLimits`).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        catalogue: Catalogue,
        mapping: LogMapping | None = None,
        columns: ActivityColumns = _DEFAULT,
        timezone: tzinfo = UTC,
        source: str | None = None,
        limits: ImportLimits | None = None,
    ) -> None:
        self.path = Path(path)
        self.limits = limits if limits is not None else ImportLimits()
        self.columns = columns
        self.timezone = timezone
        self.source = source if source is not None else self.path.name
        self.resolver = BodyResolver(catalogue, mapping or LogMapping())
        self._builder = ActivityJourneyBuilder(self.resolver, source=self.source, path=self.path)

    @property
    def new_bodies(self) -> tuple[Body, ...]:
        """Bodies met so far that the catalogue lacked (generated: see the body resolver)."""
        return self.resolver.new_bodies

    def journeys(self) -> Iterator[Journey]:
        """Every case as a journey with pending events, cases in order of first appearance."""
        for case_id, rows in self._cases():
            events = [
                ActivityEvent(
                    activity=row.fields[0],
                    occurred_at=row.occurred_at,
                    resource=row.fields[1] or None,
                    group=row.fields[2] or None,
                    line=row.line,
                    started_at=from_microseconds(int(row.fields[3])) if row.fields[3] else None,
                )
                for row in rows
            ]
            rows.clear()  # the staging table's list: free it before the journey is used
            journey = self._builder.build(case_id, events)
            del events
            yield journey

    def _stage(self, staging: StagingTable) -> None:
        rows = CsvRows(self.path, limits=self.limits)
        try:
            case, activity, timestamp, resource, group = self._column_indexes(rows.header)
            start = (
                None
                if self.columns.start_timestamp is None
                else self._required(rows.header, self.columns.start_timestamp)
            )
        except EventLogError:
            rows.close()
            raise
        for line, raw in rows:
            case_id = self._filled(raw, case, "case id", self.columns.case, line)
            name = self._filled(raw, activity, "activity", self.columns.activity, line)
            occurred_at = self._time(raw[timestamp], self.columns.timestamp, line)
            started = ""
            if start is not None and raw[start].strip():
                column = self.columns.start_timestamp
                started = str(to_microseconds(self._time(raw[start], str(column), line)))
            staging.add(
                case_id,
                occurred_at,
                line,
                [
                    name,
                    raw[resource].strip() if resource is not None else "",
                    raw[group].strip() if group is not None else "",
                    started,
                ],
            )

    def _time(self, text: str, column: str, line: int) -> datetime:
        try:
            return parse_timestamp(
                text, naive_timezone=self.timezone, time_format=self.columns.time_format
            )
        except ValueError as error:
            raise EventLogError(
                f"{column}: {error}", source=self.path, line=line, value=text
            ) from None

    def _required(self, header: tuple[str, ...], name: str) -> int:
        if name in header:
            return header.index(name)
        raise EventLogError(
            f"missing column {name!r}", source=self.path, line=1, value=",".join(header)
        )

    def _filled(self, raw: list[str], index: int, what: str, column: str, line: int) -> str:
        """The stripped cell ``raw[index]``, which must not be empty."""
        value = raw[index].strip()
        if not value:
            raise EventLogError(
                f"empty {what} in column {column!r}", source=self.path, line=line, value=raw[index]
            )
        return value

    def _column_indexes(
        self, header: tuple[str, ...]
    ) -> tuple[int, int, int, int | None, int | None]:
        columns = self.columns

        def required(name: str) -> int:
            return self._required(header, name)

        def optional(name: str, default: str) -> int | None:
            # A default-named column may be absent; one the caller named must exist.
            if name == default and name not in header:
                return None
            return required(name)

        return (
            required(columns.case),
            required(columns.activity),
            required(columns.timestamp),
            optional(columns.resource, _DEFAULT.resource),
            optional(columns.group, _DEFAULT.group),
        )
