"""Public bodies, the tier and nations they serve, and the catalogue that names them.

Journey events name bodies by stable string ids (``"hmrc"``, ``"council:E06000023"``);
a :class:`Catalogue` resolves an id to a :class:`Body`. Catalogues load from TOML
or CSV files, and every problem in a file is reported with the file, the line and
the offending value.
"""

from __future__ import annotations

import csv
import enum
import io
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from journeys.errors import CatalogueError, UnknownBodyError


class Tier(enum.Enum):
    """The level of government a body belongs to."""

    CENTRAL = "central"
    """UK or GB departments and their agencies (HMRC, DWP, DVLA ...)."""
    DEVOLVED = "devolved"
    """Scottish, Welsh and Northern Ireland governments and their agencies."""
    LOCAL = "local"
    """Councils, registration services, NHS trusts and boards, HSC Trusts."""


class Nation(enum.Enum):
    """A nation of the United Kingdom.

    A plain ``Enum`` (not a ``str`` subclass) so that JSON encoding goes through
    the registered transcoding and the value reads back as a ``Nation``.
    """

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


ALL_NATIONS: frozenset[Nation] = frozenset(Nation)


def parse_tier(value: str) -> Tier:
    """Return the tier named ``value``; raise ``ValueError`` naming it otherwise."""
    try:
        return Tier(value.strip().lower())
    except ValueError:
        choices = ", ".join(tier.value for tier in Tier)
        raise ValueError(f"unknown tier {value!r} (expected one of: {choices})") from None


def parse_nation(value: str) -> Nation:
    """Return the nation named ``value``; raise ``ValueError`` naming it otherwise.

    Accepts the enum values and the common spellings ``northern_ireland`` and
    ``Northern Ireland``.
    """
    normalised = value.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return Nation(normalised)
    except ValueError:
        choices = ", ".join(nation.value for nation in Nation)
        raise ValueError(f"unknown nation {value!r} (expected one of: {choices})") from None


def _check_body_id(instance: Body, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"body id must be a non-empty string, got {value!r}")
    if value != value.strip() or any(ch.isspace() and ch != " " for ch in value):
        raise ValueError(f"body id {value!r} has surrounding or control whitespace")


def _check_name(instance: Body, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"body {instance.id!r} has an empty name")


def _tier(value: Tier | str) -> Tier:
    return parse_tier(value) if isinstance(value, str) else value


def _nations(value: Iterable[Nation | str]) -> frozenset[Nation]:
    return frozenset(parse_nation(n) if isinstance(n, str) else n for n in value)


def _check_nations(
    instance: Body, attribute: attrs.Attribute[frozenset[Nation]], value: frozenset[Nation]
) -> None:
    if not value:
        raise ValueError(f"body {instance.id!r} serves no nation")


@attrs.frozen(order=False)
class Body:
    """A public body that can hold a citizen: a department, agency, council or trust.

    ``nations`` are the nations whose residents it serves. The official codes are
    optional: ``govuk_slug`` (the GOV.UK organisation slug), ``gss`` (ONS/GSS
    geography code, for councils and health boards) and ``ods`` (NHS ODS code).
    """

    id: str = attrs.field(validator=_check_body_id)
    name: str = attrs.field(validator=_check_name)
    tier: Tier = attrs.field(converter=_tier)
    nations: frozenset[Nation] = attrs.field(converter=_nations, validator=_check_nations)
    govuk_slug: str | None = None
    gss: str | None = None
    ods: str | None = None

    def serves(self, nation: Nation) -> bool:
        """Whether this body serves residents of ``nation``."""
        return nation in self.nations


@attrs.frozen
class Boundary:
    """The boundary a gap crosses: a tier pair and whether it crosses a nation border.

    Either side may be ``None`` at a journey's edges (nobody held the citizen
    before or after). A nation border is crossed when both bodies are known and
    serve no nation in common.
    """

    from_tier: Tier | None
    to_tier: Tier | None
    crosses_nation: bool
    tier_pair: str = attrs.field(init=False, eq=False)
    """The tier pair as ``"central->local"``, with ``"none"`` for a missing side."""

    def __attrs_post_init__(self) -> None:
        left = self.from_tier.value if self.from_tier else "none"
        right = self.to_tier.value if self.to_tier else "none"
        object.__setattr__(self, "tier_pair", f"{left}->{right}")


_CODE_FIELDS = ("govuk_slug", "gss", "ods")
_CSV_REQUIRED = ("id", "name", "tier", "nations")


