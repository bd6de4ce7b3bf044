"""Keeping an incremental XML read bounded: what has been read is freed as it goes.

lxml's ``iterparse`` keeps every element it has built attached to the tree, so a
reader that only clears each element still holds an empty one per element read.
The XES and OCEL 2.0 XML readers free each element they are done with, and the
siblings read before it, with :func:`release`.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["release"]


def release(element: etree._Element) -> None:
    """Free ``element``, once read, and the siblings already read before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
