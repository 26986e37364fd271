"""Retrieval evaluation: our retriever vs baselines on a question file with gold articles.

``run_retrieval_eval`` reads and validates the questions (``datasets``), builds or reuses the index of the
corpus exactly as ``assistant search`` does (``ingest([corpus], collection, reuse=True)`` then
``HybridRetriever.open(collection).search(query, k=10)``), runs every in-scope question, runs the
baselines on the same articles, and writes to ``out_dir``:

- ``metrics.json``: flat headline keys ``recall@1 recall@5 recall@10 mrr@10 ndcg@10 map latency_p50_ms
  latency_p95_ms`` (our system, headline query mode), ``per_type``, ``baselines`` {name: same keys},
  ``ratios`` {name: ours/baseline per key}, ``by_query_mode``, ``query_mode``, ``headline_query_mode``,
  ``n_questions`` (in-scope questions scored), ``n_out_of_scope``, ``dropped`` (misses with reasons);
- ``run.trec`` (ours, headline mode) plus ``run.<system>.<mode>.trec`` for every system and mode and
  ``qrels.trec``; TREC doc ids are ``law_id#article_id`` with whitespace replaced by ``_``, scores derived from the
  rank (n, n-1, …), so trec_eval or ranx on these files give the metrics of ``metrics.json``;
- ``per_query.jsonl`` (every question: gold, first relevant rank and top 10 per system);
- ``report.md`` and ``report.html`` (see ``report``).

Query modes for multiple-choice questions: ``text`` = the question alone; ``choices`` = the question
with "A. … B. …" lines appended, as an official would paste it. ``both`` evaluates the two; the headline
uses ``choices``. Non-multiple-choice questions have one query, searched once and shared by both modes.
Latency is wall time around each search call only (one untimed warm-up query per system first).
Out-of-scope questions (no gold) are not searched here; the answer eval checks refusals.

Tests inject ``search_fn(query, k) -> [(law_id, article_id, score)]`` instead of a real index.
"""

from __future__ import annotations

import json
import re
import sys
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal, Sequence

from assistant.evaluation.baselines import (
    ArticleText,
    SearchFn,
    articles_from_chunks,
    load_articles,
    make_baseline,
)
from assistant.evaluation.datasets import (
    ArticleKey,
    Question,
    check_articles,
    is_alqac_corpus,
    load_alqac_corpus,
    load_questions,
    select_split,
    without_marks,
)
from assistant.evaluation.metrics import (
    HEADLINE_KEYS,
    RankedResult,
    dedupe_articles,
    evaluate_results,
    ratios,
)
from assistant.evaluation.provenance import code_provenance

OURS = "ours"
HEADLINE_MODE = "choices"
K = 10


