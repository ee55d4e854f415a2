"""Phone calls: signed webhooks, language by keypad, spoken choices, digits and speech, silence, 0."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from fake_rasa import FakeRasa
from fastapi.testclient import TestClient
from twilio.request_validator import RequestValidator

from channels.app import create_app
from channels.settings import Settings

TOKEN = "twilio-test-token"
PHONE = "+46701234567"
QUESTION = [
    {"recipient_id": "x", "text": "Har du feber?",
     "buttons": [{"title": "Ja", "payload": "ja"}, {"title": "Nej", "payload": "nej"}]},
]  # fmt: skip


@pytest.fixture
def voice_settings(database: str) -> Settings:
    return Settings(
        app_env="test", database_url=database, twilio_auth_token=TOKEN, voice_human_number="+46812345678"
    )


@pytest.fixture
def client(voice_settings: Settings, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    fake_rasa.reply = QUESTION
    with TestClient(create_app(voice_settings, rasa_transport=fake_rasa.transport())) as test_client:
        yield test_client


def call(client: TestClient, path: str, *, sign: bool = True, base: str = "http://testserver", **fields: str):
    params = {"CallSid": "CA123", "From": PHONE, "To": "+46766860000", **fields}
    url = f"{base}{path}"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if sign:
        headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(url, params)
    return client.post(path, content=urlencode(params), headers=headers)


def said(response) -> list[str]:
    return re.findall(r"<Say [^>]*>(.*?)</Say>", response.text)


def test_a_call_is_refused_without_a_valid_signature(client: TestClient, fake_rasa: FakeRasa):
    assert call(client, "/voice/twilio", sign=False).status_code == 403
    assert fake_rasa.received == []


def test_a_call_starts_with_the_language_choice_by_keypad(client: TestClient):
    response = call(client, "/voice/twilio")
    assert response.status_code == 200
    assert '<Gather input="dtmf" numDigits="1" action="/voice/twilio/language"' in response.text
    assert said(response) == ["Hej!", "För svenska, tryck 1.", "For English, press 2."]


def test_pressing_2_continues_in_english(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.reply = [
        {"recipient_id": "x", "text": "Hello!", "buttons": [{"title": "Book a visit", "payload": "/b"}]}
    ]
    response = call(client, "/voice/twilio/language", Digits="2")
    assert fake_rasa.received[-1]["message"] == "hello"
    assert fake_rasa.received[-1]["metadata"]["language"] == "en"
    assert 'language="en-GB"' in response.text and 'voice="Polly.Amy"' in response.text
    assert said(response) == ["Hello!", "Press 1 for Book a visit."]
    assert '<Redirect method="POST">/voice/twilio/silence?n=1</Redirect>' in response.text


def test_each_turn_listens_for_speech_and_digits_in_the_callers_language(client: TestClient):
    response = call(client, "/voice/twilio/language", Digits="1")
    assert '<Gather input="speech dtmf" language="sv-SE"' in response.text
    assert 'numDigits="1"' in response.text
    assert said(response) == ["Har du feber?", "Tryck 1 för Ja.", "Tryck 2 för Nej."]


def test_a_digit_or_the_spoken_words_select_a_choice(client: TestClient, fake_rasa: FakeRasa):
    call(client, "/voice/twilio/language", Digits="1")
    call(client, "/voice/twilio/turn", Digits="2")
    assert fake_rasa.received[-1]["message"] == "nej"
    call(client, "/voice/twilio/turn", SpeechResult="Ja")
    assert fake_rasa.received[-1]["message"] == "ja"
    call(client, "/voice/twilio/turn", SpeechResult="jag har ont i halsen")
    assert fake_rasa.received[-1]["message"] == "jag har ont i halsen"


def test_a_number_is_keyed_in_ending_with_hash(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.reply = [{"recipient_id": "x", "text": "Hur mycket betalar du i hyra?"}]
    response = call(client, "/voice/twilio/language", Digits="1")
    assert 'finishOnKey="#"' in response.text
    call(client, "/voice/twilio/turn", Digits="4500#")
    assert fake_rasa.received[-1]["message"] == "4500"


def test_zero_connects_to_a_person(client: TestClient, fake_rasa: FakeRasa):
    call(client, "/voice/twilio/language", Digits="1")
    response = call(client, "/voice/twilio/turn", Digits="0")
    assert "<Dial>+46812345678</Dial>" in response.text
    assert len(fake_rasa.received) == 1


def test_silence_repeats_then_offers_options_then_ends(client: TestClient, fake_rasa: FakeRasa):
    call(client, "/voice/twilio/language", Digits="1")
    fake_rasa.tracker = [{"event": "user", "text": "hej"}, {"event": "bot", "text": "Har du feber?"}]
    first = call(client, "/voice/twilio/silence?n=1")
    assert said(first)[0] == "Har du feber?"
    assert "Tryck 9 för att höra igen." in said(first)
    assert "silence?n=2" in first.text
    last = call(client, "/voice/twilio/silence?n=3")
    assert "<Hangup/>" in last.text and "112" in " ".join(said(last))


def test_a_call_and_a_text_from_one_number_are_one_conversation(client: TestClient, fake_rasa: FakeRasa):
    call(client, "/voice/twilio/language", Digits="1")
    caller = fake_rasa.received[-1]["sender"]
    params = {"MessageSid": "SM1", "From": PHONE, "Body": "hej"}
    signature = RequestValidator(TOKEN).compute_signature("http://testserver/sms/twilio", params)
    client.post(
        "/sms/twilio", content=urlencode(params),
        headers={"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert fake_rasa.received[-1]["sender"] == caller


def test_the_turn_can_be_played_as_audio_from_the_gateway(voice_settings: Settings, fake_rasa: FakeRasa):
    voice_settings.voice_audio = "play"
    voice_settings.public_base_url = "https://assistent.example.se"
    fake_rasa.reply = QUESTION
    with TestClient(create_app(voice_settings, rasa_transport=fake_rasa.transport())) as client:
        response = call(client, "/voice/twilio/language", base="https://assistent.example.se", Digits="1")
    play = re.search(r"<Play>(.*?)</Play>", response.text)
    assert play is not None
    assert play.group(1).startswith("https://assistent.example.se/api/tts?text=Har+du+feber")
    assert "lang=sv&amp;format=mp3" in play.group(1)


def test_bullets_of_a_written_list_are_not_read_out():
    from channels.routes.voice import _say

    said = _say("Sök vård direkt om:\n- du får svårt att andas\n• du blir sämre", "sv")
    assert ">du får svårt att andas</Say>" in said and ">du blir sämre</Say>" in said
    assert ">-" not in said and "•" not in said


@pytest.mark.parametrize(
    ("written", "language", "spoken"),
    [
        ("Skriv koden här.", "sv", "Säg koden här."),
        ("Du kan skriva fritt. Skriv till mig igen.", "sv", "Du kan säga fritt. Prata med mig igen."),
        ("Write the code here. OK. Write to me later.", "en", "Say the code here. OK. Talk to me later."),
        ("Choose one, or write for example doctor.", "en", "Choose one, or say for example doctor."),
        ("Beskrivning av skrivbordet.", "sv", "Beskrivning av skrivbordet."),
    ],
)
def test_chat_wording_is_spoken_as_speech_on_the_phone(written: str, language: str, spoken: str):
    from channels.routes.voice import spoken_wording

    assert spoken_wording(written, language) == spoken


def test_a_question_for_a_number_tells_the_caller_about_the_keypad(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.reply = [{"recipient_id": "x", "text": "Skriv ditt personnummer med 12 siffror."}]
    response = call(client, "/voice/twilio/language", Digits="1")
    assert said(response) == [
        "Säg ditt personnummer med 12 siffror.",
        "Du kan också knappa in siffrorna och avsluta med fyrkant.",
    ]
    fake_rasa.reply = [{"recipient_id": "x", "text": "Vad vill du göra?"}]
    assert said(call(client, "/voice/twilio/turn", SpeechResult="boka")) == ["Vad vill du göra?"]
