"""OCEL 2.0 logs from any tool, in its three serialisations: which reader reads which.

=================  ==================================  ==============================
format             extensions (:func:`detect_format`)  reader
=================  ==================================  ==============================
``ocel``           ``.jsonocel``, ``.json``            :mod:`~journeys.interop.ocel2_json`
``ocel-xml``       ``.xmlocel``                        :mod:`~journeys.interop.ocel2_xml`
``ocel-sqlite``    ``.sqlite``, ``.sqlite3``           :mod:`~journeys.interop.ocel2_sqlite`
=================  ==================================  ==============================

``.xml`` (XES or OCEL?) and ``.db`` (any SQLite database, a journeys store too) are
not detected: give the format. Every reader gives the intermediate form of
:mod:`journeys.interop.ocel2_log`, whose :class:`~journeys.interop.ocel2_log.Ocel2Log`
builds the journeys. Only OCEL 2.0 JSON can be this library's own export, which is
replayed into its original journeys instead (:mod:`journeys.interop.ocel`).
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from pathlib import Path

from journeys.bodies import Catalogue
from journeys.interop.import_limits import ImportLimits
from journeys.interop.mapping import LogMapping
from journeys.interop.ocel2_json import open_ocel_json
from journeys.interop.ocel2_log import BodyAttributes, Ocel2Log, Ocel2Reader
from journeys.interop.ocel2_sqlite import Ocel2SqliteReader
from journeys.interop.ocel2_xml import Ocel2XmlReader
from journeys.interop.ocel_reader import OcelLog

OCEL_FORMATS: dict[tuple[str, ...], str] = {
    (".jsonocel", ".json"): "ocel",
    (".xmlocel",): "ocel-xml",
    (".sqlite", ".sqlite3"): "ocel-sqlite",
}
"""The file name endings (lower case) each OCEL 2.0 format is detected by."""


def open_ocel(
    path: str | Path,
    log_format: str,
    *,
    catalogue: Catalogue,
    mapping: LogMapping | None = None,
    attributes: BodyAttributes | None = None,
    timezone: tzinfo = UTC,
    source: str | None = None,
    journey_object_type: str | None = None,
    limits: ImportLimits | None = None,
) -> OcelLog | Ocel2Log:
    """The OCEL 2.0 log at ``path`` in ``log_format`` (``ocel``, ``ocel-xml`` or
    ``ocel-sqlite``), ready to be read as journeys.

    ``timezone`` places times without a UTC offset; ``limits`` bound a journey
    object's events and an event's values. See
    :class:`~journeys.interop.ocel2_log.Ocel2Log` for the other arguments.
    """
    path = Path(path)
    if log_format == "ocel":
        return open_ocel_json(
            path,
            catalogue=catalogue,
            mapping=mapping,
            attributes=attributes,
            timezone=timezone,
            source=source,
            journey_object_type=journey_object_type,
            limits=limits,
        )
    reader: Ocel2Reader
    if log_format == "ocel-xml":
        reader = Ocel2XmlReader(path, timezone=timezone)
    elif log_format == "ocel-sqlite":
        reader = Ocel2SqliteReader(path, timezone=timezone)
    else:
        raise ValueError(f"not an OCEL 2.0 format: {log_format!r}")
    return Ocel2Log(
        reader,
        catalogue=catalogue,
        mapping=mapping,
        attributes=attributes,
        journey_object_type=journey_object_type,
        source=source,
        limits=limits,
    )
