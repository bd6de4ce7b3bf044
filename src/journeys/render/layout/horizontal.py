"""Widths: each column as wide as what it holds, each channel's margins as wide as
the climbs made in them.

A layer is as wide as its widest node. A channel holds labels in its middle
(its *core*, as wide as the widest label) and, either side, a *gutter* where lines
change height. Each line climbing in a gutter gets its own *track*, the x where
it rises or falls, so two lines never run down on top of each other; the tracks
are ordered so that lines going the same way do not cross (of two lines going
down, the one starting lower turns first). A gutter is as wide as its tracks
need, and wider for steep climbs, so lines bend rather than jump.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import attrs

from journeys.render.layout.slots import Grid

MIN_LAYER_WIDTH = 16.0
MIN_GUTTER, MAX_GUTTER = 10.0, 90.0
TRACK_GAP = 2.5
"""White between two lines climbing side by side in a gutter, in points."""
TRACK_CLIMB = 8.0
"""A climb at least this tall gets a track of its own; a smaller one is a gentle
S-bend across the gutter, too flat to hide another line."""
GUTTER_SLOPE, MAX_SLOPE_WIDTH = 0.2, 44.0
"""Gutter width per point of the largest climb made in it, up to a cap."""
LEVEL = 0.5
"""A climb smaller than this many points is drawn level."""

Gutter = tuple[int, str]
"""A channel's rank and which side of its core: ``"left"`` or ``"right"``."""


@attrs.frozen
class Climb:
    """A line changing height in a gutter: its edge, its height on entering (left)
    and on leaving (right), and its width."""

    edge: int
    entering: float
    leaving: float
    thickness: float


@attrs.frozen
class Columns:
    """Each rank's (left, right), each channel's core (left, right), and the
    track (x) of each climb: by (edge, channel rank, side)."""

    ranks: tuple[tuple[float, float], ...]
    cores: dict[int, tuple[float, float]]
    tracks: dict[tuple[int, int, str], float]

    @property
    def width(self) -> float:
        """The right edge of the last rank."""
        return self.ranks[-1][1] if self.ranks else 0.0


def place_horizontally(
    grid: Grid,
    ports: dict[tuple[int, str], float],
    layer_min_widths: Sequence[float] = (),
    channel_min_widths: Sequence[float] = (),
) -> Columns:
    """The columns of ``grid``, its slots' heights and ports already set."""
    climbs = _climbs(grid, ports)
    spans = []
    cores = {}
    x = 0.0
    for rank, slots in enumerate(grid.ranks):
        widest = max((slot.width for slot in slots), default=0.0)
        if rank % 2 == 0:
            layer = rank // 2
            minimum = layer_min_widths[layer] if layer < len(layer_min_widths) else 0.0
            spans.append((x, x + max(widest, MIN_LAYER_WIDTH, minimum)))
        else:
            channel = rank // 2
            left = _gutter_width(climbs[(rank, "left")])
            right = _gutter_width(climbs[(rank, "right")])
            minimum = channel_min_widths[channel] if channel < len(channel_min_widths) else 0.0
            core = max(widest, minimum - left - right, 0.0)
            spans.append((x, x + left + core + right))
            cores[rank] = (x + left, x + left + core)
        x = spans[-1][1]
    tracks = {}
    for (rank, side), gutter_climbs in climbs.items():
        left_edge, right_edge = (
            (spans[rank][0], cores[rank][0]) if side == "left" else (cores[rank][1], spans[rank][1])
        )
        for climb, track in _tracks(gutter_climbs, left_edge, right_edge).items():
            tracks[(climb.edge, rank, side)] = track
    return Columns(tuple(spans), cores, tracks)


def _climbs(grid: Grid, ports: dict[tuple[int, str], float]) -> dict[Gutter, list[Climb]]:
    """Every change of height, by the gutter it happens in."""
    climbs: dict[Gutter, list[Climb]] = defaultdict(list)
    for chain in grid.chains:
        heights = [
            ports[(chain.edge, "left")],
            *(slot.y for slot in chain.slots),
            ports[(chain.edge, "right")],
        ]
        ranks = range(chain.left.rank, chain.right.rank)
        for rank, before, after in zip(ranks, heights[:-1], heights[1:], strict=True):
            # Leaving a layer, the line enters a channel's left gutter; leaving a
            # channel's core, its right gutter.
            gutter = (rank + 1, "left") if rank % 2 == 0 else (rank, "right")
            climbs[gutter].append(Climb(chain.edge, before, after, chain.thickness))
    return climbs


def _steep(climbs: Sequence[Climb], least: float = TRACK_CLIMB) -> list[Climb]:
    return [climb for climb in climbs if abs(climb.leaving - climb.entering) >= least]


def _tracks_width(steep: Sequence[Climb]) -> float:
    """How wide the side-by-side tracks of ``steep`` climbs are, gaps either side
    included."""
    return sum(climb.thickness + TRACK_GAP for climb in steep) + TRACK_GAP


def _gutter_width(climbs: Sequence[Climb]) -> float:
    highest = max((abs(climb.leaving - climb.entering) for climb in climbs), default=0.0)
    width = max(MIN_GUTTER, min(highest * GUTTER_SLOPE, MAX_SLOPE_WIDTH))
    return min(max(width, _tracks_width(_steep(climbs))), MAX_GUTTER)


def _tracks(climbs: Sequence[Climb], left: float, right: float) -> dict[Climb, float]:
    """The x of each climb: steep ones side by side across the gutter, spread out
    when there is room (squeezed together when the gutter is at its widest), small
    ones in its middle."""

    def order(climb: Climb) -> tuple[int, float, float]:
        if climb.leaving > climb.entering:  # going down: the lower start turns first
            return 0, -climb.entering, -climb.leaving
        return 1, climb.entering, climb.leaving  # going up: the higher start first

    steep = sorted(_steep(climbs), key=order)
    tracks = dict.fromkeys(_steep(climbs, LEVEL), (left + right) / 2)
    if not steep:
        return tracks
    needed = _tracks_width(steep)
    # Spare room goes evenly between the tracks; a shortfall shrinks the gaps.
    spare = (right - left - needed) / (len(steep) + 1)
    x = left + TRACK_GAP + spare
    for climb in steep:
        tracks[climb] = x + climb.thickness / 2
        x += climb.thickness + TRACK_GAP + spare
    return tracks
