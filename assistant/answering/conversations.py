"""``Conversations``: a bounded in-memory store conversation id → [(standalone question, answer)],
answering each new question with its history.

Does not persist conversations.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from typing import Any

from assistant.answering.pipeline import answer
from assistant.records import Answer


class Conversations:
    """Bounded in-memory store: conversation id → [(standalone question, answer text)].

    Stores the *standalone* query so chained follow-ups keep their subject. Least-recently used
    conversations are evicted beyond ``max_conversations``; each keeps its last ``max_turns`` turns.
    """

    def __init__(self, max_conversations: int = 1000, max_turns: int = 10) -> None:
        self.max_conversations = max_conversations
        self.max_turns = max_turns
        self._data: OrderedDict[str, list[tuple[str, str]]] = OrderedDict()
        self._lock = threading.Lock()

    def new(self) -> str:
        cid = uuid.uuid4().hex[:16]
        with self._lock:
            self._data[cid] = []
            self._evict()
        return cid

    def get(self, cid: str) -> list[tuple[str, str]]:
        with self._lock:
            if cid not in self._data:
                return []
            self._data.move_to_end(cid)
            return list(self._data[cid])

    def append(self, cid: str, question: str, answer_text: str) -> None:
        with self._lock:
            turns = self._data.setdefault(cid, [])
            turns.append((question, answer_text))
            del turns[: -self.max_turns]
            self._data.move_to_end(cid)
            self._evict()

    def __contains__(self, cid: object) -> bool:
        return cid in self._data

    def __len__(self) -> int:
        return len(self._data)

    def _evict(self) -> None:
        while len(self._data) > self.max_conversations:
            self._data.popitem(last=False)

    def ask(self, cid: str | None, question: str, **kwargs: Any) -> tuple[str, Answer]:
        """Answer within a conversation (creates one when ``cid`` is None/unknown); returns (id, answer)."""
        if not cid or cid not in self:
            cid = self.new() if not cid else cid
        ans = answer(question, history=self.get(cid), **kwargs)
        self.append(cid, ans.standalone_query or question, ans.text)
        return cid, ans
