"""eval/train_refusal.py: the per-collection threshold search under a false-answer cap, and the cross-validation
that decides every question with a model fitted without it."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

pytest.importorskip("sklearn")
import train_refusal as tr  # noqa: E402


def _row(qid: str, p: float, in_scope: bool, coverage: float = 0.0) -> dict:
    """A dumped question the model decides (own words, no scope rule), with a given P(in scope); coverage 0 makes
    the coverage/dense thresholds refuse it, so only the model can answer it."""
    return {"id": qid, "text": "câu hỏi", "in_scope": in_scope, "hits": [{"scores": {}}], "scope_reason": None,
            "names_held": False, "exam_style": False, "refused": True, "gold": [], "forced_cited": [],
            "features": {"coverage": coverage, "dense": 0.9, "coverage_uni": coverage}, "_p": p}


def _brute(rows: list[dict], cap: float, grid: list[float]) -> tuple[int, int]:
    """(false refusals, false answers) of the best pair by exhaustive search (same rule, no vectorising)."""
    best = None
    n_out = sum(not r["in_scope"] for r in rows)
    for above in grid:
        for below in (g for g in grid if g <= above):
            ans = [r["_p"] >= above or (r["_p"] >= below and tr.thresholds_answer(r)) for r in rows]
            fr = sum(r["in_scope"] and not a for r, a in zip(rows, ans))
            fa = sum(not r["in_scope"] and a for r, a in zip(rows, ans))
            if fa / n_out <= cap + 1e-9 and (best is None or (fr, fa) < best):
                best = (fr, fa)
    return best


def test_capped_thresholds_minimise_false_refusals_under_the_cap() -> None:
    rng = np.random.default_rng(7)
    rows = [_row(f"in_{i}", float(rng.beta(4, 2)), True) for i in range(60)]
    rows += [_row(f"out_{i}", float(rng.beta(2, 4)), False) for i in range(30)]
    grid = [round(float(t), 4) for t in np.arange(0.0, 1.0 + 1e-9, 0.05)] + [1.01]
    for cap in (0.0, 0.1, 0.3):
        above, below = tr.capped_thresholds({"f": rows}, cap, step=0.05)
        ans = [r["_p"] >= above or (r["_p"] >= below and tr.thresholds_answer(r)) for r in rows]
        fr = sum(r["in_scope"] and not a for r, a in zip(rows, ans))
        fa = sum(not r["in_scope"] and a for r, a in zip(rows, ans))
        assert below <= above and fa / 30 <= cap + 1e-9
        assert (fr, fa) == _brute(rows, cap, grid), cap
    # a looser cap never refuses more
    frs = []
    for cap in (0.0, 0.1, 0.3, 1.0):
        above, _ = tr.capped_thresholds({"f": rows}, cap, step=0.05)
        frs.append(sum(r["in_scope"] and r["_p"] < above for r in rows))
    assert frs == sorted(frs, reverse=True) and frs[-1] == 0


def test_cross_validation_decides_each_question_without_its_fold(monkeypatch) -> None:
    """Every question gets a CV decision, from a model whose training rows exclude the question's fold."""
    rng = np.random.default_rng(3)
    rows = []
    for i in range(80):
        inside = i % 3 != 0
        d = float(rng.normal(0.91 if inside else 0.87, 0.01))
        r = _row(f"q_{i:03d}", 0.5, inside, coverage=0.3)
        r["features"].update(dense=d, rerank=float(rng.normal(8 if inside else 3, 2)))
        r["_f"], r["_coll"] = tr.features(r), "c"
        rows.append(r)
    sets = {"in": [r for r in rows if r["in_scope"]], "out": [r for r in rows if not r["in_scope"]]}
    seen: list[set[str]] = []
    real_fit = tr.fit

    def spy(train, *a, **kw):  # noqa: ANN001, ANN002, ANN003
        seen.append({r["id"] for rs in train.values() for r in rs})
        return real_fit(train, *a, **kw)

    monkeypatch.setattr(tr, "fit", spy)
    res = tr.cross_validate(sets, {"in": "c", "out": "c"}, ("dense", "rerank"), 1.0, 4)
    assert len(seen) == 4 and all("_cv_answer" in r for r in rows)
    for fold, ids in enumerate(seen):
        held = {r["id"] for r in rows if tr.fold_of(r["id"], 4) == fold}
        assert held and not held & ids and held | ids == {r["id"] for r in rows}
    assert res["in"]["n"] == len(sets["in"]) and res["out"]["n"] == len(sets["out"])
    # separable features: CV decides most questions right
    assert res["in"]["false_refusal_rate"] < 0.2 and res["out"]["false_answer_rate"] < 0.2
