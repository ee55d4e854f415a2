"""Bot messages as text messages: numbered choices, the GSM 7-bit alphabet, and few 160-character parts.

Also the other way: a reply with a choice's number or words becomes that choice's payload.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

SMS_LENGTH = 160

# GSM 03.38 basic character set (å, ä, ö, é and ü are in it) and the extension table (two septets each).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€")
REPLACEMENTS = {
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "‐": "-", "−": "-", "…": "...", "\u00a0": " ", "•": "-", "·": "-",
    "\t": " ", "´": "'", "`": "'",
}  # fmt: skip

CHOICE_INTRO = {"sv": "Svara", "en": "Reply"}
CHOICE_FOR = {"sv": "för", "en": "for"}


def to_gsm7(text: str) -> str:
    """Fit text to the GSM 7-bit alphabet: typographic punctuation made plain, emoji and the rest dropped
    or reduced to their letters without accents."""
    out = []
    for char in text:
        char = REPLACEMENTS.get(char, char)
        if len(char) > 1 or char in GSM_BASIC or char in GSM_EXTENDED:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in base if c in GSM_BASIC)
        out.append(plain)
    return re.sub(r"[ ]{2,}", " ", "".join(out)).strip()


def gsm_length(text: str) -> int:
    return sum(2 if char in GSM_EXTENDED else 1 for char in text)


def segments(text: str) -> int:
    """How many segments a provider bills for ``text`` (GSM-7: 160, or 153 each when concatenated)."""
    length = gsm_length(text)
    return 1 if length <= SMS_LENGTH else -(-length // 153)


def numbered(choices: list[tuple[str, str]], *, positional: bool = False) -> list[tuple[int, str, str]]:
    """The number each choice is answered with: 1, 2, 3, ... in order. A choice whose payload is a number
    outside that range keeps its number (a review says "svara 0 för att skicka" and "the number of an answer
    to change it"), so a number the message itself gives meaning to is never taken by another choice."""
    kept = (
        set()
        if positional
        else {int(p) for _, p in choices if p.isdigit() and not 1 <= int(p) <= len(choices)}
    )
    spare = (number for number in range(1, 100) if number not in kept)
    return [(int(p) if p.isdigit() and int(p) in kept else next(spare), title, p) for title, p in choices]


def choices_sentence(buttons: list[dict[str, Any]], language: str) -> str:
    """ "Svara 1 för Ja, 2 för Nej." """
    choices = [(str(button["title"]), str(button.get("payload", ""))) for button in buttons]
    parts = [f"{number} {CHOICE_FOR[language]} {title}" for number, title, _ in numbered(choices)]
    return f"{CHOICE_INTRO[language]} " + ", ".join(parts) + "."


def render(messages: list[dict[str, Any]], language: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The SMS texts to send and the choices they offer (the last message's buttons)."""
    lines: list[str] = []
    choices: list[tuple[str, str]] = []
    for message in messages:
        if message.get("text"):
            lines.append(message["text"])
        if message.get("buttons"):
            choices = [(str(b["title"]), str(b["payload"])) for b in message["buttons"]]
            lines.append(choices_sentence(message["buttons"], language))
    return pack(to_gsm7("\n".join(lines))), choices


def _sentences(text: str) -> list[str]:
    pieces = re.split(r"(?<=[.!?:])\s+|\n+", text)
    return [piece.strip() for piece in pieces if piece.strip()]


def _split_long(sentence: str) -> list[str]:
    chunks, current = [], ""
    for word in sentence.split():
        candidate = f"{current} {word}".strip()
        if gsm_length(candidate) > SMS_LENGTH and current:
            chunks.append(current)
            current = word[:SMS_LENGTH]
        else:
            current = candidate[: SMS_LENGTH + 1] if gsm_length(candidate) > SMS_LENGTH else candidate
    if current:
        chunks.append(current)
    return chunks


def pack(text: str) -> list[str]:
    """Pack sentences, in order, into as few messages of at most 160 characters as possible; a part
    never ends in the middle of a sentence unless the sentence alone is too long."""
    parts: list[str] = []
    current = ""
    for sentence in _sentences(text):
        for piece in _split_long(sentence) if gsm_length(sentence) > SMS_LENGTH else [sentence]:
            candidate = f"{current} {piece}".strip() if current else piece
            if gsm_length(candidate) <= SMS_LENGTH:
                current = candidate
            else:
                parts.append(current)
                current = piece
    if current:
        parts.append(current)
    return parts


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9 ]", "", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


def choose(reply: str, choices: list[tuple[str, str]], *, positional: bool = False) -> str:
    """The payload a reply selects: by its number ("2", "2."), or by the choice's words; else the reply.

    ``positional``: the choices were offered as 1, 2, 3, ... whatever their payloads (the phone, where 0
    always means "a person" and a digit is pressed for each choice in turn)."""
    cleaned = reply.strip()
    if not choices:
        return cleaned
    number = re.fullmatch(r"(\d{1,2})\s*[.)]?", cleaned)
    if number:
        for offered, _, payload in numbered(choices, positional=positional):
            if offered == int(number.group(1)):
                return payload
        return cleaned  # a number no choice has is the person's own answer (e.g. which answer to change)
    folded = _fold(cleaned)
    for title, payload in choices:
        if folded and folded == _fold(title):
            return payload
    return cleaned
