"""Publishing safely: no count below the threshold survives anywhere in the output, no
statistic resting on one either, counts at or above it are unchanged, and the output
says what was withheld."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import JourneyApp
from journeys.analysis import analyse
from journeys.analysis.publishing import RULES, is_suppressed, publish, suppress
from journeys.cli import main
from journeys.data import analysis_schema
from journeys.errors import AnalysisError
from journeys.testing import journeys
from journeys.voice.body_feedback_record import BodyFeedbackRecord
from tests.helpers import CATALOGUE
from tests.voice_data import voiced_population

Path = tuple[object, ...]


def counts_in(data: Any, path: Path = (), in_container: bool = False) -> Iterator[tuple[Path, Any]]:
    """Every count of ``data`` under :data:`RULES`, with its path (``None`` included)."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            if isinstance(value, dict | list):
                yield from counts_in(value, here, key in RULES.count_containers)
            elif (in_container or key in RULES.count_keys) and (
                value is None or (isinstance(value, int) and not isinstance(value, bool))
            ):
                yield here, value
    elif isinstance(data, list):
        for number, item in enumerate(data):
            yield from counts_in(item, (*path, number))


def at_path(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def check_published(original: Any, published: Any, threshold: int) -> None:
    """The invariants of :func:`suppress`, checked position by position."""
    before = dict(counts_in(original))
    after = dict(counts_in(published))
    assert set(after) <= set(before)
    for path, value in after.items():
        assert not is_suppressed(value, threshold), (path, value)
        if value is not None:
            assert before[path] == value
    for path, value in before.items():
        if path in after and isinstance(value, int) and value >= threshold:
            assert after[path] == value, path
    check_derived(published, original, threshold)


def check_derived(published: Any, original: Any, threshold: int) -> None:
    """Every statistic whose sibling count was withheld is gone; other values stay."""
    if isinstance(published, dict):
        for key, value in published.items():
            if key in RULES.withheld and isinstance(original[key], list):
                assert value == []
                continue
            sources = RULES.derived.get(key, ())
            withheld = [
                s for s in sources if s in original and _withheld(original[s], s, threshold)
            ]
            if withheld:
                assert value is None, (key, withheld)
            check_derived(value, original[key], threshold)
    elif isinstance(published, list):
        for mine, theirs in zip(published, original, strict=True):
            check_derived(mine, theirs, threshold)
    elif published is not None:
        assert published == original


def _withheld(value: Any, key: str, threshold: int) -> bool:
    if isinstance(value, dict | list):
        return any(
            is_suppressed(v, threshold)
            for _, v in counts_in(value, in_container=key in RULES.count_containers)
        )
    return key in RULES.count_keys and is_suppressed(value, threshold)


# --- any JSON-ready data -----------------------------------------------------------------

KEYS = [
    *sorted(RULES.count_keys | set(RULES.derived) | RULES.count_containers),
    *("body", "label", "strata", "position", "findings"),
]
leaves = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=3),
)
documents = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=30,
)


def nulled(original: Any, published: Any) -> int:
    """How many values ``published`` has as ``None`` where ``original`` had one (the
    withheld lists aside; a statistic holding a structure counts once)."""
    if original is not None and published is None:
        return 1
    if isinstance(original, dict):
        return sum(
            nulled(value, published[key])
            for key, value in original.items()
            if not (key in RULES.withheld and isinstance(value, list))
        )
    if isinstance(original, list):
        return sum(nulled(a, b) for a, b in zip(original, published, strict=True))
    return 0


@given(st.dictionaries(st.sampled_from(KEYS), documents, max_size=6), st.integers(1, 30))
def test_no_small_count_survives_in_any_document(document: dict[str, Any], threshold: int) -> None:
    kept = copy.deepcopy(document)
    published, cells = suppress(document, threshold)
    assert document == kept  # the input is not changed
    check_published(document, published, threshold)
    assert cells == nulled(document, published)
    note = publish(document, threshold)["suppressed"]
    assert note == {
        "threshold": threshold,
        "cells": cells,
        "withheld": sorted(
            key
            for key, value in document.items()
            if key in RULES.withheld and isinstance(value, list)
        ),
    }


