"""Finding a journey by its id, its imported case id, or ``source:case``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import Journey, JourneyApp, journey_id
from journeys.application import CaseRef, imported_case, resolve_journey
from journeys.errors import AmbiguousJourneyError, JourneyNotFoundError, JourneysError
from journeys.life import life_id
from journeys.privacy import CITIZEN_KEYS_ENV, new_cipher_key
from tests.case_logs import case_store, import_case_logs
from tests.helpers import T0

N1 = journey_id("fines.csv", "N1")
FINES_N2 = journey_id("fines.csv", "N2")
BENEFITS_N2 = journey_id("benefits.csv", "N2")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return case_store(tmp_path_factory.mktemp("refs"))


@pytest.fixture
def app(store: Path) -> Iterator[JourneyApp]:
    with JourneyApp.sqlite(store) as opened:
        yield opened


def test_a_uuid_names_its_journey(app: JourneyApp) -> None:
    assert resolve_journey(app, N1) == N1
    assert resolve_journey(app, str(N1)) == N1
    assert resolve_journey(app, f"  {str(N1).upper()}\n") == N1


def test_a_case_id_names_the_journey_imported_from_it(app: JourneyApp) -> None:
    assert resolve_journey(app, "N1") == N1
    assert resolve_journey(app, "N3") == journey_id("benefits.csv", "N3")


def test_source_and_case_name_one_journey(app: JourneyApp) -> None:
    assert resolve_journey(app, "fines.csv:N2") == FINES_N2
    assert resolve_journey(app, "benefits.csv:N2") == BENEFITS_N2
    assert resolve_journey(app, "fines.csv:N1") == N1


def test_a_case_id_in_two_logs_is_ambiguous_and_lists_both(app: JourneyApp) -> None:
    with pytest.raises(AmbiguousJourneyError) as raised:
        resolve_journey(app, "N2")
    assert raised.value.choices == ("benefits.csv:N2", "fines.csv:N2")
    assert isinstance(raised.value, JourneysError)
    assert "benefits.csv:N2, fines.csv:N2" in str(raised.value)


@pytest.mark.parametrize(
    "ref",
    [
        "N9",
        "fines.csv:N3",
        "other.csv:N1",
        "00000000-0000-0000-0000-000000000001",
        str(life_id("fines.csv:N1")),  # a life, not a journey
        "   ",
    ],
)
def test_what_names_no_journey_is_not_found_and_says_how_to_list(app: JourneyApp, ref: str) -> None:
    with pytest.raises(JourneyNotFoundError, match="journeys list"):
        resolve_journey(app, ref)


def test_a_citizen_ref_with_a_colon_is_not_an_imported_case() -> None:
    app = JourneyApp.in_memory()
    recorded = app.start_journey(citizen="fines.csv:N7", trigger="death", nation="wales",
                                 occurred_at=T0)  # fmt: skip
    assert imported_case("fines.csv:N7", recorded) is None
    with pytest.raises(JourneyNotFoundError):
        resolve_journey(app, "N7")
    assert resolve_journey(app, str(recorded)) == recorded


def test_imported_case_splits_sources_and_cases_holding_colons() -> None:
    ref = CaseRef("log:2024", "a:b")
    assert imported_case(str(ref), ref.journey_id) == ref
    assert str(ref) == "log:2024:a:b"


def test_an_erased_citizens_journey_is_not_found(tmp_path: Path) -> None:
    store = case_store(tmp_path, citizen_keys=True)
    with JourneyApp.sqlite(store) as app:
        assert resolve_journey(app, "N1") == N1
        app.erase_citizen("fines.csv:N1")
        for ref in ("N1", "fines.csv:N1", str(N1)):
            with pytest.raises(JourneyNotFoundError):
                resolve_journey(app, ref)
        # The other log's journeys are still found, and N2 is still ambiguous.
        assert resolve_journey(app, "N3") == journey_id("benefits.csv", "N3")
        with pytest.raises(AmbiguousJourneyError):
            resolve_journey(app, "N2")


def test_once_one_log_is_erased_the_shared_case_id_is_no_longer_ambiguous(
    tmp_path: Path,
) -> None:
    store = case_store(tmp_path, citizen_keys=True)
    with JourneyApp.sqlite(store) as app:
        app.erase_citizen("benefits.csv:N2")
        assert resolve_journey(app, "N2") == FINES_N2


def test_one_log_alone_resolves_its_cases(tmp_path: Path) -> None:
    with JourneyApp.in_memory() as app:
        import_case_logs(app, tmp_path, sources=("benefits.csv",))
        assert resolve_journey(app, "N2") == BENEFITS_N2


CASE_IDS = st.text(st.characters(codec="ascii", categories=("L", "N", "P")), min_size=1,
                   max_size=8).map(str.strip).filter(bool)  # fmt: skip


@given(cases=st.dictionaries(CASE_IDS, st.sampled_from(["a.csv", "b.xes", "c"]), max_size=6))
def test_every_imported_case_resolves_to_its_journey_id(cases: dict[str, str]) -> None:
    app = JourneyApp.in_memory()
    app.save(
        *(
            Journey.start(
                citizen=f"{source}:{case}",
                trigger="imported",
                nation="england",
                occurred_at=T0,
                id=journey_id(source, case),
            )
            for case, source in cases.items()
        )
    )
    for case, source in cases.items():
        expected = journey_id(source, case)
        assert resolve_journey(app, f"{source}:{case}") == expected
        assert resolve_journey(app, str(expected)) == expected
        # A bare case id names its journey unless it also reads as another's source:case.
        if not any(case == f"{other_source}:{other}" for other, other_source in cases.items()):
            assert resolve_journey(app, case) == expected


def test_refs_resolve_on_every_store_encrypted_and_sealed(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**store_env, CITIZEN_KEYS_ENV: "true", "CIPHER_KEY": new_cipher_key()}
    with JourneyApp(env) as app:
        import_case_logs(app, tmp_path)
        assert resolve_journey(app, "N1") == N1
        assert resolve_journey(app, "benefits.csv:N2") == BENEFITS_N2
        with pytest.raises(AmbiguousJourneyError):
            resolve_journey(app, "N2")
        app.erase_citizen("fines.csv:N2")
        assert resolve_journey(app, "N2") == BENEFITS_N2
        with pytest.raises(JourneyNotFoundError):
            resolve_journey(app, "fines.csv:N2")


def test_the_apps_reads_take_a_case_id_too(app: JourneyApp) -> None:
    assert app.get_journey("N1").id == N1
    assert app.get_journey(str(N1)).id == N1
    assert app.journey_events("fines.csv:N2")[0].originator_id == FINES_N2
    with pytest.raises(AmbiguousJourneyError):
        app.get_journey("N2")
    with pytest.raises(JourneyNotFoundError, match="journeys list"):
        app.journey_events("N9")
