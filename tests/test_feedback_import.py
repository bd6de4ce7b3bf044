"""Importing real feedback (issue 17, part 3): GOV.UK feedback explorer CSV, Care Opinion
stories, NHS Friends and Family Test CSV.

The fixtures in ``tests/data/feedback`` are written from the formats' public
descriptions; nothing in them is personal. Each format imports through the API
and the CLI; answers that name a journey become ``FeedbackGiven`` on it, the rest
body-level counts; importing twice adds nothing; a bad row refuses the file with
its file, line, column and value, and nothing is written; and no comment or story
text ever reaches the store (its bytes are searched for them).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys import Catalogue, Journey, JourneyApp, journey_id
from journeys.cli import main
from journeys.errors import JourneysError
from journeys.interop.feedback_import import FeedbackFileError, FeedbackFormat, import_feedback
from journeys.voice.body_feedback_record import BodyFeedbackRecord

DATA = Path(__file__).parent / "data" / "feedback"
CATALOGUE_FILE = DATA / "catalogue.toml"
GOVUK = DATA / "govuk_feedback.csv"
CARE_OPINION = DATA / "care_opinion.json"
FFT = DATA / "fft_inpatient_2024_01.csv"
FFT_SITES = DATA / "fft_sites_2024_02.csv"
SOURCE = "casework"
CASES = ("C001", "C002", "C003")

GOVUK_OPTIONS = {
    "reference_column": "case reference",
    "body": "dwp",
    "theme_column": "themes",
    "comment_ref_column": "comment id",
    "unmatched": "body-level",
}
GOVUK_ARGS = [
    "--reference-column",
    "case reference",
    "--body",
    "dwp",
    "--theme-column",
    "themes",
    "--comment-ref-column",
    "comment id",
    "--unmatched",
    "body-level",
]
MARKERS = (b"COMMENT-MARKER", b"STORY-MARKER", b"RESPONSE-MARKER", b"Quick and clear", b"nurses")
"""Words of the fixtures' comments, stories and responses: never stored."""


def catalogue() -> Catalogue:
    return Catalogue.load(CATALOGUE_FILE)


