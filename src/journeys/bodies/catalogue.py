"""The catalogue: an immutable set of bodies, looked up by id, loaded from TOML or CSV.

The file formats themselves (reading, the line of each problem, writing TOML)
are in :mod:`journeys.bodies.catalogue_files`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from journeys.bodies.body import Body
from journeys.bodies.boundary import Boundary
from journeys.bodies.catalogue_files import (
    bodies_from_csv,
    bodies_from_toml,
    bodies_to_csv,
    bodies_to_json,
    bodies_to_toml,
    read_text,
)
from journeys.errors import CatalogueError, UnknownBodyError


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
        ``govuk_slug``, ``gss``, ``ods`` and ``sources`` (a list of ``{ title, url }``
        tables or keys of the top-level ``[sources]`` table).
        """
        path = Path(path)
        return cls.from_toml_text(read_text(path), source=str(path))

    @classmethod
    def from_toml_text(cls, text: str, *, source: str = "<string>") -> Catalogue:
        """Load a catalogue from TOML text (see :meth:`from_toml`)."""
        return cls(bodies_from_toml(text, source=source))

    @classmethod
    def from_csv(cls, path: str | Path) -> Catalogue:
        """Load a catalogue from a CSV file with header ``id,name,tier,nations``.

        ``nations`` are ``;``-separated. Optional extra columns: ``govuk_slug``,
        ``gss``, ``ods`` and ``sources`` (``title <url>`` items joined by `` | ``).
        """
        path = Path(path)
        return cls.from_csv_text(read_text(path), source=str(path))

    @classmethod
    def from_csv_text(cls, text: str, *, source: str = "<string>") -> Catalogue:
        """Load a catalogue from CSV text (see :meth:`from_csv`)."""
        return cls(bodies_from_csv(text, source=source))

    def to_toml(self) -> str:
        """Serialise as TOML that :meth:`from_toml` reads back equal."""
        return bodies_to_toml(self.bodies())

    def to_csv(self) -> str:
        """Serialise as a CSV catalogue that :meth:`from_csv_text` reads back equal."""
        return bodies_to_csv(self.bodies())

    def to_json(self) -> str:
        """Serialise as JSON, ``{"body": [...]}``: the TOML document, absent codes ``null``."""
        return bodies_to_json(self.bodies())
