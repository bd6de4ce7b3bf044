"""The mapping file: which catalogue body each event of an activity log belongs to.

An activity log (activity CSV or XES) names activities, resources and groups,
not bodies. A mapping file (TOML) says which body each belongs to and, per
activity, whether it opens or closes a case or sends a hand-off::

    [journey]                  # how each case becomes a journey (all optional)
    trigger = "traffic-fine"   # the life event recorded by Started (default "imported")
    nation = "england"         # the citizen's nation (default "england")
    end = true                 # end each journey at its last event (default true)

    [fallback]
    body = "unknown"           # events with no body value (default "unknown")

    [generated]                # bodies generated from the log's values (kept in the store)
    tier = "local"
    nations = ["england", "wales", "scotland", "northern-ireland"]

    [activity."Create Fine"]
    body = "police"
    opens_case = "fine"        # service of the case it opens at its body

    [activity."Send Fine"]
    body = "police"
    sends_handoff_to = "prefecture"
    items = ["fine_details"]   # facts the hand-off carries

    [activity."Payment"]
    closes_case = "fine"

    [resource]
    "561" = "police"

    [group]
    "Group 1" = "council:E06000023"

Every body a mapping names must be in the catalogue: a mapping naming an
unknown body is refused with the file, the entry and its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import attrs

from journeys.bodies import ALL_NATIONS, Catalogue, Nation, Tier, parse_nation, parse_tier
from journeys.errors import EventLogError
from journeys.privacy.body_pseudonyms import BodyPseudonyms
from journeys.text_files import parse_toml

DEFAULT_FALLBACK_BODY = "unknown"
"""The body of events that name no body (no mapping entry, no resource, no group)."""

DEFAULT_TRIGGER = "imported"
"""The ``Started.trigger`` of journeys imported from an activity log."""

_TOP_LEVEL = {"journey", "fallback", "generated", "activity", "resource", "group"}
_ACTIVITY_KEYS = {"body", "opens_case", "closes_case", "sends_handoff_to", "items"}


@attrs.frozen
class ActivityRule:
    """What the mapping says about one activity.

    ``body`` is the body the activity happens at; ``opens_case`` / ``closes_case``
    name the service of a case it opens or closes at that body; ``sends_handoff_to``
    is the body it hands the citizen to, carrying ``items``.
    """

    body: str | None = None
    opens_case: str | None = None
    closes_case: str | None = None
    sends_handoff_to: str | None = None
    items: frozenset[str] = frozenset()


@attrs.frozen
class LogMapping:
    """How an activity log's cases and events become journeys, touchpoints and bodies.

    The default mapping (``LogMapping()``) maps nothing: each event's body is its
    ``org:group``, else its ``org:resource``, else :data:`DEFAULT_FALLBACK_BODY`.
    """

    activities: Mapping[str, ActivityRule] = attrs.field(factory=dict, hash=False)
    resources: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    groups: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    trigger: str = DEFAULT_TRIGGER
    nation: Nation = Nation.ENGLAND
    end_journeys: bool = True
    fallback_body: str = DEFAULT_FALLBACK_BODY
    generated_tier: Tier = Tier.LOCAL
    generated_nations: frozenset[Nation] = ALL_NATIONS
    generated_pseudonyms: BodyPseudonyms | None = attrs.field(default=None, repr=False)
    """Pseudonymous ids for generated bodies; :func:`~journeys.interop.import_log` sets
    them for an encrypted store (not read from a mapping file)."""

    @classmethod
    def load(cls, path: str | Path, *, catalogue: Catalogue) -> LogMapping:
        """Read a mapping file, checking every body it names against ``catalogue``."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise EventLogError("mapping file not found", source=path) from None
        except (OSError, UnicodeDecodeError) as error:
            raise EventLogError(f"cannot read the mapping file: {error}", source=path) from None
        return cls.from_toml_text(text, catalogue=catalogue, source=str(path))

    @classmethod
    def from_toml_text(
        cls, text: str, *, catalogue: Catalogue, source: str = "<string>"
    ) -> LogMapping:
        """Read a mapping from TOML text (see the module documentation for the schema)."""
        return _MappingReader(text, catalogue, source).read()

    def rule(self, activity: str) -> ActivityRule | None:
        """The rule for ``activity``, if the mapping has one."""
        return self.activities.get(activity)


