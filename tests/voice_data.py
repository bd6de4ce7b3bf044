"""Journeys in which citizens speak: feedback, complaints and channels, with a known effect.

``voiced_population(size)`` makes deaths in England and Wales: the registrar registers
(online or on paper), hands the date of death to DWP, which takes the citizen on by
phone; in every other journey DWP asks again for the NI number (a re-ask). Each
citizen rates both bodies on the CSAT 1-5 scale: the registrar 4 or 5, DWP 2 after a
re-ask and 4 or 5 otherwise; every fifth complains to DWP (upheld).
"""

from __future__ import annotations

from journeys import Journey
from tests.helpers import at, started


def voiced(number: int) -> Journey:
    """The ``number``-th journey of :func:`voiced_population`."""
    offset = number * 0.1
    reask = number % 2 == 0
    journey = started(f"voiced-{number}", "death", "wales" if number % 3 == 0 else "england",
                      offset=offset)  # fmt: skip
    journey.open_case(
        "registrar",
        "death-registration",
        occurred_at=at(offset + 1),
        channel="online" if number % 4 else "paper",
    )
    journey.provide_information(
        "registrar", ["date_of_death", "ni_number"], occurred_at=at(offset + 1)
    )
    journey.send_handoff(
        "tuo", from_body="registrar", to_body="dwp", items=["date_of_death"],
        occurred_at=at(offset + 2),
    )  # fmt: skip
    journey.close_case("registrar", "death-registration", occurred_at=at(offset + 2))
    journey.accept_handoff("tuo", occurred_at=at(offset + 3))
    journey.open_case(
        "dwp", "bereavement-support", occurred_at=at(offset + 3), via_handoff="tuo", channel="phone"
    )
    if reask:
        journey.request_information("dwp", ["ni_number"], occurred_at=at(offset + 4))
    journey.give_feedback(
        "registrar", "death-registration", "csat-5", str(4 + number % 2), occurred_at=at(offset + 4)
    )
    journey.give_feedback(
        "dwp",
        "bereavement-support",
        "csat-5",
        "2" if reask else str(4 + number % 4 // 2),
        occurred_at=at(offset + 5),
    )
    if number % 5 == 0:
        journey.make_complaint(f"complaint-{number}", "dwp", occurred_at=at(offset + 5))
        journey.resolve_complaint(
            f"complaint-{number}", occurred_at=at(offset + 6), outcome="upheld"
        )
    journey.close_case("dwp", "bereavement-support", occurred_at=at(offset + 7))
    journey.end(occurred_at=at(offset + 8))
    return journey


def voiced_population(size: int) -> list[Journey]:
    """``size`` journeys in which citizens speak (see the module's documentation)."""
    return [voiced(number) for number in range(size)]


def voiced_events(size: int) -> list[Journey.Event]:
    """The events of :func:`voiced_population`."""
    return [event for journey in voiced_population(size) for event in journey.collect_events()]
