"""The Gallery's committed images are what ``docs/make_gallery.py`` draws now."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_gallery_images_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("make_gallery", DOCS / "make_gallery.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    drawn: dict[str, bytes] = module.build()
    assert drawn, "the gallery script draws nothing"
    for name, svg in sorted(drawn.items()):
        committed = DOCS / "images" / name
        if not committed.exists():
            pytest.fail(f"docs/images/{name} is missing: run python docs/make_gallery.py")
        assert svg == committed.read_bytes(), (
            f"docs/images/{name} is out of date: run python docs/make_gallery.py and commit it"
        )
    gallery = (DOCS / "gallery.md").read_text(encoding="utf-8")
    for name in drawn:
        assert f"images/{name}" in gallery, f"gallery.md does not show {name}"
