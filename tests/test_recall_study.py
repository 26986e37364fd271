"""eval/recall_study.py: the head + tail merge, the routed cross-validation and the Đúng/Sai suffix rewrite."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

pytest.importorskip("sklearn")
import recall_study as rs  # noqa: E402


def test_merge_head_tail_keeps_head_and_orders_rest_by_tail_score():
    head_order = [3, 0, 1, 2]
    tail = np.array([0.1, 0.9, 0.5, 0.0, 0.7, 0.5])  # longer than the head list: a deeper pool
    assert rs.merge_head_tail(head_order, tail, 2) == [3, 0, 1, 4, 2, 5]
    # keep = whole list: nothing moves, deeper candidates follow
    assert rs.merge_head_tail(head_order, tail, 4)[:4] == head_order


def test_order_by_puts_cited_first_then_score():
    it = {"y": np.zeros(3, bool), "cited": np.array([False, False, True])}
    assert rs.order_by(it, np.array([0.5, 0.9, 0.1])) == [2, 1, 0]


def test_evaluate_counts_partial_recall_and_first_rank():
    items = [{"y": np.array([False, True, False, True]), "n_gold": 3}]
    m = rs.evaluate(items, [[0, 1, 2, 3]], k=2)
    assert m["mrr@10"] == pytest.approx(0.5) and m["recall@1"] == 0.0 and m["recall@10"] == pytest.approx(1 / 3)


def _item(qid, source, exam, rng):
    X = rng.normal(size=(6, 3))
    y = np.zeros(6, bool)
    y[int(np.argmax(X[:, 0]))] = True  # feature 0 finds the gold: any fitted model should learn it
    return {"qid": qid, "source": source, "exam": exam, "X": X, "y": y, "cited": np.zeros(6, bool), "n_gold": 1,
            "mode": "text"}


def test_routed_cv_scores_every_item_out_of_fold():
    rng = np.random.default_rng(0)
    rs.T.PAIRWISE, rs.T.MAX_NEG = True, 50
    items = [_item(f"a{i}", "alqac", i % 2 == 0, rng) for i in range(40)]
    items += [_item(f"p{i}", "phapdien", False, rng) for i in range(20)]
    scores = rs.routed_cv(items)
    assert all(s is not None and len(s) == 6 for s in scores)
    orders = [rs.order_by(it, s) for it, s in zip(items, scores)]
    assert rs.evaluate(items, orders)["recall@1"] > 0.9


def test_strip_ds_suffix():
    assert rs.strip_ds_suffix("Phán quyết trọng tài là chung thẩm, đúng hay sai?") == "Phán quyết trọng tài là chung thẩm"
    assert rs.strip_ds_suffix("Mọi người có quyền tự do tín ngưỡng. Đúng hay sai?") == "Mọi người có quyền tự do tín ngưỡng"
    assert rs.strip_ds_suffix("Thời hạn là bao lâu?") == "Thời hạn là bao lâu?"
