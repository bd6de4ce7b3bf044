"""The bundled policy scenarios and the scenario file format (issue 18, item 5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.blueprints import Blueprint, bundled_blueprints, load_bundled_blueprint, load_variant
from journeys.bodies import Nation
from journeys.errors import BlueprintError, ScenarioError
from journeys.simulation import Behaviour, SimulationSettings
from journeys.whatif.scenarios import VARIANT_SUFFIX, bundled_scenarios, load_scenario

SCENARIOS = Path(__file__).parents[1] / "src" / "journeys" / "data" / "scenarios"
VARIANT_FILES = sorted(SCENARIOS.glob(f"*{VARIANT_SUFFIX}"))
PUBLIC = ("gov.uk", "nhs.uk", "gov.scot", "mygov.scot", "gov.wales")
IDS = sorted(bundled_scenarios())


def test_the_four_scenarios_of_the_issue_are_bundled() -> None:
    assert IDS == [
        "discharge-to-assess",
        "integrated-health-and-social-care",
        "moving-to-scotland-6-november-2025",
        "tell-us-once-in-northern-ireland",
    ]


@pytest.mark.parametrize("path", VARIANT_FILES, ids=lambda path: path.name)
def test_every_bundled_design_file_is_a_valid_variant(path: Path) -> None:
    variant = load_variant(path)
    # Each design says what it changes and what it cannot model.
    assert variant.description.startswith("The bundled ")
    assert "It cannot model" in variant.description
    # A design's id never shadows a bundled blueprint's, so reports tell them apart.
    assert variant.id not in bundled_blueprints()
    # Every design file is used by a scenario.
    used: set[Path | None] = {s.variant_file for s in bundled_scenarios().values()}
    used |= {s.baseline_file for s in bundled_scenarios().values()}
    assert path in used


@pytest.mark.parametrize("scenario_id", IDS)
def test_a_scenario_cites_public_sources_and_says_what_it_cannot_model(scenario_id: str) -> None:
    scenario = bundled_scenarios()[scenario_id]
    assert scenario.sources
    for source in scenario.sources:
        parts = urlsplit(source.url)
        assert parts.scheme == "https", source
        assert any(parts.hostname == d or str(parts.hostname).endswith(f".{d}") for d in PUBLIC)
    assert "What it cannot model" in scenario.description
    assert scenario.question.endswith("?")
    assert scenario.baseline != scenario.variant
    assert scenario.citizens >= 100
    assert scenario.replications >= 2


def test_tell_us_once_in_northern_ireland_changes_northern_ireland_only() -> None:
    scenario = bundled_scenarios()["tell-us-once-in-northern-ireland"]
    baseline, variant = scenario.baseline, scenario.variant
    assert baseline == load_bundled_blueprint("bereavement")
    for nation in ("england", "wales", "scotland"):
        assert _same_design(baseline, variant, nation)
    ni = variant.for_nation("northern-ireland")
    assert ni.step("tell-us-once").body == "dfc"
    assert "bereavement-service" not in {step.id for step in ni.steps}
    fan_out = {(h.from_body, h.to_body) for h in ni.handoffs}
    assert {("registrar:N09000003", "dfc"), ("dfc", "hmrc"), ("dfc", "dva"), ("dfc", "lps")} <= (
        fan_out
    )
    assert not baseline.for_nation("northern-ireland").handoffs
    assert scenario.nation_weights == dict.fromkeys(Nation, 1.0)


def test_discharge_to_assess_against_assess_then_discharge_in_england() -> None:
    scenario = bundled_scenarios()["discharge-to-assess"]
    before = scenario.baseline.for_nation("england")
    after = scenario.variant.for_nation("england")
    assert [h.id for h in before.handoffs] == ["discharge-referral"]
    assert [h.id for h in after.handoffs] == ["assessment-referral"]
    assert after.step("care-needs-assessment").body == "adult-social-care:E06000023"
    assert {"discharge-to-assess", "longer-term-assessment"}.isdisjoint(s.id for s in after.steps)
    for nation in ("wales", "scotland", "northern-ireland"):
        assert _same_design(scenario.baseline, scenario.variant, nation)
    assert scenario.nation_weights == {Nation.ENGLAND: 1.0}


def test_moving_to_scotland_makes_each_rule_a_design_fixed_to_its_date() -> None:
    scenario = bundled_scenarios()["moving-to-scotland-6-november-2025"]
    assert (scenario.baseline_rules_on, scenario.variant_rules_on) == (
        date(2025, 11, 5),
        date(2025, 11, 6),
    )
    # Fixed to a date, neither design depends on the journey's date any more ...
    assert scenario.baseline.rule_dates == scenario.variant.rule_dates == ()
    # ... and each is the bundled blueprint's rule on that date.
    bundled = load_bundled_blueprint("moving-to-scotland")
    for design, on in (
        (scenario.baseline, date(2025, 11, 5)),
        (scenario.variant, date(2025, 11, 6)),
    ):
        expected = bundled.for_nation("england", on)
        resolved = design.for_nation("england")
        assert [s.id for s in resolved.steps] == [s.id for s in expected.steps]
        assert [h.id for h in resolved.handoffs] == [h.id for h in expected.handoffs]
    assert [h.id for h in scenario.baseline.for_nation("england").handoffs] == ["pip-record"]
    assert not scenario.variant.for_nation("england").handoffs


def test_integrated_health_and_social_care_leaves_no_boundary_in_england() -> None:
    scenario = bundled_scenarios()["integrated-health-and-social-care"]
    before = scenario.baseline.for_nation("england")
    after = scenario.variant.for_nation("england")
    assert [(h.from_body, h.to_body) for h in before.handoffs] == [
        ("adult-social-care:E06000023", "nhs:QUY")
    ]
    assert not after.handoffs
    care = {s.body for s in after.steps if s.id != "report-care-home-to-disability-benefit"}
    assert care == {"adult-social-care:E06000023"}
    # The models it is set against: one body in Scotland and Northern Ireland already.
    for nation, body in (("scotland", "hscp:S37000012"), ("northern-ireland", "hsc-trust:belfast")):
        resolved = scenario.baseline.for_nation(nation)
        assert not resolved.handoffs
        assert body in {s.body for s in resolved.steps}


# --- the scenario file ----------------------------------------------------------------


GOOD = """\
id = "tuo"
title = "Tell Us Once in Northern Ireland"
question = "Fewer re-asks?"
description = "What it changes. What it cannot model: queues."
baseline = "bereavement"
variant = "tuo.variant.toml"
citizens = 50
replications = 3
sources = [{ title = "GOV.UK: Tell Us Once", url = "https://www.gov.uk/tell-us-once" }]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    source = SCENARIOS / f"tell-us-once-in-northern-ireland{VARIANT_SUFFIX}"
    (tmp_path / "tuo.variant.toml").write_text(source.read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "tuo.toml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_a_scenario_file_loads_with_its_defaults(folder: Path) -> None:
    scenario = load_scenario(folder / "tuo.toml")
    assert (scenario.citizens, scenario.replications, scenario.seed) == (50, 3, 0)
    assert scenario.nations is None
    assert scenario.nation_weights is None
    assert scenario.baseline_file is None
    assert scenario.variant_file == folder / "tuo.variant.toml"
    assert scenario.variant.id == "bereavement-tell-us-once-in-northern-ireland"


@pytest.mark.parametrize(
    ("change", "line", "value", "says"),
    [
        (("citizens = 50", "citizens = 0"), 7, 0, "at least 1"),
        (("replications = 3", "replications = 1"), 8, 1, "at least 2"),
        (("replications = 3", "replications = true"), 8, True, "whole number"),
        (("citizens = 50", "citizenz = 50"), 7, "citizenz", "unknown key"),
        (
            ('variant = "tuo.variant.toml"', 'variant = "missing.toml"'),
            6,
            "missing.toml",
            "no such",
        ),
        (('baseline = "bereavement"', 'baseline = "bereavment"'), 5, "bereavment", "bundled"),
        (('question = "Fewer re-asks?"', "question = 3"), 3, 3, "text"),
        (("citizens = 50", "nations = { wakanda = 1 }"), 7, "wakanda", "unknown nation"),
        (("citizens = 50", "nations = { wales = 0 }"), 7, 0, "above zero"),
        (("citizens = 50", "baseline_rules_on = 2025"), 7, 2025, "date"),
        (("sources = [", 'sources = ["https://www.gov.uk", '), 9, "https://www.gov.uk", "sources"),
    ],
)
def test_a_bad_scenario_names_its_file_line_and_value(
    folder: Path, change: tuple[str, str], line: int, value: object, says: str
) -> None:
    path = folder / "tuo.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    error = raised.value
    assert (error.source, error.line, error.value) == (str(path), line, value)
    assert says in str(error)
    assert str(path) in str(error)


def test_a_design_not_in_force_on_its_date_is_refused(folder: Path) -> None:
    path = folder / "tuo.toml"
    # Before 9 September 2024 England registered deaths without the medical examiner.
    path.write_text(GOOD.replace("citizens = 50", "variant_rules_on = 2024-01-01"), "utf-8")
    with pytest.raises(
        ScenarioError, match=r"medical-examiner-review.* not in force on 2024-01-01"
    ):
        load_scenario(path)


def test_an_error_in_a_design_names_the_design_file(folder: Path) -> None:
    design = folder / "tuo.variant.toml"
    design.write_text(design.read_text(encoding="utf-8").replace('"dfc"', '"dwpp"'), "utf-8")
    with pytest.raises(BlueprintError) as raised:
        load_scenario(folder / "tuo.toml")
    assert raised.value.source == str(design)
    assert raised.value.value == "dwpp"


def test_not_toml_is_a_scenario_error_with_its_line(folder: Path) -> None:
    path = folder / "tuo.toml"
    path.write_text(GOOD + "citizens = = 3\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    assert raised.value.line == 10


@pytest.fixture(scope="module")
def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scenario")
    source = SCENARIOS / f"tell-us-once-in-northern-ireland{VARIANT_SUFFIX}"
    (folder / "tuo.variant.toml").write_text(source.read_text(encoding="utf-8"), "utf-8")
    return folder


@given(citizens=st.integers(-5, 5), replications=st.integers(-5, 5))
def test_sizes_are_accepted_exactly_when_large_enough(
    shared_folder: Path, citizens: int, replications: int
) -> None:
    text = GOOD.replace("citizens = 50", f"citizens = {citizens}")
    text = text.replace("replications = 3", f"replications = {replications}")
    path = shared_folder / "sizes.toml"
    path.write_text(text, encoding="utf-8")
    if citizens < 1 or replications < 2:
        with pytest.raises(ScenarioError) as raised:
            load_scenario(path)
        assert raised.value.value == (citizens if citizens < 1 else replications)
    else:
        scenario = load_scenario(path)
        assert (scenario.citizens, scenario.replications) == (citizens, replications)


def _same_design(first: Blueprint, second: Blueprint, nation: str) -> bool:
    """Whether two designs resolve to the same steps, bodies, SLAs and hand-offs in ``nation``."""
    one, other = first.for_nation(nation), second.for_nation(nation)
    return (one.stages, one.handoffs) == (other.stages, other.handoffs)


def test_a_design_files_simulation_table_is_that_designs_settings(folder: Path) -> None:
    design = folder / "tuo.variant.toml"
    design.write_text(
        design.read_text(encoding="utf-8") + '\n[simulation]\nautomatic = ["tell-us-once"]\n',
        "utf-8",
    )
    scenario = load_scenario(folder / "tuo.toml")
    base = SimulationSettings(behaviour=Behaviour(optional_steps=0.25))
    baseline, variant = scenario.settings(base)
    # The bundled baseline has no design file, so no table: the base as given.
    assert baseline is base
    assert variant.behaviour.automatic_steps == {"tell-us-once"}
    assert variant.behaviour.optional_steps == 0.25
    # Without a base, the simulator's defaults under each.
    assert scenario.settings()[0] == SimulationSettings()


@pytest.mark.parametrize("scenario_id", IDS)
def test_no_bundled_design_changes_the_simulators_settings(scenario_id: str) -> None:
    # The scenarios compare designs, not guesses about delays: calibrate for those.
    baseline, variant = bundled_scenarios()[scenario_id].settings()
    assert baseline == variant == SimulationSettings()


MOVING = "moving-to-scotland"


@pytest.fixture(scope="module")
def moving_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("moving")
    for rule in ("before", "since"):
        name = f"{MOVING}-{rule}-6-november-2025{VARIANT_SUFFIX}"
        (folder / name).write_text((SCENARIOS / name).read_text(encoding="utf-8"), "utf-8")
    return folder


@given(on=st.dates(date(2024, 1, 1), date(2027, 12, 31)), rule=st.sampled_from(["before", "since"]))
def test_a_design_fixed_to_a_date_is_its_rules_on_that_date(
    moving_folder: Path, on: date, rule: str
) -> None:
    design = f"{MOVING}-{rule}-6-november-2025{VARIANT_SUFFIX}"
    path = moving_folder / "fixed.toml"
    path.write_text(
        GOOD.replace('baseline = "bereavement"', f'baseline = "{MOVING}"').replace(
            'variant = "tuo.variant.toml"', f'variant = "{design}"\nvariant_rules_on = {on}'
        ),
        encoding="utf-8",
    )
    in_force = on <= date(2025, 11, 5) if rule == "before" else on >= date(2025, 11, 6)
    if not in_force:
        with pytest.raises(ScenarioError, match="not in force") as raised:
            load_scenario(path)
        assert raised.value.line == 7
        return
    fixed = load_scenario(path).variant
    assert fixed.rule_dates == ()
    bundled = load_bundled_blueprint(MOVING).for_nation("england", on)
    resolved = fixed.for_nation("england")
    assert [(s.id, s.body, s.sla) for s in resolved.steps] == [
        (s.id, s.body, s.sla) for s in bundled.steps
    ]
    assert [h.id for h in resolved.handoffs] == [h.id for h in bundled.handoffs]
