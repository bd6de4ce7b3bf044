"""The garbage collector is paused while the library allocates in bulk (saving, folding,
laying out), and restored however that ends."""

from __future__ import annotations

import gc

import pytest

from journeys import Journey, JourneyApp
from journeys.collector import collector_paused
from journeys.errors import ConflictError
from tests.helpers import CATALOGUE, bereavement


def test_the_collector_is_paused_and_restored() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_is_restored_after_an_error_and_left_off_if_it_was_off() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_saving_pauses_the_collector_and_restores_it_after_a_refused_save(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = JourneyApp.in_memory(catalogue=CATALOGUE)
    seen: list[bool] = []
    record = app.recorder.insert_events

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return record(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app.recorder, "insert_events", recording)
    journey = bereavement("c-1", end=False)
    app.save(journey)
    assert seen == [False]
    assert gc.isenabled()
    stale = app.get_journey(journey.id)
    newer = app.get_journey(journey.id)
    newer.touchpoint("dwp", "call", occurred_at=newer.last_occurred_at)
    app.save(newer)
    stale.touchpoint("dwp", "call", occurred_at=stale.last_occurred_at)
    with pytest.raises(ConflictError):
        app.save(stale)
    assert gc.isenabled()
    assert isinstance(app.get_journey(journey.id), Journey)
