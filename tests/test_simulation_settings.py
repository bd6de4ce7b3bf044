"""Simulation settings as a value and a TOML file, and a variant's [simulation] table."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.blueprints import load_variant
from journeys.errors import SettingsError
from journeys.simulation import (
    Behaviour,
    Delays,
    Failures,
    HandoffFailures,
    LogNormal,
    SimulationSettings,
    StepFailures,
    load_settings,
    settings_from_toml,
    variant_settings,
    write_settings,
)

ids = st.text(st.sampled_from("abc-:"), min_size=1, max_size=6)
rates = st.floats(0, 1, allow_nan=False)
maybe_rates = st.none() | rates
distributions = st.builds(
    LogNormal,
    st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=400)),
    st.floats(0, 3, allow_nan=False),
)
delays = st.builds(
    Delays,
    step=distributions,
    automatic=distributions,
    steps=st.dictionaries(ids, distributions, max_size=3),
    handoffs=st.dictionaries(ids, distributions, max_size=3),
)
failures = st.builds(
    Failures,
    reask=rates,
    unheld_time=rates,
    dropped_handoff=st.floats(0, 0.5),
    steps=st.dictionaries(ids, st.builds(StepFailures, maybe_rates, maybe_rates), max_size=3),
    handoffs=st.dictionaries(
        ids, st.builds(HandoffFailures, st.none() | st.floats(0, 0.4)), max_size=3
    ),
)
weights = st.lists(st.floats(0.1, 5), min_size=1, max_size=4)
behaviours = st.builds(
    Behaviour,
    optional_steps=rates,
    journeys_per_citizen=weights,
    touchpoints_per_case=weights,
    automatic_steps=st.frozensets(ids, max_size=3),
)
settings_values = st.builds(SimulationSettings, delays, failures, behaviours)


@given(settings_values)
def test_settings_written_read_back_equal(settings: SimulationSettings) -> None:
    from journeys.simulation.settings_toml import settings_to_toml

    assert settings_from_toml(settings_to_toml(settings)) == settings


def test_write_settings_is_whole_and_reads_back(tmp_path: Path) -> None:
    settings = SimulationSettings(
        delays=Delays(steps={"register-death": LogNormal(timedelta(days=3), 0.4)}),
        behaviour=Behaviour(automatic_steps={"tell-us-once"}),
    )
    path = tmp_path / "settings.toml"
    write_settings(settings, path)
    assert load_settings(path) == settings
    assert list(tmp_path.iterdir()) == [path]


def test_a_file_holds_only_what_it_changes() -> None:
    settings = settings_from_toml(
        """
automatic = ["tell-us-once"]

[delays]
step = { median = "P2D", spread = 0.5 }

[[delay]]
handoff = "medical-certificate"
median = "PT3H"
spread = 0.2

[failures]
reask = 0.1

[[failure]]
step = "register-death"
reask = 0.9
unheld_time = 0

[[failure]]
handoff = "medical-certificate"
dropped = 0.5

[behaviour]
optional_steps = 1
"""
    )
    assert settings.delays.step == LogNormal(timedelta(days=2), 0.5)
    assert settings.delays.handoff == Delays().handoff
    assert settings.delays.for_handoff("medical-certificate") == LogNormal(timedelta(hours=3), 0.2)
    assert settings.failures.reask == 0.1
    assert settings.failures.cold_transfer == Failures().cold_transfer
    assert settings.failures.for_step("register-death") == StepFailures(
        reask=0.9, unheld_time=0, cold_transfer=0.05, self_referral=0.7
    )
    assert settings.failures.for_step("tell-us-once").reask == 0.1
    assert settings.failures.for_handoff("medical-certificate") == HandoffFailures(0.5, 0.03)
    assert settings.behaviour.optional_steps == 1
    assert settings.behaviour.automatic_steps == {"tell-us-once"}
    assert settings_from_toml("") == SimulationSettings()


def test_median_seconds_for_fractions_of_a_second() -> None:
    settings = settings_from_toml("[delays]\nstep = { median_seconds = 90.5, spread = 0 }\n")
    assert settings.delays.step.median == timedelta(seconds=90.5)


def test_keywords_are_the_simulators() -> None:
    settings = SimulationSettings(failures=Failures.none())
    assert settings.keywords() == {
        "delays": Delays(),
        "failures": Failures.none(),
        "behaviour": Behaviour(),
    }


@pytest.mark.parametrize(
    ("text", "line", "value", "says"),
    [
        ("[delays]\n\nstep = { median = 'P2X', spread = 1 }\n", 3, "P2X", "ISO 8601"),
        ("[delays]\nstep = { median = 'P2D' }\n", 2, {"median": "P2D"}, "spread"),
        ("[delays]\nstep = { median = '-P2D', spread = 1 }\n", 2, None, "positive"),
        ("[delays]\nslow = { median = 'P2D', spread = 1 }\n", 2, "slow", "unknown key"),
        ("[failures]\nreask = 0.2\nunheld_time = 1.5\n", 3, 1.5, "probability"),
        ("[failures]\nreask = true\n", 2, True, "probability"),
        ("[failures]\ndropped_handoff = 0.7\nrejected_handoff = 0.6\n", 1, None, "at most 1"),
        ("x = 1\n", 1, "x", "unknown key"),
        (
            "[[failure]]\nstep = 'a'\n\n[[failure]]\nstep = 'b'\ndropped = 0.1\n",
            6,
            "dropped",
            "unknown",
        ),
        ("[[failure]]\nstep = 'a'\nhandoff = 'b'\n", 1, None, "one step or one handoff"),
        ("[[delay]]\nstep = 'a'\nmedian = 'P1D'\nspread = 1\nmean = 2\n", 5, "mean", "unknown"),
        ("[behaviour]\njourneys_per_citizen = [0, 0]\n", 1, None, "above zero"),
        ("[behaviour]\ntouchpoints_per_case = 'many'\n", 2, "many", "weights"),
        ("automatic = 'tell-us-once'\n", 1, "tell-us-once", "list of step ids"),
        ("[delays\n", 1, None, "not valid TOML"),
    ],
)
def test_bad_settings_name_file_line_and_value(
    text: str, line: int, value: object, says: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        settings_from_toml(text, source="what.toml")
    error = raised.value
    assert error.source == "what.toml"
    assert error.line == line, str(error)
    if value is not None:
        assert error.value == value
    assert says in str(error)
    assert str(error).startswith(f"what.toml, line {line}: ")


VARIANT = """base = "bereavement"
id = "tell-us-once-automatic"

