"""The store keeps its catalogue (issue 15, part 3), and bodies generated from people's
names are pseudonymous in an encrypted store (issue 14, part 3).

Every body a store's events name is recorded in the store when first saved, so a
store opens and analyses with no catalogue argument, on each of the three stores;
a catalogue given explicitly that contradicts the store is refused; and in an
encrypted store a body generated from a log's resource value has a keyed-hash id,
the value being kept only in the encrypted definition.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from journeys import Body, Catalogue, JourneyApp, analyse, import_log, uk_catalogue
from journeys.analysis import GapTracker
from journeys.cli import main
from journeys.errors import CatalogueConflictError, StoreError
from journeys.interop import journey_csv_bodies_path
from journeys.privacy import CIPHER_KEY_ENV, BodyPseudonyms, new_cipher_key
from journeys.privacy.body_pseudonyms import BODY_PSEUDONYM_PREFIX
from journeys.testing import bodies as body_strategy
from tests.helpers import CATALOGUE, death_registered
from tests.interop_data import write_text
from tests.privacy_data import raw_bytes

CLINICIAN = "Dr Ada Lovelace GMC 7654321"
ACTIVITY_LOG = (
    "case:concept:name,concept:name,time:timestamp,org:resource\n"
    f"A,Assessment,2025-03-01T09:00:00+00:00,{CLINICIAN}\n"
    "A,Discharge,2025-03-02T09:00:00+00:00,Ward 7 nurse team\n"
    f"B,Assessment,2025-03-01T10:00:00+00:00,{CLINICIAN}\n"
)
XES_LOG = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <trace><string key="concept:name" value="N77802"/>
    <event><string key="concept:name" value="Create Fine"/><string key="org:resource" value="537"/>
      <date key="time:timestamp" value="2006-08-02T00:00:00.000+02:00"/></event>
    <event><string key="concept:name" value="Send Fine"/><string key="org:resource" value="561"/>
      <date key="time:timestamp" value="2006-12-12T00:00:00.000+01:00"/></event>
  </trace>
</log>
"""


def test_a_store_opens_with_the_bodies_its_events_name(store_env: dict[str, str]) -> None:
    with JourneyApp(store_env, catalogue=CATALOGUE) as app:
        app.save(death_registered("c1"), death_registered("c2", 3))
        assert set(app.stored_bodies) == {"registrar", "dwp"}
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo":
        return  # an in-memory store cannot be opened again
    with JourneyApp(store_env) as app:  # no catalogue: the bundled one, plus the store's
        assert app.stored_bodies["registrar"] == CATALOGUE["registrar"]
        assert app.catalogue["registrar"] == CATALOGUE["registrar"]
        assert set(app.stored_bodies) == {"registrar", "dwp"}
        assert analyse(app).journeys_started == 2


def test_an_explicit_catalogue_that_contradicts_the_store_is_refused(
    store_env: dict[str, str],
) -> None:
    with JourneyApp(store_env, catalogue=CATALOGUE) as app:
        app.save(death_registered("c1"))
        position = app.max_position()
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo":
        return  # an in-memory store cannot be opened again
    renamed = Catalogue(
        [attrs.evolve(CATALOGUE["registrar"], name="Somewhere else"), CATALOGUE["dwp"]]
    )
    with pytest.raises(CatalogueConflictError, match="'registrar' has name") as raised:
        JourneyApp(store_env, catalogue=renamed)
    assert raised.value.value == "registrar"
    assert "--record" in str(raised.value)
    with JourneyApp(store_env) as app:
        assert app.max_position() == position
        assert app.catalogue["registrar"].name == CATALOGUE["registrar"].name


