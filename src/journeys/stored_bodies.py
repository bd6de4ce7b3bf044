"""The store keeps its catalogue: the definition of every body its events name.

A store made by ``journeys import`` names bodies the bundled catalogue does not
know (generated from a log's resources), and a service's own catalogue names
others. So that any store opens and analyses with no extra argument, the app
records in the store (:mod:`journeys.body_tables`) the definition of each body
the first time one of its events names it, just before that save; in an
encrypted store each definition is encrypted with the ``CIPHER_KEY``, like the
events.

An app's catalogue is then the catalogue it was given (or the default) plus the
stored bodies it lacks. The store's definition of a body is the one the store's
events were recorded against: a catalogue given explicitly that defines a stored
body differently is refused with :class:`~journeys.errors.CatalogueConflictError`,
which says how to record the new definition instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from journeys.bodies import Body, Catalogue
from journeys.bodies.catalogue_files import body_fields
from journeys.body_tables import BodyTable
from journeys.errors import CatalogueConflictError, StoreError

if TYPE_CHECKING:
    from eventsourcing.persistence import Cipher

    from journeys.privacy.body_pseudonyms import BodyPseudonyms

__all__ = ["StoredBodies"]


class StoredBodies:
    """The bodies recorded in one store, read when an app opens it.

    In an encrypted store, ``cipher`` (the app's) encrypts each definition, and
    ``row_keys`` (the store's :class:`~journeys.privacy.BodyPseudonyms`) keys each
    row by a keyed hash of the body id rather than the id, so that not even which
    bodies the store's citizens met is in clear.
    """

    def __init__(
        self, table: BodyTable, cipher: Cipher | None, row_keys: BodyPseudonyms | None
    ) -> None:
        self.table = table
        self.cipher = cipher
        self.row_keys = row_keys
        read = (self._decode(key, data) for key, data in table.read().items())
        self.bodies: dict[str, Body] = {body.id: body for body in read}
        """The stored bodies as this app last read or wrote them."""

    def catalogue_for(self, given: Catalogue, *, explicit: bool) -> Catalogue:
        """``given`` plus the stored bodies it lacks.

        An ``explicit`` catalogue (one the user chose) that defines a stored body
        differently raises :class:`~journeys.errors.CatalogueConflictError`; the
        default catalogue gives way to the store's definitions.
        """
        if explicit:
            for body in given.bodies():
                stored = self.bodies.get(body.id)
                if stored is not None and stored != body:
                    raise _conflict(stored, body, "the catalogue given")
            extra = [body for body_id, body in self.bodies.items() if body_id not in given]
            return given.merged(extra) if extra else given
        if not self.bodies:
            return given
        kept = [body for body in given.bodies() if body.id not in self.bodies]
        return Catalogue([*kept, *self.bodies.values()])

    def unrecorded(self, bodies: Iterable[Body]) -> list[Body]:
        """Those of ``bodies`` the store does not hold as they are."""
        return [body for body in bodies if self.bodies.get(body.id) != body]

    def record(self, bodies: Iterable[Body], *, replace: bool = False) -> None:
        """Record ``bodies`` in the store, in one transaction.

        A body stored with another definition (perhaps by another app a moment
        ago) raises :class:`~journeys.errors.CatalogueConflictError` and nothing is
        recorded, unless ``replace``.
        """
        wanted = {body.id: body for body in bodies}
        if not wanted:
            return
        rows = {self._row_key(body_id): self._encode(body) for body_id, body in wanted.items()}
        stored = self.table.add(rows, replace=replace)
        found = {body.id: body for body in (self._decode(*row) for row in stored.items())}
        for body_id, body in wanted.items():
            if found.get(body_id) != body:
                self.bodies.update(found)
                raise _conflict(found[body_id], body, "this app's catalogue")
        self.bodies.update(found)

    def _row_key(self, body_id: str) -> str:
        return self.row_keys.id_for(body_id) if self.row_keys is not None else body_id

    def _encode(self, body: Body) -> bytes:
        data = json.dumps(_fields(body), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return self.cipher.encrypt(data) if self.cipher is not None else data

    def _decode(self, row_key: str, data: bytes) -> Body:
        try:
            if self.cipher is not None:
                data = self.cipher.decrypt(data)
            return Body(**json.loads(data.decode("utf-8")))
        except Exception as error:  # the cipher's, JSON's or Body's own errors
            raise StoreError(
                f"cannot read the store's definition of body {row_key!r} ({error}): "
                "is CIPHER_KEY right?"
            ) from error


def _fields(body: Body) -> dict[str, Any]:
    """The definition stored for ``body``: its catalogue fields (absent codes left out)."""
    return {name: value for name, value in body_fields(body).items() if value is not None}


def _conflict(stored: Body, given: Body, where: str) -> CatalogueConflictError:
    theirs, ours = _fields(stored), _fields(given)
    field = next(name for name in sorted({*theirs, *ours}) if theirs.get(name) != ours.get(name))
    return CatalogueConflictError(
        f"body {given.id!r} has {field} {ours.get(field)!r} in {where} but "
        f"{theirs.get(field)!r} in the store: to change the store's definition, record "
        f"it (journeys catalogue --db DB --record FILE --replace, or app.record_bodies(bodies, "
        f"replace=True)); otherwise leave the body out of the catalogue",
        value=given.id,
    )
