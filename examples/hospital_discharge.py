"""Leaving hospital with care needs: the referral from the NHS to adult social care.

First one patient's story in Bristol, recorded event by event: the hospital's
referral to the council's adult social care goes unanswered and has to be sent
again, and the hospital stops holding the patient before social care takes them
on. Then about 200 simulated patients in each nation, comparing the referral across
the boundary between health and social care (in Northern Ireland one HSC Trust
runs both, so there is no boundary to cross).

Run:  python examples/hospital_discharge.py
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from statistics import median

from journeys import Journey, analyse, simulate, uk_catalogue
from journeys.blueprints import load_bundled_blueprint
from journeys.render import human_duration
from journeys.simulation import Behaviour

HOSPITAL = "nhs:RVJ"  # North Bristol NHS Trust
SOCIAL_CARE = "adult-social-care:E06000023"  # Bristol City Council adult social care


def one_patient() -> Journey:
    """Mrs B's discharge, as the hospital's and the council's systems would record it."""
    admitted = datetime(2025, 1, 6, 10, 0, tzinfo=UTC)

    def day(n: float) -> datetime:
        return admitted + timedelta(days=n)

    journey = Journey.start(
        citizen="patient-0193", trigger="hospital-discharge", nation="england", occurred_at=admitted
    )
    journey.open_case(HOSPITAL, "inpatient-care", occurred_at=day(0))
    journey.send_handoff(
        "discharge-referral",
        from_body=HOSPITAL,
        to_body=SOCIAL_CARE,
        items=["clinical_summary", "care_needs"],
        occurred_at=day(4),
    )
    # Nobody at the council picks the referral up; the ward sends it again a week later.
    journey.send_handoff(
        "discharge-referral-2",
        from_body=HOSPITAL,
        to_body=SOCIAL_CARE,
        items=["clinical_summary", "care_needs"],
        occurred_at=day(11),
    )
    journey.close_case(HOSPITAL, "inpatient-care", occurred_at=day(12))
    journey.accept_handoff("discharge-referral-2", occurred_at=day(15))
    journey.open_case(
        SOCIAL_CARE,
        "care-needs-assessment",
        occurred_at=day(15),
        via_handoff="discharge-referral-2",
    )
    journey.request_information(SOCIAL_CARE, ["address", "next_of_kin"], occurred_at=day(15))
    journey.provide_information(SOCIAL_CARE, ["address", "next_of_kin"], occurred_at=day(16))
    journey.close_case(SOCIAL_CARE, "care-needs-assessment", occurred_at=day(20))
    journey.end(occurred_at=day(20))
    return journey


def tell_the_story() -> None:
    catalogue = uk_catalogue()
    journey = one_patient()
    analysis = analyse(journey.collect_events(), catalogue=catalogue)
    print("One patient (Bristol):")
    for finding in analysis.findings:
        sides = " -> ".join(
            catalogue[b].name if b else "nobody" for b in (finding.from_body, finding.to_body)
        )
        what = finding.kind.value.replace("_", " ")
        print(f"  {what:<16} {human_duration(finding.duration_seconds):>9}  {sides}")


def compare_nations() -> None:
    """Simulate 800 patients spread evenly over the nations and compare them."""
    blueprint = load_bundled_blueprint("hospital-discharge")
    by_nation: dict[str, list[Journey]] = defaultdict(list)
    for journey in simulate(
        [blueprint],
        citizens=800,
        seed=7,
        nations={"england": 1, "wales": 1, "scotland": 1, "northern-ireland": 1},
        behaviour=Behaviour(journeys_per_citizen=[1]),
    ):
        by_nation[journey.nation.value].append(journey)
    print("\nAbout 200 patients in each nation: the referral from hospital to social care")
    print(f"  {'nation':<18}{'patients':>9}{'referrals':>10}{'median wait':>13}", end="")
    print(f"{'unanswered':>12}{'refused':>9}")
    for nation in ("england", "wales", "scotland", "northern-ireland"):
        patients = by_nation[nation]
        analysis = analyse(event for journey in patients for event in journey.collect_events())
        waits = [f.duration_seconds for f in analysis.of_kind("handoff_latency")]
        wait = human_duration(median(waits)) if waits else "-"
        print(
            f"  {nation:<18}{len(patients):>9}{len(waits):>10}{wait:>13}"
            f"{len(analysis.of_kind('dropped_handoff')):>12}"
            f"{len(analysis.of_kind('rejected_handoff')):>9}"
        )
    print("  (Northern Ireland: the HSC Trust runs the hospital and social work, so no hand-off)")


if __name__ == "__main__":
    tell_the_story()
    compare_nations()
