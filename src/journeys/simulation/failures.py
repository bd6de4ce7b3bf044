"""``Failures``: how often a simulated journey goes wrong, one rate per kind of gap."""

from __future__ import annotations

import math

import attrs


def _probability(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a probability from 0 to 1, got {value!r}")


def _rate(default: float) -> float:
    return attrs.field(default=default, validator=_probability)


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
    """

    dropped_handoff: float = _rate(0.04)
    rejected_handoff: float = _rate(0.03)
    reask: float = _rate(0.3)
    cold_transfer: float = _rate(0.05)
    self_referral: float = _rate(0.7)
    unheld_time: float = _rate(0.15)

    def __attrs_post_init__(self) -> None:
        if self.dropped_handoff + self.rejected_handoff > 1:
            raise ValueError(
                "dropped_handoff + rejected_handoff must be at most 1 (a hand-off is either "
                f"dropped or rejected, not both), got {self.dropped_handoff} + "
                f"{self.rejected_handoff}"
            )

    @classmethod
    def none(cls) -> Failures:
        """Every rate zero: the joined-up service, with no gaps between bodies."""
        return cls(0, 0, 0, 0, 0, 0)

    @classmethod
    def only(cls, **rates: float) -> Failures:
        """The given rates and every other one zero, e.g. ``Failures.only(reask=0.5)``."""
        return attrs.evolve(cls.none(), **rates)
