"""Every mistake on the command line is one clear line, never a traceback.

Output files that cannot be written (a missing folder, a file in place of a
folder, an unwritable folder), a store locked by another writer and refused
imports each end with exit code 1 and one ``Error: ...`` line naming the path
and what to do; usage errors end with exit code 2 and one ``Error:`` line under
click's usage hint. The store is left as it was, and a refused import into a
new store leaves no file behind.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journeys import JourneyApp
from journeys.cli import main
from journeys.errors import OutputError
from journeys.interop import import_log
from journeys.output_files import output_error, write_text
from tests.helpers import CATALOGUE, drawn_bereavement, drawn_moving, drawn_still_open
from tests.interop_data import write_text as write_file

ACTIVITY_HEADER = "case:concept:name,concept:name,time:timestamp,org:group\n"
GOOD_LOG = f"{ACTIVITY_HEADER}A,Visit,2025-03-01T09:00:00,Front desk\n"
BAD_LOG = f"{ACTIVITY_HEADER}A,Visit,not a time,Front desk\n"
LOCKED = "the store is locked by another writer"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """An SQLite store of three journeys (its catalogue file beside it)."""
    (tmp_path / "catalogue.toml").write_text(CATALOGUE.to_toml(), encoding="utf-8")
    db = tmp_path / "journeys.db"
    with JourneyApp.sqlite(db, catalogue=CATALOGUE) as app:
        app.save(drawn_moving(), drawn_bereavement(), drawn_still_open())
    return db


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    """A plain file, named where a folder is expected."""
    return write_file(tmp_path / "somefile", "not a folder\n")


@pytest.fixture
def quick_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wait one second, not eventsourcing's default, for a locked SQLite store."""
    monkeypatch.setenv("SQLITE_LOCK_TIMEOUT", "1")


def fails(*args: str, code: int = 1) -> str:
    """Run the CLI, expecting exit ``code`` and one error line; return that line."""
    result = CliRunner().invoke(main, list(args))
    assert_one_clean_error(result, code)
    return result.stderr.strip()


