"""The mapping file: schema, defaults, and errors naming the file, entry and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeys import JourneyApp, Nation, Tier, uk_catalogue
from journeys.errors import EventLogError
from journeys.interop import ActivityRule, LogMapping, import_log
from tests.conftest import shared_data
from tests.interop_data import EVENTLOGS, write_text

FULL = """\
[journey]
trigger = "traffic-fine"
nation = "northern-ireland"
end = false

[fallback]
body = "dfi"

[generated]
tier = "devolved"
nations = ["northern-ireland"]

[activity."Create Fine"]
body = "dva"
opens_case = "fine"

[activity."Send Fine"]
body = "dva"
sends_handoff_to = "dfi"
items = ["fine_details"]

[activity.Payment]
closes_case = "fine"

[resource]
561 = "dva"

[group]
"Group 1" = "council:N09000003"
"""


def test_every_part_of_the_schema_is_read() -> None:
    mapping = LogMapping.from_toml_text(FULL, catalogue=uk_catalogue())
    assert mapping.trigger == "traffic-fine"
    assert mapping.nation is Nation.NORTHERN_IRELAND
    assert mapping.end_journeys is False
    assert mapping.fallback_body == "dfi"
    assert mapping.generated_tier is Tier.DEVOLVED
    assert mapping.generated_nations == frozenset({Nation.NORTHERN_IRELAND})
    assert mapping.rule("Create Fine") == ActivityRule(body="dva", opens_case="fine")
    assert mapping.rule("Send Fine") == ActivityRule(
        body="dva", sends_handoff_to="dfi", items=frozenset({"fine_details"})
    )
    assert mapping.rule("Payment") == ActivityRule(closes_case="fine")
    assert mapping.rule("Appeal") is None
    assert mapping.resources == {"561": "dva"}
    assert mapping.groups == {"Group 1": "council:N09000003"}


def test_the_empty_mapping_maps_nothing() -> None:
    mapping = LogMapping.from_toml_text("", catalogue=uk_catalogue())
    assert mapping == LogMapping()
    assert (mapping.trigger, mapping.nation, mapping.fallback_body) == (
        "imported",
        Nation.ENGLAND,
        "unknown",
    )


@pytest.mark.parametrize(
    "case",
    [
        (
            'sends_handoff_to = "dfi"',
            'sends_handoff_to = "ministry"',
            19,
            "ministry",
            "unknown body",
        ),
        ('561 = "dva"', '561 = "nobody"', 26, "nobody", "resource.561 names unknown body"),
        (
            '"Group 1" = "council:N09000003"',
            '"Group 1" = "council:X"',
            29,
            "council:X",
            'group."Group 1" names unknown body',
        ),
        ('body = "dfi"', 'body = "limbo"', 7, "limbo", "fallback.body names unknown body"),
        ('opens_case = "fine"', 'opens_cases = "fine"', 15, "opens_cases", "unknown key"),
        ('nation = "northern-ireland"', 'nation = "mercia"', 3, "mercia", "unknown nation"),
        ("end = false", 'end = "no"', 4, "no", "true or false"),
        ('tier = "devolved"', 'tier = "parish"', 10, "parish", "unknown tier"),
    ],
)
def test_a_bad_entry_names_the_file_the_entry_and_its_line(
    tmp_path: Path, case: tuple[str, str, int, str, str]
) -> None:
    needle, replacement, line, value, message = case
    assert needle in FULL
    path = write_text(tmp_path / "mapping.toml", FULL.replace(needle, replacement))
    with pytest.raises(EventLogError, match=message) as caught:
        LogMapping.load(path, catalogue=uk_catalogue())
    assert (caught.value.source, caught.value.line, caught.value.value) == (str(path), line, value)
    assert str(caught.value).startswith(f"{path}, line {line}: ")


def test_invalid_toml_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(EventLogError, match="not valid TOML"):
        LogMapping.from_toml_text("[activity\n", catalogue=uk_catalogue())
    with pytest.raises(EventLogError, match="not found"):
        LogMapping.load(tmp_path / "absent.toml", catalogue=uk_catalogue())
    with pytest.raises(EventLogError, match="unknown table 'bodies'"):
        LogMapping.from_toml_text("[bodies]\n", catalogue=uk_catalogue())
    with pytest.raises(EventLogError, match="only carried by a hand-off"):
        LogMapping.from_toml_text('[activity.X]\nitems = ["a"]\n', catalogue=uk_catalogue())


def test_an_import_with_a_mapping_naming_an_unknown_body_writes_nothing(tmp_path: Path) -> None:
    log = shared_data(f"{EVENTLOGS}/roadtraffic100traces.xes")
    mapping = write_text(tmp_path / "mapping.toml", '[activity."Create Fine"]\nbody = "police"\n')
    with JourneyApp.sqlite(tmp_path / "j.db") as app:
        with pytest.raises(EventLogError, match="unknown body 'police'") as caught:
            import_log(app, log, mapping=mapping)
        assert app.max_position() == 0
        assert len(app.stored_bodies) == 0
    assert (caught.value.source, caught.value.line) == (str(mapping), 2)
