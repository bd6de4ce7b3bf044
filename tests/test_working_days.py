"""Working-day SLAs: per-nation bank holidays, weekends and the UK-local day boundary
(issue 16 part 4; the rule is on the Gaps page, "Working-day SLAs")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from eventsourcing.persistence import Tracking
from hypothesis import given
from hypothesis import strategies as st

from journeys import Journey, JourneyApp
from journeys.analysis import Analysis, GapProjection, GapTracker, analyse
from journeys.analysis.projection import design_key
from journeys.analysis.views.memory import POPOGapView
from journeys.blueprints import (
    Blueprint,
    DayCount,
    Sla,
    blueprint_from_toml,
    blueprint_to_toml,
)
from journeys.blueprints.working_days import (
    UK_TIME,
    is_working_day,
    local_date,
    nth_working_day_after,
)
from journeys.bodies import Nation
from journeys.data import uk_catalogue
from journeys.errors import BlueprintError
from journeys.simulation import simulate_into

REGISTRAR = {
    Nation.ENGLAND: "registrar:E06000023",
    Nation.WALES: "registrar:W06000015",
    Nation.SCOTLAND: "registrar:S12000036",
    Nation.NORTHERN_IRELAND: "registrar:N09000003",
}
REGISTRARS = ", ".join(f'{nation.value} = "{body}"' for nation, body in REGISTRAR.items())


def design(step_sla: str, handoff_sla: str = 'within = "P2D", days = "working"') -> str:
    """A blueprint in every nation: register at the registrar, hand off to HMRC."""
    return f"""
id = "working-days"
title = "Working-day SLAs"
trigger = "death"
nations = ["england", "wales", "scotland", "northern-ireland"]

[[stage]]
id = "register"
title = "Register"

[[stage.step]]
id = "register-death"
title = "Register the death"
service = "death-registration"
bodies = {{ {REGISTRARS} }}
{step_sla}

[[stage]]
id = "tell"
title = "Tell HMRC"

[[stage.step]]
id = "update-tax"
title = "Update tax"
service = "personal-tax"
style = "optional"
bodies = {{ england = "hmrc", wales = "hmrc", scotland = "hmrc", northern-ireland = "hmrc" }}

