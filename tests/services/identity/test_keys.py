from __future__ import annotations

import pytest

from services.identity import keys


def test_the_keyed_hash_is_stable_and_depends_on_the_key_and_purpose(monkeypatch):
    monkeypatch.setenv("IDENTITY_HASH_KEY", "key-one")
    first = keys.keyed_hash("pnr", "198112189876")
    assert first == keys.keyed_hash("pnr", "198112189876") and len(first) == 64
    assert first != keys.keyed_hash("phone", "198112189876")
    monkeypatch.setenv("IDENTITY_HASH_KEY", "key-two")
    assert first != keys.keyed_hash("pnr", "198112189876")


@pytest.mark.parametrize("env", ["production", "staging"])
def test_outside_development_a_real_key_is_required(monkeypatch, env):
    monkeypatch.setenv("APP_ENV", env)
    monkeypatch.delenv("IDENTITY_HASH_KEY", raising=False)
    with pytest.raises(keys.MissingSecretError):
        keys.keyed_hash("pnr", "x")
    monkeypatch.setenv("IDENTITY_HASH_KEY", keys.DEV_KEY)
    with pytest.raises(keys.MissingSecretError):
        keys.keyed_hash("pnr", "x")
    monkeypatch.setenv("IDENTITY_HASH_KEY", "a-real-secret")
    assert keys.keyed_hash("pnr", "x")


@pytest.mark.parametrize("env", ["development", "test"])
def test_development_may_use_the_default_key(monkeypatch, env):
    monkeypatch.setenv("APP_ENV", env)
    monkeypatch.delenv("IDENTITY_HASH_KEY", raising=False)
    assert keys.keyed_hash("pnr", "x")


def test_encryption_round_trips_and_hides_the_value():
    token = keys.encrypt("+46701740605")
    assert "46701740605" not in token
    assert keys.decrypt(token) == "+46701740605"
