"""``human_duration`` and the duration colour scale."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.render import human_duration
from journeys.render.duration_scale import PALETTE, DurationScale

MINUTE, HOUR, DAY, WEEK, YEAR = 60, 3600, 86400, 7 * 86400, 365 * 86400


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (0.0, "0 s"),
        (0.2, "<1 s"),
        (0.5, "1 s"),
        (1, "1 s"),
        (45, "45 s"),
        (59.4, "59 s"),
        (59.5, "1 min"),
        (60, "1 min"),
        (90, "1 min 30 s"),
        (3599.4, "59 min 59 s"),
        (3599.6, "1 h"),
        (HOUR, "1 h"),
        (2.5 * HOUR, "2 h 30 min"),
        (DAY - 1, "1 d"),
        (3 * DAY + 4 * HOUR, "3 d 4 h"),
        (3 * DAY + 4.5 * HOUR, "3 d 5 h"),
        (6 * DAY + 23.6 * HOUR, "1 wk"),
        (35 * DAY, "5 wk"),
        (9 * DAY, "1 wk 2 d"),
        (YEAR, "1 yr"),
        (400 * DAY, "1 yr 5 wk"),
        (10 * YEAR + 3 * DAY, "10 yr"),
    ],
)
def test_human_duration(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text


@pytest.mark.parametrize("bad", [-1, -0.001, math.inf, -math.inf, math.nan])
def test_human_duration_refuses_negative_and_non_finite(bad: float) -> None:
    with pytest.raises(ValueError, match="duration"):
        human_duration(bad)


@pytest.mark.parametrize("bad", ["3", None, True])
def test_human_duration_refuses_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        human_duration(bad)  # type: ignore[arg-type]


@given(st.floats(min_value=0, max_value=1e11, allow_nan=False))
def test_human_duration_is_at_most_two_units_and_never_overstates_by_much(seconds: float) -> None:
    text = human_duration(seconds)
    parts = text.split()
    assert len(parts) in {2, 4}
    if seconds >= 1:
        values = dict(zip(parts[1::2], map(int, parts[0::2]), strict=True))
        sizes = {"yr": YEAR, "wk": WEEK, "d": DAY, "h": HOUR, "min": MINUTE, "s": 1}
        shown = sum(sizes[unit] * value for unit, value in values.items())
        smallest = min(sizes[unit] for unit in values)
        # Rounded half up in the smaller unit shown (which can carry one unit up).
        assert abs(shown - seconds) <= max(smallest, sizes[parts[1]] // 7 + 1)


def test_scale_uses_round_thresholds_and_spreads_colours() -> None:
    scale = DurationScale.for_values([HOUR, DAY, 3 * DAY, WEEK, 6 * WEEK])
    assert scale.thresholds == tuple(sorted(scale.thresholds))
    assert len(scale.colours) == len(scale.thresholds) + 1
    assert scale.colours[0] == PALETTE[0]
    assert scale.colours[-1] == PALETTE[-1]
    assert scale.colour(HOUR) == PALETTE[0]
    assert scale.colour(6 * WEEK) == PALETTE[-1]
    bands = scale.bands()
    assert bands[0].label.startswith("under ")
    assert bands[-1].label.endswith(" or more")


def test_scale_of_equal_or_no_values_has_one_band() -> None:
    for values in ([], [0.0, 0.0], [DAY, DAY]):
        scale = DurationScale.for_values(values)
        assert scale.thresholds == ()
        assert [band.label for band in scale.bands()] == ["all"]
