"""Runs last: after every end-to-end conversation, no process has logged a number or what people wrote."""

from __future__ import annotations

from devtools.stack import Stack

CANARIES = [
    "70111000",  # the digits of the test phone numbers (+4670111000x), in any format
    "ont i halsen",
    "bröstsmärta",
    "sore throat",
    "ta livet av mig",
]


def test_no_process_logged_phone_numbers_or_message_text(stack: Stack):
    logs = "\n".join(
        (stack.workdir / f"{name}.log").read_text(errors="replace") for name in ("rasa", "actions", "gateway")
    )
    assert logs, "the processes wrote logs"
    found = [canary for canary in CANARIES if canary in logs]
    assert found == []
