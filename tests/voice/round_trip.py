"""The speech round trip, shared by tests/voice/test_round_trip.py and bench/voice.py.

espeak-ng says each utterance of ``round_trip.yml``, speech-to-text writes down what it heard, and the
assistant's parsers (and, in the benchmark, its Rasa NLU) should understand that as they understand the text.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from services.applications.answers import parse_amount
from services.replies import parse_yes_no
from voice import SpeechToText
from voice.espeak import EspeakEngine, speak_with_program
from voice.numbers import cardinal

DATA = Path(__file__).with_name("round_trip.yml")
_DIGIT_WORDS = {cardinal(number, language): str(number) for number in range(10) for language in ("sv", "en")}
_DIGIT_WORDS |= {"en": "1", "oh": "0"}


@dataclass(frozen=True)
class Utterance:
    text: str
    intent: str
    answer: str | None = None  # yes, no or unknown (services.replies.parse_yes_no)
    digits: str | None = None
    amount: int | None = None  # kronor (services.applications.answers.parse_amount)

    @property
    def parsed(self) -> bool:
        """Whether a reply parser reads it (a yes/no answer, digits or an amount)."""
        return self.answer is not None or self.digits is not None or self.amount is not None


@dataclass(frozen=True)
class Heard:
    said: Utterance
    text: str
    seconds: float  # the audio's length
    spent: float  # transcription time

    def misunderstood(self) -> list[str]:
        """What the reply parsers got wrong in the transcript; empty when it means what was said."""
        wrong = []
        if self.said.answer is not None and (got := parse_yes_no(self.text)) != self.said.answer:
            wrong.append(f"answer {got!r}, not {self.said.answer!r}")
        if self.said.digits is not None and (got := digits(self.text)) != self.said.digits:
            wrong.append(f"digits {got!r}, not {self.said.digits!r}")
        if self.said.amount is not None and (got := parse_amount(self.text)) != self.said.amount:
            wrong.append(f"amount {got!r}, not {self.said.amount!r}")
        return wrong


def utterances() -> dict[str, list[Utterance]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {language: [Utterance(**item) for item in items] for language, items in data.items()}


def listen(stt: SpeechToText, language: str, said: list[Utterance]) -> list[Heard]:
    """Each utterance spoken by the espeak-ng program and transcribed by ``stt``.

    The program, not the in-process engine, so that the same text is the same audio every time: the engine
    carries state from one utterance to the next, and a few samples more or less can change what Whisper
    hears ("ja" comes out as "Ja." or "Jörg").
    """
    voice = EspeakEngine().voice(language)
    heard = []
    for utterance in said:
        audio = speak_with_program(utterance.text, voice, rate=160, timeout=10)
        started = time.perf_counter()
        transcript = stt.transcribe(audio, language)
        spent = time.perf_counter() - started
        assert transcript.language == language and transcript.seconds > 0
        heard.append(Heard(utterance, transcript.text, transcript.seconds, spent))
    return heard


def normalise(text: str, language: str) -> list[str]:
    """Lower case, no punctuation, numbers as words (Whisper writes "1, 2, 3" and "4,500")."""
    text = re.sub(r"(?<=\d)[ ,.](?=\d{3}\b)", "", text.lower())
    words = re.findall(r"\w+", text)
    return " ".join(cardinal(int(word), language) if word.isdigit() else word for word in words).split()


def word_error_rate(pairs: list[tuple[str, str]], language: str) -> float:
    """Word-level edit distance over all (said, heard) pairs, divided by the number of words said."""
    errors = total = 0
    for said, heard in pairs:
        reference, hypothesis = normalise(said, language), normalise(heard, language)
        row = list(range(len(hypothesis) + 1))
        for i, word in enumerate(reference, 1):
            previous, row[0] = row[0], i
            for j, guess in enumerate(hypothesis, 1):
                previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != guess))
        errors += row[-1]
        total += len(reference)
    return errors / total


def wer(heard: list[Heard], language: str) -> float:
    return word_error_rate([(h.said.text, h.text) for h in heard], language)


def digits(text: str) -> str:
    """The digits in "1, 2, 3", "123" or "ett två tre"."""
    words = re.findall(r"\w+", text.lower())
    return "".join(word if word.isdigit() else _DIGIT_WORDS.get(word, "") for word in words)
