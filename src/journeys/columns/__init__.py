"""Journey events as columns: one row per event, straight from where they are kept.

The analysis of a whole population works on columns, not on event objects. This
namespace reads them without making an object per event wherever it can: from
a plain SQLite or PostgreSQL store with the database's own JSON functions, page
by page in ``(journey, version)`` order, and from Parquet files written here.
:func:`frame_from_events` gives the same frame from events in memory; it is the
reference every other reading is tested against.

>>> from journeys import JourneyApp, simulate
>>> from journeys.blueprints import bundled_blueprints
>>> from journeys.columns import read_frame
>>> app = JourneyApp.in_memory()
>>> app.save(*simulate(bundled_blueprints(), citizens=2, seed=3))
>>> frame = read_frame(app)
>>> frame.columns[:4]
['journey', 'version', 'occurred_at', 'event']
"""

try:
    import polars as _polars  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
except ImportError:
    from journeys.errors import MissingExtraError as _MissingExtraError

    raise _MissingExtraError(
        'journey-event columns need Polars, an optional extra: pip install "journeys[frames]"'
    ) from None

from journeys.columns.from_events import frame_from_events
from journeys.columns.parquet_files import scan_parquet, scan_store, write_parquet
from journeys.columns.schema import KEY_COLUMNS, EventColumn, event_columns, event_schema
from journeys.columns.store_reader import (
    DEFAULT_PAGE_ROWS,
    ReadPath,
    how_read,
    read_frame,
    read_frames,
)

__all__ = [
    "DEFAULT_PAGE_ROWS",
    "KEY_COLUMNS",
    "EventColumn",
    "ReadPath",
    "event_columns",
    "event_schema",
    "frame_from_events",
    "how_read",
    "read_frame",
    "read_frames",
    "scan_parquet",
    "scan_store",
    "write_parquet",
]
