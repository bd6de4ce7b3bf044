"""Body-level feedback: counts of answers about a body that no journey holds.

Published feedback often comes as counts, not as one answer per citizen: the NHS
Friends and Family Test's monthly results per trust and site, a GOV.UK feedback
export whose rows name no journey. :class:`BodyFeedbackRecord` is one such count:
a body, what it was about, the instrument, the period, and how many gave each
answer. It carries no citizen and no words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import attrs

__all__ = ["BodyFeedbackRecord"]


@attrs.frozen
class BodyFeedbackRecord:
    """How many answered what, about ``body``, over ``period_start``..``period_end``."""

    body: str
    about: str | None
    instrument: str
    period_start: date
    period_end: date
    answers: Mapping[str, int]
    """Each answer (as the instrument spells it) to how many gave it."""
    source: str
    """Where the counts came from (the file, or a description)."""
