"""eval/data/phapdien_train11.json – 40 everyday-worded Pháp điển training questions written from a seeded draw
(eval/sample_train11.py): format, ids, spread over đề mục files, no gold article or question shared with the other
training question files (the dev and fresh25 files stay unread), and – when ../shared/data/phapdien is present –
every gold article exists with a body whose title the question does not copy (everyday wording)."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter

import pytest

from tests.test_phapdien_fresh25 import ARTICLE_RX, EVAL, PHAPDIEN, _gold, _ws, articles

TRAIN11 = EVAL / "phapdien_train11.json"
UNREAD = {"phapdien_train11.json", "phapdien_status.json", "phapdien_dev.json", "phapdien_fresh25.json"}


def _questions() -> list[dict]:
    return json.loads(TRAIN11.read_text(encoding="utf-8"))


def test_train11_format_ids_and_spread() -> None:
    qs = _questions()
    assert [q["question_id"] for q in qs] == [f"pd_train11_{i:03d}" for i in range(1, 41)]
    assert all(set(q) == {"question_id", "question_type", "text", "relevant_articles", "answer"} for q in qs)
    assert len({_ws(q["text"]).lower() for q in qs}) == len(qs)
    for q in qs:
        assert q["question_type"] == "Tự luận" and q["answer"].strip() and len(q["relevant_articles"]) == 1
        assert unicodedata.is_normalized("NFC", q["text"] + q["answer"])
        art = q["relevant_articles"][0]
        assert art["law_id"].endswith(".md") and "/" in art["law_id"]
        assert ARTICLE_RX.fullmatch(f"Điều {art['article_id']}. ")
    per_file = Counter(q["relevant_articles"][0]["law_id"] for q in qs)
    assert len(per_file) >= 25 and max(per_file.values()) <= 2
    assert len(_gold(qs)) == 40


def test_train11_disjoint_from_other_training_files() -> None:
    qs = _questions()
    others = sorted(p for p in EVAL.glob("phapdien_*.json") if p.name not in UNREAD)
    others += [EVAL / n for n in ("colloquial_questions.json", "scenario_phapdien.json", "twopart_phapdien.json")]
    texts = {_ws(q["text"]).lower() for q in qs}
    for path in others:
        other = json.loads(path.read_text(encoding="utf-8"))
        assert not _gold(qs) & _gold(other), path.name
        assert not texts & {_ws(q["text"]).lower() for q in other}, path.name


def test_train11_gold_articles_exist_and_titles_are_not_copied() -> None:
    if not PHAPDIEN.is_dir():
        pytest.skip("../shared/data/phapdien absent")
    cache: dict[str, dict[str, tuple[str, str]]] = {}
    for q in _questions():
        art = q["relevant_articles"][0]
        path = PHAPDIEN / art["law_id"]
        assert path.is_file(), f"{q['question_id']}: no file {art['law_id']}"
        arts = cache.setdefault(art["law_id"], articles(path))
        assert art["article_id"] in arts, f"{q['question_id']}: {art['article_id']} not in {art['law_id']}"
        title, body = arts[art["article_id"]]
        assert len(body.strip()) > 50, q["question_id"]
        if len(title) > 15:
            assert _ws(title).lower() not in _ws(q["text"]).lower(), q["question_id"]
