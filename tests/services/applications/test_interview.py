"""The interview state machine, without a database: conditions, commands, review and changes."""

from __future__ import annotations

import pytest
from applications_factories import DATA, TODAY, TYPICAL

from services.applications import interview
from services.applications.interview import State, handle, is_enabled, next_item, prune
from services.applications.questionnaire import get_questionnaire, load_questionnaires


def run(service: str, texts: list[str], lang: str = "sv", state: State | None = None):  # type: ignore[no-untyped-def]
    questionnaire = get_questionnaire(service)
    state = state or State()
    outcome = None
    for text in texts:
        outcome = handle(questionnaire, state, text, lang, today=TODAY)
        state = outcome.state
    assert outcome is not None
    return outcome


def consented(**answers) -> State:  # type: ignore[no-untyped-def]
    return State(answers=answers, history=tuple(answers), consent=True)


# --- conditions ---------------------------------------------------------------------------------------


def test_follow_up_questions_appear_only_when_their_condition_holds():
    questionnaire = get_questionnaire("home_care")
    relation = questionnaire.item("relation")
    assert not is_enabled(relation, {})
    assert not is_enabled(relation, {"who": "self"})
    assert is_enabled(relation, {"who": "other"})
    assert next_item(questionnaire, {"who": "self"}).link_id == "help_with"
    assert next_item(questionnaire, {"who": "other"}).link_id == "relation"


def test_not_equal_on_a_multiple_choice_means_none_of_the_chosen():
    benefits_amount = get_questionnaire("financial_aid").item("benefits_amount")
    assert is_enabled(benefits_amount, {"benefits": ["pension", "child_allowance"]})
    assert not is_enabled(benefits_amount, {"benefits": ["none"]})


def test_greater_than_and_exists():
    questionnaire = load_questionnaires(DATA)["housing_adaptation"]
    quote = questionnaire.item("quote")
    assert not is_enabled(quote, {"rooms": 2}) and is_enabled(quote, {"rooms": 3})
    exists = interview.EnableWhen(question="rooms", operator="exists", answer=True)
    assert interview._holds(exists, {"rooms": 1}) and not interview._holds(exists, {})


def test_changing_an_answer_drops_answers_that_no_longer_apply():
    questionnaire = get_questionnaire("home_care")
    answers = {"who": "self", "relation": "child", "person_agreed": True, "living": "alone"}
    assert prune(questionnaire, answers) == {"who": "self", "living": "alone"}


# --- consent ------------------------------------------------------------------------------------------


def test_the_first_turn_is_the_intro_with_the_consent_question():
    questionnaire = get_questionnaire("transport_service")
    step = interview.current_step(questionnaire, State(), "sv")
    assert step.kind == "consent"
    assert step.notice.startswith("Färdtjänst. Färdtjänst är resor med taxi")
    assert "Är det okej?" in step.text
    assert [(c.number, c.label) for c in step.choices] == [(1, "Ja"), (2, "Nej")]


def test_consent_yes_moves_to_the_first_question_and_asks_the_caller_to_record_it():
    outcome = run("home_care", ["ja"])
    assert outcome.action == "consent" and outcome.state.consent
    assert outcome.step.link_id == "who"


def test_consent_no_stores_nothing():
    outcome = run("home_care", ["nej"], lang="en")
    assert outcome.action == "decline"
    assert outcome.step.kind == "declined" and outcome.step.text.startswith("Okay. We save nothing.")


def test_an_unclear_consent_answer_asks_again():
    outcome = run("home_care", ["vad betyder det?"])
    assert outcome.action is None and outcome.step.kind == "consent" and outcome.step.error


# --- questions ----------------------------------------------------------------------------------------


def test_a_question_step_carries_numbered_choices_hints_and_help():
    step = run("home_care", ["ja", "1"]).step
    assert step.link_id == "help_with" and step.multiple
    assert [c.number for c in step.choices] == [1, 2, 3, 4, 5, 6]
    assert step.choices[1].label == "Städning" and step.choices[1].code == "cleaning"
    assert step.hint == "Svara med siffror, till exempel 1, 3."
    amount = run("financial_aid", ["yes", "December", "1", "0", "yes"], lang="en").step
    assert amount.link_id == "work_income" and amount.hint == "Write the amount in kronor."


def test_a_bad_answer_keeps_the_question_and_says_how_to_answer():
    outcome = run("financial_aid", ["ja", "december", "1", "2", "nej", "1", "mycket"])
    assert outcome.action is None
    assert outcome.step.link_id == "benefits_amount"
    assert outcome.step.error == "Skriv beloppet i kronor, till exempel 4500."
    assert "benefits_amount" not in outcome.state.answers


