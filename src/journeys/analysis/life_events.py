"""The life-event table: which facts a life event changes, and which journey one
life event should lead to (the declarations behind the life-level gaps).

It is data, not code, so a service designer can read and extend it: the bundled
``journeys/data/life_events.toml`` (:func:`bundled_life_events`, loaded once), or
a file of their own in the same form (:meth:`LifeEvents.from_toml`). Both life
events are named by journey trigger (``Journey.Started.trigger``). A malformed
file is a :class:`LifeEventsError` naming the file and, where it can, the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from journeys.errors import LifeEventsError
from journeys.text_files import parse_toml, read_text


@attrs.frozen
class TriggerLink:
    """A journey opened by ``source`` should be followed, for the same citizen, by one
    opened by ``target`` within ``within`` of its start."""

    source: str
    target: str
    within: timedelta
    why: str = ""


@attrs.frozen
class LifeEvents:
    """Which facts each life event (journey trigger) changes, and the trigger links."""

    changes: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    links: tuple[TriggerLink, ...] = ()

    def changed_by(self, trigger: str) -> frozenset[str]:
        """The facts a journey opened by ``trigger`` changes (none if not declared)."""
        return self.changes.get(trigger, frozenset())

    @classmethod
    def from_toml(cls, path: str | Path) -> LifeEvents:
        """Read a table from a TOML file (the form of the bundled one)."""
        return cls.from_toml_text(read_text(Path(path), LifeEventsError), source=str(path))

    @classmethod
    def from_toml_text(cls, text: str, *, source: str = "<string>") -> LifeEvents:
        """Read a table from TOML text; ``source`` names it in errors."""
        data = parse_toml(text, source, LifeEventsError, with_line=True)
        unknown = set(data) - {"changes", "links"}
        if unknown:
            key = sorted(unknown)[0]
            raise _error(f"unknown table {key!r} (expected changes, links)", text, source, key)
        changes = data.get("changes", {})
        if not isinstance(changes, dict):
            raise _error("changes must be a table of trigger = [items]", text, source, "changes")
        table: dict[str, frozenset[str]] = {}
        for trigger, items in changes.items():
            if not isinstance(items, list) or not all(
                isinstance(item, str) and item for item in items
            ):
                raise _error(f"changes.{trigger} must be a list of item ids", text, source, trigger)
            table[trigger] = frozenset(items)
        links = data.get("links", [])
        if not isinstance(links, list):
            raise _error("links must be an array of tables ([[links]])", text, source, "links")
        return cls(table, tuple(_link(link, n, text, source) for n, link in enumerate(links)))


@cache
def bundled_life_events() -> LifeEvents:
    """The bundled table, ``journeys/data/life_events.toml`` (read once)."""
    data = resources.files("journeys.data").joinpath("life_events.toml")
    return LifeEvents.from_toml_text(data.read_text(encoding="utf-8"), source=str(data))


def _link(link: Any, index: int, text: str, source: str) -> TriggerLink:
    if not isinstance(link, dict):
        raise _error(f"links[{index}] must be a table", text, source, "[[links]]", index)
    unknown = set(link) - {"from", "to", "within_days", "why"}
    for key in ("from", "to"):
        if not isinstance(link.get(key), str) or not link[key]:
            raise _error(
                f"links[{index}] needs {key} = a trigger", text, source, "[[links]]", index
            )
    days = link.get("within_days")
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise _error(
            f"links[{index}].within_days must be a whole number of days >= 0, got {days!r}",
            text,
            source,
            "[[links]]",
            index,
        )
    if unknown:
        raise _error(
            f"links[{index}]: unknown key {sorted(unknown)[0]!r}", text, source, "[[links]]", index
        )
    why = link.get("why", "")
    if not isinstance(why, str):
        raise _error(f"links[{index}].why must be text", text, source, "[[links]]", index)
    return TriggerLink(link["from"], link["to"], timedelta(days=days), why)


def _error(message: str, text: str, source: str, key: str, occurrence: int = 0) -> LifeEventsError:
    """The error, at the line of ``key``'s ``occurrence``-th appearance when found."""
    pattern = re.compile(
        rf"^[ \t]*(?:\[{{1,2}}[ \t]*)?(?:{re.escape(key)}|\"{re.escape(key)}\")[ \t]*(?:=|\]|$)"
        if not key.startswith("[")
        else rf"^[ \t]*{re.escape(key)}[ \t]*$",
        re.MULTILINE,
    )
    matches = list(pattern.finditer(text))
    line = None
    if len(matches) > occurrence:
        line = text.count("\n", 0, matches[occurrence].start()) + 1
    return LifeEventsError(message, source=source, line=line, value=key)
