"""Citizen keys: the random AES-256 keys that seal one citizen's events.

Each citizen (each pseudonymous reference) gets one key. Their journey and life
events are sealed with it before they are stored (AES-GCM, through
eventsourcing's own ``AESCipher`` from its ``cryptography`` extra), so deleting
the key makes every one of those events unreadable: crypto-shredding.

A sealed event state is ``SEALED_MARK``, an 8-byte check value, then the cipher
text. The check value is an HMAC of the event's aggregate id under the key: it
tells "sealed with a key that has since been erased" from "damaged", yet is
different for every aggregate, so it does not link a citizen's journeys to each
other once their key is gone.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from base64 import b64encode
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from journeys.errors import PrivacyKeyError, StoreError

if TYPE_CHECKING:
    from eventsourcing.persistence import Cipher

SEALED_MARK = b"\x00js1"
"""How a sealed event state begins: a NUL byte, which no JSON text starts with."""

KEY_BYTES = 32
_CHECK_BYTES = 8
_CHECK_LABEL = b"journeys citizen key check"


def require_cryptography() -> type[Cipher]:
    """eventsourcing's AES-GCM cipher class (its ``cryptography`` build).

    Raises :class:`~journeys.errors.PrivacyKeyError` when the ``encryption`` extra
    (``pip install "journeys[encryption]"``) is not installed.
    """
    try:
        from eventsourcing.cryptography import AESCipher
    except ImportError:
        raise PrivacyKeyError(
            'encryption needs the cryptography package: pip install "journeys[encryption]"'
        ) from None
    return AESCipher


def aes_cipher(secret: bytes) -> Cipher:
    """eventsourcing's AES-GCM cipher for the key ``secret``."""
    from eventsourcing.utils import Environment

    cipher_class = require_cryptography()
    return cipher_class(Environment(env={"CIPHER_KEY": b64encode(secret).decode("ascii")}))


@attrs.frozen
class CitizenKey:
    """One citizen's key, ready to seal and open their events."""

    secret: bytes = attrs.field(repr=False)
    _cipher: Cipher = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise PrivacyKeyError(f"a citizen key has {KEY_BYTES} bytes, not {len(self.secret)}")
        # Built once: the mapper seals and opens many events with the same key.
        object.__setattr__(self, "_cipher", aes_cipher(self.secret))

    @classmethod
    def generate(cls) -> CitizenKey:
        """A new random key."""
        return cls(os.urandom(KEY_BYTES))

    def seal(self, aggregate_id: UUID, state: bytes) -> bytes:
        """``state`` (an event's stored state) sealed for the aggregate ``aggregate_id``."""
        return SEALED_MARK + self._check(aggregate_id) + self._cipher.encrypt(state)

    def opens(self, aggregate_id: UUID, sealed: bytes) -> bool:
        """Whether ``sealed`` was sealed with this key (its check value matches)."""
        check = sealed[len(SEALED_MARK) : len(SEALED_MARK) + _CHECK_BYTES]
        return hmac.compare_digest(check, self._check(aggregate_id))

    def open(self, aggregate_id: UUID, sealed: bytes) -> bytes:
        """The state sealed in ``sealed``; :class:`StoreError` if it is damaged."""
        try:
            return self._cipher.decrypt(sealed[len(SEALED_MARK) + _CHECK_BYTES :])
        except ValueError as error:
            raise StoreError(
                f"an event of {aggregate_id} is damaged: it cannot be decrypted ({error})"
            ) from None

    def _check(self, aggregate_id: UUID) -> bytes:
        digest = hmac.new(self.secret, _CHECK_LABEL + aggregate_id.bytes, hashlib.sha256)
        return digest.digest()[:_CHECK_BYTES]


def is_sealed(state: bytes) -> bool:
    """Whether a stored event state was sealed with a citizen key."""
    return state.startswith(SEALED_MARK)


def wrap(secret: bytes, master: Cipher | None) -> bytes:
    """``secret`` as the key store keeps it: encrypted with the store's ``CIPHER_KEY``
    when there is one, so a copy of the database alone does not give the keys away."""
    return master.encrypt(secret) if master is not None else secret


def unwrap(stored: bytes, master: Cipher | None) -> CitizenKey:
    """Read back what :func:`wrap` stored."""
    if len(stored) == KEY_BYTES:
        return CitizenKey(bytes(stored))
    if master is None:
        raise PrivacyKeyError(
            "the citizen keys of this store are encrypted with a CIPHER_KEY: "
            "open the store with the same key"
        )
    try:
        return CitizenKey(master.decrypt(bytes(stored)))
    except ValueError:
        raise PrivacyKeyError(
            "the citizen keys of this store cannot be decrypted with this CIPHER_KEY"
        ) from None
