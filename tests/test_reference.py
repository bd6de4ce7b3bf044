"""The API reference page and the public namespaces cannot drift apart.

docs/reference.md has one section per namespace, headed ``## `journeys.x`: ...``.
In it, ``::: journeys.x.Name`` documents a name (mkdocstrings), written as the path
it is imported from, and an "Also here" paragraph lists the names the namespace
shares with another section, documented there. These tests check that everything
the page says imports as it says, and that every name in every namespace's
``__all__`` is on the page; and that each ``__all__`` is true (every name imports,
none is private) and complete.
"""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import journeys
from journeys.errors import JourneysError

PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference.md"

TOP_LEVEL = {
    "Journey",
    "JourneyApp",
    "journey_id",
    "Catalogue",
    "Body",
    "Nation",
    "Tier",
    "uk_catalogue",
    "analyse",
    "Analysis",
    "Finding",
    "FindingKind",
    "Granularity",
    "GapTracker",
    "Blueprint",
    "load_blueprint",
    "bundled_blueprints",
    "render_map",
    "render_network",
    "render_timeline",
    "write_graph",
    "simulate",
    "simulate_into",
    "import_log",
    "JourneysError",
}

# Packages whose __init__ only gathers names from their modules: every public
# name in it is re-exported, so it must be in __all__.
PACKAGES = (
    "journeys",
    "journeys.analysis",
    "journeys.blueprints",
    "journeys.bodies",
    "journeys.columns",
    "journeys.interop",
    "journeys.privacy",
    "journeys.render",
    "journeys.report",
    "journeys.simulation",
    "journeys.testing",
    "journeys.voice",
    "journeys.whatif",
)
# Modules that are namespaces themselves: every public class and function they
# define is in __all__, but for the helpers named here.
MODULES = (
    "journeys.journey",
    "journeys.application",
    "journeys.store",
    "journeys.life",
    "journeys.data",
    "journeys.event_registry",
    "journeys.errors",
)
NAMESPACES = PACKAGES + MODULES
INTERNAL = {"journeys.life.LifeIndex": "JourneyApp's index of lives, not for users"}


@dataclass
class Section:
    namespace: str
    text: str
    directives: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)


def sections() -> list[Section]:
    found: list[Section] = []
    for chunk in re.split(r"^(?=## )", PAGE.read_text(encoding="utf-8"), flags=re.MULTILINE):
        heading = re.match(r"## `(journeys[\w.]*)`", chunk)
        if heading is None:
            continue
        section = Section(heading[1], chunk)
        section.directives = re.findall(r"^::: (\S+)$", chunk, flags=re.MULTILINE)
        for paragraph in chunk.split("\n\n"):
            if "Also here" in paragraph:
                claim = paragraph[paragraph.index("Also here") :]
                section.also += re.findall(r"`(\w+)`", claim)
        found.append(section)
    return found


def resolve(path: str) -> object:
    """The object at a dotted path: a module, or a name in the longest module prefix."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            value = getattr(value, name)
        return value
    raise ModuleNotFoundError(path)


def documented_objects() -> list[object]:
    """What the directives document (a directive that does not resolve fails its own test)."""
    found = []
    for section in sections():
        for path in section.directives:
            try:
                found.append(resolve(path))
            except (ImportError, AttributeError):
                continue
    return found


def test_the_top_level_is_the_workflow() -> None:
    assert set(journeys.__all__) == TOP_LEVEL | {"__version__"}


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_all_is_true(namespace: str) -> None:
    module = importlib.import_module(namespace)
    names = module.__all__
    assert module.__doc__, f"{namespace} says what it holds"
    assert len(names) == len(set(names)), f"{namespace}.__all__ names a name twice"
    for name in names:
        assert not name.startswith("_") or name == "__version__", f"{namespace}.{name}"
        assert hasattr(module, name), f"{namespace}.__all__ names {name}, which is not there"
        assert not isinstance(getattr(module, name), types.ModuleType), f"{namespace}.{name}"


@pytest.mark.parametrize("namespace", PACKAGES)
def test_a_packages_all_lists_everything_it_gathers(namespace: str) -> None:
    module = importlib.import_module(namespace)
    gathered = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert gathered <= set(module.__all__)


def test_import_journeys_leaves_the_log_formats_until_import_log_is_used() -> None:
    code = (
        "import sys, journeys; assert 'journeys.interop' not in sys.modules; "
        "from journeys import import_log; from journeys.interop import import_log as same; "
        "assert import_log is same is journeys.import_log"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("namespace", MODULES)
def test_a_modules_all_lists_what_it_defines(namespace: str) -> None:
    module = importlib.import_module(namespace)
    defined = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == namespace
        and f"{namespace}.{name}" not in INTERNAL
    }
    assert defined <= set(module.__all__)


def test_every_error_is_in_journeys_errors() -> None:
    import journeys.errors

    def subclasses(cls: type) -> set[type]:
        return {cls}.union(*(subclasses(sub) for sub in cls.__subclasses__()))

    errors = {getattr(journeys.errors, name) for name in journeys.errors.__all__}
    assert subclasses(JourneysError) <= errors


def test_the_page_has_a_section_per_namespace_in_the_table() -> None:
    headed = [section.namespace for section in sections()]
    assert sorted(headed) == sorted(NAMESPACES), "one section per namespace"
    table = re.findall(r"^\| `(journeys[\w.]*)` \|", PAGE.read_text(encoding="utf-8"), re.M)
    assert table == headed, "the table lists the sections, in their order"


@pytest.mark.parametrize("section", sections(), ids=lambda section: section.namespace)
def test_each_directive_is_a_public_name_of_its_section(section: Section) -> None:
    module = importlib.import_module(section.namespace)
    for path in section.directives:
        parent, _, name = path.rpartition(".")
        assert parent == section.namespace, f"{path} is documented in {section.namespace}"
        assert name in module.__all__, f"{path} is not in {section.namespace}.__all__"
        resolve(path)


@pytest.mark.parametrize("section", sections(), ids=lambda section: section.namespace)
def test_also_here_names_are_there_and_documented_elsewhere(section: Section) -> None:
    module = importlib.import_module(section.namespace)
    documented = documented_objects()
    for name in section.also:
        assert name in module.__all__, f"{section.namespace} has no {name}"
        value = getattr(module, name)
        assert any(value is other for other in documented), f"{name} is documented nowhere"


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_public_name_is_documented(namespace: str) -> None:
    (section,) = [section for section in sections() if section.namespace == namespace]
    module = importlib.import_module(namespace)
    on_page = {f"{namespace}.{name}" for name in section.also} | set(section.directives)
    missing = {name for name in module.__all__ if f"{namespace}.{name}" not in on_page}
    missing.discard("__version__")
    assert not missing, f"{namespace}: add ::: {namespace}.<name> for {sorted(missing)}"


def test_nothing_is_documented_twice() -> None:
    documented = [id(value) for value in documented_objects()]
    assert len(documented) == len(set(documented))


def test_every_import_the_page_claims_works() -> None:
    text = PAGE.read_text(encoding="utf-8")
    claims = re.findall(r"from (journeys[\w.]*) import\s+(\w+(?:,\s*\w+)*)", text)
    assert claims
    for module, names in claims:
        for name in re.split(r",\s*", names):
            assert name in importlib.import_module(module).__all__, f"from {module} import {name}"
    for path in set(re.findall(r"`(journeys(?:\.\w+)+)`", text)):
        resolve(path)
