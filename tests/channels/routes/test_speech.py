"""Speech routes: audio from text in both languages, and voice input that says when it is unavailable."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(autouse=True)
def fresh_voice(tmp_path, monkeypatch):
    """Each test reads the voice settings again, with its own audio cache."""
    import voice
    from voice.settings import get_voice_settings

    monkeypatch.setenv("TTS_CACHE_DIR", str(tmp_path / "tts"))
    for cached in (get_voice_settings, voice.get_text_to_speech, voice.get_speech_to_text):
        cached.cache_clear()
    yield
    for cached in (get_voice_settings, voice.get_text_to_speech, voice.get_speech_to_text):
        cached.cache_clear()


def is_mp3(audio: bytes) -> bool:
    return audio.startswith(b"ID3") or (audio[0] == 0xFF and audio[1] & 0xE0 == 0xE0)


def is_wav(audio: bytes) -> bool:
    return audio[:4] == b"RIFF" and audio[8:12] == b"WAVE"


@pytest.mark.parametrize(
    ("lang", "fmt", "media", "check"),
    [("sv", "wav", "audio/wav", is_wav), ("en", "mp3", "audio/mpeg", is_mp3)],
)
def test_tts_returns_playable_audio(client: TestClient, lang, fmt, media, check):
    response = client.get(
        "/api/tts", params={"text": "Ring 1177 klockan 14:30.", "lang": lang, "format": fmt}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert len(response.content) > 1000 and check(response.content)


def test_tts_refuses_empty_or_too_long_text(client: TestClient):
    assert client.get("/api/tts", params={"text": ""}).status_code == 422
    too_long = client.get("/api/tts", params={"text": "a" * 2001, "lang": "en"})
    assert too_long.status_code == 422 and too_long.json()["error"]["code"] == "too_long"


def test_voice_input_without_a_model_is_reported_not_crashed(client: TestClient, monkeypatch):
    monkeypatch.setenv("STT_MODEL_DIR", "")
    monkeypatch.setenv("STT_MODEL_NAME", "")
    assert client.get("/api/stt").json() == {"available": False}
    response = client.post("/api/stt?lang=en", content=b"RIFF....", headers={"Content-Type": "audio/wav"})
    assert response.status_code == 503
    assert (
        response.json()["error"]["message"]
        == "Speaking is not available here. Please write your message instead."
    )
    assert client.post("/api/stt", content=b"").status_code == 422
