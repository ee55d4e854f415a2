"""Questions asked and turns needed to complete each application type, in Swedish and English.

Runs typical answers (as people type them, numbers and words mixed) through the interview state
machine, with no database. A turn is one exchange: the intro, the consent answer, each answer (a skip
included), and the send at the review. Goal: no more turns than questions asked plus three. A second
run per type adds one answer that is not understood, to show what a re-ask costs.

    .venv/bin/python bench/applications.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.applications.interview import State, current_step, handle  # noqa: E402
from services.applications.questionnaire import get_questionnaire  # noqa: E402

# The same typical answers the tests complete each application with.
from tests.services.applications.applications_factories import TODAY, TYPICAL  # noqa: E402

NOT_UNDERSTOOD = {"sv": "vet inte riktigt", "en": "not sure really"}


def run(service: str, lang: str, texts: list[str]) -> tuple[int, int, int, float]:
    """(questions asked, turns, re-asks, milliseconds per turn) for one completed application."""
    questionnaire = get_questionnaire(service)
    state = State()
    step = current_step(questionnaire, state, lang)  # turn 1: the intro with the consent question
    turns, asked, reasks = 1, set(), 0
    started = time.perf_counter()
    for text in texts:
        outcome = handle(questionnaire, state, text, lang, today=TODAY)
        state, step, turns = outcome.state, outcome.step, turns + 1
        reasks += step.error is not None
        if step.kind == "question":
            asked.add(step.link_id)
        if outcome.action == "submit":
            break
    else:
        raise SystemExit(
            f"{service}/{lang}: not completed; last step {step.kind} {step.link_id} {step.error}"
        )
    elapsed_ms = (time.perf_counter() - started) * 1000 / turns
    return len(asked), turns, reasks, elapsed_ms


def main() -> int:
    header = f"{'type':<18} {'lang':<4} {'questions':>9} {'turns':>5} {'goal<=':>6} {'ok':>3}"
    print(header + f" {'turns with 1 re-ask':>20} {'ms/turn':>8}")
    failures = 0
    for (service, lang), texts in TYPICAL.items():
        questions, turns, _, ms = run(service, lang, texts)
        # the same answers with a message that is not understood at the second question (never free text)
        with_reask = [texts[0], texts[1], NOT_UNDERSTOOD[lang], *texts[2:]]
        _, reask_turns, reasks, _ = run(service, lang, with_reask)
        ok = turns <= questions + 3
        failures += not ok
        print(
            f"{service:<18} {lang:<4} {questions:>9} {turns:>5} {questions + 3:>6} {'yes' if ok else 'NO':>3}"
            f" {reask_turns:>14} ({reasks}) {ms:>8.3f}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
