"""Design variants: a blueprint written as the changes it makes to a base."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import load_blueprint
from journeys.blueprints import (
    Blueprint,
    ExpectedHandoff,
    bundled_blueprints,
    load_bundled_blueprint,
    load_variant,
    variant_from_toml,
)
from journeys.blueprints.durations import format_duration
from journeys.bodies import Nation
from journeys.errors import BlueprintError

BEREAVEMENT = load_bundled_blueprint("bereavement")
HEAD = 'base = "bereavement"\nid = "what-if"\n'


def variant(body: str, head: str = HEAD) -> Blueprint:
    return variant_from_toml(head + body, source="what-if.toml")


def handoff(blueprint: Blueprint, handoff_id: str) -> ExpectedHandoff:
    return next(h for h in blueprint.handoffs if h.id == handoff_id)


def as_base(blueprint: Blueprint, base: Blueprint) -> Blueprint:
    """``blueprint`` with the base's id, title and sources, to compare with it."""
    return attrs.evolve(blueprint, id=base.id, title=base.title, sources=base.sources)


# --- each change ----------------------------------------------------------------------


def test_a_variant_without_changes_is_its_base_under_a_new_id() -> None:
    result = variant('sources = ["A what-if"]\n')
    assert result.id == "what-if"
    assert result.title == f"{BEREAVEMENT.title} (what-if)"
    assert result.sources == (*BEREAVEMENT.sources, "A what-if")
    assert result != BEREAVEMENT
    assert as_base(result, BEREAVEMENT) == BEREAVEMENT


def test_remove_handoff() -> None:
    result = variant('[[remove_handoff]]\nid = "tell-us-once-to-hmpo"\n')
    assert "tell-us-once-to-hmpo" not in {h.id for h in result.handoffs}
    assert len(result.handoffs) == len(BEREAVEMENT.handoffs) - 1
    assert "tell-us-once-to-hmpo" not in {h.id for h in result.for_nation("england").handoffs}


def test_reroute_handoff() -> None:
    result = variant(
        '[[reroute_handoff]]\nid = "tell-us-once-to-hmpo"\nto = "cancel-driving-licence"\n'
        'nations = ["england"]\n'
    )
    moved = handoff(result, "tell-us-once-to-hmpo")
    assert (moved.from_step, moved.to_step) == ("tell-us-once", "cancel-driving-licence")
    assert moved.nations == frozenset({Nation.ENGLAND})
    assert "tell-us-once-to-hmpo" not in {h.id for h in result.for_nation("wales").handoffs}


def test_add_handoff() -> None:
    result = variant(
        '[[add_handoff]]\nid = "registrar-to-probate"\nfrom = "register-death"\nto = "probate"\n'
        'items = ["death_registration"]\nsla = { within = "P10D", days = "working" }\n'
    )
    added = handoff(result, "registrar-to-probate")
    assert added.items == frozenset({"death_registration"})
    assert added.sla is not None
    assert added.sla.describe() == "10 working days"
    national = result.for_nation("scotland").handoffs
    assert [h.to_body for h in national if h.id == "registrar-to-probate"] == ["scts"]


def test_serve_changes_a_body_and_can_offer_a_step_in_a_new_nation() -> None:
    result = variant(
        '[[serve]]\nstep = "tell-us-once"\nnation = "northern-ireland"\nbody = "dfc"\n'
        '[[serve]]\nstep = "probate"\nnation = "wales"\nbody = "hmcts"\n'
    )
    assert result.step("tell-us-once").body_for("northern-ireland") == "dfc"
    assert BEREAVEMENT.step("tell-us-once").body_for("northern-ireland") is None
    ni = {h.id for h in result.for_nation("northern-ireland").handoffs}
    # The hand-offs Tell Us Once makes elsewhere are now expected in Northern Ireland.
    assert {"tell-us-once-reference", "tell-us-once-to-hmrc"} <= ni
    assert not {"tell-us-once-reference"} & {
        h.id for h in BEREAVEMENT.for_nation("northern-ireland").handoffs
    }


