"""Kept for modules that still import it; the catalogue, times and builders live in
:mod:`tests.helpers` (import from there)."""

from __future__ import annotations

from tests.helpers import CATALOGUE, GB, T0, at, bereavement, move_to_scotland, population

__all__ = ["CATALOGUE", "GB", "T0", "at", "bereavement", "move_to_scotland", "population"]