def casework() -> list[Journey]:
    """Three journeys imported from a case log (``casework:C001`` ...), last event 5 March."""
    journeys = []
    for case in CASES:
        journey = Journey.start(
            citizen=f"{SOURCE}:{case}",
            trigger="death",
            nation="england",
            occurred_at=datetime(2024, 3, 1, 9, tzinfo=UTC),
            id=journey_id(SOURCE, case),
        )
        journey.touchpoint("dwp", "claim", occurred_at=datetime(2024, 3, 2, 9, tzinfo=UTC))
        journey.touchpoint("registrar", "register", occurred_at=datetime(2024, 3, 5, 9, tzinfo=UTC))
        journeys.append(journey)
    return journeys


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An SQLite store holding the three journeys."""
    path = tmp_path / "store" / "journeys.db"
    path.parent.mkdir()
    with JourneyApp.sqlite(path, catalogue=catalogue()) as app:
        app.save(*casework())
    return path


def feedback_on(app: JourneyApp, case: str) -> list[Journey.FeedbackGiven]:
    return [
        event
        for event in app.journey_events(journey_id(SOURCE, case))
        if isinstance(event, Journey.FeedbackGiven)
    ]


def stored_bytes(db: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(db.parent.glob(db.name + "*")))


def import_args(path: Path, format: str, db: Path, *more: str) -> list[str]:
    """``journeys import`` of ``path`` in ``format`` into ``db``, with the test catalogue."""
    return [
        "import",
        str(path),
        "--format",
        format,
        "--db",
        str(db),
        "--catalogue",
        str(CATALOGUE_FILE),
        *more,
    ]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


# --- GOV.UK feedback explorer ---------------------------------------------------------


def test_govuk_feedback_goes_on_journeys_and_the_rest_is_counted(db: Path) -> None:
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        report = import_feedback(app, GOVUK, FeedbackFormat.GOVUK_FEEDBACK, **GOVUK_OPTIONS)
        (first,) = feedback_on(app, "C001")
        (second,) = feedback_on(app, "C002")
        assert feedback_on(app, "C003") == []
        counts = list(app.body_feedback())
    assert (report.rows, report.on_journeys, report.body_records) == (5, 2, 2)
    assert report.skipped == {"no rating": 1}
    assert (first.body, first.about, first.instrument) == (
        "dwp",
        "/done/check-state-pension",
        "govuk-satisfaction",
    )
    assert (first.answer, first.score, first.channel) == ("Very satisfied", 2.0, "online")
    assert first.themes == frozenset({"speed"})
    assert first.reference == "cmt-0001"
    assert first.occurred_at == datetime(2024, 3, 10, 9, 15, tzinfo=UTC)
    assert (second.answer, second.score) == ("Dissatisfied", -1.0)
    assert second.themes == frozenset({"asked_again", "waiting"})
    assert sorted((c.about, c.period_start, dict(c.answers)) for c in counts) == [
        ("/done/check-state-pension", date(2024, 4, 1), {"Very satisfied": 1}),
        (
            "/government/organisations/department-for-work-pensions",
            date(2024, 3, 1),
            {"Satisfied": 1},
        ),
    ]
    assert {c.body for c in counts} == {"dwp"}


def test_govuk_feedback_without_a_reference_column_is_counted_per_body_and_month(
    db: Path,
) -> None:
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        report = import_feedback(app, GOVUK, "govuk-feedback", body="dwp")
        counts = list(app.body_feedback())
        assert all(feedback_on(app, case) == [] for case in CASES)
    assert (report.on_journeys, report.body_records, report.body_answers) == (0, 3, 4)
    march = [
        c for c in counts if c.about == "/done/check-state-pension" and c.period_start.month == 3
    ]
    assert march[0].answers == {"Dissatisfied": 1, "Very satisfied": 1}
    assert march[0].period_end == date(2024, 3, 31)


def test_the_body_of_an_organisation_page_comes_from_its_govuk_slug(tmp_path: Path) -> None:
    rows = GOVUK.read_text().splitlines()
    only_org_page = tmp_path / "org.csv"
    only_org_page.write_text("\n".join([rows[0], rows[3]]) + "\n")
    with JourneyApp.in_memory(catalogue=catalogue()) as app:
        import_feedback(app, only_org_page, "govuk-feedback")
        (count,) = app.body_feedback()
    assert count.body == "dwp"
    with (
        JourneyApp.in_memory(catalogue=catalogue()) as app,
        pytest.raises(FeedbackFileError) as refused,
    ):
        import_feedback(app, GOVUK, "govuk-feedback")
    assert refused.value.line == 2
    assert refused.value.value == "/done/check-state-pension"
    assert "--body" in str(refused.value)


def test_an_unmatched_reference_is_refused_unless_counted_for_its_body(db: Path) -> None:
    before = stored_bytes(db)
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        options = {**GOVUK_OPTIONS, "unmatched": "refuse"}
        with pytest.raises(FeedbackFileError) as refused:
            import_feedback(app, GOVUK, "govuk-feedback", **options)
        assert list(app.body_feedback()) == []
        assert all(feedback_on(app, case) == [] for case in CASES)
    assert refused.value.line == 4  # the first row without a journey
    assert refused.value.column == "case reference"
    assert str(GOVUK) in str(refused.value)
    assert stored_bytes(db) == before


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "value"),
    [
        (
            "check-state-pension,Quick and clear. COMMENT-MARKER-QUOKKA,5",
            "check-state-pension,Quick and clear. COMMENT-MARKER-QUOKKA,7",
            2,
            "service satisfaction rating",
            "7",
        ),
        ("2024-03-11 14:02:10", "2024-03-11 25:02:10", 3, "creation date", None),
        ("2024-03-10 09:15:00", "2024-03-04 09:15:00", 2, "case reference", "C001"),
    ],
    ids=["rating", "time", "before-the-journey"],
)
def test_a_bad_govuk_row_refuses_the_file_naming_line_column_and_value(
    db: Path, tmp_path: Path, old: str, new: str, line: int, column: str, value: str | None
) -> None:
    bad = tmp_path / "bad.csv"
    text = GOVUK.read_text()
    assert old in text
    bad.write_text(text.replace(old, new))
    before = stored_bytes(db)
    code, output = run(*import_args(bad, "govuk-feedback", db, *GOVUK_ARGS))
    assert code == 1
    assert "Traceback" not in output
    (message,) = [line_ for line_ in output.splitlines() if line_.startswith("Error:")]
    assert f"{bad}, line {line}: column {column!r}" in message
    if value is not None:
        assert repr(value) in message
    assert stored_bytes(db) == before
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        assert list(app.body_feedback()) == []
        assert all(feedback_on(app, case) == [] for case in CASES)


def test_govuk_feedback_imports_from_the_cli_once(db: Path) -> None:
    args = import_args(GOVUK, "govuk-feedback", db, *GOVUK_ARGS)
    code, output = run(*args)
    assert code == 0, output
    assert "2 answers recorded on journeys" in output
    assert "2 body-level counts" in output
    code, again = run(*args)
    assert code == 0, again
    assert "0 answers recorded on journeys (2 already there)" in again
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        assert [len(feedback_on(app, case)) for case in CASES] == [1, 1, 0]
        assert len(list(app.body_feedback())) == 2


# --- Care Opinion -----------------------------------------------------------------------


def test_care_opinion_stories_go_on_journeys_with_their_tags_as_themes(db: Path) -> None:
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        report = import_feedback(
            app,
            CARE_OPINION,
            "care-opinion",
            reference_column="journeyReference",
            unmatched="body-level",
        )
        (kind,) = feedback_on(app, "C001")
        (wait,) = feedback_on(app, "C003")
        (count,) = app.body_feedback()
    assert (report.rows, report.on_journeys, report.body_records) == (4, 2, 1)
    assert report.skipped == {"no rating": 1}
    assert (kind.body, kind.about, kind.instrument, kind.answer) == (
        "nhs-trust:RZZ",
        "RZZ01",
        "nhs-fft",
        "Very good",
    )
    assert kind.themes == frozenset({"positive:staff_attitude", "positive:information"})
    assert kind.reference == "care-opinion:10001"
    assert kind.channel == "online"
    assert (wait.about, wait.answer, wait.score) == ("RZZ02", "Poor", -1.0)
    assert wait.themes == frozenset({"negative:waiting_time"})
    assert (count.body, count.instrument, dict(count.answers)) == (
        "nhs-trust:RZY",
        "stars-5",
        {"4": 1},
    )


def test_care_opinion_without_a_reference_is_counted_and_imports_once_from_the_cli(
    db: Path,
) -> None:
    args = import_args(CARE_OPINION, "care-opinion", db)
    code, output = run(*args)
    assert code == 0, output
    assert "3 body-level counts of 3 answers" in output
    assert run(*args)[0] == 0
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        counts = list(app.body_feedback())
    assert sorted((c.body, c.about, c.instrument) for c in counts) == [
        ("nhs-trust:RZY", "RZY", "stars-5"),
        ("nhs-trust:RZZ", "RZZ01", "nhs-fft"),
        ("nhs-trust:RZZ", "RZZ02", "nhs-fft"),
    ]


def test_an_unknown_ods_code_in_a_story_is_refused_naming_it(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "stories.json"
    bad.write_text(CARE_OPINION.read_text().replace('"nacs": "RZZ02"', '"nacs": "RXX02"'))
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        with pytest.raises(FeedbackFileError) as refused:
            import_feedback(app, bad, "care-opinion")
        assert list(app.body_feedback()) == []
    assert refused.value.value == "RXX02"
    lines = bad.read_text().splitlines()
    starts = next(n for n, text in enumerate(lines, 1) if '"id": 10002' in text) - 1
    assert lines[starts - 1].strip() == "{"
    assert refused.value.line == starts  # where the story starts
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        report = import_feedback(app, bad, "care-opinion", unknown_ods="skip")
    assert report.skipped["ODS code not in the catalogue"] == 1


# --- NHS Friends and Family Test ------------------------------------------------------


def test_fft_counts_land_per_trust_and_month(tmp_path: Path) -> None:
    with JourneyApp.sqlite(tmp_path / "s.db", catalogue=catalogue()) as app:
        report = import_feedback(app, FFT, "nhs-fft")
        again = import_feedback(app, FFT, "nhs-fft")
        counts = {c.body: c for c in app.body_feedback()}
    assert report.body_records == 2
    assert report.skipped == {"suppressed count": 1, "no ODS code": 1}
    assert (again.body_records, again.body_records_already) == (0, 2)
    assert counts["nhs-trust:RZZ"] == BodyFeedbackRecord(
        body="nhs-trust:RZZ",
        about=None,
        instrument="nhs-fft",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 1, 31),
        answers={
            "Don't know": 2,
            "Good": 88,
            "Neither good nor poor": 10,
            "Poor": 6,
            "Very good": 412,
            "Very poor": 4,
        },
        source=FFT.name,
    )
    assert sum(counts["nhs-trust:RZY"].answers.values()) == 161


def test_fft_sites_are_counted_through_their_trust_from_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    args = import_args(FFT_SITES, "nhs-fft", db, "--about", "inpatient")
    code, output = run(*args)
    assert code == 0, output
    assert "2 body-level counts of 312 answers" in output
    code, again = run(*args)
    assert "0 body-level counts of 0 answers recorded (2 already there)" in again
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        counts = sorted(app.body_feedback(), key=lambda c: str(c.about))
    assert [(c.body, c.about, c.period_end) for c in counts] == [
        ("nhs-trust:RZZ", "inpatient:RZZ01", date(2024, 2, 29)),
        ("nhs-trust:RZZ", "inpatient:RZZ02", date(2024, 2, 29)),
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "value"),
    [
        (",RZY,SECOND", ",RXX,SECOND", 3, "Org code", "RXX"),
        ("412,88", "412,eighty", 2, "2 Good SUM", "eighty"),
        ("412,88", "412,8\u00b2", 2, "2 Good SUM", "8\u00b2"),
        (
            "2023_24,JANUARY,QZZ,NHS TEST INTEGRATED CARE BOARD,RZY,",
            "2023_24,JANVIER,QZZ,NHS TEST INTEGRATED CARE BOARD,RZY,",
            3,
            "Periodname",
            "JANVIER",
        ),
    ],
    ids=["unknown-ods", "count", "superscript", "month"],
)
def test_a_bad_fft_row_refuses_the_file_and_writes_nothing(
    tmp_path: Path, old: str, new: str, line: int, column: str, value: str
) -> None:
    bad = tmp_path / "fft.csv"
    text = FFT.read_text()
    assert old in text
    bad.write_text(text.replace(old, new))
    db = tmp_path / "s.db"
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        app.save(*casework())
    before = stored_bytes(db)
    code, output = run(*import_args(bad, "nhs-fft", db))
    assert code == 1
    (message,) = [line_ for line_ in output.splitlines() if line_.startswith("Error:")]
    assert f"{bad}, line {line}: column {column!r}" in message
    assert repr(value) in message
    assert stored_bytes(db) == before


def test_a_refused_import_into_a_new_store_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "fft.csv"
    bad.write_text(FFT.read_text().replace(",RZY,SECOND", ",RXX,SECOND"))
    db = tmp_path / "new.db"
    code, _ = run(*import_args(bad, "nhs-fft", db))
    assert code == 1
    assert not db.exists()


# --- what the store keeps -----------------------------------------------------------------


def test_no_comment_or_story_text_reaches_the_store(db: Path, tmp_path: Path) -> None:
    fixtures = GOVUK.read_bytes() + CARE_OPINION.read_bytes()
    assert all(marker in fixtures for marker in MARKERS)  # so the search below can fail
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    for args in (
        ["import", str(GOVUK), "--format", "govuk-feedback", *GOVUK_ARGS],
        ["import", str(GOVUK), "--format", "govuk-feedback", "--body", "dwp"],
        [
            "import",
            str(CARE_OPINION),
            "--format",
            "care-opinion",
            "--reference-column",
            "journeyReference",
            "--unmatched",
            "body-level",
        ],
        ["import", str(FFT), "--format", "nhs-fft"],
    ):
        code, output = run(*args, "--db", str(db), "--catalogue", str(CATALOGUE_FILE))
        assert code == 0, output
    with JourneyApp.sqlite(db, catalogue=catalogue()) as app:
        assert feedback_on(app, "C001")
    stored = stored_bytes(db)
    assert b"cmt-0001" in stored  # the opaque reference is kept, so the bytes are readable
    for marker in MARKERS:
        assert marker not in stored, marker


def test_feedback_imports_show_in_the_analysis(db: Path, tmp_path: Path) -> None:
    for args in (
        ["import", str(GOVUK), "--format", "govuk-feedback", *GOVUK_ARGS],
        ["import", str(FFT), "--format", "nhs-fft"],
    ):
        code, output = run(*args, "--db", str(db), "--catalogue", str(CATALOGUE_FILE))
        assert code == 0, output
    code, output = run(
        "analyse",
        "--db",
        str(db),
        "--catalogue",
        str(CATALOGUE_FILE),
        "--json",
        str(tmp_path / "analysis.json"),
    )
    assert code == 0, output
    assert "Traceback" not in output
    experience = json.loads((tmp_path / "analysis.json").read_text())["experience"]
    (node,) = experience["by_node"]
    assert (node["body"], node["about"]) == ("dwp", "/done/check-state-pension")
    assert (node["scores"]["responses"], node["scores"]["mean"]) == (2, 0.5)  # +2 and -1
    fft = {row["body"]: row for row in experience["body_level"] if row["instrument"] == "nhs-fft"}
    trust = fft["nhs-trust:RZZ"]
    assert (trust["period_start"], trust["period_end"]) == ("2024-01-01", "2024-01-31")
    assert (trust["scores"]["responses"], trust["scores"]["scored"]) == (522, 520)
    assert trust["scores"]["mean"] == pytest.approx((412 * 2 + 88 - 6 - 4 * 2) / 520)
    assert "Body-level feedback" in output


def test_feedback_after_a_journey_ended_is_refused_naming_the_line(tmp_path: Path) -> None:
    journeys = casework()
    journeys[0].end(outcome="done", occurred_at=datetime(2024, 3, 6, tzinfo=UTC))
    with JourneyApp.in_memory(catalogue=catalogue()) as app:
        app.save(*journeys)
        with pytest.raises(FeedbackFileError, match="ended") as refused:
            import_feedback(app, GOVUK, "govuk-feedback", **GOVUK_OPTIONS)
        assert list(app.body_feedback()) == []
        assert feedback_on(app, "C002") == []
    assert (refused.value.line, refused.value.value) == (2, "C001")


_PAGES = ("/done/a", "/done/b", "/government/organisations/department-for-work-pensions")


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.datetimes(min_value=datetime(2024, 3, 6), max_value=datetime(2025, 12, 31)),
            st.sampled_from(_PAGES),
            st.sampled_from(["", "1", "2", "3", "4", "5", "Very satisfied", "dissatisfied"]),
            st.sampled_from(["", *CASES, "C404"]),
        ),
        max_size=30,
    ),
    st.booleans(),
)
def test_every_rated_row_is_counted_once_on_a_journey_or_for_its_body(
    rows: list[tuple[datetime, str, str, str]], by_reference: bool
) -> None:
    header = "creation date,path or service name,feedback,service satisfaction rating,case\n"
    text = header + "".join(
        f"{moment:%Y-%m-%d %H:%M:%S},{page},a comment,{rating},{case}\n"
        for moment, page, rating, case in rows
    )
    rated = [row for row in rows if row[2]]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feedback.csv"
        path.write_text(text)
        app = JourneyApp.in_memory(catalogue=catalogue())
        app.save(*casework())  # each journey's last event is on 5 March 2024
        options: dict[str, str] = {"body": "dwp"}
        if by_reference:
            options |= {"reference_column": "case", "unmatched": "body-level"}
        report = import_feedback(app, path, "govuk-feedback", **options)  # type: ignore[arg-type]
        again = import_feedback(app, path, "govuk-feedback", **options)  # type: ignore[arg-type]
        counts = list(app.body_feedback())
    on_journeys = report.on_journeys + report.on_journeys_already
    assert on_journeys + sum(sum(c.answers.values()) for c in counts) == len(rated)
    assert report.body_answers == sum(sum(c.answers.values()) for c in counts)
    assert (again.on_journeys, again.body_records) == (0, 0)
    assert report.skipped.get("no rating", 0) == len(rows) - len(rated)
    for count in counts:
        assert count.period_start.day == 1
        assert count.period_end.month == count.period_start.month
        months = {(m.year, m.month) for m, page, r, _ in rated if page == count.about}
        assert (count.period_start.year, count.period_start.month) in months


def test_an_ods_code_bodies_share_is_refused_until_chosen(tmp_path: Path) -> None:
    """The bundled catalogue gives North Bristol NHS Trust's code, RVJ, to the trust and
    to the medical examiner office it hosts."""
    fft = tmp_path / "fft.csv"
    lines = FFT.read_text().splitlines()
    fft.write_text("\n".join([lines[0], lines[1].replace(",RZZ,", ",RVJ,")]) + "\n")
    db = tmp_path / "s.db"
    code, output = run("import", str(fft), "--format", "nhs-fft", "--db", str(db))
    assert code == 1
    assert "medical-examiner:RVJ, nhs:RVJ" in output
    assert "--ods-body" in output
    assert not db.exists()
    code, output = run(
        "import", str(fft), "--format", "nhs-fft", "--db", str(db), "--ods-body", "rvj=nhs:RVJ"
    )
    assert code == 0, output
    with JourneyApp.sqlite(db) as app:
        assert [c.body for c in app.body_feedback()] == ["nhs:RVJ"]
    code, output = run(
        "import", str(fft), "--format", "nhs-fft", "--db", str(db), "--ods-body", "RVJ"
    )
    assert code == 2
    assert "CODE=BODY" in output


_SNIPPETS = {
    "govuk-feedback": GOVUK.read_text(),
    "care-opinion": CARE_OPINION.read_text(),
    "nhs-fft": FFT.read_text(),
}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(_SNIPPETS)),
    st.integers(0, 4000),
    st.integers(0, 40),
    st.text(max_size=12),
)
def test_a_damaged_file_is_imported_or_refused_with_a_typed_error(
    format_name: str, at: int, cut: int, insert: str
) -> None:
    """Any edit of a fixture either imports or raises a JourneysError; nothing else."""
    original = _SNIPPETS[format_name]
    at = at % (len(original) + 1)
    damaged = original[:at] + insert + original[at + cut :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged"
        path.write_text(damaged, encoding="utf-8", errors="surrogatepass")
        app = JourneyApp.in_memory(catalogue=catalogue())
        app.save(*casework())
        before = app.max_position()
        options: dict[str, str] = {"body": "dwp"} if format_name == "govuk-feedback" else {}
        try:
            import_feedback(app, path, format_name, **options)  # type: ignore[arg-type]
        except JourneysError:
            assert app.max_position() == before  # nothing written
