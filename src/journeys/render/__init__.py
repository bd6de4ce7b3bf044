"""Journey pictures in Graphviz: timelines, lifelines, journey maps and hand-off networks.

Each renderer returns a ``graphviz.Digraph`` (shown inline in a notebook); write
it with :func:`write_graph` (``.dot``, ``.svg`` or ``.png``) or get bytes with
:func:`to_dot`, :func:`to_svg` and :func:`to_png`. ``graphviz`` itself is imported
only when something is drawn, so ``import journeys`` stays quick. :class:`Backend`
and :data:`BACKEND_ENV_KEY` choose the Graphviz backend; :func:`human_duration`
is how the pictures write durations.

:func:`render_life` draws one citizen's journeys along one time axis.
:func:`render_experience` draws how a blueprint's journeys felt, stage by stage
(an :class:`ExperienceCurve`, drawn with matplotlib rather than Graphviz: write
it with its own ``write``). The other
renderers and ``write_graph`` are also at the top level
(``from journeys import render_map``).
"""

from journeys.render.backends import BACKEND_ENV_KEY, Backend
from journeys.render.difference_map import render_difference_map
from journeys.render.difference_network import render_difference_network
from journeys.render.durations import human_duration
from journeys.render.experience import ExperienceCurve, render_experience
from journeys.render.journey_map import render_map
from journeys.render.life import render_life
from journeys.render.network import render_network
from journeys.render.output import to_dot, to_png, to_svg, write_graph
from journeys.render.timeline import render_timeline
from journeys.render.variants import render_variants

__all__ = [
    "BACKEND_ENV_KEY",
    "Backend",
    "ExperienceCurve",
    "human_duration",
    "render_difference_map",
    "render_difference_network",
    "render_experience",
    "render_life",
    "render_map",
    "render_network",
    "render_timeline",
    "render_variants",
    "to_dot",
    "to_png",
    "to_svg",
    "write_graph",
]
