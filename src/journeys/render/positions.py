"""Positions written the way Graphviz reads them, for a picture laid out here.

The layout measures in points with y growing down the page; Graphviz puts the
origin at the bottom left with y growing upwards, and takes node sizes in
inches. Every number is written with two decimals, so the DOT is the same in
every process.
"""

from __future__ import annotations

import attrs

from journeys.render.layout.model import EdgeRoute, Point

POINTS_PER_INCH = 72.0


@attrs.frozen
class Page:
    """A page of the given height, in points, that turns layout coordinates into
    Graphviz attribute values; with ``left`` and ``top``, coordinates are taken
    from that corner (a block drawn somewhere on the page)."""

    height: float
    left: float = 0.0
    top: float = 0.0

    def within(self, left: float, top: float) -> Page:
        """This page, measuring from (``left``, ``top``) of the current origin."""
        return Page(self.height, self.left + left, self.top + top)

    def point(self, point: Point) -> str:
        """``"x,y"`` with y measured up from the bottom."""
        return f"{point[0] + self.left:.2f},{self.height - self.top - point[1]:.2f}"

    def box(self, left: float, top: float, right: float, bottom: float) -> str:
        """A bounding box ``"x0,y0,x1,y1"`` (lower left, upper right)."""
        base = self.height - self.top
        return (
            f"{left + self.left:.2f},{base - bottom:.2f},{right + self.left:.2f},{base - top:.2f}"
        )

    def spline(self, route: EdgeRoute) -> str:
        """An edge's ``pos``: its arrow tip (``e,x,y``) if it has one, then the spline."""
        points = " ".join(self.point(point) for point in route.spline)
        if route.arrow_tip is None:
            return points
        return f"e,{self.point(route.arrow_tip)} {points}"


def inches(points: float) -> str:
    """A node dimension: ``points`` in inches, as Graphviz takes them."""
    return f"{points / POINTS_PER_INCH:.4f}"
