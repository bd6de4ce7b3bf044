"""Heights: each lane as tall as its fullest column, each slot level with its neighbours.

A lane's band is as tall as the tallest stack of slots any rank puts in it, so
lanes sit close together with no empty rows. Within its band, each rank's stack
is then slid, again and again, towards the mean height of each slot's neighbours
in the ranks either side, keeping the slots' order and spacing: lines run as
straight as the stacks allow. Each slide is a least-squares fit under order
constraints (isotonic regression by pooling adjacent violators), so it is exact
and the same in every process. Last, left to right, a line passing through is
set exactly level with where it came from wherever its neighbours in the stack
leave room: long lines run straight and bend only where something is in the way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from journeys.render.layout.slots import Grid, Slot

LANE_PADDING = 10.0
"""Between a band's edge and the nearest slot, in points."""

LANE_GAP = 4.0
"""White space between two bands."""

PASSES = 8
"""Slides of every rank, alternately left to right and right to left."""

_MARGINS = {"node": 9.0, "label": 3.0, "pass": 3.0}


def gap(upper: Slot, lower: Slot) -> float:
    """The space kept between two slots stacked in one rank."""
    return max(_MARGINS[upper.kind], _MARGINS[lower.kind])


@attrs.define
class _Cell:
    """The slots of one lane in one rank, top to bottom, and how they stack:
    each slot's line below the first one's when packed tight, and the range the
    first one's line may take."""

    slots: list[Slot]
    offsets: list[float]
    lowest: float = 0.0
    highest: float = 0.0


def place_vertically(grid: Grid, min_heights: Sequence[float]) -> tuple[tuple[float, float], ...]:
    """Set every slot's ``y`` and return each lane's band (top, bottom)."""
    lane_count = len(min_heights)
    cells = [_cells(rank, lane_count) for rank in grid.ranks]
    needed = [0.0] * lane_count
    for rank_cells in cells:
        for lane, cell in enumerate(rank_cells):
            if cell is not None:
                height = cell.offsets[-1] + cell.slots[0].above + cell.slots[-1].below
                needed[lane] = max(needed[lane], height + 2 * LANE_PADDING)
    spans = []
    top = 0.0
    for lane in range(lane_count):
        height = max(needed[lane], min_heights[lane])
        spans.append((top, top + height))
        top += height + LANE_GAP
    for rank_cells in cells:
        for lane, cell in enumerate(rank_cells):
            if cell is not None:
                _fit_in(cell, spans[lane])
    order = list(range(len(cells)))
    for sweep in range(PASSES):
        for index in order if sweep % 2 == 0 else reversed(order):
            for cell in cells[index]:
                if cell is not None:
                    _slide(cell)
    for rank_cells in cells:
        for cell in rank_cells:
            if cell is not None:
                _straighten(cell)
    return tuple(spans)


def _cells(rank: list[Slot], lane_count: int) -> list[_Cell | None]:
    by_lane: list[list[Slot]] = [[] for _ in range(lane_count)]
    for slot in rank:
        by_lane[slot.lane].append(slot)
    cells: list[_Cell | None] = []
    for slots in by_lane:
        if not slots:
            cells.append(None)
            continue
        offsets = [0.0]
        for upper, lower in itertools.pairwise(slots):
            offsets.append(offsets[-1] + upper.below + gap(upper, lower) + lower.above)
        cells.append(_Cell(slots, offsets))
    return cells


def _fit_in(cell: _Cell, span: tuple[float, float]) -> None:
    """Set the cell's range within its band, and centre it there."""
    cell.lowest = span[0] + LANE_PADDING + cell.slots[0].above
    cell.highest = max(
        span[1] - LANE_PADDING - cell.slots[-1].below - cell.offsets[-1], cell.lowest
    )
    first = (cell.lowest + cell.highest) / 2
    for slot, offset in zip(cell.slots, cell.offsets, strict=True):
        slot.y = first + offset


def _slide(cell: _Cell) -> None:
    blocks: list[list[float]] = []  # pooled [sum, count] of (target - offset)
    for slot, offset in zip(cell.slots, cell.offsets, strict=True):
        neighbours = slot.left + slot.right
        if neighbours:
            total = 0.0
            for other in neighbours:
                total += other.y
            wanted = total / len(neighbours)
        else:
            wanted = slot.y
        blocks.append([wanted - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    index = 0
    lowest, highest = cell.lowest, cell.highest
    slots, offsets = cell.slots, cell.offsets
    for total, count in blocks:
        value = min(max(total / count, lowest), highest)
        for _ in range(int(count)):
            slots[index].y = value + offsets[index]
            index += 1


def _straighten(cell: _Cell) -> None:
    """Level each passing line with the slot it comes from, where there is room."""
    slots = cell.slots
    for position, slot in enumerate(slots):
        if slot.kind == "node" or len(slot.left) != 1:
            continue
        wanted = slot.left[0].y
        if wanted == slot.y:
            continue
        if position > 0:
            upper = slots[position - 1]
            if wanted - slot.above < upper.y + upper.below + gap(upper, slot):
                continue
        if position + 1 < len(slots):
            lower = slots[position + 1]
            if wanted + slot.below > lower.y - lower.above - gap(slot, lower):
                continue
        slot.y = wanted
