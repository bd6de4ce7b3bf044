"""Finding the catalogue body a feedback file means: by NHS ODS code or GOV.UK page.

Feedback files name organisations by their official codes, not by this library's
body ids. :class:`OdsBodies` finds a body by its ``ods`` code: exactly, or for an
NHS trust's site (a five-character code such as ``RVJ01``, which begins with the
trust's three-character code) through the trust. Bodies may share a code (a
medical examiner office hosted by a trust has the trust's): such a code names
the body it is ``chosen`` for, and is otherwise ambiguous. :func:`govuk_organisation`
finds a body from a GOV.UK page under ``/government/organisations/<slug>`` by its
``govuk_slug``; other GOV.UK pages do not say which organisation owns them.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from journeys.bodies import Catalogue

__all__ = ["OdsBodies", "govuk_organisation", "shared_code"]


class OdsBodies:
    """The bodies of a catalogue that have an NHS ODS code, by code.

    ``chosen`` maps a code several bodies share to the one it means (the
    :class:`~journeys.errors.UnknownBodyError` of a body the catalogue lacks).
    """

    def __init__(self, catalogue: Catalogue, chosen: Mapping[str, str] | None = None) -> None:
        self._by_code: dict[str, list[str]] = {}
        for body in catalogue.bodies():
            if body.ods:
                self._by_code.setdefault(body.ods.strip().upper(), []).append(body.id)
        self._chosen = {code.strip().upper(): body for code, body in (chosen or {}).items()}
        for chosen_body in self._chosen.values():
            catalogue.require(chosen_body)

    def find(self, code: str) -> str | tuple[str, ...] | None:
        """The id of the body with ODS ``code`` (case does not matter), or of the trust
        whose site it is; the ids of the bodies sharing it when it is not ``chosen``
        for one; ``None`` if the catalogue has none."""
        key = code.strip().upper()
        if key not in self._by_code and _is_trust_site(key):
            key = key[:3]
        if key in self._chosen:
            return self._chosen[key]
        found = self._by_code.get(key, [])
        if len(found) > 1:
            return tuple(sorted(found))
        return found[0] if found else None


def shared_code(choices: tuple[str, ...]) -> str:
    """Why a code several bodies share was refused, and what to do."""
    return (
        f"several bodies have this ODS code ({', '.join(choices)}): say which it means with "
        f"--ods-body CODE=BODY (ods_bodies=)"
    )


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
