"""``JourneyGraph``: the ``graphviz.Digraph`` every renderer returns.

It is a plain ``graphviz.Digraph`` (``.source`` is its DOT), except that a notebook
displays it through this package's backends, so it shows inline on a machine
without the system ``dot``. This module imports ``graphviz``, so the renderers
import it only when they draw.
"""

from __future__ import annotations

import graphviz

from journeys.render import style
from journeys.render.output import to_png, to_svg


class JourneyGraph(graphviz.Digraph):  # type: ignore[misc]  # graphviz ships no types
    """A ``graphviz.Digraph`` that notebooks render with the journeys backends.

    Write it with :func:`~journeys.render.write_graph`; its own ``render()`` and
    ``pipe()`` methods are graphviz's and need the system ``dot``.
    """

    def _repr_image_svg_xml(self) -> str:
        return to_svg(self).decode("utf-8")

    def _repr_image_png(self) -> bytes:
        return to_png(self)


def new_graph(name: str, **graph_attr: str) -> JourneyGraph:
    """An empty graph with the shared font and margins."""
    return JourneyGraph(
        name=name,
        graph_attr={
            "fontname": style.FONT,
            "fontsize": style.FONT_SIZE,
            "bgcolor": "white",
            "pad": "0.2",
            # Lines end at nodes' outlines; drawn first, they are under the nodes'
            # fill wherever the two touch.
            "outputorder": "edgesfirst",
            **graph_attr,
        },
        node_attr={
            "fontname": style.FONT,
            "fontsize": style.FONT_SIZE,
            "color": style.INK,
            "fontcolor": style.INK,
        },
        edge_attr={
            "fontname": style.FONT,
            "fontsize": style.SMALL_FONT_SIZE,
            "color": style.MUTED,
            "fontcolor": style.INK,
            "arrowsize": style.ARROW_SIZE,
        },
    )
