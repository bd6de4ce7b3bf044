"""The environment keys that turn on encryption at rest and citizen keys.

Both are read, like every other store setting, from eventsourcing's
environment (``os.environ`` and the keys given to :class:`~journeys.JourneyApp`):

- ``CIPHER_KEY`` (eventsourcing's own key): encrypt every stored event with
  AES-256-GCM. The app sets ``CIPHER_TOPIC`` to eventsourcing's ``cryptography``
  build of ``AESCipher`` unless you choose another.
- ``JOURNEYS_CITIZEN_KEYS=true``: seal each citizen's events with their own key,
  so that :meth:`~journeys.JourneyApp.erase_citizen` can crypto-shred them.
"""

from __future__ import annotations

from collections.abc import Mapping

from eventsourcing.utils import strtobool

from journeys.errors import PrivacyKeyError

CIPHER_KEY_ENV = "CIPHER_KEY"
"""eventsourcing's environment key for the key of the cipher of every stored event."""

CIPHER_TOPIC_ENV = "CIPHER_TOPIC"
"""eventsourcing's environment key naming the cipher class."""

DEFAULT_CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"
"""The cipher used when ``CIPHER_KEY`` is set: AES-GCM from the ``cryptography`` package."""

CITIZEN_KEYS_ENV = "JOURNEYS_CITIZEN_KEYS"
"""Environment key: ``true`` to seal each citizen's events with their own key."""


def new_cipher_key() -> str:
    """A new random 256-bit key for ``CIPHER_KEY`` (base64 text).

    Needs the ``encryption`` extra: ``pip install "journeys[encryption]"``.
    """
    try:
        from eventsourcing.cryptography import AESCipher
    except ImportError:
        raise PrivacyKeyError(
            'encryption needs the cryptography package: pip install "journeys[encryption]"'
        ) from None
    return AESCipher.create_key(32)


def privacy_env(*, cipher_key: str | None, citizen_keys: bool) -> dict[str, str]:
    """The environment keys for the constructors' ``cipher_key`` and ``citizen_keys``."""
    env: dict[str, str] = {}
    if cipher_key is not None:
        if not cipher_key:
            raise PrivacyKeyError("cipher_key is empty: make one with new_cipher_key()")
        env[CIPHER_KEY_ENV] = cipher_key
    if citizen_keys:
        env[CITIZEN_KEYS_ENV] = "true"
    return env


def with_default_cipher_topic(env: Mapping[str, str]) -> dict[str, str]:
    """``env`` with ``CIPHER_TOPIC`` set to :data:`DEFAULT_CIPHER_TOPIC` when a
    ``CIPHER_KEY`` is given and no topic is (eventsourcing's own default needs
    PyCryptodome, which the ``encryption`` extra does not install)."""
    completed = dict(env)
    if completed.get(CIPHER_KEY_ENV) and not completed.get(CIPHER_TOPIC_ENV):
        completed[CIPHER_TOPIC_ENV] = DEFAULT_CIPHER_TOPIC
    return completed


def citizen_keys_wanted(value: str | None) -> bool:
    """Whether the ``JOURNEYS_CITIZEN_KEYS`` value asks for citizen keys."""
    if not value:
        return False
    try:
        return bool(strtobool(value))
    except ValueError:
        raise PrivacyKeyError(f"{CITIZEN_KEYS_ENV} must be true or false, got {value!r}") from None
