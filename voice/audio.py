"""WAV checks and conversions between WAV and MP3 (with Debian's ``lame``)."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from voice.errors import AudioError

# Below this peak (of 32767) a rendering is treated as silence: espeak-ng's quietest speech is far above it.
SILENCE_PEAK = 500


@dataclass(frozen=True)
class WavInfo:
    channels: int
    sample_width: int
    sample_rate: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate


def check_wav(data: bytes) -> WavInfo:
    """Raise ``AudioError`` unless ``data`` is one complete RIFF/WAVE file with audible PCM audio.

    Complete means the RIFF size and the data chunk size agree with the bytes present, so a file cut short
    (or one whose header was never finished) is refused.
    """
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioError("not a RIFF/WAVE file")
    (riff_size,) = struct.unpack_from("<I", data, 4)
    if riff_size != len(data) - 8:
        raise AudioError(f"RIFF size {riff_size} does not match the file ({len(data) - 8} bytes)")
    offset, fmt, data_size = 12, None, None
    while offset + 8 <= len(data):
        chunk_id, chunk_size = struct.unpack_from("<4sI", data, offset)
        body = offset + 8
        if chunk_id == b"fmt ":
            fmt = struct.unpack_from("<HHIIHH", data, body)
        elif chunk_id == b"data":
            data_size = chunk_size
            if body + chunk_size > len(data):
                raise AudioError(f"data chunk of {chunk_size} bytes, {len(data) - body} present")
        offset = body + chunk_size + (chunk_size & 1)
    if fmt is None or data_size is None:
        raise AudioError("missing fmt or data chunk")
    audio_format, channels, sample_rate, _, block_align, bits = fmt
    if audio_format != 1 or bits != 16 or not channels or not sample_rate:
        raise AudioError("not 16-bit PCM")
    frames = data_size // block_align
    if frames == 0:
        raise AudioError("no audio")
    with wave.open(io.BytesIO(data)) as reader:
        samples = memoryview(reader.readframes(frames)).cast("h")
    if max(max(samples), -min(samples)) < SILENCE_PEAK:
        raise AudioError("only silence")
    return WavInfo(channels=channels, sample_width=bits // 8, sample_rate=sample_rate, frames=frames)


def wav_bytes(pcm: bytes, *, sample_rate: int, channels: int = 1) -> bytes:
    """16-bit PCM samples wrapped in a WAV header."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(sample_rate)
        writer.writeframes(pcm)
    return buffer.getvalue()


def lame_available() -> bool:
    return shutil.which("lame") is not None


def wav_to_mp3(wav: bytes, *, bitrate_kbps: int = 48, timeout: float = 10.0) -> bytes:
    """Encode a WAV file as MP3: constant bit rate (browsers and Twilio ``<Play>`` take it), fast mode."""
    mp3 = _lame(["--quiet", "--cbr", "-q", "7", "-b", str(bitrate_kbps), "-", "-"], wav, timeout)
    if not mp3:
        raise AudioError("lame produced no MP3")
    return mp3


def mp3_to_wav(mp3: bytes, *, timeout: float = 10.0) -> bytes:
    """Decode an MP3 file to a checked WAV file (through files: lame completes the header only there)."""
    with tempfile.TemporaryDirectory(prefix="voice-") as folder:
        source, target = Path(folder) / "speech.mp3", Path(folder) / "speech.wav"
        source.write_bytes(mp3)
        _lame(["--quiet", "--decode", str(source), str(target)], b"", timeout)
        wav = target.read_bytes()
    check_wav(wav)
    return wav


def _lame(arguments: list[str], data: bytes, timeout: float) -> bytes:
    lame = shutil.which("lame")
    if lame is None:
        raise AudioError("MP3 needs the 'lame' program (Debian package lame)")
    try:
        done = subprocess.run(
            [lame, *arguments], input=data, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise AudioError("lame did not finish in time") from exc
    if done.returncode != 0:
        raise AudioError(f"lame failed with exit code {done.returncode}")
    return done.stdout
