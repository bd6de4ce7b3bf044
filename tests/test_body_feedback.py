"""Body-level feedback kept in the store (issue 17): counts of answers no journey holds.

They are recorded as aggregates of their own, beside the journeys: importing the
same counts twice adds nothing, a bad record writes nothing, and nothing that
reads journeys (events, ids, the batch analysis, the tracked projection, the
listing, exports, erasure) sees them or is disturbed by them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Body, GapTracker, JourneyApp, analyse
from journeys.cli import main
from journeys.errors import InvalidValueError, UnknownAnswerError, UnknownBodyError
from journeys.privacy import new_cipher_key
from journeys.voice.body_feedback import BODY_FEEDBACK_TOPICS, body_feedback_id
from journeys.voice.body_feedback_record import BodyFeedbackRecord
from tests.conftest import StoreFactory
from tests.helpers import CATALOGUE, population

TRUST = Body("nhs-trust:RZZ", "Test NHS Trust", "local", ["england"], ods="RZZ")
CAT = CATALOGUE.merged([TRUST])
"""The tests' sample catalogue and an NHS trust with an ODS code."""


@pytest.fixture
def app_factory(store_env: dict[str, str]) -> Iterator[StoreFactory]:
    """Apps on each store with :data:`CAT` (the in-memory store: one app)."""
    opened: list[JourneyApp] = []

    def open_app() -> JourneyApp:
        if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo" and opened:
            return opened[0]
        opened.append(JourneyApp(store_env, catalogue=CAT))
        return opened[-1]

    yield open_app
    for app in opened:
        app.close()


def _trust(app: JourneyApp) -> str:
    return TRUST.id


def record(body: str, month: int = 1, **answers: int) -> BodyFeedbackRecord:
    return BodyFeedbackRecord(
        body=body,
        about="inpatient",
        instrument="nhs-fft",
        period_start=date(2024, month, 1),
        period_end=date(2024, month, 28),
        answers=answers or {"Very good": 5, "Poor": 1},
        source="test",
    )


def test_recorded_counts_read_back_and_a_second_import_adds_nothing(
    app_factory: StoreFactory,
) -> None:
    app = app_factory()
    body = _trust(app)
    records = [record(body, 1), record(body, 2, Good=3)]
    assert app.record_body_feedback(records) == 2
    assert app.record_body_feedback(records) == 0
    again = app_factory()
    assert list(again.body_feedback()) == records
    assert again.record_body_feedback(records) == 0
    assert len(list(again.body_feedback())) == 2


def test_answers_are_spelt_as_the_instrument_spells_them(app_factory: StoreFactory) -> None:
    app = app_factory()
    body = _trust(app)
    app.record_body_feedback([record(body, **{"very  GOOD": 2, "don\u2019t know": 1})])
    (stored,) = app.body_feedback()
    assert stored.answers == {"Don't know": 1, "Very good": 2}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"body": "no-such-body"}, UnknownBodyError),
        ({"answers": {"Brilliant": 1}}, UnknownAnswerError),
        ({"answers": {"Good": -1}}, InvalidValueError),
        ({"answers": {"Good": 1.5}}, InvalidValueError),
        ({"period_end": date(2023, 12, 31)}, InvalidValueError),
        ({"source": " "}, InvalidValueError),
    ],
)
def test_a_bad_record_anywhere_records_nothing(
    app_factory: StoreFactory, change: dict[str, object], error: type[Exception]
) -> None:
    app = app_factory()
    good = record(_trust(app))
    bad = BodyFeedbackRecord(**{**_fields(record(_trust(app), 3)), **change})  # type: ignore[arg-type]
    with pytest.raises(error):
        app.record_body_feedback([good, bad])
    assert list(app.body_feedback()) == []
    assert app.max_position() == 0


def test_two_different_counts_for_one_id_are_refused(app_factory: StoreFactory) -> None:
    app = app_factory()
    body = _trust(app)
    with pytest.raises(InvalidValueError, match="two different counts"):
        app.record_body_feedback([record(body, Good=1), record(body, Good=2)])
    assert list(app.body_feedback()) == []


