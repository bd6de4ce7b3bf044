"""The test suite's own set-up: the PostgreSQL count at the end of a run (with and
without pytest-xdist), and the ``slow`` marker, which the default run keeps."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

COUNTED = """
import pytest


@pytest.mark.parametrize("number", range(3))
def test_uses_postgres(postgres_schema, number):
    assert postgres_schema.startswith("journeys_test_")


def test_does_not():
    pass
"""


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["one process", "two workers"])
def test_the_postgres_count_adds_up_every_worker(
    workers: tuple[str, ...],
    postgres_available: None,
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytester.makeconftest('pytest_plugins = ["tests.conftest"]')
    pytester.makepyfile(test_counted=COUNTED)
    path = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(path))
    result = pytester.runpytest_subprocess(*workers, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(["journeys: 3 tests ran against PostgreSQL at *"])


def test_the_default_run_keeps_the_slow_tests() -> None:
    """``slow`` is for ``-m "not slow"`` while working; nothing deselects it by default."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = pyproject["tool"]["pytest"]["ini_options"]
    assert any(marker.startswith("slow:") for marker in pytest_options["markers"])
    assert "slow" not in pytest_options["addopts"]
    for runner in (ROOT / ".ci" / "run", ROOT / "noxfile.py"):
        assert not re.search(r"not slow", runner.read_text(encoding="utf-8")), runner
    assert '-m "not slow"' in (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
