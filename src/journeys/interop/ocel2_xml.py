"""OCEL 2.0 XML (``.xmlocel``) from any tool, streamed.

The document is read with lxml's ``iterparse`` (entity resolution, DTD loading
and network access off, no huge-tree relaxations) after its prolog is checked
for entity declarations, which are refused as for XES (see
:mod:`journeys.interop.xml_prolog`). Each ``object`` and ``event`` element is
turned into the intermediate form of :mod:`journeys.interop.ocel2_log` and freed
once read, so the parse holds one element at a time.

Read: each ``<object id type>``, and each ``<event id type time>`` with its
``<attributes><attribute name>value</attribute>`` and its
``<objects><relationship object-id qualifier/>``. Type declarations
(``<object-types>``, ``<event-types>``), object attributes and object-to-object
relations are not needed for journeys and are skipped. An OCEL 1.0 XML document
(whose root holds ``<global>`` elements) is refused: OCEL 2.0 is the supported
standard.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from journeys.errors import EventLogError
from journeys.interop.ocel2_log import OCEL1_REFUSED, Ocel2Event, OcelObject, OcelRelation
from journeys.interop.timestamps import parse_timestamp
from journeys.interop.xml_prolog import refuse_entity_declarations
from journeys.interop.xml_reading import hardened_iterparse, release

_ITEMS = {"object", "event"}


class Ocel2XmlReader:
    """The objects and events of an OCEL 2.0 XML file, streamed in file order."""

    def __init__(self, path: str | Path, *, timezone: tzinfo = UTC) -> None:
        self.path = Path(path)
        self.timezone = timezone

    def read(self, keep: frozenset[str]) -> Iterator[OcelObject | Ocel2Event]:
        """Every ``object`` and ``event`` element (see :class:`Ocel2Reader`)."""
        self._refuse_entities()
        counts = {"object": 0, "event": 0}
        with self._open() as stream:
            # Only these elements reach Python: the parse itself stays in C.
            context = hardened_iterparse(stream, tag=("log", "global", "object", "event"))
            root: etree._Element | None = None
            try:
                for kind, element in context:
                    if root is None:
                        root = element.getroottree().getroot()
                        self._check_root(root)
                    parent = element.getparent()
                    if kind == "start":
                        if parent is root and element.tag == "global":
                            raise EventLogError(
                                OCEL1_REFUSED, source=self.path, line=_line(element), value="global"
                            )
                        continue
                    name = element.tag
                    if parent is not None and name in _ITEMS and parent.getparent() is root:
                        counts[name] += 1
                        if name == "object":
                            yield self._object(element, counts[name])
                        else:
                            yield self._event(element, counts[name], keep)
                        release(element)
                if root is None:
                    self._check_root(context.root)
            except etree.XMLSyntaxError as error:
                raise EventLogError(
                    f"malformed XML: {error.msg}", source=self.path, line=error.lineno or None
                ) from None

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except FileNotFoundError:
            raise EventLogError("file not found", source=self.path) from None
        except OSError as error:
            raise EventLogError(f"cannot read file: {error.strerror}", source=self.path) from None

    def _refuse_entities(self) -> None:
        with self._open() as stream:
            refuse_entity_declarations(stream, source=self.path)

    def _check_root(self, root: etree._Element) -> None:
        if root.tag != "log":  # OCEL 2.0 XML has no namespace
            raise EventLogError(
                f"not an OCEL 2.0 XML document: the root element is <{root.tag}>, not <log>",
                source=self.path,
                line=_line(root),
                value=root.tag,
            )
        dtd: Any = root.getroottree().docinfo.internalDTD
        if dtd is not None and dtd.entities():
            # A second guard for encodings the byte scan cannot read (UTF-16 ...).
            raise EventLogError(
                "the DOCTYPE declares entities: refused", source=self.path, value="<!ENTITY"
            )

    def _object(self, element: etree._Element, number: int) -> OcelObject:
        object_id, kind = _attribute(element, "id"), _attribute(element, "type")
        if not object_id or not kind:
            raise EventLogError(
                f"object {number} needs non-empty id and type attributes",
                source=self.path,
                line=_line(element),
                value=object_id or kind,
            )
        return OcelObject(object_id, kind, f"object {number} ({object_id!r})")

    def _event(self, element: etree._Element, number: int, keep: frozenset[str]) -> Ocel2Event:
        line = _line(element)
        event_id, kind, time = (_attribute(element, key) for key in ("id", "type", "time"))
        if not event_id or not kind:
            raise EventLogError(
                f"event {number} needs non-empty id and type attributes",
                source=self.path,
                line=line,
                value=event_id or kind,
            )
        where = f"event {number} ({event_id!r})"
        if time is None:
            raise EventLogError(f"{where} has no time", source=self.path, line=line, value=kind)
        try:
            occurred_at = parse_timestamp(time, naive_timezone=self.timezone)
        except ValueError as error:
            raise EventLogError(
                f"{where}: time: {error}", source=self.path, line=line, value=time
            ) from None
        attributes: dict[str, str] = {}
        relations: list[OcelRelation] = []
        for group in element:
            group_name = group.tag
            if group_name == "attributes":
                for child in group:
                    if child.tag != "attribute":
                        continue
                    name = child.get("name")
                    if name is None:
                        raise EventLogError(
                            f"{where}: an attribute has no name",
                            source=self.path,
                            line=_line(child),
                        )
                    if name in keep:
                        attributes[name] = child.text or ""
            elif group_name == "objects":
                relations.extend(
                    self._relation(child, where) for child in group if child.tag == "relationship"
                )
        return Ocel2Event(
            event_id, kind, occurred_at, attributes, tuple(relations), where, line=line
        )

    def _relation(self, element: etree._Element, where: str) -> OcelRelation:
        object_id = _attribute(element, "object-id")
        if not object_id:
            raise EventLogError(
                f"{where}: a relationship has no object-id",
                source=self.path,
                line=_line(element),
            )
        return OcelRelation(object_id, str(element.get("qualifier") or ""))


def _attribute(element: etree._Element, key: str) -> str | None:
    value = element.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _line(element: etree._Element) -> int | None:
    line: object = element.sourceline
    return line if isinstance(line, int) else None