def test_a_worked_example() -> None:
    rows = {
        "journeys": {"started": 120, "ended": 7, "open": 113},
        "scores": {"responses": 14, "scored": 9, "mean": 0.4, "ci_low": -0.1, "ci_high": 0.9},
        "channels": [
            {
                "body": "dwp",
                "counts": [{"channel": "online", "count": 30}, {"channel": "paper", "count": 3}],
                "digital_share": 0.91,
            }
        ],
        "by_body": [{"complaints_made": 4, "journeys": 400, "complaints_per_1000_journeys": 10.0}],
        "strata": 2,
        "findings": [{"kind": "reask"}],
    }
    published, cells = suppress(rows, 10)
    assert published == {
        "journeys": {"started": 120, "ended": None, "open": 113},
        "scores": {"responses": 14, "scored": None, "mean": None, "ci_low": None, "ci_high": None},
        "channels": [
            {
                "body": "dwp",
                "counts": [{"channel": "online", "count": 30}, {"channel": "paper", "count": None}],
                "digital_share": None,
            }
        ],
        "by_body": [
            {"complaints_made": None, "journeys": 400, "complaints_per_1000_journeys": None}
        ],
        "strata": 2,
        "findings": [],
    }
    assert cells == 9  # 4 counts and 5 statistics


@pytest.mark.parametrize("threshold", [0, -3, 2.5, True, "10"])
def test_a_threshold_must_be_a_whole_number_of_at_least_one(threshold: Any) -> None:
    with pytest.raises(AnalysisError, match="at least 1"):
        suppress({"count": 3}, threshold)


# --- the analysis ------------------------------------------------------------------------


def fft(period: str, good: int, poor: int) -> BodyFeedbackRecord:
    return BodyFeedbackRecord(
        body="dwp",
        about=None,
        instrument="nhs-fft",
        period_start=date(2025, 4, 1),
        period_end=date(2025, 4, 30),
        answers={"Good": good, "Poor": poor, "Don't know": 1},
        source=f"fft-{period}.csv",
    )


@settings(max_examples=20, deadline=None)
@given(
    st.integers(0, 30),
    st.lists(journeys(catalogue=CATALOGUE), max_size=4),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=3),
    st.integers(1, 25),
)
def test_no_small_count_survives_in_a_published_analysis(
    voiced: int, others: list[Any], counts: list[tuple[int, int]], threshold: int
) -> None:
    app = JourneyApp.in_memory(catalogue=CATALOGUE)
    app.save(*voiced_population(voiced), *others)
    app.record_body_feedback(
        fft(f"{number}", good, poor) for number, (good, poor) in enumerate(counts)
    )
    analysis = analyse(app)
    document = analysis.to_json()
    published = analysis.to_json(publish=True, threshold=threshold)
    jsonschema.validate(
        published, analysis_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    note = published.pop("suppressed")
    check_published(document, published, threshold)
    assert note == {
        "threshold": threshold,
        "cells": nulled(document, published),
        "withheld": ["findings"],
    }
    assert published["findings"] == []


def test_analyse_publish_withholds_small_counts_in_tables_and_json(tmp_path: Any) -> None:
    db, bodies = tmp_path / "voiced.db", tmp_path / "bodies.toml"
    bodies.write_text(CATALOGUE.to_toml(), encoding="utf-8")
    with JourneyApp.sqlite(db, catalogue=CATALOGUE) as app:
        app.save(*voiced_population(30))
    out = tmp_path / "published.json"
    args = ["analyse", "--db", str(db), "--catalogue", str(bodies)]
    runner = CliRunner()
    plain = runner.invoke(main, args)
    published = runner.invoke(
        main, [*args, "--publish", "--suppress-below", "12", "--json", str(out)]
    )
    assert plain.exit_code == 0, plain.output
    assert published.exit_code == 0, published.output
    assert "<12" not in plain.output
    assert "Published: counts below 12 are shown as <12" in published.output
    assert "<12" in published.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["suppressed"]["threshold"] == 12
    assert document["journeys"]["started"] == 30
    dwp = next(b for b in document["experience"]["by_body"] if b["body"] == "dwp")
    assert dwp["complaints_made"] is None  # 6 of 30 complained: fewer than 12
    assert dwp["complaints_per_1000_journeys"] is None
    lonely = runner.invoke(main, [*args, "--suppress-below", "5"])
    assert lonely.exit_code == 2
    assert "use it with --publish" in lonely.output
