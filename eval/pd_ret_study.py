"""Where the gold article sits for each Pháp điển training question, per signal (helper h-pdret).

For every question: the gold's article rank by BM25 alone, by the exact dense cosine alone (full scan), in the fused
list and after the reranker (the served ``search``), plus the first hit's and the gold's titles, đề mục files and
documents. Written as JSON lines for ``eval/pd_ret_classify.py``.

    python eval/pd_ret_study.py OUT.jsonl eval/data/phapdien_train*.json
"""
from __future__ import annotations

import json
import sys
import time

import numpy as np

from assistant.index import keyword_tokens
from assistant.records import article_key
from assistant.retrieval import HybridRetriever, prepare_query


def article_ranks(scores: np.ndarray, art_of: np.ndarray, n_art: int) -> np.ndarray:
    """Rank (1-based) of every article by its best chunk's score."""
    best = np.full(n_art, -np.inf)
    np.maximum.at(best, art_of, scores.astype(np.float64))
    order = np.argsort(-best, kind="stable")
    rank = np.empty(n_art, np.int64)
    rank[order] = np.arange(1, n_art + 1)
    return rank


def main() -> None:
    out_path, *qfiles = sys.argv[1:]
    import os

    import assistant.retrieval as R

    if os.environ.get("PD_POOL_ART") is not None:  # A/B of the article-counted pool (commit 083521b only)
        R.POOL_BY_ARTICLE = os.environ["PD_POOL_ART"] == "1"
    r = HybridRetriever.open("phapdien")
    if os.environ.get("PD_DEPTH"):  # A/B of the reranker's depth (questions in one's own words)
        r._reranker_q.depth = int(os.environ["PD_DEPTH"])
    chunks = r.index.chunks
    keys = [article_key(c) for c in chunks]
    uniq = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    art_of = np.array([uniq[k] for k in keys], np.int64)
    gold_of = {}  # (law_id, article_id) → article index
    for c, k in zip(chunks, keys):
        gold_of.setdefault((c.law_id, c.article_id), uniq[k])
    art_row = {}
    for i, c in enumerate(chunks):
        if c.clause is None:
            art_row.setdefault(uniq[keys[i]], i)
    vecs = r._vectors
    n_art = len(uniq)
    lat = []
    with open(out_path, "w", encoding="utf-8") as fo:
        for qf in qfiles:
            for q in json.load(open(qf, encoding="utf-8")):
                golds = [gold_of.get((g["law_id"], g["article_id"])) for g in q["relevant_articles"]]
                golds = [g for g in golds if g is not None]
                t0 = time.perf_counter()
                hits = r.search(q["text"], 30)
                lat.append(time.perf_counter() - t0)
                final = [uniq[article_key(h.chunk)] for h in hits]
                pq = prepare_query(r.restore_marks(q["text"]))
                kw = r.index.keyword_scores(keyword_tokens(pq))
                qv = r.embedder.embed_queries([pq])[0]
                dn = vecs @ qv
                kr = article_ranks(kw, art_of, n_art)
                dr = article_ranks(dn, art_of, n_art)
                ranked = r.ranked(q["text"], 100)
                fused_arts = [uniq[keys[i]] for i in ranked["rows"]]

                def rank_in(lst, g):
                    return lst.index(g) + 1 if g in lst else None

                def info(a):
                    c = chunks[art_row[a]]
                    return {"law_id": c.law_id, "article_id": c.article_id, "title": c.article_title,
                            "doc": c.doc_id + "|" + (c.doc_number or ""), "doc_type": c.doc_type,
                            "chapter": c.heading_path[1] if len(c.heading_path) > 2 else ""}

                best = min(golds, key=lambda g: (rank_in(final, g) or 999, int(dr[g]) + int(kr[g]))) if golds else None
                rec = {
                    "qid": q["question_id"], "set": qf.rsplit("/", 1)[-1], "text": q["text"], "prepared": pq,
                    "n_gold": len(golds),
                    "final_rank": min((rank_in(final, g) or 999) for g in golds) if golds else None,
                    "fused_rank": min((rank_in(fused_arts, g) or 999) for g in golds) if golds else None,
                    "kw_rank": min(int(kr[g]) for g in golds) if golds else None,
                    "dense_rank": min(int(dr[g]) for g in golds) if golds else None,
                    "top1": info(final[0]) if final else None,
                    "top": [info(a)["title"] for a in final[:5]],
                    "gold": info(best) if best is not None else None,
                }
                fo.write(json.dumps(rec, ensure_ascii=False) + "\n")
    lat = np.array(lat) * 1000
    print(f"search latency ms p50 {np.percentile(lat, 50):.1f} p95 {np.percentile(lat, 95):.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
