from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys import Body, Catalogue, Nation, Tier
from journeys.errors import CatalogueError, UnknownBodyError
from journeys.testing import bodies

UK = ["england", "wales", "scotland", "northern-ireland"]


def test_body_normalises_tier_and_nations() -> None:
    body = Body("hmrc", "HM Revenue & Customs", "central", UK, govuk_slug="hm-revenue-customs")
    assert body.tier is Tier.CENTRAL
    assert body.nations == frozenset(Nation)
    assert body.serves(Nation.SCOTLAND)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"id": "", "name": "X", "tier": "local", "nations": ["england"]}, "non-empty"),
        ({"id": "x", "name": "  ", "tier": "local", "nations": ["england"]}, "empty name"),
        ({"id": "x", "name": "X", "tier": "parish", "nations": ["england"]}, "unknown tier"),
        ({"id": "x", "name": "X", "tier": "local", "nations": ["mercia"]}, "unknown nation"),
        ({"id": "x", "name": "X", "tier": "local", "nations": []}, "serves no nation"),
    ],
)
def test_body_refuses_bad_values(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Body(**kwargs)  # type: ignore[arg-type]


def test_catalogue_lookup_and_boundary() -> None:
    catalogue = Catalogue(
        [
            Body("dwp", "DWP", "central", ["england", "wales", "scotland"]),
            Body("sss", "Social Security Scotland", "devolved", ["scotland"]),
            Body("council:E06000023", "Bristol City Council", "local", ["england"]),
        ]
    )
    assert "dwp" in catalogue
    assert len(catalogue) == 3
    assert list(catalogue) == ["council:E06000023", "dwp", "sss"]
    with pytest.raises(UnknownBodyError, match="'nobody'"):
        catalogue["nobody"]
    across = catalogue.boundary("council:E06000023", "sss")
    assert across.tier_pair == "local->devolved"
    assert across.crosses_nation
    within = catalogue.boundary("dwp", "sss")
    assert within.tier_pair == "central->devolved"
    assert not within.crosses_nation
    edge = catalogue.boundary(None, "dwp")
    assert edge.tier_pair == "none->central"
    assert not edge.crosses_nation


def test_catalogue_refuses_duplicate_bodies() -> None:
    body = Body("dwp", "DWP", "central", ["england"])
    with pytest.raises(CatalogueError, match="duplicate body id 'dwp'"):
        Catalogue([body, body])


def test_csv_catalogue_loads(tmp_path: Path) -> None:
    path = tmp_path / "bodies.csv"
    path.write_text(
        "id,name,tier,nations,gss\n"
        "dwp,Department for Work and Pensions,central,england;wales;scotland,\n"
        "council:S12000036,City of Edinburgh Council,local,scotland,S12000036\n",
        encoding="utf-8",
    )
    catalogue = Catalogue.load(path)
    assert catalogue["council:S12000036"].gss == "S12000036"
    assert catalogue["dwp"].nations == {Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND}
    assert catalogue["dwp"].gss is None


@pytest.mark.parametrize(
    ("rows", "line", "value", "message"),
    [
        ("a,A,local,england\na,B,local,wales\n", 3, "a", "duplicate body id 'a'"),
        ("a,A,regional,england\n", 2, "regional", "unknown tier 'regional'"),
        ("a,A,local,england;atlantis\n", 2, "atlantis", "unknown nation 'atlantis'"),
        ("a,,local,england\n", 2, "", "empty name"),
        ("a,A,local,\n", 2, "", "serves no nation"),
    ],
)
def test_csv_catalogue_errors_name_file_line_and_value(
    tmp_path: Path, rows: str, line: int, value: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,name,tier,nations\n" + rows, encoding="utf-8")
    with pytest.raises(CatalogueError, match=message) as caught:
        Catalogue.from_csv(path)
    assert caught.value.source == str(path)
    assert caught.value.line == line
    assert caught.value.value == value
    assert f"{path}, line {line}" in str(caught.value)


def test_csv_catalogue_needs_its_header(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,name,nations\na,A,england\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="missing column 'tier'"):
        Catalogue.from_csv(path)


TOML = """
[[body]]
id = "hmrc"
name = "HM Revenue & Customs"
tier = "central"
nations = ["england", "wales", "scotland", "northern-ireland"]

[[body]]
id = "dfc"
name = "Department for Communities"
tier = "devolved"
nations = ["northern-ireland"]
"""


def test_toml_catalogue_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "bodies.toml"
    path.write_text(TOML, encoding="utf-8")
    catalogue = Catalogue.load(path)
    assert catalogue["dfc"].tier is Tier.DEVOLVED
    again = Catalogue.from_toml_text(catalogue.to_toml())
    assert again.bodies() == catalogue.bodies()


def test_toml_errors_name_the_line_of_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(TOML.replace('tier = "devolved"', 'tier = "federal"'), encoding="utf-8")
    with pytest.raises(CatalogueError, match="unknown tier 'federal'") as caught:
        Catalogue.from_toml(path)
    assert caught.value.line == 8
    assert caught.value.value == "federal"


def test_toml_duplicate_and_syntax_errors(tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text(TOML + TOML, encoding="utf-8")
    with pytest.raises(CatalogueError, match="duplicate body id 'hmrc'"):
        Catalogue.from_toml(path)
    path.write_text("[[body]\nid=", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid TOML"):
        Catalogue.from_toml(path)


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="unsupported catalogue format"):
        Catalogue.load(tmp_path / "bodies.json")
    with pytest.raises(CatalogueError, match="file not found"):
        Catalogue.load(tmp_path / "absent.toml")


def test_names_with_quotes_and_control_characters_round_trip() -> None:
    odd = Body("x", 'The "Odd" \\ Body\u0007', "local", ["wales"])
    assert Catalogue.from_toml_text(Catalogue([odd]).to_toml())["x"] == odd


@given(st.lists(bodies(), max_size=8, unique_by=lambda body: body.id))
def test_every_catalogue_format_reads_back_equal(drawn: list[Body]) -> None:
    """TOML, CSV and JSON are three ways to write one catalogue: each reads back equal."""
    catalogue = Catalogue(drawn)
    assert Catalogue.from_toml_text(catalogue.to_toml()) == catalogue
    if drawn:  # a CSV needs rows to say anything; an empty one reads as no bodies too
        assert Catalogue.from_csv_text(catalogue.to_csv()) == catalogue
    document = json.loads(catalogue.to_json())
    assert [entry["id"] for entry in document["body"]] == list(catalogue)
