"""Conformance to blueprints: SLA breaches, missing steps and unexpected steps."""

from __future__ import annotations

import pytest

from journeys import Journey, uk_catalogue
from journeys.analysis import Analysis, analyse
from journeys.blueprints import bundled_blueprints, load_bundled_blueprint
from journeys.errors import BlueprintError
from tests.helpers import DAY, T0, at, started

BEREAVEMENT = load_bundled_blueprint("bereavement")
REGISTRAR = "registrar:E06000023"
COUNCIL = "council:E06000023"
EXAMINER = "medical-examiner:RVJ"


def by_the_book(
    *,
    register_on: float = 3,
    tuo_accepted_on: float | None = None,
    skip: str | None = None,
    end: bool = True,
) -> Journey:
    """An English bereavement that follows the bundled design (unless told otherwise)."""
    if tuo_accepted_on is None:
        tuo_accepted_on = register_on + 2
    journey = started()
    journey.open_case("nhs:RVJ", "death-certification", occurred_at=at(0))
    # Since 9 September 2024 the medical examiner reviews the cause of death and sends
    # the medical certificate to the registrar.
    items = ["cause_of_death", "date_of_death", "place_of_death"]
    journey.send_handoff(
        "review", from_body="nhs:RVJ", to_body=EXAMINER, occurred_at=at(0.25), items=items
    )
    journey.accept_handoff("review", occurred_at=at(0.5))
    journey.close_case("nhs:RVJ", "death-certification", occurred_at=at(0.5))
    journey.open_case(
        EXAMINER, "medical-examiner-review", occurred_at=at(0.5), via_handoff="review"
    )
    journey.send_handoff(
        "mccd", from_body=EXAMINER, to_body=REGISTRAR, occurred_at=at(0.75), items=items
    )
    journey.accept_handoff("mccd", occurred_at=at(1))
    journey.close_case(EXAMINER, "medical-examiner-review", occurred_at=at(1))
    journey.open_case(REGISTRAR, "death-registration", occurred_at=at(1), via_handoff="mccd")
    journey.send_handoff(
        "tuo",
        from_body=REGISTRAR,
        to_body="dwp",
        occurred_at=at(register_on),
        items=["date_of_death", "death_registration", "deceased_details"],
    )
    journey.close_case(REGISTRAR, "death-registration", occurred_at=at(register_on))
    journey.accept_handoff("tuo", occurred_at=at(tuo_accepted_on))
    journey.open_case("dwp", "tell-us-once", occurred_at=at(tuo_accepted_on), via_handoff="tuo")
    for index, (body, service) in enumerate(
        [
            ("hmrc", "personal-tax"),
            ("hmpo", "passport-cancellation"),
            ("dvla", "driving-licence-cancellation"),
            (COUNCIL, "council-services"),
        ]
    ):
        if service == skip:
            continue
        handoff = f"tuo-{index}"
        day = tuo_accepted_on + 1 + index
        journey.send_handoff(handoff, from_body="dwp", to_body=body, occurred_at=at(day))
        journey.accept_handoff(handoff, occurred_at=at(day))
        journey.open_case(body, service, occurred_at=at(day), via_handoff=handoff)
        journey.close_case(body, service, occurred_at=at(day, hours=1))
    journey.close_case("dwp", "tell-us-once", occurred_at=at(tuo_accepted_on + 6))
    if skip != "probate":
        journey.open_case("hmcts", "probate", occurred_at=at(tuo_accepted_on + 6))
        journey.close_case("hmcts", "probate", occurred_at=at(60))
    if end:
        journey.end(occurred_at=at(60))
    return journey


def check(journey: Journey, **options: object) -> Analysis:
    return analyse(journey.collect_events(), blueprint=BEREAVEMENT, **options)  # type: ignore[arg-type]


def conformance_kinds(analysis: Analysis) -> list[str]:
    return [
        f.kind.value
        for f in analysis.findings
        if f.kind.value in {"sla_breach", "missing_step", "unexpected_step"}
    ]


def test_a_journey_that_follows_the_design_conforms() -> None:
    analysis = check(by_the_book())
    assert conformance_kinds(analysis) == []
    assert analysis.counts()["sla_breach"] == 0


def test_late_registration_breaches_the_five_day_sla() -> None:
    # In England the 5 days run from the registrar's receipt of the medical certificate
    # (day 1 here), not from the death.
    (breach,) = check(by_the_book(register_on=7)).of_kind("sla_breach")
    assert breach.to_body == REGISTRAR
    assert breach.duration_seconds == 6 * DAY
    assert breach.detail == "bereavement: register-death (SLA P5D)"


def test_scotland_allows_eight_days() -> None:
    journey = started(nation="scotland")
    journey.open_case("registrar:S12000036", "death-registration", occurred_at=at(1))
    journey.close_case("registrar:S12000036", "death-registration", occurred_at=at(7))
    journey.end(occurred_at=at(8))
    analysis = analyse(journey.collect_events(), blueprint=BEREAVEMENT)
    assert analysis.of_kind("sla_breach") == ()
    assert {f.detail for f in analysis.of_kind("missing_step")} >= {
        "bereavement: certify-death",
        "bereavement: probate",
    }


def test_a_tell_us_once_reference_used_after_28_days_breaches() -> None:
    (breach,) = check(by_the_book(tuo_accepted_on=40)).of_kind("sla_breach")
    assert (breach.from_body, breach.to_body) == (REGISTRAR, "dwp")
    assert breach.duration_seconds == 37 * DAY


