"""Catalogue files: reading bodies from TOML or CSV text, writing them as TOML, CSV or JSON.

A body's ``sources`` are, in TOML, a list whose items are inline tables
``{ title = "...", url = "..." }`` or the key of an entry of the top-level
``[sources]`` table (``[sources.<key>]`` with ``title`` and ``url``), so that a
source shared by many bodies is written once; in JSON, a list of
``{"title", "url"}`` objects; in CSV, one ``sources`` cell of ``title <url>``
items joined by `` | ``.

Every problem in a file is reported as a :class:`~journeys.errors.CatalogueError`
naming the file, the line and the offending value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from journeys.bodies.body import Body
from journeys.bodies.nation import Nation, parse_nation
from journeys.bodies.source import (
    Source,
    format_sources,
    parse_sources,
    to_source,
    toml_sources,
)
from journeys.bodies.tier import parse_tier
from journeys.errors import CatalogueError
from journeys.text_files import parse_toml
from journeys.text_files import read_text as read_file_text

_CODE_FIELDS = ("govuk_slug", "gss", "ods")
_CSV_REQUIRED = ("id", "name", "tier", "nations")
BODY_FIELDS = (*_CSV_REQUIRED, *_CODE_FIELDS, "sources")
"""A body's fields, in the order of a CSV catalogue's columns and a TOML body's keys."""


def body_fields(body: Body) -> dict[str, Any]:
    """``body``'s fields as a catalogue file names them (nations as a sorted list;
    absent codes are ``None``; sources a list of ``{"title", "url"}`` objects)."""
    return {
        "id": body.id,
        "name": body.name,
        "tier": body.tier.value,
        "nations": sorted(nation.value for nation in body.nations),
        "govuk_slug": body.govuk_slug,
        "gss": body.gss,
        "ods": body.ods,
        "sources": [source.as_dict() for source in body.sources],
    }


def bodies_to_csv(bodies: Iterable[Body]) -> str:
    """``bodies`` as a CSV catalogue (nations joined by ``;``) that
    :func:`bodies_from_csv` reads back equal."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=BODY_FIELDS, lineterminator="\n")
    writer.writeheader()
    for body in bodies:
        fields = body_fields(body)
        fields["nations"] = ";".join(fields["nations"])
        fields["sources"] = format_sources(body.sources)
        writer.writerow({name: "" if value is None else value for name, value in fields.items()})
    return text.getvalue()


def bodies_to_json(bodies: Iterable[Body]) -> str:
    """``bodies`` as JSON: ``{"body": [...]}``, a TOML catalogue's document with absent
    codes as ``null``."""
    return json.dumps(
        {"body": [body_fields(body) for body in bodies]}, indent=2, ensure_ascii=False
    )


def read_text(path: Path) -> str:
    """The text of the catalogue file at ``path``; a :class:`CatalogueError` if unreadable."""
    return read_file_text(path, CatalogueError)


def bodies_from_toml(text: str, *, source: str) -> list[Body]:
    """The bodies in TOML text of ``[[body]]`` tables, in file order."""
    document = parse_toml(text, source, CatalogueError)
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
    named = _named_sources(document.get("sources", {}), source=source)
    bodies: list[Body] = []
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(entries):
        line = header_lines[index] if index < len(header_lines) else None
        if not isinstance(entry, dict):
            raise CatalogueError("each body must be a table", source=source, line=line)
        body = _body_from_fields(
            entry, source=source, line=line, nations_are_list=True, named=named
        )
        _refuse_duplicate(body.id, seen, source=source, line=line)
        bodies.append(body)
    return bodies


def bodies_from_csv(text: str, *, source: str) -> list[Body]:
    """The bodies in CSV text with header ``id,name,tier,nations``, in file order."""
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
    unknown = [name for name in header if name not in BODY_FIELDS]
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
    return bodies


def bodies_to_toml(bodies: Iterable[Body]) -> str:
    """``bodies`` as TOML ``[[body]]`` tables that :func:`bodies_from_toml` reads back equal."""
    chunks: list[str] = []
    for body in bodies:
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
        if body.sources:
            lines += toml_sources(body.sources, _toml_string)
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n"


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


def _named_sources(value: object, *, source: str) -> dict[str, Source]:
    """The top-level ``[sources]`` table: each ``[sources.<key>]`` a title and a url."""
    if not isinstance(value, dict):
        raise CatalogueError("'sources' must be a table of [sources.<key>] tables", source=source)
    named: dict[str, Source] = {}
    for key, entry in value.items():
        try:
            if not isinstance(entry, dict):
                raise ValueError("it must be a table with title and url")
            named[key] = to_source(entry)
        except ValueError as error:
            raise CatalogueError(f"source {key!r}: {error}", source=source, value=entry) from None
    return named


def _body_sources(
    value: object,
    *,
    source: str,
    line: int | None,
    named: Mapping[str, Source] | None,
) -> tuple[Source, ...]:
    """A body's ``sources``: a CSV cell, or a TOML list of tables or ``[sources]`` keys."""
    try:
        if named is None:
            return parse_sources(value) if isinstance(value, str) else ()
        if not isinstance(value, list):
            raise ValueError("sources must be a list of {title, url} tables or source keys")
        found: list[Source] = []
        for item in value:
            if isinstance(item, str):
                if item not in named:
                    raise ValueError(f"no [sources.{item}] table for source {item!r}")
                found.append(named[item])
            else:
                found.append(to_source(item))
        return tuple(found)
    except ValueError as error:
        raise CatalogueError(str(error), source=source, line=line, value=value) from None


def _body_from_fields(
    fields: Mapping[str, Any],
    *,
    source: str,
    line: int | None,
    nations_are_list: bool,
    named: Mapping[str, Source] | None = None,
) -> Body:
    allowed = set(BODY_FIELDS)
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
    sources = (
        _body_sources(fields["sources"], source=source, line=line, named=named)
        if "sources" in fields
        else ()
    )
    try:
        return Body(
            id=body_id.strip(),
            name=name.strip(),
            tier=tier,
            nations=nations,
            sources=sources,
            **codes,
        )
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
