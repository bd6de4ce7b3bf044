"""Golden outputs: what the analysis says about three fixed populations, byte for byte.

Written before the core was rearranged by gap kind, so that the rearrangement is
shown to change nothing a user sees. Regenerate only after an intended change of
meaning: ``python -m tests.golden`` (then review the diff).

- ``demo``: the demo's bundled blueprints, 80 simulated citizens at seed 11,
  analysed in batch with every blueprint and an ``as_of``; the events up to a
  cutoff, closed there (open journeys, hand-offs in flight); the same store's
  tracked projection (no ``as_of``); the timeline of the journey with the most
  kinds of gap.
- ``roadtraffic``: the shared road-traffic fines log (100 traces), imported and
  analysed at touchpoint and activity granularity (needs ``../shared``).
- ``gaps-page``: every worked example of the Gaps page in one population.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"
DEMO_CITIZENS, DEMO_SEED = 80, 11
DEMO_CUTOFF = datetime(2024, 7, 1, tzinfo=UTC)
DEMO_AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def demo() -> str:
    from journeys import JourneyApp, analyse, render_timeline
    from journeys.analysis import GapTracker
    from journeys.blueprints import bundled_blueprints
    from journeys.cli.demo import most_kinds_of_gap
    from journeys.render import to_dot
    from journeys.simulation import simulate_into

    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=DEMO_CITIZENS, seed=DEMO_SEED)
    designs = bundled_blueprints().values()
    batch = analyse(app, blueprint=designs, as_of=DEMO_AS_OF)
    before_cutoff = [e for _, e in app.read_events() if e.occurred_at <= DEMO_CUTOFF]
    cut = analyse(before_cutoff, blueprint=designs, as_of=DEMO_CUTOFF)
    tracker = GapTracker(app)
    tracker.catch_up()
    tracked = tracker.analysis()
    worst = most_kinds_of_gap(tracked)
    assert worst is not None
    timeline = to_dot(render_timeline(app.journey_events(worst), catalogue=app.catalogue))
    return _dump(
        {
            "batch_with_blueprints": batch.to_json(),
            "batch_activity_map": batch.map_rows("activity"),
            "cut_at_cutoff": cut.to_json(),
            "tracked": tracked.to_json(),
            "timeline_dot": timeline.decode("utf-8"),
        }
    )


def roadtraffic(log: Path) -> str:
    from journeys import JourneyApp, analyse
    from journeys.interop import import_log

    app = JourneyApp.in_memory()
    import_log(app, log, source="roadtraffic")
    analysis = analyse(app)
    return _dump(
        {
            "analysis": analysis.to_json(),
            "activity_map": analysis.map_rows("activity"),
            "body_map": analysis.map_rows("body"),
        }
    )


def gaps_page() -> str:
    """The Gaps page's journeys (same events), analysed together, open and closed."""
    from journeys import Body, Catalogue, Journey, analyse, journey_id

    gb = ["england", "wales", "scotland"]
    catalogue = Catalogue(
        [
            Body("registrar:bristol", "Bristol Register Office", "local", ["england"]),
            Body("council:bristol", "Bristol City Council", "local", ["england"]),
            Body("council:edinburgh", "City of Edinburgh Council", "local", ["scotland"]),
            Body("dwp", "Department for Work and Pensions", "central", gb),
            Body("hmrc", "HM Revenue & Customs", "central", [*gb, "northern-ireland"]),
            Body("dvla", "Driver and Vehicle Licensing Agency", "central", gb),
        ]
    )
    death = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

    def day(n: float) -> datetime:
        return death + timedelta(days=n)

    def start(citizen: str, trigger: str = "death") -> Journey:
        return Journey.start(
            citizen=citizen,
            trigger=trigger,
            nation="england",
            occurred_at=death,
            id=journey_id("gaps-page", citizen),
        )

    journeys = []
    j = start("cit-1")  # hand-off latency
    j.open_case("registrar:bristol", "death-registration", occurred_at=day(2))
    j.send_handoff(
        "tuo", from_body="registrar:bristol", to_body="dwp", items=["date_of_death"],
        occurred_at=day(2),
    )  # fmt: skip
    j.accept_handoff("tuo", occurred_at=day(6.5))
    j.end(occurred_at=day(7))
    journeys.append(j)
    j = start("cit-2")  # dropped (open)
    j.open_case("dwp", "bereavement-support", occurred_at=day(1))
    j.send_handoff("licence", from_body="dwp", to_body="dvla", occurred_at=day(3))
    journeys.append(j)
    j = start("cit-3", "moving-house")  # rejected
    j.open_case("council:bristol", "adult-social-care", occurred_at=day(0))
    j.send_handoff(
        "plan", from_body="council:bristol", to_body="council:edinburgh", items=["care_plan"],
        occurred_at=day(1),
    )  # fmt: skip
    j.reject_handoff("plan", occurred_at=day(5), reason="not yet ordinarily resident")
    j.end(occurred_at=day(6))
    journeys.append(j)
    j = start("cit-4")  # unheld time, cases
    j.open_case("registrar:bristol", "death-registration", occurred_at=day(2))
    j.send_handoff("tuo", from_body="registrar:bristol", to_body="dwp", occurred_at=day(3))
    j.close_case("registrar:bristol", "death-registration", occurred_at=day(3))
    j.accept_handoff("tuo", occurred_at=day(8))
    j.open_case("dwp", "bereavement-support", occurred_at=day(8), via_handoff="tuo")
    j.close_case("dwp", "bereavement-support", occurred_at=day(20))
    j.end(occurred_at=day(21))
    journeys.append(j)
    j = start("cit-5")  # unheld time, touchpoint runs
    j.touchpoint("council:bristol", "blue badge returned", occurred_at=day(1))
    j.touchpoint("council:bristol", "council tax account closed", occurred_at=day(4))
    j.touchpoint("hmrc", "tax account closed", occurred_at=day(15))
    j.end(occurred_at=day(15))
    journeys.append(j)
    j = start("cit-6")  # cold transfer (open)
    j.open_case("registrar:bristol", "death-registration", occurred_at=day(1))
    j.close_case("registrar:bristol", "death-registration", occurred_at=day(2))
    j.open_case("hmrc", "estate-tax", occurred_at=day(9))
    journeys.append(j)
    j = start("cit-7")  # re-ask
    j.open_case("registrar:bristol", "death-registration", occurred_at=day(1))
    j.provide_information("registrar:bristol", ["date_of_death", "ni_number"], occurred_at=day(1))
    j.send_handoff(
        "tuo", from_body="registrar:bristol", to_body="dwp", items=["date_of_death"],
        occurred_at=day(1),
    )  # fmt: skip
    j.accept_handoff("tuo", occurred_at=day(2))
    j.open_case("dwp", "bereavement-support", occurred_at=day(2), via_handoff="tuo")
    j.request_information("dwp", ["date_of_death", "ni_number"], occurred_at=day(4))
    j.end(occurred_at=day(5))
    journeys.append(j)
    events = [event for journey in journeys for event in journey.collect_events()]
    return _dump(
        {
            "open": analyse(events, catalogue=catalogue).to_json(),
            "as_of_day_31": analyse(events, catalogue=catalogue, as_of=day(31)).to_json(),
        }
    )


def builders(shared_log: Path | None) -> dict[str, Callable[[], str]]:
    """The golden files and how each is made (road traffic only with the shared log)."""
    made: dict[str, Callable[[], str]] = {"demo.json": demo, "gaps-page.json": gaps_page}
    if shared_log is not None:
        made["roadtraffic.json"] = lambda: roadtraffic(shared_log)
    return made


if __name__ == "__main__":
    from tests.conftest import SHARED

    log = SHARED / "data/eventlogs/roadtraffic100traces.xes"
    GOLDEN.mkdir(exist_ok=True)
    for name, build in builders(log if log.exists() else None).items():
        (GOLDEN / name).write_text(build(), encoding="utf-8")
        print(f"wrote {GOLDEN / name}", file=sys.stderr)
