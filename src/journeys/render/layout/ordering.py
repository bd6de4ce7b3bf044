"""The top-to-bottom order of the slots in each rank: few crossings, lanes kept.

The classic barycentre heuristic: sweeping left to right, each slot is given the
mean position of its neighbours in the rank before and the rank is sorted by it,
then the same right to left; lanes are the first sort key, so a slot never leaves
its lane. The order with the fewest crossings seen is kept, and the search stops
when two passes in a row find none fewer. Sorting is stable and
keys are exact, so the order is the same in every process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from journeys.render.layout.slots import Grid, Slot

SWEEPS = 6
"""Most left-right and right-left passes tried."""

PATIENCE = 2
"""Passes in a row without fewer crossings after which the search stops."""


def order_slots(grid: Grid) -> None:
    """Sort every rank of ``grid`` in place and number its slots (``order``)."""
    ranks = grid.ranks
    for rank in ranks:
        rank.sort(key=lambda slot: slot.lane)
        _number(rank)
    for index in range(1, len(ranks)):
        _sort_by_neighbours(ranks[index], lambda slot: slot.left)
    best = [list(rank) for rank in ranks]
    best_crossings = count_crossings(ranks)
    stale = 0
    for _ in range(SWEEPS):
        if best_crossings == 0 or stale == PATIENCE:
            break
        for index in range(1, len(ranks)):
            _sort_by_neighbours(ranks[index], lambda slot: slot.left)
        for index in range(len(ranks) - 2, -1, -1):
            _sort_by_neighbours(ranks[index], lambda slot: slot.right)
        crossings = count_crossings(ranks)
        if crossings < best_crossings:
            best, best_crossings, stale = [list(rank) for rank in ranks], crossings, 0
        else:
            stale += 1
    for rank, kept in zip(ranks, best, strict=True):
        rank[:] = kept
        _number(rank)


def _number(rank: list[Slot]) -> None:
    for position, slot in enumerate(rank):
        slot.order = position


def _sort_by_neighbours(rank: list[Slot], neighbours: Callable[[Slot], list[Slot]]) -> None:
    keys = {}
    for slot in rank:
        others = neighbours(slot)
        if others:
            total = 0
            for other in others:
                total += other.order
            keys[id(slot)] = (slot.lane, total / len(others))
        else:
            keys[id(slot)] = (slot.lane, float(slot.order))
    rank.sort(key=lambda slot: keys[id(slot)])
    _number(rank)


def count_crossings(ranks: Sequence[list[Slot]]) -> int:
    """How many pairs of lines between neighbouring ranks cross."""
    total = 0
    for rank in ranks[:-1]:
        heads: list[int] = []
        for slot in rank:
            if len(slot.right) == 1:
                heads.append(slot.right[0].order)
            else:
                heads.extend(sorted(other.order for other in slot.right))
        total += _inversions(heads)
    return total


def _inversions(values: list[int]) -> int:
    """Pairs ``i < j`` with ``values[i] > values[j]`` (a Fenwick tree: n log n)."""
    if not values:
        return 0
    size = max(values) + 2
    tree = [0] * size
    inversions = 0
    for seen, value in enumerate(values):
        position = value + 1
        not_greater = 0
        while position > 0:
            not_greater += tree[position]
            position -= position & -position
        inversions += seen - not_greater
        position = value + 1
        while position < size:
            tree[position] += 1
            position += position & -position
    return inversions
