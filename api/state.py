"""The API's shared state file: one SQLite database that every worker process on the machine opens.

What it does: :class:`StateDB` hands out connections (one per thread) to ``Settings().state_db`` (default
``cache_dir / "api_state.sqlite"``) in WAL mode with a busy timeout; :meth:`StateDB.write` wraps a
read-modify-write in ``BEGIN IMMEDIATE`` … ``COMMIT`` so concurrent workers serialise on it. The tables
(conversations, rate-limit buckets, ingest jobs) are created on first use; their owners are
:mod:`api.conversations`, :mod:`api.access` and :mod:`api.jobs`.

What it does not: share state between machines (SQLite on a network file system is not safe — use one
machine, or put the state in a server database), or hold a transaction open beyond one short call.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.config import Settings

BUSY_TIMEOUT_S = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY,
    updated REAL NOT NULL,          -- wall-clock time of the last turn (time.time())
    turns TEXT NOT NULL             -- JSON [[question, answer_text], ...]
);
CREATE INDEX IF NOT EXISTS conversations_updated ON conversations (updated);
CREATE TABLE IF NOT EXISTS rate_buckets (
    bucket TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_buckets_updated ON rate_buckets (updated);
CREATE TABLE IF NOT EXISTS ingest_jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL UNIQUE,
    collection TEXT NOT NULL,
    files TEXT NOT NULL,            -- JSON list of file names
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    error TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    staging TEXT,
    owner TEXT NOT NULL             -- "<pid>:<process start time>" of the worker that runs the job
);
CREATE INDEX IF NOT EXISTS ingest_jobs_status ON ingest_jobs (status);
"""


def state_db_path(settings: Settings) -> Path:
    return Path(settings.state_db or Path(settings.cache_dir) / "api_state.sqlite")


class StateDB:
    """Connections to one SQLite state file (created with its tables on first use).

    ``schema`` is the ``CREATE … IF NOT EXISTS`` script run once per process on first use: the API state
    tables by default; :class:`api.feedback.FeedbackStore` passes its own for the feedback file.
    """

    def __init__(self, path: Path | str, *, schema: str = _SCHEMA) -> None:
        self.path = Path(path)
        self._schema = schema
        self._ready = False
        self._init_lock = threading.Lock()
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection (opened once per thread and process: opening and closing one per call costs
        ~1 ms, mostly the WAL checkpoint on closing the last connection)."""
        cached = getattr(self._local, "conn", None)
        if cached is not None and cached[0] == os.getpid():
            return cached[1]
        if not self._ready:
            with self._init_lock:
                if not self._ready:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
                    try:
                        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                        conn.execute("PRAGMA journal_mode = WAL")
                        conn.executescript(self._schema)
                    finally:
                        conn.close()
                    self._ready = True
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: survives process crashes, commits without fsync
        self._local.conn = (os.getpid(), conn)
        return conn

    def _drop(self) -> None:
        cached = getattr(self._local, "conn", None)
        self._local.conn = None
        if cached is not None:
            try:
                cached[1].close()
            except sqlite3.Error:
                pass

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode (each statement its own snapshot)."""
        try:
            yield self._connect()
        except sqlite3.Error:
            self._drop()  # e.g. the file was replaced: reopen next time
            raise

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A ``BEGIN IMMEDIATE`` transaction: committed on normal exit, rolled back on an exception."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:
            self._drop()
            raise
        try:
            yield conn
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                self._drop()
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._drop()
            raise

    def close(self) -> None:
        """Close this thread's connection (other threads' connections close when their threads end)."""
        self._drop()