def test_withdraw_takes_a_step_out_of_a_nation_or_out_of_the_design() -> None:
    result = variant(
        '[[remove_handoff]]\nid = "tell-us-once-to-sss"\n'
        '[[serve]]\nstep = "tell-us-once"\nnation = "scotland"\nwithdraw = true\n'
        '[[serve]]\nstep = "bereavement-service"\nnation = "northern-ireland"\nwithdraw = true\n'
        '[[serve]]\nstep = "register-death"\nnation = "wales"\nwithdraw = true\n'
    )
    assert result.step("tell-us-once").nations == {Nation.ENGLAND, Nation.WALES}
    assert "bereavement-service" not in {step.id for step in result.steps}
    assert len(result.steps) == len(BEREAVEMENT.steps) - 1
    register = result.step("register-death")
    assert register.body_for("wales") is None
    assert Nation.WALES not in register.slas
    scotland = {h.id for h in result.for_nation("scotland").handoffs}
    assert not any(h.startswith("tell-us-once") for h in scotland)
    assert result.for_nation("england") == attrs.evolve(
        BEREAVEMENT.for_nation("england"), blueprint_id="what-if", title=result.title
    )


def test_step_sla_is_changed_added_and_removed() -> None:
    result = variant(
        '[[sla]]\nstep = "register-death"\nnations = ["scotland"]\nwithin = "P5D"\n'
        '[[sla]]\nstep = "probate"\nwithin = "P20D"\ndays = "working"\n'
        '[[sla]]\nstep = "register-death"\nremove = true\nnations = ["wales"]\n'
    )
    register = result.step("register-death")
    scotland = register.sla_for("scotland")
    assert scotland is not None
    assert scotland.within == timedelta(days=5)
    assert register.sla_for("wales") is None
    assert register.sla_for("england") == BEREAVEMENT.step("register-death").sla_for("england")
    probate = result.step("probate")
    assert {n: s.describe() for n, s in probate.slas.items()} == dict.fromkeys(
        Nation, "20 working days"
    )


def test_handoff_sla_is_changed_and_removed() -> None:
    result = variant(
        '[[sla]]\nhandoff = "tell-us-once-reference"\nwithin = "P14D"\n'
        '[[sla]]\nhandoff = "tell-us-once-reference-before-medical-examiners"\nremove = true\n'
    )
    changed = handoff(result, "tell-us-once-reference").sla
    assert changed is not None
    assert changed.within == timedelta(days=14)
    assert changed.is_for_handoff
    assert handoff(result, "tell-us-once-reference-before-medical-examiners").sla is None


def test_base_may_be_a_file_or_another_variant(tmp_path: Path) -> None:
    (tmp_path / "first.toml").write_text(
        HEAD + '[[remove_handoff]]\nid = "tell-us-once-to-hmpo"\n', encoding="utf-8"
    )
    (tmp_path / "second.toml").write_text(
        'base = "first.toml"\nid = "second"\n[[remove_handoff]]\nid = "tell-us-once-to-dvla"\n',
        encoding="utf-8",
    )
    second = load_variant(tmp_path / "second.toml")
    gone = {h.id for h in BEREAVEMENT.handoffs} - {h.id for h in second.handoffs}
    assert gone == {"tell-us-once-to-hmpo", "tell-us-once-to-dvla"}
    assert load_blueprint(tmp_path / "second.toml") == second


def test_load_blueprint_reads_plain_blueprints_as_before(tmp_path: Path) -> None:
    from journeys.blueprints import blueprint_to_toml

    path = tmp_path / "plain.toml"
    path.write_text(blueprint_to_toml(BEREAVEMENT), encoding="utf-8")
    assert load_blueprint(path) == BEREAVEMENT


# --- invalid overlays -----------------------------------------------------------------

