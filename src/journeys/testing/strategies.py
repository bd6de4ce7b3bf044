"""Hypothesis strategies for bodies, catalogues and journeys, with chosen gaps injected.

Every strategy here is lazy (nothing is drawn or checked until the first
example), keeps no state between examples, and works with ``@given``,
``st.data()`` and ``hypothesis.find``. Generated values are built from short
lists of realistic names and small numbers, so a failing example shrinks to a
short journey that reads like a real one: ``dwp`` and ``council``, hand-offs
``h1`` and ``h2``, times in whole hours after 09:00 on Monday 6 January 2025.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from journeys.analysis.findings import GAP_KINDS
from journeys.blueprints import Blueprint
from journeys.bodies import Body, Catalogue, Nation, Tier, parse_nation, parse_tier
from journeys.journey import Journey
from journeys.testing._builder import JourneyBuilder
from journeys.testing._choices import Chooser
from journeys.testing._gap_plan import GapPlan
from journeys.testing._names import BODY_TEMPLATES, BodyTemplate

__all__ = [
    "DEFAULT_START",
    "GAP_KINDS",
    "bodies",
    "catalogues",
    "journey_events",
    "journeys",
]

DEFAULT_START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""When generated journeys start unless told otherwise: a fixed time keeps examples readable."""

_Member = TypeVar("_Member", bound=Enum)

MAX_ID_NUMBER = 9
"""Bodies of one kind are numbered ``council``, ``council-2`` ... (drawn up to this number)."""


# --- bodies and catalogues ----------------------------------------------------------


def bodies(
    *,
    tiers: Iterable[Tier | str] | None = None,
    nations: Iterable[Nation | str] | None = None,
) -> st.SearchStrategy[Body]:
    """Public bodies with readable ids, such as ``dwp``, ``council-3`` or ``health-board``.

    Each body copies a realistic kind of UK body (its name, tier and the nations
    it serves) and numbers the id when it is not the first of its kind.

    Args:
        tiers: only bodies of these tiers (``Tier`` or its value, ``"local"`` ...);
            ``None`` for any tier.
        nations: only bodies serving some of these nations, and their ``nations``
            cut down to these; ``None`` for any nation.

    >>> from hypothesis import find
    >>> find(bodies(tiers={"local"}), lambda body: True).tier
    <Tier.LOCAL: 'local'>
    """
    return _bodies(tiers=tiers, nations=nations)


@st.composite
def _bodies(
    draw: st.DrawFn,
    *,
    tiers: Iterable[Tier | str] | None,
    nations: Iterable[Nation | str] | None,
) -> Body:
    allowed_nations = _nations_argument(nations)
    templates = _templates(_tiers_argument(tiers), allowed_nations)
    return _draw_body(Chooser(draw), templates, taken=set(), nations=allowed_nations)


def catalogues(*, min_size: int = 2, max_size: int = 8) -> st.SearchStrategy[Catalogue]:
    """Catalogues of ``min_size`` to ``max_size`` bodies with unique ids.

    A catalogue of three bodies or more holds at least one body of every tier
    (central, devolved, local), so hand-offs across tiers can happen.

    >>> from hypothesis import find
    >>> len(find(catalogues(min_size=3), lambda catalogue: True))
    3
    """
    return _catalogues(min_size=min_size, max_size=max_size)


@st.composite
def _catalogues(draw: st.DrawFn, *, min_size: int, max_size: int) -> Catalogue:
    _check_sizes(min_size, max_size)
    choices = Chooser(draw)
    size = choices.number(min_size, max_size)
    taken: set[str] = set()
    chosen: list[Body] = []
    if size >= len(Tier):
        for tier in Tier:
            templates = _templates(frozenset({tier}), frozenset(Nation))
            chosen.append(_draw_body(choices, templates, taken=taken, nations=frozenset(Nation)))
    while len(chosen) < size:
        chosen.append(_draw_body(choices, BODY_TEMPLATES, taken=taken, nations=frozenset(Nation)))
    return Catalogue(chosen)


def _draw_body(
    choices: Chooser,
    templates: Sequence[BodyTemplate],
    *,
    taken: set[str],
    nations: frozenset[Nation],
) -> Body:
    index = choices.index(len(templates))
    number = choices.number(1, MAX_ID_NUMBER)
    # A taken id moves on to the next kind of body, then to the next number,
    # rather than being rejected: drawing never fails, and a small catalogue
    # shrinks to different bodies (dwp, hmrc) rather than numbered copies.
    attempts = 0
    while _body_id(templates[index], number) in taken:
        attempts += 1
        index = (index + 1) % len(templates)
        if attempts % len(templates) == 0:
            number += 1
    template = templates[index]
    body_id = _body_id(template, number)
    taken.add(body_id)
    name = template.name if number == 1 else f"{template.name} {number}"
    return Body(body_id, name, template.tier, template.nations & nations)


def _body_id(template: BodyTemplate, number: int) -> str:
    return template.stem if number == 1 else f"{template.stem}-{number}"


