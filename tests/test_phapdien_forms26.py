"""eval/data/phapdien_forms26_{dev,test}.json – 80 blind Pháp điển questions in eight question forms, written from a
seeded draw (eval/sample_forms26.py) and split by eval/make_forms26.py: format, ids, form balance, the seeded split,
no gold article shared with the other readable question files, and – when ../shared/data/phapdien is present – every
gold article exists with a body and every part of ``answer`` is quoted verbatim from it; the everyday-worded form
(h_everyday) does not copy the article title."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter

import pytest

from tests.test_phapdien_fresh25 import ARTICLE_RX, EVAL, PHAPDIEN, REPO, _gold, _ws, articles

sys.path.insert(0, str(REPO / "eval"))
import make_forms26  # noqa: E402

FILES = (EVAL / "phapdien_forms26_dev.json", EVAL / "phapdien_forms26_test.json")
UNREAD = {"phapdien_status.json", "phapdien_dev.json", "phapdien_fresh25.json"}


def _questions() -> list[dict]:
    return [q for p in FILES for q in json.loads(p.read_text(encoding="utf-8"))]


def test_forms26_format_ids_forms_and_split() -> None:
    qs = _questions()
    assert sorted(q["question_id"] for q in qs) == [f"pd_forms26_{i:03d}" for i in range(1, 81)]
    assert all(set(q) == {"question_id", "question_type", "form", "text", "relevant_articles", "answer"} for q in qs)
    assert len({_ws(q["text"]).lower() for q in qs}) == len(qs)
    for q in qs:
        assert q["question_type"] == "Tự luận" and q["answer"].strip() and len(q["relevant_articles"]) == 1
        assert unicodedata.is_normalized("NFC", q["text"] + q["answer"])
        art = q["relevant_articles"][0]
        assert art["law_id"].endswith(".md") and "/" in art["law_id"]
        assert ARTICLE_RX.fullmatch(f"Điều {art['article_id']}. ")
    for path in FILES:
        forms = Counter(q["form"] for q in json.loads(path.read_text(encoding="utf-8")))
        assert forms == Counter({f: 5 for f in make_forms26.FORMS.values()}), path.name
    dev, test = make_forms26.split(qs)
    assert [q["question_id"] for q in dev] == [q["question_id"] for q in json.loads(FILES[0].read_text("utf-8"))]
    assert len(_gold(qs)) == 80 and max(Counter(a for a, _ in _gold(qs)).values()) <= 2


def test_forms26_disjoint_from_other_question_files() -> None:
    qs = _questions()
    others = sorted(p for p in EVAL.glob("phapdien_*.json") if p.name not in UNREAD and p not in FILES)
    others += [EVAL / n for n in ("colloquial_questions.json", "scenario_phapdien.json", "twopart_phapdien.json")]
    texts = {_ws(q["text"]).lower() for q in qs}
    for path in others:
        other = json.loads(path.read_text(encoding="utf-8"))
        assert not _gold(qs) & _gold(other), path.name
        assert not texts & {_ws(q["text"]).lower() for q in other}, path.name


def test_forms26_gold_articles_exist_and_answers_are_quoted() -> None:
    if not PHAPDIEN.is_dir():
        pytest.skip("../shared/data/phapdien absent")
    cache: dict[str, dict[str, tuple[str, str]]] = {}
    for q in _questions():
        art = q["relevant_articles"][0]
        arts = cache.setdefault(art["law_id"], articles(PHAPDIEN / art["law_id"]))
        assert art["article_id"] in arts, f"{q['question_id']}: {art['article_id']} not in {art['law_id']}"
        title, body = arts[art["article_id"]]
        assert len(body.strip()) > 50, q["question_id"]
        for part in q["answer"].split(" … "):
            assert _ws(part) in _ws(body), f"{q['question_id']}: answer not quoted from gold article"
        if q["form"] == "h_everyday" and title:
            assert _ws(title).lower() not in _ws(q["text"]).lower(), q["question_id"]
