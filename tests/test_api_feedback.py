"""Feedback: POST /api/v1/feedback → SQLite (validation, concurrency), and the export round trip
(``assistant feedback export`` → ``assistant.evaluation.datasets.load_questions``)."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.feedback import FeedbackStore, export_questions
from api_fakes import FakeBackend
from assistant.cli import app as cli_app
from assistant.config import Settings
from assistant.evaluation.datasets import load_questions

CITES = [{"chunk_id": "nd42#5/k1", "citation": "Khoản 1 Điều 5 Nghị định 42/2022/NĐ-CP"},  # ids filled by the API
         {"chunk_id": "tt01#3", "citation": "Điều 3 Thông tư 01/2015/TT-BTP", "law_id": "tt01", "article_id": "3"}]


@pytest.fixture()
def env(tmp_path):
    settings = Settings(cache_dir=tmp_path / "cache", anonymous_rate_per_minute=1000)
    with TestClient(create_app("sample", backend=FakeBackend(), settings=settings)) as client:
        yield client, tmp_path / "cache" / "feedback.sqlite"


def test_feedback_stored_in_sqlite_wal(env):
    client, db = env
    ok = {"conversation_id": "abcdef123456", "question": "  Mức phạt?  ", "answer_text": "Từ 1 triệu [1].",
          "rating": 1, "comment": "Rõ ràng", "citations": CITES}
    r = client.post("/api/v1/feedback", json=ok)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["ok"] is True and len(body["id"]) == 32 and body["message"] == "Cảm ơn anh/chị đã góp ý."
    assert client.post("/api/v1/feedback", json={**ok, "rating": -1, "comment": None}).status_code == 201
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = con.execute("SELECT rating, question, comment, collection, key_name, citations FROM feedback "
                       "ORDER BY rowid").fetchall()
    assert [r[0] for r in rows] == [1, -1]
    assert rows[0][1:5] == ("Mức phạt?", "Rõ ràng", "sample", "anonymous")
    cites = json.loads(rows[0][5])
    assert cites[0]["law_id"] == "nd42" and cites[0]["article_id"] == "5"  # looked up from the chunk
    assert cites[1]["law_id"] == "tt01"

    for bad in ({**ok, "rating": 0}, {**ok, "rating": 5}, {**ok, "question": " "},
                {**ok, "conversation_id": "../../x"}, {**ok, "comment": "x" * 2001}, {**ok, "extra": 1},
                {**ok, "citations": [{"citation": "no chunk id"}]}, {**ok, "citations": CITES * 30}):
        r = client.post("/api/v1/feedback", json=bad)
        assert r.status_code == 422, bad
        assert r.json()["message"]
    assert client.post("/api/v1/feedback", json={**ok, "collection": "khong-co"}).status_code == 404
    assert con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] == 2  # invalid ones never written


def test_feedback_concurrent_posts_all_stored(env):
    client, db = env
    long_comment = "Góp ý rất dài " * 120

    def post(i: int) -> None:
        r = client.post("/api/v1/feedback", json={"question": f"Câu {i}", "rating": 1 if i % 2 else -1,
                                                  "comment": long_comment, "answer_text": "đáp " * 1000})
        assert r.status_code == 201

    threads = [threading.Thread(target=post, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = FeedbackStore(db).rows()
    assert sorted(r.question for r in rows) == sorted(f"Câu {i}" for i in range(24))
    assert len({r.id for r in rows}) == 24


def test_export_round_trip_through_the_eval_loader(env, tmp_path):
    client, db = env
    client.post("/api/v1/feedback", json={"question": "Mức phạt vi phạm là bao nhiêu?", "rating": 1,
                                          "citations": CITES, "answer_text": "Từ 1 triệu [1]."})
    client.post("/api/v1/feedback", json={"question": "Thông tư nào hết hiệu lực?", "rating": -1,
                                          "comment": "Sai điều", "citations": CITES[1:]})
    client.post("/api/v1/feedback", json={"question": "Thủ tục ly hôn?", "rating": 1, "citations": []})

    out = tmp_path / "fb.json"
    assert export_questions(FeedbackStore(db), out) == 3
    items = json.loads(out.read_text("utf-8"))
    qs = {q.text: q for q in load_questions(out)}
    assert set(qs) == {"Mức phạt vi phạm là bao nhiêu?", "Thông tư nào hết hiệu lực?", "Thủ tục ly hôn?"}
    assert qs["Mức phạt vi phạm là bao nhiêu?"].relevant == (("nd42", "5"), ("tt01", "3"))
    assert qs["Mức phạt vi phạm là bao nhiêu?"].question_type == "Phản hồi hữu ích"
    down = next(i for i in items if i["rating"] == -1)
    assert down["needs_review"] is True and down["relevant_articles"] == []
    assert down["rejected_articles"] == [{"law_id": "tt01", "article_id": "3"}] and down["comment"] == "Sai điều"
    assert qs["Thông tư nào hết hiệu lực?"].question_type.startswith("Cần rà soát")
    assert qs["Thủ tục ly hôn?"].out_of_scope  # a liked refusal

    # the CLI: only positive, filtered by collection
    res = CliRunner().invoke(cli_app, ["feedback", "export", "--out", str(tmp_path / "pos.json"), "--only-positive",
                                       "--collection", "sample", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "Đã xuất 2 câu hỏi" in res.output
    pos = load_questions(tmp_path / "pos.json")
    assert len(pos) == 2 and all(q.question_type == "Phản hồi hữu ích" for q in pos)
    res = CliRunner().invoke(cli_app, ["feedback", "export", "--out", str(tmp_path / "x.json"), "--collection",
                                       "khac", "--db", str(db)])
    assert res.exit_code == 0 and json.loads((tmp_path / "x.json").read_text()) == []
    res = CliRunner().invoke(cli_app, ["feedback", "export", "--out", str(tmp_path / "y.json"), "--db",
                                       str(tmp_path / "none.sqlite")])
    assert res.exit_code == 2
