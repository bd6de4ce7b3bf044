"""Keyed random draws: common random numbers for comparing two designs.

A simulated population used to draw from one generator per citizen, so that one
more step early in a journey shifted every later draw, and two designs of a
service differed by noise as much as by design. :class:`Draws` instead derives
each draw from its *key*: the population's seed, the citizen, the journey, the
step or hand-off it is for and its purpose (work time, outcome, ...). The same
citizen then meets the same luck under two designs wherever they agree: a step
both have takes the same time, a hand-off both have the same latency and fate.

A draw is the BLAKE2b hash of its key read as a number in ``[0, 1)``: the same in
every process and on every platform (``hash()`` is salted per process; this is
not), and independent of the order draws are made in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from hashlib import blake2b
from statistics import NormalDist
from typing import TypeVar

_T = TypeVar("_T")

_SEPARATOR = "\x1f"
_UNIT = 2.0**-53
_NORMAL = NormalDist()
# A BLAKE2b digest is at most 64 bytes: eight draws of 8 bytes.
_MOST = 8


class Draws:
    """The keyed draws of one stream, e.g. one citizen's journey (internal).

    ``Draws("simulate", seed, citizen)`` names a stream; :meth:`within` a stream
    inside it (a journey of the citizen); :meth:`uniform`, :meth:`gauss` and
    :meth:`choice` one draw of it for an ``item`` (a step or hand-off id) and a
    ``purpose``. The same key gives the same draw, whatever else is drawn.
    """

    __slots__ = ("_hasher", "_key")

    def __init__(self, *key: object) -> None:
        self._key = _SEPARATOR.join(map(str, key)) + _SEPARATOR
        # Hashing the key's prefix once and copying the state per draw halves its cost.
        self._hasher = blake2b(self._key.encode(), digest_size=8)

    def within(self, *key: object) -> Draws:
        """The stream keyed by this one's key followed by ``key``."""
        return Draws(self._key + _SEPARATOR.join(map(str, key)))

    def several(self, item: str, purpose: str, count: int) -> list[float]:
        """``count`` (at most 8) independent draws uniform in ``[0, 1)`` from one hash:
        cheaper than ``count`` keyed draws where one moment needs several."""
        if not 0 < count <= _MOST:
            raise ValueError(f"several draws are 1 to {_MOST}, got {count!r}")
        hasher = blake2b(f"{self._key}{item}{_SEPARATOR}{purpose}".encode(), digest_size=8 * count)
        digest = hasher.digest()
        return [
            (int.from_bytes(digest[8 * index : 8 * index + 8], "big") >> 11) * _UNIT
            for index in range(count)
        ]

    def _bits(self, item: str, purpose: str) -> int:
        hasher = self._hasher.copy()
        hasher.update(f"{item}{_SEPARATOR}{purpose}".encode())
        # The top 53 bits: as many as a float's mantissa holds.
        return int.from_bytes(hasher.digest(), "big") >> 11

    def uniform(self, item: str, purpose: str) -> float:
        """A draw uniform in ``[0, 1)``."""
        return self._bits(item, purpose) * _UNIT

    def gauss(self, item: str, purpose: str) -> float:
        """A draw of a standard normal (mean 0, standard deviation 1)."""
        # Half a step off zero: the inverse CDF is finite on the open interval (0, 1).
        return _NORMAL.inv_cdf((self._bits(item, purpose) + 0.5) * _UNIT)

    @staticmethod
    def normal(uniform: float) -> float:
        """The standard normal draw at a uniform draw of :meth:`several` (as :meth:`gauss`)."""
        return _NORMAL.inv_cdf(uniform + 0.5 * _UNIT)

    def choice(self, items: Sequence[_T], name: Callable[[_T], str], purpose: str) -> _T:
        """One of ``items``, each as likely: the one whose keyed priority is highest.

        Each item's priority is keyed by its ``name``, not its position, so an item
        is chosen the same way whatever other items are offered beside it, unless
        one of them beats it.
        """
        return max(items, key=lambda item: self.uniform(name(item), purpose))

    def sample(
        self, items: Sequence[_T], count: int, name: Callable[[_T], str], purpose: str
    ) -> list[_T]:
        """``count`` of ``items`` without repeats (by keyed priorities, as :meth:`choice`),
        highest priority first."""
        ranked = sorted(items, key=lambda item: self.uniform(name(item), purpose), reverse=True)
        return ranked[:count]

    def weighted(self, cumulative: Sequence[float], item: str, purpose: str) -> int:
        """An index drawn with the weights whose running totals are ``cumulative``."""
        target = self.uniform(item, purpose) * cumulative[-1]
        for index, total in enumerate(cumulative):
            if target < total:
                return index
        return len(cumulative) - 1
