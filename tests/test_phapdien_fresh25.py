"""eval/data/phapdien_fresh25.json – the blind Pháp điển check set (80 questions written from a seeded draw,
eval/sample_fresh25.py): format, ids, spread over đề mục files, no gold article shared with any other Pháp điển
question file (ids only), and – when ../shared/data/phapdien is present – every gold article exists with a body and
every part of ``answer`` is quoted verbatim from it."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
from sample_phapdien_articles import ARTICLE_RX, articles  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval" / "data"
FRESH = EVAL / "phapdien_fresh25.json"
PHAPDIEN = Path(__file__).resolve().parents[2] / "shared" / "data" / "phapdien"
if not PHAPDIEN.exists():
    PHAPDIEN = Path("/work/shared/data/phapdien")


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _questions() -> list[dict]:
    return json.loads(FRESH.read_text(encoding="utf-8"))


def _gold(questions: list[dict]) -> set[tuple[str, str]]:
    keys = set()
    for q in questions:
        for a in q.get("relevant_articles", []) + q.get("parts", []):
            keys.add((a["law_id"], a["article_id"]))
    return keys


def test_fresh25_format_ids_and_spread() -> None:
    qs = _questions()
    assert len(qs) == 80
    assert [q["question_id"] for q in qs] == [f"pd_fresh25_{i:03d}" for i in range(1, 81)]
    assert all(set(q) == {"question_id", "question_type", "text", "relevant_articles", "answer"} for q in qs)
    assert len({_ws(q["text"]).lower() for q in qs}) == len(qs)
    for q in qs:
        assert q["question_type"] == "Tự luận" and q["answer"].strip() and q["relevant_articles"]
        assert unicodedata.is_normalized("NFC", q["text"] + q["answer"])
        pairs = [(a["law_id"], a["article_id"]) for a in q["relevant_articles"]]
        assert len(set(pairs)) == len(pairs)
        for law_id, article_id in pairs:
            assert law_id.endswith(".md") and "/" in law_id
            assert ARTICLE_RX.fullmatch(f"Điều {article_id}. ")
    per_file = Counter(q["relevant_articles"][0]["law_id"] for q in qs)
    assert len(per_file) >= 25 and max(per_file.values()) <= 5
    assert len({q["relevant_articles"][0]["article_id"] + q["relevant_articles"][0]["law_id"] for q in qs}) == 80


def test_fresh25_disjoint_from_other_question_files() -> None:
    fresh = _questions()
    others = sorted(p for p in EVAL.glob("phapdien_*.json") if p.name not in {FRESH.name, "phapdien_status.json"})
    others += [EVAL / n for n in ("colloquial_questions.json", "scenario_phapdien.json", "twopart_phapdien.json")]
    texts = {_ws(q["text"]).lower() for q in fresh}
    for path in others:
        other = json.loads(path.read_text(encoding="utf-8"))
        assert not _gold(fresh) & _gold(other), path.name
        assert not texts & {_ws(q["text"]).lower() for q in other}, path.name


def test_fresh25_gold_articles_exist_and_answers_are_quoted() -> None:
    if not PHAPDIEN.is_dir():
        pytest.skip("../shared/data/phapdien absent")
    cache: dict[str, dict[str, tuple[str, str]]] = {}
    for q in _questions():
        bodies = []
        for art in q["relevant_articles"]:
            path = PHAPDIEN / art["law_id"]
            assert path.is_file(), f"{q['question_id']}: no file {art['law_id']}"
            arts = cache.setdefault(art["law_id"], articles(path))
            assert art["article_id"] in arts, f"{q['question_id']}: {art['article_id']} not in {art['law_id']}"
            title, body = arts[art["article_id"]]
            assert len(body.strip()) > 50, q["question_id"]
            bodies.append(_ws(body))
            if len(title) > 15:
                assert _ws(title).lower() not in _ws(q["text"]).lower(), q["question_id"]
        for part in q["answer"].split(" … "):
            assert any(_ws(part) in b for b in bodies), f"{q['question_id']}: answer not quoted from gold article"
