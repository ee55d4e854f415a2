"""Helpers for the speech tests: decode WAV audio and compare renderings by their spectra."""

from __future__ import annotations

import io
import wave

import numpy as np


def samples(wav: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(wav)) as reader:
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16).astype(np.float32)


def spectral_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Mean difference of log-magnitude spectra, frame by frame (23 ms frames, half overlapping).

    espeak-ng keeps its oscillator phase from one utterance to the next, so two renderings of the same text
    in the same voice differ sample by sample but not in their spectra; another voice (another language's
    phonemes and rhythm) differs in both.
    """

    def spectrum(x: np.ndarray) -> np.ndarray:
        frames = np.lib.stride_tricks.sliding_window_view(x, 512)[::256] * np.hanning(512)
        return np.log1p(np.abs(np.fft.rfft(frames, axis=1)))

    first, second = spectrum(a), spectrum(b)
    frames = min(len(first), len(second))
    return float(np.mean(np.abs(first[:frames] - second[:frames])))
