"""Cross-reference graph signal in the reranker (helper h-xref, issue 5): on the cached fused top 30 of the Pháp điển
training questions and ALQAC dev (``eval/rank16_study.py cache``), prototype features saying a candidate is linked by
a cross-reference note ("(Điều này có nội dung liên quan đến …)", either direction) to other high-ranked candidates,
scored by the residual cross-validation of ``rank16_study`` (5 folds × 3 splits, question-style items only).

    PYTHONPATH=. python eval/rank16_study.py cache      # once
    PYTHONPATH=. python eval/xref_rank.py [f1,f2 …]     # residual CV deltas of each feature set

Never phapdien_dev.json, never ALQAC test. Report: eval/reports/xref-study.md.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pd_rank_study as S  # noqa: E402
import rank16_study as R16  # noqa: E402

NEW = ("link_top1", "link_top3", "link_top10_n", "link_top10_mass", "has_links", "link_any", "link_served1",
       "link_served3", "link_best_gap")
_GRAPH: dict = {}


def graph(r):
    """article row → linked article rows (either direction): the retriever's own ``crossref_links``."""
    return r.crossref_links()


def new_features(it):
    from assistant.rerank import FEATURES, linked_to_top

    r = S.retriever(it["source"])
    links = graph(r)
    arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
    m = len(arts)
    F = np.zeros((m, len(NEW)))
    fused = it["X"][:, FEATURES.index("fused")]
    for i, a in enumerate(arts):
        ln = links.get(a, set())
        F[i, 0] = float(i != 0 and arts[0] in ln)
        F[i, 1] = float(any(arts[j] in ln for j in range(min(3, m)) if j != i))
        F[i, 2] = sum(arts[j] in ln for j in range(min(10, m)) if j != i)
        F[i, 3] = sum(fused[j] for j in range(min(10, m)) if j != i and arts[j] in ln)
        F[i, 4] = float(bool(ln))
        F[i, 5] = float(any(arts[j] in ln for j in range(m) if j != i))
    # the same against the served order (shipped question weights' score): linked to the served first / top 3;
    # the best linked candidate's score against the list's best (0 when linked to the best, −spread when unlinked)
    rs = _MQ[0].score(it["X"])
    served = list(np.argsort(-rs, kind="stable"))
    spread = float(rs.max() - rs.min()) or 1.0
    for i, a in enumerate(arts):
        ln = links.get(a, set())
        F[i, 6] = float(served[0] != i and arts[served[0]] in ln)
        best = max((rs[j] for j in range(m) if j != i and arts[j] in ln), default=None)
        F[i, 8] = ((best - rs.max()) / spread) if best is not None else -1.0
    F[:, 7] = linked_to_top(rs, arts, links, 3)  # the served feature (``assistant.rerank.linked_to_top``)
    return F


_MQ: list = []


def stability(feats: list[str]) -> None:
    """Per split (5 folds × 3 salts, then halves × 3): the CV delta of the residual fit of ``feats``; then the all-data
    coefficient and its in-sample delta."""
    import time

    t0 = time.perf_counter()
    items = R16.load_items()
    for it in items:
        it["F"] = new_features(it)
    print(f"features {time.perf_counter() - t0:.0f}s", flush=True)
    b = R16.summary(items, R16.served_scores(items))
    print("base", "  ".join(f"{k} {v[0]:.4f}/{v[1]:.3f}" for k, v in b.items()))
    for folds in (5, 2):
        for salt in ("", "a", "b", "c", "d"):
            extra, coefs = R16.resid_cv(items, feats, folds=folds, seed_salt=salt)
            r_ = R16.summary(items, R16.served_scores(items, extra))
            print(f"  {folds}-fold split{salt or '0'}", "  ".join(f"{k} {v[0] - b[k][0]:+.4f}/{v[1] - b[k][1]:+.3f}"
                                                             for k, v in r_.items()), "coef", np.round(coefs.mean(0), 3))
    extra, coefs = R16.resid_cv(items, feats, folds=1)
    r_ = R16.summary(items, R16.served_scores(items, extra))
    print("all-data coef", np.round(coefs[0], 4), "in-sample",
          "  ".join(f"{k} {v[0] - b[k][0]:+.4f}/{v[1] - b[k][1]:+.3f}" for k, v in r_.items()))



def write(coef: float) -> None:
    """Add ``link_boost`` (the all-data residual coefficient of ``link_served3``, printed by ``stability``) to the question
    weights."""
    import json

    from assistant.rerank import QUESTION_WEIGHTS_PATH

    w = json.loads(Path(QUESTION_WEIGHTS_PATH).read_text(encoding="utf-8"))
    w["link_boost"] = {"coef": round(coef, 4), "top": 3,
                       "fitted_on": "eval/xref_rank.py stability link_served3: residual over the other weights (their "
                                    "score as one column) on phapdien_train … phapdien_train8 + ALQAC dev split "
                                    "question-style queries"}
    Path(QUESTION_WEIGHTS_PATH).write_text(json.dumps(w, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print("wrote", QUESTION_WEIGHTS_PATH)


if __name__ == "__main__":
    from assistant.rerank import QUESTION_WEIGHTS_PATH, load_reranker
    _MQ.append(load_reranker(str(QUESTION_WEIGHTS_PATH)))
    R16.NEW = NEW
    R16.new_features = new_features
    if sys.argv[1:2] == ["write"]:
        write(float(sys.argv[2]))
    elif sys.argv[1:2] == ["stability"]:
        stability(sys.argv[2].split(","))
    else:
        R16.explore(*sys.argv[1:])
