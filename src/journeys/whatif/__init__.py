"""What if: two designs of a service run on one simulated population, compared.

A policy team's question — *if we changed this hand-off, who would be better off,
by how much, and how sure are we?* — answered by simulating the same citizens,
with the same luck, under a baseline design and a variant, and pairing their
outcomes.
"""

from __future__ import annotations

__all__: list[str] = []
