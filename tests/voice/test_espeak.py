"""espeak-ng through pyttsx3: serialised, the right voice, complete files, nothing on stdout."""

from __future__ import annotations

import random
import threading

import pytest

from tests.voice.spectra import samples, spectral_distance
from voice import espeak
from voice.audio import check_wav
from voice.errors import SynthesisError, VoiceUnavailable
from voice.espeak import EspeakEngine, speak_with_program

RATE = 160
TEXTS = [
    "Jag vill boka en tid hos en läkare",
    "Jag har ont i halsen sedan i går",
    "I have a sore throat and a fever",
    "Tryck ett för att boka en tid",
    "Please call one one two at once",
]


@pytest.fixture(scope="module")
def references() -> dict[tuple[str, str], bytes]:
    """Each text in each voice, from the espeak-ng program in a fresh process (independent of pyttsx3)."""
    return {
        (text, language): speak_with_program(text, language, RATE, 10)
        for text in TEXTS
        for language in "sv en".split()
    }


def test_200_files_from_two_threads_are_complete_and_in_the_right_language(
    references: dict[tuple[str, str], bytes], capfd: pytest.CaptureFixture[str]
) -> None:
    engine = EspeakEngine(rate=RATE)
    jobs = [(text, language) for text in TEXTS for language in ("sv", "en")] * 10  # 100 per thread
    results: list[list[tuple[str, str, bytes]]] = [[], []]
    errors: list[BaseException] = []

    def speak(index: int) -> None:
        order = jobs[:]
        random.Random(index).shuffle(order)
        try:
            for text, language in order:
                results[index].append((text, language, engine.synthesize(text, language)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=speak, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    made = results[0] + results[1]
    assert len(made) == 200
    assert engine.stats == {"pyttsx3": 200}  # pyttsx3 made every one, first time, no retry, no fallback

    for text, language, wav in made:
        info = check_wav(wav)
        other = "en" if language == "sv" else "sv"
        same_ref, other_ref = samples(references[(text, language)]), samples(references[(text, other)])
        # Complete: as long as the reference rendering, not cut short (a lost last buffer is up to a second).
        assert info.frames >= len(same_ref) * 0.98, (text, language)
        assert info.frames <= len(same_ref) * 1.05, (text, language)
        # The right language: spectrally close to the reference in this voice, far from the other one.
        heard = samples(wav)
        assert spectral_distance(heard, same_ref) < 0.6 * spectral_distance(heard, other_ref), (
            text,
            language,
        )

    out, _ = capfd.readouterr()
    assert out == ""  # pyttsx3's "Audio saved to ..." does not reach stdout


def test_an_unknown_voice_is_an_error_not_english() -> None:
    with pytest.raises(VoiceUnavailable):
        EspeakEngine(voices={"sv": "xx-no-such-voice"}).synthesize("Hej", "sv")


def test_a_failed_attempt_is_retried_then_the_program_speaks(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing(self: object, text: str, voice: str, rate: int, timeout: float) -> bytes:
        calls.append(voice)
        raise SynthesisError("simulated")

    monkeypatch.setattr(espeak._Worker, "speak", failing)
    engine = EspeakEngine()
    wav = engine.synthesize("Jag vill boka en tid", "sv")
    assert check_wav(wav).seconds > 0.5
    assert calls == ["sv", "sv"]
    assert engine.stats == {"retried": 1, "program": 1}


def test_a_wrong_voice_after_speaking_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """If espeak-ng ends up in another voice than asked (its silent fallback), the attempt fails."""
    EspeakEngine().synthesize("Hej", "sv")  # the worker and its engine exist
    worker = espeak._worker()
    real = worker._engine.getProperty
    monkeypatch.setattr(
        worker._engine, "getProperty", lambda name: "gmw/en" if name == "voice" else real(name)
    )
    with pytest.raises(SynthesisError, match="used voice 'gmw/en' instead of 'gmq/sv'"):
        worker.speak("Hej", "sv", RATE, 10)
