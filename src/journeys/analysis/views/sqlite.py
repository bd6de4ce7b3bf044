"""The SQLite gap view: tables next to the journey events, in the same file.

The view holds journey ids, items and times of people's journeys, and it is
cleared when a citizen is erased (the projection then rebuilds itself). So what
it deletes or overwrites must leave the disk too: every write runs with
``PRAGMA secure_delete`` (SQLite then zeroes deleted content; most builds have
it off by default), and :meth:`SQLiteGapView.clear` checkpoints the write-ahead
log, whose older frames would otherwise still hold the pages it cleared.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteCursor, SQLiteDatastore, SQLiteTrackingRecorder

from journeys.analysis.citizen_fold import CitizenFold
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import Tally
from journeys.analysis.views import rows
from journeys.analysis.views.base import GapView, ViewUpdate

PREFIX = "gaps"


class SQLiteGapView(SQLiteTrackingRecorder, rows.CounterNames, GapView):
    """Keeps the view in tables ``gaps_*`` of an SQLite database."""

    def __init__(self, datastore: SQLiteDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        columns = ", ".join(rows.FINDING_COLUMNS)
        marks = ", ".join("?" for _ in rows.FINDING_COLUMNS)
        self._insert_finding = f"INSERT INTO {PREFIX}_findings ({columns}) VALUES ({marks})"
        columns = ", ".join(rows.FEEDBACK_COLUMNS)
        marks = ", ".join("?" for _ in rows.FEEDBACK_COLUMNS)
        self._insert_feedback = f"INSERT INTO {PREFIX}_feedback ({columns}) VALUES ({marks})"

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements += [
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_findings (id INTEGER PRIMARY KEY, "
            "kind TEXT NOT NULL, journey TEXT NOT NULL, from_body TEXT, to_body TEXT, "
            "start_at TEXT NOT NULL, end_at TEXT NOT NULL, duration_seconds REAL NOT NULL, "
            "items TEXT NOT NULL, handoff TEXT, detail TEXT)",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_transitions (id INTEGER PRIMARY KEY, "
            "from_body TEXT NOT NULL, from_label TEXT NOT NULL, to_body TEXT NOT NULL, "
            "to_label TEXT NOT NULL, durations BLOB NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_nodes (body TEXT NOT NULL, label TEXT NOT NULL, "
            "visits INTEGER NOT NULL, starts INTEGER NOT NULL, ends INTEGER NOT NULL, "
            "PRIMARY KEY (body, label))",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_handoffs (from_body TEXT NOT NULL, "
            "to_body TEXT NOT NULL, sent INTEGER NOT NULL, PRIMARY KEY (from_body, to_body))",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_counters (name TEXT PRIMARY KEY, "
            "value INTEGER NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_feedback (id INTEGER PRIMARY KEY, "
            "journey TEXT NOT NULL, journey_trigger TEXT NOT NULL, journey_nation TEXT NOT NULL, "
            "body TEXT NOT NULL, about TEXT NOT NULL, instrument TEXT NOT NULL, "
            "answer TEXT NOT NULL, score REAL, themes TEXT NOT NULL, channel TEXT, "
            "occurred_at TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_complaints (body TEXT NOT NULL, "
            "status TEXT NOT NULL, complaints INTEGER NOT NULL, PRIMARY KEY (body, status))",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_body_journeys (body TEXT PRIMARY KEY, "
            "journeys INTEGER NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_channels (body TEXT NOT NULL, "
            "channel TEXT NOT NULL, uses INTEGER NOT NULL, PRIMARY KEY (body, channel))",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_folds (journey TEXT PRIMARY KEY, "
            "state TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {PREFIX}_citizens (life TEXT PRIMARY KEY, "
            "state TEXT NOT NULL)",
        ]
        return statements

    def record(self, update: ViewUpdate) -> None:
        delta = update.delta
        with self._writing() as cursor:
            cursor.executemany(
                self._insert_finding,
                [rows.finding_row(f, times_as_text=True) for f in delta.findings],
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_transitions (from_body, from_label, to_body, to_label, "
                "durations) VALUES (?, ?, ?, ?, ?)",
                rows.transition_rows(delta),
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_nodes VALUES (?, ?, ?, ?, ?) ON CONFLICT (body, label) "
                "DO UPDATE SET visits = visits + excluded.visits, "
                "starts = starts + excluded.starts, ends = ends + excluded.ends",
                rows.node_rows(delta),
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_handoffs VALUES (?, ?, ?) ON CONFLICT (from_body, to_body) "
                "DO UPDATE SET sent = sent + excluded.sent",
                rows.handoff_rows(delta),
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_counters VALUES (?, ?) ON CONFLICT (name) "
                "DO UPDATE SET value = value + excluded.value",
                rows.counter_rows(update),
            )
            cursor.executemany(
                self._insert_feedback,
                [rows.feedback_row(r, times_as_text=True) for r in delta.feedback],
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_complaints VALUES (?, ?, ?) ON CONFLICT (body, status) "
                "DO UPDATE SET complaints = complaints + excluded.complaints",
                rows.complaint_rows(delta),
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_body_journeys VALUES (?, ?) ON CONFLICT (body) "
                "DO UPDATE SET journeys = journeys + excluded.journeys",
                rows.body_journey_rows(delta),
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_channels VALUES (?, ?, ?) ON CONFLICT (body, channel) "
                "DO UPDATE SET uses = uses + excluded.uses",
                rows.channel_rows(delta),
            )
            cursor.executemany(
                f"DELETE FROM {PREFIX}_folds WHERE journey = ?",
                [(str(journey),) for journey in update.ended_journeys],
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_folds VALUES (?, ?) ON CONFLICT (journey) "
                "DO UPDATE SET state = excluded.state",
                [(str(fold.journey), rows.fold_json(fold)) for fold in update.changed_folds],
            )
            cursor.executemany(
                f"INSERT INTO {PREFIX}_citizens VALUES (?, ?) ON CONFLICT (life) "
                "DO UPDATE SET state = excluded.state",
                [(str(c.life), rows.citizen_json(c)) for c in update.changed_citizens],
            )
            self._insert_tracking(cursor, update.tracking)

    def load_folds(self, journeys: Collection[UUID]) -> dict[UUID, JourneyFold]:
        folds = (rows.fold_from_json(state) for state in self._states("folds", "journey", journeys))
        return {fold.journey: fold for fold in folds}

    def load_citizens(self, lives: Collection[UUID]) -> dict[UUID, CitizenFold]:
        found = (rows.citizen_from_json(state) for state in self._states("citizens", "life", lives))
        return {citizen.life: citizen for citizen in found}

    def _states(self, table: str, key: str, wanted: Collection[UUID]) -> list[str]:
        """The saved states of the rows of ``{PREFIX}_{table}`` whose ``key`` is one of
        ``wanted``, in chunks that stay well under SQLite's limit on bound parameters."""
        keys = [str(value) for value in wanted]
        states: list[str] = []
        with self.datastore.transaction(commit=False) as cursor:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                cursor.execute(
                    f"SELECT state FROM {PREFIX}_{table} WHERE {key} IN "
                    f"({', '.join('?' for _ in chunk)})",
                    chunk,
                )
                states.extend(row["state"] for row in cursor.fetchall())
        return states

    def citizen_folds(self) -> list[CitizenFold]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT state FROM {PREFIX}_citizens ORDER BY life")
            return [rows.citizen_from_json(row["state"]) for row in cursor.fetchall()]

    def tally(self) -> Tally:
        found: dict[str, list[Any]] = {}
        with self.datastore.transaction(commit=False) as cursor:
            for table in rows.TALLY_TABLES:
                order = " ORDER BY id" if table in rows.ORDERED_TABLES else ""
                cursor.execute(f"SELECT * FROM {PREFIX}_{table}{order}")
                found[table] = cursor.fetchall()
        return rows.tally_from_rows(**found)

    def open_folds(self) -> list[JourneyFold]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT state FROM {PREFIX}_folds ORDER BY journey")
            return [rows.fold_from_json(row["state"]) for row in cursor.fetchall()]

    def _counters_named(self, prefix: str) -> set[str]:
        """The names of the counters starting with ``prefix``, without it."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT name FROM {PREFIX}_counters WHERE substr(name, 1, ?) = ?",
                (len(prefix), prefix),
            )
            return {row["name"].removeprefix(prefix) for row in cursor.fetchall()}

    def clear(self, application_name: str) -> None:
        with self._writing() as cursor:
            for table in (*rows.TALLY_TABLES, "folds", "citizens"):
                cursor.execute(f"DELETE FROM {PREFIX}_{table}")
            cursor.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))
        # Copy the zeroed pages into the database file and empty the log (as the key
        # store does when it erases a key): a clear follows an erasure.
        with (
            self.datastore.get_connection(commit=True) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def _writing(self) -> Iterator[SQLiteCursor]:
        """A write transaction that zeroes what it deletes or overwrites."""
        with self.datastore.transaction(commit=True) as cursor:
            # Per connection, and cheap; set in each transaction because the
            # datastore's connections are pooled and made elsewhere.
            cursor.execute("PRAGMA secure_delete = ON")
            yield cursor
