import pytest

from voice.audio import check_wav, mp3_to_wav, wav_bytes, wav_to_mp3
from voice.errors import AudioError

TONE = b"".join(int(8000 * ((i // 20) % 2 * 2 - 1)).to_bytes(2, "little", signed=True) for i in range(22050))


def test_a_complete_wav_passes() -> None:
    info = check_wav(wav_bytes(TONE, sample_rate=22050))
    assert (info.channels, info.sample_rate, info.frames) == (1, 22050, 22050)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda wav: wav[:-100], "RIFF size"),
        (lambda wav: wav[:44], "RIFF size"),
        (lambda wav: b"RIFX" + wav[4:], "not a RIFF"),
        (lambda wav: wav[:4] + (len(wav) - 8 + 100).to_bytes(4, "little") + wav[8:], "RIFF size"),
    ],
)
def test_an_incomplete_wav_is_refused(damage, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AudioError, match=message):
        check_wav(damage(wav_bytes(TONE, sample_rate=22050)))


def test_silence_and_emptiness_are_refused() -> None:
    with pytest.raises(AudioError, match="silence"):
        check_wav(wav_bytes(b"\0\0" * 22050, sample_rate=22050))
    with pytest.raises(AudioError, match="no audio"):
        check_wav(wav_bytes(b"", sample_rate=22050))


def test_mp3_round_trip() -> None:
    mp3 = wav_to_mp3(wav_bytes(TONE, sample_rate=22050))
    assert mp3[:3] == b"ID3" or mp3[0] == 0xFF
    assert abs(check_wav(mp3_to_wav(mp3)).seconds - 1.0) < 0.1
