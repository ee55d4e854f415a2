"""The speech settings, read once from the environment (see ``.env.example``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseSettings


class VoiceSettings(BaseSettings):
    # Text-to-speech: espeak-ng (offline, the default) or gTTS (online, falls back to espeak-ng).
    tts_engine: Literal["espeak", "gtts"] = "espeak"
    tts_voice_sv: str = "sv"  # espeak-ng voice names
    tts_voice_en: str = "en"
    tts_rate: int = 160  # words per minute; espeak-ng's own default (175) is fast for many listeners
    tts_timeout_seconds: float = 10.0  # espeak-ng, per attempt
    tts_online_timeout_seconds: float = 3.0  # gTTS, the whole request
    tts_online_pause_seconds: float = 60.0  # after a gTTS failure, espeak-ng alone for this long
    tts_gtts_tld: str = "com"
    tts_cache_dir: str = "var/tts-cache"
    tts_cache_mb: float = 200.0  # 0 turns the cache off
    tts_mp3_kbps: int = 48

    # Speech-to-text: a faster-whisper (CTranslate2) model directory, or a model name such as "base" where
    # the model hub is reachable. STT_MODEL_DIR_SV / _EN give a language its own model (a Swedish one, say);
    # a language without one uses STT_MODEL_DIR. With no model at all, voice input is disabled.
    stt_model_dir: str = ""
    stt_model_dir_sv: str = ""
    stt_model_dir_en: str = ""
    stt_model_name: str = ""
    stt_compute_type: str = "int8"
    stt_cpu_threads: int = 0  # 0: CTranslate2 decides
    stt_beam_size: int = 5  # fewer errors than 1 for ~4% more CPU (the encoder takes the time)
    stt_vad_filter: bool = True  # cut silence first: Whisper makes up words in silence
    # Text Whisper reads as what was said just before (its ``initial_prompt``): the assistant's common words,
    # say. Off by default: with Whisper base, unclear Swedish then comes out as the prompt (bench/voice.py).
    stt_prompt_sv: str = ""
    stt_prompt_en: str = ""

    class Config:
        env_file = ".env"
        env_file_encoding = "utf-8"


@lru_cache(maxsize=1)
def get_voice_settings() -> VoiceSettings:
    return VoiceSettings()
