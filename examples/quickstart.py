"""Record a bereaved family's journey in SQLite, reopen the store, and print it.

Run:  python examples/quickstart.py [path/to/journeys.db]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from journeys import Journey, JourneyApp


def main(db_path: Path) -> None:
    death = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    day = timedelta(days=1)

    journey = Journey.start(
        citizen="cit-4f2a", trigger="death", nation="england", occurred_at=death
    )
    journey.open_case("dwp", "bereavement-support-payment", occurred_at=death + 4 * day)
    journey.provide_information("dwp", ["date_of_death", "ni_number"], occurred_at=death + 4 * day)
    journey.send_handoff(
        "bsp-1",
        from_body="dwp",
        to_body="hmrc",
        items=["date_of_death"],
        occurred_at=death + 5 * day,
    )
    journey.accept_handoff("bsp-1", occurred_at=death + 12 * day)
    journey.request_information("hmrc", ["ni_number"], occurred_at=death + 13 * day)
    journey.end(occurred_at=death + 40 * day, outcome="settled")

    with JourneyApp.sqlite(db_path) as app:
        app.save(journey)

    # A new app instance reads the journey back from the file.
    with JourneyApp.sqlite(db_path) as app:
        for event in app.journey_events(journey.id):
            fields = {
                k: v
                for k, v in vars(event).items()
                if k
                not in {
                    "originator_id",
                    "originator_version",
                    "timestamp",
                    "originator_topic",
                    "occurred_at",
                }
            }
            print(f"{event.occurred_at:%Y-%m-%d}  {type(event).__name__:<22} {fields}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            main(Path(folder) / "journeys.db")
