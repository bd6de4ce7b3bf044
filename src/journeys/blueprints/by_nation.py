"""``ByNation``: an immutable mapping from each nation to one value.

Blueprints say which body serves a step, and which SLA applies, nation by
nation. The mapping is hashable so that the frozen value objects holding it are
hashable too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from journeys.bodies import Nation, parse_nation

V = TypeVar("V")


class ByNation(Mapping[Nation, V]):
    """An immutable, hashable ``Mapping[Nation, V]`` kept in the order of :class:`Nation`.

    Keys may be given as :class:`Nation` members or as their names
    (``"northern-ireland"``, ``"Northern Ireland"``).

    >>> from journeys.bodies import Nation
    >>> bodies = ByNation({"scotland": "sss", Nation.ENGLAND: "dwp"})
    >>> list(bodies.values())
    ['dwp', 'sss']
    """

    __slots__ = ("_items",)

    def __init__(
        self, items: Mapping[Nation, V] | Mapping[str, V] | Iterable[tuple[Nation | str, V]] = ()
    ) -> None:
        pairs: Iterable[tuple[Nation | str, V]] = (
            items.items() if isinstance(items, Mapping) else items
        )
        given: dict[Nation, V] = {}
        for key, value in pairs:
            nation = key if isinstance(key, Nation) else parse_nation(key)
            if nation in given:
                raise ValueError(f"nation {nation.value!r} is given twice")
            given[nation] = value
        # Declaration order, so equal mappings iterate, print and hash alike.
        self._items: dict[Nation, V] = {n: given[n] for n in Nation if n in given}

    def __getitem__(self, nation: Nation) -> V:
        return self._items[nation]

    def __iter__(self) -> Iterator[Nation]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n.value!r}: {v!r}" for n, v in self._items.items())
        return f"ByNation({{{inner}}})"

    @property
    def nations(self) -> frozenset[Nation]:
        """The nations that have a value."""
        return frozenset(self._items)
