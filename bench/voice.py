"""Speech figures: text-to-speech milliseconds per 20-word sentence, and the speech round trip.

TTS: p50/p95 per language and engine, cold (spoken, no cache) and cached (read from the on-disk cache),
as WAV and MP3. Goals: espeak-ng under 100 ms p95 for 20 words, cached under 5 ms. gTTS is measured only
with --online (it needs Google).

STT, for each Whisper size whose packages are installed (tests/voice/whisper_model.py): load time,
resident memory, real-time factor (processing time / audio length), and the round trip of
tests/voice/round_trip.yml: espeak-ng speaks, Whisper listens; word error rate, what the reply parsers
understood, and the intent the Rasa NLU (models/assistant.tar.gz) finds in the text as written and as heard.
Decoding follows the STT_* settings unless the options below say otherwise.

    .venv/bin/python bench/voice.py [--rounds 40] [--online] [--sizes base small] [--no-tts] [--no-nlu]
        [--beam N] [--vad | --no-vad] [--sampling] [--prompt-sv TEXT] [--prompt-en TEXT]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.voice.round_trip import Heard, Utterance, listen, utterances, wer  # noqa: E402
from tests.voice.whisper_model import ModelPackagesError, whisper_dir  # noqa: E402
from voice import TextToSpeech  # noqa: E402
from voice.cache import AudioCache  # noqa: E402
from voice.espeak import EspeakEngine  # noqa: E402
from voice.gtts_engine import GttsEngine  # noqa: E402
from voice.settings import VoiceSettings  # noqa: E402
from voice.stt import DETERMINISTIC, WhisperEngine  # noqa: E402

SAMPLING = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # faster-whisper's default temperature fallback

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


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def make_engine(model: Path, options: argparse.Namespace) -> WhisperEngine:
    settings = VoiceSettings()
    prompt_sv = settings.stt_prompt_sv if options.prompt_sv is None else options.prompt_sv
    prompt_en = settings.stt_prompt_en if options.prompt_en is None else options.prompt_en
    return WhisperEngine(
        model_dir=str(model),
        compute_type=settings.stt_compute_type,
        cpu_threads=settings.stt_cpu_threads,
        beam_size=settings.stt_beam_size if options.beam is None else options.beam,
        vad_filter=settings.stt_vad_filter if options.vad is None else options.vad,
        temperatures=SAMPLING if options.sampling else DETERMINISTIC,
        prompts={"sv": prompt_sv, "en": prompt_en},
    )


def bench_stt(size: str, options: argparse.Namespace) -> dict[str, list[Heard]]:
    """Load time, memory, real-time factor and the round trip with one Whisper size; what it heard."""
    try:
        model = whisper_dir(size, root=ROOT / "var" / "models")
    except ModelPackagesError as exc:
        print(f"STT whisper-{size}: not measured: {exc}")
        return {}
    engine = make_engine(model, options)
    before = resident_mb()
    started = time.perf_counter()
    engine.load()
    print(
        f"STT whisper-{size} {engine.compute_type}, beam {engine.beam_size}, vad {engine.vad_filter}, "
        f"temperatures {engine.temperatures}, prompts {sorted(k for k, v in engine.prompts.items() if v)}: "
        f"loaded in {time.perf_counter() - started:.1f} s, +{resident_mb() - before:.0f} MB resident"
    )
    engine.transcribe(EspeakEngine().synthesize("hej", "sv"), "sv")  # the first call sets up more
    heard = {}
    for language, said in utterances().items():
        cpu = time.process_time()
        heard[language] = listen(engine, language, said)
        cpu = time.process_time() - cpu
        results = heard[language]
        checked = [h for h in results if h.said.parsed]
        understood = sum(not h.misunderstood() for h in checked)
        spent, seconds = sum(h.spent for h in results), sum(h.seconds for h in results)
        per_utterance = statistics.median(h.spent for h in results)
        print(
            f"STT whisper-{size} {language}: word error rate {wer(results, language):.2f}; "
            f"the reply parsers understood {understood}/{len(checked)}; real-time factor "
            f"{spent / seconds:.2f} ({seconds:.0f} s of audio, median {per_utterance:.2f} s an utterance; "
            f"CPU time {cpu / seconds:.2f} s per second of audio)"
        )
        for h in results:
            wrong = "; ".join(h.misunderstood())
            print(f"    {h.said.text!r:36} heard {h.text!r}" + (f"  ({wrong})" if wrong else ""))
    print(f"STT whisper-{size}: {resident_mb() - before:.0f} MB resident after the round trip")
    return heard


def bench_nlu(heard_by_size: dict[str, dict[str, list[Heard]]]) -> None:
    """Intent accuracy of the Rasa NLU on the utterances as written and as each model heard them."""
    model = ROOT / "models" / "assistant.tar.gz"
    if not model.is_file():
        print("NLU: no models/assistant.tar.gz (make train); not measured")
        return
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not every parse at debug level

    started = time.perf_counter()
    agent = Agent.load(str(model))
    print(f"NLU: {model.relative_to(ROOT)} loaded in {time.perf_counter() - started:.0f} s")

    async def intents(texts: list[str]) -> list[str]:
        found = []
        for text in texts:
            found.append((await agent.parse_message(text))["intent"]["name"] if text.strip() else "(none)")
        return found

    def report(label: str, said: list[Utterance], texts: list[str]) -> None:
        found = asyncio.run(intents(texts))
        misses = [
            f"{text!r} -> {got} (not {utterance.intent})"
            for utterance, text, got in zip(said, texts, found, strict=True)
            if got != utterance.intent
        ]
        right = len(said) - len(misses)
        print(f"NLU {label}: intent accuracy {right / len(said):.2f} ({right}/{len(said)})")
        for miss in misses:
            print(f"    {miss}")

    for language, said in utterances().items():
        report(f"{language} as written", said, [u.text for u in said])
        for size, heard in heard_by_size.items():
            report(f"{language} as heard by whisper-{size}", said, [h.text for h in heard[language]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--online", action="store_true", help="also measure gTTS (needs Google)")
    parser.add_argument("--sizes", nargs="+", default=["base"], help="Whisper sizes (installed packages)")
    parser.add_argument("--no-tts", action="store_true", help="skip the text-to-speech figures")
    parser.add_argument("--no-nlu", action="store_true", help="skip the Rasa NLU (about a minute to load)")
    parser.add_argument("--beam", type=int, help="beam size (default: STT_BEAM_SIZE)")
    parser.add_argument("--vad", action=argparse.BooleanOptionalAction, help="default: STT_VAD_FILTER")
    parser.add_argument("--sampling", action="store_true", help="Whisper's temperature fallback")
    parser.add_argument("--prompt-sv", help="initial prompt for Swedish (default: STT_PROMPT_SV)")
    parser.add_argument("--prompt-en", help="initial prompt for English (default: STT_PROMPT_EN)")
    options = parser.parse_args()
    if not options.no_tts:
        print(f"20-word sentences; {options.rounds} rounds per language and format")
        bench_tts("espeak", options.rounds)
        if options.online:
            bench_tts("gtts", options.rounds)
    heard = {size: bench_stt(size, options) for size in options.sizes}
    if not options.no_nlu:
        bench_nlu({size: by_language for size, by_language in heard.items() if by_language})


if __name__ == "__main__":
    main()