INVALID = [
    # (body after HEAD, line, entry, value, words in the message)
    (
        '[[serve]]\nstep = "nope"\nnation = "wales"\nbody = "dwp"\n',
        3,
        "nope",
        "nope",
        "unknown step",
    ),
    ('[[remove_handoff]]\nid = "nope"\n', 3, "nope", "nope", "unknown hand-off"),
    ('[[sla]]\nhandoff = "nope"\nwithin = "P1D"\n', 3, "nope", "nope", "unknown hand-off"),
    (
        '[[reroute_handoff]]\nid = "tell-us-once-to-hmpo"\nto = "nope"\n',
        3,
        "tell-us-once-to-hmpo",
        "nope",
        "unknown step",
    ),
    (
        '\n[[serve]]\nstep = "tell-us-once"\nnation = "northern-ireland"\nbody = "dwpp"\n',
        4,
        "tell-us-once",
        "dwpp",
        "unknown body",
    ),
    (
        '[[serve]]\nstep = "tell-us-once"\nnation = "northern-ireland"\nbody = "dwp"\n',
        3,
        "tell-us-once",
        "dwp",
        "does not serve",
    ),
    (
        '[[serve]]\nstep = "tell-us-once"\nnation = "atlantis"\nbody = "dwp"\n',
        3,
        "tell-us-once",
        "atlantis",
        "atlantis",
    ),
    (
        '[[serve]]\nstep = "tell-us-once"\nnation = "wales"\nbody = "dwp"\ncolour = "red"\n',
        3,
        "tell-us-once",
        "colour",
        "unknown key",
    ),
    (
        # Registrar to registrar: a hand-off the change breaks is pinned on the change.
        '[[serve]]\nstep = "tell-us-once"\nnation = "england"\nbody = "registrar:E06000023"\n',
        3,
        "tell-us-once-reference",
        "registrar:E06000023",
        "to itself",
    ),
    (
        '[[add_handoff]]\nid = "x"\nfrom = "tell-us-once"\nto = "nope"\n',
        3,
        "x",
        "nope",
        "unknown step",
    ),
    (
        '[[add_handoff]]\nid = "tell-us-once-to-hmpo"\nfrom = "tell-us-once"\nto = "probate"\n',
        3,
        "tell-us-once-to-hmpo",
        "tell-us-once-to-hmpo",
        "already in the base",
    ),
    ('[[sla]]\nstep = "probate"\nwithin = "P0D"\n', 3, "probate", "P0D", "zero"),
    (
        '[[sla]]\nstep = "bereavement-service"\nnations = ["wales"]\nwithin = "P3D"\n',
        3,
        "bereavement-service",
        "wales",
        "not offered",
    ),
    (
        # Withdrawn where its only hand-off runs: pinned on the withdrawal.
        '[[serve]]\nstep = "tell-us-once"\nnation = "scotland"\nwithdraw = true\n',
        3,
        "tell-us-once-to-sss",
        "tell-us-once-to-sss",
        "never offered in the same nation",
    ),
    (
        '[[serve]]\nstep = "tell-us-once"\nnation = "northern-ireland"\nwithdraw = true\n',
        3,
        "tell-us-once",
        "northern-ireland",
        "not offered",
    ),
    (
        '[[serve]]\nstep = "probate"\nnation = "wales"\nbody = "hmcts"\nwithdraw = true\n',
        3,
        "probate",
        "hmcts",
        "not both",
    ),
    ('colour = "red"\n', 3, None, "colour", "unknown key"),
    ('[[recolour]]\nid = "x"\n', 3, None, "recolour", "unknown key"),
]


@pytest.mark.parametrize(("body", "line", "entry", "value", "words"), INVALID)
def test_an_invalid_overlay_names_file_line_and_entry(
    body: str, line: int, entry: str | None, value: str, words: str
) -> None:
    with pytest.raises(BlueprintError) as caught:
        variant(body)
    error = caught.value
    assert str(error.source) == "what-if.toml"
    assert (error.line, error.entry, error.value) == (line, entry, value), str(error)
    assert words in str(error)
    assert f"what-if.toml, line {line}" in str(error)


def test_unknown_base_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(BlueprintError, match="unknown base 'weddings'") as caught:
        variant("", head='# what if\nid = "x"\nbase = "weddings"\n')
    assert (caught.value.line, caught.value.value) == (3, "weddings")
    with pytest.raises(BlueprintError, match="no such file") as missing:
        variant_from_toml('base = "gone.toml"\nid = "x"\n', source="v.toml", folder=tmp_path)
    assert missing.value.line == 1
    with pytest.raises(BlueprintError, match="without spaces") as bad_id:
        variant("", head='base = "bereavement"\n\nid = "what if"\n')
    assert (bad_id.value.line, bad_id.value.value) == (3, "what if")
    loop = tmp_path / "loop.toml"
    loop.write_text('base = "loop.toml"\nid = "loop"\n', encoding="utf-8")
    with pytest.raises(BlueprintError, match="builds on"):
        load_variant(loop)