def default_collection_name(corpus: Path) -> str:
    """Collection name derived from the corpus path: ``alqac2025/corpus.json`` → ``eval-alqac2025-corpus``."""
    corpus = Path(corpus).resolve()
    base = corpus.name if corpus.is_dir() else f"{corpus.parent.name}-{corpus.stem}"
    ascii_ = unicodedata.normalize("NFKD", base.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(c for c in ascii_ if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_).strip("-") or "corpus"
    return f"eval-{slug}"


def _log(msg: str, progress: bool) -> None:
    if progress:
        print(msg, file=sys.stderr, flush=True)


def open_our_search(
    corpus: Path | None, collection: str | None, progress: bool = True
) -> tuple[SearchFn, list[Any], str, dict[str, Any]]:
    """Build/reuse the index and return (search_fn, chunks, collection, manifest) for our retriever."""
    from assistant.ingest import ingest
    from assistant.retrieval import HybridRetriever

    if collection is None:
        if corpus is None:
            raise ValueError("cần --corpus hoặc --collection")
        collection = default_collection_name(corpus)
    if corpus is not None:
        last: dict[str, float] = {}

        def prog(stage: str, done: int, total: int) -> None:
            if not progress or total <= 0:
                return
            now = time.monotonic()
            if done >= total or now - last.get(stage, 0.0) > 10:
                last[stage] = now
                _log(f"[ingest:{stage}] {done}/{total}", progress)

        rep = ingest([Path(corpus)], collection, reuse=True, progress=prog)
        _log(
            f"[ingest] {collection}: {rep.n_documents} văn bản, {rep.n_chunks} đoạn"
            f"{' (dùng lại chỉ mục)' if rep.reused else ''}",
            progress,
        )
    retriever = HybridRetriever.open(collection)

    def search_fn(query: str, k: int) -> list[tuple[str, str, float]]:
        return [(h.chunk.law_id, h.chunk.article_id, float(h.score)) for h in retriever.search(query, k=k)]

    manifest = dict(getattr(retriever.index, "manifest", {}) or {})
    return search_fn, list(retriever.chunks), collection, manifest


def run_system(
    search_fn: SearchFn,
    questions: Sequence[Question],
    mode: Literal["text", "choices"],
    k: int = K,
    reuse: dict[str, RankedResult] | None = None,
    label: str = "",
    progress: bool = False,
) -> dict[str, RankedResult]:
    """Search every in-scope question; errors and empty results are kept (they count as misses)."""
    results: dict[str, RankedResult] = {}
    todo = [q for q in questions if not q.out_of_scope]
    try:  # warm-up (lazy model loads, caches); not timed, failures surface on the real calls
        if todo:
            search_fn(todo[0].query(mode), k)
    except Exception:
        pass
    t_last = time.monotonic()
    for i, q in enumerate(todo, start=1):
        if reuse is not None and not q.is_multiple_choice and q.question_id in reuse:
            results[q.question_id] = reuse[q.question_id]  # same query string in both modes
        else:
            t0 = time.perf_counter()
            try:
                hits = search_fn(q.query(mode), k)
                ms = (time.perf_counter() - t0) * 1000
                results[q.question_id] = RankedResult(q.question_id, dedupe_articles(hits)[:k], ms)
            except Exception as e:  # a failing question is a miss, listed in "dropped"
                ms = (time.perf_counter() - t0) * 1000
                results[q.question_id] = RankedResult(q.question_id, [], ms, error=f"lỗi: {type(e).__name__}: {e}")
        if progress and (time.monotonic() - t_last > 15 or i == len(todo)):
            t_last = time.monotonic()
            _log(f"[{label}/{mode}] {i}/{len(todo)}", progress)
    return results


def _trec_id(key: ArticleKey) -> str:
    return re.sub(r"\s+", "_", f"{key[0]}#{key[1]}")


def write_trec_run(path: Path, questions: Sequence[Question], results: dict[str, RankedResult], tag: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for q in questions:
            r = results.get(q.question_id)
            if r is None:
                continue
            # rank-derived scores (n, n-1, …), as the metrics use: trec_eval and ranx order a run by its scores, and
            # the system's own (fused) scores do not follow the reranked order
            n = len(r.articles)
            for rank, (key, _score) in enumerate(r.articles, start=1):
                f.write(f"{q.question_id} Q0 {_trec_id(key)} {rank} {n - rank + 1:.6f} {tag}\n")


def write_trec_qrels(path: Path, questions: Sequence[Question]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for q in questions:
            for key in q.relevant:
                f.write(f"{q.question_id} 0 {_trec_id(key)} 1\n")


def _summary(ev: dict[str, Any]) -> dict[str, Any]:
    """The metrics.json view of one evaluation (no per-query detail)."""
    keep = (*HEADLINE_KEYS, "latency_mean_ms", "latency_max_ms", "recall_curve", "per_type", "n_questions", "dropped")
    return {k: ev[k] for k in keep if k in ev}


def run_retrieval_eval(
    questions: Path,
    corpus: Path | None,
    collection: str | None,
    out_dir: Path,
    baselines: list[str] | None = None,
    split: str | None = None,
    query_mode: Literal["text", "choices", "both"] = "both",
    limit: int | None = None,
    *,
    unmarked: bool = False,
    search_fn: SearchFn | None = None,
    articles: list[ArticleText] | None = None,
    k: int = K,
    progress: bool = True,
) -> dict[str, Any]:
    """Evaluate our retrieval (and ``baselines``) on ``questions``; write outputs to ``out_dir``; return metrics.

    ``unmarked`` asks every question (and option) without Vietnamese marks, as typed without an input method.
    ``search_fn`` replaces our retriever (tests); ``articles`` replaces the baselines' article source.
    Gold article ids are checked against the index chunks (or the ALQAC corpus / ``articles`` when a
    ``search_fn`` is injected); unknown ids raise ``DatasetError``.
    """
    if query_mode not in ("text", "choices", "both"):
        raise ValueError(f"query_mode phải là text | choices | both, không phải {query_mode!r}")
    baselines = list(baselines) if baselines is not None else ["bm25", "langchain-faiss"]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)

    all_qs = load_questions(Path(questions))
    qs = select_split(all_qs, split)
    if limit is not None:
        qs = qs[: max(0, limit)]
    if unmarked:
        qs = without_marks(qs)

    manifest: dict[str, Any] = {}
    chunks: list[Any] | None = None
    if search_fn is None:
        search_fn, chunks, collection, manifest = open_our_search(corpus, collection, progress)
        known = {(c.law_id, c.article_id) for c in chunks}
    elif articles is not None:
        known = {a.key for a in articles}
    elif corpus is not None and is_alqac_corpus(Path(corpus)):
        known = {(l, a) for l, a, _ in load_alqac_corpus(Path(corpus))}
    else:
        known = None
    if known is not None:
        check_articles(qs, known, questions)

    modes: list[Literal["text", "choices"]] = (
        ["text", "choices"] if query_mode == "both" else [query_mode]  # type: ignore[list-item]
    )
    headline = HEADLINE_MODE if HEADLINE_MODE in modes else modes[0]
    order = [headline] + [m for m in modes if m != headline]

    runs: dict[str, dict[str, dict[str, RankedResult]]] = {OURS: {}}
    for m in order:
        runs[OURS][m] = run_system(search_fn, qs, m, k, reuse=runs[OURS].get(headline), label=OURS, progress=progress)

    base_info: dict[str, dict[str, Any]] = {}
    if baselines:
        if articles is not None:
            arts = articles
        elif chunks is not None and not (corpus is not None and is_alqac_corpus(Path(corpus))):
            arts = articles_from_chunks(chunks)
        else:
            arts = load_articles(corpus, collection)
        for name in baselines:
            _log(f"[{name}] dựng chỉ mục trên {len(arts)} điều…", progress)
            try:
                b = make_baseline(name, arts)
            except Exception as e:
                base_info[name] = {"error": f"{type(e).__name__}: {e}"}
                _log(f"[{name}] KHÔNG chạy được: {e}", True)
                continue
            base_info[name] = {"build_s": round(b.build_s, 3)}
            if getattr(b, "n_splits", None):
                base_info[name]["n_splits"] = b.n_splits
            runs[name] = {}
            for m in order:
                runs[name][m] = run_system(b.search, qs, m, k, reuse=runs[name].get(headline), label=name,
                                           progress=progress)

    evals = {sysname: {m: evaluate_results(qs, res) for m, res in by_mode.items()} for sysname, by_mode in runs.items()}
    ours = evals[OURS][headline]
    metrics: dict[str, Any] = {k_: ours[k_] for k_ in HEADLINE_KEYS}
    metrics["per_type"] = ours["per_type"]
    metrics["recall_curve"] = ours["recall_curve"]
    metrics["baselines"] = {}
    metrics["ratios"] = {}
    for name in baselines:
        if name not in evals:
            metrics["baselines"][name] = base_info.get(name, {"error": "không chạy"})
            metrics["ratios"][name] = None
            continue
        be = evals[name][headline]
        metrics["baselines"][name] = {
            **{k_: be[k_] for k_ in HEADLINE_KEYS},
            "per_type": be["per_type"],
            "recall_curve": be["recall_curve"],
            "by_query_mode": {m: _summary(evals[name][m]) for m in order},
            **base_info[name],
        }
        metrics["ratios"][name] = ratios(ours, be)
    metrics["query_mode"] = query_mode
    metrics["headline_query_mode"] = headline
    metrics["by_query_mode"] = {m: _summary(evals[OURS][m]) for m in order}
    metrics["n_questions"] = ours["n_questions"]
    metrics["n_out_of_scope"] = ours["n_out_of_scope"]
    metrics["n_multiple_choice"] = sum(1 for q in qs if q.is_multiple_choice and not q.out_of_scope)
    metrics["dropped"] = ours["dropped"]
    metrics["out_of_scope"] = ours["out_of_scope"]
    metrics["config"] = {
        "questions": str(questions),
        "n_in_file": len(all_qs),
        "split": split or "all",
        "unmarked": unmarked,
        "limit": limit,
        "corpus": str(corpus) if corpus else None,
        "collection": collection,
        "k": k,
        "index_model_id": manifest.get("model_id"),
        "index_n_chunks": manifest.get("n_chunks"),
        "index_dense_ready": manifest.get("dense_ready"),
        "search_fn": "HybridRetriever.search" if manifest else "injected",
        "started_at": started.isoformat(),
        "finished_at": datetime.now(timezone.utc).isoformat(),
        "code": code_provenance(),
    }

    # ---- files
    write_trec_qrels(out_dir / "qrels.trec", qs)
    write_trec_run(out_dir / "run.trec", qs, runs[OURS][headline], f"{OURS}-{headline}")
    for sysname, by_mode in runs.items():
        for m, res in by_mode.items():
            write_trec_run(out_dir / f"run.{sysname}.{m}.trec", qs, res, f"{sysname}-{m}")
    with open(out_dir / "per_query.jsonl", "w", encoding="utf-8") as f:
        for q in qs:
            row: dict[str, Any] = {
                "question_id": q.question_id,
                "type": q.question_type,
                "text": q.text,
                "gold": [list(g) for g in q.relevant],
                "out_of_scope": q.out_of_scope,
            }
            if not q.out_of_scope:
                for sysname in runs:
                    for m in order:
                        pq = evals[sysname][m]["per_query"].get(q.question_id, {})
                        r = runs[sysname][m].get(q.question_id)
                        row[f"{sysname}/{m}"] = {
                            "first_rank": pq.get("first_rank"),
                            "ndcg@10": pq.get("ndcg@10"),
                            "latency_ms": r.latency_ms if r else None,
                            "error": r.error if r else "không chạy",
                            "top": [list(a) for a, _ in (r.articles if r else [])],
                        }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")

    from assistant.evaluation.report import write_retrieval_report

    write_retrieval_report(metrics, qs, runs, evals, out_dir)
    return metrics