def assert_one_clean_error(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    if code == 1:  # failed work: nothing but the error line
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stdout == ""


def events_in(db: Path) -> int:
    with JourneyApp.sqlite(db, catalogue=CATALOGUE) as app:
        return app.max_position()


@contextmanager
def untouched(db: Path) -> Iterator[None]:
    """Check that the ``with`` block leaves the store's bytes as they were."""
    before = db.read_bytes()
    yield
    assert db.read_bytes() == before


@contextmanager
def write_locked(db: Path) -> Iterator[None]:
    """Another process's write transaction on ``db`` for the ``with`` block."""
    other = sqlite3.connect(db, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def store_files(db: Path) -> list[Path]:
    """The store, its -wal and -shm files and a generated catalogue, where they exist."""
    names = (db.name, f"{db.name}-wal", f"{db.name}-shm", f"{db.name}.catalogue.toml")
    return [db.with_name(name) for name in names if db.with_name(name).exists()]


# --- output files that cannot be written -----------------------------------------------


def test_render_into_a_missing_folder(store: Path, tmp_path: Path) -> None:
    output = tmp_path / "nodir" / "map.svg"
    with untouched(store):
        line = fails("render", "--kind", "map", "--db", str(store), "-o", str(output))
    assert line == (
        f"Error: cannot write {output}: the folder {output.parent} does not exist: "
        "create it first or choose another folder"
    )
    assert not output.parent.exists()


def test_render_into_a_file_in_place_of_a_folder(store: Path, tmp_path: Path, a_file: Path) -> None:
    output = a_file / "map.svg"
    with untouched(store):
        line = fails("render", "--kind", "network", "--db", str(store), "-o", str(output))
    assert f"{a_file} is a file, not a folder: choose another path" in line
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"


def test_render_onto_a_folder_is_a_usage_error(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pictures.svg"
    folder.mkdir()
    line = fails("render", "--kind", "map", "--db", str(store), "-o", str(folder), code=2)
    assert "is a directory" in line


@pytest.mark.parametrize("where", ["nodir", "somefile"])
def test_analyse_json_into_a_missing_or_file_folder(
    store: Path, tmp_path: Path, a_file: Path, where: str
) -> None:
    output = tmp_path / where / "g.json"
    with untouched(store):
        line = fails("analyse", "--db", str(store), "--json", str(output))
    assert line.startswith(f"Error: cannot write {output}: ")
    assert ("does not exist" if where == "nodir" else "is a file, not a folder") in line


@pytest.mark.parametrize("option", ["--csv", "--ocel", "--xes"])
def test_export_into_a_missing_folder(store: Path, tmp_path: Path, option: str) -> None:
    output = tmp_path / "nodir" / "x.out"
    with untouched(store):
        line = fails("export", "--db", str(store), option, str(output))
    assert f"cannot write {output}: the folder {output.parent} does not exist" in line


def test_export_into_a_file_in_place_of_a_folder(store: Path, a_file: Path) -> None:
    line = fails("export", "--db", str(store), "--csv", str(a_file / "x.csv"))
    assert "is a file, not a folder" in line


def test_an_unwritable_output_folder_is_refused_before_the_work(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, whom permissions do not stop: the check is asked directly.
    real_access = os.access
    folder = tmp_path / "read-only"
    folder.mkdir()
    monkeypatch.setattr(
        "journeys.output_files.os.access",
        lambda path, mode: Path(path) != folder and real_access(path, mode),
    )
    output = folder / "map.svg"
    line = fails("render", "--kind", "map", "--db", str(store), "-o", str(output))
    assert line == (
        f"Error: cannot write {output}: the folder {folder} is not writable: "
        "choose another folder or change its permissions"
    )


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        line = fails("analyse", "--db", str(store), "--json", str(folder / "g.json"))
    finally:
        folder.chmod(0o755)
    assert "is not writable" in line


def test_a_write_the_system_refuses_is_one_line(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    output = tmp_path / "gaps.json"
    catalogue = store.with_name("catalogue.toml")
    line = fails(
        "analyse", "--db", str(store), "--catalogue", str(catalogue), "--json", str(output)
    )
    assert line == (
        f"Error: cannot write {output}: permission denied: choose a folder you can write to"
    )
    assert not output.exists()


def test_a_full_disk_says_so(tmp_path: Path) -> None:
    error = output_error(tmp_path / "x.csv", OSError(errno.ENOSPC, "No space left on device"))
    assert isinstance(error, OutputError)
    assert str(error) == (
        f"cannot write {tmp_path / 'x.csv'}: the disk is full: free some space and run it again"
    )


def test_a_failed_write_leaves_the_older_file(tmp_path: Path) -> None:
    older = write_file(tmp_path / "gaps.json", "older\n")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "write_bytes", interrupted)
        with pytest.raises(OutputError, match="Input/output error"):
            write_text(older, "newer\n")
    assert older.read_text(encoding="utf-8") == "older\n"
    assert [path.name for path in tmp_path.iterdir()] == ["gaps.json"]


def test_demo_into_a_file_in_place_of_a_folder(tmp_path: Path, a_file: Path) -> None:
    db = tmp_path / "demo.db"
    line = fails("demo", "--citizens", "1", "--db", str(db), "--out", str(a_file / "out"))
    assert line == (
        f"Error: cannot write {a_file / 'out'}: {a_file} is a file, not a folder: "
        "choose another folder"
    )
    assert store_files(db) == []


# --- a store locked by another writer --------------------------------------------------


@pytest.mark.usefixtures("quick_locks")
@pytest.mark.parametrize(
    "command",
    [
        ("import", "{log}", "--db", "{db}", "--quiet"),
        ("analyse", "--db", "{db}", "--track"),
    ],
    ids=["import", "analyse-track"],
)
def test_a_locked_store_is_one_line(store: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    log = write_file(tmp_path / "log.csv", GOOD_LOG)
    events = events_in(store)
    with write_locked(store):
        line = fails(*(part.format(log=log, db=store, out=tmp_path / "x.csv") for part in command))
    assert LOCKED in line
    assert not (tmp_path / "x.csv").exists()
    assert events_in(store) == events


# --- refused imports -------------------------------------------------------------------


@pytest.mark.parametrize("log", ["bad", "missing"])
def test_a_refused_import_into_a_new_store_leaves_no_file(tmp_path: Path, log: str) -> None:
    path = write_file(tmp_path / "log.csv", BAD_LOG) if log == "bad" else tmp_path / "nolog.csv"
    db = tmp_path / "new.db"
    line = fails("import", str(path), "--db", str(db), "--quiet")
    assert str(path) in line
    assert store_files(db) == []


def test_a_refused_import_into_a_stored_store_leaves_it_as_it_was(
    store: Path, tmp_path: Path
) -> None:
    log = write_file(tmp_path / "log.csv", BAD_LOG)
    files, events = store_files(store), events_in(store)
    with untouched(store):
        fails("import", str(log), "--db", str(store), "--quiet")
    assert store_files(store) == files
    assert events_in(store) == events > 0


def test_a_refused_import_into_an_empty_store_that_existed_keeps_it(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    JourneyApp.sqlite(db).close()
    log = write_file(tmp_path / "log.csv", BAD_LOG)
    fails("import", str(log), "--db", str(db), "--quiet")
    assert db.exists()
    assert events_in(db) == 0


def test_a_new_store_is_kept_when_the_import_succeeds(tmp_path: Path) -> None:
    log = write_file(tmp_path / "log.csv", GOOD_LOG)
    db = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["import", str(log), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert events_in(db) > 0


# --- the same case ids in two logs -----------------------------------------------------


def two_logs(tmp_path: Path) -> tuple[Path, Path]:
    """Two different activity logs of the same cases, both named log.csv."""
    first = tmp_path / "registrar" / "log.csv"
    second = tmp_path / "council" / "log.csv"
    for path, group in ((first, "Registrar"), (second, "Council tax")):
        path.parent.mkdir()
        rows = [f"{case},Visit,2025-03-0{day}T09:00,{group}\n" for day, case in enumerate("ABC", 1)]
        write_file(path, ACTIVITY_HEADER + "".join(rows))
    return first, second


def test_logs_of_the_same_cases_under_different_sources_both_import(tmp_path: Path) -> None:
    first, second = two_logs(tmp_path)
    with JourneyApp.sqlite(tmp_path / "j.db") as app:
        one = import_log(app, first, source="registrar")
        two = import_log(app, second, source="council")
        assert (one.imported, two.imported, two.skipped) == (3, 3, 0)
        assert len(list(app.journey_ids())) == 6


def test_a_log_named_like_a_stored_one_is_skipped_unless_given_a_source(tmp_path: Path) -> None:
    """The default source is the file's name: the second log.csv's journeys have the
    same ids as the first's and are taken for them, until --source tells them apart."""
    first, second = two_logs(tmp_path)
    db = tmp_path / "j.db"
    for log in (first, second):
        result = CliRunner().invoke(main, ["import", str(log), "--db", str(db)])
        assert result.exit_code == 0, result.output
    assert "imported 0 (0 events), 3 already stored" in result.output
    assert "came from source 'log.csv'" in result.output
    assert "--source" in result.output
    result = CliRunner().invoke(
        main, ["import", str(second), "--db", str(db), "--source", "council"]
    )
    assert "imported 3" in result.output
    with JourneyApp.sqlite(db) as app:
        assert len(list(app.journey_ids())) == 6


# --- usage errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("analyse", "--granularity", "county"),
        ("catalogue", "--json", "--csv"),
        ("render", "--kind", "map", "-o", "map.bmp"),
        ("export", "--db", "x.db"),
    ],
)
def test_usage_errors_exit_2_with_one_error_line(args: tuple[str, ...]) -> None:
    fails(*args, code=2)


# --- a real process --------------------------------------------------------------------


def test_a_real_process_prints_one_line_and_no_traceback(store: Path, tmp_path: Path) -> None:
    entry_point = Path(sys.executable).with_name("journeys")
    command = (
        [str(entry_point)]
        if entry_point.exists()
        else [sys.executable, "-c", "from journeys.cli import main; main()"]
    )
    output = tmp_path / "nodir" / "map.svg"
    done = subprocess.run(
        [*command, "render", "--kind", "map", "--db", str(store), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"Error: cannot write {output}: the folder {output.parent} does not exist: "
        "create it first or choose another folder"
    ]
    assert done.stdout == ""
