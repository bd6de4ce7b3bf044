"""One kind of choice for every decision a generated value makes, so that it shrinks well.

Hypothesis shrinks by editing the sequence of choices a test case made and
replaying it. A generated journey's later decisions depend on its earlier ones
(how many cases are open decides what can happen next), so an edit early on
shifts every later choice. When every choice is an integer from the same range,
a shifted sequence still replays: each choice is reinterpreted rather than
rejected as misaligned, and shrinking keeps going down to a short journey.
A choice of ``0`` always means the simplest option, the first one listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

CHOICE_RANGE = 1 << 16
"""Every choice is an integer below this; options are picked by the remainder."""

_choice = st.integers(0, CHOICE_RANGE - 1)


class Chooser:
    """Makes every kind of decision from one integer choice at a time."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def index(self, size: int) -> int:
        """An index below ``size`` (which must be positive)."""
        if size <= 0:
            raise ValueError(f"cannot choose among {size} options")
        choice: int = self._draw(_choice)
        return choice % size

    def choose(self, options: Sequence[T]) -> T:
        """One of ``options``, shrinking towards the first."""
        return options[self.index(len(options))]

    def number(self, low: int, high: int) -> int:
        """An integer from ``low`` to ``high`` inclusive, shrinking towards ``low``."""
        return low + self.index(high - low + 1)

    def flag(self) -> bool:
        """``True`` or ``False``, shrinking towards ``False``."""
        return self.index(2) == 1

    def subset(self, options: Sequence[T], *, min_size: int, max_size: int) -> list[T]:
        """Distinct options, between ``min_size`` and ``max_size`` of them, in list order."""
        size = self.number(min_size, min(max_size, len(options)))
        remaining = list(options)
        chosen = [remaining.pop(self.index(len(remaining))) for _ in range(size)]
        return sorted(chosen, key=options.index)
