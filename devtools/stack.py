"""Start the real three processes (Rasa, action server, gateway) on free ports with a private database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "assistant.tar.gz"


def replica_names(replicas: int) -> tuple[str, ...]:
    """Process names: "actions", "rasa", then "actions-2", "rasa-2", ... and the gateway last."""
    suffixes = [""] + [f"-{n}" for n in range(2, replicas + 1)]
    return (*(f"{kind}{suffix}" for suffix in suffixes for kind in ("actions", "rasa")), "gateway")


TWILIO_TEST_TOKEN = "stack-twilio-token"
ELKS_TEST_SECRET = "stack-elks-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    """The running processes and how to reach them; tests may stop and start any of them."""

    workdir: Path
    env: dict[str, str]
    ports: dict[str, int]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @classmethod
    def create(cls, workdir: Path, extra_env: dict[str, str] | None = None, replicas: int = 1) -> Stack:
        """Prepare (but do not start) a stack in ``workdir`` with a migrated database (SQLite by default).

        ``replicas`` Rasa servers run side by side, each with its own action server; the gateway spreads the
        conversations over them (they then need a shared database and ``LOCK_STORE_URL=redis://...``).
        """
        ports = {name: free_port() for name in replica_names(replicas)}
        rasa_urls = ",".join(
            f"http://127.0.0.1:{port}" for name, port in ports.items() if name.startswith("rasa")
        )
        actions_urls = ",".join(
            f"http://127.0.0.1:{port}" for name, port in ports.items() if name.startswith("actions")
        )
        env = {
            **os.environ,
            "APP_ENV": "test",
            "DATABASE_URL": f"sqlite:///{workdir / 'assistant.db'}",
            "RASA_TOKEN": "stack-token",
            "ACTIONS_TOKEN": "stack-actions-token",
            "RASA_URL": rasa_urls,
            "ACTIONS_URL": actions_urls,
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['actions']}/webhook",
            "SANIC_HOST": "127.0.0.1",
            "LOCK_STORE_URL": "memory://",
            "TICKET_LOCK_LIFETIME": "300",
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "TWILIO_AUTH_TOKEN": TWILIO_TEST_TOKEN,
            "ELKS_WEBHOOK_SECRET": ELKS_TEST_SECRET,
            **(extra_env or {}),
        }
        subprocess.run([str(VENV_BIN / "alembic"), "upgrade", "head"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [str(VENV_BIN / "python"), "-m", "services.booking", "seed"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        return cls(workdir=workdir, env=env, ports=ports)

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Stack]:
        """A started stack in a temporary folder, stopped and removed afterwards (benchmarks)."""
        if not MODEL.exists():
            raise SystemExit("No trained model: run `make train` first.")
        with tempfile.TemporaryDirectory() as workdir:
            stack = cls.create(Path(workdir))
            try:
                stack.start_all()
                yield stack
            finally:
                stack.stop_all()

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['rasa']}"

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    @property
    def debug(self) -> bool:
        """``LOG_LEVEL=DEBUG``: every process logs at DEBUG (the privacy test reads those logs)."""
        return self.env.get("LOG_LEVEL", "").upper() == "DEBUG"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.ports)

    def env_for(self, name: str) -> dict[str, str]:
        """Each Rasa server calls its own action server ("rasa-2" calls "actions-2")."""
        if name.startswith("rasa"):
            actions = self.ports[name.replace("rasa", "actions")]
            return {**self.env, "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions}/webhook"}
        return self.env

    def command(self, name: str) -> list[str]:
        if name.startswith("rasa"):
            return [
                str(VENV_BIN / "rasa"), "run", "--enable-api", "--auth-token", self.env["RASA_TOKEN"],
                "--interface", "127.0.0.1", "--port", str(self.ports[name]), "--endpoints", "endpoints.yml",
                "--credentials", "credentials.yml", "--model", str(MODEL),
                "--logging-config-file", "logging.debug.yml" if self.debug else "logging.yml",
            ]  # fmt: skip
        if name.startswith("actions"):
            return [str(VENV_BIN / "python"), "-m", "bot.action_server", "--port", str(self.ports[name])]
        return [
            str(VENV_BIN / "uvicorn"), "channels.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(self.ports["gateway"]),
            "--log-level", "debug" if self.debug else "info",
        ]  # fmt: skip

    def start(self, name: str) -> None:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - the child process owns it
        self.processes[name] = subprocess.Popen(
            self.command(name), cwd=ROOT, env=self.env_for(name), stdout=log, stderr=subprocess.STDOUT
        )
        log.close()

    def start_all(self) -> None:
        for name in self.names:
            self.start(name)
        self.wait_ready()

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def wait_ready(self, timeout: float = 600) -> None:
        """Wait until the gateway reports every Rasa server, the action servers and the database ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited early:\n{self.log_tail(name)}")
            try:
                response = httpx.get(f"{self.gateway_url}/readyz", timeout=2)
                ready, total = response.json().get("rasa_servers_ready", "0/1").split("/")
                if response.status_code == 200 and ready == total:
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        raise RuntimeError(
            "the stack did not become ready:\n" + "\n".join(self.log_tail(n) for n in self.processes)
        )

    def resident_memory_mb(self) -> dict[str, float]:
        """Resident set size of each running process, from /proc."""
        sizes = {}
        for name, process in self.processes.items():
            status = Path(f"/proc/{process.pid}/status").read_text()
            kilobytes = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            sizes[name] = kilobytes / 1024
        return sizes

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.workdir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return f"--- {name} ---\n" + "\n".join(text.splitlines()[-lines:])
