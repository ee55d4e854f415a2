"""A bounded on-disk audio cache: files named by a hash, least recently used evicted first.

A file's modification time is its last use (``get`` touches it), so several processes can share one
directory: each keeps a running total of what it added and, past the limit, rescans the directory and
removes the oldest files until a tenth of the limit is free.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path


class AudioCache:
    def __init__(self, directory: str | Path, *, max_mb: float) -> None:
        self.directory = Path(directory)
        self.max_bytes = int(max_mb * 1024 * 1024)
        self._lock = threading.Lock()
        self._total: int | None = None  # bytes on disk, counted at the first write

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    @staticmethod
    def key(*parts: str) -> str:
        """A stable name for what identifies the audio (engine, voice, format, prepared text)."""
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def get(self, key: str, audio_format: str) -> bytes | None:
        if not self.enabled:
            return None
        path = self._path(key, audio_format)
        try:
            data = path.read_bytes()
            os.utime(path)
        except FileNotFoundError:  # never written, or evicted by another process meanwhile
            return None
        return data

    def put(self, key: str, audio_format: str, data: bytes) -> None:
        if not self.enabled or len(data) > self.max_bytes:
            return
        path = self._path(key, audio_format)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as temporary:
            temporary.write(data)
        os.replace(temporary.name, path)
        with self._lock:
            if self._total is None:
                self._total = self.size()
            else:
                self._total += len(data)
            if self._total > self.max_bytes:
                self._total = self._evict(int(self.max_bytes * 0.9))

    def size(self) -> int:
        return sum(size for _, size, _ in self._files())

    def _evict(self, target: int) -> int:
        files = sorted(self._files(), key=lambda file: file[2])
        total = sum(size for _, size, _ in files)
        for path, size, _ in files:
            if total <= target:
                break
            path.unlink(missing_ok=True)
            total -= size
        return total

    def _files(self) -> list[tuple[Path, int, float]]:
        found = []
        for path in self.directory.glob("??/*.*"):
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            found.append((path, stat.st_size, stat.st_mtime))
        return found

    def _path(self, key: str, audio_format: str) -> Path:
        return self.directory / key[:2] / f"{key}.{audio_format}"
