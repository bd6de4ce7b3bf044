"""The experience results: scores with their intervals, by node, body and stage; gaps
against sentiment, matched on trigger and nation; silent nodes and bodies; body-level
feedback. Tallies are built by hand, so every expected number is worked out here."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.analysis import Analysis, Finding, FindingKind, GapEngine
from journeys.analysis.experience import (
    body_level_feedback,
    build_experience,
    experience_by_stage,
)
from journeys.analysis.experience_model import ScoreSummary
from journeys.analysis.experience_stats import (
    EXACT_DEGREES,
    Z_975,
    summarise_counts,
    summarise_scores,
    t_quantile,
)
from journeys.analysis.gap_sentiment import gaps_and_sentiment, journey_scores
from journeys.analysis.tally import FeedbackRecord, Tally
from journeys.blueprints import Blueprint, Stage, Step, load_bundled_blueprint
from journeys.bodies import Boundary, Tier
from journeys.errors import InvalidValueError, UnknownAnswerError, UnknownInstrumentError
from journeys.voice.body_feedback_record import BodyFeedbackRecord
from tests.helpers import CATALOGUE, at

CENTRAL_LOCAL = Boundary(Tier.CENTRAL, Tier.LOCAL, False)
LOCAL_CENTRAL = Boundary(Tier.LOCAL, Tier.CENTRAL, False)


def journey(n: int) -> UUID:
    return UUID(int=n)


def said(
    n: int,
    score: float | None,
    *,
    trigger: str = "death",
    nation: str = "england",
    body: str = "dwp",
    about: str = "bereavement-support",
) -> FeedbackRecord:
    return FeedbackRecord(
        journey=journey(n),
        trigger=trigger,
        nation=nation,
        body=body,
        about=about,
        instrument="csat-5",
        answer="3" if score is None else str(int(score) + 3),
        score=score,
        themes=(),
        channel=None,
        occurred_at=at(n),
    )


def gap(
    n: int,
    kind: FindingKind = FindingKind.REASK,
    boundary: Boundary = CENTRAL_LOCAL,
    *,
    to_body: str | None = "council:E06000023",
) -> Finding:
    return Finding(kind, journey(n), "dwp", to_body, at(1), at(2), boundary=boundary)


# --- the t quantile and score summaries ----------------------------------------------------


@pytest.mark.parametrize(
    ("degrees", "published"),
    [
        *[(1, 12.7062), (2, 4.3027), (3, 3.1824), (5, 2.5706), (10, 2.2281), (30, 2.0423)],
        *[(60, 2.0003), (100, 1.9840), (120, 1.9799), (1000, 1.9623)],
    ],
)
def test_the_t_quantile_agrees_with_published_tables(degrees: int, published: float) -> None:
    assert round(t_quantile(degrees), 4) == published


def test_the_t_quantile_is_continuous_where_the_expansion_takes_over() -> None:
    exact, expanded = t_quantile(EXACT_DEGREES), t_quantile(EXACT_DEGREES + 1)
    assert exact > expanded > Z_975
    assert exact - expanded < 1e-4
    with pytest.raises(ValueError, match="at least 1"):
        t_quantile(0)


def test_a_summary_has_the_student_t_interval() -> None:
    summary = summarise_scores([2.0, 1.0, 0.0, None])
    half = 4.302652729749464 * 1.0 / math.sqrt(3)  # t(0.975, 2) · s / √n with s = 1
    assert summary.responses == 4
    assert summary.scored == 3
    assert summary.mean == 1.0
    assert summary.ci_low == pytest.approx(1.0 - half, rel=1e-12)
    assert summary.ci_high == pytest.approx(1.0 + half, rel=1e-12)


def test_too_few_scored_answers_have_no_interval() -> None:
    assert summarise_scores([1.5, None]) == ScoreSummary(2, 1, 1.5, None, None)
    assert summarise_scores([None]) == ScoreSummary(1, 0, None, None, None)
    assert summarise_scores([]) == ScoreSummary(0, 0, None, None, None)
    assert summarise_scores([-1.0, -1.0]) == ScoreSummary(2, 2, -1.0, -1.0, -1.0)


scores = st.lists(st.one_of(st.none(), st.sampled_from([-2.0, -1.0, -0.4, 0.0, 0.8, 1.0, 2.0])))


@given(scores, st.randoms(use_true_random=False))
def test_a_summary_does_not_depend_on_the_order_of_the_answers(
    values: list[float | None], random: object
) -> None:
    shuffled = list(values)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    summary = summarise_scores(values)
    assert summarise_scores(shuffled) == summary
    counted = Counter(v for v in values if v is not None)
    assert summarise_counts(len(values), counted) == summary
    if summary.ci_low is not None:
        assert summary.mean is not None
        assert summary.ci_high is not None
        assert -2.0 - 1e-9 <= summary.mean <= 2.0 + 1e-9
        assert summary.ci_low <= summary.mean <= summary.ci_high


# --- nodes, bodies, silence, channels ----------------------------------------------------


def test_feedback_complaints_and_channels_by_node_and_body() -> None:
    tally = Tally(
        feedback=[
            said(1, 2.0),
            said(2, 0.0),
            said(3, None),
            said(1, -2.0, body="registrar", about="death-registration"),
        ],
        complaints=Counter({("dwp", "made"): 3, ("dwp", "upheld"): 1, ("hmrc", "made"): 1}),
        body_journeys=Counter({"dwp": 40, "registrar": 25, "council:E06000023": 8}),
        channels=Counter({("dwp", "online"): 3, ("dwp", "phone"): 1, ("registrar", "paper"): 2}),
    )
    nodes = [
        ("dwp", "bereavement-support"),
        ("registrar", "death-registration"),
        ("council:E06000023", "council-tax"),
        ("hmrc", None),
    ]
    experience = build_experience(tally, [], nodes)
    assert [(n.body, n.about, n.scores.responses, n.scores.mean) for n in experience.by_node] == [
        ("dwp", "bereavement-support", 3, 1.0),
        ("registrar", "death-registration", 1, -2.0),
    ]
    dwp, hmrc = experience.by_body[1], experience.by_body[2]
    assert [b.body for b in experience.by_body] == [
        "council:E06000023",
        "dwp",
        "hmrc",
        "registrar",
    ]
    assert (dwp.journeys, dwp.complaints_made, dwp.complaints_upheld) == (40, 3, 1)
    assert dwp.complaints_per_1000_journeys == 75.0
    assert dwp.scores.scored == 2
    assert hmrc.complaints_per_1000_journeys is None  # it took nobody on
    assert experience.silent_nodes == (("council:E06000023", "council-tax"),)
    assert experience.silent_bodies == ("council:E06000023",)
    assert [(c.body, c.counts, c.digital_share) for c in experience.channels] == [
        ("dwp", (("online", 3), ("phone", 1)), 0.75),
        ("registrar", (("paper", 2),), 0.0),
    ]
    assert experience.heard
    assert not build_experience(Tally(body_journeys=Counter({"dwp": 3})), [], nodes).heard


# --- body-level feedback --------------------------------------------------------------------


def fft(answers: dict[str, int], instrument: str = "nhs-fft") -> BodyFeedbackRecord:
    return BodyFeedbackRecord(
        body="trust:RA7",
        about="inpatient",
        instrument=instrument,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 4, 30),
        answers=answers,
        source="fft-april.csv",
    )


def test_body_level_counts_are_scored_with_the_instrument() -> None:
    (row,) = body_level_feedback(
        [fft({"Very good": 6, "good": 2, "Very poor": 2, "Don't know": 5})]
    )
    # 6 × 2 + 2 × 1 + 2 × -2 = 10 over 10 scored answers; "don't know" only responds.
    assert (row.scores.responses, row.scores.scored, row.scores.mean) == (15, 10, 1.0)
    variance = (6 * 1.0 + 2 * 0.0 + 2 * 9.0) / 9  # squared deviations from the mean 1
    half = t_quantile(9) * math.sqrt(variance / 10)
    assert row.scores.ci_low == pytest.approx(1.0 - half, rel=1e-12)
    assert (row.body, row.about, row.period_end, row.source) == (
        "trust:RA7",
        "inpatient",
        date(2025, 4, 30),
        "fft-april.csv",
    )


def test_bad_body_level_counts_are_refused() -> None:
    with pytest.raises(UnknownAnswerError, match="'Brilliant'"):
        body_level_feedback([fft({"Brilliant": 3})])
    with pytest.raises(UnknownInstrumentError, match="smiley"):
        body_level_feedback([fft({"good": 3}, instrument="smiley")])
    with pytest.raises(InvalidValueError, match=r"fft-april\.csv"):
        body_level_feedback([fft({"good": -1})])


# --- gaps and sentiment ---------------------------------------------------------------------


def sentiment_population() -> tuple[list[FeedbackRecord], list[Finding]]:
    """Stratum (death, england): with the re-ask j1 (-2) and j2 (-2 and 0: -1); without
    j3 (1), j4 (2), j5 (0). Stratum (birth, wales): with j6 (0), without j7 (1).
    Stratum (death, scotland): j8 (-2) with, nobody without. j9 said only "don't know"."""
    records = [
        said(1, -2.0),
        said(2, -2.0),
        said(2, 0.0),
        said(2, None),
        said(3, 1.0),
        said(4, 2.0),
        said(5, 0.0),
        said(6, 0.0, trigger="birth", nation="wales"),
        said(7, 1.0, trigger="birth", nation="wales"),
        said(8, -2.0, nation="scotland"),
        said(9, None),
    ]
    findings = [
        gap(1),
        gap(1),  # met twice: still one journey with the gap
        gap(2, boundary=LOCAL_CENTRAL),
        gap(6),
        gap(8),
        gap(9),  # no score: not compared
        gap(3, FindingKind.HANDOFF_LATENCY),  # a measure, not a gap
        gap(4, FindingKind.LIFE_REASK),  # rests on other journeys
    ]
    return records, findings


def test_journey_scores_are_the_mean_of_each_journeys_scored_feedback() -> None:
    records, _ = sentiment_population()
    scores = journey_scores(records)
    assert scores[journey(2)] == (("death", "england"), -1.0)
    assert journey(9) not in scores
    assert len(scores) == 8


def test_gaps_and_sentiment_compares_like_with_like() -> None:
    records, findings = sentiment_population()
    rows = {(row.kind, row.boundary): row for row in gaps_and_sentiment(records, findings)}
    assert set(rows) == {("reask", None), ("reask", "central->local"), ("reask", "local->central")}
    row = rows[("reask", None)]
    # d = -1.5 - 1 = -2.5 (weight 2) in (death, england) and 0 - 1 = -1 (weight 1) in
    # (birth, wales): -2. Pooled variance: squares 0.5 + 2 + 0 + 0 over 7 - 2 × 2 = 3.
    assert (row.journeys_with, row.journeys_without, row.journeys_unmatched) == (3, 4, 1)
    assert row.strata == 2
    assert row.difference == pytest.approx(-2.0, rel=1e-12)
    assert row.mean_with == pytest.approx(-1.0, rel=1e-12)
    assert row.mean_without == pytest.approx(1.0, rel=1e-12)
    variance = (2.5 / 3) * (2**2 * (1 / 2 + 1 / 3) + 1**2 * (1 + 1)) / 3**2
    half = Z_975 * math.sqrt(variance)
    assert row.ci_low == pytest.approx(-2.0 - half, rel=1e-12)
    assert row.ci_high == pytest.approx(-2.0 + half, rel=1e-12)
    at_boundary = rows[("reask", "central->local")]  # j1 and j6 met it; j2 did not
    assert (at_boundary.journeys_with, at_boundary.journeys_without) == (2, 5)
    # (death, england): -2 - mean(-1, 1, 2, 0) = -2.5; (birth, wales): -1; weights 1, 1.
    assert at_boundary.difference == pytest.approx(-1.75, rel=1e-12)


def test_no_matched_stratum_gives_counts_and_no_difference() -> None:
    records = [said(1, -1.0), said(2, 1.0, trigger="birth")]
    row, at_boundary = gaps_and_sentiment(records, [gap(1)])
    assert (row.boundary, at_boundary.boundary) == (None, "central->local")
    assert (row.journeys_with, row.journeys_without, row.journeys_unmatched) == (0, 0, 2)
    assert (row.difference, row.ci_low, row.strata) == (None, None, 0)


def test_one_journey_each_side_has_a_difference_but_no_interval() -> None:
    row, _ = gaps_and_sentiment([said(1, -1.0), said(2, 1.0)], [gap(1)])
    assert row.difference == -2.0
    assert (row.ci_low, row.ci_high) == (None, None)  # no degree of freedom left


@given(st.randoms(use_true_random=False))
def test_experience_does_not_depend_on_the_order_of_records(random: object) -> None:
    records, findings = sentiment_population()
    nodes = [("dwp", "bereavement-support"), ("registrar", "death-registration")]
    expected = build_experience(Tally(feedback=list(records)), findings, nodes)
    random.shuffle(records)  # type: ignore[attr-defined]
    random.shuffle(findings)  # type: ignore[attr-defined]
    assert build_experience(Tally(feedback=records), findings, nodes) == expected


# --- by blueprint stage ---------------------------------------------------------------------


def death_blueprint() -> Blueprint:
    return Blueprint(
        id="death-test",
        title="After a death",
        trigger="death",
        nations=["england", "scotland"],
        stages=[
            Stage(
                "register",
                "Register the death",
                [
                    Step(
                        "register-death",
                        "Register the death",
                        "death-registration",
                        {"england": "registrar", "scotland": "council:S12000036"},
                    )
                ],
            ),
            Stage(
                "benefits",
                "Sort out benefits",
                [
                    Step(
                        "bereavement-support",
                        "Bereavement support",
                        "bereavement-support",
                        {"england": "dwp", "scotland": "sss"},
                    )
                ],
            ),
            Stage(
                "tax",
                "Sort out tax",
                [Step("estate", "Estate", "estate-tax", {"england": "hmrc", "scotland": "hmrc"})],
            ),
        ],
    )


def test_feedback_and_gaps_by_stage() -> None:
    records = [
        said(1, -2.0, body="registrar", about="death-registration"),
        said(1, 2.0),  # dwp, bereavement-support: stage "benefits" in England
        said(2, 1.0, nation="scotland", body="sss", about="bereavement-support"),
        said(2, 0.0, nation="scotland", body="dwp", about="bereavement-support"),  # not there
        said(3, -1.0, trigger="birth"),  # another trigger: not this blueprint's
    ]
    findings = [
        gap(1, to_body="dwp"),
        gap(1, FindingKind.DROPPED_HANDOFF, to_body="dwp"),
        gap(2, FindingKind.UNHELD_TIME, to_body="sss"),
        gap(2, FindingKind.HANDOFF_LATENCY, to_body="sss"),  # not a gap
        gap(1, to_body=None),  # no receiving body: on no stage
        gap(3, to_body="dwp"),  # another trigger
    ]
    stages = experience_by_stage(records, findings, death_blueprint())
    assert [(s.stage, s.position, s.title) for s in stages] == [
        ("register", 0, "Register the death"),
        ("benefits", 1, "Sort out benefits"),
        ("tax", 2, "Sort out tax"),
    ]
    assert [(s.scores.responses, s.scores.mean) for s in stages] == [
        (1, -2.0),
        (2, 1.5),
        (0, None),
    ]
    assert stages[1].gaps == (("dropped_handoff", 1), ("reask", 1), ("unheld_time", 1))
    assert stages[0].gaps == stages[2].gaps == ()


# --- in the analysis ----------------------------------------------------------------------


def test_the_analysis_carries_the_experience_and_the_scorecard_its_complaints() -> None:
    records, _ = sentiment_population()
    tally = Tally(
        feedback=list(records),
        complaints=Counter({("dwp", "made"): 2}),
        body_journeys=Counter({"dwp": 9, "registrar": 4}),
    )
    analysis = Analysis.build(
        GapEngine(tally), catalogue=CATALOGUE, as_of=None, body_feedback=[fft({"good": 12})]
    )
    assert analysis.experience.by_body[0].scores.responses == len(records)
    assert analysis.experience.silent_bodies == ("registrar",)
    assert analysis.experience.body_level[0].scores.mean == 1.0
    (dwp,) = analysis.scorecard
    assert (dwp.body, dwp.complaints_made, dwp.journeys, dwp.feedback_scored) == ("dwp", 2, 9, 9)
    assert dwp.complaints_per_1000_journeys == pytest.approx(2000 / 9)
    # The English deaths' feedback about dwp's bereavement support: j1 to j5 and j9.
    assert analysis.experience_by_stage(death_blueprint())[1].scores.responses == 8
    bereavement = load_bundled_blueprint("bereavement")
    by_id = analysis.experience_by_stage("bereavement")  # a bundled blueprint by its id
    assert by_id == analysis.experience_by_stage(bereavement)
    assert [stage.stage for stage in by_id] == [stage.id for stage in bereavement.stages]
    document = analysis.to_json()
    assert document["experience"]["body_level"][0]["period_start"] == "2025-04-01"
    assert document["scorecard"][0]["complaints_made"] == 2
    # Equality compares the experience: different body-level feedback, different analyses.
    other = Analysis.build(GapEngine(tally.copy()), catalogue=CATALOGUE, as_of=None)
    assert other != analysis
    assert other == Analysis.build(GapEngine(tally.copy()), catalogue=CATALOGUE, as_of=None)
