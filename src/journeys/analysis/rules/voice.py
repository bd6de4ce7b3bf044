"""The citizen's voice: what the citizen said, and where they were taken on and how.

This part finds no gap. It records, in the tally, what the experience results
are worked out from:

- each ``FeedbackGiven`` as a :class:`~journeys.analysis.tally.FeedbackRecord`,
  with the journey's trigger and nation (kept on the fold from its ``Started``),
  so that journeys with and without a gap can be compared like with like;
- complaints per body: ``(body, "made")`` for each ``ComplaintMade``, and
  ``(body, outcome)`` for each ``ComplaintResolved`` (the body is the one the
  complaint was made to, remembered on the fold until it is resolved);
- the journeys in which each body took the citizen on (a case opened or a
  touchpoint at a body that had not yet held them in the journey): the
  denominator of complaints per 1,000 journeys, and of a body's silent share;
- the channel of each case opened and touchpoint that named one, per body.

It reads ``bodies_held`` as it was before the event, so it runs before the
holding tracker.
"""

from __future__ import annotations

from collections.abc import Mapping

from journeys.analysis.fold import JourneyFold
from journeys.analysis.reporting import Reporter
from journeys.analysis.rules.base import Handler, Part
from journeys.analysis.tally import FeedbackRecord
from journeys.errors import AnalysisError
from journeys.journey import Journey


class CitizenVoice(Part):
    """Adds feedback records and complaint, body-journey and channel counts to the
    tally the engine is filling (``report.tally``, read at each event: the engine
    redirects it while it closes journeys)."""

    def __init__(self, report: Reporter) -> None:
        self._report = report

    def handlers(self) -> Mapping[type[Journey.Event], Handler]:
        return {
            Journey.Started: self.started,
            Journey.CaseOpened: self.took_on,
            Journey.Touchpoint: self.took_on,
            Journey.FeedbackGiven: self.feedback,
            Journey.ComplaintMade: self.complaint_made,
            Journey.ComplaintResolved: self.complaint_resolved,
        }

    @staticmethod
    def started(fold: JourneyFold, event: Journey.Started) -> None:
        fold.trigger = event.trigger
        fold.nation = event.nation.value

    def took_on(self, fold: JourneyFold, event: Journey.CaseOpened | Journey.Touchpoint) -> None:
        # On the hot path (every case and touchpoint): a set lookup, and a count only
        # when the body is new to the journey or a channel is named. ``get`` rather
        # than ``+=``: a Counter's missing key costs a Python-level ``__missing__`` call.
        body = event.body
        if body not in fold.bodies_held:
            journeys = self._report.tally.body_journeys
            journeys[body] = journeys.get(body, 0) + 1
        channel = event.channel
        if channel is not None:
            channels = self._report.tally.channels
            key = (body, channel)
            channels[key] = channels.get(key, 0) + 1

    def feedback(self, fold: JourneyFold, event: Journey.FeedbackGiven) -> None:
        self._report.tally.feedback.append(
            FeedbackRecord(
                journey=fold.journey,
                trigger=fold.trigger,
                nation=fold.nation,
                body=event.body,
                about=event.about,
                instrument=event.instrument,
                answer=event.answer,
                score=event.score,
                themes=tuple(sorted(event.themes)),
                channel=event.channel,
                occurred_at=event.occurred_at,
            )
        )

    def complaint_made(self, fold: JourneyFold, event: Journey.ComplaintMade) -> None:
        fold.complaints[event.complaint] = event.body
        self._report.tally.complaints[(event.body, "made")] += 1

    def complaint_resolved(self, fold: JourneyFold, event: Journey.ComplaintResolved) -> None:
        # A complaint is resolved once (the journey refuses a second decision), so the
        # fold forgets it here and stays small.
        body = fold.complaints.pop(event.complaint, None)
        if body is None:
            raise AnalysisError(
                f"journey {fold.journey}: complaint {event.complaint!r} was resolved "
                f"(version {event.originator_version}) but never made"
            )
        self._report.tally.complaints[(body, event.outcome)] += 1