def _templates(tiers: frozenset[Tier], nations: frozenset[Nation]) -> list[BodyTemplate]:
    templates = [t for t in BODY_TEMPLATES if t.tier in tiers and t.nations & nations]
    if not templates:
        raise InvalidArgument(
            "no kind of body has tier "
            + " or ".join(sorted(t.value for t in tiers))
            + " and serves "
            + " or ".join(sorted(n.value for n in nations))
        )
    return templates


def _tiers_argument(tiers: Iterable[Tier | str] | None) -> frozenset[Tier]:
    return _enum_argument(tiers, Tier, parse_tier, "tiers", "tier")


def _nations_argument(nations: Iterable[Nation | str] | None) -> frozenset[Nation]:
    return _enum_argument(nations, Nation, parse_nation, "nations", "nation")


def _enum_argument(
    values: Iterable[_Member | str] | None,
    kind: type[_Member],
    parse: Callable[[str], _Member],
    argument: str,
    noun: str,
) -> frozenset[_Member]:
    # One check for tiers= and nations=: None means every member, strings are parsed.
    if values is None:
        return frozenset(kind)
    try:
        chosen = frozenset(parse(v) if isinstance(v, str) else v for v in values)
    except ValueError as error:
        raise InvalidArgument(str(error)) from None
    if not chosen:
        raise InvalidArgument(f"{argument} must name at least one {noun} (or be None for any)")
    return chosen


def _check_sizes(min_size: int, max_size: int) -> None:
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidArgument(f"{name} must be a non-negative integer, got {value!r}")
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size} is larger than max_size={max_size}")


# --- journeys -----------------------------------------------------------------------


def journeys(
    *,
    catalogue: Catalogue | None = None,
    blueprint: Blueprint | None = None,
    gaps: Collection[str] | None = None,
    start: datetime | st.SearchStrategy[datetime] = DEFAULT_START,
    citizens: st.SearchStrategy[str] | None = None,
    ended: bool = True,
    max_steps: int = 8,
    voice: bool = True,
) -> st.SearchStrategy[Journey]:
    """Valid journeys, built through the ``Journey`` commands, with chosen gaps.

    The journey is not saved: its events are pending, so ``app.save(journey)``
    records it (the app's catalogue must hold the journey's bodies; pass the same
    ``catalogue`` to both). Each journey has a fresh random id, so a list of them
    can be saved together.

    Args:
        catalogue: the bodies the journey may visit; ``None`` draws one with
            :func:`catalogues` (or, with a blueprint, the bundled UK catalogue).
            Gaps other than unheld time need two bodies.
        blueprint: a :class:`~journeys.blueprints.Blueprint` the journey follows,
            in a nation drawn from those it covers: the population simulator
            builds it from a drawn seed (so it shrinks by seed, not by step).
            With a blueprint, ``gaps`` may be ``None`` (the simulator's usual
            failures) or ``()`` (none); chosen kinds need a catalogue journey,
            since not every blueprint can show every kind in every nation. Its
            id comes from the seed: draw lists with ``unique_by=lambda j: j.id``.
        gaps: ``None`` for any valid journey (gaps may or may not happen); a
            collection of kinds from :data:`GAP_KINDS` for a journey with at least
            one gap of each listed kind and none of any other kind, as defined in
            DESIGN.md "What a gap is"; ``()`` for a journey with no gap at all.
            Hand-off latency is not a kind here: every accepted hand-off has one.
        start: when the life event happened (a timezone-aware datetime, or a
            strategy of them).
        citizens: a strategy of pseudonymous citizen references; ``None`` for
            ``cit-1`` ... ``cit-999``.
        ended: whether the journey ends with ``Ended``. An open journey
            (``ended=False``) has the requested gaps as of any time after its last
            event: its dropped hand-offs are the ones unanswered then, which an
            analysis reports only when run with an ``as_of`` time.
        max_steps: the most steps of the random walk before the gaps are
            injected and the journey ends; each step records one or two events.
        voice: whether the journey may also carry the citizen's voice: channels
            on cases and touchpoints, feedback on the bundled instruments (with
            themes, and sometimes an answer that scores nothing, such as "Don't
            know" on ``nhs-fft``), complaints made and resolved. None of it is a
            gap, so ``gaps`` holds either way. With a blueprint, the simulator's
            default :class:`~journeys.simulation.Voice`. ``False`` for journeys of
            the gap events alone.

    >>> from hypothesis import find
    >>> journey = find(journeys(gaps={"dropped_handoff"}), lambda journey: True)
    >>> len(journey.unanswered_handoffs())
    1
    """
    if blueprint is not None:
        return _blueprint_journeys(
            blueprint, catalogue=catalogue, gaps=gaps, start=start, ended=ended, voice=voice
        )
    return _journeys(
        catalogue=catalogue,
        gaps=gaps,
        start=start,
        citizens=citizens,
        ended=ended,
        max_steps=max_steps,
        voice=voice,
    )


