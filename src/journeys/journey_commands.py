"""The journey's commands for its own steps: cases, touchpoints, facts, hand-offs, its end.

:class:`JourneyCommands` is mixed into :class:`~journeys.journey.Journey`, whose
events these commands record (the events stay on ``Journey``: their stored topics
name it), as :class:`~journeys.voice.commands.CitizenVoice` adds the citizen's
voice. Each command checks and normalises its arguments first and only then
triggers its event, so a refused command raises a
:class:`~journeys.errors.JourneyRuleError` and leaves the journey as it was.
The app's commands addressed by journey id are made from these in
:mod:`journeys.commands`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from journeys.errors import (
    CaseAlreadyOpenError,
    DuplicateHandoffError,
    HandoffAlreadyAnsweredError,
    HandoffNotAcceptedError,
    JourneyEndedError,
    SelfHandoffError,
    TimeWentBackwardsError,
    UnknownCaseError,
    UnknownHandoffError,
)
from journeys.journey_state import CaseKey, Handoff, HandoffStatus
from journeys.normalise import fact_ids, start_time, text, utc
from journeys.related import RelatedObject, related_objects
from journeys.voice.channels import channel as channel_name

__all__ = ["JourneyCommands"]


class JourneyCommands:
    """The commands of a journey's own steps, each recording one event."""

    _started_at: datetime
    _last_occurred_at: datetime
    _open_cases: dict[CaseKey, datetime]
    _handoffs: dict[str, Handoff]
    _ended_at: datetime | None

    if TYPE_CHECKING:  # provided by Journey and eventsourcing's Aggregate
        CaseOpened: Any
        CaseClosed: Any
        Touchpoint: Any
        InformationProvided: Any
        InformationRequested: Any
        HandoffSent: Any
        HandoffAccepted: Any
        HandoffRejected: Any
        Ended: Any

        @property
        def id(self) -> UUID: ...

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    def open_case(
        self,
        body: str,
        service: str,
        *,
        occurred_at: datetime,
        via_handoff: str | None = None,
        channel: str | None = None,
    ) -> None:
        """Record that ``body`` takes the citizen on for ``service``.

        ``via_handoff`` names the accepted hand-off that brought the citizen here;
        ``channel`` how the citizen reached the body (:class:`~journeys.voice.Channel`).
        """
        when = self._next_time(occurred_at)
        body, service = text("body", body), text("service", service)
        key = CaseKey(body, service)
        if key in self._open_cases:
            raise CaseAlreadyOpenError(
                f"case {service!r} at {body!r} is already open in journey {self.id}"
            )
        if via_handoff is not None:
            via_handoff = text("via_handoff", via_handoff)
            handoff = self._handoffs.get(via_handoff)
            if handoff is None:
                raise UnknownHandoffError(
                    f"hand-off {via_handoff!r} was never sent in journey {self.id}"
                )
            if handoff.to_body != body or handoff.status != HandoffStatus.ACCEPTED:
                raise HandoffNotAcceptedError(
                    f"hand-off {via_handoff!r} was not accepted by {body!r} "
                    f"(it went to {handoff.to_body!r} and is {handoff.status})"
                )
        self.trigger_event(
            self.CaseOpened,
            body=body,
            service=service,
            via_handoff=via_handoff,
            channel=channel_name("channel", channel),
            occurred_at=when,
        )

    def close_case(
        self, body: str, service: str, *, occurred_at: datetime, outcome: str = "closed"
    ) -> None:
        """Record that ``body``'s case for ``service`` ends with ``outcome``."""
        when = self._next_time(occurred_at)
        body, service = text("body", body), text("service", service)
        if CaseKey(body, service) not in self._open_cases:
            raise UnknownCaseError(f"no open case {service!r} at {body!r} in journey {self.id}")
        self.trigger_event(
            self.CaseClosed,
            body=body,
            service=service,
            outcome=text("outcome", outcome),
            occurred_at=when,
        )

    def touchpoint(
        self,
        body: str,
        activity: str,
        *,
        occurred_at: datetime,
        service: str | None = None,
        started_at: datetime | None = None,
        objects: Iterable[RelatedObject] = (),
        channel: str | None = None,
    ) -> None:
        """Record ``activity`` at ``body``, done at ``occurred_at`` (begun at ``started_at``).

        ``objects`` are the other objects the event relates (an object-centric
        log's order, letter ...: :class:`~journeys.related.RelatedObject` values, or
        their flat text as :func:`~journeys.related.objects_text` writes it);
        ``channel`` how the citizen reached the body.
        """
        when = self._next_time(occurred_at)
        self.trigger_event(
            self.Touchpoint,
            body=text("body", body),
            activity=text("activity", activity),
            service=text("service", service) if service is not None else None,
            started_at=start_time(started_at, journey_start=self._started_at, completed=when),
            objects=related_objects(objects),
            channel=channel_name("channel", channel),
            occurred_at=when,
        )

    def provide_information(
        self, body: str, items: Iterable[str], *, occurred_at: datetime
    ) -> None:
        """Record that the citizen told ``body`` the facts ``items``."""
        self._facts(self.InformationProvided, body, items, occurred_at)

    def request_information(
        self, body: str, items: Iterable[str], *, occurred_at: datetime
    ) -> None:
        """Record that ``body`` asked the citizen for the facts ``items``."""
        self._facts(self.InformationRequested, body, items, occurred_at)

    def _facts(
        self, event_class: Any, body: str, items: Iterable[str], occurred_at: datetime
    ) -> None:
        """Record facts given to, or asked for by, ``body``: at least one fact id."""
        when = self._next_time(occurred_at)
        self.trigger_event(
            event_class,
            body=text("body", body),
            items=fact_ids(items, allow_empty=False),
            occurred_at=when,
        )

    def send_handoff(
        self,
        handoff: str,
        *,
        from_body: str,
        to_body: str,
        occurred_at: datetime,
        items: Iterable[str] = (),
    ) -> None:
        """Record that ``from_body`` passed the citizen, and ``items``, to ``to_body``.

        ``handoff`` is an id unique within the journey, used to answer it.
        """
        when = self._next_time(occurred_at)
        handoff = text("handoff", handoff)
        from_body, to_body = text("from_body", from_body), text("to_body", to_body)
        if handoff in self._handoffs:
            raise DuplicateHandoffError(
                f"hand-off {handoff!r} was already sent in journey {self.id}"
            )
        if from_body == to_body:
            raise SelfHandoffError(f"hand-off {handoff!r} goes from {from_body!r} to itself")
        self.trigger_event(
            self.HandoffSent,
            handoff=handoff,
            from_body=from_body,
            to_body=to_body,
            items=fact_ids(items, allow_empty=True),
            occurred_at=when,
        )

    def accept_handoff(self, handoff: str, *, occurred_at: datetime) -> None:
        """Record that the receiving body accepted ``handoff``."""
        when = self._next_time(occurred_at)
        self.trigger_event(
            self.HandoffAccepted, handoff=self._unanswered(handoff), occurred_at=when
        )

    def reject_handoff(
        self, handoff: str, *, occurred_at: datetime, reason: str = "rejected"
    ) -> None:
        """Record that the receiving body refused ``handoff`` for ``reason``."""
        when = self._next_time(occurred_at)
        self.trigger_event(
            self.HandoffRejected,
            handoff=self._unanswered(handoff),
            reason=text("reason", reason),
            occurred_at=when,
        )

    def end(self, *, occurred_at: datetime, outcome: str = "completed") -> None:
        """Record that the journey is over."""
        when = self._next_time(occurred_at)
        self.trigger_event(self.Ended, outcome=text("outcome", outcome), occurred_at=when)

    # --- checks shared by the commands ----------------------------------------------------

    def _next_time(self, occurred_at: datetime) -> datetime:
        if self._ended_at is not None:
            raise JourneyEndedError(f"journey {self.id} ended at {self._ended_at.isoformat()}")
        when = utc("occurred_at", occurred_at)
        if when < self._last_occurred_at:
            raise TimeWentBackwardsError(
                f"occurred_at {when.isoformat()} is before the journey's previous event "
                f"at {self._last_occurred_at.isoformat()} (journey {self.id})"
            )
        return when

    def _unanswered(self, handoff: str) -> str:
        handoff = text("handoff", handoff)
        sent = self._handoffs.get(handoff)
        if sent is None:
            raise UnknownHandoffError(f"hand-off {handoff!r} was never sent in journey {self.id}")
        if sent.status != HandoffStatus.SENT:
            raise HandoffAlreadyAnsweredError(f"hand-off {handoff!r} is already {sent.status}")
        return handoff
