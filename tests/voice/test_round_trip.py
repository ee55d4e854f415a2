"""The speech round trip: espeak-ng says what people say to the assistant, Whisper base writes it down, and
the assistant's reply parsers understand it (tests/voice/round_trip.yml; bench/voice.py adds the Rasa NLU).

The bars are what Whisper base measures on espeak-ng's voices with the settings' defaults (beam 5, no
sampling, no prompt, silence cut), which give the same transcripts every run. English is understood;
Swedish is not: base hears espeak-ng's Swedish poorly (word error rate 0.67), which the strict xfail below
records until a better Swedish model is configured (STT_MODEL_DIR_SV).
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from tests.voice.round_trip import Heard, listen, utterances, wer
from voice.settings import VoiceSettings
from voice.stt import WhisperByLanguage, make_whisper

Hear = Callable[[str], list[Heard]]


@pytest.fixture(scope="module")
def stt(whisper_base: Path) -> WhisperByLanguage:
    """Whisper base for both languages, with the default settings."""
    settings = VoiceSettings(stt_model_dir=str(whisper_base), stt_model_dir_sv="", stt_model_dir_en="")
    return make_whisper(settings)


@pytest.fixture(scope="module")
def hear(stt: WhisperByLanguage) -> Hear:
    """Each language's utterances spoken and transcribed once for the module."""
    said = utterances()

    @cache
    def heard(language: str) -> list[Heard]:
        results = listen(stt, language, said[language])
        print(f"\n{language}: word error rate {wer(results, language):.2f}")
        for h in results:
            print(f"  {h.said.text!r} -> {h.text!r} {h.misunderstood() or ''}")
        return results

    return heard


def parsed(heard: list[Heard]) -> list[Heard]:
    return [h for h in heard if h.said.parsed]


def test_english_is_heard_and_understood(hear: Hear) -> None:
    heard = hear("en")
    assert wer(heard, "en") <= 0.15  # measured 0.05
    understood = [h.said.text for h in parsed(heard) if not h.misunderstood()]
    # Measured: all but the amount ("4,500 Kronner": base does not know "kronor").
    assert understood == ["yes", "no", "one two three"]


def test_swedish_goes_through(hear: Hear) -> None:
    heard = hear("sv")
    assert all(h.seconds > 0.3 for h in heard)
    assert wer(heard, "sv") <= 0.8  # measured 0.67: the mechanics, not understanding (see below)
    by_text = {h.said.text: h.text for h in heard}
    assert by_text["hej"] == "Hej!"
    assert by_text["tack så mycket"] == "Tack så mycket!"  # but "ja" is heard as "Jörg", "nej" as "Nöj!"


@pytest.mark.xfail(
    strict=True,
    reason="Whisper base does not understand espeak-ng's Swedish (WER 0.67, 0 of 4 replies parsed); "
    "a larger model in STT_MODEL_DIR_SV is needed, and the small model's packages are incomplete",
)
def test_swedish_is_understood_like_english(hear: Hear) -> None:
    heard = hear("sv")
    assert wer(heard, "sv") <= 0.15
    assert all(not h.misunderstood() for h in parsed(heard))


def test_silence_is_heard_as_nothing(stt: WhisperByLanguage) -> None:
    """Whisper makes up words in silence ("Tack för att du tittade!"); the voice activity filter cuts it."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(bytes(2 * 16000 * 3))
    for language in ("sv", "en"):
        assert stt.transcribe(buffer.getvalue(), language).text == ""
