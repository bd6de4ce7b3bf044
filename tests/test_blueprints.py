"""Blueprints: the model, the TOML and step-by-step loaders, and the bundled designs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from journeys import uk_catalogue
from journeys.blueprints import (
    ByNation,
    Logic,
    Sla,
    SlaEvent,
    StepStyle,
    blueprint_from_toml,
    blueprint_to_toml,
    bundled_blueprints,
    from_step_by_step,
    load_blueprint,
    load_bundled_blueprint,
)
from journeys.blueprints.durations import format_duration, parse_duration
from journeys.bodies import Nation
from journeys.errors import BlueprintError, InputError

DATA = Path(__file__).parent / "data" / "step_by_step"
NAV = DATA / "caring_after_hospital.json"
NAV_MAPPING = DATA / "caring_after_hospital.toml"

# --- the bundled blueprints -------------------------------------------------------------


def test_at_least_six_blueprints_are_bundled() -> None:
    assert {
        "birth",
        "bereavement",
        "hospital-discharge",
        "moving-house",
        "moving-to-scotland",
        "transition-to-adult-services",
        "state-pension-age",
    } <= set(bundled_blueprints())
    assert all(blueprint.sources for blueprint in bundled_blueprints().values())


@pytest.mark.parametrize("name", sorted(bundled_blueprints()))
def test_bundled_blueprint_resolves_in_each_of_its_nations(name: str) -> None:
    blueprint = load_bundled_blueprint(name)
    catalogue = uk_catalogue()
    for nation in blueprint.nations:
        national = blueprint.for_nation(nation)
        assert national.steps, (name, nation)
        for step in national.steps:
            body = catalogue[step.body]
            assert step.cross_border or body.serves(nation), (name, step.id, nation)
        for handoff in national.handoffs:
            assert handoff.from_body != handoff.to_body
            assert national.step(handoff.from_step).body == handoff.from_body


@pytest.mark.parametrize("name", sorted(bundled_blueprints()))
def test_bundled_blueprint_round_trips_through_toml(name: str, tmp_path: Path) -> None:
    blueprint = load_bundled_blueprint(name)
    path = tmp_path / f"{name}.toml"
    path.write_text(blueprint_to_toml(blueprint), encoding="utf-8")
    assert load_blueprint(path) == blueprint


def test_bereavement_in_northern_ireland_has_no_tell_us_once() -> None:
    bereavement = load_bundled_blueprint("bereavement")
    ni = bereavement.for_nation(Nation.NORTHERN_IRELAND)
    assert "tell-us-once" not in {step.id for step in ni.steps}
    assert ni.step("bereavement-service").body == "dfc"
    assert ni.step("bereavement-support-payment").body == "dfc"
    assert ni.step("cancel-driving-licence").body == "dva"
    assert ni.handoffs == ()
    england = bereavement.for_nation(Nation.ENGLAND)
    assert england.step("tell-us-once").body == "dwp"
    fan_out = {h.to_body for h in england.handoffs if h.from_step == "tell-us-once"}
    assert fan_out == {"hmrc", "hmpo", "dvla", "veterans-uk", "council:E06000023"}


def test_tell_us_once_reference_must_be_used_within_28_days() -> None:
    england = load_bundled_blueprint("bereavement").for_nation("england", date(2025, 1, 6))
    (reference,) = [h for h in england.handoffs if h.to_step == "tell-us-once"]
    assert reference.from_body == "registrar:E06000023"
    assert reference.sla == Sla.for_handoff(timedelta(days=28))
    assert reference.sla.start is SlaEvent.HANDOFF_SENT


@pytest.mark.parametrize(
    ("name", "step", "days"),
    [
        # England and Wales count from the medical certificate: tests/test_bundled_facts.py
        ("bereavement", "register-death", {"scotland": 8}),
        ("bereavement", "register-death", {"northern-ireland": 5}),
        ("birth", "register-birth", {"england": 42, "wales": 42, "scotland": 21}),
        ("birth", "register-birth", {"northern-ireland": 42}),
    ],
)
def test_registration_slas_run_from_the_life_event(
    name: str, step: str, days: dict[str, int]
) -> None:
    blueprint = load_bundled_blueprint(name)
    for nation, limit in days.items():
        sla = blueprint.for_nation(nation).step(step).sla
        assert sla == Sla(timedelta(days=limit), SlaEvent.JOURNEY_STARTED, SlaEvent.STEP_CLOSED)


@pytest.mark.parametrize(
    ("name", "step"),
    [
        ("transition-to-adult-services", "carer-benefit"),
        ("state-pension-age", "disability-benefit-continues"),
        ("bereavement", "help-with-funeral-costs"),
    ],
)
def test_scottish_disability_and_carer_benefits_go_to_social_security_scotland(
    name: str, step: str
) -> None:
    blueprint = load_bundled_blueprint(name)
    assert blueprint.for_nation(Nation.SCOTLAND).step(step).body == "sss"
    assert blueprint.for_nation(Nation.ENGLAND).step(step).body == "dwp"
    assert blueprint.for_nation(Nation.NORTHERN_IRELAND).step(step).body == "dfc"


def test_moving_to_scotland_crosses_the_border_without_a_handoff() -> None:
    blueprint = load_bundled_blueprint("moving-to-scotland")
    # The rule since 6 November 2025 (the rule before it: tests/test_bundled_facts.py).
    england = blueprint.for_nation(Nation.ENGLAND, date(2025, 11, 6))
    adp = england.step("apply-adult-disability-payment")
    assert adp.body == "sss"
    assert adp.cross_border
    assert england.handoffs == ()
    catalogue = uk_catalogue()
    assert catalogue.boundary("council:E06000057", "council:S12000026").crosses_nation


def test_integrated_care_in_northern_ireland_expects_no_discharge_handoff() -> None:
    blueprint = load_bundled_blueprint("hospital-discharge")
    assert blueprint.for_nation("northern-ireland").handoffs == ()
    (referral,) = blueprint.for_nation("scotland").handoffs
    assert (referral.from_body, referral.to_body) == ("healthboard:S08000024", "hscp:S37000012")


def test_a_nation_a_blueprint_does_not_cover_is_refused() -> None:
    with pytest.raises(BlueprintError, match="does not cover wales"):
        load_bundled_blueprint("moving-to-scotland").for_nation(Nation.WALES)
    with pytest.raises(BlueprintError, match="no bundled blueprint 'retirement'"):
        load_bundled_blueprint("retirement")


# --- the TOML loader and its errors ----------------------------------------------------------

VALID = """\
id = "test"
title = "A test journey"
trigger = "death"
nations = ["england", "scotland"]

