"""Event logs in and out: CSV and XES import, OCEL 2.0 and XES export.

- :func:`import_log` reads any supported log into a :class:`~journeys.JourneyApp`,
  checked whole before anything is written, idempotent and resumable;
- readers yield journeys with pending events: :func:`read_journey_csv`,
  :func:`read_xes`, :func:`read_ocel` (and the log classes behind them);
- writers: :func:`write_journey_csv`, :func:`write_xes`, :func:`write_ocel`;
- :class:`LogMapping` assigns an activity log's activities, resources and groups
  to bodies; others become generated bodies, which the store keeps.

``import_log`` is also at the top level (``from journeys import import_log``).
"""

from journeys.interop.activity_csv import ActivityColumns, ActivityCsvLog
from journeys.interop.csv_bodies import journey_csv_bodies_path, read_journey_csv_bodies
from journeys.interop.import_limits import ImportLimits
from journeys.interop.importer import (
    DEFAULT_BATCH_SIZE,
    ImportReport,
    LogFormat,
    detect_format,
    import_log,
)
from journeys.interop.journey_csv import (
    JOURNEY_CSV_COLUMNS,
    JourneyCsvLog,
    read_journey_csv,
    write_journey_csv,
)
from journeys.interop.mapping import ActivityRule, LogMapping
from journeys.interop.ocel import OcelLog, read_ocel, write_ocel
from journeys.interop.timestamps import parse_timezone
from journeys.interop.xes import XesLog, read_xes, write_xes
from journeys.interop.xes_limits import XesLimits

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "JOURNEY_CSV_COLUMNS",
    "ActivityColumns",
    "ActivityCsvLog",
    "ActivityRule",
    "ImportLimits",
    "ImportReport",
    "JourneyCsvLog",
    "LogFormat",
    "LogMapping",
    "OcelLog",
    "XesLimits",
    "XesLog",
    "detect_format",
    "import_log",
    "journey_csv_bodies_path",
    "parse_timezone",
    "read_journey_csv",
    "read_journey_csv_bodies",
    "read_ocel",
    "read_xes",
    "write_journey_csv",
    "write_ocel",
    "write_xes",
]
