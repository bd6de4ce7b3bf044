"""Data shipped with the package: the UK catalogue of bodies (and, later, blueprints)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from journeys.bodies import Catalogue


@cache
def uk_catalogue() -> Catalogue:
    """The bundled catalogue of UK central, devolved and local bodies.

    Sources for every entry are cited in the data file ``uk_catalogue.toml``.
    """
    data = resources.files("journeys.data").joinpath("uk_catalogue.toml")
    return Catalogue.from_toml_text(data.read_text(encoding="utf-8"), source=str(data))
