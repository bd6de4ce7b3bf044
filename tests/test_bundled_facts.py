"""The bundled facts, read from the bundled data for each nation they concern, and the
sources that every bundled body and blueprint step must cite (issue 16, parts 1-2)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from journeys import Journey, simulate, uk_catalogue
from journeys.analysis import analyse
from journeys.blueprints import (
    Blueprint,
    NationalBlueprint,
    Sla,
    SlaEvent,
    bundled_blueprints,
    load_bundled_blueprint,
)
from journeys.bodies import Nation
from journeys.simulation import Behaviour, Failures

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "journeys" / "data"
GB = ("england", "wales", "scotland")
PUBLIC_DOMAINS = (
    "gov.uk",
    "gov.wales",
    "nhs.uk",
    "nhs.wales",
    ".scot",
    "hscni.net",
    "eani.org.uk",
    "derrystrabane.com",
)
"""Where bundled sources may point: UK public bodies' own sites (legislation.gov.uk,
nidirect.gov.uk and the councils' sites end in gov.uk; mygov.scot, gov.scot and the
Scottish NHS boards' sites in .scot)."""

MOVE_RULE_CHANGED = date(2025, 11, 6)
"""From this date Social Security Scotland no longer gets the PIP record from DWP."""


def national(name: str, nation: str, on: date | None = None) -> NationalBlueprint:
    return load_bundled_blueprint(name).for_nation(nation, on)


def step_ids(blueprint: NationalBlueprint) -> list[str]:
    return [step.id for step in blueprint.steps]


# --- sources that ship ---------------------------------------------------------------------