[[stage]]
id = "first"
title = "First"

[[stage.step]]
id = "register"
title = "Register"
bodies = { england = "registrar:E06000023", scotland = "registrar:S12000036" }
provides = ["death_registration"]

[stage.step.sla]
within = "P5D"

[stage.step.sla.scotland]
within = "P8D"

[[stage]]
id = "second"
title = "Second"
logic = "and"

[[stage.step]]
id = "notify"
title = "Notify"
bodies = { england = "dwp", scotland = "dwp" }
style = "optional"

[[handoff]]
id = "reference"
from = "register"
to = "notify"
items = ["death_registration"]
sla = { within = "P28D" }
"""


def test_a_valid_blueprint_loads(tmp_path: Path) -> None:
    path = tmp_path / "test.toml"
    path.write_text(VALID, encoding="utf-8")
    blueprint = load_blueprint(path)
    register = blueprint.step("register")
    assert register.service == "register"
    assert register.sla_for(Nation.SCOTLAND) == Sla(timedelta(days=8))
    assert register.body_for(Nation.WALES) is None
    assert blueprint.stages[1].logic is Logic.AND
    assert blueprint.step("notify").style is StepStyle.OPTIONAL
    assert blueprint_from_toml(blueprint_to_toml(blueprint)) == blueprint


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            ('england = "dwp"', 'england = "nobody"', 27, "unknown body 'nobody'", "nobody"),
            id="unknown-body",
        ),
        pytest.param(
            ('within = "P5D"', 'within = "-P5D"', 10, "negative SLA '-P5D'", "-P5D"),
            id="negative-step-sla",
        ),
        pytest.param(
            (
                'sla = { within = "P28D" }',
                'sla = { within = "-P1D" }',
                33,
                "negative SLA '-P1D'",
                "-P1D",
            ),
            id="negative-handoff-sla",
        ),
        pytest.param(
            ('id = "notify"', 'id = "register"', 27, "duplicate step id 'register'", "register"),
            id="duplicate-step",
        ),
        pytest.param(
            (
                'bodies = { england = "dwp", scotland = "dwp" }',
                'bodies = { england = "dwp", wales = "dwp" }',
                27,
                "does not cover",
                "wales",
            ),
            id="step-nation-outside-blueprint",
        ),
        pytest.param(
            (
                'england = "registrar:E06000023", scotland = "registrar:S12000036"',
                'england = "registrar:E06000023", scotland = "registrar:E06000023"',
                10,
                "does not serve scotland",
                "registrar:E06000023",
            ),
            id="body-of-another-nation",
        ),
        pytest.param(
            (
                'style = "optional"',
                'style = "sometimes"',
                27,
                "'style' must be one of",
                "sometimes",
            ),
            id="bad-style",
        ),
        pytest.param(
            ('within = "P5D"', 'within = "5 days"', 10, "not an ISO 8601 duration", "5 days"),
            id="bad-duration",
        ),
        pytest.param(
            ('to = "notify"', 'to = "nowhere"', 33, "unknown step 'nowhere'", "nowhere"),
            id="handoff-to-unknown-step",
        ),
        pytest.param(
            ('logic = "and"', 'logic = "maybe"', 22, "'logic' must be", "maybe"),
            id="bad-logic",
        ),
        pytest.param(
            (
                'title = "First"',
                'title = "First"\ncolour = "red"',
                6,
                "unknown key 'colour'",
                "colour",
            ),
            id="unknown-key",
        ),
    ],
)
def test_bad_blueprints_name_the_file_line_and_entry(
    tmp_path: Path, case: tuple[str, str, int, str, object]
) -> None:
    old, new, line, message, value = case
    assert old in VALID
    path = tmp_path / "bad.toml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BlueprintError, match=message) as caught:
        load_blueprint(path)
    error = caught.value
    assert isinstance(error, InputError)
    assert error.source == str(path)
    assert error.line == line
    assert error.value == value
    assert str(path) in str(error)


def test_a_cycle_of_handoffs_is_refused_unless_allowed(tmp_path: Path) -> None:
    looped = VALID + '\n[[handoff]]\nid = "back"\nfrom = "notify"\nto = "register"\n'
    path = tmp_path / "cycle.toml"
    path.write_text(looped, encoding="utf-8")
    with pytest.raises(
        BlueprintError, match="closes a cycle: register -> notify -> register"
    ) as caught:
        load_blueprint(path)
    assert (caught.value.source, caught.value.line, caught.value.entry) == (str(path), 40, "back")
    allowed = looped.replace('trigger = "death"', 'trigger = "death"\nallow_handoff_cycles = true')
    path.write_text(allowed, encoding="utf-8")
    assert len(load_blueprint(path).handoffs) == 2


def test_a_handoff_within_one_body_is_refused() -> None:
    same = VALID.replace('england = "dwp"', 'england = "registrar:E06000023"')
    with pytest.raises(BlueprintError, match="goes from 'registrar:E06000023' to itself"):
        blueprint_from_toml(same)


def test_toml_syntax_errors_and_missing_files_are_blueprint_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    with pytest.raises(BlueprintError, match="not valid TOML") as caught:
        load_blueprint(path)
    assert caught.value.line == 2
    with pytest.raises(BlueprintError, match="file not found"):
        load_blueprint(tmp_path / "missing.toml")


def test_a_custom_catalogue_is_used_for_the_body_check() -> None:
    from journeys import Body, Catalogue

    small = Catalogue([Body("dwp", "DWP", "central", ["england", "scotland"])])
    with pytest.raises(BlueprintError, match="unknown body 'registrar:E06000023'"):
        blueprint_from_toml(VALID, catalogue=small)


# --- GOV.UK step-by-step ----------------------------------------------------------------------


def test_step_by_step_fixture_becomes_a_blueprint() -> None:
    blueprint = from_step_by_step(NAV, NAV_MAPPING)
    assert blueprint.id == "caring-after-hospital"
    assert blueprint.title == "Caring for someone after they leave hospital: step by step"
    assert [stage.logic for stage in blueprint.stages] == [
        Logic.THEN,
        Logic.THEN,
        Logic.AND,
        Logic.THEN,
        Logic.OR,
    ]
    assert blueprint.stages[0].id == "discharge"
    assert blueprint.stages[0].description.startswith("The ward tells social care")
    styles = {step.id: step.style for step in blueprint.steps}
    assert styles["needs-assessment"] is StepStyle.REQUIRED
    assert styles["financial-assessment-care"] is StepStyle.OPTIONAL
    assert styles["reablement"] is styles["care-home"] is StepStyle.CHOICE
    # A list without a style is a list of required links.
    assert styles["self-funded-care"] is StepStyle.REQUIRED
    # Links the mapping does not name (guidance pages) are not steps.
    assert all(step.href != "/guidance/what-to-bring-home" for step in blueprint.steps)
    assert blueprint.step("carer-benefit").title == "Carer's Allowance"
    assert blueprint.for_nation("scotland").step("carer-benefit").body == "sss"
    (referral,) = blueprint.for_nation("england").handoffs
    assert referral.sla == Sla.for_handoff(timedelta(hours=48))
    assert blueprint.nations == frozenset(Nation)
    assert "self-funded-care" not in {s.id for s in blueprint.for_nation("northern-ireland").steps}


def test_step_by_step_accepts_parsed_documents_and_dict_mappings() -> None:
    document = json.loads(NAV.read_text(encoding="utf-8"))
    mapping = {
        "blueprint": {"id": "carers", "trigger": "caring", "nations": ["scotland"]},
        "link": {"/carers-allowance": {"id": "carer-benefit", "bodies": {"scotland": "sss"}}},
    }
    from_item = from_step_by_step(document, mapping)
    from_nav = from_step_by_step(document["details"]["step_by_step_nav"], mapping)
    from_text = from_step_by_step(NAV.read_text(encoding="utf-8"), mapping)
    assert from_item == from_nav == from_text
    (stage,) = from_item.stages
    # Its predecessors were left out, so the 'and' stage starts the blueprint.
    assert stage.logic is Logic.THEN


def _nav_with(tmp_path: Path, change: str) -> Path:
    document = json.loads(NAV.read_text(encoding="utf-8"))
    steps = document["details"]["step_by_step_nav"]["steps"]
    if change == "bad-logic":
        steps[2]["logic"] = "xor"
    elif change == "bad-style":
        steps[1]["contents"][1]["style"] = "numbered"
    elif change == "no-title":
        del steps[0]["title"]
    elif change == "bad-content":
        steps[0]["contents"][0]["type"] = "image"
    elif change == "extra-field":
        steps[3]["contents"][0]["contents"][0]["colour"] = "red"
    path = tmp_path / f"{change}.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message", "entry", "value"),
    [
        ("bad-logic", "logic must be 'and' or 'or'", "steps[2].logic", "xor"),
        ("bad-style", "style must be", "steps[1].contents[1].style", "numbered"),
        ("no-title", "missing required field 'title'", "steps[0]", None),
        ("bad-content", "content must be a paragraph or a list", "contents[0].type", "image"),
        ("extra-field", "unknown field 'colour'", "contents[0].colour", "colour"),
    ],
)
def test_malformed_step_by_step_json_names_file_and_entry(
    tmp_path: Path, change: str, message: str, entry: str, value: object
) -> None:
    path = _nav_with(tmp_path, change)
    with pytest.raises(BlueprintError, match=message) as caught:
        from_step_by_step(path, NAV_MAPPING)
    error = caught.value
    assert error.source == str(path)
    assert entry in str(error)
    assert error.value == value
    if isinstance(value, str) and change != "extra-field":
        assert error.line is not None
        assert json.dumps(value) in path.read_text(encoding="utf-8").splitlines()[error.line - 1]


def test_step_by_step_that_is_not_json_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "nav.json"
    path.write_text('{\n  "title": "x",\n  "steps": [\n}\n', encoding="utf-8")
    with pytest.raises(BlueprintError, match="not valid JSON") as caught:
        from_step_by_step(path, NAV_MAPPING)
    assert (caught.value.source, caught.value.line) == (str(path), 4)


def test_mapping_errors_name_the_mapping_file_and_line(tmp_path: Path) -> None:
    text = NAV_MAPPING.read_text(encoding="utf-8")
    path = tmp_path / "mapping.toml"
    path.write_text(text.replace("/care-homes", "/care-home-typo"), encoding="utf-8")
    with pytest.raises(BlueprintError, match="no list item of the step-by-step") as caught:
        from_step_by_step(NAV, path)
    assert caught.value.source == str(path)
    assert caught.value.value == "/care-home-typo"
    assert caught.value.line is not None
    path.write_text(text.replace('northern-ireland = "dfc"', 'northern-ireland = "dwp"'))
    with pytest.raises(BlueprintError, match="'dwp' does not serve northern-ireland") as caught:
        from_step_by_step(NAV, path)
    assert caught.value.line == text.splitlines().index('[link."/carers-allowance"]') + 1


# --- values ----------------------------------------------------------------------------------


def test_by_nation_is_an_ordered_hashable_mapping() -> None:
    first = ByNation({"scotland": "sss", "england": "dwp"})
    second = ByNation([(Nation.ENGLAND, "dwp"), (Nation.SCOTLAND, "sss")])
    assert first == second
    assert hash(first) == hash(second)
    assert list(first) == [Nation.ENGLAND, Nation.SCOTLAND]
    assert first.nations == {Nation.ENGLAND, Nation.SCOTLAND}
    with pytest.raises(ValueError, match="given twice"):
        ByNation([("england", "a"), (Nation.ENGLAND, "b")])


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("P5D", timedelta(days=5)),
        ("PT36H", timedelta(hours=36)),
        ("P2W", timedelta(days=14)),
        ("P1DT2H30M", timedelta(days=1, hours=2, minutes=30)),
        ("-P1D", timedelta(days=-1)),
    ],
)
def test_durations_parse_and_format(text: str, duration: timedelta) -> None:
    assert parse_duration(text) == duration
    assert parse_duration(format_duration(duration)) == duration


@pytest.mark.parametrize("text", ["P", "PT", "P1M", "P1Y", "5D", "P5DT", "P1.5D"])
def test_durations_refuse_what_has_no_fixed_length(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601 duration"):
        parse_duration(text)


def test_sla_rules() -> None:
    sla = Sla(timedelta(days=5))
    assert sla.breached_by(timedelta(days=5, seconds=1))
    assert not sla.breached_by(timedelta(days=5))
    with pytest.raises(BlueprintError, match="cannot run from 'step-closed'"):
        Sla(timedelta(days=1), SlaEvent.STEP_CLOSED, SlaEvent.STEP_OPENED)
    with pytest.raises(BlueprintError, match="zero"):
        Sla(timedelta(0))
