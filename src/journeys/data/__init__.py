"""Data shipped with the package: the UK catalogue of bodies and the analysis JSON schema."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from journeys.bodies import Catalogue

__all__ = ["analysis_schema", "uk_catalogue"]


@cache
def uk_catalogue() -> Catalogue:
    """The bundled catalogue of UK central, devolved and local bodies.

    Sources for every entry are cited in the data file ``uk_catalogue.toml``.
    """
    data = resources.files("journeys.data").joinpath("uk_catalogue.toml")
    return Catalogue.from_toml_text(data.read_text(encoding="utf-8"), source=str(data))


def analysis_schema(version: int = 2) -> dict[str, Any]:
    """The JSON Schema that :meth:`journeys.analysis.Analysis.to_json` output follows
    (``version`` 1 for readers of output written before the experience section)."""
    if version not in (1, 2):
        raise ValueError(f"there is no analysis schema version {version!r} (1 or 2)")
    data = resources.files("journeys.data").joinpath(f"schemas/analysis-{version}.schema.json")
    schema: dict[str, Any] = json.loads(data.read_text(encoding="utf-8"))
    return schema
