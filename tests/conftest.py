"""Shared fixtures: Hypothesis profiles, stores on every backend, PostgreSQL isolation."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from journeys import JourneyApp

pytest_plugins = ["pytester"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

settings.register_profile(
    "fast",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "fast")
settings.load_profile(HYPOTHESIS_PROFILE)


def _shared_folder() -> Path:
    """The shared data checkout: $JOURNEYS_SHARED, else ``../shared`` beside the project,
    else ``/work/shared`` (where it lives on the project's machines, for clones made
    elsewhere, such as CI's)."""
    candidates = [Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")]
    if os.environ.get("JOURNEYS_SHARED"):
        candidates.insert(0, Path(os.environ["JOURNEYS_SHARED"]))
    return next((path for path in candidates if path.is_dir()), candidates[0])


SHARED = _shared_folder()
POSTGRES = {
    "dbname": os.environ.get("JOURNEYS_TEST_POSTGRES_DBNAME", "test"),
    "host": os.environ.get("JOURNEYS_TEST_POSTGRES_HOST", "127.0.0.1"),
    "port": int(os.environ.get("JOURNEYS_TEST_POSTGRES_PORT", "5432")),
    "user": os.environ.get("JOURNEYS_TEST_POSTGRES_USER", "postgres"),
    "password": os.environ.get("JOURNEYS_TEST_POSTGRES_PASSWORD", ""),
}


def pytest_report_header(config: pytest.Config) -> str:
    return (
        f"journeys: CI={IN_CI}, hypothesis profile={HYPOTHESIS_PROFILE}, "
        f"shared data={SHARED.exists()}"
    )


def shared_data(relative: str) -> Path:
    """A file under ../shared, or skip (never under CI) when it is absent."""
    path = SHARED / relative
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing and CI=true: shared test data must be present")
        pytest.skip(f"{path} is not present (the ../shared checkout is absent)")
    return path


def _postgres_connect() -> object:
    import psycopg

    return psycopg.connect(autocommit=True, connect_timeout=3, **POSTGRES)


@pytest.fixture(scope="session")
def postgres_available() -> None:
    """Fail under CI, skip elsewhere, when no PostgreSQL server answers."""
    try:
        connection = _postgres_connect()
    except Exception as error:  # any driver or connection failure
        if IN_CI:
            pytest.fail(
                f"CI=true and PostgreSQL at {POSTGRES['host']}:{POSTGRES['port']} "
                f"cannot be reached: {error}"
            )
        pytest.skip(
            f"no PostgreSQL server answers at {POSTGRES['host']}:{POSTGRES['port']}: {error}"
        )
    connection.close()  # type: ignore[attr-defined]


POSTGRES_TESTS: list[str] = []
"""The tests that used a PostgreSQL schema in this process (reported at the end).

Under pytest-xdist each worker fills its own list and hands it to the controller
in ``workeroutput`` when it finishes; the controller adds them up, so the line
at the end counts the tests of every worker."""

_WORKER_OUTPUT_KEY = "journeys_postgres_tests"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker: pass this worker's PostgreSQL tests to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_OUTPUT_KEY] = list(POSTGRES_TESTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the xdist controller: add up what a finished worker counted."""
    POSTGRES_TESTS.extend(getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT_KEY, []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(
        f"journeys: {len(POSTGRES_TESTS)} tests ran against PostgreSQL at "
        f"{POSTGRES['host']}:{POSTGRES['port']} (CI={IN_CI})"
    )


@pytest.fixture
def postgres_schema(postgres_available: None, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    POSTGRES_TESTS.append(request.node.nodeid)
    schema = f"journeys_test_{uuid.uuid4().hex[:12]}"
    connection = _postgres_connect()
    connection.execute(f'CREATE SCHEMA "{schema}"')  # type: ignore[attr-defined]
    try:
        yield schema
    finally:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')  # type: ignore[attr-defined]
        connection.close()  # type: ignore[attr-defined]


@pytest.fixture
def postgres_env(postgres_schema: str) -> dict[str, str]:
    """eventsourcing environment keys for a PostgreSQL store in a fresh schema."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": POSTGRES["dbname"],
        "POSTGRES_HOST": POSTGRES["host"],
        "POSTGRES_PORT": str(POSTGRES["port"]),
        "POSTGRES_USER": POSTGRES["user"],
        "POSTGRES_PASSWORD": POSTGRES["password"],
        "POSTGRES_SCHEMA": postgres_schema,
    }


StoreFactory = Callable[[], JourneyApp]


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """Environment keys for each store: in-memory, an SQLite file, PostgreSQL."""
    if request.param == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if request.param == "sqlite":
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp_path / "journeys.db"),
        }
    env: dict[str, str] = request.getfixturevalue("postgres_env")
    return env


@pytest.fixture
def app_factory(store_env: dict[str, str]) -> Iterator[StoreFactory]:
    """Open apps on the parametrised store; closes them afterwards.

    On the in-memory store every call returns the same app (its events live in it).
    """
    opened: list[JourneyApp] = []

    def open_app() -> JourneyApp:
        if store_env["PERSISTENCE_MODULE"] == "eventsourcing.popo" and opened:
            return opened[0]
        app = JourneyApp(store_env)
        opened.append(app)
        return app

    yield open_app
    for app in opened:
        app.close()
