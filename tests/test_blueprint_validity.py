"""A blueprint step's sources and the dates its rule is in force (valid_from, valid_until),
and a catalogue body's sources: reading, refusing, writing them back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from journeys.blueprints import blueprint_from_toml, blueprint_to_toml
from journeys.blueprints.validity import journey_date
from journeys.bodies import Body, Catalogue, Nation, Source
from journeys.errors import BlueprintError, CatalogueError

DATED = """\
id = "test"
title = "A test journey"
trigger = "moving-house"
nations = ["england"]

[[stage]]
id = "only"
title = "Only"

[[stage.step]]
id = "tell"
title = "Tell DWP"
bodies = { england = "dwp" }
sources = [{ title = "GOV.UK: PIP", url = "https://www.gov.uk/pip" }]

[[stage.step]]
id = "old-rule"
title = "The old rule"
bodies = { england = "sss" }
cross_border = true
valid_until = 2025-11-05

[[stage.step]]
id = "new-rule"
title = "The new rule"
bodies = { england = "sss" }
cross_border = true
valid_from = "2025-11-06"

[[handoff]]
id = "record"
from = "tell"
to = "old-rule"
"""


def test_dates_and_sources_are_read_and_written_back() -> None:
    blueprint = blueprint_from_toml(DATED)
    assert blueprint.step("old-rule").valid_until == date(2025, 11, 5)
    assert blueprint.step("new-rule").valid_from == date(2025, 11, 6)
    assert blueprint.step("tell").sources == (Source("GOV.UK: PIP", "https://www.gov.uk/pip"),)
    assert blueprint.rule_dates == (date(2025, 11, 6),)
    assert blueprint_from_toml(blueprint_to_toml(blueprint)) == blueprint


def test_the_design_on_a_date_keeps_only_the_rules_in_force() -> None:
    blueprint = blueprint_from_toml(DATED)
    before = blueprint.for_nation("england", date(2025, 11, 5))
    after = blueprint.for_nation("england", date(2025, 11, 6))
    assert [s.id for s in before.steps] == ["tell", "old-rule"]
    assert [h.id for h in before.handoffs] == ["record"]
    assert [s.id for s in after.steps] == ["tell", "new-rule"]
    assert after.handoffs == ()
    # Without a date: every step, whatever its dates.
    assert len(blueprint.for_nation("england").steps) == 3


def test_a_rule_may_change_in_some_nations_only() -> None:
    text = DATED.replace('nations = ["england"]', 'nations = ["england", "scotland"]').replace(
        'bodies = { england = "dwp" }', 'bodies = { england = "dwp", scotland = "dwp" }'
    )
    text = text.replace(
        'valid_from = "2025-11-06"',
        'valid_from = { england = 2025-11-06 }\nbodies = { england = "sss", scotland = "sss" }',
    ).replace('title = "The new rule"\nbodies = { england = "sss" }\n', 'title = "The new rule"\n')
    blueprint = blueprint_from_toml(text)
    step = blueprint.step("new-rule")
    assert step.valid_from == {Nation.ENGLAND: date(2025, 11, 6)}
    assert step.in_force(date(2025, 1, 1), "scotland")
    assert not step.in_force(date(2025, 1, 1), "england")
    scotland = blueprint.for_nation("scotland", date(2025, 1, 1))
    assert "new-rule" in [s.id for s in scotland.steps]
    assert scotland.step("new-rule").valid_from is None
    assert blueprint_from_toml(blueprint_to_toml(blueprint)) == blueprint
    with pytest.raises(BlueprintError, match="where it is not offered"):
        blueprint_from_toml(text.replace("{ england = 2025-11-06 }", "{ wales = 2025-11-06 }"))
    with pytest.raises(BlueprintError, match="mercia"):
        blueprint_from_toml(text.replace("{ england = 2025-11-06 }", "{ mercia = 2025-11-06 }"))


def test_the_journey_date_is_the_uk_local_date() -> None:
    # 23:30 UTC on 5 November 2025 is still 5 November in London (GMT) ...
    assert journey_date(datetime(2025, 11, 5, 23, 30, tzinfo=UTC)) == date(2025, 11, 5)
    # ... and 23:30 UTC on 30 June is already 1 July in London (BST).
    assert journey_date(datetime(2025, 6, 30, 23, 30, tzinfo=UTC)) == date(2025, 7, 1)


@pytest.mark.parametrize(
    ("replace", "by", "message", "line"),
    [
        ('valid_from = "2025-11-06"', 'valid_from = "2025-13-06"', "must be a date", 23),
        ('valid_from = "2025-11-06"', "valid_from = 2025-11-06T09:00:00Z", "not a date and", 23),
        ('valid_from = "2025-11-06"', "valid_from = 6", "must be a date", 23),
        (
            'valid_from = "2025-11-06"',
            'valid_from = "2025-11-06"\nvalid_until = 2025-11-01',
            "is before 'valid_from'",
            23,
        ),
        (
            'sources = [{ title = "GOV.UK: PIP", url = "https://www.gov.uk/pip" }]',
            'sources = [{ title = "GOV.UK: PIP", url = "ftp://example.org/pip" }]',
            "http",
            10,
        ),
        (
            'sources = [{ title = "GOV.UK: PIP", url = "https://www.gov.uk/pip" }]',
            'sources = [{ title = "GOV.UK: PIP" }]',
            "needs both",
            10,
        ),
        (
            'sources = [{ title = "GOV.UK: PIP", url = "https://www.gov.uk/pip" }]',
            'sources = "https://www.gov.uk/pip"',
            "must be a list",
            10,
        ),
    ],
)
def test_bad_dates_and_sources_are_blueprint_errors_with_file_and_line(
    replace: str, by: str, message: str, line: int
) -> None:
    text = DATED.replace(replace, by)
    with pytest.raises(BlueprintError, match=message) as raised:
        blueprint_from_toml(text, source="dated.toml")
    assert raised.value.source == "dated.toml"
    assert raised.value.line == line


def test_a_handoff_between_rules_never_in_force_together_is_refused() -> None:
    text = DATED.replace('from = "tell"', 'from = "new-rule"')
    with pytest.raises(BlueprintError, match="never in force on the same date") as raised:
        blueprint_from_toml(text, source="dated.toml")
    assert raised.value.line is not None


# --- a catalogue body's sources --------------------------------------------------------------

BODY = Body(
    "gro",
    "General Register Office",
    "central",
    ["england", "wales"],
    sources=[
        Source(
            "GOV.UK: Order a certificate | GRO",
            "https://www.gov.uk/order-copy-birth-death-marriage-certificate",
        ),
        {"title": "GOV.UK: Register a death", "url": "https://www.gov.uk/register-a-death"},
    ],
)


def test_a_body_keeps_its_sources_through_toml_csv_and_json() -> None:
    catalogue = Catalogue([BODY])
    assert Catalogue.from_toml_text(catalogue.to_toml())["gro"] == BODY
    assert Catalogue.from_csv_text(catalogue.to_csv())["gro"] == BODY
    assert "title <url>" not in catalogue.to_csv()
    assert " | GOV.UK: Register a death <https://www.gov.uk/register-a-death>" in catalogue.to_csv()
    assert '"url": "https://www.gov.uk/register-a-death"' in catalogue.to_json()


def test_a_toml_body_may_name_a_source_of_the_sources_table() -> None:
    text = """\
