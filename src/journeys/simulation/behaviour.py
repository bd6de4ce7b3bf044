"""``Behaviour``: what simulated citizens and bodies do, apart from delays and failures."""

from __future__ import annotations

import math
from collections.abc import Iterable

import attrs


def _probability(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a probability from 0 to 1, got {value!r}")


def _weights(value: Iterable[float]) -> tuple[float, ...]:
    return tuple(value)


def _check_weights(
    instance: object, attribute: attrs.Attribute[tuple[float, ...]], value: tuple[float, ...]
) -> None:
    if not value or any(
        not isinstance(w, int | float) or not math.isfinite(w) or w < 0 for w in value
    ):
        raise ValueError(f"{attribute.name} must be weights >= 0, got {value!r}")
    if not sum(value) > 0:
        raise ValueError(f"{attribute.name} needs at least one weight above zero")


def _step_ids(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        # A lone id would otherwise become a set of its letters.
        return frozenset({value})
    return frozenset(value)


def _check_step_ids(
    instance: object, attribute: attrs.Attribute[frozenset[str]], value: frozenset[str]
) -> None:
    if any(not isinstance(step_id, str) or not step_id for step_id in value):
        raise ValueError(f"{attribute.name} must be step ids, got {sorted(map(repr, value))}")


MILESTONES: tuple[str, ...] = ("acknowledgement sent", "evidence checked", "decision issued")
"""The touchpoints a body records during a case, in order; a case with ``k`` of
them records the last ``k`` (one touchpoint is the decision)."""


@attrs.frozen
class Behaviour:
    """Choices in a simulated journey that are not failures.

    - ``optional_steps``: the probability that a citizen takes a step the
      blueprint marks optional (a ``choice`` step is always one of its stage's).
    - ``journeys_per_citizen``: weights of a citizen living 1, 2, 3 ... journeys
      (each from a different blueprint, in the order they start).
    - ``touchpoints_per_case``: weights of a case recording 0, 1, 2 or 3
      touchpoints (:data:`MILESTONES`: acknowledgement, evidence checked,
      decision), named ``"<service>: <milestone>"``.
    - ``automatic_steps``: the blueprint step ids a body does automatically, from
      the data it holds, without the citizen: the work takes ``Delays.automatic``,
      the citizen is asked for nothing, and the case records one touchpoint, the
      decision.
    """

    optional_steps: float = attrs.field(default=0.6, validator=_probability)
    journeys_per_citizen: tuple[float, ...] = attrs.field(
        default=(0.6, 0.3, 0.1), converter=_weights, validator=_check_weights
    )
    touchpoints_per_case: tuple[float, ...] = attrs.field(
        default=(0.05, 0.2, 0.35, 0.4), converter=_weights, validator=_check_weights
    )
    automatic_steps: frozenset[str] = attrs.field(
        default=frozenset(), converter=_step_ids, validator=_check_step_ids
    )

    def __attrs_post_init__(self) -> None:
        if len(self.touchpoints_per_case) > len(MILESTONES) + 1:
            raise ValueError(
                f"touchpoints_per_case has weights for up to {len(MILESTONES)} touchpoints, "
                f"got {len(self.touchpoints_per_case)} weights"
            )
