"""The real stack for end-to-end tests, and a person chatting with it through the gateway."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from devtools.stack import MODEL, Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    # Every process at DEBUG: test_zz_privacy.py then checks that not even debug logs hold personal data.
    running = Stack.create(tmp_path_factory.mktemp("stack"), {"LOG_LEVEL": "DEBUG"})
    try:
        running.start_all()
        yield running
    finally:
        running.stop_all()


class Chat:
    """One person talking to the gateway, as the web page does."""

    def __init__(self, base_url: str, language: str | None = None) -> None:
        self.base_url = base_url
        self.language = language
        self.conversation_id: str | None = None
        self.last_status = 0

    def say(self, text: str, language: str | None = None, timeout: float = 10) -> list[dict]:
        first_language = self.language if self.conversation_id is None else None
        body = {"conversation_id": self.conversation_id, "text": text, "language": language or first_language}
        response = httpx.post(f"{self.base_url}/api/messages", json=body, timeout=timeout)
        self.last_status = response.status_code
        payload = response.json()
        self.conversation_id = payload.get("conversation_id", self.conversation_id)
        return payload.get("messages", [])


@pytest.fixture
def chat_factory(stack: Stack):
    return lambda language=None: Chat(stack.gateway_url, language)
