"""The PostgreSQL gap view: tables next to the journey events, in the same schema."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Composed, Identifier

from journeys.analysis.citizen_fold import CitizenFold
from journeys.analysis.fold import JourneyFold
from journeys.analysis.tally import Tally
from journeys.analysis.views import rows
from journeys.analysis.views.base import GapView, ViewUpdate


class PostgresGapView(PostgresTrackingRecorder, rows.CounterNames, GapView):
    """Keeps the view in tables ``<name>_findings`` ... beside ``<name>_tracking``."""

    def __init__(
        self,
        datastore: PostgresDatastore,
        *,
        tracking_table_name: str = "gapprojection_tracking",
        **kwargs: Any,
    ) -> None:
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        prefix = tracking_table_name.removesuffix("_tracking")
        self._tables = {
            name: f"{prefix}_{name}" for name in (*rows.TALLY_TABLES, "folds", "citizens")
        }
        for table in self._tables.values():
            self.check_identifier_length(table)
        definitions = {
            "findings": "id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, journey TEXT NOT NULL, "
            "from_body TEXT, to_body TEXT, start_at TIMESTAMPTZ NOT NULL, "
            "end_at TIMESTAMPTZ NOT NULL, duration_seconds DOUBLE PRECISION NOT NULL, "
            "items TEXT NOT NULL, handoff TEXT, detail TEXT",
            "transitions": "id BIGSERIAL PRIMARY KEY, from_body TEXT NOT NULL, "
            "from_label TEXT NOT NULL, to_body TEXT NOT NULL, "
            "to_label TEXT NOT NULL, durations BYTEA NOT NULL",
            "nodes": "body TEXT NOT NULL, label TEXT NOT NULL, visits BIGINT NOT NULL, "
            "starts BIGINT NOT NULL, ends BIGINT NOT NULL, PRIMARY KEY (body, label)",
            "handoffs": "from_body TEXT NOT NULL, to_body TEXT NOT NULL, sent BIGINT NOT NULL, "
            "PRIMARY KEY (from_body, to_body)",
            "counters": "name TEXT PRIMARY KEY, value BIGINT NOT NULL",
            "feedback": "id BIGSERIAL PRIMARY KEY, journey TEXT NOT NULL, "
            "journey_trigger TEXT NOT NULL, journey_nation TEXT NOT NULL, body TEXT NOT NULL, "
            "about TEXT NOT NULL, instrument TEXT NOT NULL, answer TEXT NOT NULL, "
            "score DOUBLE PRECISION, themes TEXT NOT NULL, channel TEXT, "
            "occurred_at TIMESTAMPTZ NOT NULL",
            "complaints": "body TEXT NOT NULL, status TEXT NOT NULL, complaints BIGINT NOT NULL, "
            "PRIMARY KEY (body, status)",
            "body_journeys": "body TEXT PRIMARY KEY, journeys BIGINT NOT NULL",
            "channels": "body TEXT NOT NULL, channel TEXT NOT NULL, uses BIGINT NOT NULL, "
            "PRIMARY KEY (body, channel)",
            "folds": "journey TEXT PRIMARY KEY, state TEXT NOT NULL",
            "citizens": "life TEXT PRIMARY KEY, state TEXT NOT NULL",
        }
        for name, columns in definitions.items():
            # The column lists are constants of this module, not input.
            self.sql_create_statements.append(
                SQL("CREATE TABLE IF NOT EXISTS {0}.{1} (" + columns + ")").format(
                    Identifier(self.datastore.schema), Identifier(self._tables[name])
                )
            )

    def _table(self, name: str) -> Composed:
        return SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(self._tables[name])
        )

    def record(self, update: ViewUpdate) -> None:
        delta = update.delta
        with self.datastore.transaction(commit=True) as cursor:
            for table, columns, values in (
                (
                    "findings",
                    rows.FINDING_COLUMNS,
                    [rows.finding_row(f, times_as_text=False) for f in delta.findings],
                ),
                (
                    "feedback",
                    rows.FEEDBACK_COLUMNS,
                    [rows.feedback_row(r, times_as_text=False) for r in delta.feedback],
                ),
            ):
                if values:
                    cursor.executemany(
                        SQL("INSERT INTO {0} ({1}) VALUES ({2})").format(
                            self._table(table),
                            SQL(", ").join(Identifier(c) for c in columns),
                            SQL(", ").join(SQL("%s") for _ in columns),
                        ),
                        values,
                    )
            for table, statement, values in (
                (
                    "transitions",
                    "INSERT INTO {0} (from_body, from_label, to_body, to_label, durations) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    rows.transition_rows(delta),
                ),
                (
                    "nodes",
                    "INSERT INTO {0} AS t VALUES (%s, %s, %s, %s, %s) ON CONFLICT (body, label) "
                    "DO UPDATE SET visits = t.visits + excluded.visits, "
                    "starts = t.starts + excluded.starts, ends = t.ends + excluded.ends",
                    rows.node_rows(delta),
                ),
                (
                    "handoffs",
                    "INSERT INTO {0} AS t VALUES (%s, %s, %s) ON CONFLICT (from_body, to_body) "
                    "DO UPDATE SET sent = t.sent + excluded.sent",
                    rows.handoff_rows(delta),
                ),
                (
                    "counters",
                    "INSERT INTO {0} AS t VALUES (%s, %s) ON CONFLICT (name) "
                    "DO UPDATE SET value = t.value + excluded.value",
                    rows.counter_rows(update),
                ),
                (
                    "complaints",
                    "INSERT INTO {0} AS t VALUES (%s, %s, %s) ON CONFLICT (body, status) "
                    "DO UPDATE SET complaints = t.complaints + excluded.complaints",
                    rows.complaint_rows(delta),
                ),
                (
                    "body_journeys",
                    "INSERT INTO {0} AS t VALUES (%s, %s) ON CONFLICT (body) "
                    "DO UPDATE SET journeys = t.journeys + excluded.journeys",
                    rows.body_journey_rows(delta),
                ),
                (
                    "channels",
                    "INSERT INTO {0} AS t VALUES (%s, %s, %s) ON CONFLICT (body, channel) "
                    "DO UPDATE SET uses = t.uses + excluded.uses",
                    rows.channel_rows(delta),
                ),
            ):
                if values:  # the statements are constants of this module, not input
                    cursor.executemany(SQL(statement).format(self._table(table)), values)
            if update.ended_journeys:
                cursor.execute(
                    SQL("DELETE FROM {0} WHERE journey = ANY(%s)").format(self._table("folds")),
                    ([str(journey) for journey in update.ended_journeys],),
                )
            if update.changed_folds:
                cursor.executemany(
                    SQL(
                        "INSERT INTO {0} AS t VALUES (%s, %s) ON CONFLICT (journey) "
                        "DO UPDATE SET state = excluded.state"
                    ).format(self._table("folds")),
                    [(str(fold.journey), rows.fold_json(fold)) for fold in update.changed_folds],
                )
            if update.changed_citizens:
                cursor.executemany(
                    SQL(
                        "INSERT INTO {0} AS t VALUES (%s, %s) ON CONFLICT (life) "
                        "DO UPDATE SET state = excluded.state"
                    ).format(self._table("citizens")),
                    [(str(c.life), rows.citizen_json(c)) for c in update.changed_citizens],
                )
            self._insert_tracking(cursor, update.tracking)

    def load_folds(self, journeys: Collection[UUID]) -> dict[UUID, JourneyFold]:
        if not journeys:
            return {}
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                SQL("SELECT state FROM {0} WHERE journey = ANY(%s)").format(self._table("folds")),
                ([str(journey) for journey in journeys],),
            )
            folds = [rows.fold_from_json(row["state"]) for row in cursor.fetchall()]
        return {fold.journey: fold for fold in folds}

    def load_citizens(self, lives: Collection[UUID]) -> dict[UUID, CitizenFold]:
        if not lives:
            return {}
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                SQL("SELECT state FROM {0} WHERE life = ANY(%s)").format(self._table("citizens")),
                ([str(life) for life in lives],),
            )
            found = [rows.citizen_from_json(row["state"]) for row in cursor.fetchall()]
        return {citizen.life: citizen for citizen in found}

    def citizen_folds(self) -> list[CitizenFold]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                SQL("SELECT state FROM {0} ORDER BY life").format(self._table("citizens"))
            )
            return [rows.citizen_from_json(row["state"]) for row in cursor.fetchall()]

    def tally(self) -> Tally:
        found: dict[str, list[Any]] = {}
        with self.datastore.transaction(commit=False) as cursor:
            for table in rows.TALLY_TABLES:
                order = SQL(" ORDER BY id" if table in rows.ORDERED_TABLES else "")
                cursor.execute(SQL("SELECT * FROM {0}{1}").format(self._table(table), order))
                found[table] = cursor.fetchall()
        return rows.tally_from_rows(**found)

    def open_folds(self) -> list[JourneyFold]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                SQL("SELECT state FROM {0} ORDER BY journey").format(self._table("folds"))
            )
            return [rows.fold_from_json(row["state"]) for row in cursor.fetchall()]

    def _counters_named(self, prefix: str) -> set[str]:
        """The names of the counters starting with ``prefix``, without it."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                SQL("SELECT name FROM {0} WHERE starts_with(name, %s)").format(
                    self._table("counters")
                ),
                (prefix,),
            )
            return {row["name"].removeprefix(prefix) for row in cursor.fetchall()}

    def clear(self, application_name: str) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            # TRUNCATE, not DELETE: a clear follows an erasure, and deleted rows (the
            # erased citizen's findings, items and services, in clear) would stay in
            # the tables' files until VACUUM; truncated tables get new, empty files.
            cursor.execute(
                SQL("TRUNCATE {0}").format(SQL(", ").join(map(self._table, self._tables)))
            )
            cursor.execute(
                SQL("DELETE FROM {0}.{1} WHERE application_name = %s").format(
                    Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
                ),
                (application_name,),
            )
