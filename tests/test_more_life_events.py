"""More of a life (issue 16 part 3): the further bundled life events, per nation.

Each new blueprint loads, checks against the bundled catalogue, resolves in each of
its nations with the bodies and hand-offs the public sources describe (read from the
bundled data, as tests/test_bundled_facts.py does), and simulates a few citizens in
each nation whose journeys analyse against it without error.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from journeys import Journey, simulate, uk_catalogue
from journeys.analysis import analyse
from journeys.blueprints import NationalBlueprint, bundled_blueprints, load_bundled_blueprint
from journeys.bodies import Nation
from journeys.simulation import Behaviour

UK = ("england", "wales", "scotland", "northern-ireland")
GB = ("england", "wales", "scotland")
NEW = {
    # blueprint id: its trigger (the Started.trigger a life simulator sequences)
    "pregnancy": "pregnancy",
    "death-reported-to-coroner": "death-reported-to-coroner",
    "job-loss": "job-loss",
    "becoming-a-carer": "becoming-a-carer",
    "care-home": "care-home",
    "send-school-start": "send-school-start",
    "camhs-to-adult": "camhs-to-adult",
}
ON = date(2025, 6, 2)


def national(name: str, nation: str, on: date | None = None) -> NationalBlueprint:
    return load_bundled_blueprint(name).for_nation(nation, on)


def ids(design: NationalBlueprint) -> list[str]:
    return [step.id for step in design.steps]


def handoffs(design: NationalBlueprint) -> dict[str, tuple[str, str]]:
    return {h.id: (h.from_body, h.to_body) for h in design.handoffs}


# --- every new blueprint: loads, checks, resolves, simulates and analyses ------------------


def test_the_new_life_events_are_bundled_with_their_triggers() -> None:
    bundled = bundled_blueprints()
    for name, trigger in NEW.items():
        assert bundled[name].trigger == trigger
        assert set(bundled[name].nations) == set(Nation), name


@pytest.mark.parametrize("nation", UK)
@pytest.mark.parametrize("name", sorted(NEW))
def test_each_new_blueprint_resolves_against_the_catalogue(name: str, nation: str) -> None:
    catalogue = uk_catalogue()
    design = national(name, nation, ON)
    assert design.steps
    for step in design.steps:
        assert step.sources, (name, step.id)
        assert step.cross_border or catalogue[step.body].serves(Nation(nation)), step.id
    for handoff in design.handoffs:
        assert handoff.from_body != handoff.to_body
        assert handoff.from_body in catalogue
        assert handoff.to_body in catalogue


@pytest.mark.parametrize("nation", UK)
@pytest.mark.parametrize("name", sorted(NEW))
def test_each_new_blueprint_simulates_and_analyses(name: str, nation: str) -> None:
    blueprint = load_bundled_blueprint(name)
    journeys = list(
        simulate(
            [blueprint],
            citizens=6,
            seed=5,
            nations={nation: 1},
            start=datetime(2025, 1, 6, tzinfo=UTC),
            period=timedelta(days=120),
            behaviour=Behaviour(journeys_per_citizen=[1]),
            catalogue=uk_catalogue(),
        )
    )
    assert len(journeys) == 6
    assert all(j.is_ended and j.nation == Nation(nation) for j in journeys)
    events = [event for journey in journeys for event in journey.collect_events()]
    analysis = analyse(events, blueprint=blueprint, catalogue=uk_catalogue())
    kinds = Counter(finding.kind for finding in analysis.findings)
    assert sum(kinds.values()) == len(analysis.findings)
    # The journeys were resolved for this nation: every body they opened serves it.
    design = blueprint.for_nation(nation)
    bodies = {step.body for step in design.steps}
    opened = {e.body for e in events if type(e).__name__ == "CaseOpened"}
    assert opened <= bodies, opened - bodies


# --- pregnancy and maternity ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "midwife", "allowance"),
    [
        ("england", "nhs:RVJ", "dwp"),
        ("wales", "healthboard:W11000029", "dwp"),
        ("scotland", "healthboard:S08000024", "dwp"),
        ("northern-ireland", "hsc-trust:belfast", "dfc"),
    ],
)
def test_pregnancy_the_matb1_is_carried_by_the_mother(
    nation: str, midwife: str, allowance: str
) -> None:
    design = national("pregnancy", nation)
    assert design.step("maternity-certificate").body == midwife
    claim = design.step("claim-maternity-allowance")
    assert claim.body == allowance
    assert "maternity_certificate" in claim.needs
    # No body passes the MATB1 on: no hand-off reaches the Maternity Allowance claim.
    assert not [h for h in design.handoffs if h.to_step == claim.id]


def test_pregnancy_free_prescriptions_need_a_certificate_only_in_england() -> None:
    england = national("pregnancy", "england")
    assert england.step("maternity-exemption-certificate").body == "nhsbsa"
    assert handoffs(england) == {"maternity-exemption-application": ("nhs:RVJ", "nhsbsa")}
    for nation in ("wales", "scotland", "northern-ireland"):
        assert "maternity-exemption-certificate" not in ids(national("pregnancy", nation))


def test_pregnancy_grants_and_food_help_differ_in_scotland() -> None:
    scotland = national("pregnancy", "scotland")
    assert scotland.step("apply-best-start-grant").body == "sss"
    assert scotland.step("healthy-start").body == "sss"  # Best Start Foods
    assert "apply-sure-start-maternity-grant" not in ids(scotland)
    for nation, body in (("england", "dwp"), ("wales", "dwp"), ("northern-ireland", "dfc")):
        design = national("pregnancy", nation)
        assert design.step("apply-sure-start-maternity-grant").body == body
        assert design.step("healthy-start").body == "nhsbsa"


# --- a death reported to the coroner or the procurator fiscal ------------------------------


@pytest.mark.parametrize(
    ("nation", "investigator", "registrar"),
    [
        ("england", "coroner:avon", "registrar:E06000023"),
        ("wales", "coroner:south-wales-central", "registrar:W06000015"),
    ],
)
def test_in_england_and_wales_the_coroner_sends_the_registrar_the_certificate(
    nation: str, investigator: str, registrar: str
) -> None:
    design = national("death-reported-to-coroner", nation)
    assert design.step("investigate-death").body == investigator
    assert design.step("inquest").body == investigator
    found = handoffs(design)
    assert found["referral"][1] == investigator
    assert found["coroner-to-registrar"] == (investigator, registrar)
    assert found["tell-us-once-reference"] == (registrar, "dwp")
    assert "fatal-accident-inquiry" not in ids(design)


def test_in_scotland_the_procurator_fiscal_investigates_and_a_doctor_certifies() -> None:
    design = national("death-reported-to-coroner", "scotland")
    assert design.step("investigate-death").body == "copfs"
    assert design.step("fatal-accident-inquiry").body == "scts"
    assert "inquest" not in ids(design)
    found = handoffs(design)
    assert found["referral"] == ("healthboard:S08000024", "copfs")
    assert found["fai-application"] == ("copfs", "scts")
    assert found["fiscal-release"] == ("copfs", "healthboard:S08000024")
    assert found["medical-certificate"] == ("healthboard:S08000024", "registrar:S12000036")
    assert "coroner-to-registrar" not in found


def test_in_northern_ireland_the_coroners_service_and_no_tell_us_once() -> None:
    design = national("death-reported-to-coroner", "northern-ireland")
    assert design.step("investigate-death").body == "coroners-service-ni"
    assert design.step("bereavement-service").body == "dfc"
    assert "tell-us-once" not in ids(design)
    # The family carries the coroner's word to the registrar: only the referral is a hand-off.
    assert handoffs(design) == {"referral": ("hsc-trust:belfast", "coroners-service-ni")}
    assert uk_catalogue()["coroners-service-ni"].nations == {Nation.NORTHERN_IRELAND}
    assert uk_catalogue()["copfs"].nations == {Nation.SCOTLAND}


# --- losing a job or a low income -------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "council"),
    [
        ("england", "council:E06000023"),
        ("wales", "council:W06000015"),
        ("scotland", "council:S12000036"),
    ],
)
def test_job_loss_in_great_britain_the_uc_award_feeds_council_tax_reduction(
    nation: str, council: str
) -> None:
    design = national("job-loss", nation)
    assert design.step("claim-universal-credit").body == "dwp"
    assert design.step("council-tax-reduction").body == council
    found = handoffs(design)
    assert found["uc-ctr-data-feed"] == ("dwp", council)
    assert found["rti-earnings"] == ("hmrc", "dwp")
    assert "rate-rebate" not in ids(design)
    assert design.step("child-maintenance-change").body == "cms"


def test_job_loss_in_northern_ireland_dfc_pays_uc_and_the_citizen_carries_it_to_lps() -> None:
    design = national("job-loss", "northern-ireland")
    assert design.step("claim-universal-credit").body == "dfc"
    assert design.step("new-style-jsa").body == "dfc"
    rebate = design.step("rate-rebate")
    assert rebate.body == "lps"
    assert "universal_credit_award" in rebate.needs
    assert "council-tax-reduction" not in ids(design)
    assert design.handoffs == ()  # no data feed: the citizen carries the award
    assert "cms" not in {step.body for step in design.steps}


def test_job_loss_scottish_child_payment_only_in_scotland() -> None:
    assert national("job-loss", "scotland").step("scottish-child-payment").body == "sss"
    for nation in ("england", "wales", "northern-ireland"):
        assert "scottish-child-payment" not in ids(national("job-loss", nation))


# --- becoming a carer ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "assessor", "benefit"),
    [
        ("england", "adult-social-care:E06000023", "dwp"),
        ("wales", "adult-social-care:W06000015", "dwp"),
        ("scotland", "hscp:S37000012", "sss"),  # Carer Support Payment
        ("northern-ireland", "hsc-trust:belfast", "dfc"),
    ],
)
def test_becoming_a_carer_assessment_and_benefit_by_nation(
    nation: str, assessor: str, benefit: str
) -> None:
    design = national("becoming-a-carer", nation)
    assert design.step("carers-assessment").body == assessor
    claim = design.step("carer-benefit")
    assert claim.body == benefit
    # The carer brings the cared-for person's award: no body passes it on.
    assert "cared_for_disability_award" in claim.needs
    assert design.handoffs == ()


def test_carer_support_payment_is_named_for_scotland() -> None:
    blueprint = load_bundled_blueprint("becoming-a-carer")
    urls = {source.url for source in blueprint.step("carer-benefit").sources}
    assert "https://www.mygov.scot/carer-support-payment" in urls


# --- moving into a care home ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "council", "nhs"),
    [
        ("england", "adult-social-care:E06000023", "nhs:QUY"),  # the integrated care board
        ("wales", "adult-social-care:W06000015", "healthboard:W11000029"),
    ],
)
def test_care_home_continuing_healthcare_referral_in_england_and_wales(
    nation: str, council: str, nhs: str
) -> None:
    design = national("care-home", nation)
    assert design.step("nhs-continuing-healthcare").body == nhs
    assert design.step("financial-assessment").body == council
    assert handoffs(design) == {"continuing-healthcare-referral": (council, nhs)}
    assert "free-personal-and-nursing-care" not in ids(design)


def test_care_home_scotland_free_personal_care_and_no_continuing_healthcare() -> None:
    design = national("care-home", "scotland")
    assert design.step("free-personal-and-nursing-care").body == "hscp:S37000012"
    assert "nhs-continuing-healthcare" not in ids(design)
    assert design.step("report-care-home-to-disability-benefit").body == "sss"
    assert design.handoffs == ()


def test_care_home_northern_ireland_the_trust_does_it_all() -> None:
    design = national("care-home", "northern-ireland")
    trust = {"hsc-trust:belfast"}
    local = {s.body for s in design.steps if s.id != "report-care-home-to-disability-benefit"}
    assert local == trust
    assert "nhs-continuing-healthcare" not in ids(design)
    assert design.step("report-care-home-to-disability-benefit").body == "dfc"
    assert design.handoffs == ()


# --- starting school with special educational needs ----------------------------------------

SEND = {
    # nation: (education body, NHS body, the plan step)
    "england": ("childrens-services:E06000023", "nhs:QUY", "ehc-plan"),
    "wales": ("council:W06000015", "healthboard:W11000029", "individual-development-plan"),
    "scotland": ("council:S12000036", "healthboard:S08000024", "coordinated-support-plan"),
    "northern-ireland": ("ea-ni", "hsc-trust:belfast", "statement-of-sen"),
}


@pytest.mark.parametrize("nation", UK)
def test_send_the_education_body_asks_the_nhs_and_the_advice_comes_back(nation: str) -> None:
    education, nhs, plan = SEND[nation]
    design = national("send-school-start", nation)
    assert design.step("request-assessment").body == education
    assert design.step("health-advice").body == nhs
    assert design.step(plan).body == education
    plans = {"ehc-plan", "individual-development-plan", "coordinated-support-plan"}
    assert not (plans | {"statement-of-sen"}) - {plan} & set(ids(design))
    found = handoffs(design)
    assert found["request-for-health-advice"] == (education, nhs)
    (back,) = [h for h in design.handoffs if h.to_step == plan]
    assert (back.from_body, back.to_body) == (nhs, education)


def test_send_an_ehc_plan_within_20_weeks_in_england() -> None:
    sla = national("send-school-start", "england").step("ehc-plan").sla
    assert sla is not None
    assert sla.within == timedelta(weeks=20)
    assert national("send-school-start", "wales").step("individual-development-plan").sla is None


# --- children's to adult mental health services --------------------------------------------


def test_camhs_to_adult_crosses_between_two_trusts_in_england() -> None:
    design = national("camhs-to-adult", "england")
    assert design.step("camhs-transition-planning").body == "nhs:R0A"
    assert design.step("adult-mental-health-assessment").body == "nhs:RXV"
    assert handoffs(design) == {"adult-mental-health-referral": ("nhs:R0A", "nhs:RXV")}
    assert uk_catalogue()["nhs:RXV"].ods == "RXV"


@pytest.mark.parametrize(
    ("nation", "body"),
    [
        ("wales", "healthboard:W11000029"),
        ("scotland", "healthboard:S08000024"),
        ("northern-ireland", "hsc-trust:belfast"),
    ],
)
def test_camhs_to_adult_stays_in_one_body_elsewhere(nation: str, body: str) -> None:
    design = national("camhs-to-adult", nation)
    assert {step.body for step in design.steps} == {body}
    assert design.handoffs == ()


# --- the bodies they need --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body_id", "nations"),
    [
        ("coroner:avon", {"england"}),
        ("coroner:south-wales-central", {"wales"}),
        ("coroners-service-ni", {"northern-ireland"}),
        ("copfs", {"scotland"}),
        ("cms", {"england", "wales", "scotland"}),
        ("nhsbsa", {"england", "wales", "northern-ireland"}),
        ("nhs:RXV", {"england"}),
        ("ero:E06000023", {"england"}),
        ("ero:W06000015", {"wales"}),
        ("ero:lothian", {"scotland"}),  # a valuation joint board's assessor, not the council
        ("eoni", {"northern-ireland"}),  # one electoral office for Northern Ireland
    ],
)
def test_the_new_bodies_serve_their_nations_and_cite_sources(
    body_id: str, nations: set[str]
) -> None:
    body = uk_catalogue()[body_id]
    assert body.nations == {Nation(n) for n in nations}
    assert body.sources
    prefix, _, code = body_id.partition(":")
    if prefix == "ero" and code[0] in "EW":
        assert body.gss == code
    if prefix == "nhs":
        assert body.ods == code


# --- the gap these designs show: where no body passes a fact on, the citizen carries it ------


def _claim(nation: str, council: str, *, feed: bool) -> Journey:
    """Universal Credit, then help with Council Tax (rates in Northern Ireland)."""
    start = datetime(2025, 3, 3, 9, tzinfo=UTC)
    day = lambda n: start + timedelta(days=n)  # noqa: E731
    uc = "dfc" if nation == "northern-ireland" else "dwp"
    journey = Journey.start(citizen="c", trigger="job-loss", nation=nation, occurred_at=start)
    journey.open_case(uc, "universal-credit", occurred_at=day(1))
    journey.provide_information(uc, ["national_insurance_number", "address"], occurred_at=day(1))
    journey.close_case(uc, "universal-credit", occurred_at=day(35))
    via = None
    if feed:
        journey.send_handoff(
            "uc-ctr-data-feed", from_body=uc, to_body=council,
            items=["national_insurance_number", "address"], occurred_at=day(35),
        )  # fmt: skip
        journey.accept_handoff("uc-ctr-data-feed", occurred_at=day(36))
        via = "uc-ctr-data-feed"
    service = "rate-rebate" if nation == "northern-ireland" else "council-tax-reduction"
    journey.open_case(council, service, occurred_at=day(40), via_handoff=via)
    journey.request_information(
        council, ["national_insurance_number", "address"], occurred_at=day(40)
    )
    journey.close_case(council, service, occurred_at=day(50))
    journey.end(occurred_at=day(51))
    return journey


def test_northern_ireland_rate_rebate_asks_again_what_dfc_was_told() -> None:
    blueprint = load_bundled_blueprint("job-loss")
    ni = analyse(
        _claim("northern-ireland", "lps", feed=False).collect_events(), blueprint=blueprint
    )
    (reask,) = ni.of_kind("reask")
    assert (reask.from_body, reask.to_body) == ("dfc", "lps")
    (cold,) = ni.of_kind("cold_transfer")
    assert (cold.from_body, cold.to_body) == ("dfc", "lps")
    # In England the data feed carries the facts to the council: no re-ask, no cold transfer.
    events = _claim("england", "council:E06000023", feed=True).collect_events()
    england = analyse(events, blueprint=blueprint)
    assert not england.of_kind("reask")
    assert not england.of_kind("cold_transfer")