def test_back_asks_the_previous_question_again_and_keeps_its_answer_until_replaced():
    outcome = run("home_care", ["ja", "1", "2, 3"])
    assert outcome.step.link_id == "living"
    back = run("home_care", ["tillbaka"], state=outcome.state)
    assert back.step.link_id == "help_with"
    assert back.step.notice == "Ditt svar nu: Städning, Inköp."
    assert back.state.answers["help_with"] == ["cleaning", "shopping"]
    twice = run("home_care", ["back"], state=back.state)
    assert twice.step.link_id == "who"
    again = run("home_care", ["back"], state=twice.state)
    assert again.step.link_id == "who" and again.step.notice == "Det här är den första frågan."
    replaced = run("home_care", ["2", "barn", "ja"], state=again.state)
    # a new answer to "who" brings in its follow-ups, then the interview goes on where it was
    assert replaced.state.answers["who"] == "other"
    assert replaced.step.link_id == "living"


def test_skip_is_allowed_only_for_optional_questions():
    at_required = run("home_care", ["ja", "1", "hoppa över"])
    assert at_required.step.link_id == "help_with"
    assert at_required.step.error == "Den här frågan behöver ett svar. Du kan inte hoppa över den."
    at_optional = run("home_care", ["ja", "1", "2", "ensam"])
    assert at_optional.step.link_id == "start_date" and at_optional.step.optional
    skipped = run("home_care", ["skip"], state=at_optional.state, lang="en")
    assert skipped.state.answers["start_date"] is None
    assert skipped.step.link_id == "relatives_help"


def test_cancel_keeps_the_draft():
    outcome = run("home_care", ["ja", "1", "avbryt"])
    assert outcome.action == "cancel" and outcome.step.kind == "cancelled"
    assert outcome.step.text == "Okej, vi stannar här. Dina svar är sparade. Du kan fortsätta senare."
    assert outcome.state.answers == {"who": "self"}


def test_commands_only_count_as_the_whole_message():
    outcome = run("transport_service", ["ja", "Jag vill tillbaka till jobbet men kan inte gå"])
    assert outcome.state.answers["disability"].startswith("Jag vill tillbaka")


# --- review -------------------------------------------------------------------------------------------


def _home_care_review() -> interview.Outcome:
    return run("home_care", ["ja", "1", "2, 3", "ensam", "hoppa över", "nej", "hoppa över"])


def test_the_review_numbers_each_answer_in_easy_words():
    step = _home_care_review().step
    assert step.kind == "review"
    assert step.summary == (
        "1. Vem behöver hjälp: Jag själv",
        "2. Hjälp med: Städning, Inköp",
        "3. Bor: Ensam",
        "4. Hjälp från: Inget svar",
        "5. Hjälp från släkt eller vänner: Nej",
        "6. Mer att berätta: Inget svar",
    )
    assert step.hint.startswith("Svara SKICKA eller 0")
    assert [(c.number, c.code) for c in step.choices] == [(0, "submit")]


def test_the_review_in_english():
    state = _home_care_review().state
    step = interview.current_step(get_questionnaire("home_care"), state, "en")
    assert step.summary[1] == "2. Help with: Cleaning, Shopping"


def test_change_one_answer_by_its_number_then_back_to_the_review():
    review = _home_care_review()
    change = run("home_care", ["3"], state=review.state)
    assert change.step.link_id == "living" and change.step.notice == "Ditt svar nu: Ensam."
    done = run("home_care", ["med sambo"], state=change.state)
    assert done.step.kind == "review"
    assert "3. Bor: Med make, maka eller sambo" in done.step.summary


def test_a_change_that_opens_follow_ups_asks_them_before_the_review():
    review = _home_care_review()
    outcome = run("home_care", ["ändra 5", "ja"], state=review.state)
    assert outcome.step.link_id == "relatives_how_often"
    assert run("home_care", ["varje dag"], state=outcome.state).step.kind == "review"


def test_submit_from_the_review_and_nonsense_there():
    review = _home_care_review()
    for word in ("skicka", "Skicka in", "send", "0", "ja"):
        assert run("home_care", [word], state=review.state).action == "submit"
    unclear = run("home_care", ["kanske"], state=review.state)
    assert unclear.action is None and unclear.step.error.startswith("Jag förstod inte.")
    assert run("home_care", ["99"], state=review.state).step.error


def test_back_from_the_review_asks_the_last_question():
    outcome = run("home_care", ["tillbaka"], state=_home_care_review().state)
    assert outcome.step.link_id == "other_info"


# --- the real types end to end ------------------------------------------------------------------------


@pytest.mark.parametrize(("service", "lang"), sorted(TYPICAL))
def test_each_real_type_is_completed_with_typical_answers(service, lang):
    questionnaire = get_questionnaire(service)
    texts = TYPICAL[(service, lang)]
    state = State()
    questions = 0
    for text in texts[:-1]:
        outcome = handle(questionnaire, state, text, lang, today=TODAY)
        assert outcome.step.error is None, (text, outcome.step.error)
        questions += outcome.step.kind == "question"
        state = outcome.state
    assert outcome.step.kind == "review"
    assert handle(questionnaire, state, texts[-1], lang, today=TODAY).action == "submit"
    assert interview.is_complete(questionnaire, state)
    # one turn for the intro and consent, one per question, one for the review and send
    assert len(texts) <= questions + 3
