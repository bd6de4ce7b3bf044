"""``SimulationSettings``: the delays, failure rates and behaviour of a simulation, as
one value and as a TOML file.

A settings file (the Simulation page documents it) has top-level ``automatic``
(step ids done without the citizen) and the tables ``[delays]``, ``[[delay]]``
(one step's or hand-off's delay), ``[failures]``, ``[[failure]]`` (one step's or
hand-off's rates) and ``[behaviour]``. Whatever a file leaves out keeps the value
of the settings it is read over (the defaults, unless ``base`` is given), so a
file holds only what it changes. A design variant's ``[simulation]`` table has the
same keys: :func:`variant_settings` reads it over the baseline's settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from journeys.blueprints.overlays import load_variant
from journeys.errors import SettingsError
from journeys.output_files import write_text
from journeys.simulation.behaviour import Behaviour
from journeys.simulation.delays import Delays
from journeys.simulation.failures import Failures
from journeys.simulation.settings_toml import Locator, read_settings, settings_to_toml
from journeys.text_files import parse_toml, read_text


@attrs.frozen
class SimulationSettings:
    """The :class:`Delays`, :class:`Failures` and :class:`Behaviour` of a simulation.

    Pass them on as keywords: ``simulate(blueprints, citizens=100,
    **settings.keywords())`` (the same for :func:`simulate_into`,
    :func:`simulate_lives` and :func:`simulate_lives_into`).
    """

    delays: Delays = attrs.field(factory=Delays, validator=attrs.validators.instance_of(Delays))
    failures: Failures = attrs.field(
        factory=Failures, validator=attrs.validators.instance_of(Failures)
    )
    behaviour: Behaviour = attrs.field(
        factory=Behaviour, validator=attrs.validators.instance_of(Behaviour)
    )

    def keywords(self) -> dict[str, Any]:
        """``{"delays": ..., "failures": ..., "behaviour": ...}``, the simulator's keywords."""
        return {"delays": self.delays, "failures": self.failures, "behaviour": self.behaviour}


def settings_from_toml(
    text: str, *, source: str = "<string>", base: SimulationSettings | None = None
) -> SimulationSettings:
    """The settings a TOML settings document gives over ``base`` (default: the defaults).

    An unknown table or key, a bad duration, spread, rate or weight, or an
    override naming neither a step nor a hand-off raises
    :class:`~journeys.errors.SettingsError` naming ``source``, the line and the value.
    """
    document = parse_toml(text, source, SettingsError, with_line=True)
    return _over(document, base, Locator(text, source))


def load_settings(path: str | Path) -> SimulationSettings:
    """The settings in the file ``path`` (over the defaults); see :func:`settings_from_toml`."""
    path = Path(path)
    return settings_from_toml(read_text(path, SettingsError), source=str(path))


def write_settings(settings: SimulationSettings, path: str | Path) -> None:
    """Write ``settings`` to ``path`` whole (every value written out); :func:`load_settings`
    reads it back equal. Raises :class:`~journeys.errors.OutputError` if it cannot be
    written (and leaves any earlier file as it was)."""
    if not isinstance(settings, SimulationSettings):
        raise ValueError(f"not SimulationSettings: {settings!r}")
    write_text(path, settings_to_toml(settings))


def variant_settings(path: str | Path, base: SimulationSettings) -> SimulationSettings:
    """The ``[simulation]`` table of the design variant file ``path`` read over ``base``;
    a variant without one gives ``base``. Errors are as for :func:`settings_from_toml`,
    with the lines of the variant file; a step or hand-off id that is not the variant
    design's (a typing mistake would otherwise change nothing) is one too. A variant
    that is not a valid design raises :class:`~journeys.errors.BlueprintError`."""
    path = Path(path)
    text = read_text(path, SettingsError)
    document = parse_toml(text, str(path), SettingsError, with_line=True)
    table = document.get("simulation")
    if table is None:
        return base
    design = load_variant(path)
    where = Locator(
        text,
        str(path),
        prefix="simulation.",
        steps=frozenset(step.id for step in design.steps),
        handoffs=frozenset(handoff.id for handoff in design.handoffs),
    )
    if not isinstance(table, dict):
        raise where.error(None, "'simulation' must be a table", table)
    return _over(table, base, where)


def _over(
    document: dict[str, Any], base: SimulationSettings | None, where: Locator
) -> SimulationSettings:
    if base is not None and not isinstance(base, SimulationSettings):
        raise ValueError(f"base must be SimulationSettings, got {base!r}")
    return read_settings(document, base or SimulationSettings(), where)
