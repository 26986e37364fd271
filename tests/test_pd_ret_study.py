"""eval/pd_ret_study.py and eval/pd_ret_classify.py: article ranks from chunk scores and the miss classes."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import pd_ret_classify as cl  # noqa: E402
from pd_ret_study import article_ranks  # noqa: E402


def test_article_ranks_use_each_articles_best_chunk():
    # chunks 0–2 belong to article 0 (its khoản repeat it), chunk 3 to article 1, chunk 4 to article 2
    scores = np.array([0.2, 0.9, 0.1, 0.5, 0.95])
    art_of = np.array([0, 0, 0, 1, 2])
    # article 2 (0.95) > article 0 (best chunk 0.9) > article 1 (0.5): three khoản of one article count once
    assert article_ranks(scores, art_of, 3).tolist() == [2, 3, 1]


def _rec(final, fused=5, kw=3, dense=3, top=None, gold=None):
    base = {"law_id": "a/x.md", "article_id": "1.1.LQ.1", "title": "Thẩm quyền cấp giấy phép", "doc": "a/x.md|1/2020/QH14"}
    return {"final_rank": final, "fused_rank": fused, "kw_rank": kw, "dense_rank": dense,
            "top1": {**base, **(top or {})}, "gold": {**base, "article_id": "1.1.LQ.2", **(gold or {})}}


def test_classify_pool_misses_by_the_side_that_found_the_gold():
    assert cl.classify(_rec(1)) == "hit"
    assert cl.classify(_rec(999, fused=999, kw=40, dense=700)) == "pool: BM25 only top100 (dense missed)"
    assert cl.classify(_rec(999, fused=999, kw=4000, dense=20)) == "pool: dense only top100 (BM25 missed)"
    assert cl.classify(_rec(999, fused=999, kw=4000, dense=700)) == "pool: neither side top100"
    assert cl.classify(_rec(999, fused=45, kw=40, dense=60)) == "pool: both top100, fused > 30"


def test_classify_ranked_misses_by_where_the_first_hit_comes_from():
    # same document, another article
    assert cl.classify(_rec(3, gold={"title": "Hồ sơ đề nghị cấp giấy phép"})) == "top10: same doc, neighbouring article"
    # same đề mục file, the decree's article with the law's title
    r = _rec(2, top={"doc": "a/x.md|5/2021/NĐ-CP", "title": "Thẩm quyền cấp giấy phép"})
    assert cl.classify(r) == "top10: same đề mục, same rule in another document"
    # the scope article of the gold's document leads; beyond rank 10 the prefix changes
    r = _rec(14, top={"title": "Phạm vi điều chỉnh"})
    assert cl.classify(r) == "rerank>10: frame/definition article wins"
    # another đề mục file, unrelated title
    r = _rec(4, top={"law_id": "b/y.md", "doc": "b/y.md|", "title": "Xử phạt vi phạm hành chính"})
    assert cl.classify(r) == "top10: other đề mục (wording/other law)"