def test_an_unfinished_clock_breaches_when_the_journey_closes() -> None:
    journey = started()
    journey.open_case(REGISTRAR, "death-registration", occurred_at=at(1))
    events = journey.collect_events()
    assert analyse(events, blueprint=BEREAVEMENT, as_of=at(4)).of_kind("sla_breach") == ()
    (breach,) = analyse(events, blueprint=BEREAVEMENT, as_of=at(9)).of_kind("sla_breach")
    assert breach.end == at(9)
    assert breach.detail is not None
    assert breach.detail.endswith("unfinished)")


def test_a_handoff_within_its_sla_is_in_flight_at_as_of_not_dropped() -> None:
    journey = started()
    journey.open_case(REGISTRAR, "death-registration", occurred_at=at(1))
    journey.send_handoff("tuo", from_body=REGISTRAR, to_body="dwp", occurred_at=at(2))
    events = journey.collect_events()
    assert analyse(events, blueprint=BEREAVEMENT, as_of=at(20)).of_kind("dropped_handoff") == ()
    assert len(analyse(events, as_of=at(20)).of_kind("dropped_handoff")) == 1  # no design
    late = analyse(events, blueprint=BEREAVEMENT, as_of=at(40))
    assert len(late.of_kind("dropped_handoff")) == 1
    assert any(f.from_body == REGISTRAR for f in late.of_kind("sla_breach"))


def test_missing_required_steps_are_reported_once_each() -> None:
    analysis = check(by_the_book(skip="passport-cancellation"))
    (missing,) = analysis.of_kind("missing_step")
    assert missing.to_body == "hmpo"
    assert missing.detail == "bereavement: cancel-passport"
    assert (missing.start, missing.end) == (T0, at(60))


def test_optional_steps_are_never_missing_and_open_journeys_wait_for_as_of() -> None:
    open_journey = by_the_book(skip="probate", end=False)
    events = open_journey.collect_events()
    assert analyse(events, blueprint=BEREAVEMENT).of_kind("missing_step") == ()
    (missing,) = analyse(events, blueprint=BEREAVEMENT, as_of=at(90)).of_kind("missing_step")
    assert missing.detail == "bereavement: probate"


def test_unexpected_steps_wrong_body_and_unknown_body() -> None:
    journey = by_the_book(end=False)
    journey.touchpoint("council:E08000003", "council-services", occurred_at=at(61))
    journey.touchpoint("nihe", "housing", occurred_at=at(62))
    journey.touchpoint(COUNCIL, "library-card", occurred_at=at(63))  # designed body: fine
    journey.end(occurred_at=at(64))
    unexpected = check(journey).of_kind("unexpected_step")
    assert [(f.from_body, f.to_body, f.detail) for f in unexpected] == [
        (COUNCIL, "council:E08000003", "bereavement: council-services"),
        (None, "nihe", "bereavement: housing"),
    ]


def test_journeys_of_other_triggers_are_not_checked() -> None:
    journey = started(trigger="birth")
    journey.touchpoint("nihe", "housing", occurred_at=at(1))
    journey.end(occurred_at=at(2))
    assert conformance_kinds(check(journey)) == []


def test_the_best_fitting_blueprint_of_a_trigger_is_used() -> None:
    journey = started(trigger="moving-house")
    national = load_bundled_blueprint("moving-to-scotland").for_nation("england")
    for index, step in enumerate(national.steps):
        journey.open_case(step.body, step.service, occurred_at=at(index))
        journey.close_case(step.body, step.service, occurred_at=at(index + 0.5))
    journey.end(occurred_at=at(len(national.steps)))
    everything = analyse(journey.collect_events(), blueprint=bundled_blueprints().values())
    assert [
        f.kind.value
        for f in everything.findings
        if f.kind.value in {"missing_step", "unexpected_step"}
    ] == []


def test_a_blueprint_with_unknown_bodies_is_refused() -> None:
    from journeys import Body, Catalogue

    tiny = Catalogue([Body("dwp", "DWP", "central", ["england"])])
    with pytest.raises(BlueprintError, match="unknown body"):
        analyse([], catalogue=tiny, blueprint=BEREAVEMENT)


def test_conformance_findings_follow_the_schema() -> None:
    import jsonschema

    from journeys.data import analysis_schema

    analysis = check(by_the_book(register_on=7, skip="passport-cancellation"))
    jsonschema.validate(analysis.to_json(), analysis_schema())
    assert uk_catalogue()["hmpo"].name


def test_analyse_command_checks_blueprints(tmp_path: object) -> None:
    from pathlib import Path

    from click.testing import CliRunner

    from journeys.cli import main
    from journeys.interop.journey_csv import write_journey_csv

    folder = Path(str(tmp_path))
    events_csv = folder / "events.csv"
    write_journey_csv(by_the_book(register_on=7).collect_events(), events_csv)
    out = folder / "gaps.json"
    runner = CliRunner()
    result = runner.invoke(
        main, ["analyse", str(events_csv), "--blueprint", "bereavement", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "SLA breaches" in result.output
    import json

    assert json.loads(out.read_text(encoding="utf-8"))["counts"]["sla_breach"] == 1
    unknown = runner.invoke(main, ["analyse", str(events_csv), "--blueprint", "weddings"])
    assert unknown.exit_code == 1
    assert "no bundled blueprint 'weddings'" in unknown.output
    tracked = runner.invoke(
        main, ["analyse", "--db", str(folder / "x.db"), "--track", "--blueprint", "bereavement"]
    )
    assert tracked.exit_code == 1  # no such store (the projection checks blueprints too)
    assert "no such store" in tracked.output
