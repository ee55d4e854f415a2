"""Throw-away PostgreSQL and Redis servers on free loopback ports, for fault tests and benchmarks.

Each server lives in a temporary directory and can be stopped, killed and started again on the same
port and data, which is what the fault tests need. PostgreSQL refuses to run as root, so as root it runs
as the ``postgres`` user (Debian's package creates it).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from devtools.stack import free_port


def _postgres_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed (Debian package postgresql; `make test` installs it)")
    return candidates[-1]


class PostgresServer:
    """A private PostgreSQL cluster with one database, ``assistant``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.bin = _postgres_bin()
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
            self._as_owner = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/assistant"

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_owner, *args], check=True, stdout=subprocess.DEVNULL)

    def init(self) -> None:
        data = str(self.directory / "data")
        self._run(str(self.bin / "initdb"), "-D", data, "-A", "trust", "-U", "postgres")
        self.start()
        port = str(self.port)
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", port, "-U", "postgres", "assistant")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = str(self.directory / "server.log")
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-l",
            log,
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        command = [
            *self._as_owner,
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-m",
            "fast",
            "stop",
        ]
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self) -> None:
        """SIGKILL the postmaster and every backend: a crash, not a shutdown."""
        pid_file = self.directory / "data" / "postmaster.pid"
        if not pid_file.exists():
            return
        postmaster = int(pid_file.read_text().splitlines()[0])
        children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout
        for pid in [postmaster, *map(int, children.split())]:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(postmaster):
            time.sleep(0.05)


class RedisServer:
    """A private redis-server without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError(
                "redis-server is not installed (Debian package redis-server; make test installs it)"
            )
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import redis

                if redis.Redis(port=self.port, socket_timeout=0.5).ping():
                    return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    with tempfile.TemporaryDirectory(prefix="assistant-pg.") as directory:
        server = PostgresServer(Path(directory))
        server.init()
        try:
            yield server
        finally:
            server.stop()


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
