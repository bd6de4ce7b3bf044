"""Moving from England to Scotland while getting a disability benefit.

Personal Independence Payment (DWP) gives way to Adult Disability Payment from
Social Security Scotland, which gets no record from DWP: the citizen tells DWP
they are moving and applies afresh. The bundled blueprint designs exactly that,
so the analysis of 200 simulated movers shows the boundaries they cross on their
own.

Run:  python examples/moving_to_scotland.py
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import median

from journeys import JourneyApp, analyse, simulate_into, uk_catalogue
from journeys.blueprints import load_bundled_blueprint
from journeys.render import human_duration
from journeys.simulation import Behaviour

MOVERS = 200


def main() -> None:
    blueprint = load_bundled_blueprint("moving-to-scotland")
    app = JourneyApp.in_memory()
    counts = simulate_into(
        app,
        [blueprint],
        citizens=MOVERS,
        seed=31,
        behaviour=Behaviour(journeys_per_citizen=[1]),
    )
    analysis = analyse(app, blueprint=blueprint)
    catalogue = uk_catalogue()
    print(f"{counts.journeys} people moving from Northumberland to the Scottish Borders\n")

    print("Boundaries people crossed on their own (cold transfers):")
    cold: dict[tuple[str, str], list[float]] = defaultdict(list)
    for finding in analysis.of_kind("cold_transfer"):
        assert finding.from_body is not None
        assert finding.to_body is not None
        cold[(finding.from_body, finding.to_body)].append(finding.duration_seconds)
    print(f"  {'from':<40}{'to':<40}{'people':>7}")
    for (source, target), durations in sorted(cold.items(), key=lambda item: -len(item[1]))[:6]:
        source_name, target_name = catalogue[source].name, catalogue[target].name
        print(f"  {source_name:<40}{target_name:<40}{len(durations):>7}")

    crossing = [
        f
        for f in analysis.findings
        if f.boundary is not None
        and f.boundary.crosses_nation
        and f.kind.value != "handoff_latency"
    ]
    kinds = Counter(f.kind.value.replace("_", " ") for f in crossing)
    print("\nGaps between an English and a Scottish body:")
    for kind, count in kinds.most_common():
        lost = median(
            f.duration_seconds for f in crossing if f.kind.value.replace("_", " ") == kind
        )
        print(f"  {kind:<16}{count:>5}   median {human_duration(lost)}")

    to_sss = [f for f in analysis.of_kind("cold_transfer") if f.to_body == "sss"]
    print(
        f"\n{len(to_sss)} of {counts.journeys} applied to Social Security Scotland on their own: "
        "no hand-off from DWP carried their claim across."
    )
    asked_again = [f for f in analysis.of_kind("reask") if f.to_body == "sss"]
    items = sorted({item for f in asked_again for item in f.items})
    if asked_again:
        print(
            f"Social Security Scotland asked {len(asked_again)} of them again for: "
            f"{', '.join(items)}."
        )


if __name__ == "__main__":
    main()
