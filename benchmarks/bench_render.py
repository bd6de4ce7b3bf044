"""Benchmark: render the journey map of a large population to SVG.

A seeded generator walks 100,000 journeys of about ten touchpoints each (about a
million events' worth of directly-follows transitions) over 300 touchpoints at the
bundled catalogue's bodies, and aggregates them into a journey map (at most 300
nodes, as the design asks of an aggregate map). The map is then drawn with
``render_map`` and laid out to SVG with the WebAssembly backend — and with the
system ``dot`` when it is on PATH — reporting the median of several runs.

    python benchmarks/bench_render.py            # 5 runs per backend
    python benchmarks/bench_render.py --runs 9 --top-edges 400

The target is 5 s or less with the WebAssembly backend.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import time
from array import array

from journeys import render_map, to_svg, uk_catalogue
from journeys.analysis.journey_map import JourneyMap
from journeys.analysis.tally import EdgeKey, NodeKey, Tally

TOUCHPOINTS = 300
JOURNEYS = 100_000
STEPS = 10
SUCCESSORS = 3
TARGET_SECONDS = 5.0


def synthetic_map(seed: int = 20250501) -> tuple[JourneyMap, int]:
    """A journey map of ``TOUCHPOINTS`` nodes and the number of steps walked."""
    rng = random.Random(seed)
    bodies = [body.id for body in uk_catalogue().bodies()]
    nodes: list[NodeKey] = [
        (bodies[index % len(bodies)], f"service {index // len(bodies) + 1}")
        for index in range(TOUCHPOINTS)
    ]
    # Each touchpoint leads to a few others, mostly a little later in the journey
    # and sometimes a step back, as real journeys move on and loop; the last ones
    # loop back among themselves.
    successors = {
        node: [
            nodes[min(max(index + rng.choice((-2, -1, 1, 2, 3, 5, 8, 12)), 0), TOUCHPOINTS - 1)]
            for _ in range(SUCCESSORS)
        ]
        for index, node in enumerate(nodes)
    }
    tally = Tally()
    durations: dict[EdgeKey, array[float]] = {}
    steps = 0
    entry_points = nodes[:20]
    for _ in range(JOURNEYS):
        node = rng.choice(entry_points)
        tally.starts[node] += 1
        tally.visits[node] += 1
        for _ in range(rng.randint(STEPS // 2, STEPS + STEPS // 2)):
            following = successors[node][min(int(rng.expovariate(1.2)), SUCCESSORS - 1)]
            edge = (node, following)
            series = durations.get(edge)
            if series is None:
                series = durations[edge] = array("d")
            series.append(rng.lognormvariate(11.5, 1.2))
            tally.visits[following] += 1
            node = following
            steps += 1
        tally.ends[node] += 1
    tally.transitions = durations
    return JourneyMap.from_tally(tally), steps


def time_render(journey_map: JourneyMap, backend: str, runs: int, top_edges: int | None) -> float:
    """The median seconds to draw ``journey_map`` and lay it out to SVG."""
    catalogue = uk_catalogue()
    to_svg(render_map(journey_map, catalogue=catalogue, top_edges=top_edges), backend=backend)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        svg = to_svg(
            render_map(journey_map, catalogue=catalogue, top_edges=top_edges), backend=backend
        )
        times.append(time.perf_counter() - start)
        assert svg.startswith(b"<?xml")
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print one line per backend."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per backend (>= 5)")
    parser.add_argument(
        "--backend",
        choices=["wasm", "system", "both"],
        default="both",
        help="which backends to time (system only when `dot` is on PATH)",
    )
    parser.add_argument(
        "--top-edges", type=int, default=None, help="draw only the busiest edges (default: all)"
    )
    arguments = parser.parse_args()
    runs = max(arguments.runs, 5)
    start = time.perf_counter()
    journey_map, steps = synthetic_map()
    print(
        f"map: {len(journey_map.nodes)} nodes, {len(journey_map.edges)} edges from "
        f"{JOURNEYS:,} journeys / {steps:,} transitions "
        f"(built in {time.perf_counter() - start:.1f} s)"
    )
    backends = [
        name
        for name in ("wasm", "system")
        if arguments.backend in (name, "both") and (name == "wasm" or shutil.which("dot"))
    ]
    for backend in backends:
        median = time_render(journey_map, backend, runs, arguments.top_edges)
        verdict = ""
        if backend == "wasm":
            met = "met" if median <= TARGET_SECONDS else "MISSED"
            verdict = f" (target <= {TARGET_SECONDS:.0f} s: {met})"
        print(f"render_map -> SVG, {backend}: median {median:.2f} s of {runs} runs{verdict}")


if __name__ == "__main__":
    main()