def _public(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme == "https" and any(
        host == domain.lstrip(".") or host.endswith("." + domain.lstrip("."))
        for domain in PUBLIC_DOMAINS
    )


def test_every_bundled_body_cites_a_public_source() -> None:
    for body in uk_catalogue().bodies():
        assert body.sources, body.id
        for source in body.sources:
            assert source.title.strip(), body.id
            assert _public(source.url), (body.id, source.url)


@pytest.mark.parametrize("name", sorted(bundled_blueprints()))
def test_every_bundled_step_cites_a_public_source(name: str) -> None:
    blueprint = load_bundled_blueprint(name)
    for step in blueprint.steps:
        assert step.sources, (name, step.id)
        for source in step.sources:
            assert _public(source.url), (name, step.id, source.url)
    # And the resolved design keeps them.
    for nation in blueprint.nations:
        assert all(step.sources for step in blueprint.for_nation(nation).steps)


def _shipped_texts() -> list[Path]:
    return sorted(
        [*DATA.rglob("*.toml"), *(ROOT / "docs").rglob("*.md"), ROOT / "README.md"],
    )


def test_no_bundled_file_or_doc_cites_the_unshipped_domain_notes() -> None:
    for path in _shipped_texts():
        assert "uk-domain.md" not in path.read_text(encoding="utf-8"), path


def test_every_file_a_bundled_data_file_cites_is_shipped() -> None:
    # A citation of a file by path ("docs/....md") must name a file in the repository.
    cited = re.compile(r"\b((?:docs|src|tests)/[\w./-]+\.\w+)")
    for path in sorted(DATA.rglob("*.toml")):
        for found in cited.findall(path.read_text(encoding="utf-8")):
            assert (ROOT / found).exists(), (path.name, found)
    for blueprint in bundled_blueprints().values():
        for text in blueprint.sources:
            assert ".md" not in text, (blueprint.id, text)


# --- death registration: the medical examiner (England, Wales) ----------------------------


@pytest.mark.parametrize(
    ("nation", "examiner"),
    [("england", "medical-examiner:RVJ"), ("wales", "medical-examiner:wales")],
)
def test_registration_in_england_and_wales_counts_from_the_medical_certificate(
    nation: str, examiner: str
) -> None:
    design = national("bereavement", nation, date(2025, 1, 6))
    review = design.step("medical-examiner-review")
    assert review.body == examiner
    assert uk_catalogue()[examiner].serves(Nation(nation))
    assert review.valid_from == date(2024, 9, 9)
    # The certificate goes from the medical examiner to the registrar ...
    (certificate,) = [h for h in design.handoffs if h.to_step == "register-death"]
    assert (certificate.from_body, certificate.from_step) == (examiner, review.id)
    assert "medical_certificate_of_cause_of_death" in certificate.items
    # ... and its receipt (the registration case opening) starts the 5 days.
    sla = design.step("register-death").sla
    assert sla == Sla(timedelta(days=5), SlaEvent.STEP_OPENED, SlaEvent.STEP_CLOSED)


@pytest.mark.parametrize(("nation", "days"), [("scotland", 8), ("northern-ireland", 5)])
def test_registration_elsewhere_counts_from_the_death(nation: str, days: int) -> None:
    design = national("bereavement", nation)
    assert "medical-examiner-review" not in step_ids(design)
    sla = design.step("register-death").sla
    assert sla == Sla(timedelta(days=days), SlaEvent.JOURNEY_STARTED, SlaEvent.STEP_CLOSED)


@pytest.mark.parametrize("nation", ["england", "wales"])
def test_before_9_september_2024_registration_counted_from_the_death(nation: str) -> None:
    before = national("bereavement", nation, date(2024, 9, 8))
    assert "medical-examiner-review" not in step_ids(before)
    assert "register-death" not in step_ids(before)
    old = before.step("register-death-before-medical-examiners")
    assert old.service == "death-registration"
    assert old.sla == Sla(timedelta(days=5), SlaEvent.JOURNEY_STARTED, SlaEvent.STEP_CLOSED)
    (certificate,) = [h for h in before.handoffs if h.to_step == old.id]
    assert certificate.from_step == "certify-death"
    after = national("bereavement", nation, date(2024, 9, 9))
    assert {"medical-examiner-review", "register-death"} <= set(step_ids(after))
    assert "register-death-before-medical-examiners" not in step_ids(after)


@pytest.mark.parametrize("nation", ["scotland", "northern-ireland"])
def test_the_medical_examiner_reform_leaves_scotland_and_ni_alone(nation: str) -> None:
    before = national("bereavement", nation, date(2024, 9, 8))
    after = national("bereavement", nation, date(2024, 9, 9))
    assert step_ids(before) == step_ids(after)
    assert "register-death" in step_ids(before)


def _slow_review(
    nation: str, registrar: str, start: datetime = datetime(2025, 3, 3, 9, tzinfo=UTC)
) -> Journey:
    """A death whose certificate reaches the registrar on day 3, registered on day 7."""
    journey = Journey.start(citizen="c", trigger="death", nation=nation, occurred_at=start)
    day = lambda n: start + timedelta(days=n)  # noqa: E731
    journey.open_case(registrar, "death-registration", occurred_at=day(3))
    journey.close_case(registrar, "death-registration", occurred_at=day(7))
    journey.end(occurred_at=day(8))
    return journey


def test_a_slow_medical_examiner_review_is_no_registration_breach_in_england() -> None:
    bereavement = load_bundled_blueprint("bereavement")
    england = _slow_review("england", "registrar:E06000023")
    assert not analyse(england.collect_events(), blueprint=bereavement).of_kind("sla_breach")
    # In Northern Ireland the 5 days still run from the death ...
    ni = _slow_review("northern-ireland", "registrar:N09000003")
    (breach,) = analyse(ni.collect_events(), blueprint=bereavement).of_kind("sla_breach")
    assert breach.duration_seconds == 7 * 86400
    # ... as they did in England for a death before 9 September 2024.
    earlier = _slow_review("england", "registrar:E06000023", datetime(2024, 3, 4, tzinfo=UTC))
    (breach,) = analyse(earlier.collect_events(), blueprint=bereavement).of_kind("sla_breach")
    assert breach.detail == "bereavement: register-death-before-medical-examiners (SLA P5D)"


def test_northern_ireland_has_no_tell_us_once_but_the_bereavement_service() -> None:
    ni = national("bereavement", "northern-ireland")
    assert "tell-us-once" not in step_ids(ni)
    assert ni.step("bereavement-service").body == "dfc"
    for nation in GB:
        assert national("bereavement", nation).step("tell-us-once").body == "dwp"


# --- hospital discharge: discharge first in England and Wales -------------------------------


@pytest.mark.parametrize("nation", ["england", "wales"])
def test_england_and_wales_discharge_to_assess(nation: str) -> None:
    design = national("hospital-discharge", nation)
    ids = step_ids(design)
    assert ids.index("discharge-to-assess") < ids.index("longer-term-assessment")
    assert design.step("discharge-to-assess").service == "reablement"
    assert "care-needs-assessment" not in ids
    (referral,) = [h for h in design.handoffs if h.from_step == "hospital-stay"]
    assert referral.to_step == "discharge-to-assess"


@pytest.mark.parametrize("nation", ["scotland", "northern-ireland"])
def test_scotland_and_northern_ireland_assess_before_discharge(nation: str) -> None:
    ids = step_ids(national("hospital-discharge", nation))
    assert ids.index("care-needs-assessment") < ids.index("reablement")
    assert "discharge-to-assess" not in ids


# --- the disability benefit switch at 16 ----------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "body"), [("england", "dwp"), ("wales", "dwp"), ("northern-ireland", "dfc")]
)
def test_dla_ends_at_16_and_pip_is_claimed(nation: str, body: str) -> None:
    blueprint = load_bundled_blueprint("disability-benefits-at-16")
    assert blueprint.trigger == "turning-16"
    design = blueprint.for_nation(nation)
    assert design.step("dla-ends-at-16").body == body
    assert design.step("claim-pip").body == body
    assert design.step("claim-pip").service == "personal-independence-payment"


