"""Load: many people talking to the whole stack at once, with Locust, headless and bounded in time.

Starts its own stack on free loopback ports (the gateway, Rasa and the action server on SQLite by default;
with ``--replicas 2 --postgres`` the production shape: a throw-away PostgreSQL and Redis, two Rasa servers
each with its own action server, behind the gateway). Then ``--users`` simulated people each hold a
conversation through ``POST /api/messages``: a short realistic script (symptoms and "nej" until the advice,
the start of a booking, asking for a person), a think time between messages, and a new conversation when
one ends. After ``--seconds`` they finish the message they are waiting for and stop.

Printed: answered turns per second, p50/p95/p99 latency of every turn (a 503 "unavailable" answer included),
errors (503 and other failures counted apart), and the person's messages stored in Rasa's tracker store
(``events``, ``type_name = 'user'``) against those that were sent and acknowledged with a 200: a message
acknowledged but not stored is lost. ``--ramp 10,25,50,100,200`` first runs those numbers of users for
``--step-seconds`` each and prints the p95 per step and where it crosses 1 s.

    .venv/bin/python bench/load.py                                   # 200 users, 60 s, embedded shape
    .venv/bin/python bench/load.py --ramp 5,10,25,50,100,200         # the ramp first, then the 60 s run
    .venv/bin/python bench/load.py --replicas 2 --postgres           # the production shape

Locust is imported only in ``run`` (it monkey-patches the standard library with gevent when imported), so
the summarising functions below can be imported and tested without it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from devtools.measure import percentile  # noqa: E402

P95_GOAL_MS = 1000.0

# A step ``("nej", ANSWER_UNTIL_ADVICE)`` is said again until the bot gives advice (at most this often).
ANSWER_UNTIL_ADVICE = 8


@dataclass(frozen=True)
class Script:
    name: str
    weight: int
    language: str | None  # what the page sends with the first message (None: the gateway guesses)
    steps: tuple[str | tuple[str, int], ...]


SCRIPTS = (
    Script("symptoms-sv", 4, None,
           ("hej", "jag har ont i halsen", ("nej", ANSWER_UNTIL_ADVICE), "tack så mycket", "hej då")),
    Script("booking-sv", 3, None,
           ("hej", "kan jag få en tid hos en läkare på fredag?", "Norrvik", "1", "avbryt", "hej då")),
    Script("symptoms-en", 1, "en",
           ("hello", "I have a headache", ("no", ANSWER_UNTIL_ADVICE), "thank you", "bye")),
    Script("handoff-sv", 1, None,
           ("vad kan du hjälpa mig med", "jag vill prata med en människa", "tack", "hej då")),
)  # fmt: skip


# --- what was measured, and its summary (pure functions, tested in tests/bench/test_load.py) ----------


@dataclass(frozen=True)
class Turn:
    """One message sent: when (seconds on the bench's clock), how long it took, and the answer's status.

    ``status`` 0 means no HTTP answer at all (connection refused or reset, timeout).
    """

    started: float
    ms: float
    status: int
    conversation_id: str | None
    text: str


@dataclass(frozen=True)
class Summary:
    sent: int
    ok: int
    unavailable: int  # 503: the gateway's "unavailable, for urgent help call 112 / 1177" answer
    other_errors: int  # any other status, or no answer
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def turns_per_second(self) -> float:
        return self.ok / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.turns_per_second:6.1f} turns/s (200s), {self.sent} sent, "
            f"p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, p99 {self.p99_ms:.0f} ms, "
            f"errors: {self.unavailable} x 503, {self.other_errors} other"
        )


def summarise(turns: Sequence[Turn], seconds: float) -> Summary:
    """Throughput counts turns answered with 200; latency covers every turn, whatever its answer."""
    timings = [turn.ms for turn in turns]

    def pct(q: float) -> float:
        return percentile(timings, q) if timings else 0.0

    ok = sum(turn.status == 200 for turn in turns)
    unavailable = sum(turn.status == 503 for turn in turns)
    return Summary(
        sent=len(turns),
        ok=ok,
        unavailable=unavailable,
        other_errors=len(turns) - ok - unavailable,
        seconds=seconds,
        p50_ms=pct(50),
        p95_ms=pct(95),
        p99_ms=pct(99),
    )


@dataclass(frozen=True)
class Accounting:
    acknowledged: int  # sent and answered with 200
    stored: int  # user messages in the tracker store, for the conversations of this run
    lost: int  # acknowledged but not stored
    stored_unacknowledged: int  # stored although the person got no 200 (e.g. the gateway gave up waiting)


def account(turns: Iterable[Turn], stored: Iterable[tuple[str, str]]) -> Accounting:
    """Match acknowledged messages to stored ones, per conversation and text (a multiset: "nej" repeats).

    ``stored`` holds ``(conversation_id, text)`` of the user events in the tracker store. A message that got
    a 503 or no answer may still have been handled (the gateway stops waiting after its timeout, Rasa does
    not): it is counted apart, never against a loss in another conversation.
    """
    turns = list(turns)
    conversations = {turn.conversation_id for turn in turns if turn.conversation_id}
    acknowledged = Counter(
        (t.conversation_id, t.text) for t in turns if t.status == 200 and t.conversation_id
    )
    in_store = Counter(item for item in stored if item[0] in conversations)
    lost = sum((acknowledged - in_store).values())
    return Accounting(
        acknowledged=sum(acknowledged.values()),
        stored=sum(in_store.values()),
        lost=lost,
        stored_unacknowledged=sum((in_store - acknowledged).values()),
    )


@dataclass(frozen=True)
class Step:
    users: int
    summary: Summary


def window(turns: Sequence[Turn], start: float, end: float) -> list[Turn]:
    return [turn for turn in turns if start <= turn.started < end]


def p95_crossing(steps: Sequence[Step], limit_ms: float = P95_GOAL_MS) -> str:
    """Where the p95 reaches ``limit_ms`` for good as the number of users grows, in turns per second.

    The crossing is after the last step under the limit; an earlier step over it (a short step on a busy
    machine, a slow first turn) is named as noise rather than taken for the crossing.
    """

    def describe(step: Step) -> str:
        summary = step.summary
        return f"{summary.turns_per_second:.1f} turns/s ({step.users} users, p95 {summary.p95_ms:.0f} ms)"

    if not steps:
        return "no steps"
    under = [i for i, step in enumerate(steps) if step.summary.p95_ms < limit_ms]
    if not under:
        return f"p95 is over {limit_ms:.0f} ms already at {describe(steps[0])}"
    last = under[-1]
    if last == len(steps) - 1:
        found = f"p95 stays under {limit_ms:.0f} ms up to {describe(steps[last])}"
    else:
        found = (
            f"p95 crosses {limit_ms:.0f} ms between {describe(steps[last])} and {describe(steps[last + 1])}"
        )
    noise = [str(step.users) for step in steps[:last] if step.summary.p95_ms >= limit_ms]
    return found + (f" (also over at {', '.join(noise)} users: noise)" if noise else "")


# --- the people ----------------------------------------------------------------------------------------


@dataclass
class Recorder:
    """Every turn of the run, on one clock."""

    origin: float = field(default_factory=time.perf_counter)
    turns: list[Turn] = field(default_factory=list)

    def now(self) -> float:
        return time.perf_counter() - self.origin


@dataclass
class Conversation:
    """Where one simulated person is in their script."""

    script: Script
    conversation_id: str | None = None
    step: int = 0
    repeats: int = 0
    retried: bool = False

    def next_text(self) -> str | None:
        if self.step >= len(self.script.steps):
            return None
        step = self.script.steps[self.step]
        return step if isinstance(step, str) else step[0]

    def advance(self, status: int, messages: list[dict[str, Any]]) -> None:
        """Move on after an answer. A failed turn is sent once more (the page says "try again"), then the
        person gives up this conversation."""
        if status != 200:
            if self.retried:
                self.step = len(self.script.steps)
            self.retried = True
            return
        self.retried = False
        step = self.script.steps[self.step]
        if isinstance(step, tuple):
            advice = any((m.get("data") or {}).get("triage_level") for m in messages)
            self.repeats += 1
            if not advice and self.repeats < step[1]:
                return
            self.repeats = 0
        self.step += 1


def pick_script(rng: random.Random) -> Script:
    return rng.choices(SCRIPTS, weights=[s.weight for s in SCRIPTS])[0]


def person_class(recorder: Recorder, host: str, think_seconds: float) -> type:
    """A Locust user holding one conversation at a time; each task is one message and its answer."""
    from locust import FastHttpUser, between, task

    class Person(FastHttpUser):
        wait_time = between(think_seconds / 2, think_seconds * 3 / 2)
        network_timeout = 30.0
        connection_timeout = 10.0

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.rng = random.Random()
            self.conversation = Conversation(pick_script(self.rng))

        @task
        def say_next(self) -> None:
            text = self.conversation.next_text()
            if text is None:
                self.conversation = Conversation(pick_script(self.rng))
                text = self.conversation.next_text() or ""
            first = self.conversation.conversation_id is None
            body = {
                "conversation_id": self.conversation.conversation_id,
                "text": text,
                "language": self.conversation.script.language if first else None,
            }
            started = recorder.now()
            with self.client.post(
                "/api/messages", json=body, name="/api/messages", catch_response=True
            ) as response:
                ms = (recorder.now() - started) * 1000
                status = int(response.status_code or 0)
                payload = _json(response.text) if status in (200, 503) else {}
                if payload.get("conversation_id"):
                    self.conversation.conversation_id = payload["conversation_id"]
                if status == 200:
                    response.success()
                else:
                    response.failure(f"status {status}")
            recorder.turns.append(Turn(started, ms, status, self.conversation.conversation_id, text))
            self.conversation.advance(status, list(payload.get("messages") or []))

    Person.host = host
    return Person


def _json(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# --- the stack and the run -----------------------------------------------------------------------------


@dataclass
class Running:
    stack: Any  # devtools.stack.Stack (imported only after Locust has patched the standard library)
    servers: dict[str, int]  # PostgreSQL's postmaster and Redis, by name: their process ids

    def cpu_seconds(self) -> dict[str, float]:
        pids = {name: process.pid for name, process in self.stack.processes.items()} | self.servers
        return {name: process_cpu_seconds(pid) for name, pid in pids.items()}


@contextmanager
def started_stack(replicas: int, postgres: bool) -> Iterator[Running]:
    """The embedded shape (SQLite, locks in the Rasa process) or the production one (PostgreSQL, Redis)."""
    import tempfile

    from devtools.stack import MODEL, Stack

    if not MODEL.exists():
        raise SystemExit("No trained model: run `make train` first.")
    with ExitStack() as stack_of, tempfile.TemporaryDirectory(prefix="assistant-load.") as workdir:
        extra: dict[str, str] = {}
        servers: dict[str, int] = {}
        if postgres:
            from devtools.servers import postgres_server, redis_server

            pg = stack_of.enter_context(postgres_server())
            redis = stack_of.enter_context(redis_server())
            extra = {"DATABASE_URL": pg.url, "LOCK_STORE_URL": redis.url}
            postmaster = (pg.directory / "data" / "postmaster.pid").read_text().split()[0]
            servers = {"postgres": int(postmaster), "redis": redis.process.pid if redis.process else 0}
        stack = Stack.create(Path(workdir), extra, replicas=replicas)
        stack_of.callback(stack.stop_all)
        started = time.monotonic()
        for name in stack.names:
            stack.start(name)
        stack.wait_ready(timeout=900)  # Rasa loads its model slowly on two busy cores
        print(f"stack ready in {time.monotonic() - started:.0f} s: {', '.join(stack.names)}", flush=True)
        yield Running(stack, servers)


def stored_user_messages(database_url: str) -> list[tuple[str, str]]:
    """``(conversation id, text)`` of every user message in Rasa's tracker store."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT sender_id, data FROM events WHERE type_name = 'user'"))
            return [(row[0], json.loads(row[1]).get("text") or "") for row in rows]
    finally:
        engine.dispose()


def settled_store(database_url: str, limit_seconds: float = 60) -> list[tuple[str, str]]:
    """Wait until Rasa has finished the turns it still had in hand (the gateway may have stopped waiting)."""
    deadline = time.monotonic() + limit_seconds
    previous = stored_user_messages(database_url)
    while time.monotonic() < deadline:
        time.sleep(3)
        current = stored_user_messages(database_url)
        if len(current) == len(previous):
            return current
        previous = current
    return previous


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process, its reaped children and its live children, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = sum(int(value) for value in fields[11:15]) / ticks  # utime, stime, cutime, cstime
    return own + sum(process_cpu_seconds(int(child)) for child in children)


def cpu_per_turn(before: dict[str, float], after: dict[str, float], turns: int) -> str:
    """CPU milliseconds each process spent per handled turn between two readings."""
    if turns <= 0:
        return "no turns"
    spent = {name: (after[name] - before.get(name, 0.0)) * 1000 / turns for name in after}
    parts = ", ".join(f"{name} {ms:.0f}" for name, ms in spent.items())
    return f"{sum(spent.values()):.0f} ms ({parts})"


def warm_up(gateway_url: str) -> None:
    """One conversation of each script, so model graphs and connection pools are ready."""
    import httpx

    for script in SCRIPTS:
        conversation = Conversation(script)
        with httpx.Client(base_url=gateway_url, timeout=30) as client:
            while (text := conversation.next_text()) is not None:
                body = {"conversation_id": conversation.conversation_id, "text": text, "language": None}
                response = client.post("/api/messages", json=body)
                payload = _json(response.text)
                conversation.conversation_id = payload.get("conversation_id", conversation.conversation_id)
                conversation.advance(response.status_code, list(payload.get("messages") or []))


def run(args: argparse.Namespace) -> int:
    # Before anything that opens sockets: importing locust monkey-patches the standard library with gevent.
    import gevent
    import locust  # noqa: F401
    from locust.env import Environment

    with started_stack(args.replicas, args.postgres) as running:
        stack = running.stack
        warm_up(stack.gateway_url)
        recorder = Recorder()
        environment = Environment(
            user_classes=[person_class(recorder, stack.gateway_url, args.think)],
            stop_timeout=40,  # everyone finishes the message they are waiting for
        )
        runner = environment.create_local_runner()

        cpu_before: dict[str, float] = {}  # CPU seconds of each process when the phase started

        def phase(users_per_step: Sequence[int], step_seconds: float) -> tuple[list[Step], list[Turn]]:
            first = len(recorder.turns)
            cpu_before.update(running.cpu_seconds())
            steps = []
            for users in users_per_step:
                start = recorder.now()
                runner.start(users, spawn_rate=max(10.0, users / 5))
                gevent.sleep(step_seconds)
                end = recorder.now()
                steps.append(Step(users, summarise(window(recorder.turns, start, end), end - start)))
                if len(users_per_step) > 1:
                    print(f"  {users:>4} users: {steps[-1].summary.line()}", flush=True)
            runner.stop()
            return steps, recorder.turns[first:]

        def report(turns: list[Turn], seconds: float) -> Accounting:
            summary = summarise(turns, seconds)
            stored = settled_store(stack.database_url)
            accounting = account(turns, stored)
            handled = accounting.stored  # every turn Rasa finished, answered in time or not
            print(f"  {summary.line()}")
            print(f"  CPU per handled turn: {cpu_per_turn(cpu_before, running.cpu_seconds(), handled)}")
            print(f"  load average (1 min) at the end: {Path('/proc/loadavg').read_text().split()[0]}")
            print(
                f"  messages: {accounting.acknowledged} acknowledged with 200, {accounting.stored} stored in "
                f"the tracker store, lost (acknowledged, not stored): {accounting.lost}; stored without a "
                f"200: {accounting.stored_unacknowledged}",
                flush=True,
            )
            return accounting

        shape = f"{args.replicas} Rasa + {args.replicas} action server(s), " + (
            "PostgreSQL + Redis lock store" if args.postgres else "SQLite, in-process lock store"
        )
        print(f"shape: {shape}; think time {args.think / 2:.1f}-{args.think * 3 / 2:.1f} s", flush=True)
        if args.ramp:
            print(f"ramp: {args.step_seconds:.0f} s per step", flush=True)
            steps, turns = phase(args.ramp, args.step_seconds)
            report(turns, sum(step.summary.seconds for step in steps))
            print(f"  {p95_crossing(steps)}", flush=True)
        if args.seconds > 0:
            print(f"steady: {args.users} users for {args.seconds:.0f} s", flush=True)
            steps, turns = phase([args.users], args.seconds)
            accounting = report(turns, steps[0].summary.seconds)
            summary = steps[0].summary
            errors = summary.unavailable + summary.other_errors
            ok = errors == 0 and accounting.lost == 0 and summary.p95_ms < P95_GOAL_MS
            print(f"  goal (0 errors, 0 lost, p95 < 1 s): {'met' if ok else 'not met'} on this machine")
        runner.quit()
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        print(f"the load tool itself used {cpu.ru_utime + cpu.ru_stime:.0f} s of CPU (it shares the cores)")
        memory = stack.resident_memory_mb()
        print("resident memory after the run: " + ", ".join(f"{n} {mb:.0f} MB" for n, mb in memory.items()))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200, help="concurrent conversations (default 200)")
    parser.add_argument("--seconds", type=float, default=60, help="length of the steady run (0: skip it)")
    parser.add_argument("--replicas", type=int, default=1, choices=(1, 2, 3, 4), help="Rasa + action servers")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL and a Redis lock store")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time in seconds (default 2)")
    parser.add_argument(
        "--ramp", type=lambda s: [int(n) for n in s.split(",")], default=[],
        help="users per step, e.g. 10,25,50,100,200: run these first and report where p95 crosses 1 s",
    )  # fmt: skip
    parser.add_argument("--step-seconds", type=float, default=20, help="length of each ramp step")
    args = parser.parse_args()
    if args.replicas > 1 and not args.postgres:
        parser.error("several Rasa servers need the shared state: add --postgres")
    return run(args)


if __name__ == "__main__":
    status = main()
    # Every process of the stack is stopped by now. A normal exit would print gevent's "greenlet is being
    # finalized" noise from logging's clean-up at interpreter shutdown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
