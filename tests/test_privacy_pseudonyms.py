"""Pseudonymous citizen references: a keyed hash of a normalised identifier."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import JourneyApp
from journeys.errors import InvalidValueError, PrivacyKeyError
from journeys.privacy import PSEUDONYM_KEY_ENV, new_pseudonym_key, normalise_identifier, pseudonym
from tests.helpers import T0
from tests.privacy_data import PSEUDONYM_KEY, raw_bytes

identifiers = st.text(string.ascii_letters + string.digits, min_size=1, max_size=20)


@given(identifiers, st.lists(st.sampled_from([" ", "-", "\t", " - "]), max_size=5), st.data())
def test_spacing_hyphens_and_case_do_not_change_the_reference(
    identifier: str, separators: list[str], data: st.DataObject
) -> None:
    written = identifier.upper()
    for separator in separators:
        cut = data.draw(st.integers(0, len(written)))
        written = written[:cut] + separator + written[cut:]
    assert pseudonym(written, PSEUDONYM_KEY) == pseudonym(identifier, PSEUDONYM_KEY)


@given(identifiers, identifiers)
def test_different_identifiers_or_keys_give_different_references(first: str, second: str) -> None:
    if normalise_identifier(first) != normalise_identifier(second):
        assert pseudonym(first, PSEUDONYM_KEY) != pseudonym(second, PSEUDONYM_KEY)
    assert pseudonym(first, PSEUDONYM_KEY) != pseudonym(first, new_pseudonym_key())


def test_a_reference_is_hmac_sha256_hex_and_not_the_identifier() -> None:
    reference = pseudonym("943 476 5919", PSEUDONYM_KEY)
    assert re.fullmatch(r"[0-9a-f]{64}", reference)
    assert "9434765919" not in reference
    assert normalise_identifier("ＱＱ 12-34-56 c") == "qq123456c"  # full-width forms too


def test_the_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, PSEUDONYM_KEY)
    assert pseudonym("9434765919") == pseudonym("9434765919", PSEUDONYM_KEY)


@pytest.mark.parametrize(("key", "message"), [(None, PSEUDONYM_KEY_ENV), ("too short", "32")])
def test_a_missing_or_short_key_is_refused(
    monkeypatch: pytest.MonkeyPatch, key: str | None, message: str
) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY_ENV, raising=False)
    with pytest.raises(PrivacyKeyError, match=message) as refused:
        pseudonym("9434765919", key)
    assert key is None or key not in str(refused.value)


@pytest.mark.parametrize("identifier", ["", " - ", "\t"])
def test_an_empty_identifier_is_refused(identifier: str) -> None:
    with pytest.raises(InvalidValueError):
        pseudonym(identifier, PSEUDONYM_KEY)


def test_the_store_holds_the_reference_never_the_identifier(tmp_path: Path) -> None:
    database = tmp_path / "journeys.db"
    with JourneyApp.sqlite(database) as app:
        app.start_journey(
            citizen=pseudonym("943 476 5919", PSEUDONYM_KEY),
            trigger="death",
            nation="wales",
            occurred_at=T0,
        )
    stored = raw_bytes(database)
    assert pseudonym("9434765919", PSEUDONYM_KEY).encode() in stored
    assert b"9434765919" not in stored
    assert b"943 476 5919" not in stored
