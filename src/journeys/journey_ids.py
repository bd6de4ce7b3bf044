"""Deterministic journey ids, so that importing the same case twice adds nothing."""

from __future__ import annotations

import json
from uuid import UUID, uuid5

JOURNEY_NAMESPACE = UUID("6f1c2a4e-3b7d-5e8f-9a0b-1c2d3e4f5a6b")
"""Namespace of deterministic journey ids (:func:`journey_id`)."""


def journey_id(source: str, case_id: str) -> UUID:
    """The deterministic id of the journey for ``case_id`` in ``source``.

    Importing the same case of the same source twice gives the same id, so the
    second import adds nothing.

    >>> journey_id("registrar-log", "case-17") == journey_id("registrar-log", "case-17")
    True
    """
    return uuid5(JOURNEY_NAMESPACE, json.dumps([source, case_id], ensure_ascii=False))
