"""The analysis says today, byte for byte, what the golden files recorded (see tests/golden.py)."""

from __future__ import annotations

import difflib

import pytest

from tests.conftest import shared_data
from tests.golden import GOLDEN, demo, gaps_page, roadtraffic


def assert_same(name: str, made: str) -> None:
    recorded = (GOLDEN / name).read_text(encoding="utf-8")
    if made != recorded:
        diff = difflib.unified_diff(
            recorded.splitlines(), made.splitlines(), "recorded", "made", lineterm="", n=2
        )
        pytest.fail(f"{name} changed:\n" + "\n".join(list(diff)[:80]))


def test_the_demo_population_analyses_as_recorded() -> None:
    assert_same("demo.json", demo())


def test_the_gaps_page_examples_analyse_as_recorded() -> None:
    assert_same("gaps-page.json", gaps_page())


def test_the_road_traffic_log_analyses_as_recorded() -> None:
    log = shared_data("data/eventlogs/roadtraffic100traces.xes")
    assert_same("roadtraffic.json", roadtraffic(log))
