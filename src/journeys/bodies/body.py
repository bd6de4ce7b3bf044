"""A public body: its id, name, tier, the nations it serves, its official codes and sources."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from journeys.bodies.nation import Nation, parse_nation
from journeys.bodies.source import Source, to_sources
from journeys.bodies.tier import Tier, parse_tier


def _check_body_id(instance: Body, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"body id must be a non-empty string, got {value!r}")
    if value != value.strip() or any(ch.isspace() and ch != " " for ch in value):
        raise ValueError(f"body id {value!r} has surrounding or control whitespace")


def _check_name(instance: Body, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"body {instance.id!r} has an empty name")


def _tier(value: Tier | str) -> Tier:
    return parse_tier(value) if isinstance(value, str) else value


def _nations(value: Iterable[Nation | str]) -> frozenset[Nation]:
    return frozenset(parse_nation(n) if isinstance(n, str) else n for n in value)


def _check_nations(
    instance: Body, attribute: attrs.Attribute[frozenset[Nation]], value: frozenset[Nation]
) -> None:
    if not value:
        raise ValueError(f"body {instance.id!r} serves no nation")


@attrs.frozen(order=False)
class Body:
    """A public body that can hold a citizen: a department, agency, council or trust.

    ``nations`` are the nations whose residents it serves. The official codes are
    optional: ``govuk_slug`` (the GOV.UK organisation slug), ``gss`` (ONS/GSS
    geography code, for councils and health boards) and ``ods`` (NHS ODS code).
    ``sources`` are the public pages the body's facts rest on (:class:`Source`;
    mappings of ``title`` and ``url`` are converted).
    """

    id: str = attrs.field(validator=_check_body_id)
    name: str = attrs.field(validator=_check_name)
    tier: Tier = attrs.field(converter=_tier)
    nations: frozenset[Nation] = attrs.field(converter=_nations, validator=_check_nations)
    govuk_slug: str | None = None
    gss: str | None = None
    ods: str | None = None
    sources: tuple[Source, ...] = attrs.field(default=(), converter=to_sources)

    def serves(self, nation: Nation) -> bool:
        """Whether this body serves residents of ``nation``."""
        return nation in self.nations
