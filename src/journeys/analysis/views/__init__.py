"""Gap views for each store; :func:`view_class_for` picks the one for a persistence module."""

from __future__ import annotations

from journeys.analysis.views.base import GapView, ViewUpdate
from journeys.errors import StoreError


def view_class_for(persistence_module: str) -> type[GapView]:
    """The gap view class for an eventsourcing persistence module."""
    if persistence_module in ("eventsourcing.popo", ""):
        from journeys.analysis.views.memory import POPOGapView

        return POPOGapView
    if persistence_module == "eventsourcing.sqlite":
        from journeys.analysis.views.sqlite import SQLiteGapView

        return SQLiteGapView
    if persistence_module == "eventsourcing.postgres":
        from journeys.analysis.views.postgres import PostgresGapView

        return PostgresGapView
    raise StoreError(f"no gap view for persistence module {persistence_module!r}")


__all__ = ["GapView", "ViewUpdate", "view_class_for"]
