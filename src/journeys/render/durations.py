"""Durations written for people: ``"3 d 4 h"``, ``"5 wk"``, ``"45 min"``.

A duration is written in its largest whole unit and, when it is not zero, the
next unit down, rounded half up. Years are 365 days and there are no months,
whose length varies; a week is 7 days.
"""

from __future__ import annotations

import math

_UNITS: tuple[tuple[str, int], ...] = (
    ("yr", 365 * 86_400),
    ("wk", 7 * 86_400),
    ("d", 86_400),
    ("h", 3_600),
    ("min", 60),
    ("s", 1),
)


def human_duration(seconds: float) -> str:
    """``seconds`` written briefly, at most two units: ``"3 d 4 h"``, ``"5 wk"``.

    Rounding is half up in the smaller unit shown, carrying into the larger one
    (``59.6`` seconds is ``"1 min"``, 6 days 23.6 hours is ``"1 wk"``). A positive
    duration under half a second is ``"<1 s"``; zero is ``"0 s"``.

    >>> human_duration(3 * 86_400 + 4 * 3_600)
    '3 d 4 h'
    >>> human_duration(35 * 86_400)
    '5 wk'
    >>> human_duration(90)
    '1 min 30 s'

    Raises:
        ValueError: for a negative, infinite or NaN duration.
        TypeError: for a value that is not a number.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError(f"a duration must be a number of seconds, got {seconds!r}")
    if math.isnan(seconds) or math.isinf(seconds):
        raise ValueError(f"a duration must be finite, got {seconds!r}")
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, got {seconds!r}")
    if seconds == 0:
        return "0 s"
    if seconds < 0.5:
        return "<1 s"
    index = next(i for i, (_, size) in enumerate(_UNITS) if seconds >= size or size == 1)
    name, size = _UNITS[index]
    if size == 1:
        whole = _round_half_up(seconds)
        return "1 min" if whole >= 60 else f"{whole} s"
    minor_name, minor_size = _UNITS[index + 1]
    major = int(seconds // size)
    minor = _round_half_up((seconds - major * size) / minor_size)
    if minor * minor_size >= size:
        # Rounding the smaller unit filled the larger one: the value is now an exact
        # multiple of it, which may in turn reach the next unit up (6 d 24 h is 1 wk).
        return human_duration(float((major + 1) * size))
    if minor == 0:
        return f"{major} {name}"
    return f"{major} {name} {minor} {minor_name}"


def _round_half_up(value: float) -> int:
    # Python's round() rounds half to even; people expect 2.5 h to read as 3 h.
    return math.floor(value + 0.5)
