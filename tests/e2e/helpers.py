"""Small helpers for reading the gateway's answers in end-to-end tests."""

from __future__ import annotations


def texts(messages: list[dict]) -> str:
    return " ".join(m["text"] for m in messages)