def test_scotland_claims_adult_disability_payment_between_16_and_18() -> None:
    design = national("disability-benefits-at-16", "scotland")
    adp = design.step("apply-adult-disability-payment")
    assert adp.body == "sss"
    assert "between 16 and 18" in adp.title
    assert "claim-pip" not in step_ids(design)


def test_turning_18_no_longer_holds_the_disability_benefit() -> None:
    blueprint = load_bundled_blueprint("transition-to-adult-services")
    services = {step.service for step in blueprint.steps}
    assert not services & {
        "adult-disability-benefit",
        "personal-independence-payment",
        "adult-disability-payment",
    }


# --- Northern Ireland: rates --------------------------------------------------------------


def test_moving_house_in_northern_ireland_closes_and_opens_rate_accounts() -> None:
    design = national("moving-house", "northern-ireland")
    left, opened = design.step("close-rate-account"), design.step("open-rate-account")
    assert left.body == opened.body == "lps"
    assert left.service != opened.service
    assert "close-council-tax" not in step_ids(design)
    assert "close-rate-account" not in step_ids(national("moving-house", "england"))


def test_rate_relief_at_pension_age_in_northern_ireland() -> None:
    blueprint = load_bundled_blueprint("state-pension-age")
    relief = blueprint.for_nation("northern-ireland").step("rate-relief")
    assert relief.body == "dfc"  # its Northern Ireland Pension Centre
    assert blueprint.step("rate-relief").nations == {Nation.NORTHERN_IRELAND}


# --- moving to Scotland: the rule depends on the date -------------------------------------


def test_before_6_november_2025_dwp_passes_the_record() -> None:
    design = national("moving-to-scotland", "england", MOVE_RULE_CHANGED - timedelta(days=1))
    (record,) = design.handoffs
    assert (record.from_body, record.to_body) == ("dwp", "sss")
    assert "take-over-disability-award" in step_ids(design)
    assert "apply-adult-disability-payment" not in step_ids(design)


def test_since_6_november_2025_the_citizen_applies_within_windows() -> None:
    design = national("moving-to-scotland", "england", MOVE_RULE_CHANGED)
    assert design.handoffs == ()
    assert "take-over-disability-award" not in step_ids(design)
    weeks = lambda n: timedelta(weeks=n)  # noqa: E731
    assert design.step("pip-run-on").body == "dwp"
    assert design.step("pip-run-on").sla == Sla(weeks(13))
    assert design.step("apply-adult-disability-payment").sla == Sla(
        weeks(26), SlaEvent.JOURNEY_STARTED, SlaEvent.STEP_OPENED
    )
    assert design.step("complete-adult-disability-payment-application").sla == Sla(weeks(34))


def test_the_rule_dates_of_moving_to_scotland() -> None:
    assert load_bundled_blueprint("moving-to-scotland").rule_dates == (MOVE_RULE_CHANGED,)


