"""``Voice``: what simulated citizens say about their journeys (feedback, complaints, channels).

A simulated citizen may answer a feedback question after each step of their
journey and may complain; their score falls with the gaps they met in that
journey so far, by a documented amount per kind of gap (:class:`GapEffects`), so
that an analysis of gaps and sentiment has a known effect to find. With the
effects at zero (:meth:`GapEffects.none`) a score does not depend on the gaps at
all. Each case and its touchpoints also get a channel drawn from the nation's mix
(:class:`ChannelMix`). The Simulation page of the documentation describes the
model and its defaults.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import timedelta

import attrs

from journeys.bodies import Nation
from journeys.simulation.distributions import LogNormal
from journeys.voice.channels import Channel
from journeys.voice.instruments import HIGHEST, LOWEST, Instruments, bundled_instruments
from journeys.voice.outcomes import ComplaintOutcome

__all__ = ["DEFAULT_CHANNELS", "GAP_THEMES", "ChannelMix", "GapEffects", "Voice"]

Weights = tuple[tuple[str, float], ...]
"""``(name, weight)`` pairs: weights >= 0, any scale, at least one above zero."""


def _probability(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be a probability from 0 to 1, got {value!r}")


def _finite(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, got {value!r}")


def _weights(value: Mapping[str, float] | Iterable[tuple[str, float]]) -> Weights:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple((str(name), weight) for name, weight in pairs)


def _check_weights(instance: object, attribute: attrs.Attribute[Weights], value: Weights) -> None:
    if not value or any(
        isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w < 0
        for _, w in value
    ):
        raise ValueError(f"{attribute.name} must be (name, weight >= 0) pairs, got {value!r}")
    if not sum(w for _, w in value) > 0:
        raise ValueError(f"{attribute.name} needs at least one weight above zero")
    names = [name for name, _ in value]
    if len(set(names)) != len(names):
        raise ValueError(f"{attribute.name} names one entry twice: {value!r}")


def _channel_weights(value: Mapping[str, float] | Iterable[tuple[str, float]]) -> Weights:
    weights = _weights(value)
    for name, _ in weights:
        try:
            Channel(name)
        except ValueError:
            known = ", ".join(c.value for c in Channel)
            raise ValueError(f"{name!r} is not a channel (one of {known})") from None
    return weights


# --- the effect of gaps on a score -------------------------------------------------------


@attrs.frozen
class GapEffects:
    """How much each gap a citizen met earlier in the journey moves their score.

    Scores run from -2 (worst) to +2 (best). Each field is added to the score of
    every answer given after the gap, once per gap of its kind met so far in the
    same journey (``unheld_time``: per day the citizen was held by no body so
    far). Negative numbers lower the score; :meth:`none` makes scores independent
    of the gaps.
    """

    reask: float = attrs.field(default=-0.6, validator=_finite)
    dropped_handoff: float = attrs.field(default=-1.0, validator=_finite)
    rejected_handoff: float = attrs.field(default=-0.5, validator=_finite)
    cold_transfer: float = attrs.field(default=-0.4, validator=_finite)
    unheld_time: float = attrs.field(default=-0.02, validator=_finite)
    """Per day of unheld time."""

    @classmethod
    def none(cls) -> GapEffects:
        """No effect: a citizen's score does not depend on the gaps they met."""
        return cls(0.0, 0.0, 0.0, 0.0, 0.0)

    def scaled(self, factor: float) -> GapEffects:
        """Every effect multiplied by ``factor`` (``scaled(3)``: three times as strong)."""
        return GapEffects(*(value * factor for value in attrs.astuple(self)))

    def of(self, kind: str) -> float:
        """The effect of one gap of ``kind`` (for ``unheld_time``, of one day)."""
        value: float = getattr(self, kind)
        return value


