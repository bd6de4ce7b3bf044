"""The gap rules: one module per kind of finding, each reading like its definition.

The Gaps page of the documentation and these modules correspond one to one:
:mod:`.latency`, :mod:`.dropped`, :mod:`.rejected`, :mod:`.unheld`,
:mod:`.cold_transfer`, :mod:`.reask`, and conformance to a blueprint
(:mod:`.conformance` with :mod:`.sla_breach`, :mod:`.missing_step` and
:mod:`.unexpected_step`). They share the holding tracker
(:mod:`journeys.analysis.holding`) and the hand-offs in flight
(:mod:`journeys.analysis.in_flight`); the engine runs them in order.
"""
