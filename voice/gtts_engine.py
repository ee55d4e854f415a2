"""Google's text-to-speech through gTTS: online, used only when configured.

The whole request is bounded by ``timeout`` (gTTS's own timeout applies per read, and long text is sent
in several requests). After a failure the engine pauses for ``pause`` seconds, so that while Google is
out of reach callers do not wait for the timeout on every prompt: ``TextToSpeech`` uses espeak-ng meanwhile.
"""

from __future__ import annotations

import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from voice.errors import EnginePaused, SynthesisError


class GttsEngine:
    """Speaks ``text`` in ``language`` as MP3 (24 kHz mono)."""

    name = "gtts"
    output_format = "mp3"

    def __init__(self, *, timeout: float = 3.0, pause: float = 60.0, tld: str = "com") -> None:
        self.timeout = timeout
        self.pause = pause
        self.tld = tld
        self._paused_until = 0.0
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    def fingerprint(self, language: str) -> str:
        return f"gtts:{language}:{self.tld}"

    def synthesize(self, text: str, language: str) -> bytes:
        if time.monotonic() < self._paused_until:
            raise EnginePaused("gtts is paused after a failure")
        future = self._pool().submit(self._request, text, language)
        try:
            mp3 = future.result(timeout=self.timeout)
        except FutureTimeout as exc:
            self._paused_until = time.monotonic() + self.pause
            raise SynthesisError("no answer in time") from exc
        except Exception as exc:  # noqa: BLE001 - gTTS and requests raise many kinds; all mean "use espeak-ng"
            self._paused_until = time.monotonic() + self.pause
            raise SynthesisError(type(exc).__name__) from exc
        if not mp3:
            raise SynthesisError("gtts returned no audio")
        return mp3

    def _request(self, text: str, language: str) -> bytes:
        from gtts import gTTS

        buffer = io.BytesIO()
        gTTS(text, lang=language, tld=self.tld, lang_check=False, timeout=self.timeout).write_to_fp(buffer)
        return buffer.getvalue()

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gtts")
            return self._executor
