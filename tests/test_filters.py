"""``analyse(..., where=JourneyFilter(...))``: the same analysis as of only the kept journeys.

Which journeys a filter keeps is worked out here independently: starts, bodies
and outcomes from ``journey_rows`` (the listing's own reading of the store), kinds
of finding and boundaries from one unfiltered analysis.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import JourneyApp, Nation
from journeys.analysis import Analysis, FindingKind, analyse
from journeys.analysis.filters import JourneyFilter
from journeys.analysis.journey_list import JourneyRow, journey_rows
from journeys.blueprints import bundled_blueprints
from journeys.cli import main
from journeys.cli.filter_options import filter_from_options
from journeys.errors import JourneysError
from journeys.journey import Journey
from journeys.simulation import simulate_into
from journeys.testing import catalogues
from journeys.voice import BodyFeedbackRecord
from tests.helpers import drawn_journeys

START = datetime(2024, 1, 1, tzinfo=UTC)
TIER_PAIRS = [
    f"{a}->{b}"
    for a in ("none", "central", "devolved", "local")
    for b in ("none", "central", "devolved", "local")
]


@st.composite
def populations(draw: st.DrawFn) -> tuple[JourneyApp, list[Journey.Event]]:
    catalogue = draw(catalogues(min_size=3, max_size=6))
    drawn = drawn_journeys(draw, catalogue, min_size=1, max_size=6)
    app = JourneyApp.in_memory(catalogue=catalogue)
    app.save(*drawn)
    return app, [event for _, event in app.read_events()]


def _some(draw: st.DrawFn, values: list[str]) -> list[str] | None:
    if not values or draw(st.booleans()):
        return None
    return draw(st.lists(st.sampled_from(sorted(set(values))), min_size=1, max_size=2))


@st.composite
def filters(draw: st.DrawFn, rows: list[JourneyRow]) -> JourneyFilter:
    """A filter whose words (each present or not) draw on what the population holds."""
    since = until = None
    if draw(st.booleans()):
        moments = sorted({row.started_at for row in rows})
        since = draw(st.sampled_from(moments))
        until = since + timedelta(days=draw(st.integers(1, 200)))
    return JourneyFilter(
        nation=_some(draw, [n.value for n in Nation]),
        trigger=_some(draw, [row.trigger for row in rows]),
        since=since,
        until=until,
        body=_some(draw, [body for row in rows for body in row.bodies]),
        outcome=_some(draw, [row.outcome for row in rows if row.outcome]),
        boundary=_some(draw, TIER_PAIRS),
        crosses_nation=draw(st.none() | st.booleans()),
        gap=_some(draw, [kind.value for kind in FindingKind]),
    )


def kept_independently(
    where: JourneyFilter, rows: list[JourneyRow], everything: Analysis
) -> set[UUID]:
    kept = set()
    for row in rows:
        found = [f for f in everything.findings if f.journey == row.id]
        pairs = {f.boundary.tier_pair for f in found if f.boundary is not None}
        crossing = any(f.boundary is not None and f.boundary.crosses_nation for f in found)
        if (
            (where.nation is None or row.nation in where.nation)
            and (where.trigger is None or row.trigger in where.trigger)
            and (where.since is None or row.started_at >= where.since)
            and (where.until is None or row.started_at < where.until)
            and (where.body is None or set(row.bodies) & where.body)
            and (where.outcome is None or row.outcome in where.outcome)
            and (where.boundary is None or pairs & where.boundary)
            and (where.crosses_nation is None or crossing == where.crosses_nation)
            and (where.gap is None or {f.kind for f in found} & where.gap)
        ):
            kept.add(row.id)
    return kept


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_filtered_analysis_is_the_analysis_of_only_the_kept_journeys(
    data: st.DataObject,
) -> None:
    app, events = data.draw(populations())
    as_of = max(e.occurred_at for e in events) + timedelta(days=30)
    rows = journey_rows(app, as_of=as_of)
    where = data.draw(filters(rows))
    everything = analyse(app, as_of=as_of)
    kept = kept_independently(where, rows, everything)

    expected = analyse(
        [e for e in events if e.originator_id in kept], catalogue=app.catalogue, as_of=as_of
    )
    from_store = analyse(app, as_of=as_of, where=where)
    from_events = analyse(iter(events), catalogue=app.catalogue, as_of=as_of, where=where)

    assert from_store.findings == expected.findings
    assert from_store == expected
    assert from_events == expected
    assert from_store.journeys_started == len(kept)
    assert from_store.filtered_by == where.describe()
    assert expected.filtered_by is None


def test_on_a_simulated_population_scotland_deaths_are_only_those_journeys() -> None:
    app = JourneyApp.in_memory()
    simulate_into(
        app, bundled_blueprints(), citizens=120, seed=3, nations={"scotland": 0.6, "england": 0.4}
    )
    where = JourneyFilter(nation="scotland", trigger="death")
    chosen = {
        row.id
        for row in journey_rows(app)
        if row.nation is Nation.SCOTLAND and row.trigger == "death"
    }
    assert chosen, "the population should hold Scottish deaths"
    assert len(chosen) < len(list(app.journey_ids()))
    only = [e for _, e in app.read_events() if e.originator_id in chosen]
    filtered = analyse(app, where=where)
    assert filtered == analyse(only, catalogue=app.catalogue)
    assert filtered.findings
    assert filtered.journeys_started == len(chosen)
    assert filtered.filtered_by == "journeys in Scotland, started by death"


def test_describe_says_every_word_in_plain_words() -> None:
    where = JourneyFilter(
        nation=["wales", "Northern Ireland"],
        trigger="birth",
        since=datetime(2025, 1, 1, tzinfo=UTC),
        until=datetime(2025, 4, 1, tzinfo=UTC),
        body="hmrc",
        outcome="completed",
        boundary="central -> local",
        crosses_nation=True,
        gap=["dropped-handoff", "reask"],
    )
    assert where.describe() == (
        "journeys in Northern Ireland or Wales, started by birth, started from 2025-01-01 "
        "to before 2025-04-01, that touched hmrc, that ended completed, that crossed "
        "central->local, that crossed a nation border, that met a dropped hand-off or a "
        "re-ask"
    )
    assert JourneyFilter().describe() == "all journeys"
    assert JourneyFilter().is_everything
    assert not where.is_everything


@pytest.mark.parametrize(
    ("words", "named"),
    [
        ({"nation": "atlantis"}, "atlantis"),
        ({"gap": "paperwork"}, "paperwork"),
        ({"boundary": "central"}, "central"),
        ({"boundary": "moon->local"}, "moon"),
        ({"trigger": " "}, "trigger"),
        ({"body": 5}, "body"),
        ({"crosses_nation": "yes"}, "crosses_nation"),
        ({"since": datetime(2025, 1, 1)}, "since"),
        (
            {"since": datetime(2025, 2, 1, tzinfo=UTC), "until": datetime(2025, 1, 1, tzinfo=UTC)},
            "empty",
        ),
    ],
)
def test_a_word_that_cannot_be_is_an_error_naming_it(words: dict[str, object], named: str) -> None:
    with pytest.raises(JourneysError, match=named):
        JourneyFilter(**words)  # type: ignore[arg-type]


def test_the_options_make_the_same_filter() -> None:
    where = filter_from_options(
        nation=("scotland", "wales"),
        trigger=("death",),
        since="2024-06-01",
        until="2024-07-01T12:00:00+01:00",
        gap=("reask",),
        crosses_nation=False,
    )
    assert where == JourneyFilter(
        nation=["scotland", "wales"],
        trigger="death",
        since=datetime(2024, 6, 1, tzinfo=UTC),
        until=datetime(2024, 7, 1, 11, tzinfo=UTC),
        gap="reask",
        crosses_nation=False,
    )
    assert filter_from_options() is None
    with pytest.raises(click.BadParameter, match="offset"):
        filter_from_options(since="2024-06-01T00:00:00")
    with pytest.raises(click.BadParameter) as raised:
        filter_from_options(boundary=("central-local",))
    assert raised.value.param_hint == "--boundary"


def test_journeys_analyse_with_filter_options_gives_the_api_s_findings(tmp_path: Path) -> None:
    db = tmp_path / "journeys.db"
    app = JourneyApp.sqlite(db)
    simulate_into(
        app, bundled_blueprints(), citizens=80, seed=5, nations={"scotland": 0.6, "england": 0.4}
    )
    expected = analyse(app, where=JourneyFilter(nation="scotland", trigger="death")).to_json()
    app.close()
    runner = CliRunner()
    args = ["analyse", "--db", str(db), "--json", str(tmp_path / "a.json")]
    done = runner.invoke(main, [*args, "--nation", "scotland", "--trigger", "death"])
    assert done.exit_code == 0, done.output
    made = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert made["findings"] == expected["findings"]
    assert made["findings"]
    assert made["journeys"] == expected["journeys"]
    assert made["filtered_by"] == "journeys in Scotland, started by death"
    assert "(journeys in Scotland, started by death)" in done.output
    refused = runner.invoke(main, [*args, "--track", "--nation", "scotland"])
    assert refused.exit_code == 2
    assert "--track" in refused.output


def test_a_cohort_leaves_out_the_counts_no_journey_holds() -> None:
    app = JourneyApp.in_memory()
    simulate_into(app, bundled_blueprints(), citizens=20, seed=2)
    app.record_body_feedback(
        [
            BodyFeedbackRecord(
                body="dwp",
                about=None,
                instrument="nhs-fft",
                period_start=date(2024, 1, 1),
                period_end=date(2024, 1, 31),
                answers={"Very good": 12, "Poor": 3},
                source="fft.csv",
            )
        ]
    )
    assert len(analyse(app).experience.body_level) == 1
    assert analyse(app, where=JourneyFilter(nation="england")).experience.body_level == ()
