"""The benchmark suite still runs: a tiny population, one run of every case (seconds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmark_smoke_run_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--smoke",
            "--quiet",
            "--out",
            str(out),
        ],
        check=True,
        timeout=300,
    )
    report = out.read_text(encoding="utf-8")
    for measure in (
        "Ingest into SQLite",
        "Batch gap analysis",
        "Projection catch-up from SQLite",
        "Read the SQLite store into columns",
        "XES import into SQLite",
        "Render the default map to SVG (wasm)",
        "Render the 300-touchpoint map to SVG (wasm)",
        "Render the whole map to SVG (wasm)",
    ):
        assert measure in report
    assert "- Machine: " in report
