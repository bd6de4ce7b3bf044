"""The ``JourneyMachine`` rules for the citizen's voice: feedback, complaints, channels.

Valid feedback is any answer of a bundled instrument (an answer that scores
nothing, such as the Friends and Family Test's "Don't know", included), given
with no score or with the table's own score, or any answer on an instrument of
the team's own with a score from -2 to +2. Each refusal rule breaks one thing: an
instrument the table does not hold, an answer its instrument does not have, a
score out of range or disagreeing with the table, a complaint id used twice, a
complaint resolved that was never made or is resolved already, an outcome or a
channel that does not exist. The end and the time are checked first, as always.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import rule

from journeys.errors import InvalidValueError, UnknownAnswerError, UnknownInstrumentError
from journeys.journey import Journey
from journeys.testing._command_rules import hours_later
from journeys.testing._expected_journey import Refusal
from journeys.testing._machine_harness import BODIES, MachineHarness
from journeys.testing._names import ACTIVITIES, THEMES
from journeys.voice.channels import Channel
from journeys.voice.instruments import bundled_instruments
from journeys.voice.outcomes import ComplaintOutcome

MACHINE_INSTRUMENTS = ("govuk-satisfaction", "nhs-fft", "nps-0-10")
ANSWERS: tuple[tuple[str, str], ...] = tuple(
    (instrument, answer)
    for instrument in MACHINE_INSTRUMENTS
    for answer in bundled_instruments().get(instrument).answers
)
"""Every ``(instrument, answer)`` of the machine's bundled instruments."""

OWN_INSTRUMENT = "team-survey"
"""An instrument that is not in the bundled table: its answers carry their own score."""

COMPLAINT_IDS = ("c1", "c2", "c3")
OUTCOMES = tuple(outcome.value for outcome in ComplaintOutcome)

channels = st.none() | st.sampled_from([channel.value for channel in Channel])
themes = st.lists(st.sampled_from(THEMES), max_size=2, unique=True)
abouts = st.sampled_from(ACTIVITIES[:2])

BAD_FEEDBACK: dict[str, tuple[str, str, float | None, type[InvalidValueError]]] = {
    "unknown instrument": ("no-such-scale", "Good", None, UnknownInstrumentError),
    "unknown answer": ("govuk-satisfaction", "Maybe", None, UnknownAnswerError),
    "unknown answer with a score": ("nhs-fft", "Maybe", 1.0, UnknownAnswerError),
    "score above the range": (OWN_INSTRUMENT, "Great", 2.5, InvalidValueError),
    "score below the range": (OWN_INSTRUMENT, "Awful", -3.0, InvalidValueError),
    "score not a number": (OWN_INSTRUMENT, "Great", float("nan"), InvalidValueError),
    "score unlike the table": (
        "govuk-satisfaction",
        "Satisfied",
        -1.0,
        InvalidValueError,
    ),
}
"""One broken argument each: ``(instrument, answer, score, error)``."""


class VoiceRules(MachineHarness):
    """Rules for feedback and complaints, valid and refused."""

    # --- feedback ---------------------------------------------------------------------

    @rule(
        body=BODIES,
        about=abouts,
        given=st.sampled_from(ANSWERS),
        with_score=st.booleans(),
        themes=themes,
        channel=channels,
        hours=hours_later,
    )
    def give_feedback(
        self,
        body: str,
        about: str,
        given: tuple[str, str],
        with_score: bool,
        themes: list[str],
        channel: str | None,
        hours: int,
    ) -> None:
        """Answer a bundled instrument, with no score or the table's own."""
        instrument, answer = given
        score = bundled_instruments().score(instrument, answer) if with_score else None
        self._feedback(body, about, instrument, answer, score, themes, channel, hours, None)

    @rule(
        body=BODIES,
        answer=st.sampled_from(("Easy", "Hard")),
        score=st.floats(-2, 2),
        hours=hours_later,
    )
    def give_feedback_on_an_own_instrument(
        self, body: str, answer: str, score: float, hours: int
    ) -> None:
        """Answer an instrument of the team's own, which records the score it is given."""
        self._feedback(body, "visit", OWN_INSTRUMENT, answer, score, [], None, hours, None)

    @rule(body=BODIES, broken=st.sampled_from(sorted(BAD_FEEDBACK)), hours=hours_later)
    def refuse_bad_feedback(self, body: str, broken: str, hours: int) -> None:
        """Feedback with one broken argument is refused with its own error."""
        instrument, answer, score, error = BAD_FEEDBACK[broken]
        self._feedback(body, "visit", instrument, answer, score, [], None, hours, error)

    def _feedback(
        self,
        body: str,
        about: str,
        instrument: str,
        answer: str,
        score: float | None,
        themes: list[str],
        channel: str | None,
        hours: int,
        error: type[InvalidValueError] | None,
    ) -> None:
        when = self._expected.at(hours)
        refusal: Refusal = self._expected.time_refusal(when) or error
        self._attempt(
            lambda: self.journey.give_feedback(
                body,
                about,
                instrument,
                answer,
                occurred_at=when,
                score=score,
                themes=themes,
                channel=channel,
            ),
            refusal,
            Journey.FeedbackGiven,
        )

    # --- complaints -------------------------------------------------------------------

    @rule(
        complaint=st.sampled_from(COMPLAINT_IDS),
        body=BODIES,
        about=st.none() | abouts,
        themes=themes,
        channel=channels,
        hours=hours_later,
    )
    def make_complaint(
        self,
        complaint: str,
        body: str,
        about: str | None,
        themes: list[str],
        channel: str | None,
        hours: int,
    ) -> None:
        """Complain, perhaps under an id already used."""
        when = self._expected.at(hours)
        if self._attempt(
            lambda: self.journey.make_complaint(
                complaint, body, occurred_at=when, about=about, themes=themes, channel=channel
            ),
            self._expected.complaint_refusal(complaint, when),
            Journey.ComplaintMade,
        ):
            self._expected.complaints[complaint] = None

    @rule(
        complaint=st.sampled_from(COMPLAINT_IDS),
        outcome=st.sampled_from(OUTCOMES),
        hours=hours_later,
    )
    def resolve_complaint(self, complaint: str, outcome: str, hours: int) -> None:
        """Resolve a complaint, perhaps one never made or already resolved."""
        when = self._expected.at(hours)
        if self._attempt(
            lambda: self.journey.resolve_complaint(complaint, occurred_at=when, outcome=outcome),
            self._expected.resolve_refusal(complaint, when),
            Journey.ComplaintResolved,
        ):
            self._expected.complaints[complaint] = outcome

    @rule(complaint=st.sampled_from(COMPLAINT_IDS), hours=hours_later)
    def refuse_unknown_outcome(self, complaint: str, hours: int) -> None:
        """An outcome that is not upheld, partially upheld or not upheld is refused
        (after the complaint itself is checked)."""
        when = self._expected.at(hours)
        refusal = self._expected.resolve_refusal(complaint, when) or InvalidValueError
        self._attempt(
            lambda: self.journey.resolve_complaint(
                complaint, occurred_at=when, outcome="dismissed"
            ),
            refusal,
            None,
        )

    # --- channels ---------------------------------------------------------------------

    @rule(body=BODIES, hours=hours_later)
    def refuse_unknown_channel(self, body: str, hours: int) -> None:
        """A touchpoint through a channel that does not exist is refused."""
        when = self._expected.at(hours)
        refusal = self._expected.time_refusal(when) or InvalidValueError
        self._attempt(
            lambda: self.journey.touchpoint(
                body, "visit", occurred_at=when, channel="carrier pigeon"
            ),
            refusal,
            None,
        )
