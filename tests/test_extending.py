"""The "Extend the core" page stays true: the files it names exist, and the places it
says a new kind of finding must be named in name every kind there is.

The page's lists were found by adding an event type and a gap kind to a scratch
copy and running the tests; these checks keep them from drifting as modules move.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeys.analysis.filters import _KIND_WORDS
from journeys.analysis.findings import FindingKind
from journeys.cli.tables import KIND_TITLES

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "extending.md"
GAPS_PAGE = ROOT / "docs" / "gaps.md"
# Where the page's short paths are written from: the checkout, the package, and the
# two packages whose files it names without their folder.
BASES = (
    ROOT,
    ROOT / "src" / "journeys",
    ROOT / "src" / "journeys" / "analysis",
    ROOT / "src" / "journeys" / "testing",
)
FILE_NAME = re.compile(r"`([\w./-]+\.(?:py|json|md|toml))`")


def named_files(page: Path) -> list[str]:
    return sorted(set(FILE_NAME.findall(page.read_text(encoding="utf-8"))))


def test_the_page_names_files() -> None:
    # A pattern that found nothing would make the next test pass vacuously.
    assert {"src/journeys/journey_commands.py", "src/journeys/cli/tables.py"} <= set(
        named_files(PAGE)
    )


@pytest.mark.parametrize("name", named_files(PAGE))
def test_every_file_the_page_names_exists(name: str) -> None:
    assert any((base / name).is_file() for base in BASES), f"{name} is not in the checkout"


@pytest.mark.parametrize("names", [KIND_TITLES, _KIND_WORDS], ids=["tables", "filters"])
def test_every_kind_of_finding_has_its_words(names: dict[FindingKind, str]) -> None:
    assert set(names) == set(FindingKind)
    assert all(text.strip() for text in names.values())


def test_the_gaps_page_names_every_rule_module() -> None:
    rules = ROOT / "src" / "journeys" / "analysis" / "rules"
    # base and answered are what the rules share; voice records, it finds nothing.
    shared = {"__init__.py", "base.py", "answered.py", "voice.py"}
    modules = {path.name for path in rules.glob("*.py")} - shared
    table = GAPS_PAGE.read_text(encoding="utf-8").split("## Where each rule lives", 1)[1]
    assert modules, "no rule modules found"
    missing = {name for name in modules if f"rules/{name}" not in table}
    assert not missing, f"the Gaps page's table of rule modules lacks {sorted(missing)}"
