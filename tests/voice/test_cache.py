import os
from pathlib import Path

from voice.cache import AudioCache


def test_put_and_get_by_hashed_name(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_mb=1)
    key = AudioCache.key("espeak:sv:160", "wav", "Jag har ont i halsen")
    assert cache.get(key, "wav") is None
    cache.put(key, "wav", b"audio")
    assert cache.get(key, "wav") == b"audio"
    names = [path.name for path in tmp_path.rglob("*") if path.is_file()]
    assert names == [f"{key}.wav"]
    assert "halsen" not in key and len(key) == 64


def test_the_least_recently_used_file_goes_first(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_mb=3500 / 1024 / 1024)  # room for three files of 1000 bytes
    keys = [AudioCache.key(str(number)) for number in range(4)]
    for age, key in zip((300, 200, 100), keys[:3], strict=True):
        cache.put(key, "mp3", b"x" * 1000)
        path = tmp_path / key[:2] / f"{key}.mp3"
        os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
    assert cache.get(keys[0], "mp3") is not None  # the oldest is used again: now the newest
    cache.put(keys[3], "mp3", b"x" * 1000)
    assert cache.get(keys[1], "mp3") is None  # evicted: least recently used
    assert all(cache.get(key, "mp3") is not None for key in (keys[0], keys[2], keys[3]))
    assert cache.size() <= 3500


def test_a_zero_limit_turns_the_cache_off(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path, max_mb=0)
    cache.put("ab" * 32, "wav", b"audio")
    assert cache.get("ab" * 32, "wav") is None
    assert not any(tmp_path.iterdir())
