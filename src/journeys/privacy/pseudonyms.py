"""Pseudonymous citizen references: a keyed hash of a real identifier.

Journey events name a citizen only by a pseudonymous reference. Derive it from
the identifier your service already holds (an NHS number, an NI number, a case
system's person id) with :func:`pseudonym`, which is an HMAC-SHA256 of the
normalised identifier under a secret key. The same identifier and key always
give the same reference, so a citizen's journeys link up across imports and
services; without the key, the reference cannot be turned back into the
identifier, nor checked against a guessed one (NHS numbers are only ten digits:
an unkeyed hash of one is broken by trying them all).

The identifier itself is never stored. Keep the key out of the store (in a
secret manager, given to the process as ``JOURNEYS_PSEUDONYM_KEY``): whoever has
both the key and the store can re-identify citizens by hashing identifiers.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata

from journeys.errors import InvalidValueError, PrivacyKeyError

PSEUDONYM_KEY_ENV = "JOURNEYS_PSEUDONYM_KEY"
"""Environment key holding the secret key of :func:`pseudonym`."""

MIN_KEY_BYTES = 32
"""The shortest key accepted (256 bits, the size of HMAC-SHA256's output)."""

# Identifiers are written with spaces and hyphens in places that do not matter
# ("943 476 5919", "QQ-12-34-56-C"); they must hash the same however written.
_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_identifier(identifier: str) -> str:
    """``identifier`` in the form that is hashed: Unicode NFKC, case-folded, with
    whitespace and hyphens removed.

    >>> normalise_identifier(" qq-12 34 56 c ")
    'qq123456c'
    """
    if not isinstance(identifier, str):
        raise InvalidValueError(f"an identifier must be a string, got {type(identifier).__name__}")
    normalised = _SEPARATORS.sub("", unicodedata.normalize("NFKC", identifier).casefold())
    if not normalised:
        raise InvalidValueError("an identifier must not be empty")
    return normalised


def pseudonym(identifier: str, key: str | bytes | None = None) -> str:
    """The pseudonymous citizen reference for ``identifier``: 64 hex digits.

    It is HMAC-SHA256, under ``key``, of :func:`normalise_identifier` of the
    identifier, so ``"943 476 5919"`` and ``"9434765919"`` give the same reference.
    ``key`` (text or bytes, at least 32 bytes) defaults to the environment key
    ``JOURNEYS_PSEUDONYM_KEY``; make one with :func:`new_pseudonym_key` and keep
    it secret and stable: a new key gives every citizen a new reference.

    >>> key = "an example key, never use a key written in source code"
    >>> pseudonym("943 476 5919", key) == pseudonym("9434765919", key)
    True
    >>> len(pseudonym("943 476 5919", key))
    64
    """
    secret = _key_bytes(key)
    message = normalise_identifier(identifier).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def new_pseudonym_key() -> str:
    """A new random key for :func:`pseudonym` (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(MIN_KEY_BYTES)


def _key_bytes(key: str | bytes | None) -> bytes:
    if key is None:
        key = os.environ.get(PSEUDONYM_KEY_ENV)
        if not key:
            raise PrivacyKeyError(
                f"no pseudonymisation key: set {PSEUDONYM_KEY_ENV} "
                "(make one with journeys.privacy.new_pseudonym_key()) or pass key="
            )
    secret = key.encode("utf-8") if isinstance(key, str) else key
    if not isinstance(secret, bytes):
        raise PrivacyKeyError(f"a pseudonymisation key is text or bytes, not {type(key).__name__}")
    if len(secret) < MIN_KEY_BYTES:
        raise PrivacyKeyError(
            f"the pseudonymisation key is {len(secret)} bytes: it must have at least "
            f"{MIN_KEY_BYTES} (use journeys.privacy.new_pseudonym_key())"
        )
    return secret
