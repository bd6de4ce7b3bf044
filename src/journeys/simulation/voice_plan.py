"""What one simulated citizen says in one journey, planned from what happened to them.

:class:`Speaker` prepares a :class:`~journeys.simulation.voice.Voice` once per
population (instrument choices, each instrument's answers by score, cumulative
weights) and plans, for one journey's schedule, the feedback and complaints after
each step and the channel of each case. It reads the gaps the schedule injected
with their times (:class:`Met`) and the cases' intervals (for unheld time), so a
score depends only on the gaps met before it was given. Its draws are the
journey's keyed draws (:class:`~journeys.simulation.draws.Draws`) with purposes
of their own, keyed by the case they are about: a voice moves no other draw, and
a step two designs share gets the same channel, feedback and complaints draws.
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Callable, Sequence
from functools import partial
from itertools import accumulate

from journeys.bodies import Nation
from journeys.journey import Journey
from journeys.simulation.draws import Draws
from journeys.simulation.voice import GAP_THEMES, Voice
from journeys.voice.instruments import HIGHEST, LOWEST, Instrument, bundled_instruments

DAY = 86_400.0

Met = tuple[float, str]
"""``(seconds after the life event, gap kind)``: a gap the citizen met then."""

Planned = tuple[float, Callable[..., None]]
"""``(seconds after the life event, command awaiting occurred_at)``."""


class StepSaid:
    """One step of a journey as the voice sees it (internal)."""

    __slots__ = ("body", "channel", "close_at", "done_at", "open_at", "service")

    def __init__(
        self, body: str, service: str, open_at: float, done_at: float, channel: str | None
    ) -> None:
        self.body = body
        self.service = service
        self.open_at = open_at
        self.done_at = done_at
        self.close_at = done_at
        self.channel = channel


class _Scale:
    """One instrument, ready to turn a score into its nearest answer."""

    __slots__ = ("answers", "bundled", "id", "scores", "unscored")

    def __init__(self, instrument: Instrument) -> None:
        self.id = instrument.id
        # One answer per score (the first listed), in order of score.
        by_score: dict[float, str] = {}
        for answer, score in instrument.answers.items():
            if score is not None:
                by_score.setdefault(score, answer)
        pairs = sorted(by_score.items())
        self.scores = [score for score, _ in pairs]
        self.answers = [answer for _, answer in pairs]
        self.unscored = next((a for a, s in instrument.answers.items() if s is None), None)
        bundled = bundled_instruments()
        # A bundled instrument's scores are looked up by the command; one of your
        # own records the score it gives.
        self.bundled = instrument.id in bundled and bundled.get(instrument.id) == instrument

    def nearest(self, score: float) -> tuple[str, float]:
        """The answer whose score is nearest ``score`` (the lower one on a tie)."""
        index = bisect(self.scores, score)
        if index == len(self.scores) or (
            index > 0 and score - self.scores[index - 1] <= self.scores[index] - score
        ):
            index -= 1
        return self.answers[index], self.scores[index]


class Speaker:
    """A :class:`Voice` prepared for a population (internal; see the module docs)."""

    __slots__ = ("_body_scales", "_channels", "_outcomes", "_scales", "_weights", "voice")

    def __init__(self, voice: Voice) -> None:
        self.voice = voice
        table = voice.table
        self._scales = [_Scale(table.get(name)) for name, _ in voice.instruments]
        self._weights = list(accumulate(weight for _, weight in voice.instruments))
        self._body_scales = [
            (prefix, _Scale(table.get(name))) for prefix, name in voice.body_instruments
        ]
        self._outcomes = (
            [name for name, _ in voice.outcomes],
            list(accumulate(weight for _, weight in voice.outcomes)),
        )
        self._channels: dict[Nation, tuple[list[str], list[float]]] = {}
        if voice.channels is not None:
            for nation in Nation:
                mix = voice.channels.of(nation)
                self._channels[nation] = (
                    [name for name, _ in mix],
                    list(accumulate(weight for _, weight in mix)),
                )

    def channel(self, draws: Draws, step_id: str, nation: Nation) -> str | None:
        """The channel of the case of step ``step_id``."""
        mix = self._channels.get(nation)
        if mix is None:
            return None
        draw = draws.uniform(step_id, "voice:channel")
        names, cumulative = mix
        return names[min(bisect(cumulative, draw * cumulative[-1]), len(names) - 1)]

    def plan(
        self,
        journey: Journey,
        draws: Draws,
        steps: Sequence[StepSaid],
        met: Sequence[Met],
        end_at: float,
    ) -> list[Planned]:
        """The feedback and complaints after each of ``steps``, with their times."""
        voice = self.voice
        planned: list[Planned] = []
        intervals = sorted((step.open_at, step.close_at) for step in steps)
        met = sorted(met)
        complaints = 0
        for step in steps:
            # What the citizen says after the step, all drawn at once, keyed by its case.
            given, pick, blank, shade, complains, outcome, wait = draws.several(
                f"{step.body}/{step.service}", "voice:said", 7
            )
            gives = given < voice.feedback_rate
            unscored = blank < voice.unscored_rate
            noise = Draws.normal(shade) * voice.noise
            answer_after = voice.answer_time.from_normal(Draws.normal(wait))

            at = step.done_at
            kinds = [kind for when, kind in met if when <= at]
            unheld_days = _unheld_before(intervals, at) / DAY
            if unheld_days > 0:
                kinds.append("unheld_time")
            if gives:
                scale = self._scale(step.body, pick)
                if unscored and scale.unscored is not None:
                    answer, score = scale.unscored, None
                else:
                    mood = self._mood(kinds, unheld_days) + noise
                    answer, score = scale.nearest(min(max(mood, LOWEST), HIGHEST))
                themes = sorted({GAP_THEMES[kind] for kind in kinds}) if score and score < 0 else []
                planned.append(
                    (
                        at,
                        partial(
                            journey.give_feedback,
                            step.body,
                            step.service,
                            scale.id,
                            answer,
                            score=None if scale.bundled else score,
                            themes=themes,
                            channel=step.channel,
                        ),
                    )
                )
            rate = voice.complaint_rate_after_gap if kinds else voice.complaint_rate
            if complains < rate:
                complaints += 1
                complaint = f"complaint-{complaints}"
                planned.append(
                    (
                        at,
                        partial(
                            journey.make_complaint,
                            complaint,
                            step.body,
                            about=step.service,
                            themes=sorted({GAP_THEMES[kind] for kind in kinds}),
                            channel=step.channel,
                        ),
                    )
                )
                names, cumulative = self._outcomes
                decided = names[min(bisect(cumulative, outcome * cumulative[-1]), len(names) - 1)]
                planned.append(
                    (
                        min(at + answer_after, end_at),
                        partial(journey.resolve_complaint, complaint, outcome=decided),
                    )
                )
        return planned

    def _mood(self, kinds: list[str], unheld_days: float) -> float:
        """The score before noise: the baseline moved by every gap met so far."""
        effects = self.voice.effects
        mood = self.voice.baseline + effects.unheld_time * unheld_days
        for kind in kinds:
            if kind != "unheld_time":
                mood += effects.of(kind)
        return mood

    def _scale(self, body: str, pick: float) -> _Scale:
        for prefix, scale in self._body_scales:
            if body.startswith(prefix):
                return scale
        cumulative = self._weights
        index = bisect(cumulative, pick * cumulative[-1])
        return self._scales[min(index, len(self._scales) - 1)]


def _unheld_before(intervals: Sequence[tuple[float, float]], at: float) -> float:
    """Seconds in ``[0, at]`` in none of ``intervals`` (sorted): time held by no body."""
    unheld = 0.0
    covered_until = 0.0
    for begin, end in intervals:
        if begin >= at:
            break
        if begin > covered_until:
            unheld += begin - covered_until
        covered_until = max(covered_until, end)
    if covered_until < at:
        unheld += at - covered_until
    return unheld


def speaker_for(voice: Voice | None) -> Speaker | None:
    """``voice`` prepared for a population (``None``: citizens say nothing)."""
    if voice is None:
        return None
    if not isinstance(voice, Voice):
        raise ValueError(f"voice must be a Voice or None, got {voice!r}")
    return Speaker(voice)
