"""Personal data: pseudonymous citizen references, encryption at rest, erasure.

- :func:`pseudonym` derives the citizen reference events carry from a real
  identifier (a keyed hash: the identifier is never stored);
- ``CIPHER_KEY`` (``JourneyApp.sqlite(path, cipher_key=...)``) encrypts every
  stored event; :func:`new_cipher_key` makes a key;
- citizen keys (``citizen_keys=True``) seal each citizen's events with their own
  key, so that :meth:`~journeys.JourneyApp.erase_citizen` can crypto-shred them;
  readers skip erased citizens and count them in :class:`ErasedJourneys`;
- a sealed store (either of the above) records so in itself, with a key check
  value, and refuses apps without its key, with another key, or opened before it
  was sealed (:mod:`journeys.privacy.seal`);
- in an encrypted store, bodies an import generates from a log's values (often
  people's names) get pseudonymous ids (:class:`BodyPseudonyms`).

See the Data protection page of the documentation for what the operator must do.
"""

from journeys.privacy.body_pseudonyms import BodyPseudonyms
from journeys.privacy.erased import ErasedJourneys
from journeys.privacy.keystore import KeyStore
from journeys.privacy.mapper import SealingMapper
from journeys.privacy.pseudonyms import (
    PSEUDONYM_KEY_ENV,
    new_pseudonym_key,
    normalise_identifier,
    pseudonym,
)
from journeys.privacy.settings import (
    CIPHER_KEY_ENV,
    CITIZEN_KEYS_ENV,
    DEFAULT_CIPHER_TOPIC,
    new_cipher_key,
)

__all__ = [
    "CIPHER_KEY_ENV",
    "CITIZEN_KEYS_ENV",
    "DEFAULT_CIPHER_TOPIC",
    "PSEUDONYM_KEY_ENV",
    "BodyPseudonyms",
    "ErasedJourneys",
    "KeyStore",
    "SealingMapper",
    "new_cipher_key",
    "new_pseudonym_key",
    "normalise_identifier",
    "pseudonym",
]
