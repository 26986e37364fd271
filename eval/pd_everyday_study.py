"""Where the gold article of each Pháp điển question sits in each signal: keyword (BM25), dense (e5), fused, reranked.

    python eval/pd_everyday_study.py eval/data/phapdien_train3.json [more files] [--out runs/study.jsonl]

Training questions only. Article ranks are over the whole collection (best chunk of each article); the reranked rank
is the served ``search`` order (top 30 reranked, then fused). Prints one line per question and a summary of MRR@10
per signal."""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from assistant.records import article_key
from assistant.retrieval import HybridRetriever


def article_ranks(scores: np.ndarray, chunks, keys: list[str]) -> dict[str, int]:
    order = np.argsort(-scores, kind="stable")
    out: dict[str, int] = {}
    for i in order[:5000]:
        k = keys[i]
        if k not in out:
            out[k] = len(out) + 1
    return out


def gold_keys(r, q) -> set[str]:
    want = {(g["law_id"], g["article_id"]) for g in q["relevant_articles"]}
    return {k for k, (law, art) in r._key_ids.items() if (law, art) in want}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--out")
    args = ap.parse_args()
    r = HybridRetriever.open("phapdien")
    chunks = r.index.chunks
    keys = [article_key(c) for c in chunks]
    r._key_ids = {article_key(c): (c.law_id, c.article_id) for c in chunks}
    rows_out = []
    for f in args.files:
        qs = json.load(open(f, encoding="utf-8"))
        rr = {s: [] for s in ("kw", "dense", "fused", "rerank")}
        for q in qs:
            gk = gold_keys(r, q)
            ranked = r.ranked(q["text"], 30)
            hits = r.search(q["text"], 10)
            ranks = {}
            for name, arr in (("kw", ranked["kw"]), ("dense", ranked["dense"]), ("fused", ranked["fused"])):
                ar = article_ranks(np.asarray(arr, dtype=np.float64), chunks, keys)
                ranks[name] = min((ar.get(g, 9999) for g in gk), default=9999)
            hk = [article_key(h.chunk) for h in hits]
            ranks["rerank"] = min((hk.index(g) + 1 for g in gk if g in hk), default=99)
            for s in rr:
                rr[s].append(1.0 / ranks[s] if ranks[s] <= 10 else 0.0)
            top = hits[0].chunk if hits else None
            row = {"file": f, "id": q["question_id"], "q": q["text"], "ranks": ranks, "prepared": ranked["query"],
                   "gold": sorted(gk), "top": f"{top.law_id} {top.article_id} {top.article_title}" if top else None,
                   "gold_title": [chunks[keys.index(g)].article_title for g in gk][:1]}
            rows_out.append(row)
            print(f"{q['question_id']}\tkw={ranks['kw']}\tde={ranks['dense']}\tfu={ranks['fused']}\trr={ranks['rerank']}"
                  f"\t{q['text'][:90]}\t|| {row['gold_title']}\t|| top: {row['top'][:80] if top else ''}")
        print(f"## {f}: n={len(qs)} " + " ".join(f"{s}={np.mean(v):.3f}" for s, v in rr.items()), file=sys.stderr)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for row in rows_out:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
