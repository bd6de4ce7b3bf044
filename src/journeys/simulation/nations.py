"""``NationWeights``: how a simulated population is spread across the four nations."""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from journeys.bodies import Nation, parse_nation


def _weight(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"the weight of {attribute.name} must be a number >= 0, got {value!r}")


@attrs.frozen
class NationWeights:
    """Relative weights of the nations citizens live in (any scale; only ratios matter).

    The defaults are the nations' populations in the ONS mid-2022 estimates
    (England 57,106,398; Scotland 5,447,700; Wales 3,131,640; Northern Ireland
    1,910,543), so about 84% of simulated citizens live in England.
    """

    england: float = attrs.field(default=57_106_398.0, validator=_weight)
    wales: float = attrs.field(default=3_131_640.0, validator=_weight)
    scotland: float = attrs.field(default=5_447_700.0, validator=_weight)
    northern_ireland: float = attrs.field(default=1_910_543.0, validator=_weight)

    def __attrs_post_init__(self) -> None:
        if not sum(self.as_mapping().values()) > 0:
            raise ValueError("at least one nation needs a weight above zero")

    @classmethod
    def of(cls, weights: NationWeights | Mapping[Nation | str, float]) -> NationWeights:
        """``weights`` as :class:`NationWeights`; a mapping's missing nations weigh 0."""
        if isinstance(weights, NationWeights):
            return weights
        given = {
            (key if isinstance(key, Nation) else parse_nation(key)): value
            for key, value in weights.items()
        }
        return cls(**{nation.name.lower(): given.get(nation, 0.0) for nation in Nation})

    def as_mapping(self) -> dict[Nation, float]:
        """The weights by nation, in the order of :class:`~journeys.bodies.Nation`."""
        return {nation: getattr(self, nation.name.lower()) for nation in Nation}

    def shares(self) -> dict[Nation, float]:
        """Each nation's share of the population (summing to 1)."""
        weights = self.as_mapping()
        total = sum(weights.values())
        return {nation: weight / total for nation, weight in weights.items()}