[[remove_handoff]]
id = "tell-us-once-to-hmpo"

[simulation]
automatic = ["tell-us-once"]

[simulation.delays]
handoff = { median = "PT2H", spread = 0.5 }

[[simulation.failure]]
step = "register-death"
reask = 0.0
"""


def test_a_variants_simulation_table_applies_over_the_base(tmp_path: Path) -> None:
    path = tmp_path / "variant.toml"
    path.write_text(VARIANT)
    base = SimulationSettings(behaviour=Behaviour(automatic_steps={"certify-death"}))
    settings = variant_settings(path, base)
    assert settings.behaviour.automatic_steps == {"certify-death", "tell-us-once"}
    assert settings.delays.handoff == LogNormal(timedelta(hours=2), 0.5)
    assert settings.delays.step == base.delays.step
    assert settings.failures.for_step("register-death").reask == 0
    # The blueprint ignores the table, and a variant without one gives the base.
    assert load_variant(path).id == "tell-us-once-automatic"
    plain = tmp_path / "plain.toml"
    plain.write_text(VARIANT.split("[simulation]", maxsplit=1)[0])
    assert variant_settings(plain, base) is base


def test_a_variants_bad_simulation_table_names_the_variants_line(tmp_path: Path) -> None:
    path = tmp_path / "variant.toml"
    path.write_text(VARIANT + "\n[simulation.failures]\nreask = 2\n")
    with pytest.raises(SettingsError) as raised:
        variant_settings(path, SimulationSettings())
    assert raised.value.line == 18
    assert raised.value.source == str(path)
    path.write_text(VARIANT.replace("[simulation]\n", "[simulation]\nspeed = 1\n"))
    with pytest.raises(SettingsError) as raised:
        variant_settings(path, SimulationSettings())
    assert raised.value.line == 8
    assert raised.value.value == "speed"


def test_load_settings_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="file not found"):
        load_settings(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("table", "line", "value"),
    [
        ('automatic = ["tell-us-twice"]\n', 8, "tell-us-twice"),
        (
            '[[simulation.delay]]\nstep = "registr-death"\nmedian = "P1D"\nspread = 1\n',
            8,
            "registr-death",
        ),
        (
            '[[simulation.failure]]\nhandoff = "tell-us-once-to-hmpo"\ndropped = 0.5\n',
            8,
            "tell-us-once-to-hmpo",
        ),
        (
            '[[simulation.failure]]\nhandoff = "referral:certify-death:nowhere"\ndropped = 0.5\n',
            8,
            None,
        ),
    ],
)
def test_a_variants_settings_name_only_its_own_steps_and_hand_offs(
    tmp_path: Path, table: str, line: int, value: object
) -> None:
    # The variant removes the hand-off to HMPO, so it is no longer the design's.
    head = VARIANT.split("[simulation]", maxsplit=1)[0] + "[simulation]\n"
    path = tmp_path / "variant.toml"
    path.write_text(head + table)
    with pytest.raises(SettingsError, match="is not a") as raised:
        variant_settings(path, SimulationSettings())
    assert raised.value.line == line
    if value is not None:
        assert raised.value.value == value
    referral = '[[simulation.failure]]\nhandoff = "referral:certify-death:probate"\ndropped = 0.5\n'
    path.write_text(head + referral)
    settings = variant_settings(path, SimulationSettings())
    assert settings.failures.for_handoff("referral:certify-death:probate").dropped == 0.5
