"""espeak-ng, offline, through pyttsx3, made dependable for a server.

pyttsx3 has one espeak-ng engine per process, queues property changes until its run loop runs, keeps the
previous voice when asked for one it does not know, and is not thread-safe. So every request goes to one
worker thread that owns the engine; the voice is resolved against espeak-ng's own list and checked after
speaking; the WAV file is checked (complete RIFF/WAVE with audio); a failed attempt is retried once and
then the ``espeak-ng`` program speaks instead. If the worker ever hangs, the program is used from then on.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import subprocess
import tempfile
import threading
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from voice.audio import check_wav
from voice.errors import AudioError, SynthesisError, VoiceError, VoiceUnavailable

log = logging.getLogger(__name__)

DEFAULT_VOICES = {"sv": "sv", "en": "en"}


class EspeakEngine:
    """Speaks ``text`` in ``language`` as a WAV file, 22,050 Hz mono."""

    name = "espeak"
    output_format = "wav"

    def __init__(self, *, voices: Mapping[str, str] | None = None, rate: int = 160, timeout: float = 10.0):
        self.voices = dict(DEFAULT_VOICES | dict(voices or {}))
        self.rate = rate
        self.timeout = timeout
        self.stats: Counter[str] = Counter()  # pyttsx3, retried, program: how each request was served
        self._stats_lock = threading.Lock()

    def voice(self, language: str) -> str:
        return self.voices.get(language, self.voices["sv"])

    def fingerprint(self, language: str) -> str:
        """What besides the text decides the audio (part of the cache key)."""
        return f"espeak:{self.voice(language)}:{self.rate}"

    def synthesize(self, text: str, language: str) -> bytes:
        voice = self.voice(language)
        worker = _worker()
        for attempt in (1, 2):
            if worker.broken:
                break
            try:
                wav = worker.speak(text, voice, self.rate, self.timeout)
            except VoiceUnavailable:
                raise
            except (SynthesisError, AudioError) as exc:
                log.warning("pyttsx3 attempt %d failed: %s: %s", attempt, type(exc).__name__, exc)
                if attempt == 1:
                    self._count("retried")
                continue
            self._count("pyttsx3")
            return wav
        self._count("program")
        return speak_with_program(text, voice, self.rate, self.timeout)

    def _count(self, outcome: str) -> None:
        with self._stats_lock:
            self.stats[outcome] += 1


def speak_with_program(text: str, voice: str, rate: int, timeout: float) -> bytes:
    """The fallback: the ``espeak-ng`` program, given the text on stdin (a command line is visible to all)."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise SynthesisError("the espeak-ng program is not installed")
    with tempfile.TemporaryDirectory(prefix="voice-") as folder:
        target = Path(folder) / "speech.wav"
        command = [program, "-v", voice, "-s", str(rate), "-b", "1", "-w", str(target), "--stdin"]
        try:
            done = subprocess.run(
                command, input=text.encode(), capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise SynthesisError("espeak-ng did not finish in time") from exc
        if done.returncode != 0 or not target.exists():
            raise (
                VoiceUnavailable(voice)
                if b"voice" in done.stderr.lower()
                else SynthesisError("espeak-ng failed")
            )
        wav = target.read_bytes()
    check_wav(wav)
    return wav


class _Worker:
    """The one thread that may touch pyttsx3 in this process."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyttsx3")
        self._engine: Any = None
        self._voice_ids: dict[str, str] = {}
        self._folder = Path(tempfile.mkdtemp(prefix="voice-pyttsx3-"))
        self.broken = False
        atexit.register(self._close)

    def _close(self) -> None:
        """Let pyttsx3 clean up while Python is still whole (its ``__del__`` fails during shutdown)."""
        self._executor.shutdown(wait=not self.broken, cancel_futures=True)
        self._engine = None
        shutil.rmtree(self._folder, ignore_errors=True)

    def speak(self, text: str, voice: str, rate: int, timeout: float) -> bytes:
        future: Future[bytes] = self._executor.submit(self._speak, text, voice, rate, timeout)
        try:
            return future.result(timeout=timeout + 2.0)  # the worker's own wait (below) normally ends first
        except FutureTimeout as exc:
            self.broken = True
            log.error("pyttsx3 did not finish in %.1f s; using the espeak-ng program from now on", timeout)
            raise SynthesisError("pyttsx3 timed out") from exc
        except VoiceError:
            raise
        except Exception as exc:  # noqa: BLE001 - whatever pyttsx3 raises, the caller retries or falls back
            raise SynthesisError(f"pyttsx3 failed: {type(exc).__name__}") from exc

    def _speak(self, text: str, voice: str, rate: int, timeout: float) -> bytes:
        from voice import pyttsx3_driver

        engine = self._engine or self._start()
        voice_id = self._voice_id(engine, voice)
        target = self._folder / "speech.wav"
        target.unlink(missing_ok=True)
        # Both properties are queued: they take effect in runAndWait, before the text is spoken.
        engine.setProperty("voice", voice_id)
        engine.setProperty("rate", rate)
        engine.save_to_file(text, str(target))
        engine.runAndWait()
        driver = engine.proxy._driver
        if not driver.done.wait(timeout):
            self.broken = True  # still speaking: the next request would collide with it
            log.error("espeak-ng did not finish in %.1f s; using the espeak-ng program from now on", timeout)
            raise SynthesisError("espeak-ng did not finish the utterance")
        pyttsx3_driver.wait_until_idle()
        if driver.error is not None:
            raise SynthesisError(f"writing the audio failed: {type(driver.error).__name__}")
        applied = engine.getProperty("voice")
        if applied != voice_id:
            raise SynthesisError(f"espeak-ng used voice {applied!r} instead of {voice_id!r}")
        if not target.exists():
            raise SynthesisError("pyttsx3 returned before writing the audio")
        wav = target.read_bytes()
        check_wav(wav)
        return wav

    def _start(self) -> Any:
        import pyttsx3

        from voice import pyttsx3_driver

        self._engine = pyttsx3.init(pyttsx3_driver.register())
        return self._engine

    def _voice_id(self, engine: Any, voice: str) -> str:
        """espeak-ng's identifier ("gmq/sv") for a configured name ("sv"), or ``VoiceUnavailable``."""
        if voice not in self._voice_ids:
            for known in engine.getProperty("voices"):
                if voice in (known.id, known.id.rsplit("/", 1)[-1], *known.languages):
                    self._voice_ids[voice] = known.id
                    break
            else:
                raise VoiceUnavailable(f"espeak-ng has no voice {voice!r}")
        return self._voice_ids[voice]


_lock = threading.Lock()
_the_worker: _Worker | None = None


def _worker() -> _Worker:
    global _the_worker
    with _lock:
        if _the_worker is None:
            _the_worker = _Worker()
        return _the_worker
