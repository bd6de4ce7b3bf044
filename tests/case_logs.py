"""Two small activity logs that share a case id, imported into stores for the
journey-reference and ``journeys list`` tests.

``fines.csv`` (trigger ``traffic-fine``, Wales, journeys ended ``completed``): case
``N1`` sends a hand-off from DWP to HMRC that is never answered (a dropped
hand-off); case ``N2`` goes from DWP to HMRC. ``benefits.csv`` (trigger ``death``,
Scotland, journeys left open): case ``N2`` at Social Security Scotland, case ``N3``
at SSS then DWP. So ``N2`` is in both logs.
"""

from __future__ import annotations

from pathlib import Path

from journeys import JourneyApp
from journeys.interop import import_log

HEADER = "case:concept:name,concept:name,time:timestamp,org:resource,org:group\n"

FINES = (
    HEADER
    + "N1,Create Fine,2025-03-01T10:00:00+00:00,,dwp\n"
    + "N1,Send Fine,2025-03-02T10:00:00+00:00,,dwp\n"
    + "N2,Create Fine,2025-03-01T11:00:00+00:00,,dwp\n"
    + "N2,Pay,2025-03-05T11:00:00+00:00,,hmrc\n"
)
FINES_MAPPING = """\
[journey]
trigger = "traffic-fine"
nation = "wales"

[activity."Send Fine"]
sends_handoff_to = "hmrc"
"""
BENEFITS = (
    HEADER
    + "N2,Claim,2025-04-01T10:00:00+00:00,,sss\n"
    + "N3,Claim,2025-04-02T10:00:00+00:00,,sss\n"
    + "N3,Review,2025-04-03T10:00:00+00:00,,dwp\n"
)
BENEFITS_MAPPING = """\
[journey]
trigger = "death"
nation = "scotland"
end = false
"""
LOGS = {"fines.csv": (FINES, FINES_MAPPING), "benefits.csv": (BENEFITS, BENEFITS_MAPPING)}
"""Each log's source name, its rows and its mapping."""


def import_case_logs(
    app: JourneyApp, folder: Path, *, sources: tuple[str, ...] = tuple(LOGS)
) -> None:
    """Write the logs named ``sources`` (with their mappings) in ``folder`` and import
    them into ``app``, each under its file name as source."""
    for source in sources:
        rows, mapping = LOGS[source]
        log = folder / source
        log.write_text(rows, encoding="utf-8")
        mapping_path = folder / f"{source}.mapping.toml"
        mapping_path.write_text(mapping, encoding="utf-8")
        import_log(app, log, mapping=mapping_path, source=source)


def case_store(folder: Path, *, citizen_keys: bool = False) -> Path:
    """An SQLite store in ``folder`` holding both logs' journeys."""
    database = folder / "cases.db"
    with JourneyApp.sqlite(database, citizen_keys=citizen_keys) as app:
        import_case_logs(app, folder)
    return database
