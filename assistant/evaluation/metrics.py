"""Ranking metrics for article retrieval, computed with ranx.

What it does:
- turns each question's ranked hits into a ranked, de-duplicated list of articles (``dedupe_articles``:
  several chunks of one article keep the article's best rank);
- scores Recall@1/5/10, MRR@10, nDCG@10 and MAP with ranx (binary relevance, gold = the question's
  ``relevant_articles``), overall and per question type; MAP is over the returned list (depth = run depth);
- leaves out-of-scope questions (no gold article) out of the ranking metrics and counts them separately;
- counts a question whose search failed or returned nothing as a miss (score 0 on every metric) and lists
  it in ``dropped`` with the reason; nothing is silently dropped;
- latency percentiles.

The run given to ranx uses rank-derived scores (n, n-1, …) so ties in the system's own scores cannot
reorder articles. What it does not: run any retrieval.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np

from assistant.evaluation.datasets import ArticleKey, Question, article_docid

METRICS: tuple[str, ...] = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "map")
HEADLINE_KEYS: tuple[str, ...] = (*METRICS, "latency_p50_ms", "latency_p95_ms")
RECALL_CURVE_KS: tuple[int, ...] = (1, 2, 3, 5, 10)


@dataclass
class RankedResult:
    """What a system returned for one question: ranked unique articles, latency, and an error if any."""

    question_id: str
    articles: list[tuple[ArticleKey, float]] = field(default_factory=list)
    latency_ms: float | None = None
    error: str | None = None


def dedupe_articles(hits: Iterable[tuple[str, str, float]]) -> list[tuple[ArticleKey, float]]:
    """(law_id, article_id, score) in rank order → unique articles, each at its best (first) rank."""
    seen: set[ArticleKey] = set()
    out: list[tuple[ArticleKey, float]] = []
    for law, art, score in hits:
        key = (law, art)
        if key in seen:
            continue
        seen.add(key)
        out.append((key, float(score)))
    return out


def latency_stats(values: Sequence[float]) -> dict[str, float | None]:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    if not vals:
        return {"latency_p50_ms": None, "latency_p95_ms": None, "latency_mean_ms": None, "latency_max_ms": None}
    arr = np.asarray(vals, dtype=float)
    return {
        "latency_p50_ms": float(np.percentile(arr, 50)),
        "latency_p95_ms": float(np.percentile(arr, 95)),
        "latency_mean_ms": float(arr.mean()),
        "latency_max_ms": float(arr.max()),
    }


def first_relevant_rank(result: RankedResult | None, gold: Iterable[ArticleKey]) -> int | None:
    if result is None:
        return None
    g = set(gold)
    for i, (key, _) in enumerate(result.articles, start=1):
        if key in g:
            return i
    return None


def _ranx_per_query(
    qrels_d: dict[str, dict[str, int]], run_d: dict[str, dict[str, float]], metrics: Sequence[str]
) -> dict[str, dict[str, float]]:
    from ranx import Qrels, Run, evaluate

    qrels, run = Qrels(qrels_d), Run(run_d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba type-safety chatter
        scores = evaluate(qrels, run, list(metrics), return_mean=False, make_comparable=True)
    if len(metrics) == 1:
        scores = {metrics[0]: scores}
    qids = list(qrels.keys())  # ranx aligns per-query arrays with the qrels' (sorted) keys
    return {qid: {m: float(scores[m][i]) for m in metrics} for i, qid in enumerate(qids)}


def evaluate_results(
    questions: Sequence[Question],
    results: dict[str, RankedResult],
    metrics: Sequence[str] = METRICS,
    curve_ks: Sequence[int] = RECALL_CURVE_KS,
) -> dict[str, Any]:
    """Score ``results`` against the questions' gold articles.

    Returns a dict with the mean of every metric (flat keys), latency percentiles, ``recall_curve``
    (recall@k for ``curve_ks``), ``per_type``, ``n_questions`` (in-scope questions scored, dropped ones
    included as misses), ``n_out_of_scope``, ``out_of_scope`` (ids), ``dropped`` ([{question_id, reason}])
    and ``per_query`` (qid → metrics, ``first_rank``, ``type``).
    """
    in_scope = [q for q in questions if not q.out_of_scope]
    oos = [q.question_id for q in questions if q.out_of_scope]
    dropped: list[dict[str, str]] = []
    qrels_d: dict[str, dict[str, int]] = {}
    run_d: dict[str, dict[str, float]] = {}
    for q in in_scope:
        qrels_d[q.question_id] = {article_docid(k): 1 for k in q.relevant}
        r = results.get(q.question_id)
        if r is None:
            dropped.append({"question_id": q.question_id, "reason": "không có kết quả (câu hỏi không được chạy)"})
            run_d[q.question_id] = {}
            continue
        if r.error:
            dropped.append({"question_id": q.question_id, "reason": r.error})
        elif not r.articles:
            dropped.append({"question_id": q.question_id, "reason": "hệ thống không trả về điều luật nào"})
        n = len(r.articles)
        run_d[q.question_id] = {article_docid(k): float(n - i) for i, (k, _) in enumerate(r.articles)}

    all_metrics = list(dict.fromkeys([*metrics, *(f"recall@{k}" for k in curve_ks)]))
    per_query: dict[str, dict[str, Any]] = {}
    if qrels_d:
        per_query = _ranx_per_query(qrels_d, run_d, all_metrics)
    by_id = {q.question_id: q for q in in_scope}
    for qid, d in per_query.items():
        q = by_id[qid]
        d["first_rank"] = first_relevant_rank(results.get(qid), q.relevant)
        d["type"] = q.question_type

    def mean_of(qids: list[str], m: str) -> float | None:
        return float(np.mean([per_query[i][m] for i in qids])) if qids else None

    qids = [q.question_id for q in in_scope]
    out: dict[str, Any] = {m: mean_of(qids, m) for m in metrics}
    lat = latency_stats([r.latency_ms for r in results.values() if r.latency_ms is not None])
    out.update(lat)
    out["recall_curve"] = {str(k): mean_of(qids, f"recall@{k}") for k in curve_ks}
    per_type: dict[str, dict[str, Any]] = {}
    for t in sorted({q.question_type for q in in_scope}):
        tq = [q.question_id for q in in_scope if q.question_type == t]
        per_type[t] = {"n": len(tq), **{m: mean_of(tq, m) for m in metrics}}
        per_type[t].update(
            {k: v for k, v in latency_stats([results[i].latency_ms for i in tq if i in results and
                                              results[i].latency_ms is not None]).items()
             if k in ("latency_p50_ms", "latency_p95_ms")}
        )
    out["per_type"] = per_type
    out["n_questions"] = len(in_scope)
    out["n_out_of_scope"] = len(oos)
    out["out_of_scope"] = oos
    out["dropped"] = dropped
    out["per_query"] = per_query
    return out


def ratios(ours: dict[str, Any], base: dict[str, Any], keys: Sequence[str] = HEADLINE_KEYS) -> dict[str, float | None]:
    """ours / baseline for each key (quality: > 1 is better for us; latency: < 1 is faster for us)."""
    out: dict[str, float | None] = {}
    for k in keys:
        a, b = ours.get(k), base.get(k)
        out[k] = float(a) / float(b) if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None
    return out
