"""The application actions against a real (temporary) database: start, questions, identity, result."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import CODE, PHONE, PNR, SENDER, identify, make_tracker  # noqa: E402

from bot.actions.applications import (  # noqa: E402
    DONE,
    INTERVIEW,
    SAVE_OFFER,
    SERVICE,
    ActionApplicationResult,
    ActionApplicationStart,
    ActionAskApplicationReply,
    ValidateApplicationForm,
    render,
    service_in,
)


def outbox() -> list[str]:
    from services.notifications.outbox import read_outbox

    return [m.body for m in read_outbox()]


class Chat:
    """One conversation driven through the actions as Rasa would: start, then ask and validate in turn."""

    def __init__(self, sender: str = SENDER, lang: str = "sv") -> None:
        self.sender, self.lang = sender, lang
        self.slots: dict[str, Any] = {"application": None, "application_service": None}
        self.done = False
        self.said: list[dict[str, Any]] = []

    def _tracker(self, text: str = "", intent: str = "inform", entities: list | None = None):  # type: ignore[no-untyped-def]
        return make_tracker(
            sender_id=self.sender,
            slots={**self.slots, "language": self.lang},
            intent=intent,
            text=text,
            entities=entities,
        )

    async def start(self, text: str, intent: str = "apply_for_service", entities: list | None = None) -> list:
        dispatcher = CollectingDispatcher()
        events = await ActionApplicationStart().run(dispatcher, self._tracker(text, intent, entities), {})
        self._apply({e["name"]: e["value"] for e in events})
        return await self._next(dispatcher)

    async def say(self, text: str) -> list[dict[str, Any]]:
        assert not self.done
        dispatcher = CollectingDispatcher()
        result = await ValidateApplicationForm().validate_application_reply(
            text, dispatcher, self._tracker(text), {}
        )
        self._apply(result)
        return await self._next(dispatcher)

    def _apply(self, slots: dict[str, Any]) -> None:
        self.done = slots.pop("application_reply", None) == DONE
        self.slots.update(slots)

    async def _next(self, dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
        tracker = self._tracker()
        if self.done:
            events = await ActionApplicationResult().run(dispatcher, tracker, {})
            self.slots.update({e["name"]: e["value"] for e in events if e["name"] != "application_reply"})
        else:
            assert await ActionAskApplicationReply().run(dispatcher, tracker, {}) == []
        self.said = dispatcher.messages
        return dispatcher.messages

    @property
    def state(self) -> dict[str, Any]:
        return self.slots["application"] or {}

    @property
    def responses(self) -> list[str]:
        return [m["response"] for m in self.said]

    @property
    def text(self) -> str:
        return " ".join(m.get("step") or "" for m in self.said)

    @property
    def payloads(self) -> list[str]:
        return [b["payload"] for m in self.said for b in m.get("buttons") or []]


async def answer_all(chat: Chat, replies: list[str]) -> None:
    for reply in replies:
        await chat.say(reply)
        assert not chat.done, (reply, chat.responses)


HOME_CARE_FOR_MUM = ["ja", "2", "min mamma", "ja", "1, 3", "ensam", "hoppa över", "nej", "hoppa över"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jag har inte råd med hyran", "financial_aid"),
        ("min mamma behöver hjälp hemma", "home_care"),
        ("kan inte åka buss pga mitt ben", "transport_service"),
        ("i can't afford my rent", "financial_aid"),
        ("my mother needs help at home", "home_care"),
        ("I'm in a wheelchair and can't take the bus", "transport_service"),
        ("jag vill göra en ansökan", None),
    ],
)
def test_the_service_is_read_from_the_persons_words(text, expected):
    assert service_in(text) == expected


async def test_a_named_service_starts_with_the_intro_and_the_consent_question(database):
    chat = Chat()
    said = await chat.start(
        "jag vill söka färdtjänst", entities=[{"entity": "service", "value": "transport_service"}]
    )
    assert chat.state["step"] == INTERVIEW and chat.state["service"] == "transport_service"
    assert chat.slots["application_service"] == "transport_service"
    assert chat.responses == ["utter_application_step"]
    assert said[0]["custom"] == {"application_step": "consent", "service": "transport_service"}
    assert chat.text.startswith("Färdtjänst. Färdtjänst är resor med taxi")
    assert "Är det okej?" in chat.text and "\n\n" not in chat.text
    assert chat.payloads == ["1", "2"]


async def test_an_unclear_service_is_asked_with_three_choices_in_either_language(database):
    chat = Chat()
    await chat.start("jag vill göra en ansökan")
    assert chat.state["step"] == SERVICE
    assert chat.responses == ["utter_application_ask_service"]
    assert [b["title"] for b in chat.said[0]["buttons"]] == ["Ekonomiskt bistånd", "Hemtjänst", "Färdtjänst"]
    english = Chat(lang="en")
    await english.start("I want to submit an application")
    assert [b["title"] for b in english.said[0]["buttons"]] == [
        "Financial aid",
        "Home care",
        "Transport service",
    ]
    assert english.payloads == chat.payloads == ["1", "2", "3"]
    await english.say("blue")
    assert english.responses == ["utter_application_reask_service", "utter_application_ask_service"]
    await english.say("2")
    assert english.state["service"] == "home_care"
    assert english.text.startswith("Home care. Home care is help in your home")


async def test_no_to_the_consent_ends_politely_with_other_ways_to_apply(database):
    chat = Chat()
    await chat.start("jag har inte råd med hyran")
    await chat.say("nej")
    assert chat.done and chat.responses == ["utter_application_declined"]
    assert chat.slots["application"] is None and chat.slots["application_service"] is None


async def test_a_relative_applies_for_home_care_and_sends_it_after_identifying(database, fixed_code):
    from services.applications.models import Application
    from services.applications.service import view
    from services.store.db import session_scope

    chat = Chat()
    await chat.start("min mamma behöver hjälp hemma")
    await answer_all(chat, HOME_CARE_FOR_MUM)
    assert chat.said[0]["custom"]["application_step"] == "review"
    assert "1. Vem behöver hjälp: Någon annan som jag hjälper" in chat.text
    assert chat.payloads == ["0"]
    # Change one answer from the review, then send.
    await chat.say("5")
    assert "Ditt svar nu: Ensam." in chat.text
    await chat.say("2")
    assert chat.said[0]["custom"]["application_step"] == "review"
    assert "Med make, maka eller sambo" in chat.text
    await chat.say("skicka")
    application_id = chat.state["id"]
    assert chat.responses == ["utter_application_identify_submit"]
    await chat.say("12345")
    assert chat.responses == ["utter_identity_bad_phone", "utter_application_identify_submit"]
    await chat.say(PHONE)
    assert chat.responses == ["utter_identity_ask_code"] and chat.said[0]["phone"].endswith("67")
    await chat.say("111111")
    assert chat.responses == ["utter_identity_wrong_code", "utter_identity_ask_code"]
    await chat.say(CODE)
    assert chat.responses == ["utter_identity_ask_pnr"]
    await chat.say(PNR)
    assert chat.done and chat.responses == ["utter_application_submitted"]
    reference = chat.said[0]["custom"]["application_reference"]
    assert reference.startswith("HT-") and reference in chat.said[0]["step"]
    assert chat.said[0]["custom"]["application_status"] == "received"
    assert any(reference in body for body in outbox())
    with session_scope() as session:
        app = view(session.get(Application, application_id))
    assert (app.status, app.applicant_relation, app.person_agreed_at is not None) == (
        "received",
        "child",
        True,
    )


async def test_an_answer_that_does_not_fit_is_asked_again_with_the_reason(database):
    chat = Chat(lang="en")
    await chat.start("i can't afford my rent")
    await chat.say("yes")
    assert "Which month" in chat.text
    await chat.say("december")
    await chat.say("many")
    assert chat.said[0]["custom"]["application_step"] == "question"
    first_line = chat.text.splitlines()[0]
    assert first_line and "How many adults" not in first_line
    assert "How many adults" in chat.text


async def test_back_and_skip_are_handled_by_the_questionnaire(database):
    chat = Chat()
    await chat.start(
        "jag vill söka färdtjänst", entities=[{"entity": "service", "value": "transport_service"}]
    )
    await answer_all(chat, ["ja", "jag har dålig balans", "1"])
    assert "Berätta mer" in chat.text and "hoppa över" in chat.text
    assert chat.said[0]["buttons"] == [{"title": "Hoppa över", "payload": "#"}]
    await chat.say("tillbaka")
    assert "Vad är svårt" in chat.text
    await chat.say("1, 2")
    await chat.say("#")
    assert "tre månader" in chat.text


async def test_cancel_keeps_the_draft_and_it_is_resumed_in_another_conversation(database, fixed_code):
    chat = Chat()
    await chat.start(
        "jag vill söka färdtjänst", entities=[{"entity": "service", "value": "transport_service"}]
    )
    await answer_all(chat, ["ja", "jag har dålig balans"])
    await chat.say("avbryt")
    assert chat.state["step"] == SAVE_OFFER and chat.responses == ["utter_application_offer_save"]
    await chat.say("ja")
    assert chat.responses == ["utter_application_identify_save"]
    await answer_all(chat, [PHONE, CODE])
    await chat.say(PNR)
    assert chat.done and chat.responses == ["utter_application_cancelled_saved"]

    later = Chat(sender="conversation-2", lang="en")
    await later.start("continue my application")
    assert later.responses == ["utter_application_identify_resume"]
    await answer_all(later, [PHONE, CODE])
    await later.say(PNR)
    assert later.state["service"] == "transport_service"
    assert later.text.startswith("Welcome back. We continue where you stopped.")
    assert "What is hard when you travel" in later.text


async def test_cancel_without_identifying_keeps_the_draft_in_this_chat(database):
    chat = Chat()
    await chat.start("jag har inte råd med hyran")
    await answer_all(chat, ["ja", "december"])
    await chat.say("avbryt")
    await chat.say("nej tack")
    assert chat.done and chat.responses == ["utter_application_cancelled_here"]
    assert chat.slots["application_service"] == "financial_aid"
    again = Chat()
    again.slots = dict(chat.slots)
    await again.start("fortsätt min ansökan")
    assert again.text.startswith("Välkommen tillbaka.") and "Hur många vuxna" in again.text


async def test_status_asks_who_the_person_is_then_lists_the_applications(database, fixed_code):
    chat = Chat()
    await chat.start("hur går det med min ansökan", intent="application_status")
    assert chat.responses == ["utter_application_identify_status"]
    await answer_all(chat, [PHONE, CODE])
    await chat.say(PNR)
    assert chat.done and chat.responses == ["utter_application_status_none"]


async def test_status_of_an_identified_person_lists_sent_applications_and_drafts(database):
    from services.applications import answer, start_application

    person = identify()
    step = start_application("home_care", conversation_id=SENDER, language="sv")
    for text in ["ja", "1", "1", "1", "hoppa över", "nej", "hoppa över", "skicka"]:
        step = answer(step.application_id or 0, text, conversation_id=SENDER)
    assert step.kind == "submitted"
    start_application("transport_service", conversation_id=SENDER, language="sv", person_id=person)
    chat = Chat(lang="en")
    await chat.start("how is my application going", intent="application_status")
    assert chat.done and chat.responses == ["utter_application_status"]
    lines = chat.said[0]["applications"].splitlines()
    assert lines[0].startswith("- Transport service: Not sent yet.")
    assert lines[1].startswith(f"- Home care, {step.reference}: We have received your application.")
    assert [a["status"] for a in chat.said[0]["custom"]["applications"]] == ["draft", "received"]


async def test_a_language_switch_asks_the_current_question_again_in_the_new_language(database):
    chat = Chat()
    await chat.start("min mamma behöver hjälp hemma")
    await chat.say("ja")
    assert "Vem behöver hjälp?" in chat.text
    chat.lang = "en"
    dispatcher = CollectingDispatcher()
    await ActionAskApplicationReply().run(dispatcher, chat._tracker(), {})
    assert "Who needs help?" in dispatcher.messages[0]["step"]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["1", "2"]


def test_one_step_is_one_message():
    step = {"error": "Skriv ett tal.", "notice": "Välkommen tillbaka.", "text": "Hur många?",
            "help": "Räkna dig.", "hint": "Svara med en siffra.", "summary": ()}  # fmt: skip
    assert render(step) == "Skriv ett tal.\nHur många?\nRäkna dig. Svara med en siffra."
