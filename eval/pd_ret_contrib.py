"""Which reranker features put the first hit above the gold, over the Pháp điển training top-10 misses (h-pdret).

    PYTHONPATH=. python eval/pd_ret_contrib.py runs/base.jsonl
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict

import numpy as np

from assistant.records import article_key
from assistant.rerank import FEATURES, exam_style
from assistant.retrieval import HybridRetriever

sys.path.insert(0, "eval")
from pd_ret_classify import classify  # noqa: E402


def main() -> None:
    rs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    r = HybridRetriever.open("phapdien")
    chunks = r.index.chunks
    by_cls = defaultdict(list)
    for q in rs:
        c = classify(q)
        if not c.startswith("top10"):
            continue
        ranked = r.ranked(q["text"], 30)
        head = ranked["rows"][:30]
        X = r.rerank_features(ranked, head)
        model = r._reranker if exam_style(q["text"]) else r._reranker_q
        Z = (X - model.mean) / model.scale * model.coef
        s = Z.sum(1)
        ids = [(chunks[i].law_id, chunks[i].article_id) for i in head]
        g = (q["gold"]["law_id"], q["gold"]["article_id"])
        t = (q["top1"]["law_id"], q["top1"]["article_id"])
        if g not in ids or t not in ids:
            continue
        gi, ti = ids.index(g), ids.index(t)
        by_cls[c].append(Z[ti] - Z[gi])
    for c, rows in by_cls.items():
        d = np.array(rows)
        print(f"\n{c} (n={len(d)}): mean contribution top1 − gold per feature (positive = favours top1)")
        for j in np.argsort(-d.mean(0)):
            if abs(d[:, j].mean()) > 0.02:
                print(f"  {FEATURES[j]:16s} {d[:, j].mean():+.3f}  (favours top1 in {int((d[:, j] > 0).sum())})")


if __name__ == "__main__":
    main()
