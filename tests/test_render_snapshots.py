"""DOT snapshots: each picture's DOT is compared byte for byte with tests/snapshots/.

Regenerate after an intended change with ``JOURNEYS_UPDATE_SNAPSHOTS=1 pytest
tests/test_render_snapshots.py`` and review the diff. The DOT must also be the
same in a fresh process with another hash seed (no ``hash()``-based ids or
set-ordered output).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from journeys import analyse, render_map, render_network, render_timeline, to_dot
from tests.render_journeys import AS_OF, CATALOGUE, bereavement, events_of, moving, population
from tests.render_journeys import still_open as open_journey

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("JOURNEYS_UPDATE_SNAPSHOTS", "") not in {"", "0"}


def timeline_bereavement() -> bytes:
    return to_dot(render_timeline(events_of(bereavement()), catalogue=CATALOGUE))


def timeline_moving() -> bytes:
    return to_dot(render_timeline(events_of(moving()), catalogue=CATALOGUE))


def timeline_still_open() -> bytes:
    return to_dot(render_timeline(events_of(open_journey()), catalogue=CATALOGUE, as_of=AS_OF))


def journey_map() -> bytes:
    return to_dot(
        render_map(analyse(population(), catalogue=CATALOGUE, as_of=AS_OF), catalogue=CATALOGUE)
    )


def journey_map_top() -> bytes:
    analysis = analyse(population(), catalogue=CATALOGUE, as_of=AS_OF)
    return to_dot(
        render_map(
            analysis,
            catalogue=CATALOGUE,
            top_nodes=5,
            top_edges=3,
            rank_by="delay",
            statistic="p90",
        )
    )


def activity_map() -> bytes:
    analysis = analyse(population(), catalogue=CATALOGUE, as_of=AS_OF)
    return to_dot(render_map(analysis.map("activity"), catalogue=CATALOGUE))


def network() -> bytes:
    return to_dot(
        render_network(analyse(population(), catalogue=CATALOGUE, as_of=AS_OF), catalogue=CATALOGUE)
    )


PICTURES: dict[str, Callable[[], bytes]] = {
    "timeline_bereavement": timeline_bereavement,
    "timeline_moving": timeline_moving,
    "timeline_still_open": timeline_still_open,
    "map": journey_map,
    "map_top_delay_p90": journey_map_top,
    "map_activity": activity_map,
    "network": network,
}


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_dot_matches_snapshot(name: str) -> None:
    dot = PICTURES[name]()
    path = SNAPSHOTS / f"{name}.dot"
    if UPDATE:
        path.write_bytes(dot)
    assert path.exists(), f"no snapshot {path.name}: run with JOURNEYS_UPDATE_SNAPSHOTS=1"
    assert dot == path.read_bytes(), (
        f"{name}: DOT differs from {path.name}; if the change is intended, regenerate with "
        "JOURNEYS_UPDATE_SNAPSHOTS=1 and review the diff"
    )


def test_dot_is_the_same_in_another_process_with_another_hash_seed() -> None:
    here = {name: make().decode() for name, make in sorted(PICTURES.items())}
    script = (
        "import json\n"
        "from tests.test_render_snapshots import PICTURES\n"
        "print(json.dumps({n: m().decode() for n, m in sorted(PICTURES.items())}))\n"
    )
    for seed in ("1", "4242"):
        completed = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parents[1],
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert json.loads(completed.stdout) == here, f"DOT differs with PYTHONHASHSEED={seed}"
