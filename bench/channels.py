"""SMS and phone webhook latency with the real Rasa behind them, and SMS parts per bot reply.

Starts its own stack on free ports, then: 20 senders text the Twilio SMS webhook at once (signed, each a
short conversation) and the p50/p99 response time is printed; callers walk through the phone webhook and
the p95 is printed; and the average number of SMS parts (and billed segments) per bot reply over those
conversations.

    .venv/bin/python bench/channels.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from twilio.request_validator import RequestValidator  # noqa: E402

from devtools.measure import percentile  # noqa: E402
from devtools.stack import TWILIO_TEST_TOKEN, Stack  # noqa: E402

SMS_SCRIPT = ["hej", "1", "jag har ont i halsen sedan igår", "2", "2", "2", "tack", "hej då"]
CALL_SCRIPT = [("/voice/twilio/language", {"Digits": "1"}), ("/voice/twilio/turn", {"Digits": "1"}),
               ("/voice/twilio/turn", {"Digits": "3"}), ("/voice/twilio/turn", {"Digits": "2"}),
               ("/voice/twilio/turn", {"Digits": "2"})]  # fmt: skip


def signed(url: str, params: dict[str, str]) -> dict[str, str]:
    signature = RequestValidator(TWILIO_TEST_TOKEN).compute_signature(url, params)
    return {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}


async def texter(client, stack, number: int, timings: list[float], parts: list[int], segments: list[int]):  # type: ignore[no-untyped-def]
    from channels.sms import segments as count_segments

    url = f"{stack.gateway_url}/sms/twilio"
    phone = f"+4670{number:07d}"
    for turn, body in enumerate(SMS_SCRIPT):
        params = {
            "MessageSid": f"SM{number:06d}{turn:04d}",
            "From": phone,
            "To": "+46766860000",
            "Body": body,
        }
        started = time.perf_counter()
        response = await client.post(url, content=urlencode(params), headers=signed(url, params))
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        messages = response.text.split("<Message>")[1:]
        texts = [m.split("</Message>")[0] for m in messages]
        if texts:
            parts.append(len(texts))
            segments.append(sum(count_segments(t) for t in texts))


async def caller(client, stack, number: int, timings: list[float]):  # type: ignore[no-untyped-def]
    phone = f"+4673{number:07d}"
    for path, fields in CALL_SCRIPT:
        url = f"{stack.gateway_url}{path}"
        params = {"CallSid": f"CA{number:08d}", "From": phone, "To": "+46766860000", **fields}
        started = time.perf_counter()
        response = await client.post(url, content=urlencode(params), headers=signed(url, params))
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()


async def run(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=40)) as client:
        await texter(client, stack, 999, [], [], [])  # warm-up
        sms_ms: list[float] = []
        parts: list[int] = []
        segments: list[int] = []
        await asyncio.gather(*(texter(client, stack, n, sms_ms, parts, segments) for n in range(20)))
        call_ms: list[float] = []
        await asyncio.gather(*(caller(client, stack, n, call_ms) for n in range(5)))
    print(f"SMS webhook, 20 concurrent senders, {len(sms_ms)} messages: "
          f"p50 {statistics.median(sms_ms):.0f} ms, p99 {percentile(sms_ms, 99):.0f} ms")  # fmt: skip
    print(f"phone webhook, 5 concurrent callers, {len(call_ms)} turns: "
          f"p50 {statistics.median(call_ms):.0f} ms, p95 {percentile(call_ms, 95):.0f} ms")  # fmt: skip
    print(f"SMS per bot reply: {statistics.mean(parts):.2f} messages of at most 160 characters "
          f"({statistics.mean(segments):.2f} billed segments), over {len(parts)} replies")  # fmt: skip


def main() -> int:
    with Stack.running() as stack:
        asyncio.run(run(stack))
    return 0


if __name__ == "__main__":
    sys.exit(main())
