"""Feedback on answers (thumbs up/down, comment, the answer's citations): SQLite store and eval export.

What it does:
- :class:`FeedbackStore` appends feedback rows to an SQLite file through :class:`api.state.StateDB` (WAL
  journal, busy timeout, one connection per thread), so concurrent requests and worker processes do not lose
  or interleave rows;
- :func:`export_questions` writes the rows as an ALQAC-format question file that
  ``assistant.evaluation.datasets.load_questions`` reads (``assistant feedback export --out FILE``).

Export format (a JSON list; one item per feedback row, newest last)::

    {"question_id": "feedback-<id>", "text": "<question>", "question_type": "Phản hồi hữu ích",
     "relevant_articles": [{"law_id": …, "article_id": …}],     # gold = what the liked answer cited
     "collection": "sample", "rating": 1, "needs_review": false, "comment": …, "feedback_time": …}

Decision on thumbs-down rows: they are *included* by default as a review worklist, with
``"needs_review": true``, ``question_type`` "Cần rà soát (phản hồi chưa hữu ích)", ``relevant_articles: []``
(the gold is unknown: the cited articles were judged unhelpful) and those articles under
``"rejected_articles"``. A reviewer fills ``relevant_articles`` in before scoring with them. Because an empty
``relevant_articles`` means "out of scope" to the harness, use ``--only-positive`` for a file that can be
scored as is. A liked answer without citations (a refusal the official found right) exports with
``relevant_articles: []``: an out-of-scope question, which is what it is.

What it does not: decide whether feedback is trustworthy, or deduplicate repeated questions.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from api.state import StateDB

POSITIVE_TYPE = "Phản hồi hữu ích"
REVIEW_TYPE = "Cần rà soát (phản hồi chưa hữu ích)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    key_name TEXT NOT NULL,
    department TEXT NOT NULL DEFAULT '',
    collection TEXT NOT NULL,
    conversation_id TEXT,
    question TEXT NOT NULL,
    answer_text TEXT NOT NULL DEFAULT '',
    rating INTEGER NOT NULL CHECK (rating IN (1, -1)),
    comment TEXT,
    citations TEXT NOT NULL DEFAULT '[]',
    user_agent TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS feedback_collection ON feedback (collection, created_at);
"""


@dataclass(frozen=True)
class FeedbackRow:
    id: str
    created_at: str
    key_name: str
    department: str
    collection: str
    conversation_id: str | None
    question: str
    answer_text: str
    rating: int
    comment: str | None
    citations: list[dict[str, Any]]
    user_agent: str = ""
    origin: str = ""


class FeedbackStore:
    """Feedback rows in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db = StateDB(self.path, schema=_SCHEMA)

    def add(self, row: FeedbackRow) -> None:
        with self._db.write() as db:
            db.execute(
                "INSERT INTO feedback (id, created_at, key_name, department, collection, conversation_id, question, "
                "answer_text, rating, comment, citations, user_agent, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (row.id, row.created_at, row.key_name, row.department, row.collection, row.conversation_id,
                 row.question, row.answer_text, row.rating, row.comment,
                 json.dumps(row.citations, ensure_ascii=False), row.user_agent, row.origin),
            )

    def rows(self, *, collection: str | None = None, only_positive: bool = False) -> list[FeedbackRow]:
        if not self.path.exists():
            return []
        sql = "SELECT * FROM feedback WHERE 1=1"
        args: list[Any] = []
        if collection:
            sql += " AND collection = ?"
            args.append(collection)
        if only_positive:
            sql += " AND rating = 1"
        sql += " ORDER BY created_at, rowid"
        with self._db.read() as db:
            cur = db.execute(sql, args)
            names = [c[0] for c in cur.description]
            out = []
            for values in cur:
                d = dict(zip(names, values))
                d["citations"] = json.loads(d["citations"] or "[]")
                out.append(FeedbackRow(**d))
            return out

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with self._db.read() as db:
            return int(db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def article_of(citation: dict[str, Any]) -> tuple[str, str] | None:
    """(law_id, article_id) of a stored citation: its own fields, else parsed from ``doc#article[/kN]``."""
    law, art = str(citation.get("law_id") or "").strip(), str(citation.get("article_id") or "").strip()
    if law and art:
        return law, art
    chunk_id = str(citation.get("chunk_id") or "")
    doc, sep, rest = chunk_id.rpartition("#")
    if not sep or not doc or not rest:
        return None
    return doc, rest.split("/k", 1)[0]


def to_question(row: FeedbackRow) -> dict[str, Any]:
    """One feedback row as an ALQAC-format question item (see the module docstring)."""
    articles: list[dict[str, str]] = []
    for c in row.citations:
        key = article_of(c)
        if key and {"law_id": key[0], "article_id": key[1]} not in articles:
            articles.append({"law_id": key[0], "article_id": key[1]})
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    item: dict[str, Any] = {
        "question_id": f"feedback-{row.id}",
        "text": nfc(row.question),
        "question_type": POSITIVE_TYPE if row.rating == 1 else REVIEW_TYPE,
        "relevant_articles": articles if row.rating == 1 else [],
        "collection": row.collection,
        "rating": row.rating,
        "needs_review": row.rating != 1,
        "comment": nfc(row.comment) if row.comment else None,
        "answer_text": nfc(row.answer_text),
        "feedback_time": row.created_at,
        "department": row.department,
    }
    if row.rating != 1:
        item["rejected_articles"] = articles
    return item


def export_questions(store: FeedbackStore, out: Path, *, collection: str | None = None,
                     only_positive: bool = False) -> int:
    """Write the question file; returns the number of questions written (0 → an empty list ``[]``)."""
    items = [to_question(r) for r in store.rows(collection=collection, only_positive=only_positive)]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out)
    return len(items)
