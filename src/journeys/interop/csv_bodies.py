"""The bodies beside a journey-events CSV: ``events.csv`` → ``events.bodies.toml``.

A journey-events CSV names bodies by id only, so a store made from it needs their
definitions. ``journeys export --csv events.csv`` writes the bodies the store
keeps beside it, as a TOML catalogue (``events.bodies.toml``), and
:func:`~journeys.interop.import_log` reads that file, when there is one, before a
journey-events CSV: an export imports into a new store with no flags.

A body the file defines differently from the store's own definition is refused
with :class:`~journeys.errors.CatalogueConflictError` naming the file (the store's
events were recorded against its definition); otherwise the file's definition is
used, over the bundled catalogue's.
"""

from __future__ import annotations

from pathlib import Path

from journeys.application import JourneyApp
from journeys.bodies import Catalogue
from journeys.errors import CatalogueConflictError

__all__ = ["BODIES_SUFFIX", "journey_csv_bodies_path", "read_journey_csv_bodies"]

BODIES_SUFFIX = ".bodies.toml"
"""What replaces ``.csv`` in the name of a journey-events CSV's bodies file."""


def journey_csv_bodies_path(path: str | Path) -> Path:
    """Where the bodies of the journey-events CSV at ``path`` are kept."""
    path = Path(path)
    return path.with_name(path.stem + BODIES_SUFFIX)


def read_journey_csv_bodies(app: JourneyApp, path: str | Path) -> int:
    """Add to ``app.catalogue`` the bodies beside the journey-events CSV at ``path``
    (none when there is no such file); return how many it defines."""
    bodies_path = journey_csv_bodies_path(path)
    if not bodies_path.is_file():
        return 0
    bodies = Catalogue.from_toml(bodies_path)
    stored = app.stored_bodies
    for body in bodies.bodies():
        if body.id in stored and stored[body.id] != body:
            raise CatalogueConflictError(
                f"body {body.id!r} is defined otherwise in the store: import into another "
                "store, or change the store's definition first (journeys catalogue --db DB "
                "--record FILE --replace)",
                source=bodies_path,
                value=body.id,
            )
    kept = [body for body in app.catalogue.bodies() if body.id not in bodies]
    app.catalogue = Catalogue([*kept, *bodies.bodies()])
    return len(bodies)
