"""Speech-to-text with faster-whisper (CTranslate2 Whisper models), each model loaded on first use.

``make_whisper`` gives each language its model: one model for both, or a language's own (a larger or
Swedish model for ``sv``, say). Languages that name the same model share one engine, so it is loaded once.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voice.errors import SpeechToTextUnavailable, TranscriptionError

if TYPE_CHECKING:
    from voice.settings import VoiceSettings

LANGUAGES = ("sv", "en")
# Temperature 0 only, unless asked: Whisper's fallback decodes again at rising temperatures when unsure,
# which on short answers gained nothing measurable and took up to 30% longer (bench/voice.py --sampling).
DETERMINISTIC = (0.0,)


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    confidence: float | None = None  # mean token probability, 0..1
    seconds: float = 0.0  # length of the audio


class WhisperEngine:
    """Transcribes audio (any format ffmpeg reads: WAV, MP3, 8 kHz mu-law from a phone line) in sv or en.

    The model comes from ``model_dir`` (a converted faster-whisper model: ``model.bin``, ``config.json``,
    ``tokenizer.json``) or, where the model hub is reachable, ``model_name`` ("base", "small", ...).
    ``prompts`` maps a language to text Whisper reads as what was said before (its ``initial_prompt``).
    """

    name = "whisper"

    def __init__(
        self,
        *,
        model_dir: str = "",
        model_name: str = "",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        beam_size: int = 5,
        vad_filter: bool = True,
        temperatures: Sequence[float] = DETERMINISTIC,
        prompts: Mapping[str, str] | None = None,
    ) -> None:
        self.model_dir = model_dir
        self.model_name = model_name
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        self.temperatures = list(temperatures)
        self.prompts = dict(prompts or {})
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def available(self, language: str | None = None) -> bool:
        """Whether voice input can be offered (in any language this model hears); never raises."""
        try:
            self._source()
        except SpeechToTextUnavailable:
            return False
        return True

    def transcribe(self, audio: bytes, language: str) -> Transcript:
        model = self.load()
        try:
            segments, info = model.transcribe(
                io.BytesIO(audio),
                language=language,
                beam_size=self.beam_size,
                temperature=self.temperatures,
                condition_on_previous_text=False,
                initial_prompt=self.prompts.get(language) or None,
                vad_filter=self.vad_filter,
            )
            segments = list(segments)
        except Exception as exc:  # noqa: BLE001 - decoding and inference errors alike
            raise TranscriptionError(f"transcription failed: {type(exc).__name__}") from exc
        text = " ".join(segment.text.strip() for segment in segments).strip()
        confidence = None
        if segments:
            confidence = math.exp(sum(segment.avg_logprob for segment in segments) / len(segments))
        return Transcript(text=text, language=language, confidence=confidence, seconds=info.duration)

    def _source(self) -> str:
        try:
            import faster_whisper  # noqa: F401
        except ImportError as exc:
            raise SpeechToTextUnavailable("faster-whisper is not installed") from exc
        if self.model_dir:
            if not (Path(self.model_dir) / "model.bin").is_file():
                raise SpeechToTextUnavailable(f"no model.bin in the model directory {self.model_dir}")
            return self.model_dir
        if self.model_name:
            return self.model_name
        raise SpeechToTextUnavailable("no speech-to-text model configured (STT_MODEL_DIR or STT_MODEL_NAME)")

    def load(self) -> Any:
        """The model, loaded now if it is not yet (at start-up, say, rather than on first use)."""
        with self._lock:
            if self._model is None:
                source = self._source()
                from faster_whisper import WhisperModel

                try:
                    self._model = WhisperModel(
                        source, device="cpu", compute_type=self.compute_type, cpu_threads=self.cpu_threads
                    )
                except Exception as exc:  # noqa: BLE001 - a missing download or a broken model directory
                    raise SpeechToTextUnavailable(
                        f"the model could not be loaded: {type(exc).__name__}"
                    ) from exc
            return self._model


class WhisperByLanguage:
    """Speech-to-text that hands each language to its own engine (engines may be shared)."""

    name = "whisper"

    def __init__(self, engines: Mapping[str, WhisperEngine]) -> None:
        self.engines = dict(engines)

    def available(self, language: str | None = None) -> bool:
        """Whether voice input can be offered in ``language``, or (without one) in every language."""
        if language is not None:
            engine = self.engines.get(language)
            return engine is not None and engine.available()
        return all(engine.available() for engine in self.engines.values())

    def transcribe(self, audio: bytes, language: str) -> Transcript:
        engine = self.engines.get(language)
        if engine is None:
            raise SpeechToTextUnavailable(f"no speech-to-text for the language {language!r}")
        return engine.transcribe(audio, language)


def make_whisper(settings: VoiceSettings) -> WhisperByLanguage:
    """The engines the settings describe; nothing is loaded until a language is first transcribed."""
    own = {"sv": settings.stt_model_dir_sv, "en": settings.stt_model_dir_en}
    prompts = {"sv": settings.stt_prompt_sv, "en": settings.stt_prompt_en}
    engines: dict[str, WhisperEngine] = {}
    by_model: dict[str, WhisperEngine] = {}
    for language in LANGUAGES:
        model_dir = own[language] or settings.stt_model_dir
        key = model_dir or settings.stt_model_name
        if key not in by_model:
            by_model[key] = WhisperEngine(
                model_dir=model_dir,
                model_name=settings.stt_model_name,
                compute_type=settings.stt_compute_type,
                cpu_threads=settings.stt_cpu_threads,
                beam_size=settings.stt_beam_size,
                vad_filter=settings.stt_vad_filter,
                prompts=prompts,
            )
        engines[language] = by_model[key]
    return WhisperByLanguage(engines)
