"""The journey's commands for the citizen's voice: feedback and complaints.

:class:`CitizenVoice` is mixed into :class:`~journeys.journey.Journey` (whose
events these commands record), to keep that module to the journey's own steps.
Like every journey command, each checks and normalises its arguments first, so a
refused command raises a :class:`~journeys.errors.JourneyRuleError` and records
nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from journeys.errors import InvalidValueError, UnknownComplaintError
from journeys.normalise import fact_ids, text
from journeys.voice.channels import channel as channel_name
from journeys.voice.instruments import HIGHEST, LOWEST, bundled_instruments
from journeys.voice.outcomes import complaint_outcome

__all__ = ["CitizenVoice"]


class CitizenVoice:
    """Feedback and complaint commands of a journey."""

    _complaints: dict[str, str | None]

    if TYPE_CHECKING:  # provided by Journey and eventsourcing's Aggregate
        FeedbackGiven: Any
        ComplaintMade: Any
        ComplaintResolved: Any

        def _next_time(self, occurred_at: datetime) -> datetime: ...

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    def give_feedback(
        self,
        body: str,
        about: str,
        instrument: str,
        answer: str,
        *,
        occurred_at: datetime,
        score: float | str | None = None,
        themes: Iterable[str] = (),
        channel: str | None = None,
        reference: str | None = None,
    ) -> None:
        """Record the citizen's ``answer`` on ``instrument`` about ``about`` at ``body``.

        The score is looked up in the bundled instrument table, which also checks
        the answer; for an instrument of your own pass ``score`` (from -2 to +2, as
        :meth:`Instruments.score <journeys.voice.Instruments.score>` gives it from
        your table). ``themes`` are theme ids (``"waiting"``,
        ``"asked_again"``), never the citizen's words; ``reference`` an opaque
        reference to where the comment is kept.
        """
        when = self._next_time(occurred_at)
        body, about = text("body", body), text("about", about)
        instrument = text("instrument", instrument)
        answer = text("answer", str(answer) if isinstance(answer, int | float) else answer)
        table = bundled_instruments()
        if score is None:
            scale = table.get(instrument)
            answer = scale.answer(answer)
            value = scale.answers[answer]
        else:
            value = _score(score)
            if instrument in table:  # a known scale checks what it is told
                expected = table.score(instrument, answer)
                if expected != value:
                    raise InvalidValueError(
                        f"score {value} for answer {answer!r} on instrument {instrument!r} "
                        f"disagrees with the instrument table ({expected})"
                    )
                answer = table.get(instrument).answer(answer)
        self.trigger_event(
            self.FeedbackGiven,
            body=body,
            about=about,
            instrument=instrument,
            answer=answer,
            score=value,
            themes=fact_ids(themes, allow_empty=True),
            channel=channel_name("channel", channel),
            reference=text("reference", reference) if reference is not None else None,
            occurred_at=when,
        )

    def make_complaint(
        self,
        complaint: str,
        body: str,
        *,
        occurred_at: datetime,
        about: str | None = None,
        themes: Iterable[str] = (),
        channel: str | None = None,
        reference: str | None = None,
    ) -> None:
        """Record that the citizen complained to ``body``; ``complaint`` is an id unique
        within the journey, used to resolve it."""
        when = self._next_time(occurred_at)
        complaint = text("complaint", complaint)
        if complaint in self._complaints:
            raise UnknownComplaintError(f"complaint {complaint!r} was already made")
        self.trigger_event(
            self.ComplaintMade,
            complaint=complaint,
            body=text("body", body),
            about=text("about", about) if about is not None else None,
            themes=fact_ids(themes, allow_empty=True),
            channel=channel_name("channel", channel),
            reference=text("reference", reference) if reference is not None else None,
            occurred_at=when,
        )

    def resolve_complaint(self, complaint: str, *, occurred_at: datetime, outcome: str) -> None:
        """Record the body's decision on ``complaint``: ``upheld``, ``partially_upheld``
        or ``not_upheld``."""
        when = self._next_time(occurred_at)
        complaint = text("complaint", complaint)
        if complaint not in self._complaints:
            raise UnknownComplaintError(f"complaint {complaint!r} was never made")
        if self._complaints[complaint] is not None:
            raise UnknownComplaintError(
                f"complaint {complaint!r} is already resolved ({self._complaints[complaint]})"
            )
        self.trigger_event(
            self.ComplaintResolved,
            complaint=complaint,
            outcome=complaint_outcome(outcome),
            occurred_at=when,
        )


def _score(value: object) -> float:
    """A score given directly: a number from -2 to +2 (text such as ``"1.5"`` is read)."""
    number: float
    if isinstance(value, bool):
        raise InvalidValueError(f"score must be a number from -2 to 2, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise InvalidValueError(f"score must be a number from -2 to 2, got {value!r}") from None
    else:
        raise InvalidValueError(f"score must be a number from -2 to 2, got {value!r}")
    if not math.isfinite(number) or not LOWEST <= number <= HIGHEST:
        raise InvalidValueError(f"score must be a number from -2 to 2, got {value!r}")
    return number
