"""render_network's choice of boundaries: the busiest, said in the title."""

from __future__ import annotations

import pytest

from journeys import JourneyApp, analyse, bundled_blueprints, render_network, simulate_into
from journeys.render import to_dot
from journeys.render.network import busiest_boundaries
from tests.helpers import AS_OF, CATALOGUE, drawn_population


def test_the_network_keeps_the_busiest_boundaries() -> None:
    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=30, seed=1)
    network = analyse(app).handoff_network
    kept = busiest_boundaries(network, 5)
    assert len(kept.edges) == 5
    assert set(kept.bodies) == {b for e in kept.edges for b in (e.from_body, e.to_body)}
    busiest = max(network.edges, key=lambda e: e.handoffs + e.cold_transfers + e.reasks)
    assert busiest in kept.edges
    assert busiest_boundaries(network, 10_000) == network


def test_top_edges_draws_the_busiest_and_says_so() -> None:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    total = len(analysis.handoff_network.edges)
    assert total > 2
    kept = to_dot(render_network(analysis, catalogue=CATALOGUE, top_edges=2)).decode()
    assert f"showing 2 of {total} connections" in kept
    assert kept.count(" -> ") < to_dot(
        render_network(analysis, catalogue=CATALOGUE)
    ).decode().count(" -> ")
    everything = render_network(analysis, catalogue=CATALOGUE, top_edges=total)
    assert to_dot(everything) == to_dot(render_network(analysis, catalogue=CATALOGUE))


def test_top_edges_that_is_not_a_count_is_refused() -> None:
    analysis = analyse(drawn_population(), catalogue=CATALOGUE, as_of=AS_OF)
    with pytest.raises(ValueError, match="top_edges must be at least 1, got 0"):
        render_network(analysis, catalogue=CATALOGUE, top_edges=0)
    with pytest.raises(ValueError, match="top_edges must be a whole number, got True"):
        render_network(analysis, catalogue=CATALOGUE, top_edges=True)