def test_a_definition_changes_only_when_recorded_with_replace(store_env: dict[str, str]) -> None:
    renamed = attrs.evolve(CATALOGUE["registrar"], name="Bristol Register Office (City Hall)")
    with JourneyApp(store_env, catalogue=CATALOGUE) as app:
        app.save(death_registered("c1"))
        with pytest.raises(CatalogueConflictError):
            app.record_bodies([renamed])
        app.record_bodies([renamed], replace=True)
        assert app.catalogue["registrar"] == renamed
        # A catalogue changed in memory, then saved against, is refused, not recorded.
        app.catalogue = CATALOGUE
        with pytest.raises(CatalogueConflictError):
            app.save(death_registered("c2", 3))
        assert analyse(app).journeys_started == 1
        if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo":
            return
    with JourneyApp(store_env) as app:
        assert app.catalogue["registrar"] == renamed


@given(st.lists(body_strategy(), max_size=6, unique_by=lambda body: body.id))
def test_recorded_bodies_read_back_equal(bodies: list[Body]) -> None:
    with JourneyApp.in_memory() as app:
        app.record_bodies(bodies)
        assert app.stored_bodies == Catalogue(bodies)
        for body in bodies:
            assert app.catalogue[body.id] == body


def test_a_cli_imported_store_analyses_from_python_with_no_argument(tmp_path: Path) -> None:
    log = write_text(tmp_path / "fines.xes", XES_LOG)
    database = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["import", str(log), "--db", str(database), "--quiet"])
    assert result.exit_code == 0, result.output
    script = (
        "from journeys import JourneyApp, analyse\n"
        f"print(analyse(JourneyApp.sqlite({str(database)!r})).journeys_started)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "1"), done.stderr
    assert not list(tmp_path.glob("*.toml"))


def test_an_ocel_export_imports_into_a_new_store_without_flags(tmp_path: Path) -> None:
    log = write_text(tmp_path / "fines.xes", XES_LOG)
    first, second, ocel = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "a.jsonocel"
    runner = CliRunner()
    for arguments in (
        ["import", str(log), "--db", str(first), "--quiet"],
        ["export", "--db", str(first), "--ocel", str(ocel)],
        ["import", str(ocel), "--db", str(second), "--quiet"],
    ):
        result = runner.invoke(main, arguments)
        assert result.exit_code == 0, result.output
    with JourneyApp.sqlite(first) as one, JourneyApp.sqlite(second) as two:
        assert one.stored_bodies["537"] == two.stored_bodies["537"]
        assert analyse(one).journey_map == analyse(two).journey_map


# --- pseudonymous generated bodies in an encrypted store ------------------------------------


def test_an_encrypted_store_names_generated_bodies_by_pseudonym(tmp_path: Path) -> None:
    database = tmp_path / "ward.db"
    log = write_text(tmp_path / "ward.csv", ACTIVITY_LOG)
    key = new_cipher_key()
    with JourneyApp.sqlite(database, cipher_key=key) as app:
        report = import_log(app, log)
        tracker = GapTracker(app)
        tracker.catch_up()
        tracker.close()
    pseudonyms = BodyPseudonyms.from_cipher_key(key)
    clinician = pseudonyms.id_for(CLINICIAN)
    assert set(report.new_bodies) == {clinician, pseudonyms.id_for("Ward 7 nurse team")}
    assert all(body.startswith(BODY_PSEUDONYM_PREFIX) for body in report.new_bodies)
    # Nothing the store wrote holds the name: events, body definitions and the gap view.
    stored = raw_bytes(database)
    for secret in (CLINICIAN, "Lovelace", "7654321", "Ward 7"):
        assert secret.encode() not in stored
    # With the key, the name is the body's; the analysis's JSON names only the pseudonym.
    with JourneyApp.sqlite(database, cipher_key=key) as app:
        assert app.catalogue[clinician].name == CLINICIAN
        analysis = analyse(app)
    text = json.dumps(analysis.to_json())
    assert clinician in text
    assert "Lovelace" not in text


def test_the_same_value_gets_the_same_pseudonym_in_later_imports(tmp_path: Path) -> None:
    database = tmp_path / "ward.db"
    key = new_cipher_key()
    with JourneyApp.sqlite(database, cipher_key=key) as app:
        import_log(app, write_text(tmp_path / "one.csv", ACTIVITY_LOG))
    with JourneyApp.sqlite(database, cipher_key=key) as app:
        again = import_log(app, write_text(tmp_path / "two.csv", ACTIVITY_LOG), source="two")
        assert again.new_bodies == ()
        assert again.imported == 2


def test_a_catalogue_body_named_in_the_log_is_not_pseudonymised(tmp_path: Path) -> None:
    log = write_text(tmp_path / "log.csv", ACTIVITY_LOG.replace("Ward 7 nurse team", "dwp"))
    with JourneyApp.sqlite(tmp_path / "e.db", cipher_key=new_cipher_key()) as app:
        report = import_log(app, log)
        assert "dwp" not in report.new_bodies
        assert app.catalogue["dwp"] == uk_catalogue()["dwp"]


def test_a_plain_store_keeps_generated_bodies_in_clear_as_documented(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "plain.db") as app:
        report = import_log(app, write_text(tmp_path / "ward.csv", ACTIVITY_LOG))
    assert CLINICIAN in report.new_bodies


def test_an_app_opened_before_encryption_cannot_record_a_body_in_clear(tmp_path: Path) -> None:
    database = tmp_path / "late.db"
    store = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(database)}
    early = JourneyApp(store, catalogue=CATALOGUE)
    try:
        key = new_cipher_key()
        JourneyApp({**store, CIPHER_KEY_ENV: key}).close()  # the empty store is now encrypted
        with pytest.raises(StoreError, match="sealed"):
            early.save(death_registered("c1"))
    finally:
        early.close()
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM journeys_bodies").fetchone() == (0,)
    assert b"Bristol Register Office" not in raw_bytes(database)
    with JourneyApp({**store, CIPHER_KEY_ENV: key}) as app:
        assert len(app.stored_bodies) == 0


