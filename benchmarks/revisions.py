"""Two revisions of journeys side by side: batch analysis and projection catch-up.

``nox -s revisions -- BASE [HEAD]`` (or ``python benchmarks/revisions.py BASE``)
checks both revisions out into temporary worktrees and, in interleaved rounds,
runs each in a fresh process on the same work: the batch ``analyse(events)`` of
a simulated population held in memory (CPU time; the clock holds the analysis
only, not building the events), and a full ``GapTracker`` catch-up from one
SQLite store written once (wall time; the clock holds reset and catch-up). It
prints the median rate of each over the rounds and the ratio HEAD / BASE. Used
to check that a redesign of the core keeps its speed (issue: within 5 %).

``--instructions`` counts instructions instead, with valgrind's callgrind (apt-get
install valgrind): each measure is the count of a process doing the work twice
minus one doing it no times, halved. It is deterministic, so one round does, and
it is the figure to trust on a busy machine; it does not see cache misses.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import statistics, sys, time
from journeys import JourneyApp, analyse, bundled_blueprints, simulate_into, uk_catalogue
from journeys.analysis import GapTracker
what, citizens, store, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
if what == "make":
    with JourneyApp.sqlite(store) as app:
        simulate_into(app, bundled_blueprints().values(), citizens=citizens, seed=3)
elif what == "batch":
    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints().values(), citizens=citizens, seed=3)
    events = [event for _, event in app.read_events()]
    catalogue, times = uk_catalogue(), []
    for _ in range(runs):
        start = time.process_time()
        analyse(events, catalogue=catalogue)
        times.append(time.process_time() - start)
    print(len(events) / statistics.median(times) if times else 0)
else:
    with JourneyApp.sqlite(store) as app:
        times, count = [], 0
        for _ in range(runs):
            tracker = GapTracker(app)
            start = time.perf_counter()
            tracker.reset()
            count = tracker.catch_up()
            times.append(time.perf_counter() - start)
            tracker.close()
    print(count / statistics.median(times) if times else 0)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the revision to compare against (a commit, tag or branch)")
    parser.add_argument("head", nargs="?", default="HEAD", help="the revision measured")
    parser.add_argument("--citizens", type=int, default=1800, help="about 56 events each")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5, help="runs per process (median)")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (callgrind) instead"
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="journeys-revisions-") as folder:
        trees = {name: Path(folder) / name for name in ("base", "head")}
        for name, revision in (("base", options.base), ("head", options.head)):
            git("worktree", "add", "--detach", str(trees[name]), revision)
        try:
            store = Path(folder) / "store.db"
            probe(trees["head"], "make", options.citizens, store, 1)
            rates: dict[tuple[str, str], list[float]] = {}
            for round_number in range(1, options.rounds + 1):
                for name, tree in trees.items():
                    for what in ("batch", "catchup"):
                        if options.instructions:
                            rate = instructions(tree, what, options.citizens, store)
                            unit = "instructions (fewer is faster)"
                        else:
                            rate = probe(tree, what, options.citizens, store, options.runs)
                            unit = "events/s"
                        rates.setdefault((what, name), []).append(rate)
                        print(f"round {round_number} {name:4} {what:8} {rate:14,.0f} {unit}")
            for what in ("batch", "catchup"):
                base = statistics.median(rates[(what, "base")])
                head = statistics.median(rates[(what, "head")])
                print(
                    f"{what:8} base {base:12,.0f}  head {head:12,.0f}  head/base {head / base:.3f}"
                )
        finally:
            for tree in trees.values():
                git("worktree", "remove", "--force", str(tree))
    return 0


def instructions(tree: Path, what: str, citizens: int, store: Path) -> float:
    """Instructions of one run of ``what`` with ``tree``'s journeys (callgrind)."""
    probe(tree, what, citizens, store, 0)  # compiles the tree's modules first, uncounted
    counts = [float(probe(tree, what, citizens, store, runs, under=CALLGRIND)) for runs in (0, 2)]
    return (counts[1] - counts[0]) / 2


CALLGRIND = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")


def probe(
    tree: Path, what: str, citizens: int, store: Path, runs: int, under: tuple[str, ...] = ()
) -> float:
    """Run the probe with ``tree``'s journeys in a fresh process; its printed rate (or,
    ``under`` callgrind, the instructions it counted)."""
    result = subprocess.run(
        [*under, sys.executable, "-c", PROBE, what, str(citizens), str(store), str(runs)],
        env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
        check=True,
        capture_output=True,
        text=True,
    )
    if under:
        counted = re.search(r"Collected : (\d+)", result.stderr)
        if counted is None:
            raise SystemExit(f"callgrind counted nothing: {result.stderr[-500:]}")
        return float(counted.group(1))
    return float(result.stdout.strip() or 0)


def git(*arguments: str) -> None:
    subprocess.run(["git", "-C", str(ROOT), *arguments], check=True, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
