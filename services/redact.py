"""A logging filter that removes personal data from every log line before it is written.

What it removes, in every script's digits (full-width and Arabic-Indic digits count as digits):

- personal identity and coordination numbers: 10 or 12 digits, with or without ``-``, ``+`` or a dash before
  the last four, with or without spaces around it (``19850312-1234``, ``850312 - 1234``, ``8503121234``);
- phone numbers: international with ``+`` or ``00`` (``+46 70 123 45 67``, ``+46 (0)70-123 45 67``,
  ``0046701234567``, ``+44 20 7946 0958``), Swedish ones with the country code and no ``+``
  (``46701234567``), and national ones (``070-123 45 67``, ``08-123 456 78``, ``0470-123 45``);
- e-mail addresses (the local part may hold any of ``. ! # $ % ' * + ^ _ ` { | } ~ -``);
- the secret in 46elks webhook paths and the text in ``/api/tts`` query strings.

What it leaves alone: words, times (``14:30``), dates (``2026-11-24``), amounts (``4500 kr``, ``45 000 kr``)
and numbers of up to four digits that stand apart (between words or punctuation). When in doubt it removes:
any ten-digit number counts as an identity number, and digit groups separated only by spaces that start
with 0 or 46 can be a phone number.

Installed on the handlers of each process (gateway, action server) by ``install()``; the filter rewrites the
message with its arguments applied, the traceback of a logged exception, and a logged stack.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable


def _email(match: re.Match[str]) -> str:
    """A quote may be part of an address (o'brien@...); one that opens it ('anna@example.se') is kept."""
    quoted = match[0].startswith("'") and not match[0].startswith("'@")
    return "'[email]" if quoted else "[email]"


_H = r"[^\S\r\n]"  # one horizontal space (a log line's fields never run across lines)
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_GAP = rf"(?:{_H}|-)?"  # between the groups of a phone number
_AREA_SEPARATOR = rf"{_H}?[-/]?{_H}?"
_AREA = r"(?:\(0[1-9]\d{0,2}\)|0[1-9]\d{0,2})"  # 08, 031, 0470, perhaps in brackets
_LONG_AREA = r"(?:\(0[1-9]\d{2}\)|0[1-9]\d{2})"  # 0470: the number after it may be shorter
# After + or 00: the country code and the number, in groups, perhaps with (0) for the trunk prefix.
_INTERNATIONAL = rf"{_H}?\d(?:[\d()./-]|{_H}){{6,18}}\d(?!\d)"

# Path secrets first (they may hold anything), then e-mail addresses (before their digits are taken for a
# phone number, which would leave the rest of the address), then phone numbers with + (before ten of their
# digits are taken for an identity number, which would leave the code), identity numbers, and the other
# phone numbers. Where alternatives overlap, the longer comes first.
_PATTERNS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(/sms/46elks/)[^/\s?\"']+"), r"\1[secret]"),
    # Text to be spoken travels in the query string of /api/tts: keep it out of access logs.
    (re.compile(r"(/api/tts\?)[^\s\"']*"), r"\1[text]"),
    (re.compile(r"[\w.!#$%'*+^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"), _email),
    (re.compile(rf"(?<!\d)\+{_INTERNATIONAL}"), "[phone]"),
    (
        re.compile(rf"(?<!\d)(?:19|20)?\d{{6}}{_H}{{0,2}}(?:[+]|{_DASH})?{_H}{{0,2}}\d{{4}}(?!\d)"),
        "[personnummer]",
    ),
    (re.compile(rf"(?<!\d)46{_H}?(?:\(0\){_H}?)?\d(?:{_GAP}\d){{6,8}}(?!\d)"), "[phone]"),
    # An area code never starts with 0: 00 is the international prefix, taken last (08-001 000 00 is
    # national).
    (
        re.compile(
            rf"(?<!\d){_AREA}{_AREA_SEPARATOR}\d{{2,4}}{_GAP}\d{{2,3}}{_GAP}\d{{2,3}}(?!\d)"
            rf"|(?<!\d){_LONG_AREA}{_AREA_SEPARATOR}\d{{2,3}}{_GAP}\d{{2,3}}(?!\d)"
        ),
        "[phone]",
    ),
    (re.compile(rf"(?<!\d)00(?=[1-9]){_INTERNATIONAL}"), "[phone]"),
]


class _AsciiDigits(dict[int, str]):
    """A ``str.translate`` table that turns every decimal digit into its ASCII digit, built as it is used."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = unicodedata.decimal(char, None) if code > 127 else None
        self[code] = char if value is None else str(value)
        return self[code]


_ASCII_DIGITS = _AsciiDigits()
_FORMATTER = logging.Formatter()


def redact(text: str) -> str:
    # A removal can change what is next to a number (``00000000+46 70`` becomes ``[phone]+46 70``): repeat
    # until nothing changes. Each change removes digits or an @, so this ends, mostly after one round.
    while True:
        cleaned = _redact_once(text)
        if cleaned == text:
            return cleaned
        text = cleaned


def _redact_once(text: str) -> str:
    # The patterns look for ASCII digits; another script's digits are found in an ASCII copy of the same
    # length, and the matches are cut out of the original.
    folded = text if text.isascii() else text.translate(_ASCII_DIGITS)
    for pattern, replacement in _PATTERNS:
        if folded == text:
            text = folded = pattern.sub(replacement, text)
            continue
        parts, end = [], 0
        for match in pattern.finditer(folded):
            replaced = replacement(match) if callable(replacement) else match.expand(replacement)
            parts += [text[end : match.start()], replaced]
            end = match.end()
        text = "".join(parts) + text[end:]
        folded = text.translate(_ASCII_DIGITS)
    return text


# What people wrote, in Rasa's structured (JSON) log events: at DEBUG it logs the message, the slots and the
# dialogue states under these keys (the same list as Rasa's own anonymizer, which only Rasa Pro fills in).
MESSAGE_TEXT_KEYS = frozenset(
    {
        "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
        "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
        "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
        "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
        "json_message", "request_body", "events", "tracker",
    }
)  # fmt: skip


def without_message_text(message: str) -> str:
    """A structured log event (one JSON object) with the values that can hold what people wrote removed."""
    if not (message.startswith("{") and message.endswith("}")):
        return message
    try:
        event = json.loads(message)
    except ValueError:
        return message
    if not isinstance(event, dict) or not MESSAGE_TEXT_KEYS.intersection(event):
        return message
    return json.dumps({k: "[removed]" if k in MESSAGE_TEXT_KEYS else v for k, v in event.items()})


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (arguments applied), exception and stack without personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        cleaned = redact(without_message_text(message))
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # Formatters use ``exc_text`` when it is set: give them the traceback already cleaned.
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(*logger_names: str) -> None:
    """Add the filter to the handlers of the root logger and of the named loggers."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logger_names)]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
