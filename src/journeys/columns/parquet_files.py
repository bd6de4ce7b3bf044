"""Journey-event columns in Parquet: written from a store page by page, scanned lazily.

A Parquet file of journey events holds exactly the columns of
:func:`~journeys.columns.event_schema`, sorted by ``(journey, version)``. It
is a snapshot another tool (Polars, DuckDB, Dask, Spark) reads as it is, and
that :func:`scan_parquet` reads back for this library's analysis.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from polars.io.plugins import register_io_source

from journeys.columns.schema import event_schema
from journeys.columns.store_reader import DEFAULT_PAGE_ROWS, read_frames
from journeys.errors import InputError
from journeys.output_files import written_whole

if TYPE_CHECKING:
    from collections.abc import Iterator

    from journeys.application import JourneyApp

__all__ = ["scan_parquet", "scan_store", "write_parquet"]


def scan_store(app: JourneyApp, *, page_rows: int = DEFAULT_PAGE_ROWS) -> pl.LazyFrame:
    """The store's journey events as a lazy frame, read page by page when collected
    or sunk (see :func:`~journeys.columns.read_frames`), so a query over a store
    larger than memory streams through it."""
    schema = event_schema()

    def pages(
        with_columns: list[str] | None,
        predicate: pl.Expr | None,
        n_rows: int | None,
        batch_size: int | None,
    ) -> Iterator[pl.DataFrame]:
        left = n_rows
        for page in read_frames(app, page_rows=batch_size or page_rows):
            frame = page.filter(predicate) if predicate is not None else page
            if with_columns is not None:
                frame = frame.select(with_columns)
            if left is not None:
                frame = frame.head(left)
                left -= frame.height
            yield frame
            if left is not None and left <= 0:
                return

    return register_io_source(pages, schema=schema, explain_name="journeys store")


def write_parquet(app: JourneyApp, path: str | Path) -> int:
    """Write the store's journey events to the Parquet file ``path``; return the rows.

    The file is written page by page (memory stays bounded by a page) into a
    temporary file that replaces ``path`` when complete, so a failed write
    leaves no partial file.
    """
    with written_whole(path) as temporary:
        scan_store(app).sink_parquet(temporary)
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def scan_parquet(path: str | Path) -> pl.LazyFrame:
    """A Parquet file of journey-event columns as a lazy frame.

    Raises :class:`~journeys.errors.InputError` naming the file when it is missing,
    is not Parquet, or lacks a column of :func:`~journeys.columns.event_schema`
    or holds one of another type.
    """
    source = Path(path)
    if not source.is_file():
        raise InputError("no such file", source=source, value=str(source))
    try:
        found = pl.read_parquet_schema(source)
    except Exception as error:  # Polars raises its own errors for a file it cannot read.
        raise InputError(f"not a Parquet file: {error}", source=source) from None
    for name, dtype in event_schema().items():
        if name not in found:
            raise InputError(f"no column {name!r}", source=source, value=name)
        if found[name] != dtype:
            raise InputError(
                f"column {name!r} is {found[name]}, not {dtype}", source=source, value=name
            )
    frame = pl.scan_parquet(source).select(list(event_schema()))
    return frame.cast(event_schema())