def test_the_body_named_is_recorded_in_the_store(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db", catalogue=CAT) as app:
        body = _trust(app)
        app.record_body_feedback([record(body)])
    with JourneyApp.sqlite(tmp_path / "s.db", catalogue=CAT) as app:
        assert body in app.stored_bodies


def test_journey_readers_do_not_see_body_feedback(app_factory: StoreFactory) -> None:
    app = app_factory()
    journeys = population(4)
    recorded = [event for journey in journeys for event in journey.pending_events]
    app.save(*journeys[:2])
    app.record_body_feedback([record(_trust(app), 1)])
    app.save(*journeys[2:])
    app.record_body_feedback([record(_trust(app), 2)])  # the latest notification
    assert sorted(app.journey_ids()) == sorted(j.id for j in journeys)
    events = [event for _, event in app.read_events()]
    assert {event.originator_id for event in events} == {j.id for j in journeys}
    tracker = GapTracker(app)
    tracker.catch_up()
    assert tracker.analysis().findings == analyse(app).findings
    assert analyse(app).findings == analyse(recorded, catalogue=CAT).findings
    assert len(list(app.body_feedback())) == 2


def test_the_cli_lists_and_exports_journeys_only(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with JourneyApp.sqlite(db, catalogue=CAT) as app:
        app.save(*population(2))
        app.record_body_feedback([record(_trust(app))])
    runner = CliRunner()
    listed = runner.invoke(main, ["list", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    exported = runner.invoke(
        main,
        [
            "export",
            "--db",
            str(db),
            "--csv",
            str(tmp_path / "out.csv"),
            "--ocel",
            str(tmp_path / "out.json"),
        ],
    )
    assert exported.exit_code == 0, exported.output
    assert len(listed.output.strip().splitlines()) > 2
    for name in ("out.csv", "out.json"):
        text = (tmp_path / name).read_text()
        assert "Very good" not in text
        assert "inpatient" not in text


def test_counts_survive_a_citizen_erased_and_are_encrypted(tmp_path: Path) -> None:
    key = new_cipher_key()
    db = tmp_path / "s.db"
    with JourneyApp.sqlite(db, catalogue=CAT, cipher_key=key, citizen_keys=True) as app:
        journeys = population(2)
        app.save(*journeys)
        body = _trust(app)
        app.record_body_feedback([record(body, Good=7)])
        assert app.erase_citizen(journeys[0].citizen) == 1
        assert [r.answers for r in app.body_feedback()] == [{"Good": 7}]
    raw = db.read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("s.db-*"))
    assert b"inpatient" not in raw
    with JourneyApp.sqlite(db, catalogue=CAT, cipher_key=key) as app:
        (stored,) = app.body_feedback()
        assert stored.about == "inpatient"


def _fields(value: BodyFeedbackRecord) -> dict[str, object]:
    return {
        "body": value.body,
        "about": value.about,
        "instrument": value.instrument,
        "period_start": value.period_start,
        "period_end": value.period_end,
        "answers": value.answers,
        "source": value.source,
    }


_ANSWERS = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 12),
            st.sampled_from(["inpatient", "a-and-e", None]),
            st.dictionaries(st.sampled_from(_ANSWERS), st.integers(0, 500), min_size=1),
        ),
        max_size=12,
        unique_by=lambda row: (row[0], row[1]),
    ),
    st.integers(0, 12),
)
def test_recording_in_any_split_is_recording_once(
    rows: list[tuple[int, str | None, dict[str, int]]], split: int
) -> None:
    app = JourneyApp.in_memory(catalogue=CAT)
    body = _trust(app)
    records = [
        BodyFeedbackRecord(
            body=body,
            about=about,
            instrument="nhs-fft",
            period_start=date(2024, month, 1),
            period_end=date(2024, month, 28),
            answers=dict(sorted(answers.items())),
            source="drawn",
        )
        for month, about, answers in rows
    ]
    written = app.record_body_feedback(records[:split])
    written += app.record_body_feedback(records)
    written += app.record_body_feedback(records[split:])
    assert written == len(records)
    stored = list(app.body_feedback())
    assert sorted(map(body_feedback_id, stored)) == sorted(map(body_feedback_id, records))
    assert {body_feedback_id(r): r for r in stored} == {body_feedback_id(r): r for r in records}
    notifications = app.recorder.select_notifications(start=None, limit=100)
    assert all(n.topic in BODY_FEEDBACK_TOPICS for n in notifications)
