"""How a complaint ends, in the terms of the NHS written-complaints return (KO41a).

NHS England's KO41a collection counts written complaints resolved as upheld,
partially upheld or not upheld
(https://digital.nhs.uk/data-and-information/publications/statistical/data-on-written-complaints-in-the-nhs);
the same three words serve any public body's complaints.
"""

from __future__ import annotations

import enum

from journeys.errors import InvalidValueError

__all__ = ["ComplaintOutcome", "complaint_outcome"]


class ComplaintOutcome(enum.StrEnum):
    """What the body decided about a complaint."""

    UPHELD = "upheld"
    PARTIALLY_UPHELD = "partially_upheld"
    NOT_UPHELD = "not_upheld"


def complaint_outcome(value: object) -> str:
    """``value`` as an outcome's name (case, spaces and hyphens forgiven), or an
    :class:`~journeys.errors.InvalidValueError` naming it and the outcomes."""
    if isinstance(value, ComplaintOutcome):
        return value.value
    if isinstance(value, str):
        key = "_".join(value.strip().lower().replace("-", " ").split())
        try:
            return ComplaintOutcome(key).value
        except ValueError:
            pass
    known = ", ".join(o.value for o in ComplaintOutcome)
    raise InvalidValueError(f"outcome {value!r} is not a complaint outcome (one of {known})")
