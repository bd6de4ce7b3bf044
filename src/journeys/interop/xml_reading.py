"""Reading an XML event log incrementally, safely and in bounded memory.

The XES and OCEL 2.0 XML readers parse with :func:`hardened_iterparse`: lxml's
``iterparse`` set so that a hostile document can neither reach out (no network,
no DTD, no entities resolved) nor grow a tree past libxml2's usual limits, and
with comments and processing instructions dropped. ``iterparse`` keeps every
element it has built attached to the tree, so each reader frees what it is done
with, and the siblings read before it, with :func:`release`.
"""

from __future__ import annotations

from typing import Any, Protocol

from lxml import etree

__all__ = ["ByteSource", "hardened_iterparse", "release"]


class ByteSource(Protocol):
    """What lxml parses incrementally: anything with a binary ``read``."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes (all that is left: -1); empty at the end."""
        ...


def hardened_iterparse(
    source: ByteSource, *, tag: tuple[str, ...] | None = None
) -> etree.iterparse:
    """The start and end events of the elements of ``source`` (only those named
    ``tag``, when given: the others are never built in Python); its ``root`` is the
    document's root once the first event is read."""
    options: dict[str, Any] = {} if tag is None else {"tag": tag}
    return etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        **options,
    )


def release(element: etree._Element) -> None:
    """Free ``element``, once read, and the siblings already read before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