GAP_THEMES: Mapping[str, str] = {
    "reask": "asked_again",
    "dropped_handoff": "lost_referral",
    "rejected_handoff": "referral_refused",
    "cold_transfer": "passed_around",
    "unheld_time": "left_waiting",
}
"""The theme a simulated citizen gives a kind of gap when they mention it."""


# --- channels ---------------------------------------------------------------------------

DEFAULT_CHANNELS: Weights = (
    ("online", 0.6),
    ("phone", 0.2),
    ("paper", 0.08),
    ("face_to_face", 0.07),
    ("assisted_digital", 0.03),
    ("email", 0.02),
)
"""An illustrative mix of channels (not a measured one), the same in every nation
unless a nation is given its own."""


@attrs.frozen
class ChannelMix:
    """The weights of the channels a case is opened through, per nation.

    Each nation's mix is ``(channel, weight)`` pairs (or a mapping); only ratios
    matter. A case's touchpoints, and the feedback and complaints about it, use
    the case's channel.
    """

    england: Weights = attrs.field(
        default=DEFAULT_CHANNELS, converter=_channel_weights, validator=_check_weights
    )
    wales: Weights = attrs.field(
        default=DEFAULT_CHANNELS, converter=_channel_weights, validator=_check_weights
    )
    scotland: Weights = attrs.field(
        default=DEFAULT_CHANNELS, converter=_channel_weights, validator=_check_weights
    )
    northern_ireland: Weights = attrs.field(
        default=DEFAULT_CHANNELS, converter=_channel_weights, validator=_check_weights
    )

    @classmethod
    def everywhere(cls, mix: Mapping[str, float] | Iterable[tuple[str, float]]) -> ChannelMix:
        """The same mix in every nation."""
        weights = _channel_weights(mix)
        return cls(weights, weights, weights, weights)

    def of(self, nation: Nation) -> Weights:
        """The mix in ``nation``."""
        weights: Weights = getattr(self, nation.name.lower())
        return weights


# --- the whole voice --------------------------------------------------------------------

DEFAULT_INSTRUMENTS: Weights = (
    ("govuk-satisfaction", 6.0),
    ("csat-5", 2.0),
    ("stars-5", 1.0),
    ("nps-0-10", 1.0),
)
"""The instruments a body asks on, unless ``body_instruments`` names one."""

DEFAULT_BODY_INSTRUMENTS: tuple[tuple[str, str], ...] = (("nhs:", "nhs-fft"),)
"""NHS trusts in England (``nhs:<ODS code>``) ask the Friends and Family Test."""

DEFAULT_OUTCOMES: Weights = (
    (ComplaintOutcome.UPHELD.value, 0.3),
    (ComplaintOutcome.PARTIALLY_UPHELD.value, 0.3),
    (ComplaintOutcome.NOT_UPHELD.value, 0.4),
)
"""An illustrative split of complaint outcomes (not a measured one)."""


_ANSWER_TIME = LogNormal(timedelta(days=20), 0.5)
"""How long a body takes to answer a complaint (shared safely: a LogNormal is immutable)."""


def _outcome_weights(value: Mapping[str, float] | Iterable[tuple[str, float]]) -> Weights:
    weights = _weights(value)
    for name, _ in weights:
        ComplaintOutcome(name)  # a ValueError names the value
    return weights


def _body_instruments(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(prefix), str(instrument)) for prefix, instrument in value)


