"""Time and peak memory of comparing two designs on one population (issue 18).

    python benchmarks/compare_designs.py           # 10,000 citizens x 20 replications, 3 runs
    python benchmarks/compare_designs.py --runs 1  # one run
    python benchmarks/compare_designs.py --citizens 200 --replications 2 --runs 1  # seconds

The designs are the bundled bereavement blueprint and Tell Us Once extended to
Northern Ireland (the bundled scenario's variant design), with the simulator's
default settings and nations weighted by population. Each run is a fresh child
process, so its peak resident memory is the comparison's own (with the
interpreter and the imported libraries).

**Inside the clock**: ``compare_designs(...)`` (for every replication: simulating
the population under both designs, one gap analysis per design, pairing each
citizen's outcomes; then the bootstrap intervals) and writing its JSON to a string
(``json.dumps(comparison.to_json())``). **Outside it**: starting Python, imports,
loading the two designs. The figure printed is the median of the runs' seconds;
the peak memory is the largest of the runs'.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import child_json, machine, own_peak_mb


def compare_once(citizens: int, replications: int) -> dict[str, float]:
    """One comparison in this process: the seconds inside the clock, the peak MB and
    how many citizen-replications were paired."""
    from journeys.blueprints import load_bundled_blueprint
    from journeys.whatif import bundled_scenarios, compare_designs

    baseline = load_bundled_blueprint("bereavement")
    variant = bundled_scenarios()["tell-us-once-in-northern-ireland"].variant
    started = time.perf_counter()
    comparison = compare_designs(
        baseline, variant, citizens=citizens, replications=replications, seed=0
    )
    text = json.dumps(comparison.to_json())
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mb": own_peak_mb(),
        "paired": comparison.overall.paired,
        "json_bytes": len(text),
    }


def main() -> None:
    """Run the comparison ``--runs`` times, each in a child process; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(compare_once(arguments.citizens, arguments.replications)))
        return
    print(
        f"Compare two designs (bereavement against Tell Us Once in Northern Ireland), "
        f"{arguments.citizens:,} citizens x {arguments.replications} replications, "
        f"{arguments.runs} runs; machine: {machine()}",
        flush=True,
    )
    results = []
    for run in range(1, arguments.runs + 1):
        size = [
            "--citizens",
            str(arguments.citizens),
            "--replications",
            str(arguments.replications),
        ]
        result = child_json([__file__, "--one", *size], f"run {run}")
        if result is None:
            continue
        results.append(result)
        print(
            f"  run {run}: {result['seconds']:8.1f} s, peak {result['peak_mb']:7.1f} MB, "
            f"{result['paired']:,} citizen-replications paired",
            flush=True,
        )
    if results:
        median = statistics.median(r["seconds"] for r in results)
        peak = max(r["peak_mb"] for r in results)
        journeys = 2 * arguments.citizens * arguments.replications
        print(
            f"median {median:.1f} s over {len(results)} runs "
            f"({journeys / median:,.0f} simulated and analysed journeys a second); "
            f"peak memory {peak:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
