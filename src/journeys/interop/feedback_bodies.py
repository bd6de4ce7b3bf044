"""Finding the catalogue body a feedback file means: by NHS ODS code or GOV.UK page.

Feedback files name organisations by their official codes, not by this library's
body ids. :class:`OdsBodies` finds a body by its ``ods`` code: exactly, or for an
NHS trust's site (a five-character code such as ``RVJ01``, which begins with the
trust's three-character code) through the trust. :func:`govuk_organisation`
finds a body from a GOV.UK page under ``/government/organisations/<slug>`` by its
``govuk_slug``; other GOV.UK pages do not say which organisation owns them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from journeys.bodies import Catalogue

__all__ = ["OdsBodies", "govuk_organisation"]


class OdsBodies:
    """The bodies of a catalogue that have an NHS ODS code, by code."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._by_code = {
            body.ods.strip().upper(): body.id for body in catalogue.bodies() if body.ods
        }

    def find(self, code: str) -> str | None:
        """The id of the body with ODS ``code`` (case does not matter), or of the trust
        whose site it is; ``None`` if the catalogue has neither."""
        key = code.strip().upper()
        found = self._by_code.get(key)
        if found is None and _is_trust_site(key):
            found = self._by_code.get(key[:3])
        return found


def _is_trust_site(code: str) -> bool:
    """NHS trust site codes: the trust's code (``R`` or ``T`` and two characters) and
    two more (``RVJ01``); GP practices (``F84096``) and others are not sites of a trust."""
    return len(code) == 5 and code[0] in "RT" and code.isalnum()


def govuk_organisation(catalogue: Catalogue, page: str) -> str | None:
    """The body whose GOV.UK organisation page ``page`` is under (a path or URL such as
    ``/government/organisations/hm-revenue-customs/contact``), or ``None``."""
    path = urlsplit(page.strip()).path if "://" in page else page.strip()
    parts = [part for part in path.split("/") if part]
    if len(parts) < 3 or parts[:2] != ["government", "organisations"]:
        return None
    slug = parts[2].lower()
    for body in catalogue.bodies():
        if body.govuk_slug and body.govuk_slug.lower() == slug:
            return body.id
    return None
