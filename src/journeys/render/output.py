"""Write a graph as DOT, SVG or PNG — to bytes, or to a file chosen by its extension."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from journeys.errors import RenderError
from journeys.output_files import check_writable, write_bytes
from journeys.render.backends import Backend, backends_to_try, layout_png, layout_svg
from journeys.render.png import svg_to_png
from journeys.render.style import FONT

FORMATS: dict[str, str] = {".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png"}
"""File extensions :func:`write_graph` understands, and the format each means."""

# Graphviz writes the font named in the DOT (DejaVu Sans, whose widths the layout
# used). A viewer without it would fall back to its default, often a serif face;
# Verdana is DejaVu Sans's near twin in width on systems that ship it. Graphviz
# escapes quotes in text and attribute values, so only its own font-family
# attributes can match.
_FONT_FAMILY = re.compile(rb' font-family="' + re.escape(FONT.encode()) + rb'"')
_FONT_FAMILY_WITH_FALLBACK = b' font-family="' + FONT.encode() + b',Verdana,sans-serif"'


class HasSource(Protocol):
    """Anything with DOT ``source``: a ``graphviz.Digraph``, ``graphviz.Source`` ..."""

    @property
    def source(self) -> str:
        """The DOT text."""
        ...


def to_dot(graph: HasSource) -> bytes:
    """The graph's DOT source, UTF-8 encoded (deterministic for the same input)."""
    return graph.source.encode("utf-8")


def to_svg(graph: HasSource, *, backend: Backend | str | None = None) -> bytes:
    """The graph laid out and drawn as SVG.

    ``backend`` is ``"auto"``, ``"system"`` or ``"wasm"`` (default: the
    ``JOURNEYS_GRAPHVIZ_BACKEND`` environment key, else auto).

    Raises:
        RenderError: when no backend is available (the message says how to get one)
            or Graphviz refuses the graph.
    """
    svg = _first_that_works(backend, lambda chosen: layout_svg(graph.source, chosen))
    return _FONT_FAMILY.sub(_FONT_FAMILY_WITH_FALLBACK, svg)


def to_png(graph: HasSource, *, backend: Backend | str | None = None) -> bytes:
    """The graph laid out and drawn as PNG at 144 dpi.

    The system ``dot`` draws PNG itself; with the WebAssembly backend the SVG is
    rasterised by resvg with the bundled DejaVu Sans font.
    """

    def draw(chosen: Backend) -> bytes:
        if chosen is Backend.SYSTEM:
            return layout_png(graph.source)
        return svg_to_png(layout_svg(graph.source, chosen))

    return _first_that_works(backend, draw)


def _first_that_works(backend: Backend | str | None, draw: Callable[[Backend], bytes]) -> bytes:
    """``draw`` with each backend to try in turn; the last one's error if all fail."""
    candidates = backends_to_try(backend)
    for chosen in candidates[:-1]:
        try:
            return draw(chosen)
        except RenderError:
            continue  # auto falls back to the next Graphviz
    return draw(candidates[-1])


def write_graph(
    graph: HasSource, path: str | Path, *, backend: Backend | str | None = None
) -> Path:
    """Write ``graph`` to ``path`` as DOT (``.dot``, ``.gv``), SVG (``.svg``) or PNG
    (``.png``), chosen by the extension; return the path.

    The path is checked before the graph is drawn, and the file is written whole:
    a failed write leaves no truncated file (and an older one in place).

    Raises:
        RenderError: for another extension, or as :func:`to_svg` / :func:`to_png`.
        OutputError: when the file cannot be written (its folder is missing or
            is a file, the path is a folder, permission denied ...).
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        choices = ", ".join(sorted(FORMATS))
        raise RenderError(
            f"cannot tell the format of {str(path)!r} from its extension (use one of {choices})"
        )
    check_writable(path)
    if kind == "dot":
        data = to_dot(graph)
    elif kind == "svg":
        data = to_svg(graph, backend=backend)
    else:
        data = to_png(graph, backend=backend)
    return write_bytes(path, data)