def test_a_nation_the_base_does_not_cover_is_refused(tmp_path: Path) -> None:
    (tmp_path / "two.toml").write_text(
        'id = "two"\ntitle = "Two nations"\ntrigger = "death"\nnations = ["england", "wales"]\n'
        '[[stage]]\nid = "estate"\ntitle = "Estate"\n[[stage.step]]\nid = "probate"\n'
        'title = "Probate"\nbodies = { england = "hmcts", wales = "hmcts" }\n',
        encoding="utf-8",
    )
    with pytest.raises(BlueprintError, match="does not cover") as caught:
        variant_from_toml(
            'base = "two.toml"\nid = "x"\n\n[[serve]]\nstep = "probate"\n'
            'nation = "scotland"\nbody = "scts"\n',
            source="what-if.toml",
            folder=tmp_path,
        )
    assert (caught.value.line, caught.value.entry) == (4, "probate")


# --- properties -----------------------------------------------------------------------


def _handoff_toml(header: str, handoff: ExpectedHandoff) -> str:
    lines = [header, f"id = {json.dumps(handoff.id)}"]
    lines += [f"from = {json.dumps(handoff.from_step)}", f"to = {json.dumps(handoff.to_step)}"]
    lines.append(f"items = {json.dumps(sorted(handoff.items))}")
    if handoff.nations is not None:
        lines.append(f"nations = {json.dumps(sorted(n.value for n in handoff.nations))}")
    if handoff.sla is not None:
        within, days = format_duration(handoff.sla.within), handoff.sla.days.value
        lines.append(f"sla = {{ within = {json.dumps(within)}, days = {json.dumps(days)} }}")
    return "\n".join(lines) + "\n"


HANDOFFS = [(b.id, h) for b in bundled_blueprints().values() for h in b.handoffs]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(HANDOFFS))
def test_removing_then_adding_a_handoff_gives_the_base_back(
    pair: tuple[str, ExpectedHandoff],
) -> None:
    base_id, removed = pair
    base = bundled_blueprints()[base_id]
    text = (
        f'base = "{base_id}"\nid = "again"\n\n[[remove_handoff]]\nid = {json.dumps(removed.id)}\n'
        + _handoff_toml("[[add_handoff]]", removed)
    )
    result = variant_from_toml(text)
    assert frozenset(result.handoffs) == frozenset(base.handoffs)
    assert as_base(attrs.evolve(result, handoffs=base.handoffs), base) == base


STEPS = [
    (b.id, s.id, n.value, body)
    for b in bundled_blueprints().values()
    for s in b.steps
    for n, body in s.bodies.items()
]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(STEPS))
def test_serving_a_step_by_its_own_body_changes_nothing(pair: tuple[str, str, str, str]) -> None:
    base_id, step, nation, body = pair
    text = (
        f'base = "{base_id}"\nid = "same"\n\n[[serve]]\nstep = "{step}"\n'
        f'nation = "{nation}"\nbody = "{body}"\n'
    )
    base = bundled_blueprints()[base_id]
    assert as_base(variant_from_toml(text), base) == base


# --- the CLI takes a variant wherever it takes a blueprint file -----------------------


def test_analyse_command_takes_a_variant(tmp_path: Path) -> None:
    from journeys.cli import main
    from journeys.interop.journey_csv import write_journey_csv
    from tests.test_conformance import by_the_book

    events_csv = tmp_path / "events.csv"
    # Registered on day 7: a breach of the bundled 5-day SLA, not of a 10-day one.
    write_journey_csv(by_the_book(register_on=7).collect_events(), events_csv)
    (tmp_path / "slower.toml").write_text(
        HEAD + '[[sla]]\nstep = "register-death"\nnations = ["england"]\nwithin = "P10D"\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    counts = {}
    for name in ("bereavement", str(tmp_path / "slower.toml")):
        out = tmp_path / "gaps.json"
        result = runner.invoke(
            main, ["analyse", str(events_csv), "--blueprint", name, "--json", str(out)]
        )
        assert result.exit_code == 0, result.output
        counts[name] = json.loads(out.read_text(encoding="utf-8"))["counts"]["sla_breach"]
    assert list(counts.values()) == [1, 0]
    (tmp_path / "bad.toml").write_text(HEAD + '[[remove_handoff]]\nid = "nope"\n', encoding="utf-8")
    bad = runner.invoke(
        main, ["analyse", str(events_csv), "--blueprint", str(tmp_path / "bad.toml")]
    )
    assert bad.exit_code == 1
    assert "line 3" in bad.output
    assert "unknown hand-off 'nope'" in bad.output
    assert "Traceback" not in bad.output
