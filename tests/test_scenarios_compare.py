"""The bundled policy scenarios run: what they find, and `journeys compare --scenario`
(issue 18, item 5 and its "done when")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeys.bodies import Nation
from journeys.cli import main
from journeys.whatif import DesignComparison, Outcome, bundled_scenarios
from tests.helpers import DOCS, docs_script

SCENARIOS = Path(__file__).parents[1] / "src" / "journeys" / "data" / "scenarios"
TUO_NI = "tell-us-once-in-northern-ireland"


@pytest.fixture(scope="module")
def tuo_ni() -> DesignComparison:
    """The Tell-Us-Once-in-Northern-Ireland scenario at its default size."""
    return bundled_scenarios()[TUO_NI].compare()


@pytest.mark.slow
def test_tell_us_once_in_northern_ireland_asks_bereaved_families_again_less(
    tuo_ni: DesignComparison,
) -> None:
    reasks = tuo_ni.nation(Nation.NORTHERN_IRELAND).change(Outcome.REASKS)
    assert reasks.difference < 0
    # The 95 % interval excludes zero: fewer re-asks, not noise.
    assert reasks.interval.high < 0
    assert reasks.improved is True
    assert reasks.better is not None
    assert reasks.worse is not None
    assert reasks.better > reasks.worse


@pytest.mark.slow
def test_tell_us_once_in_northern_ireland_changes_nothing_elsewhere(
    tuo_ni: DesignComparison,
) -> None:
    # Same citizens, same luck, same design outside Northern Ireland: every
    # difference is exactly zero there, so every interval is [0, 0] and covers zero.
    for nation in (Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND):
        group = tuo_ni.nation(nation)
        assert group.paired > 0
        for change in group.changes:
            assert change.difference == 0.0, (nation, change.outcome)
            assert (change.interval.low, change.interval.high) == (0.0, 0.0)
            assert change.interval.covers(0.0)
            assert change.worse in (0, None)
            assert change.better in (0, None)


@pytest.mark.slow
def test_tell_us_once_in_northern_ireland_has_a_cost_it_shows(tuo_ni: DesignComparison) -> None:
    # More hand-offs expected means more of them can be dropped: the comparison
    # counts who is worse off as well as who is better off.
    dropped = tuo_ni.nation(Nation.NORTHERN_IRELAND).change(Outcome.DROPPED_HANDOFFS)
    assert dropped.difference > 0
    assert dropped.worse is not None
    assert dropped.worse > 0


def _compare(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["compare", *arguments])
    return result.exit_code, result.output


@pytest.mark.parametrize("scenario_id", sorted(bundled_scenarios()))
def test_every_scenario_runs_from_the_cli(scenario_id: str, tmp_path: Path) -> None:
    out = tmp_path / "comparison.json"
    code, text = _compare(
        "--scenario", scenario_id, "--citizens", "60", "--replications", "2", "--json", str(out)
    )
    assert code == 0, text
    data = json.loads(out.read_text(encoding="utf-8"))
    scenario = bundled_scenarios()[scenario_id]
    assert (data["baseline"], data["variant"]) == (scenario.baseline.id, scenario.variant.id)
    assert (data["citizens"], data["replications"]) == (60, 2)
    assert scenario.variant.id in text


@pytest.mark.slow
@pytest.mark.parametrize("scenario_id", sorted(bundled_scenarios()))
def test_every_scenario_runs_from_the_cli_at_its_default_size(
    scenario_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "comparison.json"
    code, text = _compare("--scenario", scenario_id, "--json", str(out))
    assert code == 0, text
    data = json.loads(out.read_text(encoding="utf-8"))
    scenario = bundled_scenarios()[scenario_id]
    assert (data["citizens"], data["replications"], data["seed"]) == (
        scenario.citizens,
        scenario.replications,
        scenario.seed,
    )
    # The scenario's nations, and only those, have citizens.
    simulated = {group["group"] for group in data["groups"]} - {"all"}
    expected = {nation.value for nation in scenario.nation_weights or Nation}
    assert simulated == expected


def test_options_given_win_over_the_scenarios(tmp_path: Path) -> None:
    out = tmp_path / "comparison.json"
    code, text = _compare(
        "--scenario", TUO_NI, "--citizens", "40", "--replications", "2", "--seed", "7",
        "--nation", "wales", "--json", str(out),
    )  # fmt: skip
    assert code == 0, text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["citizens"], data["replications"], data["seed"]) == (40, 2, 7)
    assert [group["group"] for group in data["groups"]] == ["all", "wales"]


def test_a_scenario_file_runs_from_the_cli(tmp_path: Path) -> None:
    for name in (f"{TUO_NI}.toml", f"{TUO_NI}.variant.toml"):
        shutil.copy(SCENARIOS / name, tmp_path / name)
    out = tmp_path / "comparison.json"
    code, text = _compare(
        "--scenario", str(tmp_path / f"{TUO_NI}.toml"), "--citizens", "30",
        "--replications", "2", "--json", str(out),
    )  # fmt: skip
    assert code == 0, text
    assert json.loads(out.read_text(encoding="utf-8"))["variant"] == (
        "bereavement-tell-us-once-in-northern-ireland"
    )


@pytest.mark.parametrize(
    ("arguments", "says", "status"),
    [
        (["--scenario", "tell-us-once-in-wales"], "no bundled scenario 'tell-us-once-in-wales'", 1),
        (["--scenario", "missing.toml"], "missing.toml: file not found", 1),
        (["--scenario", TUO_NI, "bereavement", "bereavement"], "either BASELINE and VARIANT", 2),
        (["bereavement"], "give BASELINE and VARIANT, or --scenario", 2),
        ([], "give BASELINE and VARIANT, or --scenario", 2),
    ],
)
def test_a_bad_scenario_fails_in_one_line_and_writes_nothing(
    arguments: list[str], says: str, status: int, tmp_path: Path
) -> None:
    """Input that cannot be used exits 1, a usage mistake 2 (as every command does)."""
    out = tmp_path / "comparison.json"
    code, text = _compare(*arguments, "--json", str(out))
    assert code == status
    assert says in text
    assert "Traceback" not in text
    assert not out.exists()


def test_an_unknown_scenario_lists_the_bundled_ones() -> None:
    code, text = _compare("--scenario", "nowhere")
    assert code == 1
    for scenario_id in bundled_scenarios():
        assert scenario_id in " ".join(text.split())


def _signed(value: float, places: int = 2) -> str:
    """``value`` as the page writes a difference: a true minus sign, or a plus."""
    text = f"{value:+.{places}f}"
    return text.replace("-", "\N{MINUS SIGN}")


@pytest.mark.slow
def test_the_pages_tell_us_once_figures_are_what_the_scenario_gives(
    tuo_ni: DesignComparison,
) -> None:
    # The Compare-two-designs page quotes the scenario at its default size: a change
    # to the simulator or the scenario that moves them must update the page.
    page = (DOCS / "compare-designs.md").read_text(encoding="utf-8")
    ni = tuo_ni.nation(Nation.NORTHERN_IRELAND)
    for outcome, label in ((Outcome.REASKS, "re-asks"), (Outcome.CONTACTS, "contacts made")):
        change = ni.change(outcome)
        row = (
            f"| {label} | {change.baseline:.2f} | {change.variant:.2f} | "
            f"{_signed(change.difference).lstrip('+')} | "
            f"[{_signed(change.interval.low).lstrip('+')}, "
            f"{_signed(change.interval.high).lstrip('+')}] |"
        )
        assert row in page, f"docs/compare-designs.md is out of date: expected {row}"


@pytest.mark.slow
def test_the_difference_map_picture_is_up_to_date() -> None:
    drawn: dict[str, bytes] = docs_script("make_compare_designs").build()
    svg = DOCS / "images" / "compare-designs-tuo-ni.svg"
    assert drawn[svg.name] == svg.read_bytes(), (
        "docs/images/compare-designs-tuo-ni.svg is out of date: "
        "run python docs/make_compare_designs.py"
    )
    assert "images/compare-designs-tuo-ni.png" in (DOCS / "compare-designs.md").read_text(
        encoding="utf-8"
    )
