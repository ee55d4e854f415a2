"""pyttsx3's espeak driver made dependable; imported only by the pyttsx3 worker thread.

The stock driver of pyttsx3 2.99 (1) writes the WAV file on espeak-ng's end-of-message event *before* it
appends the samples that came with that event, so the end of an utterance (up to a second) can be lost;
(2) prints "Audio saved to ..." on stdout; (3) cancels, now and then, the very text it is about to speak
(see ``stop``); and ``runAndWait`` returns as soon as the text is handed to espeak-ng, before the file
exists. This subclass keeps every sample, writes the file once espeak-ng is done and then sets ``done``,
prints nothing, and records an error instead of hanging the run loop when the file cannot be written.
pyttsx3 loads drivers by module name from ``pyttsx3.drivers``, so ``register()`` puts this module there.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import wave

from pyttsx3.drivers import _espeak
from pyttsx3.drivers.espeak import EspeakDriver

NAME = "selfcare_espeak"
SAMPLE_RATE = 22050  # espeak-ng's rate for every voice it ships


def register() -> str:
    """Make the driver loadable as ``pyttsx3.init(NAME)``; return that name."""
    sys.modules.setdefault(f"pyttsx3.drivers.{NAME}", sys.modules[__name__])
    return NAME


def wait_until_idle() -> None:
    """Return once espeak-ng's own thread has finished the last message (and left our callback)."""
    _espeak.Synchronize()


def buildDriver(proxy: object) -> CapturingEspeakDriver:  # noqa: N802 - the name pyttsx3 looks for
    return CapturingEspeakDriver(proxy)


class CapturingEspeakDriver(EspeakDriver):
    def __init__(self, proxy: object) -> None:
        self._chunks: list[bytes] = []
        self.error: BaseException | None = None
        self.done = threading.Event()  # set when the file of the last save_to_file is written
        super().__init__(proxy)

    def save_to_file(self, text: str, filename: str) -> None:
        self._chunks = []
        self.error = None
        self.done.clear()
        super().save_to_file(text, filename)

    def stop(self) -> None:
        """Cancel only an utterance that is being spoken.

        pyttsx3 ends every ``runAndWait`` with ``stop()`` *before* it starts speaking the queued text; while
        the voice change is still queued in espeak-ng, ``IsPlaying()`` is true and the stock driver cancels,
        which drops the text that follows (a message with no audio, now and then, under load).
        """
        if self._speaking:
            super().stop()

    def _onSynth(self, wav, numsamples, events):  # noqa: N802 - overrides pyttsx3's callback
        if not self._speaking:
            return 0
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short)))
        index = 0
        while events[index].type != _espeak.EVENT_LIST_TERMINATED:
            if events[index].type == _espeak.EVENT_MSG_TERMINATED:
                self._finish()
                break
            index += 1
        return 0

    def _finish(self) -> None:
        try:
            with wave.open(self._save_file, "wb") as writer:
                writer.setnchannels(1)
                writer.setsampwidth(2)
                writer.setframerate(SAMPLE_RATE)
                writer.writeframes(b"".join(self._chunks))
        except Exception as exc:  # noqa: BLE001 - raised in espeak-ng's thread it would be lost
            self.error = exc
        self._chunks = []
        self._speaking = False
        self.done.set()
        self._proxy.notify("finished-utterance", completed=self.error is None)
        self._proxy.setBusy(False)
        self.endLoop()
