"""A small population with deterministic journey ids, and raw-file helpers, for privacy tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from journeys import Journey, journey_id
from journeys.privacy import pseudonym
from tests.helpers import at

PSEUDONYM_KEY = "privacy-tests-key-0123456789-abcdefghijklmnop"


def citizen(name: str) -> str:
    """The pseudonymous reference of a test citizen named ``name``."""
    return pseudonym(f"nhs-{name}", PSEUDONYM_KEY)


def bereavement(person: str, number: int, *, fact: str = "date_of_death") -> Journey:
    """A journey of ``person`` with a hand-off, a re-ask and a drop; its id is deterministic."""
    start = at(3 * number)

    def day(days: float) -> datetime:
        return start + timedelta(days=days)

    journey = Journey.start(
        citizen=citizen(person),
        trigger="death",
        nation="wales",
        occurred_at=start,
        id=journey_id("privacy-tests", f"{person}-{number}"),
    )
    journey.open_case("registrar:W06000015", "death-registration", occurred_at=day(1))
    journey.provide_information("registrar:W06000015", [fact, "ni_number"], occurred_at=day(1))
    journey.send_handoff(
        "tuo", from_body="registrar:W06000015", to_body="dwp", items=[fact], occurred_at=day(2)
    )
    journey.close_case("registrar:W06000015", "death-registration", occurred_at=day(2))
    journey.accept_handoff("tuo", occurred_at=day(4))
    journey.open_case("dwp", "bereavement-support", occurred_at=day(4), via_handoff="tuo")
    journey.request_information("dwp", ["ni_number"], occurred_at=day(5))
    journey.send_handoff("tax", from_body="dwp", to_body="hmrc", occurred_at=day(6))
    journey.close_case("dwp", "bereavement-support", occurred_at=day(8))
    journey.end(occurred_at=day(9), outcome="settled")
    return journey


PEOPLE = ("alice", "bob", "carol")


def population(*, without: str | None = None) -> list[Journey]:
    """Two journeys each for alice, bob and carol (carol's name a fact of her own)."""
    return [
        bereavement(
            person, number, fact="carol_fact_f00d" if person == "carol" else "date_of_death"
        )
        for person in PEOPLE
        if person != without
        for number in (1, 2)
    ]


def raw_bytes(database: Path) -> bytes:
    """Everything SQLite keeps on disk for ``database``: the file, its log and index."""
    return b"".join(
        path.read_bytes()
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
        if path.exists()
    )