def _moves(start: datetime) -> list[Journey]:
    return list(
        simulate(
            [load_bundled_blueprint("moving-to-scotland")],
            citizens=6,
            seed=3,
            nations={"england": 1},
            start=start,
            period=timedelta(days=20),
            failures=Failures.none(),
            behaviour=Behaviour(journeys_per_citizen=[1], optional_steps=1.0),
        )
    )


def test_the_simulator_uses_the_rule_in_force_on_the_journeys_date() -> None:
    before = _moves(datetime(2025, 10, 1, tzinfo=UTC))
    after = _moves(datetime(2025, 12, 1, tzinfo=UTC))
    services = lambda j: {  # noqa: E731
        e.service for e in j.pending_events if isinstance(e, Journey.CaseOpened)
    }
    for journey in before:
        assert "pip-record" in journey.handoffs
        assert "pip-run-on" not in services(journey)
    for journey in after:
        assert "pip-record" not in journey.handoffs
        assert {"pip-run-on", "adult-disability-payment-application"} <= services(journey)


def _late_application(start: datetime) -> Journey:
    """A move whose Adult Disability Payment application is made 27 weeks later."""
    journey = Journey.start(
        citizen="c", trigger="moving-house", nation="england", occurred_at=start
    )
    applied = start + timedelta(weeks=27)
    journey.open_case("sss", "adult-disability-payment", occurred_at=applied)
    journey.close_case("sss", "adult-disability-payment", occurred_at=applied + timedelta(days=1))
    journey.end(occurred_at=applied + timedelta(days=2))
    return journey


def test_conformance_uses_the_rule_in_force_on_the_journeys_date() -> None:
    blueprint = load_bundled_blueprint("moving-to-scotland")

    def findings(start: datetime, kind: str) -> set[str | None]:
        events = _late_application(start).collect_events()
        return {f.detail for f in analyse(events, blueprint=blueprint).of_kind(kind)}

    after = datetime(2025, 11, 10, tzinfo=UTC)
    before = datetime(2025, 10, 1, tzinfo=UTC)
    assert any("apply-adult-disability-payment" in (d or "") for d in findings(after, "sla_breach"))
    assert findings(before, "sla_breach") == set()
    # Before the change the award was taken over, not applied for: no application step.
    assert "moving-to-scotland: pip-run-on" in findings(after, "missing_step")
    assert "moving-to-scotland: pip-run-on" not in findings(before, "missing_step")


# --- smaller facts ---------------------------------------------------------------------------


def test_best_start_grant_can_be_claimed_from_24_weeks_of_pregnancy() -> None:
    grant = national("birth", "scotland").step("apply-best-start-grant")
    assert grant.body == "sss"
    assert "24 weeks of pregnancy" in grant.title
    assert "birth_registration" not in grant.needs  # it can be claimed before the birth


@pytest.mark.parametrize(
    ("nation", "body"), [("england", "dwp"), ("wales", "dwp"), ("northern-ireland", "dfc")]
)
def test_sure_start_maternity_grant(nation: str, body: str) -> None:
    assert national("birth", nation).step("apply-sure-start-maternity-grant").body == body


def test_scotland_has_the_best_start_grant_not_the_sure_start_maternity_grant() -> None:
    assert "apply-sure-start-maternity-grant" not in step_ids(national("birth", "scotland"))


def test_dvla_vehicle_records_are_uk_wide_but_ni_licences_are_the_dvas() -> None:
    assert uk_catalogue()["dvla"].nations == frozenset(Nation)
    ni = national("moving-house", "northern-ireland")
    assert ni.step("update-vehicle-log-book").body == "dvla"
    assert ni.step("update-driving-licence").body == "dva"
    assert national("bereavement", "northern-ireland").step("cancel-driving-licence").body == "dva"
    for nation in GB:
        assert national("moving-house", nation).step("update-driving-licence").body == "dvla"


def test_every_bundled_blueprint_is_a_blueprint_with_dates_only_where_the_law_changed() -> None:
    dated = {
        blueprint.id: blueprint.rule_dates
        for blueprint in bundled_blueprints().values()
        if isinstance(blueprint, Blueprint) and blueprint.rule_dates
    }
    assert dated == {
        "bereavement": (date(2024, 9, 9),),
        "moving-to-scotland": (MOVE_RULE_CHANGED,),
    }
