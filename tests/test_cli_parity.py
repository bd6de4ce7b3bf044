"""The command line does what the API does: ``analyse --granularity``, a catalogue as
JSON or CSV, and tables whose ids are whole when the output is piped.

click's CliRunner output is not a terminal, as a pipe is not.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeys import Body, Catalogue, JourneyApp, analyse
from journeys.analysis import Analysis, Granularity
from journeys.cli import main
from journeys.cli.tables import journey_map_table
from tests.helpers import CATALOGUE, drawn_bereavement, drawn_moving, drawn_still_open

LONG_ID = "council:" + "x" * 150
"""A body id far wider than any terminal."""


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, Path]:
    """An SQLite store of three journeys and the catalogue file naming their bodies."""
    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(CATALOGUE.to_toml(), encoding="utf-8")
    db = tmp_path / "journeys.db"
    with JourneyApp.sqlite(db, catalogue=CATALOGUE) as app:
        app.save(drawn_moving(), drawn_bereavement(), drawn_still_open())
    return db, catalogue


def two_journeys() -> Analysis:
    app = JourneyApp.in_memory(catalogue=CATALOGUE)
    app.save(drawn_moving(), drawn_bereavement())
    return analyse(app)


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


# --- analyse --granularity ---------------------------------------------------------------


@pytest.mark.parametrize("granularity", list(Granularity))
def test_analyse_json_has_the_journey_map_at_the_granularity_asked(
    store: tuple[Path, Path], tmp_path: Path, granularity: Granularity
) -> None:
    db, catalogue = store
    output = tmp_path / "gaps.json"
    text = run("analyse", "--db", str(db), "--catalogue", str(catalogue),
               "--granularity", granularity.value, "--json", str(output))  # fmt: skip
    data = json.loads(output.read_text(encoding="utf-8"))
    with JourneyApp.sqlite(db, catalogue=CATALOGUE) as app:
        expected = analyse(app).to_json(granularity=granularity)
    assert data == expected
    assert data["journey_map"]["granularity"] == granularity.value
    assert f"journey map by {granularity.value}" in text


def test_to_json_defaults_to_touchpoints_and_other_granularities_merge_nodes() -> None:
    analysis = two_journeys()
    touchpoint = analysis.to_json()["journey_map"]
    body = analysis.to_json(granularity="body")["journey_map"]
    assert touchpoint["granularity"] == "touchpoint"
    assert all(node["label"] is None for node in body["nodes"])
    assert len(body["nodes"]) < len(touchpoint["nodes"])
    # the same visits, grouped by body
    assert sum(n["visits"] for n in body["nodes"]) == sum(n["visits"] for n in touchpoint["nodes"])


def test_the_journey_map_table_names_nodes_as_the_granularity_keeps_them() -> None:
    analysis = two_journeys()
    for granularity in Granularity:
        table = journey_map_table(analysis.map(granularity))
        cells = [cell for column in table.columns[:2] for cell in column.cells]
        assert cells
        in_catalogue = [str(cell) in CATALOGUE for cell in cells]
        # body ids alone at body granularity; "body: label" or the label otherwise
        assert all(in_catalogue) == (granularity is Granularity.BODY)


def test_render_and_analyse_share_one_granularity_option() -> None:
    options = {
        name: next(p for p in main.commands[name].params if p.name == "granularity")
        for name in ("analyse", "render")
    }
    assert options["analyse"].help == options["render"].help
    assert options["analyse"].type.choices == options["render"].type.choices  # type: ignore[attr-defined]


# --- catalogue --json / --csv -----------------------------------------------------------------


def test_catalogue_json_is_the_toml_document_with_every_field() -> None:
    data = json.loads(run("catalogue", "--json"))
    from journeys.data import uk_catalogue

    toml = tomllib.loads(uk_catalogue().to_toml())
    assert [{k: v for k, v in body.items() if v not in (None, [])} for body in data["body"]] == (
        toml["body"]
    )
    assert all(
        set(body) == {"id", "name", "tier", "nations", "govuk_slug", "gss", "ods", "sources"}
        for body in data["body"]
    )
    # Every bundled body shows its public sources, each a title and a URL.
    assert all(
        body["sources"] and all(set(s) == {"title", "url"} for s in body["sources"])
        for body in data["body"]
    )


def test_catalogue_csv_reads_back_as_the_same_catalogue(tmp_path: Path) -> None:
    source = tmp_path / "catalogue.toml"
    source.write_text(CATALOGUE.to_toml(), encoding="utf-8")
    text = run("catalogue", "--catalogue", str(source), "--csv")
    assert text.splitlines()[0] == "id,name,tier,nations,govuk_slug,gss,ods,sources"
    assert Catalogue.from_csv_text(text).bodies() == CATALOGUE.bodies()


def test_the_bundled_catalogue_round_trips_through_csv() -> None:
    from journeys.data import uk_catalogue

    assert Catalogue.from_csv_text(run("catalogue", "--csv")).bodies() == uk_catalogue().bodies()


# --- whole ids when piped ---------------------------------------------------------------


def test_a_piped_catalogue_table_keeps_long_ids_whole(tmp_path: Path) -> None:
    catalogue = Catalogue([*CATALOGUE.bodies(), Body(LONG_ID, "A council", "local", ["england"])])
    path = tmp_path / "catalogue.toml"
    path.write_text(catalogue.to_toml(), encoding="utf-8")
    text = run("catalogue", "--catalogue", str(path))
    assert LONG_ID in text  # on one line, not cut short with an ellipsis
    assert "…" not in text
    assert len(text.splitlines()) == len(catalogue) + 5  # title, 3 header rules and row, end


def test_the_catalogue_table_shows_each_bodys_source_urls() -> None:
    from journeys.data import uk_catalogue

    text = run("catalogue")
    for body in uk_catalogue().bodies():
        for source in body.sources:
            assert source.url in text, (body.id, source.url)


def test_a_piped_analysis_keeps_rows_on_one_line(store: tuple[Path, Path]) -> None:
    db, catalogue = store
    text = run("analyse", "--db", str(db), "--catalogue", str(catalogue))
    assert "…" not in text
    assert "Bristol Register Office" not in text  # ids, not names
    assert "registrar: " in text  # touchpoint nodes: body id and label, whole


# --- a store's bodies ------------------------------------------------------------------


def test_a_stores_bodies_are_listed_corrected_and_recorded(
    store: tuple[Path, Path], tmp_path: Path
) -> None:
    db, _ = store
    listed = Catalogue.from_toml_text(run("catalogue", "--db", str(db), "--toml"))
    with JourneyApp.sqlite(db) as app:
        assert listed.bodies() == app.stored_bodies.bodies()
    renamed = Catalogue(
        [Body(b.id, b.name + " (renamed)", b.tier, b.nations) for b in listed.bodies()]
    )
    corrected = tmp_path / "bodies.toml"
    corrected.write_text(renamed.to_toml(), encoding="utf-8")
    result = CliRunner().invoke(main, ["catalogue", "--db", str(db), "--record", str(corrected)])
    assert result.exit_code == 1
    assert "--replace" in result.stderr
    text = run("catalogue", "--db", str(db), "--record", str(corrected), "--replace")
    assert text == f"{len(renamed)} bodies in {db}, recorded from {corrected}\n"
    with JourneyApp.sqlite(db) as app:
        assert app.stored_bodies.bodies() == renamed.bodies()


@pytest.mark.parametrize(
    "args",
    [
        ("--json", "--toml"),
        ("--record", "bodies.toml"),
        ("--db", "j.db", "--replace"),
        ("--db", "j.db", "--catalogue", "c.toml"),
    ],
)
def test_catalogue_usage_errors(args: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, ["catalogue", *args])
    assert result.exit_code == 2
    assert len([line for line in result.stderr.splitlines() if line.startswith("Error")]) == 1


def test_catalogue_of_a_missing_store_creates_none(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["catalogue", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'none.db'}: no such store\n"
    assert list(tmp_path.iterdir()) == []
