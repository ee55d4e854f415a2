"""The interview as a pure state machine: no database, no channel, no clock unless given.

Stages follow from the state: no consent yet -> ``consent`` (the intro and the consent question, one
turn); an enabled, unanswered item (or one being changed) -> ``question``; nothing left -> ``review``.
"Back" never forgets an answer: it asks the previous item again (its answer stays until replaced) and
then goes on to the first unanswered item. A skipped optional item is stored as ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from services.applications.answers import ValidationError, fold, format_answer, parse_answer, parse_boolean
from services.applications.questionnaire import EnableWhen, Item, Questionnaire, Text


@dataclass(frozen=True)
class State:
    answers: Mapping[str, Any] = field(default_factory=dict)
    history: tuple[str, ...] = ()  # link ids in the order first answered
    changing: str | None = None  # an answered item asked again (back, or a change from the review)
    consent: bool = False


@dataclass(frozen=True)
class Choice:
    number: int  # what the person types or presses
    code: str
    label: str
    payload: str | None = None  # what pressing it sends, when that is not the number


@dataclass(frozen=True)
class Step:
    """What to say next. ``notice`` comes before ``text``; ``error`` says why the last answer did not fit.

    kind: ``consent`` | ``question`` | ``review`` | ``submitted`` | ``cancelled`` | ``declined``.
    """

    kind: str
    text: str
    language: str
    service: str
    link_id: str | None = None
    notice: str | None = None
    help: str | None = None
    hint: str | None = None
    error: str | None = None
    choices: tuple[Choice, ...] = ()
    multiple: bool = False
    optional: bool = False
    summary: tuple[str, ...] = ()
    application_id: int | None = None
    reference: str | None = None
    picked: tuple[int, ...] = ()  # a multiple choice picked one button at a time, not yet answered


@dataclass(frozen=True)
class Outcome:
    """The new state, what to say, and what the caller must do: ``consent`` | ``decline`` | ``save`` |
    ``submit`` | ``cancel`` | ``None`` (nothing changed)."""

    state: State
    step: Step
    action: str | None = None


M = {
    "consent": Text(
        sv="Vi sparar dina svar medan du fyller i, så att du kan fortsätta senare. Bara personal som "
        "arbetar med ansökan kan läsa dem. Är det okej?",
        en="We save your answers while you fill in the form, so that you can continue later. Only staff "
        "who work with the application can read them. Is that okay?",
    ),
    "consent_hint": Text(sv="Svara ja eller nej.", en="Answer yes or no."),
    "declined": Text(
        sv="Okej. Vi sparar ingenting. Du kan söka en annan gång, eller ringa kommunen.",
        en="Okay. We save nothing. You can apply another time, or call the municipality.",
    ),
    "cancelled": Text(
        sv="Okej, vi stannar här. Dina svar är sparade. Du kan fortsätta senare.",
        en="Okay, we stop here. Your answers are saved. You can continue later.",
    ),
    "cancelled_unsaved": Text(sv="Okej, vi stannar här.", en="Okay, we stop here."),
    "review": Text(sv="Här är dina svar. Stämmer de?", en="Here are your answers. Are they right?"),
    "review_hint": Text(
        sv="Svara SKICKA eller 0 för att skicka ansökan. Svara med siffran för ett svar du vill ändra.",
        en="Answer SEND or 0 to send the application. Answer with the number of an answer to change it.",
    ),
    "submit": Text(sv="Skicka ansökan", en="Send the application"),
    "submitted": Text(
        sv="Tack! Vi har fått din ansökan. Ditt ärendenummer är {reference}. Vi skickar ett sms med numret.",
        en="Thank you! We have received your application. Your reference number is {reference}. "
        "We send you a text message with the number.",
    ),
    "resumed": Text(
        sv="Välkommen tillbaka. Vi fortsätter där du slutade.",
        en="Welcome back. We continue where you stopped.",
    ),
    "not_understood_review": Text(sv="Jag förstod inte.", en="I did not understand."),
    "must_answer": Text(
        sv="Den här frågan behöver ett svar. Du kan inte hoppa över den.",
        en="This question needs an answer. You cannot skip it.",
    ),
    "nothing_to_skip": Text(
        sv="Det finns ingen fråga att hoppa över nu.", en="There is no question to skip now."
    ),
    "first": Text(sv="Det här är den första frågan.", en="This is the first question."),
    "previous_answer": Text(sv="Ditt svar nu: {answer}.", en="Your answer now: {answer}."),
    "hint_boolean": Text(sv="Svara ja eller nej.", en="Answer yes or no."),
    "hint_choice": Text(sv="Svara med en siffra.", en="Answer with a number."),
    # The questions themselves say that several can be chosen; the hint says how.
    "hint_multichoice": Text(
        sv="Svara med siffror, till exempel 1, 3.", en="Answer with numbers, for example 1, 3."
    ),
    "hint_amount": Text(sv="Skriv beloppet i kronor.", en="Write the amount in kronor."),
    "hint_optional": Text(sv="Du kan svara hoppa över.", en="You can answer skip."),
    "yes": Text(sv="Ja", en="Yes"),
    "no": Text(sv="Nej", en="No"),
    "picked": Text(
        sv="Du har valt: {labels}. Välj fler, eller välj Klar.",
        en="You have chosen: {labels}. Choose more, or choose Done.",
    ),
    "unpick": Text(sv="Ta bort {label}", en="Remove {label}"),
    "done": Text(sv="Klar", en="Done"),
}

COMMANDS = {
    "back": {"tillbaka", "ga tillbaka", "bakat", "foregaende", "back", "go back", "previous", "*"},
    "skip": {"hoppa over", "hoppa", "skippa", "skip", "skip it", "pass", "#"},
    "cancel": {"avbryt", "avsluta", "sluta", "stopp", "cancel", "stop", "quit", "exit"},
}
SUBMIT_WORDS = {"skicka", "skicka in", "skicka ansokan", "send", "submit", "send it", "0", "klar", "done"}
_CHANGE = re.compile(r"^(?:andra|change|nummer|number|nr)?\s*(\d{1,2})$")


def command(text: str) -> str | None:
    """``back`` | ``skip`` | ``cancel`` when the whole message is one of those commands."""
    folded = fold(text)
    return next((name for name, words in COMMANDS.items() if folded in words), None)


# --- conditions ---------------------------------------------------------------------------------------


def _holds(condition: EnableWhen, answers: Mapping[str, Any]) -> bool:
    """FHIR enableWhen. A multiple choice is "=" when any chosen code is, and "!=" when none is."""
    value = answers.get(condition.question)
    if condition.operator == "exists":
        return (value is not None) == condition.answer
    if value is None:
        return False
    values = value if isinstance(value, list) else [value]
    if condition.operator == "=":
        return condition.answer in values
    if condition.operator == "!=":
        return condition.answer not in values
    target = condition.answer
    compare = {">": lambda v: v > target, "<": lambda v: v < target}
    compare |= {">=": lambda v: v >= target, "<=": lambda v: v <= target}
    return any(compare[condition.operator](v) for v in values)


def is_enabled(item: Item, answers: Mapping[str, Any]) -> bool:
    if not item.enable_when:
        return True
    results = (_holds(c, answers) for c in item.enable_when)
    return all(results) if item.enable_behavior == "all" else any(results)


def enabled_items(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Item]:
    return [item for item in questionnaire.items if is_enabled(item, answers)]


def prune(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Only the answers to items that are still enabled (a changed answer can switch later items off)."""
    kept: dict[str, Any] = {}
    for item in questionnaire.items:
        if item.link_id in answers and is_enabled(item, kept):
            kept[item.link_id] = answers[item.link_id]
    return kept


