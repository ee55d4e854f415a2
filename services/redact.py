"""A logging filter that removes personal data from every log line before it is written.

Personal identity numbers (personnummer and samordningsnummer, 10 or 12 digits, with or without - or +),
phone numbers (Swedish and international forms), e-mail addresses, and the secret part of webhook paths.
Installed on the handlers of each process (gateway, action server) by ``install()``.
"""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    # 12 or 10 digits, optionally with a separator before the last four: 19850312-1234, 850312+1234.
    (re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+ ]?\d{4}(?!\d)"), "[personnummer]"),
    (re.compile(r"(?<![\w.])(?:\+|00)\d[\d \-()]{6,16}\d(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)0\d{1,3}[\- ]?\d{2,3}[ \-]?\d{2}[ \-]?\d{2,3}(?!\d)"), "[phone]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(/sms/46elks/)[^/\s?\"']+"), r"\1[secret]"),
    # Text to be spoken travels in the query string of /api/tts: keep it out of access logs.
    (re.compile(r"(/api/tts\?)[^\s\"']*"), r"\1[text]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (with its arguments applied) without personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(*logger_names: str) -> None:
    """Add the filter to the handlers of the root logger and of the named loggers."""
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logger_names)]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
