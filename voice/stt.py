"""Speech-to-text with faster-whisper (a CTranslate2 Whisper model), loaded on first use."""

from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voice.errors import SpeechToTextUnavailable, TranscriptionError


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
    """

    name = "whisper"

    def __init__(
        self,
        *,
        model_dir: str = "",
        model_name: str = "",
        compute_type: str = "int8",
        cpu_threads: int = 0,
        beam_size: int = 1,
    ) -> None:
        self.model_dir = model_dir
        self.model_name = model_name
        self.compute_type = compute_type
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self._model: Any = None
        self._lock = threading.Lock()

    def available(self) -> bool:
        """Whether voice input can be offered; never raises."""
        try:
            self._source()
        except SpeechToTextUnavailable:
            return False
        return True

    def transcribe(self, audio: bytes, language: str) -> Transcript:
        model = self._load()
        try:
            segments, info = model.transcribe(
                io.BytesIO(audio),
                language=language,
                beam_size=self.beam_size,
                condition_on_previous_text=False,
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
                raise SpeechToTextUnavailable(f"no model.bin in STT_MODEL_DIR ({self.model_dir})")
            return self.model_dir
        if self.model_name:
            return self.model_name
        raise SpeechToTextUnavailable("no speech-to-text model configured (STT_MODEL_DIR or STT_MODEL_NAME)")

    def _load(self) -> Any:
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
