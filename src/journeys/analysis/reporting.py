"""How rules report what they find: one :class:`Reporter` shared by every rule.

A rule says what it found (kind, bodies, interval, items ...); the reporter makes
the :class:`~journeys.analysis.findings.Finding`, classifies the boundary it
crosses, and adds it to the tally the engine is filling at the time (the running
tally, or the one that closing journeys at an ``as_of`` fills).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

from journeys.analysis.findings import Finding, FindingKind
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import Tally
from journeys.bodies import Boundary

Classify = Callable[[str | None, str | None], Boundary]
"""Classifies the boundary between two bodies (``Catalogue.boundary``)."""


class Reporter:
    """Adds findings to :attr:`tally`, each with its boundary when ``classify`` is given."""

    __slots__ = ("_classify", "tally")

    def __init__(self, tally: Tally, classify: Classify | None) -> None:
        self.tally = tally
        self._classify = classify

    def __call__(
        self,
        kind: FindingKind,
        fold: JourneyFold,
        from_body: str | None,
        to_body: str | None,
        start: datetime,
        end: datetime,
        *,
        items: Collection[str] = (),
        handoff: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Report a finding of ``kind`` in ``fold``'s journey."""
        self.tally.findings.append(
            Finding(
                kind,
                fold.journey,
                from_body,
                to_body,
                start,
                end,
                tuple(sorted(items)) if items else (),
                handoff,
                detail,
                self._classify(from_body, to_body) if self._classify else None,
            )
        )

    def into(self, tally: Tally) -> Reporter:
        """A reporter that adds to ``tally`` instead (to weigh findings before keeping them)."""
        return Reporter(tally, self._classify)
