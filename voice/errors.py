"""The errors the speech package raises; each names what went wrong, never the text spoken or heard."""

from __future__ import annotations


class VoiceError(Exception):
    """Base class for every error of the speech package."""


class AudioError(VoiceError):
    """Audio is incomplete, silent or in a format that cannot be handled."""


class SynthesisError(VoiceError):
    """A text-to-speech engine could not produce audio."""


class EnginePaused(SynthesisError):
    """An online engine failed a moment ago and is not tried again yet."""


class VoiceUnavailable(SynthesisError):
    """The configured voice is not installed (espeak-ng would otherwise speak English instead)."""


class SpeechToTextUnavailable(VoiceError):
    """No speech-to-text model is configured or it cannot be loaded: voice input is disabled."""


class TranscriptionError(VoiceError):
    """A configured speech-to-text engine failed on some audio."""
