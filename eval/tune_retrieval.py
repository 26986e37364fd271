"""Tune retrieval settings on the ALQAC **dev** split only (never the test split) and record the ablation.

    python eval/tune_retrieval.py --collection alqac [--split dev]

Query vectors are embedded once and memoised, so the grid over fusion settings is cheap. Writes
eval/reports/tuning-<split>.json and .md: MRR@10 / R@1 / R@10 for every configuration and query mode.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from assistant.evaluation.datasets import load_alqac_questions, select_split  # noqa: E402
from assistant.retrieval import HybridRetriever  # noqa: E402

REPORTS = Path(__file__).resolve().parent / "reports"
TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "alqac2025" / "train.json"


class MemoEmbedder:
    """Wraps an embedder; remembers query vectors so each query is embedded once per run."""

    def __init__(self, inner):
        self.inner, self.model_id, self.dim, self.memo = inner, inner.model_id, inner.dim, {}

    def embed_queries(self, texts):
        out = []
        for t in texts:
            if t not in self.memo:
                self.memo[t] = self.inner.embed_queries([t])[0]
            out.append(self.memo[t])
        return np.stack(out)


def score(retriever: HybridRetriever, questions, mode: str, k: int = 10) -> dict[str, float]:
    rr, r1, r10 = [], [], []
    for q in questions:
        gold = set(q.relevant)
        hits = retriever.search(q.query(mode), k)
        ranks = [i + 1 for i, h in enumerate(hits) if (h.chunk.law_id, h.chunk.article_id) in gold]
        first = ranks[0] if ranks else None
        rr.append(1.0 / first if first else 0.0)
        r1.append(1.0 if first == 1 else 0.0)
        r10.append(len(set(ranks)) / len(gold) if gold else 0.0)
    return {"mrr@10": float(np.mean(rr)), "recall@1": float(np.mean(r1)), "recall@10": float(np.mean(r10))}


def _chunk_tokens(retriever: HybridRetriever) -> list[list[str]]:
    from assistant.config import get_settings
    from assistant.ingest import TokenCache

    cache = TokenCache(get_settings().cache_dir / "tokens.sqlite")
    keys = [TokenCache.key(c.passage()) for c in retriever.chunks]
    got = cache.get_many(keys)
    return [got[k] for k in keys]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--collection", default="alqac")
    ap.add_argument("--questions", type=Path, default=TRAIN)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--holdout-only", action="store_true",
                    help="only the quarter of dev held out from fine-tuning (eval/finetune_embedder.py)")
    ap.add_argument("--quick", action="store_true", help="fusion weights only (no bm25 parameter grid)")
    ap.add_argument("--rerank", action="store_true", help="with the feature reranker (default: off, fusion only)")
    ap.add_argument("--report", default=None, help="report name (default tuning-<split>)")
    args = ap.parse_args()
    if args.split == "test":
        raise SystemExit("Tuning on the test split is not allowed.")
    qs = [q for q in select_split(load_alqac_questions(args.questions), args.split) if q.relevant]
    if args.holdout_only:
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from finetune_embedder import is_holdout

        qs = [q for q in qs if is_holdout(q.question_id)]
    base = HybridRetriever.open(args.collection, rerank=args.rerank)
    memo = MemoEmbedder(base.embedder)
    base = base.model_copy(update={"embedder": memo})
    base.model_post_init(None)
    grid: list[dict] = [{"fusion": "keyword"}, {"fusion": "dense"}]
    grid += [{"fusion": "rrf"}]
    grid += [{"fusion": "weighted", "dense_weight": w} for w in (0.3, 0.4, 0.5, 0.6, 0.7)]
    if args.quick:
        grid += [{"fusion": "weighted", "dense_weight": w} for w in (0.45, 0.55, 0.65)]
    else:
        grid += [{"fusion": "weighted", "dense_weight": w, "n_candidates": n} for w in (0.35, 0.4, 0.45) for n in (30, 300)]
        grid += [
            {"fusion": f, "dense_weight": 0.4, "n_candidates": 300, "bm25": {"k1": k1, "b": b}}
            for f in ("keyword", "weighted")
            for k1 in (0.9, 1.2, 1.5, 1.8)
            for b in (0.5, 0.75, 0.9)
        ]
    tokens = _chunk_tokens(base)
    bm25_cache: dict[tuple[float, float], object] = {}
    rows = []
    for cfg, mode in itertools.product(grid, ("text", "choices")):
        cfg = dict(cfg)
        params = cfg.pop("bm25", None)
        index = base.index
        if params:
            key = (params["k1"], params["b"])
            if key not in bm25_cache:
                import bm25s

                bm = bm25s.BM25(**params)
                bm.index([t if t else ["∅"] for t in tokens], show_progress=False)
                bm25_cache[key] = bm
            index = dataclasses.replace(base.index, _bm25=bm25_cache[key])
        r = base.model_copy(update={**cfg, "index": index})
        r.model_post_init(None)
        if params:
            cfg["bm25"] = params
        t0 = time.perf_counter()
        m = score(r, qs, mode)
        m.update({"config": cfg, "mode": mode, "seconds": round(time.perf_counter() - t0, 1)})
        rows.append(m)
        print(json.dumps(m, ensure_ascii=False), flush=True)
    REPORTS.mkdir(parents=True, exist_ok=True)
    name = args.report or f"tuning-{args.split}"
    out = {"split": args.split, "holdout_only": args.holdout_only, "rerank": args.rerank, "n_questions": len(qs),
           "collection": args.collection, "model_id": memo.model_id, "rows": rows}
    (REPORTS / f"{name}.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    lines = [
        f"# Retrieval tuning on ALQAC {args.split} split{' (fine-tuning hold-out quarter)' if args.holdout_only else ''} "
        f"({len(qs)} questions; collection {args.collection}; reranker {'on' if args.rerank else 'off'})",
        "",
        "| config | query | MRR@10 | R@1 | R@10 |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {json.dumps(r['config'], ensure_ascii=False)} | {r['mode']} | {r['mrr@10']:.4f} | {r['recall@1']:.4f} | {r['recall@10']:.4f} |"
        for r in rows
    ]
    (REPORTS / f"{name}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
