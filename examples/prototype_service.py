"""A service team's prototype records journey events as it runs, and checks its gaps.

``ReportADeath`` stands for a prototype of a "report a death" service: each of
its methods is what a screen or a back-office job does, and each records what
happened in a :class:`~journeys.JourneyApp`. ``check_gaps`` is the check the
team runs in CI: the journeys the prototype produces may not drop or refuse a
hand-off, and may not ask a family again for a fact they already gave.

Version 1 sends the registrar's Tell Us Once hand-off without the National
Insurance number, so DWP asks the family for it again: the check catches it.
Version 2 carries it in the hand-off, and the check passes.

Run:  python examples/prototype_service.py
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from journeys import Analysis, JourneyApp, analyse

REGISTRAR = "registrar:E06000023"  # Bristol Register Office
DWP = "dwp"


class ReportADeath:
    """The prototype service, recording each thing it does as a journey event."""

    def __init__(self, app: JourneyApp, *, share_ni_number: bool) -> None:
        self.app = app
        self.share_ni_number = share_ni_number

    def register_death(self, informant: str, at: datetime) -> UUID:
        """The informant registers the death and gives the registrar the facts."""
        journey = self.app.start_journey(
            citizen=informant, trigger="death", nation="england", occurred_at=at
        )
        self.app.open_case(journey, REGISTRAR, "death-registration", occurred_at=at)
        self.app.provide_information(
            journey,
            REGISTRAR,
            ["date_of_death", "deceased_details", "national_insurance_number"],
            occurred_at=at,
        )
        return journey

    def tell_us_once(self, journey: UUID, at: datetime) -> None:
        """The registrar passes the family to Tell Us Once, run by DWP."""
        items = ["date_of_death", "deceased_details"]
        if self.share_ni_number:
            items.append("national_insurance_number")
        self.app.send_handoff(
            journey, "tell-us-once", from_body=REGISTRAR, to_body=DWP, items=items, occurred_at=at
        )

    def dwp_takes_it_on(self, journey: UUID, at: datetime) -> None:
        """DWP accepts the hand-off, opens its case and asks for what it needs."""
        self.app.accept_handoff(journey, "tell-us-once", occurred_at=at)
        self.app.open_case(journey, DWP, "tell-us-once", occurred_at=at, via_handoff="tell-us-once")
        self.app.close_case(journey, REGISTRAR, "death-registration", occurred_at=at)
        self.app.request_information(
            journey, DWP, ["national_insurance_number", "benefits_received"], occurred_at=at
        )

    def finish(self, journey: UUID, at: datetime) -> None:
        self.app.close_case(journey, DWP, "tell-us-once", occurred_at=at)
        self.app.end_journey(journey, occurred_at=at)


def run_prototype(*, share_ni_number: bool) -> Analysis:
    """Put three families through the prototype and analyse their journeys."""
    app = JourneyApp.in_memory()
    service = ReportADeath(app, share_ni_number=share_ni_number)
    start = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    for family in range(3):
        at = start + timedelta(days=family)
        journey = service.register_death(f"informant-{family}", at)
        service.tell_us_once(journey, at + timedelta(hours=1))
        service.dwp_takes_it_on(journey, at + timedelta(days=2))
        service.finish(journey, at + timedelta(days=9))
    return analyse(app)


def check_gaps(analysis: Analysis) -> list[str]:
    """What the team's CI asserts about the prototype's journeys; returns the failures."""
    failures = []
    for kind in ("dropped_handoff", "rejected_handoff", "reask"):
        for finding in analysis.of_kind(kind):
            items = f" ({', '.join(finding.items)})" if finding.items else ""
            failures.append(f"{kind}: {finding.from_body} -> {finding.to_body}{items}")
    return failures


def main() -> None:
    for version, share in ((1, False), (2, True)):
        failures = check_gaps(run_prototype(share_ni_number=share))
        print(f"Prototype version {version}: {'FAIL' if failures else 'pass'}")
        for failure in failures:
            print(f"  {failure}")
    # In the team's test suite this is the assertion that keeps version 2 honest.
    assert check_gaps(run_prototype(share_ni_number=True)) == []


if __name__ == "__main__":
    main()