[[handoff]]
id = "to-hmrc"
from = "register-death"
to = "update-tax"
sla = {{ {handoff_sla} }}
"""


WORKING = design('sla = { within = "P3D", days = "working" }')
DESIGN = blueprint_from_toml(WORKING, source="working-days.toml")


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def registration(nation: Nation, died: datetime, registered: datetime) -> Journey:
    journey = Journey.start(citizen="cit-wd", trigger="death", nation=nation, occurred_at=died)
    registrar = REGISTRAR[nation]
    journey.open_case(registrar, "death-registration", occurred_at=died + timedelta(hours=1))
    journey.close_case(registrar, "death-registration", occurred_at=registered)
    journey.end(occurred_at=registered + timedelta(minutes=1))
    return journey


def breaches(journey: Journey, blueprint: Blueprint = DESIGN) -> list[str]:
    analysis = analyse(journey.collect_events(), blueprint=blueprint)
    return [finding.detail for finding in analysis.of_kind("sla_breach")]


# --- St Andrew's Day: England and Scotland ----------------------------------------------


@pytest.mark.parametrize(
    ("died", "registered", "england_late", "scotland_late"),
    [
        # St Andrew's Day 2026 is Monday 30 November. Three working days from Wednesday
        # 25th: England Thu 26, Fri 27, Mon 30; Scotland Thu 26, Fri 27, Tue 1 December.
        (at(date(2026, 11, 25), 14), at(date(2026, 12, 1), 11), True, False),
        (at(date(2026, 11, 25), 14), at(date(2026, 11, 30), 16), False, False),
        (at(date(2026, 11, 25), 14), at(date(2026, 12, 2), 9), True, True),
        # In 2025 it fell on Sunday 30 November: the substitute is Monday 1 December.
        (at(date(2025, 11, 26), 10), at(date(2025, 12, 2), 9), True, False),
        (at(date(2025, 11, 26), 10), at(date(2025, 12, 1), 17), False, False),
        (at(date(2025, 11, 26), 10), at(date(2025, 12, 3), 0, 1), True, True),
    ],
)
def test_st_andrews_day_moves_the_deadline_in_scotland_only(
    died: datetime, registered: datetime, england_late: bool, scotland_late: bool
) -> None:
    england = breaches(registration(Nation.ENGLAND, died, registered))
    scotland = breaches(registration(Nation.SCOTLAND, died, registered))
    assert bool(england) is england_late
    assert bool(scotland) is scotland_late
    # Wales keeps England's bank holidays here.
    assert bool(breaches(registration(Nation.WALES, died, registered))) is england_late


def test_the_substitute_day_comes_from_the_holiday_library() -> None:
    assert not is_working_day(date(2025, 12, 1), Nation.SCOTLAND)
    assert is_working_day(date(2025, 12, 1), Nation.ENGLAND)
    assert not is_working_day(date(2026, 11, 30), Nation.SCOTLAND)


# --- St Patrick's Day: England and Northern Ireland -------------------------------------


@pytest.mark.parametrize(
    ("died", "registered", "england_late", "ni_late"),
    [
        # St Patrick's Day 2026 is Tuesday 17 March. Two working days from Friday 13th:
        # England Mon 16, Tue 17; Northern Ireland Mon 16, Wed 18.
        (at(date(2026, 3, 13)), at(date(2026, 3, 18), 10), True, False),
        (at(date(2026, 3, 13)), at(date(2026, 3, 17), 23, 59), False, False),
        (at(date(2026, 3, 13)), at(date(2026, 3, 19), 0, 1), True, True),
        # In 2024 it fell on Sunday 17 March: the substitute is Monday 18 March.
        (at(date(2024, 3, 15)), at(date(2024, 3, 20), 10), True, False),
    ],
)
def test_st_patricks_day_moves_the_deadline_in_northern_ireland_only(
    died: datetime, registered: datetime, england_late: bool, ni_late: bool
) -> None:
    blueprint = blueprint_from_toml(design('sla = { within = "P2D", days = "working" }'))
    england = breaches(registration(Nation.ENGLAND, died, registered), blueprint)
    ni = breaches(registration(Nation.NORTHERN_IRELAND, died, registered), blueprint)
    assert bool(england) is england_late
    assert bool(ni) is ni_late


def test_a_finding_names_the_working_days() -> None:
    (detail,) = breaches(
        registration(Nation.ENGLAND, at(date(2026, 11, 25), 14), at(date(2026, 12, 1), 11))
    )
    assert detail == "working-days: register-death (SLA 3 working days)"


# --- weekends and the day boundary -------------------------------------------------------


def test_weekends_are_skipped_and_the_deadline_is_the_end_of_the_last_day() -> None:
    sla = Sla(timedelta(days=1), days="working")
    friday = at(date(2026, 6, 5), 16)  # BST: 17:00 local
    deadline = sla.deadline(friday, Nation.ENGLAND)
    # The end of Monday 8 June in London is 23:00 UTC.
    assert deadline == datetime(2026, 6, 8, 23, tzinfo=UTC)
    assert not sla.breached(friday, at(date(2026, 6, 7), 20), Nation.ENGLAND)  # Sunday
    assert not sla.breached(friday, deadline, Nation.ENGLAND)  # exactly at it: in time
    assert sla.breached(friday, deadline + timedelta(seconds=1), Nation.ENGLAND)
    # The calendar SLA of one day ran out on Saturday.
    assert Sla(timedelta(days=1)).breached(friday, at(date(2026, 6, 7), 20), Nation.ENGLAND)


def test_a_start_late_in_a_summer_evening_is_the_next_local_day() -> None:
    sla = Sla(timedelta(days=1), days="working")
    monday_night = datetime(2026, 7, 13, 23, 30, tzinfo=UTC)  # Tuesday 00:30 BST
    assert local_date(monday_night) == date(2026, 7, 14)
    deadline = sla.deadline(monday_night, Nation.ENGLAND)
    assert deadline == datetime(2026, 7, 15, 23, tzinfo=UTC)  # end of Wednesday, BST
    # Counted from the UTC date, Tuesday 14 would have been the working day.
    assert sla.breached(monday_night, datetime(2026, 7, 15, 23, 30, tzinfo=UTC), "england")
    assert not sla.breached(monday_night, datetime(2026, 7, 15, 22, 30, tzinfo=UTC), "england")
    # In winter 23:30 UTC is 23:30 GMT, the same day.
    assert local_date(datetime(2026, 1, 12, 23, 30, tzinfo=UTC)) == date(2026, 1, 12)


def test_the_journey_and_step_clocks_use_local_days_in_analysis() -> None:
    died = datetime(2026, 7, 13, 23, 30, tzinfo=UTC)  # Tuesday 00:30 BST
    # 3 working days after Tuesday 14 July: Wed 15, Thu 16, Fri 17 (end: 23:00 UTC).
    in_time = registration(Nation.ENGLAND, died, datetime(2026, 7, 17, 22, 59, tzinfo=UTC))
    late = registration(Nation.ENGLAND, died, datetime(2026, 7, 17, 23, 1, tzinfo=UTC))
    assert breaches(in_time) == []
    assert len(breaches(late)) == 1


# --- hand-offs: breach, and in flight or dropped at as_of --------------------------------


def handoff_journey(nation: Nation, sent: datetime, accepted: datetime | None) -> Journey:
    journey = Journey.start(citizen="cit-ho", trigger="death", nation=nation, occurred_at=sent)
    registrar = REGISTRAR[nation]
    journey.open_case(registrar, "death-registration", occurred_at=sent)
    journey.close_case(registrar, "death-registration", occurred_at=sent)
    journey.send_handoff("h1", from_body=registrar, to_body="hmrc", occurred_at=sent)
    if accepted is not None:
        journey.accept_handoff("h1", occurred_at=accepted)
        journey.open_case("hmrc", "personal-tax", occurred_at=accepted, via_handoff="h1")
        journey.close_case("hmrc", "personal-tax", occurred_at=accepted)
        journey.end(occurred_at=accepted)
    return journey


def test_a_working_day_handoff_sla_differs_around_st_patricks_day() -> None:
    sent, accepted = at(date(2026, 3, 13)), at(date(2026, 3, 18), 10)
    england = breaches(handoff_journey(Nation.ENGLAND, sent, accepted))
    ni = breaches(handoff_journey(Nation.NORTHERN_IRELAND, sent, accepted))
    assert england == ["working-days: to-hmrc (SLA 2 working days)"]
    assert ni == []


def test_an_unanswered_handoff_is_in_flight_until_the_working_day_deadline() -> None:
    sent, as_of = at(date(2026, 3, 13)), at(date(2026, 3, 18), 10)

    def dropped(nation: Nation) -> int:
        events = handoff_journey(nation, sent, None).collect_events()
        analysis = analyse(events, blueprint=DESIGN, as_of=as_of)
        return len(analysis.of_kind("dropped_handoff"))

    assert dropped(Nation.ENGLAND) == 1  # ran out at the end of Tuesday 17 March
    assert dropped(Nation.NORTHERN_IRELAND) == 0  # runs to the end of Wednesday 18 March


# --- batch and the tracked projection agree ----------------------------------------------


def around_holidays() -> list[Journey]:
    """Journeys in every nation whose deadlines fall across St Andrew's and St
    Patrick's Days, some finished and some still open."""
    population = []
    cases = [
        (at(date(2026, 11, 25), 14), at(date(2026, 12, 1), 11)),
        (at(date(2025, 11, 26), 10), at(date(2025, 12, 2), 9)),
        (at(date(2026, 3, 13)), at(date(2026, 3, 18), 10)),
        (datetime(2026, 7, 13, 23, 30, tzinfo=UTC), datetime(2026, 7, 17, 23, 1, tzinfo=UTC)),
    ]
    for nation in Nation:
        for died, registered in cases:
            population.append(registration(nation, died, registered))
            population.append(handoff_journey(nation, died, registered))
            population.append(handoff_journey(nation, died, None))
    return population


