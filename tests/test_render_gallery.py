"""The Gallery's committed images are what ``docs/make_gallery.py`` draws now."""

from __future__ import annotations

import pytest

from tests.helpers import DOCS, docs_script


def test_gallery_images_are_up_to_date() -> None:
    drawn: dict[str, bytes] = docs_script("make_gallery").build()
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
