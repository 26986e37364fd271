"""Access control for the web API: API keys → departments, collections and scopes; per-caller rate limits.

What it does:
- reads the keys file named by ``ASSISTANT_API_KEYS_FILE`` (format below) into :class:`KeyStore`;
- turns a request's ``X-API-Key`` / ``Authorization: Bearer`` header into a :class:`Principal` (constant-time
  comparison of sha256 digests; only digests are kept in memory);
- decides which collections a principal may see and which one is its default;
- rate-limits callers with token buckets (:class:`RateLimiter`): per key, or per client IP for anonymous
  callers. The buckets live in the SQLite state file (:mod:`api.state`), so every worker process on the
  machine draws from the same bucket: N workers do not give a caller N times its limit.

What it does not: talk HTTP (``api.app`` maps the exceptions below to 401/403/429 responses), or share
buckets between machines (put limits in the reverse proxy for that).

Keys file::

    {"keys": [
      {"name": "so-tu-phap", "department": "Sở Tư pháp", "key_sha256": "<hex sha256 of the key>",
       "collections": ["sample"], "scopes": ["ask", "feedback"], "rate_per_minute": 60},
      {"name": "admin", "key_sha256": "…", "collections": ["*"], "scopes": ["ask", "feedback", "admin"]}
    ]}

``key_sha256`` is ``sha256(key as UTF-8)`` in hex (``python -c "import hashlib,sys;
print(hashlib.sha256(sys.argv[1].encode()).hexdigest())" KEY``). A plain ``"key"`` is accepted instead, for
development only (the file then holds a secret in clear). ``collections``: names, or ``"*"`` for all; the
first name is the key's default collection. ``scopes``: ``ask`` (questions, provisions, collections, search),
``feedback``, ``admin`` (document upload, ingest jobs, metrics), ``metrics`` (metrics only).
``rate_per_minute`` defaults to ``Settings().default_rate_per_minute``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from api.state import StateDB

Scope = Literal["ask", "feedback", "admin", "metrics"]
ALL = "*"


class AuthError(Exception):
    """No key or an unknown key (HTTP 401)."""


class Forbidden(Exception):
    """The key is valid but may not do this (HTTP 403)."""


class RateLimited(Exception):
    """Too many requests (HTTP 429). ``retry_after`` in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class KeyEntry(BaseModel):
    """One entry of the keys file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    department: str = ""
    key_sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    key: str | None = Field(default=None, min_length=16)  # development only: the key in clear
    collections: list[str] = Field(min_length=1)
    scopes: list[Scope] = Field(default_factory=lambda: ["ask", "feedback"])
    rate_per_minute: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_secret(self) -> "KeyEntry":
        if (self.key_sha256 is None) == (self.key is None):
            raise ValueError(f"khóa '{self.name}': cần đúng một trong hai trường 'key_sha256' hoặc 'key'")
        return self

    def digest(self) -> bytes:
        if self.key_sha256 is not None:
            return bytes.fromhex(self.key_sha256)
        return hashlib.sha256((self.key or "").encode("utf-8")).digest()


class KeysFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keys: list[KeyEntry]


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key's identity, or an anonymous caller (open mode, or no key on a public route)."""

    name: str
    department: str
    collections: tuple[str, ...]
    scopes: frozenset[str]
    rate_per_minute: int
    anonymous: bool = False

    @property
    def all_collections(self) -> bool:
        return ALL in self.collections

    def can_see(self, collection: str) -> bool:
        return self.all_collections or collection in self.collections

    def default_collection(self, fallback: str) -> str:
        """The key's first collection; ``fallback`` (the app's default) for ``"*"`` keys and anonymous callers."""
        first = self.collections[0] if self.collections else ALL
        return fallback if first == ALL else first

    def has(self, scope: str) -> bool:
        return scope in self.scopes


