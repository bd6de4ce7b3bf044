"""journeys compare: the tables, the JSON the API gives, settings for each design, the
pictures, and bad input as one clean error (exit 2) with nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journeys.blueprints import load_bundled_blueprint, load_variant
from journeys.cli import main
from journeys.simulation import Failures, SimulationSettings
from journeys.whatif import Outcome, bundled_scenarios, compare_designs

CLI = "from journeys.cli import main; main()"
SMALL = ("--citizens", "30", "--replications", "2", "--seed", "5")


@pytest.fixture
def tuo_ni() -> Path:
    """The bundled Tell Us Once in Northern Ireland design file."""
    return bundled_scenarios()["tell-us-once-in-northern-ireland"].variant_file


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def fails_cleanly(result: Result, status: int = 1) -> str:
    """One ``Error:`` line and ``status``: 1 for input that cannot be used, 2 for usage."""
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    return result.stderr


def test_the_json_is_the_api_comparison(tmp_path: Path, tuo_ni: Path) -> None:
    out = tmp_path / "cmp.json"
    result = run("compare", "bereavement", str(tuo_ni), *SMALL, "--json", str(out))
    assert result.exit_code == 0, result.output
    expected = compare_designs(
        load_bundled_blueprint("bereavement"),
        load_variant(tuo_ni),
        citizens=30,
        replications=2,
        seed=5,
        baseline_settings=SimulationSettings(),
        variant_settings=SimulationSettings(),
    )
    assert out.read_text(encoding="utf-8") == json.dumps(expected.to_json(), indent=2) + "\n"
    assert "Outcomes per citizen: everyone" in result.stdout
    assert "By nation" in result.stdout
    assert f"wrote {out}" in result.stdout


def test_a_variant_files_simulation_table_is_read_over_the_settings(
    tmp_path: Path, tuo_ni: Path
) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("[failures]\nreask = 0.0\n", encoding="utf-8")
    heavy = tmp_path / "heavy.toml"
    simulation = "\n[simulation.failures]\nreask = 1.0\n"
    heavy.write_text(tuo_ni.read_text(encoding="utf-8") + simulation, encoding="utf-8")
    out = tmp_path / "cmp.json"
    result = run(
        "compare", "bereavement", str(heavy), *SMALL, "--settings", str(settings),
        "--nation", "england", "--json", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    england = next(g for g in document["groups"] if g["group"] == "england")
    reasks = next(o for o in england["outcomes"] if o["outcome"] == Outcome.REASKS.value)
    # Without re-asks for the baseline, with every re-ask for the variant (in England,
    # where the designs agree): only the settings differ, and the re-asks rise.
    assert reasks["baseline"] < reasks["variant"]
    assert [g["group"] for g in document["groups"]] == ["all", "england"]
    expected = compare_designs(
        load_bundled_blueprint("bereavement"),
        load_variant(heavy),
        citizens=30,
        replications=2,
        seed=5,
        nations={"england": 1},
        baseline_settings=SimulationSettings(failures=Failures(reask=0.0)),
        variant_settings=SimulationSettings(failures=Failures(reask=1.0)),
    )
    assert document == expected.to_json()


def test_the_pictures_are_drawn(tmp_path: Path, tuo_ni: Path) -> None:
    drawn = tmp_path / "map.svg", tmp_path / "network.dot"
    result = run(
        "compare", "bereavement", str(tuo_ni), *SMALL, "--nation", "northern-ireland",
        "--map", str(drawn[0]), "--network", str(drawn[1]),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    svg = drawn[0].read_text(encoding="utf-8")
    assert svg.startswith("<?xml") or "<svg" in svg[:500]
    assert "only in B" in svg  # Tell Us Once at DfC is new in Northern Ireland
    assert "digraph" in drawn[1].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "said", "status"),
    [
        (("compare", "no-such-blueprint", "bereavement"), "no-such-blueprint", 1),
        (("compare", "bereavement", "missing.toml"), "missing.toml", 1),
        (("compare", "bereavement", "birth", "--settings", "missing-settings.toml"), "missing", 1),
        (("compare", "bereavement", "bereavement", "--replications", "1"), "replications", 2),
        (("compare", "bereavement", "bereavement", "--map", "out.jpeg"), "jpeg", 2),
    ],
)
def test_bad_input_is_one_clean_error_and_writes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    said: str,
    status: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args, "--citizens", "5", "--json", "out.json")
    assert said in fails_cleanly(result, status)
    assert not (tmp_path / "out.json").exists()


def test_a_bad_settings_file_names_its_line(tmp_path: Path, tuo_ni: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("[failures]\n\nreask = 2.5\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = run(
        "compare", "bereavement", str(tuo_ni), "--settings", str(settings), "--json", str(out)
    )
    stderr = fails_cleanly(result)
    assert "settings.toml" in stderr
    assert "3" in stderr
    assert not out.exists()


def test_two_processes_write_the_same_bytes(tmp_path: Path, tuo_ni: Path) -> None:
    written = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"cmp-{hash_seed}.json"
        subprocess.run(
            [sys.executable, "-c", CLI, "compare", "bereavement", str(tuo_ni), *SMALL,
             "--voice", "--json", str(out)],
            check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )  # fmt: skip
        written.append(out.read_bytes())
    assert written[0] == written[1]
