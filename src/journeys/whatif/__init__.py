"""What if: two designs of a service run on one simulated population, compared.

A policy team's question — *if we changed this hand-off, who would be better off,
by how much, and how sure are we?* — answered by simulating the same citizens,
with the same luck, under a baseline design and a variant, and pairing their
outcomes.

- :func:`compare_designs` runs both designs over replications of one population
  and returns a :class:`DesignComparison`: for everyone and each nation a
  :class:`GroupComparison` of :class:`OutcomeChange` (each :class:`Outcome`, as
  the mean over citizens, and the median and p90 of days to end), and for each
  boundary a :class:`BoundaryChange` (findings per 1,000 citizens), each with a
  bootstrap :class:`Interval` over the replications and the citizens worse and
  better off;
- :class:`CitizenOutcome` is one citizen's outcome under one design;
- ``DesignComparison.to_json()`` follows the schema :data:`SCHEMA_ID`
  (``design-comparison-1``; :func:`comparison_schema` loads it), and
  ``DesignComparison.difference()`` compares the two designs' pooled analyses
  for the difference map and network;
- :class:`Scenario`: a policy question, its public sources and its two designs;
  :func:`bundled_scenarios` gives the bundled ones by id and :func:`load_scenario`
  reads a scenario file (``Scenario.compare()`` runs it).
"""

from journeys.whatif.compare import compare_designs
from journeys.whatif.comparison_json import SCHEMA_ID, SCHEMA_VERSION, comparison_schema
from journeys.whatif.intervals import CONFIDENCE, RESAMPLES, Interval
from journeys.whatif.model import BoundaryChange, DesignComparison, GroupComparison, OutcomeChange
from journeys.whatif.outcomes import CitizenOutcome, Outcome
from journeys.whatif.scenarios import Scenario, bundled_scenarios, load_scenario

__all__: list[str] = [
    "CONFIDENCE",
    "RESAMPLES",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "BoundaryChange",
    "CitizenOutcome",
    "DesignComparison",
    "GroupComparison",
    "Interval",
    "Outcome",
    "OutcomeChange",
    "Scenario",
    "bundled_scenarios",
    "compare_designs",
    "comparison_schema",
    "load_scenario",
]