@attrs.frozen
class Voice:
    """What simulated citizens say, and how the gaps they meet change it.

    After each step (a body's case for a service) the citizen:

    - answers a feedback question with probability ``feedback_rate``, about the
      step's service at its body, at the moment the body's work is done. The
      question is on the instrument ``body_instruments`` names for the body (the
      first prefix of its id that matches), otherwise one drawn from
      ``instruments``. With probability ``unscored_rate`` an instrument that has
      an answer scoring nothing ("Don't know" on the NHS Friends and Family
      Test) gets that answer. Otherwise the citizen's score is ``baseline``,
      plus ``effects`` for every gap met in the journey so far, plus normal noise
      of standard deviation ``noise``, kept within -2..+2; the answer is the
      instrument's answer whose score is nearest (the first listed on a tie).
      An answer scoring below zero names the themes (:data:`GAP_THEMES`) of the
      gaps met so far.
    - complains to the step's body with probability ``complaint_rate``, or
      ``complaint_rate_after_gap`` once they have met a gap in the journey; the
      body answers after a delay drawn from ``answer_time`` (by the journey's end
      at the latest), with an outcome drawn from ``outcomes``.

    Each case (and its touchpoints, feedback and complaints) has a channel drawn
    from ``channels`` for the journey's nation; ``channels=None`` names none.
    ``instruments_table`` holds instruments of your own (default: the bundled
    table); answers on an instrument that is not bundled record their score.

    Every draw is keyed by the journey, the case and a purpose of the voice's own
    (:class:`~journeys.simulation.draws.Draws`), so the same seed gives the same
    voice, and switching the voice on or off changes nothing else about the
    population; two voices that differ only in their effects give the same
    answers to the same questions wherever the scores agree; and a step two
    designs share is spoken of with the same draws under both.
    """

    feedback_rate: float = attrs.field(default=0.35, validator=_probability)
    instruments: Weights = attrs.field(
        default=DEFAULT_INSTRUMENTS, converter=_weights, validator=_check_weights
    )
    body_instruments: tuple[tuple[str, str], ...] = attrs.field(
        default=DEFAULT_BODY_INSTRUMENTS, converter=_body_instruments
    )
    unscored_rate: float = attrs.field(default=0.05, validator=_probability)
    baseline: float = attrs.field(default=0.8, validator=_finite)
    noise: float = attrs.field(default=0.9, validator=_finite)
    effects: GapEffects = attrs.field(factory=GapEffects)
    complaint_rate: float = attrs.field(default=0.01, validator=_probability)
    complaint_rate_after_gap: float = attrs.field(default=0.05, validator=_probability)
    outcomes: Weights = attrs.field(
        default=DEFAULT_OUTCOMES, converter=_outcome_weights, validator=_check_weights
    )
    answer_time: LogNormal = _ANSWER_TIME
    channels: ChannelMix | None = attrs.field(factory=ChannelMix)
    instruments_table: Instruments | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if not LOWEST <= self.baseline <= HIGHEST:
            raise ValueError(f"baseline must be a score from -2 to 2, got {self.baseline!r}")
        if self.noise < 0:
            raise ValueError(f"noise must be a standard deviation >= 0, got {self.noise!r}")
        if not isinstance(self.effects, GapEffects):
            raise ValueError(f"effects must be GapEffects, got {self.effects!r}")
        if not isinstance(self.answer_time, LogNormal):
            raise ValueError(f"answer_time must be a LogNormal, got {self.answer_time!r}")
        if self.channels is not None and not isinstance(self.channels, ChannelMix):
            raise ValueError(f"channels must be a ChannelMix or None, got {self.channels!r}")
        if self.instruments_table is not None:
            bundled = bundled_instruments()
            for own in self.instruments_table:
                # The journey command scores a bundled instrument's answers by the
                # bundled table, so a different one under its id could not be recorded.
                if own.id in bundled and bundled.get(own.id) != own:
                    raise ValueError(
                        f"instruments_table redefines the bundled instrument {own.id!r}: "
                        "give your own instrument an id of its own"
                    )
        table = self.table
        for name, _ in self.instruments:
            table.get(name)  # an UnknownInstrumentError names it
        for _, name in self.body_instruments:
            table.get(name)

    @property
    def table(self) -> Instruments:
        """The instrument table the answers come from."""
        if self.instruments_table is None:
            return bundled_instruments()
        return bundled_instruments().extended(self.instruments_table)

    @classmethod
    def silent(cls) -> Voice:
        """Channels only: no feedback and no complaints."""
        return cls(feedback_rate=0.0, complaint_rate=0.0, complaint_rate_after_gap=0.0)
