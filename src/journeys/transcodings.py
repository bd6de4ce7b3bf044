"""JSON transcodings for the values in journey events that are not plain JSON.

``eventsourcing`` stores events as JSON. Datetimes and UUIDs are handled by the
library itself; these add the journey vocabulary's own types. Item sets are
written as sorted lists, so the stored bytes of an event do not depend on hash
order and the same event is stored identically in every process.
"""

from __future__ import annotations

from eventsourcing.persistence import JSONTranscoder, Transcoding

from journeys.bodies import Nation
from journeys.related import RelatedObject


class NationAsValue(Transcoding):
    """A :class:`~journeys.bodies.Nation` as its string value."""

    type = Nation
    name = "nation"

    def encode(self, obj: Nation) -> str:
        return obj.value

    def decode(self, data: str) -> Nation:
        return Nation(data)


class FrozensetAsSortedList(Transcoding):
    """A ``frozenset`` of strings (event ``items``) as a sorted list."""

    type = frozenset
    name = "frozenset"

    def encode(self, obj: frozenset[str]) -> list[str]:
        return sorted(obj)

    def decode(self, data: list[str]) -> frozenset[str]:
        return frozenset(data)


class RelatedObjectAsList(Transcoding):
    """A :class:`~journeys.related.RelatedObject` (in a touchpoint's ``objects``) as
    the list ``[id, type, qualifier]``."""

    type = RelatedObject
    name = "related_object"

    def encode(self, obj: RelatedObject) -> list[str]:
        return [obj.id, obj.type, obj.qualifier]

    def decode(self, data: list[str]) -> RelatedObject:
        object_id, kind, qualifier = data
        return RelatedObject(object_id, kind, qualifier)


def register_journey_transcodings(transcoder: JSONTranscoder) -> None:
    """Register every transcoding journey events need on ``transcoder``."""
    transcoder.register(NationAsValue())
    transcoder.register(FrozensetAsSortedList())
    transcoder.register(RelatedObjectAsList())
