"""Erasure of one citizen by crypto-shredding: their key goes, everyone else's analysis stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeys import GapTracker, Journey, JourneyApp, analyse, journey_id
from journeys.errors import ConflictError, ErasedError, StoreError
from journeys.interop import import_log, read_journey_csv, write_journey_csv
from journeys.privacy import CITIZEN_KEYS_ENV, ErasedJourneys
from journeys.privacy.citizen_keys import SEALED_MARK
from journeys.privacy.erased import ErasedJourneys as ErasedJourneysClass
from tests.helpers import T0
from tests.privacy_data import bereavement, citizen, population, raw_bytes

CAROLS = [journey_id("privacy-tests", f"carol-{number}") for number in (1, 2)]


@pytest.fixture
def keyed_env(store_env: dict[str, str]) -> dict[str, str]:
    """Each store (memory, SQLite, PostgreSQL) with citizen keys."""
    return {**store_env, CITIZEN_KEYS_ENV: "true"}


def test_an_erased_citizen_cannot_be_read_and_everyone_else_analyses_as_if_never_there(
    keyed_env: dict[str, str],
) -> None:
    with JourneyApp(keyed_env) as app:
        app.save(*population())
        assert app.erase_citizen(citizen("carol")) == 2
        for journey in CAROLS:
            with pytest.raises(ErasedError) as erased:
                app.get_journey(journey)
            assert erased.value.originator_id == journey
            with pytest.raises(ErasedError):
                app.journey_events(journey)
        assert [j.citizen for j in app.life(citizen("alice"))] == [citizen("alice")] * 2
        assert app.life(citizen("carol")) == []

        skipped = ErasedJourneys()
        events = list(app.read_events(erased=skipped))
        assert skipped.ids == set(CAROLS)
        assert skipped.events == 2 * len(population()[0].pending_events)
        assert {event.originator_id for _, event in events}.isdisjoint(CAROLS)
        analysis = analyse(app)
    with JourneyApp.in_memory() as never_there:
        never_there.save(*population(without="carol"))
        expected = analyse(never_there)
    assert analysis == expected
    assert analysis.journeys_erased == 2
    assert expected.journeys_erased == 0
    assert analysis.findings  # the comparison is not between two empty analyses


def test_the_database_keeps_nothing_of_theirs_in_clear(tmp_path: Path) -> None:
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database, citizen_keys=True) as app:
        app.save(*population())
        keys = app.keystore.keys(CAROLS) if app.keystore else {}
        secret = keys[CAROLS[0]].secret
        assert secret in raw_bytes(database)  # the control: the key is on disk until erased
        app.erase_citizen(citizen("carol"))
    stored = raw_bytes(database)
    assert secret not in stored
    # Journey ids stay, as the row keys of unreadable events; nothing else of theirs does.
    assert citizen("carol").encode() not in stored
    assert b"carol_fact_f00d" not in stored
    with JourneyApp.sqlite(database) as reopened, pytest.raises(ErasedError):
        reopened.get_journey(CAROLS[1])


def test_a_store_with_citizen_keys_keeps_them_when_reopened_without_asking(tmp_path: Path) -> None:
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database, citizen_keys=True) as app:
        app.save(population()[0])
    with JourneyApp.sqlite(database) as reopened:
        assert reopened.keystore is not None
        later = population()[2]
        reopened.save(later)
        stored = reopened.recorder.select_events(later.id, limit=1)
        assert stored[0].state.startswith(SEALED_MARK)


def test_a_journey_loaded_before_the_erasure_cannot_be_written_after_it() -> None:
    with JourneyApp.in_memory(citizen_keys=True) as app:
        app.save(*population())
        open_id = app.start_journey(
            citizen=citizen("carol"), trigger="birth", nation="wales", occurred_at=T0
        )
        stale = app.get_journey(open_id)
        app.erase_citizen(citizen("carol"))
        position = app.max_position()
        stale.touchpoint("dwp", "late letter", occurred_at=T0)
        with pytest.raises(ErasedError):
            app.save(stale)
        assert app.max_position() == position


def test_a_citizen_recorded_again_after_an_erasure_starts_afresh() -> None:
    with JourneyApp.in_memory(citizen_keys=True) as app:
        app.save(*population())
        app.erase_citizen(citizen("carol"))
        again = bereavement("carol", 3)
        app.save(again)
        assert [journey.id for journey in app.life(citizen("carol"))] == [again.id]
        assert app.get_journey(again.id).citizen == citizen("carol")
        assert analyse(app).journeys_erased == 2


def test_importing_an_erased_citizens_log_again_adds_nothing(tmp_path: Path) -> None:
    log = tmp_path / "journeys.csv"
    with JourneyApp.in_memory() as source:
        source.save(*population())
        write_journey_csv(source, log)
    with JourneyApp.in_memory(citizen_keys=True) as app:
        import_log(app, log, source="privacy-tests")
        app.erase_citizen(citizen("carol"))
        again = import_log(app, log, source="privacy-tests")
        assert (again.imported, again.skipped) == (0, len(population()))
        assert analyse(app).journeys_erased == 2


def test_exports_and_the_tracked_projection_skip_erased_citizens(tmp_path: Path) -> None:
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database, citizen_keys=True) as app:
        app.save(*population())
        tracker = GapTracker(app, page_size=7)
        tracker.catch_up()
        app.erase_citizen(citizen("carol"))
        exported = tmp_path / "export.csv"
        write_journey_csv(app, exported)
        assert {j.citizen for j in read_journey_csv(exported, catalogue=app.catalogue)} == {
            citizen("alice"),
            citizen("bob"),
        }
        # What the tracker derived before the erasure is rebuilt without the citizen.
        tracker.reset()
        tracker.catch_up()
        assert tracker.erased.ids == set(CAROLS)
        assert tracker.analysis() == analyse(app)
        tracker.close()


def test_the_counter_reports_journeys_and_events() -> None:
    counter = ErasedJourneysClass()
    counter.add(CAROLS[0])
    counter.add(CAROLS[0])
    assert (counter.journeys, counter.events) == (1, 2)
    assert repr(counter) == "ErasedJourneys(journeys=1, events=2)"


def test_a_store_without_citizen_keys_cannot_erase() -> None:
    with JourneyApp.in_memory() as app, pytest.raises(StoreError, match="citizen_keys=True"):
        app.erase_citizen(citizen("carol"))


def test_reading_sealed_events_needs_the_key_store() -> None:
    with JourneyApp.in_memory(citizen_keys=True) as app:
        app.save(population()[0])
        stored = app.recorder.select_events(population()[0].id)
    with JourneyApp.in_memory() as plain, pytest.raises(StoreError, match="citizen_keys"):
        plain.mapper.to_domain_event(stored[0])


def test_a_journey_recorded_for_another_citizen_is_a_conflict() -> None:
    with JourneyApp.in_memory(citizen_keys=True) as app:
        alices = population()[0]
        app.save(alices)
        position = app.max_position()
        same_id = Journey.start(
            citizen=citizen("bob"), trigger="death", nation="wales", occurred_at=T0, id=alices.id
        )
        with pytest.raises(ConflictError):
            app.save(same_id)
        assert app.max_position() == position
        assert app.get_journey(alices.id).citizen == citizen("alice")


def test_following_live_skips_erased_citizens() -> None:
    # GapTracker.follow reads new events through a subscription where the store pushes
    # them (memory, PostgreSQL): an erased citizen's events must not stop it.
    from journeys.analysis.tracker import _ReadableSubscription
    from journeys.application import JOURNEY_EVENT_TOPICS

    with JourneyApp.in_memory(citizen_keys=True) as app:
        everyone = population()
        app.save(*everyone[4:])  # carol's first: the subscription must get past them
        app.save(*everyone[:4])
        app.erase_citizen(citizen("carol"))
        skipped = ErasedJourneys()
        subscription = _ReadableSubscription(app, skipped, gt=0, topics=JOURNEY_EVENT_TOPICS)
        readable = 4 * len(population()[0].pending_events)  # alice's and bob's
        with subscription:
            received = [next(subscription)[0] for _ in range(readable)]
        assert {event.originator_id for event in received}.isdisjoint(CAROLS)
        assert len(received) == readable
    assert skipped.ids == set(CAROLS)
