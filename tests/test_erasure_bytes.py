"""Erasure that erases, proved by a byte search (issue 14).

A store with citizen keys records a population in which one citizen, ``ALICE``,
has two journeys with contents no other journey has. A team does everything it
would with the store — tracks the gap projection, exports it with the CLI and
the API, analyses it to JSON with ``--track``, draws a map, a network and the
default timeline (hers) — then erases her, catches up and writes every output
again over the same paths. Every byte of every file under the test's folder
(the store, its write-ahead log and index, every output) is then searched for
her reference, her life's id, her journeys' ids and each of her distinctive
strings: once while the app and the projection are still open, once after.
Before the erasure the same search finds each of them, so the test can fail.
SQLite connections start with ``secure_delete`` off, as in most builds.

What stays by design: her journeys' events, sealed with a key that no longer
exists, under their journey ids (the row keys the store needs; random UUIDs,
so they say nothing of her), with their versions, event classes and positions;
and her life's rows, moved to a random id. The test checks that her journeys'
ids are nowhere else. On PostgreSQL, whose files a test cannot read, every row
of every table in the schema is searched instead, and the cleared gap view's
tables are checked to be empty on disk.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from journeys import GapTracker, Journey, JourneyApp, analyse
from journeys.cli import main
from journeys.interop import write_journey_csv, write_ocel, write_xes
from journeys.life import life_id
from journeys.privacy import CITIZEN_KEYS_ENV, new_cipher_key
from tests.conftest import POSTGRES
from tests.helpers import at
from tests.privacy_data import population

ALICE = "ALICE-7f3c9e"
"""The citizen reference of the citizen to erase."""

DISTINCTIVE = {
    "alice-svc-quokka-7731": "quokka",  # a service (case) name
    "alice_item_zebra_4410": "zebra_4410",  # items of information
    "alice_item_okapi_9925": "okapi_9925",
    "alice-handoff-narwhal-5": "narwhal",  # a hand-off id
    "alice-touch-axolotl-88": "axolotl",  # a touchpoint's activity
    "alice-outcome-pangolin": "pangolin",  # an outcome
    "alice-reason-wombat-31": "wombat",  # a refusal's reason
}
"""Strings of hers that no other journey has, each searched for by a word of it that
no line wrapping nor escaping (SVG writes ``-`` as ``&#45;``) breaks up."""


def alices_journeys() -> list[Journey]:
    """Her two journeys: one ended, one still open (its fold stays in the gap view)."""
    journeys = []
    for number, end in ((0, True), (1, False)):
        start = 40.0 + 30 * number
        journey = Journey.start(
            citizen=ALICE, trigger="death", nation="england", occurred_at=at(start)
        )
        journey.open_case("dwp", "alice-svc-quokka-7731", occurred_at=at(start + 1))
        journey.provide_information(
            "dwp", ["alice_item_zebra_4410", "alice_item_okapi_9925"], occurred_at=at(start + 1)
        )
        journey.send_handoff(
            "alice-handoff-narwhal-5",
            from_body="dwp",
            to_body="hmrc",
            items=["alice_item_zebra_4410"],
            occurred_at=at(start + 2),
        )
        journey.reject_handoff(
            "alice-handoff-narwhal-5", occurred_at=at(start + 4), reason="alice-reason-wombat-31"
        )
        journey.touchpoint("hmrc", "alice-touch-axolotl-88", occurred_at=at(start + 5))
        # Re-asks: findings naming her items, enough of them that the timeline
        # `journeys render` draws by default (the journey with the most) is hers.
        for day, body in ((6, "hmrc"), (6.2, "dvla"), (6.4, "hmrc"), (6.6, "dvla"), (6.8, "hmrc")):
            journey.request_information(
                body,
                ["alice_item_okapi_9925", "alice_item_zebra_4410"],
                occurred_at=at(start + day),
            )
        journey.close_case(
            "dwp",
            "alice-svc-quokka-7731",
            occurred_at=at(start + 7),
            outcome="alice-outcome-pangolin",
        )
        if end:
            journey.end(occurred_at=at(start + 9), outcome="alice-outcome-pangolin")
        journeys.append(journey)
    return journeys


def needles(journeys: list[UUID]) -> dict[str, tuple[bytes, ...]]:
    """Everything of hers to search for, by name, each in the forms it may take: her
    reference, her life's id and her journeys' ids (as text, as text in SVG, as hex
    and as 16 bytes), and her distinctive strings (by their words)."""
    ids = {"life": life_id(ALICE)} | {f"journey {n}": j for n, j in enumerate(journeys)}
    found: dict[str, tuple[bytes, ...]] = {"reference": (ALICE.encode(), _svg(ALICE))}
    for name, uuid in ids.items():
        found[name] = (str(uuid).encode(), _svg(str(uuid)), uuid.hex.encode(), uuid.bytes)
    for text, word in DISTINCTIVE.items():
        found[text] = (word.encode(),)
    return found


def _svg(text: str) -> bytes:
    return text.replace("-", "&#45;").encode()


def files_under(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, the store's and the outputs'."""
    return (path for path in sorted(folder.rglob("*")) if path.is_file())


def search(folder: Path, wanted: dict[str, tuple[bytes, ...]]) -> dict[str, set[str]]:
    """Which of ``wanted`` (in any of its forms) each file under ``folder`` holds,
    by file name (files holding none left out)."""
    hits: dict[str, set[str]] = {}
    for path in files_under(folder):
        content = path.read_bytes()
        found = {name for name, forms in wanted.items() if any(f in content for f in forms)}
        if found:
            hits[path.name] = found
    return hits


class Team:
    """Everything a team does with a store, writing its outputs to fixed paths in
    ``outputs``. ``env`` names the store (and holds its settings); ``database`` is
    the SQLite file, if it is one (the CLI then reads it with ``--db``)."""

    def __init__(self, env: dict[str, str], outputs: Path, database: Path | None = None) -> None:
        self.env = env
        self.outputs = outputs
        self.database = database
        self.runner = CliRunner(env=env)

    def app(self) -> JourneyApp:
        return JourneyApp(self.env)

    def cli(self, *args: str) -> None:
        result = self.runner.invoke(main, list(args))
        assert result.exit_code == 0, result.output

    def work(self) -> None:
        """Track, export (API, and CLI on SQLite), analyse to JSON with --track, draw."""
        out = self.outputs
        with self.app() as app:
            tracker = GapTracker(app)
            tracker.catch_up()
            tracked = tracker.analysis()
            tracker.close()
            assert tracked == analyse(app)
            (out / "api-analysis.json").write_text(json.dumps(tracked.to_json()))
            write_journey_csv(app, out / "api.csv")
            write_ocel(app, out / "api.ocel.json")
            write_xes(app, out / "api.xes")
        store = ["--db", str(self.database)] if self.database else []
        if self.database:  # `journeys export` reads SQLite stores only
            self.cli(
                "export",
                *store,
                "--csv",
                str(out / "cli.csv"),
                "--ocel",
                str(out / "cli.ocel.json"),
                "--xes",
                str(out / "cli.xes"),
            )
        self.cli("analyse", *store, "--track", "--json", str(out / "cli-analysis.json"))
        for kind, name in (
            ("map", "map.svg"),
            ("map", "map.dot"),
            ("network", "network.svg"),
            ("timeline", "timeline.svg"),
        ):
            self.cli("render", *store, "--kind", kind, "-o", str(out / name), "--top-nodes", "0")

    @contextmanager
    def erasing(self) -> Iterator[JourneyApp]:
        """Erase her, bring the tracked projection up to date, and yield the app with
        its and the projection's connections still open."""
        with self.app() as app:
            assert app.erase_citizen(ALICE) == 2
            assert app.life(ALICE) == []
            tracker = GapTracker(app)
            tracker.catch_up()
            try:
                yield app
            finally:
                tracker.close()


def record(app: JourneyApp) -> list[UUID]:
    """Record the population (ordinary citizens and her); return her journeys' ids."""
    hers = alices_journeys()
    others = population()
    app.save(*others[:3])
    app.save(hers[0])
    app.save(*others[3:])
    app.save(hers[1])
    return [journey.id for journey in hers]


REMAINING = {"journey 0", "journey 1"}
"""What stays after the erasure, in the events' rows only: her journeys' ids."""


def union(hits: dict[str, set[str]]) -> set[str]:
    return set().union(*hits.values())


@pytest.fixture
def secure_delete_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SQLite connection starts with ``secure_delete`` off, as in most builds (some,
    Debian's, compile it on): what must not stay on disk is then zeroed only where the
    library turns it on."""
    connect = sqlite3.connect

    def connect_without_secure_delete(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = connect(*args, **kwargs)
        connection.execute("PRAGMA secure_delete = OFF")
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect_without_secure_delete)


@pytest.mark.usefixtures("secure_delete_off_by_default")
@pytest.mark.parametrize("encrypted", [False, True], ids=["clear", "cipher-key"])
def test_after_an_erasure_no_byte_the_store_or_the_tools_wrote_reveals_the_citizen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encrypted: bool
) -> None:
    store = tmp_path / "store"
    outputs = tmp_path / "outputs"
    store.mkdir()
    outputs.mkdir()
    database = store / "journeys.db"
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(database),
        CITIZEN_KEYS_ENV: "true",
    }
    if encrypted:
        env["CIPHER_KEY"] = new_cipher_key()
    for name, value in env.items():  # for the CLI's commands too
        monkeypatch.setenv(name, value)
    team = Team(env, outputs, database)
    with team.app() as app:
        journeys = record(app)
    team.work()
    wanted = needles(journeys)
    before = search(tmp_path, wanted)
    assert union(before) == wanted.keys(), before  # the control: the search finds her
    # Every output shows her but the hand-off network (bodies and counts only) and the
    # bodies written beside the CSV export (definitions only); the default timeline
    # is one of her journeys.
    assert _outputs(outputs) - set(before) == {"network.svg", "cli.bodies.toml"}, before
    assert {"reference", "journey 0"} <= before["timeline.svg"]
    assert union({n: h for n, h in before.items() if n.startswith("journeys.db")}) >= {
        "life",
        *(text for text in DISTINCTIVE if "outcome" not in text),  # the gap view's
    }

    with team.erasing():
        # While the connections are open (SQLite folds its log in when the last closes) ...
        while_open = search(store, wanted)
        assert Path(f"{database}-wal").exists()
    assert union(while_open) <= REMAINING, while_open
    team.work()

    # ... and once everything is closed and every output written again.
    after = search(tmp_path, wanted)
    in_outputs = {name: hits for name, hits in after.items() if name in _outputs(outputs)}
    assert in_outputs == {}
    assert union(after) <= REMAINING, after
    assert_only_event_rows_name(database, journeys)


def _outputs(folder: Path) -> set[str]:
    return {path.name for path in files_under(folder)}


def assert_only_event_rows_name(database: Path, journeys: list[UUID]) -> None:
    """No row of any table but the events' names her journeys."""
    with sqlite3.connect(database) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            if table == "stored_events":
                continue
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                text = repr(row)
                for journey in journeys:
                    assert str(journey) not in text, (table, row)
                    assert journey.hex not in text, (table, row)
    connection.close()


def test_a_citizen_erased_can_be_recorded_again(store_env: dict[str, str]) -> None:
    # Her old life's rows are under another id now (on SQLite and PostgreSQL; under
    # the same one in memory): either way a new journey begins a readable life.
    with JourneyApp({**store_env, CITIZEN_KEYS_ENV: "true"}) as app:
        record(app)
        app.erase_citizen(ALICE)
        again = alices_journeys()[0]
        app.save(again)
        assert [journey.id for journey in app.life(ALICE)] == [again.id]
        assert app.erase_citizen(ALICE) == 1
        assert app.life(ALICE) == []
        assert analyse(app).journeys_erased == 3


def test_erasing_again_moves_the_life_of_a_citizen_erased_before_lives_were_moved(
    store_env: dict[str, str],
) -> None:
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo":
        pytest.skip("the in-memory store leaves a life's rows under their id")
    with JourneyApp({**store_env, CITIZEN_KEYS_ENV: "true"}) as app:
        record(app)
        keystore: Any = app.keystore  # SQLite's or PostgreSQL's (psycopg may be absent)
        assert keystore.events_table
        events_table, keystore.events_table = keystore.events_table, None
        app.erase_citizen(ALICE)  # as a version that did not move lives erased her
        assert app.recorder.select_events(life_id(ALICE))
        keystore.events_table = events_table
        assert app.erase_citizen(ALICE) == 0
        assert app.recorder.select_events(life_id(ALICE)) == []
        assert app.erasures() == 1


@pytest.mark.postgres
def test_after_an_erasure_no_row_of_a_postgres_store_reveals_the_citizen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_env: dict[str, str]
) -> None:
    # A test cannot read PostgreSQL's files: it reads every row of every table instead
    # (deleted and updated rows' old versions stay in the files until VACUUM: see the
    # Data protection page). The outputs are files, searched byte by byte.
    env = {**postgres_env, CITIZEN_KEYS_ENV: "true"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    team = Team(env, tmp_path)
    with team.app() as app:
        journeys = record(app)
    team.work()
    wanted = needles(journeys)
    before = search(tmp_path, wanted) | search_rows(env["POSTGRES_SCHEMA"], wanted)
    assert union(before) == wanted.keys(), before

    with team.erasing():
        pass
    team.work()
    assert search(tmp_path, wanted) == {}
    after = search_rows(env["POSTGRES_SCHEMA"], wanted)
    assert union(after) <= REMAINING, after
    assert set(after) <= {"journeyapp_events"}, after


@pytest.mark.postgres
def test_a_cleared_postgres_view_keeps_no_old_rows_in_its_files(
    postgres_env: dict[str, str],
) -> None:
    # Rows a DELETE removes stay in a table's file until VACUUM; the view is truncated.
    import psycopg

    def sizes() -> list[int]:
        with psycopg.connect(autocommit=True, **POSTGRES) as connection:  # type: ignore[arg-type]
            rows = connection.execute(
                "SELECT pg_relation_size(c.oid) FROM pg_class AS c "
                "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r' AND c.relname LIKE 'gapprojection_%%' "
                "AND c.relname <> 'gapprojection_tracking'",
                (postgres_env["POSTGRES_SCHEMA"],),
            ).fetchall()
        return [row[0] for row in rows]

    with JourneyApp({**postgres_env, CITIZEN_KEYS_ENV: "true"}) as app:
        record(app)
        tracker = GapTracker(app)
        tracker.catch_up()
        assert len(sizes()) == 11  # the ten tables of the view and its citizen folds
        assert any(sizes())
        tracker.reset()
        assert not any(sizes())
        tracker.close()


def search_rows(schema: str, wanted: dict[str, tuple[bytes, ...]]) -> dict[str, set[str]]:
    """Which of ``wanted`` the rows of each table in ``schema`` hold: each row as text
    (UUIDs as text, ``bytea`` as hex) and each ``bytea`` value as its bytes."""
    import psycopg
    from psycopg.sql import SQL, Identifier

    hits: dict[str, set[str]] = {}
    with psycopg.connect(autocommit=True, **POSTGRES) as connection:  # type: ignore[arg-type]
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (schema,),
        ).fetchall()
        for (table,) in tables:
            name = SQL("{0}.{1}").format(Identifier(schema), Identifier(table))
            values: list[bytes] = [
                row[0].encode()
                for row in connection.execute(SQL("SELECT t::text FROM {0} AS t").format(name))
            ]
            binary = connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = %s AND data_type = 'bytea'",
                (schema, table),
            ).fetchall()
            for (column,) in binary:
                query = SQL("SELECT {0} FROM {1}").format(Identifier(column), name)
                values += [bytes(row[0]) for row in connection.execute(query) if row[0]]
            content = b"\n".join(values)
            found = {key for key, forms in wanted.items() if any(f in content for f in forms)}
            if found:
                hits[table] = found
    return hits