def projected(events: list[Journey.Event], as_of: datetime | None, chunk: int) -> Analysis:
    view = POPOGapView()
    projection = GapProjection(view, blueprints=[DESIGN])
    for start in range(0, len(events), chunk):
        projection.process_batch(
            [
                (event, Tracking("JourneyApp", start + offset + 1))
                for offset, event in enumerate(events[start : start + chunk])
            ]
        )
    return projection.analysis(catalogue=uk_catalogue(), as_of=as_of)


@pytest.mark.parametrize("as_of", [None, at(date(2026, 12, 10))])
def test_batch_and_projection_agree_on_working_day_slas(as_of: datetime | None) -> None:
    events = [event for journey in around_holidays() for event in journey.collect_events()]
    batch = analyse(events, catalogue=uk_catalogue(), as_of=as_of, blueprint=DESIGN)
    assert batch.counts()["sla_breach"] > 0
    for chunk in (1, 7, len(events)):
        assert projected(events, as_of, chunk) == batch


# --- the property ------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


@given(instants, st.integers(min_value=1, max_value=40), st.sampled_from(list(Nation)))
def test_a_working_day_deadline_is_never_earlier_and_closes_a_working_day(
    start: datetime, count: int, nation: Nation
) -> None:
    deadline = Sla(timedelta(days=count), days="working").deadline(start, nation)
    assert deadline >= Sla(timedelta(days=count)).deadline(start, nation)
    local = deadline.astimezone(UK_TIME)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    last_day = local.date() - timedelta(days=1)
    assert is_working_day(last_day, nation)
    assert last_day == nth_working_day_after(local_date(start), count, nation)
    days = (last_day - local_date(start)).days
    between = [local_date(start) + timedelta(days=n) for n in range(1, days + 1)]
    assert sum(is_working_day(day, nation) for day in between) == count


