"""Rasa's HTTP API and the action server are internal: loopback only, and each needs its token."""

from __future__ import annotations

from pathlib import Path

import httpx

from devtools.stack import Stack


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_rasa_and_the_action_server_listen_on_loopback_only(stack: Stack):
    for name in ("rasa", "actions"):
        addresses = listening_addresses(stack.ports[name])
        assert addresses == {"0100007F"}, (name, addresses)  # 127.0.0.1, nothing else


def test_the_action_server_refuses_calls_without_its_token(stack: Stack):
    url = f"http://127.0.0.1:{stack.ports['actions']}/webhook"
    call = {
        "next_action": "action_show_my_data",
        "sender_id": "x",
        "tracker": {},
        "domain": {},
        "version": "3.6.2",
    }
    assert httpx.post(url, json=call, timeout=5).status_code == 401
    assert httpx.post(url, params={"token": "wrong"}, json=call, timeout=5).status_code == 401
    assert httpx.get(f"http://127.0.0.1:{stack.ports['actions']}/health", timeout=5).status_code == 200


def test_rasas_api_refuses_calls_without_its_token(stack: Stack):
    tracker = f"{stack.rasa_url}/conversations/someone/tracker"
    assert httpx.get(tracker, timeout=5).status_code == 401
    assert httpx.get(tracker, params={"token": "wrong"}, timeout=5).status_code == 401