class KeyStore:
    """The configured keys. ``KeyStore.open_mode()`` when no keys file is configured."""

    def __init__(self, entries: list[KeyEntry] | None, *, default_rate: int = 60, anonymous_rate: int = 30) -> None:
        self.configured = entries is not None
        self.default_rate = default_rate
        self.anonymous_rate = anonymous_rate
        self._entries: list[tuple[bytes, Principal]] = []
        for e in entries or []:
            self._entries.append((e.digest(), Principal(
                name=e.name, department=e.department, collections=tuple(e.collections),
                scopes=frozenset(e.scopes), rate_per_minute=e.rate_per_minute or default_rate)))
        names = [p.name for _, p in self._entries]
        if len(set(names)) != len(names):
            raise ValueError("tệp khóa API: tên khóa ('name') bị trùng")

    @classmethod
    def load(cls, path: Path, *, default_rate: int = 60, anonymous_rate: int = 30) -> "KeyStore":
        """Read a keys file; any problem raises ``ValueError`` (the app refuses to start rather than run open)."""
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            parsed = KeysFile.model_validate(data)
        except (OSError, ValueError, ValidationError) as exc:
            raise ValueError(f"Không đọc được tệp khóa API {path}: {exc}") from exc
        return cls(parsed.keys, default_rate=default_rate, anonymous_rate=anonymous_rate)

    def anonymous(self) -> Principal:
        """Open mode: may ask and give feedback on every collection; never admin."""
        return Principal(name="anonymous", department="", collections=(ALL,), scopes=frozenset({"ask", "feedback"}),
                         rate_per_minute=self.anonymous_rate, anonymous=True)

    def authenticate(self, key: str | None) -> Principal:
        """The principal for ``key``. Open mode: always anonymous. Keyed mode: ``AuthError`` if missing/unknown."""
        if not self.configured:
            return self.anonymous()
        if not key:
            raise AuthError("missing")
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        found: Principal | None = None
        for known, principal in self._entries:  # compare against every entry: time does not depend on position
            if hmac.compare_digest(known, digest):
                found = principal
        if found is None:
            raise AuthError("unknown")
        return found


class RateLimiter:
    """Token buckets in the state database: capacity ``rate_per_minute``, refilled continuously at ``rate/60``
    per second. A bucket idle for 60 s is full again, i.e. the same as no bucket, so such rows are dropped."""

    SWEEP_EVERY_S = 30.0

    def __init__(self, db: StateDB | Path | str, max_buckets: int = 50_000) -> None:
        self.db = db if isinstance(db, StateDB) else StateDB(db)
        self.max_buckets = max_buckets
        self._last_sweep = 0.0

    def check(self, bucket: str, rate_per_minute: int, now: float | None = None) -> None:
        """Take one token or raise :class:`RateLimited` with the seconds until one is available."""
        now = time.time() if now is None else now
        capacity = float(rate_per_minute)
        per_s = rate_per_minute / 60.0
        with self.db.write() as conn:
            row = conn.execute("SELECT tokens, updated FROM rate_buckets WHERE bucket = ?", (bucket,)).fetchone()
            tokens, last = row if row is not None else (capacity, now)
            tokens = min(capacity, tokens + max(0.0, now - last) * per_s)  # a clock step back refills nothing
            allowed = tokens >= 1.0
            conn.execute("INSERT OR REPLACE INTO rate_buckets (bucket, tokens, updated) VALUES (?, ?, ?)",
                         (bucket, tokens - 1.0 if allowed else tokens, now))
            if abs(now - self._last_sweep) >= self.SWEEP_EVERY_S:
                self._last_sweep = now
                conn.execute("DELETE FROM rate_buckets WHERE updated < ?", (now - 60.0,))
                conn.execute("DELETE FROM rate_buckets WHERE rowid IN (SELECT rowid FROM rate_buckets "
                             "ORDER BY updated DESC LIMIT -1 OFFSET ?)", (self.max_buckets,))
        if not allowed:
            raise RateLimited(max(1, math.ceil((1.0 - tokens) / per_s)))
