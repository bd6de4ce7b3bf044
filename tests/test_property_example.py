"""``examples/property_test_your_service.py`` runs as the test file it shows teams how to write.

Its tests run here, under the active Hypothesis profile, so the example cannot
drift from the library.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import unittest
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "property_test_your_service.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("property_test_your_service", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


EXAMPLE_MODULE = load_example()
FUNCTIONS = {
    name: value
    for name, value in vars(EXAMPLE_MODULE).items()
    if name.startswith("test_") and inspect.isfunction(value)
}
CASES = {
    name: value
    for name, value in vars(EXAMPLE_MODULE).items()
    if name.startswith("Test") and isinstance(value, type) and issubclass(value, unittest.TestCase)
}


def test_the_example_has_property_tests_and_a_state_machine() -> None:
    assert len(FUNCTIONS) >= 4
    assert CASES


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_example_property(name: str) -> None:
    test: Callable[[], None] = FUNCTIONS[name]
    test()


@pytest.mark.parametrize("name", sorted(CASES))
def test_example_state_machine(name: str) -> None:
    result = unittest.TestResult()
    CASES[name]("runTest").run(result)
    assert result.wasSuccessful(), [failure for _, failure in result.failures + result.errors]
