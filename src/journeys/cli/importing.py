"""``journeys import``: read an event log, or a file of feedback, into an SQLite store."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import click
from rich.console import Console

from journeys.application import JourneyApp
from journeys.cli.options import JourneysCommandError, catalogue_option, load_catalogue
from journeys.errors import JourneysError
from journeys.interop.activity_csv import ActivityColumns
from journeys.interop.feedback_import import FeedbackFormat, FeedbackReport, import_feedback
from journeys.interop.import_limits import ImportLimits
from journeys.interop.importer import DEFAULT_BATCH_SIZE, ImportReport, LogFormat, import_log
from journeys.interop.timestamps import parse_timezone

_DEFAULT_COLUMNS = ActivityColumns()
_DEFAULT_LIMITS = ImportLimits()

store_option = click.option(
    "--db",
    "db",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite store (created if missing). It keeps the bodies its events name.",
)


@click.command("import")
@click.argument("log_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@store_option
@click.option(
    "--format",
    "log_format",
    type=click.Choice([f.value for f in LogFormat] + [f.value for f in FeedbackFormat]),
    default=None,
    help="Log format. Default: from the extension (.xes, .xes.gz; OCEL 2.0: .jsonocel, .json, "
    ".xmlocel, .sqlite, .sqlite3); a .csv is a journey-events CSV when its header has "
    "journey,occurred_at,event, else an activity log. Feedback files are never guessed: "
    "name govuk-feedback (GOV.UK feedback explorer CSV), care-opinion (Care Opinion API v2 "
    "stories, JSON) or nhs-fft (NHS Friends and Family Test monthly CSV).",
)
@click.option(
    "--journey-object-type",
    default=None,
    metavar="TYPE",
    help="OCEL 2.0 logs: the object type whose objects become journeys (needed when the log "
    "has several object types). --resource-column and --group-column name the event "
    "attributes that give bodies.",
)
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="TOML file assigning activities, resources and groups to bodies (activity and OCEL "
    "2.0 logs).",
)
@catalogue_option
@click.option("--source", default=None, help="Name of the log in journey ids. Default: file name.")
@click.option(
    "--timezone",
    "timezone_name",
    default="UTC",
    show_default=True,
    help="Time zone of timestamps without a UTC offset (UTC, +01:00, Europe/London).",
)
@click.option("--case-column", default=_DEFAULT_COLUMNS.case, show_default=True)
@click.option("--activity-column", default=_DEFAULT_COLUMNS.activity, show_default=True)
@click.option("--timestamp-column", default=_DEFAULT_COLUMNS.timestamp, show_default=True)
@click.option("--resource-column", default=_DEFAULT_COLUMNS.resource, show_default=True)
@click.option("--group-column", default=_DEFAULT_COLUMNS.group, show_default=True)
@click.option(
    "--timestamp-format",
    default=None,
    help="strptime format of the activity CSV's timestamps. Default: ISO 8601.",
)
@click.option(
    "--start-timestamp-column",
    default=None,
    help="Column of an interval log's start times (the timestamp column is then each "
    "activity's completion). Default: none.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Journeys saved per transaction.",
)
@click.option(
    "--max-events-per-case",
    type=click.IntRange(min=1),
    default=_DEFAULT_LIMITS.events_per_case,
    show_default=True,
    help="Most events one case (trace, CSV case, OCEL journey object) may have; a log "
    "with more is refused. Raise it for a genuine log with longer cases.",
)
@click.option(
    "--max-value-size",
    type=click.IntRange(min=1),
    default=_DEFAULT_LIMITS.value_size,
    show_default=True,
    help="Most characters one attribute value or CSV field may have; a log with a longer "
    "one is refused.",
)
@click.option(
    "--reference-column",
    default=None,
    metavar="NAME",
    help="Feedback: the column (Care Opinion: the story field) holding the journey each "
    "answer is on (its id, source:case or case id). Without it, answers are counted per body "
    "and month.",
)
@click.option(
    "--unmatched",
    type=click.Choice(["refuse", "body-level"]),
    default="refuse",
    show_default=True,
    help="Feedback: an answer whose journey is not in the store refuses the import, or is "
    "counted for its body.",
)
@click.option(
    "--body",
    default=None,
    metavar="BODY",
    help="GOV.UK feedback: the body (catalogue id) the feedback is about. Default: the "
    "organisation of a /government/organisations/... page.",
)
@click.option(
    "--theme-column", default=None, metavar="NAME", help="GOV.UK feedback: a column of themes."
)
@click.option(
    "--comment-ref-column",
    default=None,
    metavar="NAME",
    help="GOV.UK feedback: a column of opaque references to where comments are kept (the "
    "comments themselves are never read).",
)
@click.option(
    "--period",
    default=None,
    metavar="YYYY-MM",
    help="NHS FFT: the month of a file without a Period column.",
)
@click.option(
    "--about", default=None, help="NHS FFT: the setting the counts are about (inpatient ...)."
)
@click.option(
    "--unknown-ods",
    type=click.Choice(["refuse", "skip"]),
    default="refuse",
    show_default=True,
    help="NHS FFT and Care Opinion: an ODS code the catalogue does not know refuses the "
    "import, or its rows are skipped.",
)
@click.option(
    "--ods-body",
    "ods_body_pairs",
    multiple=True,
    metavar="CODE=BODY",
    callback=lambda _c, _p, values: _ods_bodies(values),
    help="NHS FFT and Care Opinion: the body an ODS code means when several bodies of the "
    "catalogue share it (a trust and the medical examiner office it hosts). Repeatable.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def import_command(
    *,
    log_file: Path,
    db: Path,
    log_format: str | None,
    journey_object_type: str | None,
    mapping_path: Path | None,
    catalogue_path: Path | None,
    source: str | None,
    timezone_name: str,
    case_column: str,
    activity_column: str,
    timestamp_column: str,
    resource_column: str,
    group_column: str,
    timestamp_format: str | None,
    start_timestamp_column: str | None,
    batch_size: int,
    max_events_per_case: int,
    max_value_size: int,
    reference_column: str | None,
    unmatched: Literal["refuse", "body-level"],
    body: str | None,
    theme_column: str | None,
    comment_ref_column: str | None,
    period: str | None,
    about: str | None,
    unknown_ods: Literal["refuse", "skip"],
    ods_body_pairs: dict[str, str],
    quiet: bool,
) -> None:
    """Import the event log FILE into the store: checked whole first, then saved.

    A bad row or record anywhere refuses the whole import and leaves the store as
    it was. Importing the same log again adds nothing; an interrupted import can
    simply be run again.

    Feedback (--format govuk-feedback, care-opinion or nhs-fft) is added to the
    journeys the --reference-column names, or counted per body and month; comments
    and story text are never stored.
    """
    try:
        timezone = parse_timezone(timezone_name)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--timezone") from None
    columns = ActivityColumns(
        case=case_column,
        activity=activity_column,
        timestamp=timestamp_column,
        resource=resource_column,
        group=group_column,
        time_format=timestamp_format,
        start_timestamp=start_timestamp_column,
    )
    from journeys.cli.store_files import NewStore

    new_store = NewStore.before(db)  # a refused import into a new store leaves no file behind
    try:
        catalogue = load_catalogue(catalogue_path) if catalogue_path is not None else None
        if log_format in set(FeedbackFormat):
            with JourneyApp.sqlite(db, catalogue=catalogue) as app:
                feedback = import_feedback(
                    app,
                    log_file,
                    FeedbackFormat(log_format),
                    source=source,
                    reference_column=reference_column,
                    unmatched=unmatched,
                    body=body,
                    theme_column=theme_column,
                    comment_ref_column=comment_ref_column,
                    period=period,
                    about=about,
                    unknown_ods=unknown_ods,
                    ods_bodies=ods_body_pairs,
                    timezone=timezone,
                    limits=ImportLimits(value_size=max_value_size),
                )
            if not quiet:
                _summarise_feedback(feedback)
            return
        with JourneyApp.sqlite(db, catalogue=catalogue) as app:
            report = import_log(
                app,
                log_file,
                format=log_format,
                mapping=mapping_path,
                source=source,
                columns=columns,
                timezone=timezone,
                batch_size=batch_size,
                progress=not quiet,
                journey_object_type=journey_object_type,
                limits=ImportLimits(events_per_case=max_events_per_case, value_size=max_value_size),
            )
    except JourneysError as error:
        new_store.remove_if_empty()
        raise JourneysCommandError.from_error(error) from error
    if not quiet:
        _summarise(report, db)


def _ods_bodies(values: tuple[str, ...]) -> dict[str, str]:
    """``--ods-body CODE=BODY`` pairs as a mapping."""
    pairs = {}
    for value in values:
        code, equals, body = value.partition("=")
        if not equals or not code.strip() or not body.strip():
            raise click.BadParameter(f"{value!r} is not CODE=BODY", param_hint="--ods-body")
        pairs[code.strip()] = body.strip()
    return pairs


def _summarise_feedback(report: FeedbackReport) -> None:
    Console(soft_wrap=True).print(report.summary(), markup=False)


def _summarise(report: ImportReport, report_db: Path) -> None:
    console = Console(soft_wrap=True)
    console.print(
        f"{report.path.name} ({report.format.value}): {report.journeys:,} journeys; "
        f"imported {report.imported:,} ({report.events:,} events), "
        f"{report.skipped:,} already stored; {report.seconds:.2f} s, "
        f"{report.events_per_second:,.0f} events/s.",
        markup=False,
    )
    if report.skipped:
        # Journey ids come from the source name and the case id: a different log with
        # the same file name is taken for the one imported before under that name.
        console.print(
            f"The {report.skipped:,} already stored came from source {report.source!r}: if "
            f"{report.path.name} is another log than the one imported before under that "
            "name, import it again with --source to store it as a different log.",
            markup=False,
        )
    if report.new_bodies:
        console.print(
            f"{len(report.new_bodies)} bodies not in the catalogue were recorded in the "
            "store: "
            + ", ".join(report.new_bodies[:10])
            + (" ..." if len(report.new_bodies) > 10 else "")
            + f". To correct their names, tiers and nations: journeys catalogue --db {report_db} "
            f"--toml > bodies.toml, edit it, then journeys catalogue --db {report_db} --record "
            "bodies.toml --replace.",
            markup=False,
        )
