"""The action server's two guards: the token on every action call, and errors without the tracker."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

from bot.action_server import bare_error, require_token


def request(path: str, token: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(path=path, args={"token": token} if token is not None else {})


def test_an_action_call_needs_the_right_token():
    check = require_token("s3cret-token")
    assert asyncio.run(check(request("/webhook", "s3cret-token"))) is None
    for wrong in (None, "", "s3cret", "S3CRET-TOKEN"):
        assert asyncio.run(check(request("/webhook", wrong))).status == 401


def test_without_a_configured_token_every_call_is_refused():
    assert asyncio.run(require_token("")(request("/webhook", ""))).status == 401


def test_health_stays_open():
    assert asyncio.run(require_token("s3cret-token")(request("/health"))) is None


def test_a_failed_action_does_not_send_the_tracker_back():
    answer = asyncio.run(bare_error(request("/webhook"), ValueError("jag har ont i bröstet")))
    assert answer.status == 500
    assert json.loads(answer.body) == {"error": "action failed"}