def next_item(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Item | None:
    """The first enabled item without an answer (a skipped item counts as answered)."""
    return next((i for i in enabled_items(questionnaire, answers) if i.link_id not in answers), None)


def current_item(questionnaire: Questionnaire, state: State) -> Item | None:
    if state.changing:
        return questionnaire.item(state.changing)
    return next_item(questionnaire, state.answers)


def is_complete(questionnaire: Questionnaire, state: State) -> bool:
    return state.consent and current_item(questionnaire, state) is None


# --- steps --------------------------------------------------------------------------------------------


def _step(questionnaire: Questionnaire, kind: str, text: str, lang: str, **fields: Any) -> Step:
    return Step(kind=kind, text=text, language=lang, service=questionnaire.service, **fields)


def _yes_no(lang: str) -> tuple[Choice, ...]:
    return (Choice(1, "yes", M["yes"](lang)), Choice(2, "no", M["no"](lang)))


def consent_step(questionnaire: Questionnaire, lang: str, *, error: str | None = None) -> Step:
    intro = f"{questionnaire.title(lang)}. {questionnaire.description(lang)}"
    return _step(
        questionnaire, "consent", M["consent"](lang), lang,
        notice=intro, hint=M["consent_hint"](lang), error=error, choices=_yes_no(lang),
    )  # fmt: skip


def question_step(
    questionnaire: Questionnaire,
    item: Item,
    lang: str,
    *,
    error: str | None = None,
    notice: str | None = None,
    picked: tuple[int, ...] = (),
) -> Step:
    if item.kind == "boolean":
        choices = _yes_no(lang)
    elif item.repeats:
        choices = _picking_choices(item, picked, lang)
        if picked:
            labels = ", ".join(item.options[n - 1].display(lang) for n in picked)
            notice = M["picked"](lang).format(labels=labels)
    else:
        choices = tuple(Choice(n, o.code, o.display(lang)) for n, o in enumerate(item.options, 1))
    hints = []
    if f"hint_{item.kind}" in M:
        hints.append(M[f"hint_{item.kind}"](lang))
    if not item.required:
        hints.append(M["hint_optional"](lang))
    return _step(
        questionnaire, "question", item.text(lang), lang,
        link_id=item.link_id, notice=notice, help=item.help(lang) if item.help else None,
        hint=" ".join(hints) or None, error=error, choices=choices, multiple=item.repeats,
        optional=not item.required, picked=picked,
    )  # fmt: skip


def _picking_choices(item: Item, picked: tuple[int, ...], lang: str) -> tuple[Choice, ...]:
    """A multiple choice as buttons that add or remove one choice at a time, then "Klar".

    Each button sends the whole selection it leads to ("+1,3"), so nothing is stored until "Klar" sends
    the selection as the answer ("1,3"). An exclusive option ("none of these") answers at once. Numbers
    typed together ("1, 3") answer at once too, as before; the buttons are for a tap, a digit or a key.
    """
    choices = []
    for number, option in enumerate(item.options, 1):
        if option.exclusive:
            choices.append(Choice(number, option.code, option.display(lang), str(number)))
            continue
        after = sorted(set(picked) ^ {number})
        label = option.display(lang)
        if number in picked:
            label = M["unpick"](lang).format(label=label)
        choices.append(Choice(number, option.code, label, "+" + ",".join(map(str, after))))
    if picked:
        done = Choice(len(item.options) + 1, "done", M["done"](lang), ",".join(map(str, picked)))
        choices.append(done)
    return tuple(choices)


def _picking(item: Item, text: str) -> tuple[int, ...] | None:
    """The selection a pressed "+1,3" button stands for (None when the message is not one)."""
    cleaned = text.strip()
    if not item.repeats or not re.fullmatch(r"\+\d{0,2}(?:,\d{1,2})*", cleaned):
        return None
    numbers = {int(part) for part in cleaned[1:].split(",") if part}
    return tuple(
        n for n in sorted(numbers) if 1 <= n <= len(item.options) and not item.options[n - 1].exclusive
    )


def review_lines(
    questionnaire: Questionnaire, answers: Mapping[str, Any], lang: str
) -> list[tuple[str, str]]:
    """``(link_id, "3. Hyra per månad: 5 200 kr")`` for every enabled, answered item, numbered from 1."""
    answered = [i for i in enabled_items(questionnaire, answers) if i.link_id in answers]
    return [
        (item.link_id, f"{n}. {item.short(lang)}: {format_answer(item, answers[item.link_id], lang)}")
        for n, item in enumerate(answered, 1)
    ]


def review_step(questionnaire: Questionnaire, state: State, lang: str, *, error: str | None = None) -> Step:
    lines = review_lines(questionnaire, state.answers, lang)
    return _step(
        questionnaire, "review", M["review"](lang), lang,
        hint=M["review_hint"](lang), error=error, summary=tuple(line for _, line in lines),
        choices=(Choice(0, "submit", M["submit"](lang)),),
    )  # fmt: skip


def submitted_step(questionnaire: Questionnaire, reference: str, lang: str) -> Step:
    text = M["submitted"](lang).format(reference=reference)
    return _step(questionnaire, "submitted", text, lang, reference=reference)


def declined_step(questionnaire: Questionnaire, lang: str) -> Step:
    return _step(questionnaire, "declined", M["declined"](lang), lang)


def current_step(
    questionnaire: Questionnaire,
    state: State,
    lang: str,
    *,
    error: str | None = None,
    notice: str | None = None,
) -> Step:
    if not state.consent:
        return consent_step(questionnaire, lang, error=error)
    item = current_item(questionnaire, state)
    if item is None:
        return review_step(questionnaire, state, lang, error=error)
    return question_step(questionnaire, item, lang, error=error, notice=notice)


def resume_step(questionnaire: Questionnaire, state: State, lang: str) -> Step:
    notice = M["resumed"](lang) if state.consent and state.answers else None
    return current_step(questionnaire, state, lang, notice=notice)


# --- moves --------------------------------------------------------------------------------------------


def set_answer(questionnaire: Questionnaire, state: State, link_id: str, value: Any) -> State:
    answers = prune(questionnaire, {**state.answers, link_id: value})
    history = [h for h in state.history if h in answers]
    if link_id not in history:
        history.append(link_id)
    return replace(state, answers=answers, history=tuple(history), changing=None)


def handle(
    questionnaire: Questionnaire, state: State, text: str, lang: str, *, today: date | None = None
) -> Outcome:
    """One message from the person, whatever the stage."""
    name = command(text)
    if name == "cancel":
        return cancel(questionnaire, state, lang)
    if not state.consent:
        agreed = parse_boolean(text)
        if agreed is None:
            return Outcome(state, consent_step(questionnaire, lang, error=M["consent_hint"](lang)))
        if not agreed:
            return Outcome(state, declined_step(questionnaire, lang), "decline")
        new = replace(state, consent=True)
        return Outcome(new, current_step(questionnaire, new, lang), "consent")
    if name == "back":
        return go_back(questionnaire, state, lang)
    if name == "skip":
        return skip(questionnaire, state, lang)
    item = current_item(questionnaire, state)
    if item is None:
        return _review_reply(questionnaire, state, text, lang)
    picked = _picking(item, text)
    if picked is not None:
        return Outcome(state, question_step(questionnaire, item, lang, picked=picked))
    value = parse_answer(item, text, lang, today=today)
    if isinstance(value, ValidationError):
        return Outcome(state, question_step(questionnaire, item, lang, error=value.message))
    new = set_answer(questionnaire, state, item.link_id, value)
    return Outcome(new, current_step(questionnaire, new, lang), "save")


def _review_reply(questionnaire: Questionnaire, state: State, text: str, lang: str) -> Outcome:
    folded = fold(text)
    match = _CHANGE.match(folded)
    if match and folded not in SUBMIT_WORDS:
        return change(questionnaire, state, int(match.group(1)), lang)
    if folded in SUBMIT_WORDS or parse_boolean(folded) is True:
        return Outcome(state, review_step(questionnaire, state, lang), "submit")
    error = f"{M['not_understood_review'](lang)} {M['review_hint'](lang)}"
    return Outcome(state, review_step(questionnaire, state, lang, error=error))


def change(questionnaire: Questionnaire, state: State, number: int, lang: str) -> Outcome:
    """Ask the item with this number in the review again; its answer stays until a new one is given."""
    lines = review_lines(questionnaire, state.answers, lang)
    if not state.consent or not 1 <= number <= len(lines):
        error = f"{M['not_understood_review'](lang)} {M['review_hint'](lang)}"
        return Outcome(state, current_step(questionnaire, state, lang, error=error))
    link_id = lines[number - 1][0]
    new = replace(state, changing=link_id)
    return Outcome(new, _asked_again(questionnaire, new, link_id, lang), "save")


def _asked_again(questionnaire: Questionnaire, state: State, link_id: str, lang: str) -> Step:
    item = questionnaire.item(link_id)
    answer = format_answer(item, state.answers.get(link_id), lang)
    notice = M["previous_answer"](lang).format(answer=answer)
    return question_step(questionnaire, item, lang, notice=notice)


def go_back(questionnaire: Questionnaire, state: State, lang: str) -> Outcome:
    """Ask the answered item before the current one again."""
    if not state.consent:
        return Outcome(state, consent_step(questionnaire, lang))
    history = [h for h in state.history if h in state.answers]
    position = history.index(state.changing) if state.changing in history else len(history)
    if position == 0:
        return Outcome(state, current_step(questionnaire, state, lang, notice=M["first"](lang)))
    link_id = history[position - 1]
    new = replace(state, changing=link_id)
    return Outcome(new, _asked_again(questionnaire, new, link_id, lang), "save")


def skip(questionnaire: Questionnaire, state: State, lang: str) -> Outcome:
    item = current_item(questionnaire, state) if state.consent else None
    if item is None:
        return Outcome(state, current_step(questionnaire, state, lang, error=M["nothing_to_skip"](lang)))
    if item.required:
        return Outcome(state, question_step(questionnaire, item, lang, error=M["must_answer"](lang)))
    new = set_answer(questionnaire, state, item.link_id, None)
    return Outcome(new, current_step(questionnaire, new, lang), "save")


def cancel(questionnaire: Questionnaire, state: State, lang: str) -> Outcome:
    text = M["cancelled"](lang) if state.consent and state.answers else M["cancelled_unsaved"](lang)
    return Outcome(state, _step(questionnaire, "cancelled", text, lang), "cancel")
