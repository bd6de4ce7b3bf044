"""Which body an activity-log event belongs to.

The first of these that applies wins:

1. the mapping's entry for the event's activity (``[activity."X"] body``);
2. the mapping's entry for its resource (``[resource]``), then for its group (``[group]``);
3. the event's group value, else its resource value, taken as a body id: a value
   that is a catalogue id is that body, any other value becomes a generated body
   with that id and name (tier and nations from the mapping's ``[generated]``) —
   in an encrypted store, with a pseudonymous id instead (the mapping's
   ``generated_pseudonyms``, :mod:`journeys.privacy.body_pseudonyms`), the value
   being kept only as the name;
4. the fallback body (``unknown`` by default), generated too if the catalogue lacks it.
"""

from __future__ import annotations

from journeys.bodies import Body, Catalogue
from journeys.interop.mapping import LogMapping

FALLBACK_BODY_NAME = "Unknown body (the log named none)"


class BodyResolver:
    """Resolves events to body ids, adding the bodies the catalogue lacks.

    ``catalogue`` grows as bodies are generated; :attr:`new_bodies` lists them.
    """

    def __init__(self, catalogue: Catalogue, mapping: LogMapping) -> None:
        self.catalogue = catalogue
        self.mapping = mapping
        self._new: dict[str, Body] = {}

    def body_for(self, activity: str, resource: str | None, group: str | None) -> str:
        """The body id of an event; raises ``ValueError`` for a value unfit as a body id."""
        mapping = self.mapping
        rule = mapping.rule(activity)
        if rule is not None and rule.body is not None:
            return rule.body
        if resource is not None and resource in mapping.resources:
            return mapping.resources[resource]
        if group is not None and group in mapping.groups:
            return mapping.groups[group]
        raw = (group or "").strip() or (resource or "").strip()
        if raw:
            pseudonyms = mapping.generated_pseudonyms
            if pseudonyms is None or raw in self.catalogue:
                return self._known_or_generated(raw, raw)
            return self._known_or_generated(pseudonyms.id_for(raw), raw)
        return self._known_or_generated(mapping.fallback_body, FALLBACK_BODY_NAME)

    @property
    def new_bodies(self) -> tuple[Body, ...]:
        """The bodies generated so far, in the order they were first met."""
        return tuple(self._new.values())

    def _known_or_generated(self, body_id: str, name: str) -> str:
        if body_id in self.catalogue:
            return body_id
        body = Body(
            id=body_id,
            name=name,
            tier=self.mapping.generated_tier,
            nations=self.mapping.generated_nations,
        )
        self._new[body_id] = body
        self.catalogue = self.catalogue.merged([body])
        return body_id
