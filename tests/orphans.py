"""Test helper: kill a process that started worker processes and check its workers stop by themselves.

A process killed with SIGKILL runs no clean-up, so its workers must notice on their own (the contradiction batch's
spawned workers, ingest's token pool). ``kill_and_expect_workers_stop`` runs ``script`` in a child Python, reads the
workers' pids from the first line it prints, kills the child and waits for the workers to end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def running(pid: int) -> bool:
    """Is ``pid`` alive (a zombie is not: nobody may reap it in a container)?"""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            return not any(line.startswith("State:") and "Z" in line.split()[1] for line in f)
    except FileNotFoundError:
        return False


def kill_and_expect_workers_stop(script: Path, *args: str, workers: int = 2, within_s: float = 60) -> None:
    child = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    pids: list[int] = []
    try:
        pids = [int(x) for x in child.stdout.readline().split()]
        assert len(pids) == workers and all(running(p) for p in pids), pids
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        deadline = time.monotonic() + within_s
        while any(running(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not any(running(p) for p in pids), pids
    finally:
        if child.poll() is None:
            child.kill()
        for p in pids:
            if running(p):
                os.kill(p, signal.SIGKILL)
