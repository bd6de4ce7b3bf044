"""The citizen's voice: channels, feedback instruments and complaint outcomes.

Feedback and complaints are journey events
(:class:`~journeys.journey.Journey.FeedbackGiven`,
:class:`~journeys.journey.Journey.ComplaintMade`,
:class:`~journeys.journey.Journey.ComplaintResolved`); this package holds the
vocabulary they are recorded in.
"""

from journeys.voice.channels import Channel
from journeys.voice.instruments import Instrument, Instruments, bundled_instruments
from journeys.voice.outcomes import ComplaintOutcome

__all__ = ["Channel", "ComplaintOutcome", "Instrument", "Instruments", "bundled_instruments"]
