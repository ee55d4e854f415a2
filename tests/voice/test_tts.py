"""TextToSpeech: preparation, formats, the cache, and gTTS with its fallback to espeak-ng.

gTTS is exercised through its real client and HTTP stack against a local server standing in for Google's
endpoint (gTTS has no setting for the address, so the test points its URL builder at the local server).
"""

from __future__ import annotations

import base64
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from voice import TextToSpeech, make_text_to_speech
from voice.audio import check_wav, wav_to_mp3
from voice.cache import AudioCache
from voice.espeak import EspeakEngine, speak_with_program
from voice.gtts_engine import GttsEngine
from voice.settings import VoiceSettings

SECRET_TEXT = "Jag har ont i bröstet sedan i morse"


class FakeGoogle(ThreadingHTTPServer):
    """Answers gTTS's batchexecute POST the way Google does, with a fixed MP3."""

    def __init__(self, mp3: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _GoogleHandler)
        self.mp3 = mp3
        self.requests: list[list[object]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _GoogleHandler(BaseHTTPRequestHandler):
    server: FakeGoogle

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        request = urllib.parse.parse_qs(body)["f.req"][0]
        self.server.requests.append(request)  # type: ignore[arg-type]
        audio = base64.b64encode(self.server.mp3).decode()
        answer = f')]}}\'\n\n[["wrb.fr","jQ1olc","[\\"{audio}\\"]",null,null,null,"generic"]]\n'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def point_gtts_at(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def point(base_url: str) -> None:
        monkeypatch.setattr("gtts.tts._translate_url", lambda tld="com", path="": base_url + path)

    return point


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    server = FakeGoogle(wav_to_mp3(speak_with_program("hej", "sv", 160, 10)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers: a network that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    listener.close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def online_tts(timeout: float = 1.0) -> TextToSpeech:
    return TextToSpeech(GttsEngine(timeout=timeout, pause=60), fallback=EspeakEngine())


def test_espeak_speaks_prepared_text_as_wav_and_mp3(tmp_path: Path) -> None:
    tts = make_text_to_speech(VoiceSettings(tts_cache_dir=str(tmp_path), tts_cache_mb=10))
    wav = tts.synthesize("Din tid är kl. 14:30 den 2026-12-01.", "sv")
    assert check_wav(wav).seconds > 2
    mp3 = tts.synthesize("Din tid är kl. 14:30 den 2026-12-01.", "sv", format="mp3")
    assert mp3[0] == 0xFF or mp3[:3] == b"ID3"


def test_cached_audio_is_returned_without_speaking_again(tmp_path: Path) -> None:
    tts = make_text_to_speech(VoiceSettings(tts_cache_dir=str(tmp_path), tts_cache_mb=10))
    first = tts.synthesize(SECRET_TEXT, "sv", format="mp3")
    started = time.perf_counter()
    again = tts.synthesize(SECRET_TEXT, "sv", format="mp3")
    assert again == first
    assert time.perf_counter() - started < 0.05
    assert all("bröstet" not in path.name for path in tmp_path.rglob("*"))
    english = tts.synthesize(SECRET_TEXT, "en", format="mp3")
    assert english != first  # the voice is part of the key


def test_gtts_through_a_local_stand_in_for_google(google: FakeGoogle, point_gtts_at) -> None:  # type: ignore[no-untyped-def]
    point_gtts_at(google.url)
    tts = online_tts()
    assert tts.synthesize("Kom kl. 14:30", "sv", format="mp3") == google.mp3
    assert '\\"Kom klockan fjorton och trettio\\",\\"sv\\"' in str(google.requests[0])
    assert check_wav(tts.synthesize("Hello", "en", format="wav")).seconds > 0.2  # MP3 decoded to WAV


@pytest.mark.parametrize("network", ["refused", "hangs"])
def test_gtts_failure_falls_back_to_espeak_within_the_timeout_and_logs_once(
    network: str, silent_server: str, point_gtts_at, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    point_gtts_at(closed_port_url() if network == "refused" else silent_server)
    tts = online_tts(timeout=1.0)
    caplog.set_level(logging.DEBUG, logger="voice")
    started = time.perf_counter()
    wav = tts.synthesize(SECRET_TEXT, "sv")
    elapsed = time.perf_counter() - started
    assert check_wav(wav).seconds > 1  # espeak-ng spoke, in the same request
    assert elapsed < 1.0 + 1.5  # the timeout plus espeak-ng's time, never a hang
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "gtts" in warnings[0].getMessage()
    assert all("bröstet" not in record.getMessage() for record in caplog.records)

    caplog.clear()
    started = time.perf_counter()
    tts.synthesize("Ett annat svar", "sv")  # gTTS is paused: no second wait, no second warning
    assert time.perf_counter() - started < 0.5
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_an_empty_text_is_refused() -> None:
    with pytest.raises(ValueError):
        TextToSpeech(EspeakEngine(), cache=AudioCache("unused", max_mb=0)).synthesize("  ", "sv")
