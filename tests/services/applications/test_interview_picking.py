"""A multiple choice picked one button at a time ("+2", "+2,3", then "Klar"), on any channel."""

from __future__ import annotations

from applications_factories import TODAY

from bot.actions.applications import buttons_of
from channels.sms import choose
from services.applications.interview import State, Step, handle
from services.applications.questionnaire import get_questionnaire


def at_help_with() -> State:
    """Home care, for oneself: the next question is what help is needed (a multiple choice)."""
    return State(answers={"who": "self"}, history=("who",), consent=True)


def press(state: State, *payloads: str, lang: str = "sv"):  # type: ignore[no-untyped-def]
    questionnaire = get_questionnaire("home_care")
    outcome = None
    for payload in payloads:
        outcome = handle(questionnaire, state, payload, lang, today=TODAY)
        state = outcome.state
    assert outcome is not None
    return outcome


def buttons(step: Step) -> list[tuple[str, str]]:
    view = {"kind": step.kind, "optional": step.optional, "language": step.language}
    view["choices"] = [c.__dict__ for c in step.choices]
    return [(b["title"], b["payload"]) for b in buttons_of(view)]


def test_the_first_buttons_each_add_one_choice():
    step = press(at_help_with(), "+").step
    titles = [o.display.sv for o in get_questionnaire("home_care").item("help_with").options]
    assert buttons(step) == [(title, f"+{n}") for n, title in enumerate(titles, 1)]
    assert step.notice is None and step.picked == ()


def test_buttons_add_and_remove_choices_and_klar_answers_with_them():
    outcome = press(at_help_with(), "+2")
    assert outcome.action is None and "help_with" not in outcome.state.answers  # nothing stored yet
    step = outcome.step
    assert step.link_id == "help_with" and step.picked == (2,)
    assert step.notice == "Du har valt: Städning. Välj fler, eller välj Klar."
    assert [payload for _, payload in buttons(step)[:3]] == ["+1,2", "+", "+2,3"]
    assert buttons(step)[1][0] == "Ta bort Städning"
    assert buttons(step)[-1] == ("Klar", "2")

    step = press(at_help_with(), "+2", "+2,3").step
    assert step.notice == "Du har valt: Städning, Inköp. Välj fler, eller välj Klar."
    assert buttons(step)[-1] == ("Klar", "2,3")

    done = press(at_help_with(), "+2", "+2,3", "2,3")
    assert done.action == "save" and done.state.answers["help_with"] == ["cleaning", "shopping"]
    assert done.step.link_id == "living"


def test_in_english_too():
    step = press(at_help_with(), "+1", lang="en").step
    assert step.notice == "You have chosen: Personal care. Choose more, or choose Done."
    assert buttons(step)[0][0].startswith("Remove ") and buttons(step)[-1] == ("Done", "1")


def test_typed_numbers_still_answer_at_once():
    outcome = press(at_help_with(), "1, 3")
    assert outcome.action == "save" and outcome.state.answers["help_with"] == ["personal_care", "shopping"]


def test_by_sms_a_digit_presses_the_button_and_the_last_digit_is_klar():
    step = press(at_help_with(), choose("2", buttons(press(at_help_with(), "+").step))).step
    assert step.picked == (2,)
    assert choose("7", buttons(step)) == "2"


def test_an_exclusive_option_answers_at_once_and_cannot_be_picked():
    questionnaire = get_questionnaire("transport_service")
    aids = questionnaire.item("aids")
    exclusive = next(n for n, o in enumerate(aids.options, 1) if o.exclusive)
    state = State(answers={}, consent=True, changing="aids")  # the aids question, asked now
    step = handle(questionnaire, state, "+", "sv", today=TODAY).step
    assert step.link_id == "aids" and step.choices[exclusive - 1].payload == str(exclusive)
    assert handle(questionnaire, state, f"+1,{exclusive}", "sv", today=TODAY).step.picked == (1,)
    answered = handle(questionnaire, state, str(exclusive), "sv", today=TODAY)
    assert answered.action == "save" and answered.state.answers["aids"] == [aids.options[exclusive - 1].code]


def test_a_plus_means_nothing_special_where_the_question_is_not_a_multiple_choice():
    state = State(answers={"who": "self", "help_with": ["meals"], "living": "alone"}, consent=True)
    outcome = press(state, "+2")
    assert outcome.step.link_id == "start_date" and outcome.step.error  # not a date: asked again