class _MappingReader:
    """Reads and checks one mapping document, reporting entries with their lines."""

    def __init__(self, text: str, catalogue: Catalogue, source: str) -> None:
        self.lines = text.splitlines()
        self.text = text
        self.catalogue = catalogue
        self.source = source

    def read(self) -> LogMapping:
        document = parse_toml(self.text, self.source, EventLogError, what="mapping is ")
        for key in document:
            if key not in _TOP_LEVEL:
                self.fail(f"unknown table {key!r}", key, key, None)
        journey = self.table(document, "journey", {"trigger", "nation", "end"})
        fallback = self.table(document, "fallback", {"body"})
        generated = self.table(document, "generated", {"tier", "nations"})
        mapping = LogMapping(
            activities=self.activities(self.table(document, "activity", None)),
            resources=self.body_table(document, "resource"),
            groups=self.body_table(document, "group"),
            trigger=self.text_value(journey, "journey", "trigger", DEFAULT_TRIGGER),
            nation=self.nation(journey),
            end_journeys=self.flag(journey, "journey", "end", default=True),
            fallback_body=self.text_value(fallback, "fallback", "body", DEFAULT_FALLBACK_BODY),
            generated_tier=self.tier(generated),
            generated_nations=self.nations(generated),
        )
        if "body" in fallback:
            self.require_body(mapping.fallback_body, "fallback.body", "fallback", "body")
        return mapping

    # --- tables ---------------------------------------------------------------------

    def table(self, document: dict[str, Any], name: str, keys: set[str] | None) -> dict[str, Any]:
        value = document.get(name, {})
        if not isinstance(value, dict):
            self.fail(f"{name!r} must be a table", name, name, None)
        if keys is not None:
            for key in value:
                if key not in keys:
                    expected = ", ".join(sorted(keys))
                    self.fail(f"unknown key {key!r} (expected {expected})", key, name, key)
        return value

    def activities(self, table: dict[str, Any]) -> dict[str, ActivityRule]:
        rules: dict[str, ActivityRule] = {}
        for activity, entry in table.items():
            header = f"activity.{_quoted(activity)}"
            if not isinstance(entry, dict):
                self.fail("must be a table of body, opens_case, ...", activity, header, None)
            for key in entry:
                if key not in _ACTIVITY_KEYS:
                    expected = ", ".join(sorted(_ACTIVITY_KEYS))
                    self.fail(f"unknown key {key!r} (expected {expected})", key, header, key)
            rule = ActivityRule(
                body=self.optional_text(entry, header, "body"),
                opens_case=self.optional_text(entry, header, "opens_case"),
                closes_case=self.optional_text(entry, header, "closes_case"),
                sends_handoff_to=self.optional_text(entry, header, "sends_handoff_to"),
                items=self.items(entry, header),
            )
            for key in ("body", "sends_handoff_to"):
                body = getattr(rule, key)
                if body is not None:
                    self.require_body(body, f"{header}.{key}", header, key)
            if rule.body is not None and rule.body == rule.sends_handoff_to:
                self.fail(
                    f"sends_handoff_to {rule.body!r} is the activity's own body",
                    rule.body,
                    header,
                    "sends_handoff_to",
                )
            rules[activity] = rule
        return rules

    def body_table(self, document: dict[str, Any], name: str) -> dict[str, str]:
        table = self.table(document, name, None)
        bodies: dict[str, str] = {}
        for value, body in table.items():
            entry = f"{name}.{_quoted(value)}"
            if not isinstance(body, str) or not body.strip():
                self.fail("must name a body id", body, name, value)
            self.require_body(body.strip(), entry, name, value)
            bodies[value] = body.strip()
        return bodies

    # --- values ---------------------------------------------------------------------

    def text_value(self, table: dict[str, Any], header: str, key: str, default: str) -> str:
        value = self.optional_text(table, header, key)
        return default if value is None else value

    def optional_text(self, table: dict[str, Any], header: str, key: str) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{key} must be a non-empty string", value, header, key)
        return value.strip()

    def flag(self, table: dict[str, Any], header: str, key: str, *, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.fail(f"{key} must be true or false", value, header, key)
        return value

    def items(self, entry: dict[str, Any], header: str) -> frozenset[str]:
        value = entry.get("items", [])
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.fail("items must be a list of non-empty strings", value, header, "items")
        if value and "sends_handoff_to" not in entry:
            self.fail("items are only carried by a hand-off", value, header, "items")
        return frozenset(item.strip() for item in value)

    def nation(self, journey: dict[str, Any]) -> Nation:
        text = self.optional_text(journey, "journey", "nation")
        if text is None:
            return Nation.ENGLAND
        try:
            return parse_nation(text)
        except ValueError as error:
            self.fail(str(error), text, "journey", "nation")

    def tier(self, generated: dict[str, Any]) -> Tier:
        text = self.optional_text(generated, "generated", "tier")
        if text is None:
            return Tier.LOCAL
        try:
            return parse_tier(text)
        except ValueError as error:
            self.fail(str(error), text, "generated", "tier")

    def nations(self, generated: dict[str, Any]) -> frozenset[Nation]:
        if "nations" not in generated:
            return ALL_NATIONS
        value = generated["nations"]
        if not isinstance(value, list) or not value or not all(isinstance(n, str) for n in value):
            self.fail("nations must be a non-empty list of strings", value, "generated", "nations")
        try:
            return frozenset(parse_nation(n) for n in value)
        except ValueError as error:
            self.fail(str(error), value, "generated", "nations")

    def require_body(self, body: str, entry: str, header: str, key: str) -> None:
        if body not in self.catalogue:
            self.fail(f"{entry} names unknown body {body!r}", body, header, key)

    # --- errors ---------------------------------------------------------------------

    def fail(self, message: str, value: object, header: str, key: str | None) -> NoReturn:
        raise EventLogError(
            message, source=self.source, line=self.line_of(header, key), value=value
        )

    def line_of(self, header: str, key: str | None) -> int | None:
        """The line of ``key`` in table ``header`` (or of the header itself), if found."""
        table_line = self._table_line(header)
        if key is None:
            return table_line
        escaped = key.replace("\\", "\\\\").replace('"', '\\"')
        candidates = {key, f'"{escaped}"', f"'{key}'"}
        start = table_line or 0
        for number in range(start, len(self.lines)):
            line = self.lines[number].strip()
            if line.startswith("["):
                break
            name = line.split("=", 1)[0].strip()
            if "=" in line and name in candidates:
                return number + 1
        return table_line

    def _table_line(self, header: str) -> int | None:
        wanted = header.replace(" ", "")
        for number, line in enumerate(self.lines, start=1):
            if line.strip().replace(" ", "") == f"[{wanted}]":
                return number
        return None


def _quoted(key: str) -> str:
    """``key`` as TOML writes a key: bare when it can be, else double-quoted."""
    if key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key):
        return key
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
