"""Design variants: a blueprint written as the changes it makes to another.

A variant file names its ``base`` blueprint (a bundled id, or a blueprint or
variant file, relative to the variant's folder) and what it changes; loading it
gives a new :class:`~journeys.blueprints.Blueprint` with the variant's ``id``,
checked exactly as a blueprint is. The changes are applied in this order:

- ``[[remove_handoff]]`` ``id``: the base's hand-off is not expected;
- ``[[reroute_handoff]]`` ``id`` and ``from``, ``to`` and/or ``nations``;
- ``[[add_handoff]]``: a new hand-off, with the keys of ``[[handoff]]``;
- ``[[serve]]`` ``step``, ``nation``, ``body``: another body serves the step in
  that nation (a nation the step was not offered in now offers it); or
  ``withdraw = true``: the step is not offered there (nor anywhere, if that was
  its last nation: it leaves the design);
- ``[[sla]]`` ``step`` (with the keys of a step's ``sla``, or ``remove = true``
  and optional ``nations``) or ``handoff`` (``within``, ``days``; or
  ``remove = true``).

Delay distributions, failure rates and automatic steps are the simulator's
settings, not the blueprint's: a variant's ``[simulation]`` table changes them,
and :func:`~journeys.simulation.variant_settings` reads it (the blueprint loaded
here ignores it). ``docs/blueprints.md`` documents the file.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from journeys.blueprints.bundled import bundled_blueprints
from journeys.blueprints.loaders import blueprint_from_toml
from journeys.blueprints.model import Blueprint
from journeys.blueprints.overlay_changes import CHANGES, OverlayChanges
from journeys.blueprints.schema import (
    Where,
    header_lines,
    key_line,
    optional_text,
    parse_toml,
    read_text,
    refuse_unknown_keys,
    tables,
    text,
    words,
)
from journeys.bodies import Catalogue
from journeys.errors import BlueprintError

__all__ = ["load_variant", "variant_from_toml"]

# "simulation" is the simulator's table (journeys.simulation.variant_settings reads it).
_VARIANT_KEYS = frozenset({"base", "id", "title", "description", "sources", "simulation", *CHANGES})


def load_variant(path: str | Path, *, catalogue: Catalogue | None = None) -> Blueprint:
    """Load a design variant file as the blueprint it makes (see the module docs).

    ``catalogue`` (the bundled UK one by default) checks the bodies of the
    result. An unknown base, step, hand-off, body, nation or key raises
    :class:`~journeys.errors.BlueprintError` naming the file, the line of the
    change at fault and the entry. :func:`~journeys.blueprints.load_blueprint`
    loads a variant too.
    """
    path = Path(path)
    return _load(path, read_text(path), catalogue, ())


def variant_from_toml(
    toml_text: str,
    *,
    source: str = "<string>",
    catalogue: Catalogue | None = None,
    folder: str | Path = ".",
) -> Blueprint:
    """Load a design variant from TOML text; a base file is found in ``folder``."""
    return _variant(toml_text, source, catalogue, Path(folder), ())


def _load(
    path: Path, toml_text: str, catalogue: Catalogue | None, seen: tuple[Path, ...]
) -> Blueprint:
    return _variant(toml_text, str(path), catalogue, path.parent, (*seen, path.resolve()))


def _variant(
    toml_text: str,
    source: str,
    catalogue: Catalogue | None,
    folder: Path,
    seen: tuple[Path, ...],
) -> Blueprint:
    document = parse_toml(toml_text, source)
    top = Where(source, None, "variant")
    for key in document:
        if key not in _VARIANT_KEYS:
            line = key_line(toml_text, key) or next(
                iter(header_lines(toml_text, f"[[{key}]]")), None
            )
            refuse_unknown_keys({key: None}, _VARIANT_KEYS, attrs.evolve(top, line=line))
    base_where = Where(source, key_line(toml_text, "base"), "variant")
    base = _base(text(document, "base", base_where), base_where, folder, catalogue, seen)
    variant_id = text(document, "id", top)
    changes = OverlayChanges(base)
    for key in CHANGES:
        lines = header_lines(toml_text, f"[[{key}]]")
        for index, fields in enumerate(tables(document.get(key, []), key, top)):
            line = lines[index] if index < len(lines) else None
            changes.apply(key, fields, Where(source, line, f"{key} {index + 1}"))
    try:
        blueprint = attrs.evolve(
            base,
            id=variant_id,
            title=text(document, "title", top, f"{base.title} ({variant_id})"),
            description=optional_text(document, "description", top) or base.description,
            sources=(*base.sources, *words(document, "sources", top)),
            stages=[
                attrs.evolve(stage, steps=steps)
                for stage in base.stages
                if (steps := [changes.steps[s.id] for s in stage.steps if s.id in changes.steps])
            ],
            handoffs=list(changes.handoffs.values()),
        )
        if catalogue is None:
            from journeys.data import uk_catalogue

            catalogue = uk_catalogue()
        blueprint.check_bodies(catalogue)
    except BlueprintError as error:
        if error.source is not None:
            raise
        # An error of no entry is the variant's own (its id): point at that.
        line = changes.lines.get(error.entry) if error.entry else key_line(toml_text, "id")
        raise error.located(source, line) from None
    return blueprint


def _base(
    name: str, where: Where, folder: Path, catalogue: Catalogue | None, seen: tuple[Path, ...]
) -> Blueprint:
    """The blueprint ``base`` names: a file (blueprint or variant) or a bundled id."""
    path = folder / name
    if name.lower().endswith(".toml") or path.exists():
        if not path.is_file():
            raise where.error(f"base {name!r}: there is no such file", name)
        if path.resolve() in seen:
            raise where.error(f"base {name!r} is this variant or one it builds on", name)
        base_text = read_text(path)
        if "base" in parse_toml(base_text, str(path)):
            return _load(path, base_text, catalogue, seen)
        return blueprint_from_toml(base_text, source=str(path), catalogue=catalogue)
    bundled = bundled_blueprints()
    if name not in bundled:
        known = ", ".join(sorted(bundled))
        raise where.error(
            f"unknown base {name!r} (a bundled blueprint: {known}; or a .toml file)", name
        )
    return bundled[name]
