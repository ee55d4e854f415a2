"""Turn latency through the gateway and straight at Rasa's REST channel, at 1 and 20 conversations.

Starts its own stack (Rasa, action server, gateway) on free ports with a private database, drives N
concurrent conversations of a fixed script, and prints p50/p95 per turn for each path, the ratio between
them, and the resident memory of each process afterwards.

    make bench            # or: .venv/bin/python bench/latency.py --turns 30
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from devtools.measure import percentile  # noqa: E402
from devtools.stack import Stack  # noqa: E402

# A typical short exchange, with a custom action (the handoff) in it.
SCRIPT = [
    "hej",
    "vad kan du hjälpa mig med",
    "jag vill prata med en människa",
    "tack så mycket",
    "hej då",
]


ERRORS: dict[str, int] = {}


def count_error(target: str, response: httpx.Response) -> None:
    """Count failed turns (a 503 is the gateway's "unavailable" answer after its timeout)."""
    if response.status_code >= 400:
        key = f"{target} {response.status_code}"
        ERRORS[key] = ERRORS.get(key, 0) + 1


async def gateway_conversation(
    client: httpx.AsyncClient, base: str, turns: int, timings: list[float]
) -> None:
    conversation_id = None
    for turn in range(turns):
        body = {"conversation_id": conversation_id, "text": SCRIPT[turn % len(SCRIPT)], "language": None}
        started = time.perf_counter()
        response = await client.post(f"{base}/api/messages", json=body)
        timings.append((time.perf_counter() - started) * 1000)
        count_error("gateway", response)
        conversation_id = response.json().get("conversation_id", conversation_id)


async def rasa_conversation(client: httpx.AsyncClient, base: str, turns: int, timings: list[float]) -> None:
    sender = uuid.uuid4().hex
    for turn in range(turns):
        body = {"sender": sender, "message": SCRIPT[turn % len(SCRIPT)], "metadata": {"language": "sv"}}
        started = time.perf_counter()
        response = await client.post(f"{base}/webhooks/rest/webhook", json=body)
        timings.append((time.perf_counter() - started) * 1000)
        count_error("rasa", response)


async def measure(stack: Stack, target: str, concurrency: int, turns: int) -> list[float]:
    timings: list[float] = []
    run = gateway_conversation if target == "gateway" else rasa_conversation
    base = stack.gateway_url if target == "gateway" else stack.rasa_url
    limits = httpx.Limits(max_connections=concurrency + 5)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(*(run(client, base, turns, timings) for _ in range(concurrency)))
    return timings


async def run_bench(stack: Stack, turns: int) -> None:
    await measure(stack, "gateway", 2, len(SCRIPT))  # warm-up: model graphs, connections
    await measure(stack, "rasa", 2, len(SCRIPT))
    print(f"{'conversations':>13} {'path':>8} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for concurrency in (1, 20):
        p95 = {}
        for target in ("rasa", "gateway"):
            timings = await measure(stack, target, concurrency, turns)
            p95[target] = percentile(timings, 95)
            print(
                f"{concurrency:>13} {target:>8} {len(timings):>6} "
                f"{statistics.median(timings):>8.1f} {p95[target]:>8.1f}",
                flush=True,
            )
        ratio = p95["gateway"] / p95["rasa"]
        print(f"{concurrency:>13} {'ratio':>8} {'':>6} {'':>8} {ratio:>8.2f}  (gateway p95 / Rasa p95)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=20, help="turns per conversation (default 20)")
    args = parser.parse_args()
    with Stack.running() as stack:
        asyncio.run(run_bench(stack, args.turns))
        print("errors: " + (", ".join(f"{k}: {v}" for k, v in ERRORS.items()) or "none"))
        memory = stack.resident_memory_mb()
        print("resident memory after the run: " + ", ".join(f"{n} {mb:.0f} MB" for n, mb in memory.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
