"""List the Pháp điển *training* questions whose gold article is ranked 2–10 by ``eval retrieval`` (per_query.jsonl
of one or more runs), with the title of the article ranked first and of the gold, for reading by hand (h-pdrank2).

    python eval/pd_rank2_misses.py runs/base/train*/per_query.jsonl > runs/base-misses.txt
"""
from __future__ import annotations

import json
import sys

from assistant.index import Index


def main() -> None:
    idx = Index.open("phapdien")
    titles = {}
    for c in idx.chunks:
        if c.clause is None:
            titles[(c.law_id, c.article_id)] = (c.article_title or "").strip()
    pooled = []
    for path in sys.argv[1:]:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            o = r["ours/text"]
            fr = o["first_rank"]
            pooled.append(fr)
            if not fr or fr == 1 or fr > 10:
                continue
            gold = {tuple(g) for g in r["gold"]}
            top = tuple(o["top"][0])
            g = tuple(o["top"][fr - 1])
            same = "SAME-FILE" if top[0] == g[0] else "OTHER-FILE"
            print(f"## {r['question_id']} rank {fr} {same}\nQ: {r['text']}")
            print(f"  1: {top[1]} | {titles.get(top, '?')}  [{top[0]}]")
            print(f"  G: {g[1]} | {titles.get(g, '?')}  [{g[0]}]")
    mrr = sum(1 / f for f in pooled if f and f <= 10) / len(pooled)
    print(f"\npooled n={len(pooled)} MRR@10={mrr:.4f} R@1={sum(f == 1 for f in pooled) / len(pooled):.4f} "
          f"2-10: {sum(1 for f in pooled if f and 1 < f <= 10)}", file=sys.stderr)


if __name__ == "__main__":
    main()
