"""Conversation history for follow-up questions, shared by every worker process (SQLite, :mod:`api.state`).

Bounded like an LRU cache with a TTL: at most ``max_turns`` turns per conversation, conversations idle longer
than ``ttl_s`` seconds (wall-clock time) are forgotten, and beyond ``max_conversations`` the least recently
continued ones are evicted. History survives a restart (until its TTL). The API keys the store by
(caller, collection, conversation id), so one caller can never continue — and read the history of — another
caller's conversation.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from api.state import StateDB

MAX_HISTORY_TURNS = 6
MAX_CONVERSATIONS = 2000
CONVERSATION_TTL_S = 4 * 3600


class ConversationStore:
    """Bounded (LRU + TTL) map conversation key → last turns (question, answer_text), in the state database."""

    def __init__(self, db: StateDB | Path | str, max_conversations: int = MAX_CONVERSATIONS,
                 ttl_s: float = CONVERSATION_TTL_S, max_turns: int = MAX_HISTORY_TURNS) -> None:
        self.db = db if isinstance(db, StateDB) else StateDB(db)
        self.max_conversations = max_conversations
        self.ttl_s = ttl_s
        self.max_turns = max_turns

    def history(self, conversation_id: str, now: float | None = None) -> list[tuple[str, str]]:
        now = time.time() if now is None else now
        with self.db.read() as conn:
            row = conn.execute("SELECT updated, turns FROM conversations WHERE key = ?", (conversation_id,)).fetchone()
        if row is None or now - row[0] > self.ttl_s:
            return []  # an expired row is deleted by the next add()
        return [(str(q), str(a)) for q, a in json.loads(row[1])]

    def add(self, conversation_id: str, question: str, answer_text: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        with self.db.write() as conn:
            row = conn.execute("SELECT updated, turns FROM conversations WHERE key = ?", (conversation_id,)).fetchone()
            turns = json.loads(row[1]) if row is not None and now - row[0] <= self.ttl_s else []
            turns = (turns + [[question, answer_text]])[-self.max_turns:]
            # REPLACE gives the row a new (highest) rowid: ties on `updated` still evict in insertion order
            conn.execute("INSERT OR REPLACE INTO conversations (key, updated, turns) VALUES (?, ?, ?)",
                         (conversation_id, now, json.dumps(turns, ensure_ascii=False)))
            conn.execute("DELETE FROM conversations WHERE updated < ?", (now - self.ttl_s,))
            conn.execute("DELETE FROM conversations WHERE rowid IN (SELECT rowid FROM conversations "
                         "ORDER BY updated DESC, rowid DESC LIMIT -1 OFFSET ?)", (self.max_conversations,))
