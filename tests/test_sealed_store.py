"""An encrypted store knows it is encrypted (issue 14, part 1).

A store sealed with a ``CIPHER_KEY`` or citizen keys records so in itself, with
a key check value; apps without the key, with another key or configured
otherwise are refused before they write, and an app opened before the store was
sealed finds out when it saves.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeys import JourneyApp, analyse
from journeys.cli import main
from journeys.errors import StoreError
from journeys.interop import write_journey_csv
from journeys.privacy import CIPHER_KEY_ENV, CITIZEN_KEYS_ENV, new_cipher_key
from journeys.privacy.citizen_keys import KEY_BYTES, SEALED_MARK
from journeys.privacy.keystore import KEYS_TABLE
from journeys.privacy.seal_tables import SEAL_TABLE
from tests.helpers import at
from tests.interop_data import sample_journeys
from tests.privacy_data import PEOPLE, citizen, population, raw_bytes

CITIZEN_KEYS = {CITIZEN_KEYS_ENV: "true"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """Environment keys of an empty store that several apps can open: SQLite, PostgreSQL."""
    if request.param == "sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "s.db"),
        }
    env: dict[str, str] = request.getfixturevalue("postgres_env")
    return env


def encrypted(store: dict[str, str], **extra: str) -> str:
    """Fill ``store`` with the population, encrypted with a new key; return the key."""
    key = new_cipher_key()
    with JourneyApp({**store, CIPHER_KEY_ENV: key, **extra}) as app:
        app.save(*population(without="carol"))
    return key


def test_a_keyless_writer_is_refused_by_an_encrypted_store(store: dict[str, str]) -> None:
    key = encrypted(store)
    with pytest.raises(StoreError, match="this store is encrypted: open it with its CIPHER_KEY"):
        JourneyApp(store)
    with JourneyApp({**store, CIPHER_KEY_ENV: key}) as app:
        # Nothing was written in clear: the whole store still reads with the key.
        assert analyse(app).journeys_started == 4


def test_a_wrong_key_is_refused_and_the_right_one_still_reads(store: dict[str, str]) -> None:
    key = encrypted(store)
    with pytest.raises(StoreError, match="not the key of this encrypted store"):
        JourneyApp({**store, CIPHER_KEY_ENV: new_cipher_key()})
    with JourneyApp({**store, CIPHER_KEY_ENV: key}) as app:
        app.save(*population()[4:])
        assert analyse(app).journeys_started == 6


def test_a_keyless_writer_cannot_store_citizen_keys_in_clear(tmp_path: Path) -> None:
    database = tmp_path / "both.db"
    store = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(database)}
    key = encrypted(store, **CITIZEN_KEYS)
    for keyless in (store, {**store, **CITIZEN_KEYS}):
        with pytest.raises(StoreError, match="CIPHER_KEY"):
            JourneyApp(keyless)
    with sqlite3.connect(database) as connection:
        secrets = [row[0] for row in connection.execute(f"SELECT secret FROM {KEYS_TABLE}")]
    assert len(secrets) == 2
    assert all(len(secret) != KEY_BYTES for secret in secrets)  # all wrapped by CIPHER_KEY
    with JourneyApp({**store, CIPHER_KEY_ENV: key}) as app:
        app.save(*population()[4:])
        assert app.erase_citizen(citizen("carol")) == 2
        assert analyse(app).journeys_erased == 2


def test_a_plain_store_refuses_a_key(store: dict[str, str]) -> None:
    with JourneyApp(store) as app:
        app.save(population()[0])
    with pytest.raises(StoreError, match="not encrypted, but a CIPHER_KEY was given"):
        JourneyApp({**store, CIPHER_KEY_ENV: new_cipher_key()})


def test_the_record_holds_a_check_value_not_the_key(tmp_path: Path) -> None:
    database = tmp_path / "e.db"
    key = encrypted({"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(database)})
    with sqlite3.connect(database) as connection:
        cipher, keys, check = connection.execute(
            f"SELECT cipher, citizen_keys, key_check FROM {SEAL_TABLE}"
        ).fetchone()
    assert (cipher, keys, len(check)) == (1, 0, 32)
    assert key.encode() not in raw_bytes(database)


def test_a_store_sealed_before_the_record_existed_is_probed(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    store = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(database)}
    key = encrypted(store)
    with sqlite3.connect(database) as connection:
        connection.execute(f"DROP TABLE {SEAL_TABLE}")
    with pytest.raises(StoreError, match="events are encrypted"):
        JourneyApp(store)
    with pytest.raises(StoreError, match="does not decrypt"):
        JourneyApp({**store, CIPHER_KEY_ENV: new_cipher_key()})
    with JourneyApp({**store, CIPHER_KEY_ENV: key}) as app:
        assert analyse(app).journeys_started == 4
    with pytest.raises(StoreError, match="this store is encrypted"):
        JourneyApp(store)  # the record was written again by the app with the key


def test_the_cli_import_without_the_key_exits_1_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "enc.db"
    log = tmp_path / "log.csv"
    write_journey_csv([e for j in sample_journeys() for e in j.pending_events], log)
    key = encrypted({"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(database)})
    monkeypatch.delenv(CIPHER_KEY_ENV, raising=False)
    result = CliRunner().invoke(main, ["import", str(log), "--db", str(database), "--quiet"])
    assert result.exit_code == 1
    assert "Error: this store is encrypted: open it with its CIPHER_KEY" in result.output
    assert "Traceback" not in result.output
    assert b"cit-1" not in raw_bytes(database)
    with JourneyApp.sqlite(database, cipher_key=key) as app:
        assert analyse(app).journeys_started == 4


@pytest.mark.parametrize("sealing", ["cipher", "citizen-keys"])
def test_an_app_opened_before_the_store_was_sealed_finds_out_when_it_saves(
    store: dict[str, str], sealing: str
) -> None:
    key = new_cipher_key()
    sealed_env = (
        {**store, CIPHER_KEY_ENV: key} if sealing == "cipher" else {**store, **CITIZEN_KEYS}
    )
    with JourneyApp(store) as early:
        with JourneyApp(sealed_env) as sealer:
            sealer.save(population()[0])
            position = sealer.max_position()
        with pytest.raises(StoreError, match=r"sealed .* by another app after this one opened"):
            early.save(population()[2])
        with pytest.raises(StoreError, match="by another app"):
            early.start_journey(
                citizen=citizen("carol"), trigger="birth", nation="wales", occurred_at=at(0)
            )
        assert early.max_position() == position
    with JourneyApp(sealed_env) as later:
        assert analyse(later).journeys_started == 1
        if sealing == "citizen-keys":
            stored = later.recorder.select_events(population()[0].id, limit=1)
            assert stored[0].state.startswith(SEALED_MARK)


def test_citizen_keys_turned_on_later_keep_the_cipher_checked(store: dict[str, str]) -> None:
    key = encrypted(store)
    with JourneyApp({**store, CIPHER_KEY_ENV: key, **CITIZEN_KEYS}) as app:
        app.save(*population()[4:])
        assert app.keystore is not None
    with pytest.raises(StoreError, match="CIPHER_KEY"):
        JourneyApp({**store, **CITIZEN_KEYS})
    with JourneyApp({**store, CIPHER_KEY_ENV: key}) as app:
        assert app.keystore is not None
        assert analyse(app).journeys_started == len(PEOPLE) * 2


def test_an_in_memory_store_is_sealed_too() -> None:
    with JourneyApp.in_memory(cipher_key=new_cipher_key(), citizen_keys=True) as app:
        app.save(*population())
        assert app.seal.record is not None
        assert (app.seal.record.cipher, app.seal.record.citizen_keys) == (True, True)
        app.seal.check()


def test_a_sealing_between_the_check_and_the_insert_is_caught(store: dict[str, str]) -> None:
    with JourneyApp(store) as early:
        to_stored_event = early.mapper.to_stored_event

        def seal_meanwhile(event: object) -> object:
            # Another process turns citizen keys on while this save is being mapped.
            with JourneyApp({**store, **CITIZEN_KEYS}):
                pass
            early.mapper.to_stored_event = to_stored_event  # type: ignore[method-assign]
            return to_stored_event(event)  # type: ignore[arg-type]

        early.mapper.to_stored_event = seal_meanwhile  # type: ignore[method-assign,assignment]
        with pytest.raises(StoreError, match="by another app"):
            early.save(population()[0])
        assert early.max_position() == 0


def test_an_empty_plain_store_can_become_encrypted(store: dict[str, str]) -> None:
    with JourneyApp(store):
        pass
    key = new_cipher_key()
    with JourneyApp({**store, CIPHER_KEY_ENV: key}) as app:
        app.save(population()[0])
    with pytest.raises(StoreError, match="this store is encrypted"):
        JourneyApp(store)


def test_apps_opening_a_new_store_together_agree_on_its_record(store: dict[str, str]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def open_close(number: int) -> bool:
        with JourneyApp({**store, **(CITIZEN_KEYS if number % 2 else {})}) as app:
            return app.seal.citizen_keys

    if store["PERSISTENCE_MODULE"] == "eventsourcing.postgres":
        # eventsourcing's own tables cannot be created by two apps at once on PostgreSQL.
        JourneyApp(store).close()
    with ThreadPoolExecutor(4) as pool:
        opened = list(pool.map(open_close, range(8)))
    assert all(opened[1::2])
    with JourneyApp(store) as app:
        assert app.seal.citizen_keys
        assert app.keystore is not None
