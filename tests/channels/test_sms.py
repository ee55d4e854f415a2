"""SMS rendering: GSM 7-bit text, packing into 160-character parts, choices by number or words."""

from __future__ import annotations

import pytest

from channels.sms import choices_sentence, choose, gsm_length, pack, render, segments, to_gsm7

CHOICES = [("Ja", "ja"), ("Nej", "nej"), ("Vet inte", "vet inte")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Hej” – det är bra…", '"Hej" - det är bra...'),
        ("Åsa och Örjan äter gröt", "Åsa och Örjan äter gröt"),
        ("Tack 😀 🙏!", "Tack !"),
        ("naïve café", "naive café"),
        ("Pris: 100 €", "Pris: 100 €"),
    ],
)
def test_text_is_fitted_to_the_gsm_alphabet(text, expected):
    assert to_gsm7(text) == expected


def test_extension_characters_count_twice():
    assert gsm_length("€[]") == 6
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2 and segments("a" * 307) == 3


def test_long_text_is_split_at_sentence_boundaries_into_few_parts():
    sentences = [f"Det här är mening nummer {i} i ett långt svar." for i in range(1, 9)]
    parts = pack(" ".join(sentences))
    assert all(gsm_length(p) <= 160 for p in parts)
    assert len(parts) == 3  # 8 sentences of 45-46 characters: 3 + 3 + 2
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == " ".join(sentences)


def test_a_sentence_longer_than_a_message_is_split_between_words():
    parts = pack("ord " * 100)
    assert all(0 < gsm_length(p) <= 160 for p in parts) and len(parts) == 3


def test_choices_become_a_numbered_sentence():
    texts, choices = render(
        [{"text": "Har du feber?", "buttons": [{"title": t, "payload": p} for t, p in CHOICES]}], "sv"
    )
    assert texts == ["Har du feber? Svara 1 för Ja, 2 för Nej, 3 för Vet inte."]
    assert choices == CHOICES
    english, _ = render([{"text": "Fever?", "buttons": [{"title": "Yes", "payload": "ja"}]}], "en")
    assert english == ["Fever? Reply 1 for Yes."]


@pytest.mark.parametrize(
    ("reply", "payload"),
    [("1", "ja"), ("2.", "nej"), (" 3 ", "vet inte"), ("VET INTE", "vet inte"), ("nej", "nej"), ("4", "4"),
     ("jag har ont", "jag har ont")],
)  # fmt: skip
def test_a_reply_selects_a_choice_by_number_or_words(reply, payload):
    assert choose(reply, CHOICES) == payload


def test_without_choices_the_reply_is_passed_on():
    assert choose("2", []) == "2"


def test_a_choice_numbered_by_the_message_itself_keeps_its_number():
    # The review: "Svara 0 för att skicka. Svara med siffran för ett svar du vill ändra."
    review = [("Skicka ansökan", "0")]
    sentence = choices_sentence([{"title": "Skicka ansökan", "payload": "0"}], "sv")
    assert sentence == "Svara 0 för Skicka ansökan."
    assert choose("0", review) == "0"
    assert choose("1", review) == "1"  # answer 1 is to be changed: not taken for "send"
    assert choose("1", review, positional=True) == "0"  # the phone reads it as "tryck 1 för Skicka ansökan"
    offers = [("tors 14:00", "1"), ("tors 14:20", "2"), ("Fler tider", "fler")]
    assert choose("3", offers) == "fler"
