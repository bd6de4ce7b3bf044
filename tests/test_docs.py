"""Every ```python block in docs/ and the README runs, page by page, in a fresh folder.

A block preceded by ``<!-- docs-test: skip -->`` is not run (use it sparingly: for
fragments that only make sense inside a user's own code). A block preceded by
``<!-- docs-test: postgres -->`` runs with eventsourcing's POSTGRES_* keys pointing
at a fresh schema. A block preceded by ``<!-- docs-test: eventlogs -->`` finds the
shared real event logs (``roadtraffic100traces.xes`` ...) in its working folder.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import shared_data

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(
    r"(?:<!-- docs-test: (?P<marker>[a-z-]+) -->\s*\n)?```python[^\n]*\n(?P<code>.*?)```",
    re.DOTALL,
)


def blocks(page: Path) -> list[tuple[str | None, str]]:
    return [(m["marker"], m["code"]) for m in BLOCK.finditer(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize(
    "page", [p for p in PAGES if blocks(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_code_in_page_runs(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, (marker, code) in enumerate(blocks(page), start=1):
        if marker == "skip":
            continue
        if marker == "postgres":
            for key, value in request.getfixturevalue("postgres_env").items():
                monkeypatch.setenv(key, value)
        if marker == "eventlogs":
            for name in ("roadtraffic100traces.xes", "08_receipt.xes.gz"):
                shutil.copy(shared_data(f"data/eventlogs/{name}"), tmp_path / name)
        try:
            exec(compile(code, f"{page.name} block {number}", "exec"), namespace)
        except Exception as error:
            pytest.fail(f"{page.name} block {number} failed: {error!r}\n{code}")
        finally:
            if marker == "postgres":
                for key in list(os.environ):
                    if key.startswith("POSTGRES_") or key == "PERSISTENCE_MODULE":
                        monkeypatch.delenv(key)
