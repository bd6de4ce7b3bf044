"""Pseudonymous ids for the bodies an import generates from a log's values.

Without a mapping, an activity log's resource or group values become bodies
(see :mod:`journeys.interop.body_resolver`). Those values often name people (a
clinician, a caseworker and their registration number), and a body id is
written in clear where events are not: in the gap view's tables, in analyses
and in exports. So in an encrypted store a generated body's id is a keyed hash
of the value, ``body-`` and 16 hex digits, and the value itself is kept only as
the body's name, in the store's encrypted definition of it
(:mod:`journeys.stored_bodies`). The key is derived from the store's
``CIPHER_KEY``, so the same value always gets the same id in one store and
different ids in stores with other keys.
"""

from __future__ import annotations

import hashlib
import hmac

import attrs

__all__ = ["BODY_PSEUDONYM_PREFIX", "BodyPseudonyms"]

BODY_PSEUDONYM_PREFIX = "body-"
"""How every pseudonymous body id begins."""

_DERIVATION = b"journeys body pseudonyms v1"


@attrs.frozen
class BodyPseudonyms:
    """Turns a log's value into a pseudonymous body id under ``key``.

    >>> pseudonyms = BodyPseudonyms.from_cipher_key("an example key, never a real one")
    >>> pseudonyms.id_for("Dr Ada Jones") == pseudonyms.id_for("Dr Ada Jones")
    True
    >>> pseudonyms.id_for("Dr Ada Jones").startswith("body-")
    True
    """

    key: bytes = attrs.field(repr=False)

    @classmethod
    def from_cipher_key(cls, cipher_key: str) -> BodyPseudonyms:
        """The pseudonyms of a store encrypted with ``cipher_key`` (a key derived from it,
        so that the ids reveal nothing about the cipher key)."""
        return cls(hmac.new(cipher_key.encode("utf-8"), _DERIVATION, hashlib.sha256).digest())

    def id_for(self, value: str) -> str:
        """The body id for ``value``: ``body-`` and 16 hex digits of an HMAC-SHA256."""
        digest = hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return BODY_PSEUDONYM_PREFIX + digest[:16]
