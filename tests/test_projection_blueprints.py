"""The tracked projection checks blueprints as batch does, and refuses a view built
with other blueprints; ``GapTracker.follow`` hands its poller's error to the caller."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import JourneyApp
from journeys.analysis import GapTracker, analyse
from journeys.analysis.projection import design_key
from journeys.blueprints import (
    blueprint_from_toml,
    blueprint_to_toml,
    bundled_blueprints,
    load_bundled_blueprint,
)
from journeys.data import uk_catalogue
from journeys.errors import AnalysisError
from journeys.simulation import simulate_into
from journeys.testing import journeys
from tests.helpers import projected_in_chunks

DESIGNS = bundled_blueprints()
BEREAVEMENT, BIRTH = DESIGNS["bereavement"], DESIGNS["birth"]


@given(st.data())
def test_projection_with_blueprints_equals_batch_for_any_chunking(data: st.DataObject) -> None:
    design = data.draw(st.sampled_from([BEREAVEMENT, BIRTH]), "blueprint")
    population = data.draw(
        st.lists(journeys(blueprint=design), min_size=1, max_size=3, unique_by=lambda j: j.id)
    )
    events = [event for journey in population for event in journey.collect_events()]
    # Cut at one of the events' times: the journeys still going then are open.
    cut = data.draw(st.sampled_from(sorted({event.occurred_at for event in events})), "cut")
    events = [event for event in events if event.occurred_at <= cut]
    as_of = cut + timedelta(days=data.draw(st.integers(min_value=0, max_value=60), "days"))
    catalogue = uk_catalogue()

    projection = projected_in_chunks(data, events, blueprints=(design,))

    for moment in (None, as_of):
        batch = analyse(events, catalogue=catalogue, as_of=moment, blueprint=design)
        assert projection.analysis(catalogue=catalogue, as_of=moment) == batch


def test_tracker_with_blueprints_equals_batch_on_a_store() -> None:
    app = JourneyApp.in_memory()
    # A seed whose population breaches an SLA: with fifteen bundled blueprints, few do.
    simulate_into(app, DESIGNS.values(), citizens=40, seed=1)
    tracker = GapTracker(app, blueprint=DESIGNS.values(), page_size=97)
    tracker.catch_up()
    batch = analyse(app, blueprint=DESIGNS.values())
    assert tracker.analysis() == batch
    assert batch.counts()["sla_breach"] > 0  # the comparison covers conformance findings
    tracker.close()


def test_a_view_built_without_blueprints_is_refused_with_them(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    with JourneyApp.sqlite(db) as app:
        simulate_into(app, [BEREAVEMENT], citizens=5, seed=1)
        plain = GapTracker(app)
        plain.catch_up()
        plain.close()
        checked = GapTracker(app, blueprint=BEREAVEMENT)
        with pytest.raises(AnalysisError, match="built without blueprints, not with blueprints"):
            checked.catch_up()
        with pytest.raises(AnalysisError, match="reset it"):
            checked.analysis()
        checked.reset()
        checked.catch_up()
        assert checked.analysis() == analyse(app, blueprint=BEREAVEMENT)
        checked.close()
        again = GapTracker(app)  # and back: the view now holds the blueprint's findings
        with pytest.raises(AnalysisError, match="built with blueprints bereavement@"):
            again.catch_up()
        again.close()


def test_an_edited_blueprint_is_another_design() -> None:
    edited = blueprint_from_toml(
        blueprint_to_toml(BEREAVEMENT).replace(
            f"title = {BEREAVEMENT.title!r}".replace("'", '"'), 'title = "Edited"', 1
        )
    )
    assert edited.title == "Edited"
    assert design_key([]) == "none"
    assert design_key([BEREAVEMENT]) == design_key([load_bundled_blueprint("bereavement")])
    assert design_key([edited]) != design_key([BEREAVEMENT])
    assert design_key([BEREAVEMENT]) != design_key([BIRTH])
    assert design_key([BEREAVEMENT, BIRTH]) != design_key([BIRTH, BEREAVEMENT])  # order breaks ties


def test_follow_raises_the_pollers_error_in_its_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    app = JourneyApp.in_memory()
    tracker = GapTracker(app)
    calls = 0
    catch_up = tracker.catch_up

    def failing_after_the_first(**kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise RuntimeError("the store went away")
        return catch_up()

    monkeypatch.setattr(tracker, "catch_up", failing_after_the_first)
    stop = threading.Event()
    outcome: list[BaseException | None] = []

    def follow() -> None:
        try:
            tracker.follow(stop, poll_interval=0.01)
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    follower = threading.Thread(target=follow)
    follower.start()
    follower.join(timeout=10)
    stop.set()
    assert not follower.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], RuntimeError)
    assert "the store went away" in str(outcome[0])
    tracker.close()


def test_the_cli_tracks_with_blueprints_and_resets(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from journeys.cli import main

    db = tmp_path / "store.db"
    with JourneyApp.sqlite(db) as app:
        simulate_into(app, [BEREAVEMENT], citizens=8, seed=2)
        expected = analyse(app, blueprint=BEREAVEMENT).to_json()
    runner = CliRunner()
    plain = runner.invoke(main, ["analyse", "--db", str(db), "--track"])
    assert plain.exit_code == 0, plain.output
    args = ["analyse", "--db", str(db), "--track", "--blueprint", "bereavement"]
    refused = runner.invoke(main, args)
    assert refused.exit_code != 0
    assert "built without blueprints" in refused.output
    assert "Traceback" not in refused.output
    out = tmp_path / "gaps.json"
    rebuilt = runner.invoke(main, [*args, "--reset", "--json", str(out)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(out.read_text(encoding="utf-8")) == expected
    lonely = runner.invoke(main, ["analyse", "--db", str(db), "--reset"])
    assert lonely.exit_code == 2
    assert "use it with --track" in lonely.output
