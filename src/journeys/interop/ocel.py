"""OCEL 2.0 JSON: journeys as an object-centric event log, and back.

Object types (ids in brackets):

- ``citizen`` (``citizen:<reference>``);
- ``journey`` (``journey:<uuid>``), attributes ``trigger``, ``nation``;
  related to its citizen as ``subject``;
- ``case`` (``case:<journey uuid>:<n>``, the n-th case opened in the journey),
  attribute ``service``; related to its ``journey`` and its body as ``holder``;
- ``handoff`` (``handoff:<journey uuid>:<hand-off id>``), attribute ``items``;
  related to its ``journey``, its ``sender`` and its ``recipient`` bodies;
- ``body`` (``body:<id>``), attributes ``name``, ``tier``, ``nations`` (``;``-joined)
  and, when known, ``govuk_slug``, ``gss``, ``ods``.

Event types are the journey event names (``started``, ``case_opened`` ...), with
the event's own values as attributes (``items`` ``;``-joined). Event ids are
``<journey uuid>:<version>``; times are ISO 8601 in UTC. Every event is related
to its ``journey`` and its citizen (``subject``); events at one body relate it as
``holder``; case events relate their ``case``; hand-off events relate the
``handoff`` and both bodies (``sender``, ``recipient``).

Event types, their attributes and their body relationships follow from the
journey event registry (:mod:`journeys.interop.ocel_schema`), so a newly
registered event type is written and read with no change to this format's code.

Object attributes are static, so they carry the time ``1970-01-01T00:00:00Z``
as OCEL 2.0 does for values that never change.

:func:`write_ocel` streams events to the file while it collects the objects
(memory grows with journeys and bodies, not with events). :class:`OcelLog` reads
this library's own export back into journeys with their original ids; an OCEL
JSON document is one JSON value, so it is read whole. Other tools' OCEL 2.0 logs
(JSON, XML, SQLite) are read by :mod:`journeys.interop.ocel2`, which tells this
library's own export (its object types) from theirs.
"""

from __future__ import annotations

from journeys.interop.ocel_reader import OcelLog, read_ocel
from journeys.interop.ocel_schema import EVENT_ATTRIBUTES, OBJECT_TYPES, STATIC_TIME
from journeys.interop.ocel_writer import write_ocel

__all__ = ["EVENT_ATTRIBUTES", "OBJECT_TYPES", "STATIC_TIME", "OcelLog", "read_ocel", "write_ocel"]
