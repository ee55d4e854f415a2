from __future__ import annotations

from channels.rasa_client import to_api_messages


def test_custom_payloads_join_the_text_before_them():
    raw = [
        {"recipient_id": "a", "text": "Ring 112 nu."},
        {"recipient_id": "a", "custom": {"triage_level": "emergency_call"}},
        {
            "recipient_id": "a",
            "text": "Vill du något mer?",
            "buttons": [{"title": "Ja", "payload": "/affirm"}],
        },
    ]
    assert to_api_messages(raw) == [
        {"text": "Ring 112 nu.", "buttons": [], "data": {"triage_level": "emergency_call"}},
        {"text": "Vill du något mer?", "buttons": [{"title": "Ja", "payload": "/affirm"}], "data": {}},
    ]


def test_a_leading_custom_payload_joins_the_next_text():
    raw = [{"recipient_id": "a", "custom": {"language": "en"}}, {"recipient_id": "a", "text": "OK"}]
    assert to_api_messages(raw) == [{"text": "OK", "buttons": [], "data": {"language": "en"}}]


def test_images_and_unknown_items_are_skipped():
    assert to_api_messages([{"recipient_id": "a", "image": "http://x"}]) == []
