"""Finding a journey by what people call it: its id, or its case id in an imported log.

An activity log's case becomes a journey whose id is
:func:`~journeys.journey.journey_id` of the log's source name and the case id,
and whose citizen reference is ``"<source>:<case>"``. So a journey can be named
three ways, which :func:`resolve_journey` accepts wherever a journey is asked for
(``journeys render --journey``):

- its UUID (``0b5a3f0e-...``);
- ``source:case`` (``roadtraffic.xes:N77802``): the journey of that case of that
  log, found by computing its id;
- the bare case id (``N77802``): found among the journeys' starts, by their
  citizen reference. When logs of several sources hold the case, the reference
  is ambiguous and :class:`~journeys.errors.AmbiguousJourneyError` lists the
  ``source:case`` choices.

Journeys of erased citizens are not found: their events cannot be read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import attrs
from eventsourcing.utils import get_topic

from journeys.errors import AmbiguousJourneyError, ErasedError, JourneyNotFoundError
from journeys.journey import Journey
from journeys.journey_ids import journey_id
from journeys.store_errors import store_errors

if TYPE_CHECKING:
    from journeys.application import JourneyApp

__all__ = ["CaseRef", "imported_case", "resolve_journey"]

LIST_HINT = "list the store's journeys and their case ids with `journeys list`"
"""What a :class:`~journeys.errors.JourneyNotFoundError` of a reference suggests."""


@attrs.frozen
class CaseRef:
    """The case of an imported log a journey was made from: ``str()`` is ``source:case``."""

    source: str
    case: str

    def __str__(self) -> str:
        return f"{self.source}:{self.case}"

    @property
    def journey_id(self) -> UUID:
        """The id of the journey imported from this case."""
        return journey_id(self.source, self.case)


def imported_case(citizen: str, journey: UUID) -> CaseRef | None:
    """The case journey ``journey`` of ``citizen`` was imported from, or ``None``.

    A journey is an imported case when its citizen reference is ``source:case``
    and its id is ``journey_id(source, case)`` (a citizen reference that merely
    has a colon is not one). Sources and case ids may hold colons themselves:
    each split is tried.

    >>> from journeys.journey import journey_id
    >>> str(imported_case("roadtraffic.xes:N77802", journey_id("roadtraffic.xes", "N77802")))
    'roadtraffic.xes:N77802'
    """
    for ref in _splits(citizen):
        if ref.journey_id == journey:
            return ref
    return None


def resolve_journey(app: JourneyApp, ref: str | UUID) -> UUID:
    """The id of the journey in ``app`` that ``ref`` names (see the module documentation).

    A UUID (or its text) of a stored journey is that journey; else ``source:case``,
    else a bare case id. Raises :class:`~journeys.errors.AmbiguousJourneyError` when a
    bare case id is in several logs, and :class:`~journeys.errors.JourneyNotFoundError`
    (saying how to list the journeys) when nothing matches, or only journeys of
    erased citizens.
    """
    if isinstance(ref, UUID):
        if _is_readable_journey(app, ref):
            return ref
        raise JourneyNotFoundError(ref, hint=LIST_HINT)
    text = ref.strip()
    if not text:
        raise JourneyNotFoundError(repr(ref), hint=LIST_HINT)
    as_uuid = _uuid(text)
    if as_uuid is not None and _is_readable_journey(app, as_uuid):
        return as_uuid
    named = [split for split in _splits(text) if _is_readable_journey(app, split.journey_id)]
    if len(named) == 1:
        return named[0].journey_id
    matches = named or _cases_named(app, text)
    if not matches:
        raise JourneyNotFoundError(text, hint=LIST_HINT)
    if len(matches) > 1:
        raise AmbiguousJourneyError(text, tuple(sorted(str(match) for match in matches)))
    return matches[0].journey_id


def _splits(text: str) -> list[CaseRef]:
    """Every ``source:case`` reading of ``text``, both parts non-empty."""
    return [
        CaseRef(text[:index], text[index + 1 :])
        for index, char in enumerate(text)
        if char == ":" and 0 < index < len(text) - 1
    ]


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(text)
    except ValueError:
        return None


def _is_readable_journey(app: JourneyApp, candidate: UUID) -> bool:
    """Whether ``candidate`` is a journey whose start can be read (one event read)."""
    with store_errors("find the journey"):
        stored = app.recorder.select_events(candidate, limit=1)
        if not stored:
            return False
        with app.mapper_keys((candidate,)):
            try:
                event = app.mapper.to_domain_event(stored[0])
            except ErasedError:
                return False
    return isinstance(event, Journey.Started)


def _cases_named(app: JourneyApp, case: str) -> list[CaseRef]:
    """The imported cases with id ``case``, from the stored journeys' starts."""
    suffix = f":{case}"
    found = []
    for _, event in app.read_events(topics=(get_topic(Journey.Started),)):
        assert isinstance(event, Journey.Started)
        if event.citizen.endswith(suffix):
            ref = CaseRef(event.citizen[: -len(suffix)], case)
            if ref.source and ref.journey_id == event.originator_id:
                found.append(ref)
    return found
