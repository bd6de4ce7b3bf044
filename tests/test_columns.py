"""Journey events as columns: every way of reading gives the reference frame exactly."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, simulate
from journeys.blueprints import bundled_blueprints
from journeys.columns import (
    KEY_COLUMNS,
    ReadPath,
    event_columns,
    event_schema,
    frame_from_events,
    how_read,
    read_frame,
    read_frames,
    scan_parquet,
    scan_store,
    write_parquet,
)
from journeys.errors import InputError, JourneysError
from journeys.event_registry import JOURNEY_EVENTS, EventRegistry
from journeys.related import RelatedObject
from journeys.testing import catalogues, journeys
from tests.conftest import StoreFactory
from tests.test_schema_evolution import JOURNEY, stored_events

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def reference(app: JourneyApp) -> pl.DataFrame:
    """The frame of the app's events decoded one by one, sorted by journey and version."""
    events = (event for _, event in app.read_events())
    return frame_from_events(events).sort("journey", "version")


def awkward_journey() -> Journey:
    """A journey whose values test the JSON paths: quotes, separators, unicode, objects,
    a started_at, a number, an empty item set, whole seconds and non-UTC offsets."""
    journey = Journey.start(
        citizen='cit "1"', trigger="bereavement", nation="wales", occurred_at=T0
    )
    journey.open_case("dwp", "claim's; part", occurred_at=T0 + timedelta(hours=1), channel="phone")
    journey.touchpoint(
        "dwp",
        "ffurflen \u00e2 \u2603 \\ done",
        occurred_at=datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
        started_at=T0 + timedelta(hours=1, microseconds=5),
        objects={RelatedObject("o;1", "Order", "placed"), RelatedObject("i:1", "Item")},
    )
    journey.send_handoff(
        "h1", from_body="dwp", to_body="hmrc", items=(), occurred_at=T0 + timedelta(hours=4)
    )
    journey.reject_handoff("h1", reason='not "ours"', occurred_at=T0 + timedelta(hours=5))
    journey.request_information("dwp", {"z_fact", "a_fact"}, occurred_at=T0 + timedelta(hours=6))
    journey.give_feedback(
        "dwp",
        about="claim's; part",
        instrument="csat-5",
        answer="4",
        occurred_at=T0 + timedelta(hours=7),
    )
    journey.close_case("dwp", "claim's; part", occurred_at=T0 + timedelta(hours=8))
    journey.end(occurred_at=T0 + timedelta(days=1))
    return journey


def test_the_schema_is_the_key_columns_then_one_column_per_registry_field() -> None:
    schema = event_schema()
    assert tuple(schema)[:4] == KEY_COLUMNS
    fields = {field.name for event_type in JOURNEY_EVENTS for field in event_type.fields}
    assert set(schema) - set(KEY_COLUMNS) == fields
    assert schema["items"] == pl.List(pl.String())
    assert schema["event"] == pl.Enum(JOURNEY_EVENTS.names)


def test_two_event_types_naming_one_field_with_two_kinds_are_refused() -> None:
    started, case_opened = JOURNEY_EVENTS.named("started"), JOURNEY_EVENTS.named("case_opened")
    clash = EventRegistry(
        (
            started,
            type(case_opened)(
                case_opened.cls,
                "case_opened",
                case_opened.command,
                tuple(
                    type(f)("nation", f.kind, f.optional) if f.name == "body" else f
                    for f in case_opened.fields
                ),
            ),
        )
    )
    with pytest.raises(JourneysError, match="'nation' is nation in one event type and body"):
        event_columns(clash)


@settings(deadline=None)
@given(st.data())
def test_a_sqlite_store_read_in_sqlite_equals_its_events_decoded(data: st.DataObject) -> None:
    catalogue = data.draw(catalogues())
    drawn = data.draw(st.lists(journeys(catalogue=catalogue, ended=False), max_size=6))
    page_rows = data.draw(st.integers(1, 50))
    with (
        tempfile.TemporaryDirectory() as folder,
        JourneyApp.sqlite(Path(folder) / "s.db", catalogue=catalogue) as app,
    ):
        app.save(*drawn)
        assert how_read(app)[0] is ReadPath.SQLITE_JSON
        frames = list(read_frames(app, page_rows=page_rows))
        assert all(frame.height <= page_rows for frame in frames)
        whole = pl.concat(frames) if frames else event_schema().to_frame()
        assert whole.equals(reference(app))


def test_every_store_gives_the_reference_frame(app_factory: StoreFactory) -> None:
    app = app_factory()
    app.save(*simulate(bundled_blueprints(), citizens=40, seed=5, catalogue=app.catalogue))
    app.save(awkward_journey())
    frame = read_frame(app)
    assert frame.equals(reference(app))
    assert frame.height == sum(1 for _ in app.read_events())
    awkward = frame.filter(pl.col("citizen") == 'cit "1"')["journey"].item()
    rows = frame.filter(pl.col("journey") == awkward)
    touchpoint = rows.filter(pl.col("event") == "touchpoint").row(0, named=True)
    assert touchpoint["objects"] == "Item:i%3A1;Order:o%3B1:placed"
    assert rows.filter(pl.col("event") == "information_requested")["items"].to_list() == [
        ["a_fact", "z_fact"]
    ]
    assert rows.filter(pl.col("event") == "handoff_sent")["items"].to_list() == [[]]
    assert rows.filter(pl.col("event") == "case_opened")["items"].to_list() == [None]


