"""Locust user for ``eval/bench_load.py``: an official asking extractive questions through ``POST /api/v1/ask``.

Environment (set by bench_load.py): ``BENCH_QUESTIONS`` (a JSONL file of ``{"question": …}``),
``BENCH_COLLECTION``, ``BENCH_API_KEY``, ``BENCH_WAIT_MIN`` / ``BENCH_WAIT_MAX`` (think time in seconds).
Each user asks a question, reads the answer (think time), and asks a follow-up in the same conversation
every third question. A reply counts as a failure unless it is HTTP 200 with a non-empty answer text.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

QUESTIONS = [json.loads(line)["question"] for line in open(os.environ["BENCH_QUESTIONS"], encoding="utf-8")
             if line.strip()]
COLLECTION = os.environ.get("BENCH_COLLECTION", "sample")
API_KEY = os.environ.get("BENCH_API_KEY", "")
WAIT_MIN = float(os.environ.get("BENCH_WAIT_MIN", "1"))
WAIT_MAX = float(os.environ.get("BENCH_WAIT_MAX", "3"))


class Official(HttpUser):
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        self.conversation_id: str | None = None
        self.asked = 0
        if API_KEY:
            self.client.headers["X-API-Key"] = API_KEY

    @task
    def ask(self) -> None:
        body: dict[str, object] = {"question": random.choice(QUESTIONS), "collection": COLLECTION}
        if self.conversation_id and self.asked % 3:
            body["conversation_id"] = self.conversation_id
        with self.client.post("/api/v1/ask", json=body, name="POST /api/v1/ask", catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code}: {resp.text[:200]}")
                return
            data = resp.json()
            if not data.get("text"):
                resp.failure("empty answer text")
                return
            self.conversation_id = data.get("conversation_id")
            self.asked += 1
            resp.success()
