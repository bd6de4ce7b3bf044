"""When someone dies: Tell Us Once in England, and Northern Ireland without it.

Simulates about 200 bereaved families in England and 200 in Northern Ireland through
the bundled bereavement blueprint, finds the gaps between the bodies each family
deals with, and compares the two nations. In England the registrar hands the
family to Tell Us Once (run by DWP), which tells HMRC, HM Passport Office, DVLA
and the council. Northern Ireland has no Tell Us Once: the family reports the
death to the Department for Communities' Bereavement Service and tells the other
bodies themselves.

Run:  python examples/bereavement_tell_us_once.py
"""

from __future__ import annotations

from collections import Counter

from journeys import Analysis, JourneyApp, analyse, simulate, uk_catalogue
from journeys.blueprints import load_bundled_blueprint
from journeys.render import human_duration
from journeys.simulation import Behaviour

FAMILIES = 200


def analyse_nations() -> dict[str, Analysis]:
    """Simulate the bereaved families of both nations and find each nation's gaps."""
    blueprint = load_bundled_blueprint("bereavement")
    apps = {nation: JourneyApp.in_memory() for nation in ("england", "northern-ireland")}
    for journey in simulate(
        [blueprint],
        citizens=2 * FAMILIES,
        seed=2025,
        nations={"england": 1, "northern-ireland": 1},
        behaviour=Behaviour(journeys_per_citizen=[1]),
    ):
        apps[journey.nation.value].save(journey)
    # With the blueprint, the analysis also checks the SLAs it sets.
    return {nation: analyse(app, blueprint=blueprint) for nation, app in apps.items()}


def per_family(analysis: Analysis, kind: str) -> str:
    return f"{len(analysis.of_kind(kind)) / analysis.journeys_started:.1f}"


def main() -> None:
    analyses = analyse_nations()
    england, northern_ireland = analyses["england"], analyses["northern-ireland"]
    rows = [
        ("hand-offs between bodies", "handoff_latency"),
        ("bodies the family had to go to themselves", "cold_transfer"),
        ("facts asked for again", "reask"),
        ("hand-offs nobody answered", "dropped_handoff"),
        ("hand-offs refused", "rejected_handoff"),
        ("steps later than their SLA", "sla_breach"),
    ]
    print(
        f"Bereavement: {england.journeys_started} families in England and "
        f"{northern_ireland.journeys_started} in Northern Ireland (averages per family)\n"
    )
    print(f"{'':<44}{'England':>10}{'N. Ireland':>12}")
    for title, kind in rows:
        print(f"{title:<44}{per_family(england, kind):>10}{per_family(northern_ireland, kind):>12}")

    unheld = [
        sum(f.duration_seconds for f in a.of_kind("unheld_time")) / a.journeys_started
        for a in (england, northern_ireland)
    ]
    print(f"{'time no body was dealing with the family':<44}", end="")
    print(f"{human_duration(unheld[0]):>10}{human_duration(unheld[1]):>12}")

    catalogue = uk_catalogue()
    print("\nIn Northern Ireland the family most often went on their own to:")
    cold = Counter(f.to_body for f in northern_ireland.of_kind("cold_transfer"))
    for body, count in cold.most_common(4):
        assert body is not None
        print(f"  {catalogue[body].name:<45}{count:>5} families")

    print("\nIn England, Tell Us Once passed the family on:")
    tell_us_once = Counter(
        f.to_body for f in england.of_kind("handoff_latency") if f.from_body == "dwp"
    )
    for body, count in tell_us_once.most_common(4):
        assert body is not None
        print(f"  to {catalogue[body].name:<42}{count:>5} times")


if __name__ == "__main__":
    main()