# --- the TOML syntax ---------------------------------------------------------------------


def test_days_is_read_per_nation_and_written_back() -> None:
    text = design(
        '[stage.step.sla]\nwithin = "P5D"\ndays = "working"\n\n'
        '[stage.step.sla.scotland]\nwithin = "P8D"\ndays = "calendar"\n',
        handoff_sla='within = "P28D"',
    )
    blueprint = blueprint_from_toml(text)
    step = blueprint.step("register-death")
    assert step.sla_for("england") == Sla(timedelta(days=5), days=DayCount.WORKING)
    assert step.sla_for("northern-ireland") == Sla(timedelta(days=5), days="working")
    assert step.sla_for("scotland") == Sla(timedelta(days=8))
    again = blueprint_from_toml(blueprint_to_toml(blueprint))
    assert again == blueprint
    assert blueprint_from_toml(blueprint_to_toml(DESIGN)) == DESIGN
    # A view built with calendar days is not mistaken for one with working days.
    calendar = blueprint_from_toml(design('sla = { within = "P3D" }', 'within = "P2D"'))
    assert design_key([calendar]) != design_key([DESIGN])


@pytest.mark.parametrize(
    ("sla", "message"),
    [
        ('sla = { within = "P3D", days = "business" }', "'days' must be one of: calendar, working"),
        ('sla = { within = "PT36H", days = "working" }', "must be whole days, got 'P1DT12H'"),
        ('sla = { within = "P1W", days = "working" }', "in days ('P10D'), not weeks"),
        ('sla = { within = "P3D", days = 5 }', "'days' must be one of"),
    ],
)
def test_a_bad_day_count_is_a_blueprint_error_with_its_line(sla: str, message: str) -> None:
    text = design(sla)
    with pytest.raises(BlueprintError, match=re.escape(message)) as raised:
        blueprint_from_toml(text, source="bad.toml")
    assert raised.value.source == "bad.toml"
    step_line = text.splitlines().index("[[stage.step]]", 0) + 1
    assert raised.value.line == step_line
    assert "bad.toml" in str(raised.value)


def test_a_working_day_sla_needs_dates_not_an_elapsed_time() -> None:
    with pytest.raises(ValueError, match=r"use Sla.breached\(\)"):
        Sla(timedelta(days=3), days="working").breached_by(timedelta(days=4))


def test_a_simulated_population_is_judged_alike_by_batch_and_the_tracker() -> None:
    app = JourneyApp.in_memory()
    simulate_into(app, [DESIGN], citizens=60, seed=16)
    tracker = GapTracker(app, blueprint=DESIGN, page_size=53)
    tracker.catch_up()
    batch = analyse(app, blueprint=DESIGN)
    assert tracker.analysis() == batch
    tracker.close()
    breached = {finding.detail for finding in batch.of_kind("sla_breach")}
    assert breached  # the comparison covers working-day findings
    assert all("working days" in detail for detail in breached)
