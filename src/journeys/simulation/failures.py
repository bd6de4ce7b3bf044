"""``Failures``: how often a simulated journey goes wrong, one rate per kind of gap."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs


def _probability(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a probability from 0 to 1, got {value!r}")


def _rate(default: float) -> float:
    return attrs.field(default=default, validator=_probability)


def _optional_probability(
    instance: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None:
        _probability(instance, attribute, value)  # type: ignore[arg-type]


def _override(default: None = None) -> float | None:
    return attrs.field(default=default, validator=_optional_probability)


@attrs.frozen
class StepFailures:
    """Failure rates of one step that differ from :class:`Failures`' own (``None``: as
    there). ``reask`` and ``unheld_time`` are the step's own; ``cold_transfer`` and
    ``self_referral`` apply to the citizen reaching the step."""

    reask: float | None = _override()
    unheld_time: float | None = _override()
    cold_transfer: float | None = _override()
    self_referral: float | None = _override()


@attrs.frozen
class HandoffFailures:
    """Failure rates of one hand-off (by its id) that differ from :class:`Failures`'
    ``dropped_handoff`` and ``rejected_handoff`` (``None``: as there)."""

    dropped: float | None = _override()
    rejected: float | None = _override()


StepOverrides = tuple[tuple[str, StepFailures], ...]
HandoffOverrides = tuple[tuple[str, HandoffFailures], ...]


def _pairs(value: object, kind: type) -> list[tuple[str, object]]:
    pairs = value.items() if isinstance(value, Mapping) else value
    if not isinstance(pairs, Iterable):
        raise ValueError(f"overrides map ids to {kind.__name__}, got {value!r}")
    result: list[tuple[str, object]] = []
    for pair in pairs:
        key, rates = pair
        if not isinstance(key, str) or not isinstance(rates, kind):
            raise ValueError(f"an override maps an id to {kind.__name__}, got {key!r}: {rates!r}")
        result.append((key, rates))
    ids = [key for key, _ in result]
    if len(set(ids)) != len(ids):
        raise ValueError(f"an id has two {kind.__name__} overrides: {sorted(ids)!r}")
    # Sorted, so that equal overrides compare and hash alike however they were given.
    return sorted(result, key=lambda pair: pair[0])


def _step_overrides(
    value: Mapping[str, StepFailures] | Iterable[tuple[str, StepFailures]],
) -> StepOverrides:
    return tuple((key, rates) for key, rates in _pairs(value, StepFailures))  # type: ignore[misc]


def _handoff_overrides(
    value: Mapping[str, HandoffFailures] | Iterable[tuple[str, HandoffFailures]],
) -> HandoffOverrides:
    return tuple((key, rates) for key, rates in _pairs(value, HandoffFailures))  # type: ignore[misc]


@attrs.frozen
class Failures:
    """Failure rates, each a probability from 0 to 1.

    Each failure is injected so that the gap analysis finds exactly its own kind
    of gap (the Gaps page defines them), and with every rate at zero a journey
    has none of them:

    - ``dropped_handoff``: a sent hand-off is never answered. The sender keeps
      the citizen and sends it again later; the second one is accepted.
      Finds a ``dropped_handoff``.
    - ``rejected_handoff``: the receiving body refuses a hand-off; the sender
      sends it again and it is accepted. Finds a ``rejected_handoff``.
    - ``reask``: a body asks the citizen again for facts they already gave
      another body and no hand-off brought (per step). Otherwise the body is
      taken to have them from the other body. Finds a ``reask``.
    - ``cold_transfer``: a hand-off the blueprint expects is not sent, and the
      citizen goes to the next body on their own. Finds a ``cold_transfer``.
    - ``self_referral``: where the blueprint expects no hand-off between two
      bodies, the citizen goes to the next body on their own rather than being
      referred by the last one. Finds a ``cold_transfer``: the design's own gaps.
    - ``unheld_time``: a body closes its case as soon as its work is done,
      without waiting for the next body to take the citizen on. Finds
      ``unheld_time`` whenever no other body holds the citizen meanwhile.

    Drops and rejections can happen to any hand-off, the blueprint's own or a
    referral the simulator adds; re-asks and unheld time are drawn per step.

    ``steps`` and ``handoffs`` override these rates for particular blueprint step
    ids (:class:`StepFailures`) and hand-off ids (:class:`HandoffFailures`; a
    referral's id is ``referral:<from step>:<to step>``), as a mapping or pairs.
    """

    dropped_handoff: float = _rate(0.04)
    rejected_handoff: float = _rate(0.03)
    reask: float = _rate(0.3)
    cold_transfer: float = _rate(0.05)
    self_referral: float = _rate(0.7)
    unheld_time: float = _rate(0.15)
    steps: StepOverrides = attrs.field(default=(), converter=_step_overrides)
    handoffs: HandoffOverrides = attrs.field(default=(), converter=_handoff_overrides)

    def __attrs_post_init__(self) -> None:
        _check_sum(self.dropped_handoff, self.rejected_handoff, "")
        for handoff_id, given in self.handoffs:
            dropped = _either(given.dropped, self.dropped_handoff)
            _check_sum(dropped, _either(given.rejected, self.rejected_handoff), handoff_id)

    def for_step(self, step_id: str) -> StepFailures:
        """The rates of step ``step_id``, every one given (its overrides, else these)."""
        given = dict(self.steps).get(step_id, _NO_STEP_OVERRIDE)
        return StepFailures(
            reask=_either(given.reask, self.reask),
            unheld_time=_either(given.unheld_time, self.unheld_time),
            cold_transfer=_either(given.cold_transfer, self.cold_transfer),
            self_referral=_either(given.self_referral, self.self_referral),
        )

    def for_handoff(self, handoff_id: str) -> HandoffFailures:
        """The rates of hand-off ``handoff_id``, both given (its overrides, else these)."""
        given = dict(self.handoffs).get(handoff_id, _NO_HANDOFF_OVERRIDE)
        return HandoffFailures(
            dropped=_either(given.dropped, self.dropped_handoff),
            rejected=_either(given.rejected, self.rejected_handoff),
        )

    @classmethod
    def none(cls) -> Failures:
        """Every rate zero: the joined-up service, with no gaps between bodies."""
        return cls(0, 0, 0, 0, 0, 0)

    @classmethod
    def only(cls, **rates: float) -> Failures:
        """The given rates and every other one zero, e.g. ``Failures.only(reask=0.5)``."""
        given: dict[str, Any] = dict(rates)
        return attrs.evolve(cls.none(), **given)


_NO_STEP_OVERRIDE = StepFailures()
_NO_HANDOFF_OVERRIDE = HandoffFailures()


def _check_sum(dropped: float, rejected: float, handoff_id: str) -> None:
    if dropped + rejected > 1:
        named = f" of hand-off {handoff_id!r}" if handoff_id else ""
        raise ValueError(
            f"the dropped and rejected rates{named} must sum to at most 1 (a hand-off is "
            f"either dropped or rejected, not both), got {dropped} + {rejected}"
        )


def _either(override: float | None, default: float) -> float:
    return default if override is None else override
