"""Speech for the phone and web channels: text-to-speech and speech-to-text, each behind one small interface.

    tts = get_text_to_speech()
    mp3 = tts.synthesize("Din tid är kl. 14:30.", "sv", format="mp3")
    stt = get_speech_to_text()
    if stt.available():
        transcript = stt.transcribe(wav_bytes, "sv")

Nothing is loaded at import: engines start on first use, in the factories' objects.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Literal, Protocol

from voice.audio import mp3_to_wav, wav_to_mp3
from voice.cache import AudioCache
from voice.errors import (
    AudioError,
    EnginePaused,
    SpeechToTextUnavailable,
    SynthesisError,
    TranscriptionError,
    VoiceError,
    VoiceUnavailable,
)
from voice.prepare import choices_sentence, prepare
from voice.settings import VoiceSettings, get_voice_settings
from voice.stt import Transcript, make_whisper

__all__ = [
    "MEDIA_TYPES",
    "AudioError",
    "SpeechToText",
    "SpeechToTextUnavailable",
    "SynthesisEngine",
    "SynthesisError",
    "TextToSpeech",
    "Transcript",
    "TranscriptionError",
    "VoiceError",
    "VoiceUnavailable",
    "choices_sentence",
    "get_speech_to_text",
    "get_text_to_speech",
    "make_speech_to_text",
    "make_text_to_speech",
    "prepare",
]

log = logging.getLogger(__name__)

AudioFormat = Literal["wav", "mp3"]
MEDIA_TYPES = {"wav": "audio/wav", "mp3": "audio/mpeg"}


class SynthesisEngine(Protocol):
    name: str
    output_format: str  # "wav" or "mp3"

    def fingerprint(self, language: str) -> str:
        """Engine, voice and settings that decide the audio, for the cache key."""

    def synthesize(self, text: str, language: str) -> bytes:
        """Audio in ``output_format`` for prepared ``text``; raises ``SynthesisError``."""


class SpeechToText(Protocol):
    name: str

    def available(self, language: str | None = None) -> bool:
        """Whether voice input can be offered in ``language``, or in every language (a model is installed)."""

    def transcribe(self, audio: bytes, language: str) -> Transcript:
        """Raises ``SpeechToTextUnavailable`` if not ``available()``, ``TranscriptionError`` on bad audio."""


class TextToSpeech:
    """Prepares text for listening, then speaks it with the engine, or the fallback if the engine fails."""

    def __init__(
        self,
        engine: SynthesisEngine,
        *,
        fallback: SynthesisEngine | None = None,
        cache: AudioCache | None = None,
        mp3_kbps: int = 48,
    ) -> None:
        self.engine = engine
        self.fallback = fallback
        self.cache = cache
        self.mp3_kbps = mp3_kbps

    def synthesize(self, text: str, language: str, format: AudioFormat = "wav") -> bytes:  # noqa: A002
        if format not in MEDIA_TYPES:
            raise ValueError(f"unknown audio format: {format}")
        language = "en" if language == "en" else "sv"
        spoken = prepare(text, language)
        if not spoken:
            raise ValueError("nothing to say")
        engines = [self.engine] + ([self.fallback] if self.fallback else [])
        for engine in engines:
            key = AudioCache.key(engine.fingerprint(language), format, spoken)
            if self.cache and (cached := self.cache.get(key, format)) is not None:
                return cached
            try:
                audio = self._convert(engine.synthesize(spoken, language), engine.output_format, format)
            except (SynthesisError, AudioError) as exc:
                if engine is engines[-1] or isinstance(exc, VoiceUnavailable):
                    raise
                # Once per failed request, without the text; a paused engine has already been reported.
                level = logging.DEBUG if isinstance(exc, EnginePaused) else logging.WARNING
                log.log(level, "%s failed (%s); speaking with %s", engine.name, exc, engines[-1].name)
                continue
            if self.cache:
                self.cache.put(key, format, audio)
            return audio
        raise AssertionError("unreachable")

    def _convert(self, audio: bytes, source: str, target: str) -> bytes:
        if source == target:
            return audio
        if target == "mp3":
            return wav_to_mp3(audio, bitrate_kbps=self.mp3_kbps)
        return mp3_to_wav(audio)


def make_text_to_speech(settings: VoiceSettings) -> TextToSpeech:
    from voice.espeak import EspeakEngine

    espeak = EspeakEngine(
        voices={"sv": settings.tts_voice_sv, "en": settings.tts_voice_en},
        rate=settings.tts_rate,
        timeout=settings.tts_timeout_seconds,
    )
    cache = (
        AudioCache(settings.tts_cache_dir, max_mb=settings.tts_cache_mb)
        if settings.tts_cache_mb > 0
        else None
    )
    if settings.tts_engine == "gtts":
        from voice.gtts_engine import GttsEngine

        online = GttsEngine(
            timeout=settings.tts_online_timeout_seconds,
            pause=settings.tts_online_pause_seconds,
            tld=settings.tts_gtts_tld,
        )
        return TextToSpeech(online, fallback=espeak, cache=cache, mp3_kbps=settings.tts_mp3_kbps)
    return TextToSpeech(espeak, cache=cache, mp3_kbps=settings.tts_mp3_kbps)


def make_speech_to_text(settings: VoiceSettings) -> SpeechToText:
    """Whisper per language (``STT_MODEL_DIR``, ``STT_MODEL_DIR_SV``, ``_EN``), loaded on first use."""
    return make_whisper(settings)


@lru_cache(maxsize=1)
def get_text_to_speech() -> TextToSpeech:
    """The process's text-to-speech, made from the settings on first use."""
    return make_text_to_speech(get_voice_settings())


@lru_cache(maxsize=1)
def get_speech_to_text() -> SpeechToText:
    """The process's speech-to-text; its ``available()`` is false when no model is configured."""
    return make_speech_to_text(get_voice_settings())
