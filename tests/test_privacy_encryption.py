"""Encryption at rest with eventsourcing's cipher (CIPHER_KEY, the encryption extra)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeys import JourneyApp, analyse
from journeys.errors import StoreError
from journeys.privacy import CIPHER_KEY_ENV, new_cipher_key
from journeys.privacy.citizen_keys import KEY_BYTES
from tests.privacy_data import citizen, population, raw_bytes

# Long enough that random cipher text cannot contain them by chance.
PLAINTEXT = [
    *(citizen(person).encode() for person in ("alice", "bob", "carol")),
    b"registrar:W06000015",
    b"bereavement-support",
    b"death-registration",
    b"date_of_death",
    b"carol_fact_f00d",
]


def test_without_a_key_the_file_holds_the_plaintext(tmp_path: Path) -> None:
    # The control for the test below: the search does find what is stored in clear.
    database = tmp_path / "plain.db"
    with JourneyApp.sqlite(database) as app:
        app.save(*population())
    stored = raw_bytes(database)
    assert all(text in stored for text in PLAINTEXT)


@pytest.mark.parametrize("citizen_keys", [False, True], ids=["cipher", "cipher+citizen-keys"])
def test_with_a_key_the_file_holds_no_reference_body_or_item(
    tmp_path: Path, citizen_keys: bool
) -> None:
    database = tmp_path / "encrypted.db"
    key = new_cipher_key()
    with JourneyApp.sqlite(database, cipher_key=key, citizen_keys=citizen_keys) as app:
        app.save(*population())
        expected = analyse(app)
        secrets = (
            [k.secret for k in app.keystore.keys([j.id for j in population()]).values()]
            if app.keystore
            else []
        )
    stored = raw_bytes(database)
    assert [text for text in PLAINTEXT if text in stored] == []
    # Citizen keys are kept encrypted with the CIPHER_KEY, never as they are.
    assert all(len(secret) == KEY_BYTES and secret not in stored for secret in secrets)
    with JourneyApp.sqlite(database, cipher_key=key) as reopened:
        assert analyse(reopened) == expected


def test_the_key_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CIPHER_KEY_ENV, new_cipher_key())
    database = tmp_path / "encrypted.db"
    with JourneyApp.sqlite(database) as app:
        app.save(*population())
        assert app.mapper.cipher is not None
    assert citizen("alice").encode() not in raw_bytes(database)


def test_a_wrong_or_missing_key_is_a_store_error(tmp_path: Path) -> None:
    database = tmp_path / "encrypted.db"
    with JourneyApp.sqlite(database, cipher_key=new_cipher_key()) as app:
        app.save(*population())
    # Refused as the store opens: see tests/test_sealed_store.py.
    with pytest.raises(StoreError, match="CIPHER_KEY"):
        JourneyApp.sqlite(database, cipher_key=new_cipher_key())
    with pytest.raises(StoreError, match="CIPHER_KEY"):
        JourneyApp.sqlite(database)


def test_a_malformed_key_is_refused_when_the_store_opens(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        JourneyApp.sqlite(tmp_path / "x.db", cipher_key="bm90IGEga2V5")


@pytest.mark.postgres
def test_postgres_stores_only_cipher_text(postgres_env: dict[str, str]) -> None:
    import psycopg

    with JourneyApp({**postgres_env, CIPHER_KEY_ENV: new_cipher_key()}) as app:
        app.save(*population())
        assert analyse(app).journeys_started == len(population())
    with psycopg.connect(
        dbname=postgres_env["POSTGRES_DBNAME"],
        host=postgres_env["POSTGRES_HOST"],
        port=postgres_env["POSTGRES_PORT"],
        user=postgres_env["POSTGRES_USER"],
        password=postgres_env["POSTGRES_PASSWORD"],
    ) as connection:
        rows = connection.execute(
            f'SELECT state FROM "{postgres_env["POSTGRES_SCHEMA"]}".journeyapp_events'
        ).fetchall()
    stored = b"".join(bytes(row[0]) for row in rows)
    assert len(rows) > len(population())
    assert [text for text in PLAINTEXT if text in stored] == []