def journey_events(
    *,
    catalogue: Catalogue | None = None,
    blueprint: Blueprint | None = None,
    gaps: Collection[str] | None = None,
    start: datetime | st.SearchStrategy[datetime] = DEFAULT_START,
    citizens: st.SearchStrategy[str] | None = None,
    ended: bool = True,
    max_steps: int = 8,
    voice: bool = True,
) -> st.SearchStrategy[list[Journey.Event]]:
    """The events of one journey drawn from :func:`journeys` (same arguments), in order.

    Use it to feed anything that consumes event streams (an analysis, a
    projection, an exporter) without an event store.
    """
    return journeys(
        catalogue=catalogue,
        blueprint=blueprint,
        gaps=gaps,
        start=start,
        citizens=citizens,
        ended=ended,
        max_steps=max_steps,
        voice=voice,
    ).map(_events_of)


def _events_of(journey: Journey) -> list[Journey.Event]:
    events: list[Journey.Event] = []
    for event in journey.collect_events():
        assert isinstance(event, Journey.Event)
        events.append(event)
    return events


@st.composite
def _journeys(
    draw: st.DrawFn,
    *,
    catalogue: Catalogue | None,
    gaps: Collection[str] | None,
    start: datetime | st.SearchStrategy[datetime],
    citizens: st.SearchStrategy[str] | None,
    ended: bool,
    max_steps: int,
    voice: bool,
) -> Journey:
    plan = GapPlan.from_argument(gaps)
    _check_journey_arguments(catalogue, plan, start, ended, max_steps)
    if not isinstance(voice, bool):
        raise InvalidArgument(f"voice must be True or False, got {voice!r}")
    if catalogue is None:
        catalogue = draw(catalogues())
    started_at = draw(start) if isinstance(start, st.SearchStrategy) else start
    citizen = draw(citizens) if citizens is not None else _citizen_reference(Chooser(draw))
    builder = JourneyBuilder(
        draw, catalogue=catalogue, plan=plan, start=started_at, citizen=citizen, voice=voice
    )
    return builder.build(max_steps=max_steps, ended=ended)


@st.composite
def _blueprint_journeys(
    draw: st.DrawFn,
    blueprint: Blueprint,
    *,
    catalogue: Catalogue | None,
    gaps: Collection[str] | None,
    start: datetime | st.SearchStrategy[datetime],
    ended: bool,
    voice: bool,
) -> Journey:
    from journeys.data import uk_catalogue
    from journeys.simulation import Behaviour, Failures, Voice, simulate

    if gaps is not None and len(gaps) > 0:
        raise InvalidArgument(
            "journeys(blueprint=...) takes gaps=None or gaps=(); to inject chosen kinds of "
            "gap, draw journeys over a catalogue instead"
        )
    if not ended:
        raise InvalidArgument("journeys(blueprint=...) draws ended journeys only")
    nation = draw(st.sampled_from(sorted(blueprint.nations, key=lambda n: n.value)))
    started_at = draw(start) if isinstance(start, st.SearchStrategy) else start
    (journey,) = simulate(
        [blueprint],
        citizens=1,
        seed=draw(st.integers(min_value=0, max_value=2**32 - 1)),
        nations={nation: 1.0},
        start=started_at,
        period=timedelta(days=1),
        failures=Failures.none() if gaps is not None else None,
        behaviour=Behaviour(journeys_per_citizen=(1.0,)),
        catalogue=catalogue if catalogue is not None else uk_catalogue(),
        voice=Voice() if voice else None,
    )
    return journey


def _citizen_reference(choices: Chooser) -> str:
    return f"cit-{choices.number(1, 999)}"


def _check_journey_arguments(
    catalogue: Catalogue | None,
    plan: GapPlan,
    start: datetime | st.SearchStrategy[datetime],
    ended: bool,
    max_steps: int,
) -> None:
    if catalogue is not None:
        if not isinstance(catalogue, Catalogue):
            raise InvalidArgument(f"catalogue must be a Catalogue, got {catalogue!r}")
        if len(catalogue) == 0:
            raise InvalidArgument("catalogue is empty: a journey needs at least one body")
        if len(catalogue) < 2 and plan.needs_two_bodies:
            kinds = ", ".join(sorted(plan.required - {"unheld_time"}))
            raise InvalidArgument(f"gaps {kinds} need a catalogue of at least two bodies, got one")
    if isinstance(start, datetime):
        if start.tzinfo is None or start.utcoffset() is None:
            raise InvalidArgument(f"start must be timezone-aware, got naive {start.isoformat()}")
    elif not isinstance(start, st.SearchStrategy):
        raise InvalidArgument(f"start must be a datetime or a strategy, got {start!r}")
    if not isinstance(ended, bool):
        raise InvalidArgument(f"ended must be True or False, got {ended!r}")
    if not isinstance(max_steps, int) or isinstance(max_steps, bool) or max_steps < 0:
        raise InvalidArgument(f"max_steps must be a non-negative integer, got {max_steps!r}")
