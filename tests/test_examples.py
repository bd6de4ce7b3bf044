"""Every script in examples/ runs (in a fresh process, in an empty folder) and says what it should.

The scripts start together, so the suite waits for the slowest, not for all of them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

EXPECTED: dict[str, tuple[str, ...]] = {
    "bereavement_tell_us_once.py": (
        "families in England",
        "bodies the family had to go to themselves",
        "In Northern Ireland the family most often went on their own to:",
        "Tell Us Once passed the family on:",
        "to HM Revenue & Customs",
    ),
    "hospital_discharge.py": (
        "One patient (Bristol):",
        "dropped handoff",
        "North Bristol NHS Trust -> Bristol City Council adult social care",
        "northern-ireland",
    ),
    "moving_to_scotland.py": (
        "people moving from Northumberland to the Scottish Borders",
        "Social Security Scotland",
        "applied to Social Security Scotland on their own",
    ),
    "prototype_service.py": (
        "Prototype version 1: FAIL",
        "reask: registrar:E06000023 -> dwp (national_insurance_number)",
        "Prototype version 2: pass",
    ),
    "quickstart.py": ("HandoffSent", "Ended"),
}
"""What each story prints; any other script in examples/ must at least exit 0."""


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, subprocess.CompletedProcess[str]]]:
    with tempfile.TemporaryDirectory() as folder:
        started = {}
        for script in SCRIPTS:
            cwd = Path(folder) / script.stem
            cwd.mkdir()
            started[script.name] = subprocess.Popen(
                [sys.executable, str(script)],
                cwd=cwd,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        finished = {}
        for name, process in started.items():
            stdout, stderr = process.communicate(timeout=120)
            finished[name] = subprocess.CompletedProcess(
                process.args, process.returncode, stdout, stderr
            )
        yield finished


def test_every_story_has_a_script() -> None:
    assert set(EXPECTED) <= {script.name for script in SCRIPTS}


@pytest.mark.slow
@pytest.mark.parametrize("script", [s.name for s in SCRIPTS])
def test_example_runs_and_prints_what_it_should(
    script: str, runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    result = runs[script]
    assert result.returncode == 0, result.stderr
    for text in EXPECTED.get(script, ()):
        assert text in result.stdout, f"{script} did not print {text!r}:\n{result.stdout}"
