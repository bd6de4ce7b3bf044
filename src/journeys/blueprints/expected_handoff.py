"""A hand-off the design expects between two steps' bodies, carrying facts."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from journeys.blueprints.fields import check_id, item_ids, to_nations
from journeys.blueprints.sla import Sla
from journeys.bodies import Nation
from journeys.errors import BlueprintError


def _optional_nations(value: Iterable[Nation | str] | None) -> frozenset[Nation] | None:
    return None if value is None else to_nations(value)


@attrs.frozen
class ExpectedHandoff:
    """A hand-off the design expects from one step's body to another's.

    ``items`` are the facts it carries. ``nations`` limits the nations where it
    is expected; ``None`` means every nation where both steps are offered.
    """

    id: str = attrs.field(validator=check_id)
    from_step: str = attrs.field(validator=check_id)
    to_step: str = attrs.field(validator=check_id)
    items: frozenset[str] = attrs.field(default=frozenset(), converter=item_ids)
    sla: Sla | None = None
    nations: frozenset[Nation] | None = attrs.field(default=None, converter=_optional_nations)

    def __attrs_post_init__(self) -> None:
        if self.from_step == self.to_step:
            raise BlueprintError(
                f"hand-off {self.id!r} goes from step {self.from_step!r} to itself",
                value=self.from_step,
                entry=self.id,
            )
        if self.sla is not None and not self.sla.is_for_handoff:
            raise BlueprintError(
                f"hand-off {self.id!r}: a hand-off's SLA runs from 'handoff-sent' to "
                f"'handoff-accepted', not from {self.sla.start.value!r} to {self.sla.end.value!r}",
                value=self.sla.start.value,
                entry=self.id,
            )
