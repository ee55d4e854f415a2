from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_sms_providers import FakeProviders, FakeProviderServer  # noqa: E402


@pytest.fixture
def providers() -> Iterator[FakeProviders]:
    """Twilio and 46elks, answering on a local port."""
    with FakeProviderServer() as state:
        yield state
