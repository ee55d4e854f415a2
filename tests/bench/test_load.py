"""The arithmetic of bench/load.py: latency percentiles, error counts, lost messages, the p95 crossing and
how a simulated person moves through their script. No stack, and no Locust (it would monkey-patch pytest)."""

from __future__ import annotations

import os
import sys

import pytest

from bench.load import (
    ANSWER_UNTIL_ADVICE,
    Conversation,
    Script,
    Step,
    Turn,
    account,
    cpu_per_turn,
    p95_crossing,
    process_cpu_seconds,
    summarise,
    window,
)
from devtools.measure import percentile


def make_turn(*, ms: float = 100.0, status: int = 200, conversation: str = "c1", text: str = "hej",
              started: float = 0.0) -> Turn:  # fmt: skip
    return Turn(started=started, ms=ms, status=status, conversation_id=conversation, text=text)


def test_importing_the_bench_does_not_import_locust():
    assert "locust" not in sys.modules


def test_summary_counts_503_apart_from_other_errors_and_throughput_counts_200s_only():
    turns = [make_turn(ms=float(ms)) for ms in range(1, 98)]
    turns += [make_turn(ms=2500, status=503), make_turn(ms=2500, status=503), make_turn(ms=30000, status=0)]
    summary = summarise(turns, seconds=10)
    assert (summary.sent, summary.ok, summary.unavailable, summary.other_errors) == (100, 97, 2, 1)
    assert summary.turns_per_second == pytest.approx(9.7)
    timings = [turn.ms for turn in turns]  # latency covers every turn, 503s and failures included
    assert (summary.p50_ms, summary.p95_ms, summary.p99_ms) == tuple(
        percentile(timings, q) for q in (50, 95, 99)
    )
    assert summary.p99_ms >= 2500


def test_summary_of_nothing_is_zeros():
    summary = summarise([], seconds=0)
    assert (summary.sent, summary.p95_ms, summary.turns_per_second) == (0, 0.0, 0.0)


def test_a_message_acknowledged_but_not_stored_is_lost():
    turns = [make_turn(text="hej"), make_turn(text="nej"), make_turn(text="nej")]
    accounting = account(turns, stored=[("c1", "hej"), ("c1", "nej")])
    assert (accounting.acknowledged, accounting.stored, accounting.lost) == (3, 2, 1)


def test_a_stored_message_without_a_200_is_not_counted_against_a_loss_elsewhere():
    turns = [
        make_turn(conversation="a", text="hej"),  # acknowledged, not stored: lost
        make_turn(conversation="b", text="hej", status=503),  # the gateway gave up, Rasa still stored it
    ]
    accounting = account(turns, stored=[("b", "hej"), ("other-run", "hej")])
    assert accounting.lost == 1
    assert accounting.stored == 1  # conversations of other runs are not counted
    assert accounting.stored_unacknowledged == 1


def test_the_p95_crossing_names_the_steps_on_either_side():
    def step(users: int, p95: float) -> Step:
        turns = [make_turn(ms=p95)] * users
        return Step(users, summarise(turns, seconds=1))

    assert p95_crossing([step(10, 200), step(25, 900), step(50, 1400)]) == (
        "p95 crosses 1000 ms between 25.0 turns/s (25 users, p95 900 ms) "
        "and 50.0 turns/s (50 users, p95 1400 ms)"
    )
    assert "already at 10.0 turns/s" in p95_crossing([step(10, 1000), step(25, 2000)])
    assert p95_crossing([step(10, 200), step(25, 900)]).startswith("p95 stays under 1000 ms up to 25.0")
    assert p95_crossing([]) == "no steps"


def test_a_noisy_early_step_over_the_limit_is_not_taken_for_the_crossing():
    def step(users: int, p95: float) -> Step:
        return Step(users, summarise([make_turn(ms=p95)] * users, seconds=1))

    found = p95_crossing([step(2, 1640), step(5, 650), step(10, 1100)])
    assert found.startswith("p95 crosses 1000 ms between 5.0 turns/s (5 users")
    assert found.endswith("(also over at 2 users: noise)")


def test_window_takes_the_turns_started_in_it():
    turns = [make_turn(started=t) for t in (0.5, 1.0, 1.5, 2.0)]
    assert [t.started for t in window(turns, 1.0, 2.0)] == [1.0, 1.5]


SCRIPT = Script("test", 1, None, ("hej", ("nej", ANSWER_UNTIL_ADVICE), "tack"))
ADVICE = [{"text": "Du kan ta hand om det själv.", "data": {"triage_level": "self_care"}}]


def test_a_person_answers_until_the_advice_comes_then_goes_on():
    conversation = Conversation(SCRIPT)
    conversation.advance(200, [])
    assert conversation.next_text() == "nej"
    conversation.advance(200, [{"text": "Har du feber?", "data": {}}])
    assert conversation.next_text() == "nej"
    conversation.advance(200, ADVICE)
    assert conversation.next_text() == "tack"
    conversation.advance(200, [])
    assert conversation.next_text() is None


def test_a_person_stops_answering_after_the_limit_without_advice():
    conversation = Conversation(SCRIPT)
    conversation.advance(200, [])
    for _ in range(ANSWER_UNTIL_ADVICE):
        assert conversation.next_text() == "nej"
        conversation.advance(200, [])
    assert conversation.next_text() == "tack"


def test_a_failed_turn_is_sent_once_more_then_the_person_gives_up():
    conversation = Conversation(SCRIPT)
    conversation.advance(503, [])
    assert conversation.next_text() == "hej"
    conversation.advance(200, [])
    conversation.advance(503, [])
    assert conversation.next_text() == "nej"
    conversation.advance(0, [])
    assert conversation.next_text() is None


def test_cpu_per_turn_divides_each_process_s_cpu_time_by_the_turns():
    before = {"rasa": 10.0, "gateway": 1.0}
    after = {"rasa": 12.0, "gateway": 1.5}
    assert cpu_per_turn(before, after, turns=10) == "250 ms (rasa 200, gateway 50)"
    assert cpu_per_turn(before, after, turns=0) == "no turns"


def test_this_process_has_used_some_cpu():
    assert process_cpu_seconds(os.getpid()) > 0
    assert process_cpu_seconds(2**22 + 1) == 0.0  # no such process
