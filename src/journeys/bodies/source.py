"""A public source that a body or a blueprint step rests on: a title and a URL.

Bundled data cites public pages (GOV.UK, nidirect, mygov.scot, gov.wales,
legislation.gov.uk, the NHS), never a file that is not shipped. In a CSV
catalogue a body's sources are one ``sources`` cell: each source written
``title <url>``, joined by `` | `` (see :func:`format_sources`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlsplit

import attrs


def _check_title(instance: Source, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a source needs a title, got {value!r}")
    if "<" in value or ">" in value or value != value.strip():
        raise ValueError(f"a source's title has '<', '>' or surrounding space: {value!r}")


def _check_url(instance: Source, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ValueError(f"a source's url must be text, got {value!r}")
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() or ch in "<>" for ch in value)
    ):
        raise ValueError(f"a source's url must be an http(s) URL, got {value!r}")


@attrs.frozen
class Source:
    """A public source: its ``title`` and its ``url`` (http or https).

    >>> Source("GOV.UK: Register a death", "https://www.gov.uk/register-a-death").url
    'https://www.gov.uk/register-a-death'
    """

    title: str = attrs.field(validator=_check_title)
    url: str = attrs.field(validator=_check_url)

    def as_dict(self) -> dict[str, str]:
        """``{"title": ..., "url": ...}``, as TOML and JSON files write a source."""
        return {"title": self.title, "url": self.url}

    def __str__(self) -> str:
        return f"{self.title} <{self.url}>"


def to_source(value: Source | Mapping[str, object]) -> Source:
    """``value`` as a :class:`Source`: a source, or a mapping with ``title`` and ``url``."""
    if isinstance(value, Source):
        return value
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"title", "url"})
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r} in a source (expected title, url)")
        if "title" not in value or "url" not in value:
            raise ValueError("a source needs both 'title' and 'url'")
        title, url = value["title"], value["url"]
        if not isinstance(title, str) or not isinstance(url, str):
            raise ValueError("a source's title and url must be text")
        return Source(title, url)
    raise ValueError(f"a source must be a table of title and url, got {value!r}")


def to_sources(values: Iterable[Source | Mapping[str, object]]) -> tuple[Source, ...]:
    """``values`` as a tuple of :class:`Source` (see :func:`to_source`)."""
    if isinstance(values, (str, bytes, Mapping)):
        raise ValueError(f"sources must be a list of sources, got {values!r}")
    return tuple(to_source(value) for value in values)


def toml_sources(sources: Iterable[Source], string: Callable[[str], str]) -> list[str]:
    """The lines of a TOML ``sources = [...]`` array, one inline table of ``title`` and
    ``url`` a line, each text written as ``string`` quotes it (the catalogue and the
    blueprint writers each keep their own quoting)."""
    return [
        "sources = [",
        *(f"  {{ title = {string(s.title)}, url = {string(s.url)} }}," for s in sources),
        "]",
    ]


_CELL_SOURCE = re.compile(r"\s*([^<>]+?)\s*<([^<>\s]+)>\s*(?:\|\s*|$)")


def format_sources(sources: Iterable[Source]) -> str:
    """Sources as one text cell: ``title <url>`` joined by `` | ``."""
    return " | ".join(str(source) for source in sources)


def parse_sources(cell: str) -> tuple[Source, ...]:
    """The sources in a cell written by :func:`format_sources` (``""``: none).

    ``ValueError`` if the cell is not ``title <url>`` items joined by ``|``.
    """
    sources: list[Source] = []
    position = 0
    text = cell.strip()
    while position < len(text):
        match = _CELL_SOURCE.match(text, position)
        if match is None:
            raise ValueError(
                f"sources must be 'title <url>' joined by ' | ', got {text[position:]!r}"
            )
        sources.append(Source(match.group(1), match.group(2)))
        position = match.end()
    return tuple(sources)
