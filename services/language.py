"""Guess whether a short message is Swedish or English, to answer a new person in their language.

Deliberately simple: common function words and Swedish letters. It only decides when the evidence is
clear, and the person can always switch language themselves.
"""

from __future__ import annotations

import re

SUPPORTED = ("sv", "en")
DEFAULT = "sv"

_SV_WORDS = frozenset(
    " ".join(
        (
            "jag du han hon vi ni de och att det som är har inte en ett på för med till av om min mitt mina",
            "vill kan får hej tack ja nej vad hur när var varför behöver ont boka tid hjälp snälla sen igår",
            "idag imorgon mig dig oss barn mamma pappa hemma",
        )
    ).split()
)
_EN_WORDS = frozenset(
    " ".join(
        (
            "you he she we they and to the is are have not a an on for with of my me want can",
            "hello hi thanks thank yes no what how when where why need pain book appointment help please",
            "since yesterday today tomorrow our child mother father home",
        )
    ).split()
)
_WORD = re.compile(r"[a-zåäöé]+")


def detect_language(text: str) -> str | None:
    """Return ``"sv"`` or ``"en"`` when the text clearly is one of them, else ``None``."""
    lowered = text.lower()
    words = _WORD.findall(lowered)
    if not words:
        return None
    sv = sum(word in _SV_WORDS for word in words) + 2 * len(re.findall(r"[åäö]", lowered))
    en = sum(word in _EN_WORDS for word in words)
    if sv > en:
        return "sv"
    if en > sv:
        return "en"
    return None
