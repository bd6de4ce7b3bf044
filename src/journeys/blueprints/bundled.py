"""The blueprints shipped with the package (``journeys/data/blueprints/*.toml``)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from journeys.blueprints.loaders import blueprint_from_toml
from journeys.blueprints.model import Blueprint
from journeys.data import uk_catalogue
from journeys.errors import BlueprintError


@cache
def bundled_blueprints() -> Mapping[str, Blueprint]:
    """Every bundled blueprint by id, each checked against the bundled UK catalogue.

    Each cites its sources in ``Blueprint.sources`` and in comments in its file.
    """
    folder = resources.files("journeys.data").joinpath("blueprints")
    blueprints: dict[str, Blueprint] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".toml"):
            continue
        blueprint = blueprint_from_toml(
            entry.read_text(encoding="utf-8"), source=str(entry), catalogue=uk_catalogue()
        )
        stem = entry.name.removesuffix(".toml")
        if blueprint.id != stem:
            # The file name is how load_bundled_blueprint() finds a blueprint.
            raise BlueprintError(
                f"blueprint id {blueprint.id!r} differs from its file name {stem!r}",
                source=str(entry),
                value=blueprint.id,
            )
        blueprints[blueprint.id] = blueprint
    return MappingProxyType(blueprints)


def load_bundled_blueprint(name: str) -> Blueprint:
    """The bundled blueprint with id ``name`` (for example ``"bereavement"``)."""
    blueprints = bundled_blueprints()
    if name not in blueprints:
        known = ", ".join(sorted(blueprints))
        raise BlueprintError(f"no bundled blueprint {name!r} (bundled: {known})", value=name)
    return blueprints[name]
