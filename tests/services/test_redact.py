from __future__ import annotations

import logging

import pytest

from services.redact import RedactingFilter, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pnr 19850312-1234 ok", "pnr [personnummer] ok"),
        ("pnr 850312+1234", "pnr [personnummer]"),
        ("pnr 198503121234", "pnr [personnummer]"),
        ("ring +46 70 123 45 67 nu", "ring [phone] nu"),
        ("ring 070-123 45 67", "ring [phone]"),
        ("from=+46701234567&x", "from=[phone]&x"),
        ("mail anna.svensson@example.se", "mail [email]"),
        ('"POST /sms/46elks/abc123secret HTTP/1.1" 200', '"POST /sms/46elks/[secret] HTTP/1.1" 200'),
        (
            "ring 112 eller 1177, kl 14:30, 4500 kr, 2026-12-01",
            "ring 112 eller 1177, kl 14:30, 4500 kr, 2026-12-01",
        ),
    ],
)
def test_personal_data_is_removed_and_ordinary_numbers_kept(text, expected):
    assert redact(text) == expected


def test_the_filter_rewrites_records_with_arguments(caplog: pytest.LogCaptureFixture):
    logger = logging.getLogger("redact-test")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="redact-test"):
        logger.info("sms from %s about %s", "+46701234567", "19850312-1234")
    assert caplog.records[0].getMessage() == "sms from [phone] about [personnummer]"


def test_what_people_wrote_is_removed_from_rasas_structured_debug_events():
    import json as _json
    import logging as _logging

    from services.redact import RedactingFilter

    event = {
        "parse_data_text": "jag har ont i bröstet",
        "parse_data_intent": {"name": "report_symptoms", "confidence": 0.99},
        "slot_values": "\ttriage_text: jag har ont i bröstet\n\tlanguage: sv",
        "event": "processor.message.parse",
        "level": "debug",
    }
    record = _logging.LogRecord("rasa.core.processor", _logging.DEBUG, "x", 1, _json.dumps(event), None, None)
    RedactingFilter().filter(record)
    logged = _json.loads(record.getMessage())
    assert logged["parse_data_text"] == logged["slot_values"] == "[removed]"
    assert logged["parse_data_intent"]["name"] == "report_symptoms"  # what is not personal stays useful
    assert logged["event"] == "processor.message.parse"
