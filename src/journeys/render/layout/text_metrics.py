"""How wide text is in DejaVu Sans, read from the font file this package ships.

The layout is computed here rather than by Graphviz, so node and label sizes must
come from the face every picture is drawn in. The advance width of each
character is read once from the font's ``cmap`` (format 12: every Unicode
character to its glyph) and ``hmtx`` (each glyph's advance) tables. A character
the face lacks is counted one em wide, the width of the CJK faces a viewer falls
back to.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Sequence
from importlib import resources

FONT_FILE = "DejaVuSans.ttf"

LINE_HEIGHT = 1.2
"""Graphviz's line spacing: a label line is this many times its font size tall."""


class _FontWidths:
    """Advance widths of one TrueType font, in ems."""

    def __init__(self, data: bytes) -> None:
        tables = _table_offsets(data)
        (units_per_em,) = struct.unpack_from(">H", data, tables["head"] + 18)
        (metric_count,) = struct.unpack_from(">H", data, tables["hhea"] + 34)
        advances = struct.unpack_from(f">{metric_count * 2}H", data, tables["hmtx"])[::2]
        self._advances = [advance / units_per_em for advance in advances]
        self._groups = _unicode_groups(data, tables["cmap"])
        self._cache: dict[str, float] = {}

    def width(self, character: str) -> float:
        """The advance of ``character``, in ems."""
        cached = self._cache.get(character)
        if cached is None:
            glyph = self._glyph(ord(character))
            # Glyphs past the last metric share its advance (TrueType's rule).
            last = len(self._advances) - 1
            cached = 1.0 if glyph is None else self._advances[min(glyph, last)]
            self._cache[character] = cached
        return cached

    def _glyph(self, code: int) -> int | None:
        low, high = 0, len(self._groups) - 1
        while low <= high:
            middle = (low + high) // 2
            start, end, first_glyph = self._groups[middle]
            if code < start:
                high = middle - 1
            elif code > end:
                low = middle + 1
            else:
                return first_glyph + code - start
        return None


def _table_offsets(data: bytes) -> dict[str, int]:
    (count,) = struct.unpack_from(">H", data, 4)
    offsets = {}
    for index in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        offsets[tag.decode("latin-1")] = offset
    return offsets


def _unicode_groups(data: bytes, cmap: int) -> list[tuple[int, int, int]]:
    """The (first character, last character, first glyph) groups of the font's
    format-12 Unicode subtable."""
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        start = cmap + offset
        (table_format,) = struct.unpack_from(">H", data, start)
        if (platform, encoding) == (3, 10) and table_format == 12:
            (groups,) = struct.unpack_from(">I", data, start + 12)
            return [struct.unpack_from(">III", data, start + 16 + 12 * i) for i in range(groups)]
    raise ValueError("the font has no Unicode (format 12) character map")


@functools.cache
def _font() -> _FontWidths:
    font = resources.files("journeys.render") / "fonts" / FONT_FILE
    return _FontWidths(font.read_bytes())


def text_width(text: str, font_size: float) -> float:
    """The width of one line of ``text`` at ``font_size`` points, in points."""
    font = _font()
    return sum(font.width(character) for character in text) * font_size


def text_size(lines: Sequence[str], font_size: float) -> tuple[float, float]:
    """Width and height, in points, of ``lines`` set at ``font_size`` points."""
    width = max((text_width(line, font_size) for line in lines), default=0.0)
    return width, len(lines) * font_size * LINE_HEIGHT