def test_recorded_bodies_keep_their_sources() -> None:
    # Stored definitions are JSON of body_fields, read back with Body(**fields).
    bundled = uk_catalogue().bodies()
    with JourneyApp.in_memory() as app:
        app.record_bodies(bundled)
        assert app.stored_bodies == uk_catalogue()
        for body in bundled:
            assert body.sources
            assert app.stored_bodies[body.id].sources == body.sources


def test_a_csv_export_imports_into_a_new_store_without_flags(tmp_path: Path) -> None:
    """The journey-events CSV names bodies by id; the export writes their definitions
    beside it (events.bodies.toml), and the import reads them."""
    log = write_text(tmp_path / "fines.xes", XES_LOG)
    first, second, events = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "events.csv"
    runner = CliRunner()
    for arguments in (
        ["import", str(log), "--db", str(first), "--quiet"],
        ["export", "--db", str(first), "--csv", str(events)],
        ["import", str(events), "--db", str(second), "--quiet"],
    ):
        result = runner.invoke(main, arguments)
        assert result.exit_code == 0, result.output
    assert journey_csv_bodies_path(events) == tmp_path / "events.bodies.toml"
    with JourneyApp.sqlite(first) as one, JourneyApp.sqlite(second) as two:
        assert two.stored_bodies["537"] == one.stored_bodies["537"]
        assert analyse(one).journey_map == analyse(two).journey_map


def test_a_csv_export_whose_bodies_contradict_the_store_is_refused(tmp_path: Path) -> None:
    log = write_text(tmp_path / "fines.xes", XES_LOG)
    first, events = tmp_path / "a.db", tmp_path / "events.csv"
    runner = CliRunner()
    for arguments in (
        ["import", str(log), "--db", str(first), "--quiet"],
        ["export", "--db", str(first), "--csv", str(events)],
    ):
        assert runner.invoke(main, arguments).exit_code == 0
    bodies = journey_csv_bodies_path(events)
    bodies.write_text(
        bodies.read_text(encoding="utf-8").replace('name = "537"', 'name = "Officer 537"'),
        encoding="utf-8",
    )
    with JourneyApp.sqlite(first) as app:
        position = app.max_position()
        with pytest.raises(CatalogueConflictError, match="'537' is defined otherwise") as raised:
            import_log(app, events, source="again")
        assert raised.value.source == str(bodies)
        assert app.max_position() == position