@attrs.frozen(init=False)
class Catalogue(Mapping[str, Body]):
    """An immutable set of bodies, looked up by id.

    >>> from journeys import Body, Catalogue
    >>> catalogue = Catalogue([Body("hmrc", "HM Revenue & Customs", "central",
    ...                             ["england", "wales", "scotland", "northern-ireland"])])
    >>> catalogue["hmrc"].tier
    <Tier.CENTRAL: 'central'>
    """

    _bodies: dict[str, Body]

    def __init__(self, bodies: Iterable[Body] = ()) -> None:
        by_id: dict[str, Body] = {}
        for body in bodies:
            if body.id in by_id:
                raise CatalogueError(f"duplicate body id {body.id!r}", value=body.id)
            by_id[body.id] = body
        object.__setattr__(self, "_bodies", by_id)

    # Mapping protocol -------------------------------------------------------------

    def __getitem__(self, body_id: str) -> Body:
        try:
            return self._bodies[body_id]
        except KeyError:
            raise UnknownBodyError(body_id) from None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._bodies))

    def __len__(self) -> int:
        return len(self._bodies)

    def __contains__(self, body_id: object) -> bool:
        return body_id in self._bodies

    def __repr__(self) -> str:
        return f"Catalogue({len(self)} bodies)"

    # Queries ------------------------------------------------------------------------

    def bodies(self) -> list[Body]:
        """All bodies, sorted by id."""
        return [self._bodies[body_id] for body_id in sorted(self._bodies)]

    def require(self, body_id: str) -> Body:
        """Return the body with ``body_id``; raise :class:`UnknownBodyError` if absent."""
        return self[body_id]

    def boundary(self, from_body: str | None, to_body: str | None) -> Boundary:
        """Classify the boundary between two bodies (either may be ``None``)."""
        left = self[from_body] if from_body is not None else None
        right = self[to_body] if to_body is not None else None
        crosses = left is not None and right is not None and not (left.nations & right.nations)
        return Boundary(
            from_tier=left.tier if left else None,
            to_tier=right.tier if right else None,
            crosses_nation=crosses,
        )

    def merged(self, other: Iterable[Body]) -> Catalogue:
        """A new catalogue with ``other``'s bodies added; a duplicate id is an error."""
        return Catalogue([*self._bodies.values(), *other])

    # Loading and saving --------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> Catalogue:
        """Load a catalogue from a ``.toml`` or ``.csv`` file, chosen by extension."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".toml":
            return cls.from_toml(path)
        if suffix == ".csv":
            return cls.from_csv(path)
        raise CatalogueError(
            f"unsupported catalogue format {path.suffix!r} (use .toml or .csv)",
            source=path,
            value=path.suffix,
        )

    @classmethod
    def from_toml(cls, path: str | Path) -> Catalogue:
        """Load a catalogue from a TOML file of ``[[body]]`` tables.

        Each table has ``id``, ``name``, ``tier``, ``nations`` (a list) and, optionally,
        ``govuk_slug``, ``gss`` and ``ods``.
        """
        path = Path(path)
        return cls.from_toml_text(_read_text(path), source=str(path))

    @classmethod
    def from_toml_text(cls, text: str, *, source: str = "<string>") -> Catalogue:
        """Load a catalogue from TOML text (see :meth:`from_toml`)."""
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise CatalogueError(f"not valid TOML: {error}", source=source) from None
        except RecursionError:
            # tomllib parses nested arrays and inline tables recursively.
            raise CatalogueError("not valid TOML: nested too deeply", source=source) from None
        unknown_keys = sorted(set(document) - {"body", "meta", "sources"})
        if unknown_keys:
            raise CatalogueError(
                f"unknown top-level key {unknown_keys[0]!r} (expected [[body]] tables)",
                source=source,
                value=unknown_keys[0],
            )
        entries = document.get("body", [])
        if not isinstance(entries, list):
            raise CatalogueError("'body' must be an array of tables ([[body]])", source=source)
        header_lines = _table_header_lines(text, "body")
        bodies: list[Body] = []
        seen: dict[str, int | None] = {}
        for index, entry in enumerate(entries):
            line = header_lines[index] if index < len(header_lines) else None
            if not isinstance(entry, dict):
                raise CatalogueError("each body must be a table", source=source, line=line)
            body = _body_from_fields(entry, source=source, line=line, nations_are_list=True)
            _refuse_duplicate(body.id, seen, source=source, line=line)
            bodies.append(body)
        return cls(bodies)

    @classmethod
    def from_csv(cls, path: str | Path) -> Catalogue:
        """Load a catalogue from a CSV file with header ``id,name,tier,nations``.

        ``nations`` are ``;``-separated. Optional extra columns: ``govuk_slug``,
        ``gss``, ``ods``.
        """
        path = Path(path)
        return cls.from_csv_text(_read_text(path), source=str(path))

    @classmethod
    def from_csv_text(cls, text: str, *, source: str = "<string>") -> Catalogue:
        """Load a catalogue from CSV text (see :meth:`from_csv`)."""
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        try:
            header = reader.fieldnames
        except csv.Error as error:
            raise CatalogueError(f"malformed CSV: {error}", source=source, line=1) from None
        if not header:
            raise CatalogueError("empty file: expected header id,name,tier,nations", source=source)
        header = [name.strip() for name in header]
        missing = [name for name in _CSV_REQUIRED if name not in header]
        if missing:
            raise CatalogueError(
                f"missing column {missing[0]!r} (header must include id,name,tier,nations)",
                source=source,
                line=1,
                value=",".join(header),
            )
        unknown = [name for name in header if name not in (*_CSV_REQUIRED, *_CODE_FIELDS)]
        if unknown:
            raise CatalogueError(
                f"unknown column {unknown[0]!r}", source=source, line=1, value=unknown[0]
            )
        reader.fieldnames = header
        bodies: list[Body] = []
        seen: dict[str, int | None] = {}
        try:
            for row in reader:
                line = reader.line_num
                if None in row:
                    raise CatalogueError(
                        "row has more fields than the header",
                        source=source,
                        line=line,
                        value=row[None],
                    )
                fields = {key: (value or "") for key, value in row.items()}
                if not any(value.strip() for value in fields.values()):
                    continue
                body = _body_from_fields(fields, source=source, line=line, nations_are_list=False)
                _refuse_duplicate(body.id, seen, source=source, line=line)
                bodies.append(body)
        except csv.Error as error:
            raise CatalogueError(
                f"malformed CSV: {error}", source=source, line=reader.line_num
            ) from None
        return cls(bodies)

    def to_toml(self) -> str:
        """Serialise as TOML that :meth:`from_toml` reads back equal."""
        chunks: list[str] = []
        for body in self.bodies():
            lines = [
                "[[body]]",
                f"id = {_toml_string(body.id)}",
                f"name = {_toml_string(body.name)}",
                f"tier = {_toml_string(body.tier.value)}",
                "nations = ["
                + ", ".join(_toml_string(n) for n in sorted(n.value for n in body.nations))
                + "]",
            ]
            for code in _CODE_FIELDS:
                value = getattr(body, code)
                if value is not None:
                    lines.append(f"{code} = {_toml_string(value)}")
            chunks.append("\n".join(lines))
        return "\n\n".join(chunks) + "\n"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogueError("file not found", source=path) from None
    except UnicodeDecodeError as error:
        raise CatalogueError(f"not UTF-8 text (byte {error.start})", source=path) from None
    except OSError as error:
        raise CatalogueError(f"cannot read file: {error.strerror}", source=path) from None


def _table_header_lines(text: str, table: str) -> list[int]:
    header = f"[[{table}]]"
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().replace(" ", "").startswith(header)
    ]


def _refuse_duplicate(
    body_id: str, seen: dict[str, int | None], *, source: str, line: int | None
) -> None:
    if body_id in seen:
        first = seen[body_id]
        where = f" (first defined on line {first})" if first is not None else ""
        raise CatalogueError(
            f"duplicate body id {body_id!r}{where}", source=source, line=line, value=body_id
        )
    seen[body_id] = line


def _body_from_fields(
    fields: Mapping[str, Any], *, source: str, line: int | None, nations_are_list: bool
) -> Body:
    allowed = {*_CSV_REQUIRED, *_CODE_FIELDS}
    for key in fields:
        if key not in allowed:
            raise CatalogueError(f"unknown field {key!r}", source=source, line=line, value=key)
    for key in _CSV_REQUIRED:
        if key not in fields:
            raise CatalogueError(f"missing field {key!r}", source=source, line=line)
    body_id = fields["id"]
    name = fields["name"]
    tier_text = fields["tier"]
    for key, value in (("id", body_id), ("name", name), ("tier", tier_text)):
        if not isinstance(value, str):
            raise CatalogueError(f"{key} must be a string", source=source, line=line, value=value)
    if not body_id.strip():
        raise CatalogueError("empty body id", source=source, line=line, value=body_id)
    if not name.strip():
        raise CatalogueError(
            f"body {body_id!r} has an empty name", source=source, line=line, value=name
        )
    try:
        tier = parse_tier(tier_text)
    except ValueError as error:
        raise CatalogueError(str(error), source=source, line=line, value=tier_text) from None
    raw_nations = fields["nations"]
    if nations_are_list:
        if not isinstance(raw_nations, list) or not all(isinstance(n, str) for n in raw_nations):
            raise CatalogueError(
                "nations must be a list of strings", source=source, line=line, value=raw_nations
            )
        nation_texts = [str(n) for n in raw_nations]
    else:
        nation_texts = [part for part in str(raw_nations).split(";") if part.strip()]
    if not nation_texts:
        raise CatalogueError(
            f"body {body_id!r} serves no nation", source=source, line=line, value=raw_nations
        )
    nations: list[Nation] = []
    for text in nation_texts:
        try:
            nations.append(parse_nation(text))
        except ValueError as error:
            raise CatalogueError(str(error), source=source, line=line, value=text) from None
    codes: dict[str, str | None] = {}
    for code in _CODE_FIELDS:
        value = fields.get(code)
        if value is not None and not isinstance(value, str):
            raise CatalogueError(f"{code} must be a string", source=source, line=line, value=value)
        codes[code] = (value.strip() or None) if isinstance(value, str) else None
    try:
        return Body(id=body_id.strip(), name=name.strip(), tier=tier, nations=nations, **codes)
    except ValueError as error:
        raise CatalogueError(str(error), source=source, line=line, value=body_id) from None


def _toml_string(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    escaped = "".join(ch if ch.isprintable() else _toml_unicode_escape(ch) for ch in escaped)
    return f'"{escaped}"'


def _toml_unicode_escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
