"""Starting, watching and stopping the benchmark's processes.

Every process the benchmark starts listens on 127.0.0.1 only, gets a fresh session (so it can be
stopped with everything it forked, by its own process-group id), and is told by the kernel to
stop if the runner dies (``PR_SET_PDEATHSIG``), so a killed benchmark leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

_PR_SET_PDEATHSIG = 1
_REPO = Path(__file__).resolve().parents[1]
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _die_with_parent() -> None:
    # Runs in the child between fork and exec; the setting survives exec.
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Process:
    name: str
    port: int
    popen: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_count(self, text: str) -> int:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace").count(text)
        return 0

    def log_tail(self, lines: int = 5) -> str:
        with contextlib.suppress(OSError):
            return " | ".join(self.log.read_text(errors="replace").strip().splitlines()[-lines:])
        return ""


def start(name: str, argv: list[str], port: int, env: dict[str, str], log_dir: Path) -> Process:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(
            argv,
            env=env,
            cwd=_REPO,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    return Process(name, port, popen, log)


def wait_ready(proc: Process, path: str, timeout_s: float) -> bool:
    """Poll ``path`` until it answers 200, the process exits, or ``timeout_s`` passes."""
    deadline = time.monotonic() + timeout_s
    with httpx.Client(timeout=1.0) as client:
        while time.monotonic() < deadline:
            if not proc.alive():
                return False
            with contextlib.suppress(httpx.HTTPError):
                if client.get(proc.url + path).status_code == 200:
                    return True
            time.sleep(0.05)
    return False


def stop(proc: Process, grace_s: float = 5.0) -> None:
    """SIGTERM the process group this benchmark created, then SIGKILL it if it lingers."""
    if proc.alive():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.popen.wait(grace_s)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.popen.wait(grace_s)


def _family(pid: int) -> list[int]:
    """``pid`` and its descendants: uvicorn's --workers are children of a supervisor that
    serves nothing, so a server's CPU and memory are the family's, not the parent's."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(stat[1])
    family, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        family += frontier
    return family


def _peak_rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def peak_rss_mib(pid: int) -> float | None:
    """The kernel's high-water marks of resident memory (``VmHWM``), summed over the server's
    processes: an upper bound on their joint peak, exact for a single process."""
    total = sum(_peak_rss_kib(member) for member in _family(pid))
    return total / 1024 if total else None


def _own_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command name: state is field 3, utime field 14, stime field 15 (1-based).
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time ``pid`` and its live descendants have used so far."""
    return sum(_own_cpu_seconds(member) for member in _family(pid))


def start_redis(log_dir: Path) -> Process:
    """A throwaway redis-server on a free port (no persistence), once it answers PING."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    argv = [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    argv += ["--appendonly", "no", "--dir", str(log_dir)]
    proc = start("redis", argv, port, dict(os.environ), log_dir)
    deadline = time.monotonic() + 10
    while redis_call(port, b"PING") != b"+PONG":
        if not proc.alive() or time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(f"redis-server did not start: {proc.log_tail()}")
        time.sleep(0.02)
    return proc


def redis_call(port: int, command: bytes) -> bytes:
    """One inline command's first reply line (``b"+OK"``), or ``b""`` if Redis does not answer."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(command + b"\r\n")
            return sock.recv(64).split(b"\r\n", 1)[0]
    except OSError:
        return b""