[sources]
gro = { title = "GOV.UK: Order a certificate", url = "https://www.gov.uk/order-copy-certificate" }

[[body]]
id = "gro"
name = "General Register Office"
tier = "central"
nations = ["england"]
sources = ["gro", { title = "GOV.UK: Register a death", url = "https://www.gov.uk/register" }]
"""
    (first, second) = Catalogue.from_toml_text(text)["gro"].sources
    assert first.url.endswith("order-copy-certificate")
    assert second.title == "GOV.UK: Register a death"


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ('["nowhere"]', "no \\[sources.nowhere\\]"),
        ('[{ title = "x", url = "javascript:alert(1)" }]', "http"),
        ('[{ title = "x", url = "https://" }]', "http"),
        ('[{ title = "", url = "https://www.gov.uk/" }]', "title"),
        ('"https://www.gov.uk/"', "must be a list"),
    ],
)
def test_bad_body_sources_are_catalogue_errors_with_line(sources: str, message: str) -> None:
    text = '[[body]]\nid = "x"\nname = "X"\ntier = "central"\nnations = ["england"]\n'
    text += f"sources = {sources}\n"
    with pytest.raises(CatalogueError, match=message) as raised:
        Catalogue.from_toml_text(text, source="c.toml")
    assert raised.value.line == 1


@pytest.mark.parametrize(
    "cell", ["https://www.gov.uk/", "title <not a url>", "a <https://x.gov.uk/> b"]
)
def test_bad_csv_sources_are_catalogue_errors_with_line(cell: str) -> None:
    text = f'id,name,tier,nations,sources\nx,X,central,england,"{cell}"\n'
    with pytest.raises(CatalogueError, match=r"sources|http") as raised:
        Catalogue.from_csv_text(text, source="c.csv")
    assert raised.value.line == 2


def test_a_body_refuses_a_source_that_is_not_http() -> None:
    with pytest.raises(ValueError, match="http"):
        Body(
            "x", "X", "central", ["england"], sources=[{"title": "x", "url": "file:///etc/passwd"}]
        )
