"""Run one benchmark case once and print this process's peak memory (used by measure.py).

    python benchmarks/probe.py CASE '{"argument": "value"}'

Prints a JSON line ``{"case": ..., "events": ..., "peak_mb": ...}``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases
import workspace
from measure import own_peak_mb


def _pm4py_dfg_of_store(store: str) -> int:
    return cases.pm4py_performance_dfg(cases.events_dataframe(cases.store_events(Path(store))))


CASES: dict[str, Callable[[dict[str, Any]], int]] = {
    "ingest-journeyapp": lambda a: cases.ingest_journeyapp(
        a["env"], workspace.journeys(a["citizens"])
    ),
    "ingest-plain-loop": lambda a: cases.ingest_plain_loop(
        a["env"], workspace.journeys(a["citizens"])
    ),
    "xes-import": lambda a: cases.xes_import(Path(a["xes"]), Path(a["store"])),
    "pm4py-read-xes": lambda a: cases.pm4py_read_xes(Path(a["xes"])),
    "analysis-of-store": lambda a: cases.analysis_of_store(Path(a["store"])).journeys_started,
    "pm4py-dfg-of-store": lambda a: _pm4py_dfg_of_store(a["store"]),
    "projection-catch-up": lambda a: cases.projection_catch_up(a["env"]),
    "raw-read-and-decode": lambda a: cases.raw_read_and_decode(a["env"]),
    "columns-of-store": lambda a: cases.columns_of_store(a["env"]),
    "render-map": lambda a: cases.render_map_svg(
        cases.analysis_of_store(Path(a["store"])), a["backend"], a["limits"]
    ),
}


def main() -> None:
    case, arguments = sys.argv[1], json.loads(sys.argv[2])
    events = CASES[case](arguments)
    print(json.dumps({"case": case, "events": events, "peak_mb": round(own_peak_mb(), 1)}))


if __name__ == "__main__":
    main()
