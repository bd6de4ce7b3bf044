"""The citizen's voice: channels, feedback instruments and complaint outcomes.

Feedback and complaints are journey events
(:class:`~journeys.journey.Journey.FeedbackGiven`,
:class:`~journeys.journey.Journey.ComplaintMade`,
:class:`~journeys.journey.Journey.ComplaintResolved`); this package holds the
vocabulary they are recorded in, and the counts of answers that no journey holds
(:class:`BodyFeedbackRecord`, kept by ``JourneyApp.record_body_feedback``).
"""

from journeys.voice.body_feedback_record import BodyFeedbackRecord
from journeys.voice.channels import Channel
from journeys.voice.instruments import Instrument, Instruments, bundled_instruments
from journeys.voice.outcomes import ComplaintOutcome

__all__ = [
    "BodyFeedbackRecord",
    "Channel",
    "ComplaintOutcome",
    "Instrument",
    "Instruments",
    "bundled_instruments",
]
