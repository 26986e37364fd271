"""Conversation history for follow-up questions: in process memory, bounded (LRU + TTL).

Not shared between worker processes and lost on restart (run one worker). The API keys the store by
(caller, collection, conversation id), so one caller can never continue — and read the history of — another
caller's conversation.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

MAX_HISTORY_TURNS = 6
MAX_CONVERSATIONS = 2000
CONVERSATION_TTL_S = 4 * 3600


class ConversationStore:
    """In-memory, bounded (LRU + TTL) map conversation_id → last turns (question, answer_text)."""

    def __init__(self, max_conversations: int = MAX_CONVERSATIONS, ttl_s: float = CONVERSATION_TTL_S,
                 max_turns: int = MAX_HISTORY_TURNS) -> None:
        self._data: OrderedDict[str, tuple[float, list[tuple[str, str]]]] = OrderedDict()
        self._lock = threading.Lock()
        self.max_conversations = max_conversations
        self.ttl_s = ttl_s
        self.max_turns = max_turns

    def history(self, conversation_id: str) -> list[tuple[str, str]]:
        with self._lock:
            item = self._data.get(conversation_id)
            if item is None or time.monotonic() - item[0] > self.ttl_s:
                self._data.pop(conversation_id, None)
                return []
            return list(item[1])

    def add(self, conversation_id: str, question: str, answer_text: str) -> None:
        with self._lock:
            _, turns = self._data.pop(conversation_id, (0.0, []))
            turns = (turns + [(question, answer_text)])[-self.max_turns:]
            self._data[conversation_id] = (time.monotonic(), turns)
            while len(self._data) > self.max_conversations:
                self._data.popitem(last=False)