def test_journey_ranges_partition_the_store(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db") as app:
        app.save(*simulate(bundled_blueprints(), citizens=30, seed=2))
        whole = read_frame(app)
        ids = sorted(set(whole["journey"]))
        cuts = [ids[7], ids[19]]
        parts = [
            read_frame(app, stop=cuts[0]),
            read_frame(app, first=cuts[0], stop=cuts[1]),
            read_frame(app, first=cuts[1]),
        ]
        assert [part["journey"].n_unique() for part in parts] == [7, 12, len(ids) - 19]
        assert pl.concat(parts).equals(whole)


def test_events_stored_by_older_class_versions_read_as_decoded(app_factory: StoreFactory) -> None:
    app = app_factory()
    # A version 1 touchpoint (no service, started_at, objects, channel), and the same
    # journey's touchpoint edited to version 3 (no objects or channel).
    app.recorder.insert_events(stored_events())
    frame = read_frame(app)
    assert frame.equals(reference(app))
    touchpoint = frame.filter(pl.col("event") == "touchpoint").row(0, named=True)
    assert touchpoint["journey"] == JOURNEY.hex
    assert (touchpoint["service"], touchpoint["objects"], touchpoint["channel"]) == (None, "", None)


def test_an_encrypted_store_is_read_by_decoding_and_says_so(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    from journeys.privacy import new_cipher_key

    with JourneyApp.sqlite(tmp_path / "s.db", cipher_key=new_cipher_key()) as app:
        app.save(*simulate(bundled_blueprints(), citizens=10, seed=4))
        path, why = how_read(app)
        assert path is ReadPath.DECODED
        assert "encrypted" in why
        frames = list(read_frames(app, page_rows=100))
        assert pl.concat(frames).equals(reference(app))
        assert all(frame.height <= 100 for frame in frames)


def test_a_lazy_scan_of_the_store_streams_its_pages(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db") as app:
        app.save(*simulate(bundled_blueprints(), citizens=30, seed=6))
        whole = read_frame(app)
        lazy = scan_store(app, page_rows=97)
        sent = lazy.filter(pl.col("event") == "handoff_sent").select("journey", "to_body")
        assert sent.collect().equals(
            whole.filter(pl.col("event") == "handoff_sent").select("journey", "to_body")
        )
        assert lazy.head(10).collect().equals(whole.head(10))
        assert lazy.collect().equals(whole)


def test_parquet_holds_the_frame_and_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db") as app:
        app.save(*simulate(bundled_blueprints(), citizens=20, seed=8))
        rows = write_parquet(app, tmp_path / "events.parquet")
        assert rows == read_frame(app).height
        assert scan_parquet(tmp_path / "events.parquet").collect().equals(read_frame(app))
        with pytest.raises(JourneysError):
            write_parquet(app, tmp_path / "missing" / "events.parquet")
        assert not (tmp_path / "missing").exists()


def test_a_file_that_is_not_journey_event_columns_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        scan_parquet(tmp_path / "absent.parquet")
    text = tmp_path / "text.parquet"
    text.write_text("journey,version\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a Parquet file") as raised:
        scan_parquet(text)
    assert raised.value.source == str(text)
    other = tmp_path / "other.parquet"
    pl.DataFrame({"journey": ["a"], "version": ["1"]}).write_parquet(other)
    with pytest.raises(InputError, match="column 'version' is String, not Int64"):
        scan_parquet(other)
    short = tmp_path / "short.parquet"
    event_schema().to_frame().drop("items").write_parquet(short)
    with pytest.raises(InputError, match="no column 'items'") as raised:
        scan_parquet(short)
    assert raised.value.value == "items"


def test_page_rows_must_be_a_whole_number(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db") as app, pytest.raises(ValueError, match="page_rows"):
        next(read_frames(app, page_rows=0))


def test_an_empty_store_gives_an_empty_frame_of_the_schema(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db") as app:
        frame = read_frame(app)
        assert frame.height == 0
        assert frame.schema == event_schema()


def test_the_journey_column_is_the_journey_id_in_hex(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db") as app:
        journey = awkward_journey()
        app.save(journey)
        frame = read_frame(app)
        assert set(frame["journey"]) == {journey.id.hex}
        assert UUID(frame["journey"][0]) == journey.id
        assert frame["version"].to_list() == list(range(1, frame.height + 1))
        assert json.loads(json.dumps(frame["occurred_at"].dt.to_string().to_list()))


def test_journeys_export_writes_parquet_and_says_how_it_read(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from journeys.cli import main

    db = tmp_path / "s.db"
    with JourneyApp.sqlite(db) as app:
        app.save(*simulate(bundled_blueprints(), citizens=15, seed=9))
        expected = read_frame(app)
    out = tmp_path / "events.parquet"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--parquet", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Parquet: {expected.height:,} events written to {out}" in result.output
    assert "read in SQLite from the stored JSON" in result.output
    assert scan_parquet(out).collect().equals(expected)
    refused = CliRunner().invoke(
        main, ["export", "--db", str(db), "--parquet", str(tmp_path / "no" / "e.parquet")]
    )
    assert refused.exit_code == 1  # as for every output that cannot be written
    assert "the folder" in refused.output
    assert "does not exist" in refused.output
    assert "Traceback" not in refused.output


def test_without_polars_the_columns_say_which_extra_to_install() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['polars'] = None\n"
        "from journeys.errors import MissingExtraError\n"
        "try:\n    import journeys.columns\n"
        "except MissingExtraError as error:\n    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert 'pip install "journeys[frames]"' in result.stdout
