"""Keyed hashing and encryption for personal data, from the secret ``IDENTITY_HASH_KEY``.

A development default is allowed only when ``APP_ENV`` is ``development`` or ``test`` (the default when
``APP_ENV`` is unset is ``development``, as in the rest of the project).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

DEV_KEY = "development-only-identity-key-do-not-use-in-production"
DEV_ENVIRONMENTS = {"development", "test"}


class MissingSecretError(RuntimeError):
    pass


def _secret() -> bytes:
    key = os.environ.get("IDENTITY_HASH_KEY", "")
    env = (os.environ.get("APP_ENV") or "development").strip().lower()
    if not key or key == DEV_KEY:
        if env not in DEV_ENVIRONMENTS:
            raise MissingSecretError(f"IDENTITY_HASH_KEY must be set to a real secret when APP_ENV={env}")
        key = DEV_KEY
    return key.encode("utf-8")


def _derive(secret: bytes, purpose: str) -> bytes:
    return hmac.new(secret, f"self-care-assistant/{purpose}".encode(), hashlib.sha256).digest()


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under a key derived for ``purpose`` (hex). Same input, same hash."""
    return hmac.new(_derive(_secret(), purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _fernet(secret: bytes):  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet

    return Fernet(base64.urlsafe_b64encode(_derive(secret, "encryption")))


def encrypt(value: str) -> str:
    """Authenticated encryption (Fernet) for data we must be able to read back, such as a mobile number."""
    return _fernet(_secret()).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    return _fernet(_secret()).decrypt(token.encode("ascii")).decode("utf-8")
