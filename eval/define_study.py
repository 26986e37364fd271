"""Definition questions on the rank18 training sets (helper h-define): the served order replayed from the rank18 cache
(``rank18_study.served_scores``), then with the defining articles first (``HybridRetriever.definers_first``), metrics
per set before → after. An inserted definer from outside the cached top 30 is counted by its article (gold or not).

    ASSISTANT_INDEXES_DIR=/work/main/indexes PYTHONPATH=. python eval/define_study.py   # needs eval/out/rank18_cache.pkl
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rank18_study as R18  # noqa: E402
import pd_rank_study as S  # noqa: E402


def _metrics(it, rows, chunks, k=10):
    gold = {tuple(g) for g in it["gold"]}
    y = [(chunks[r].law_id, chunks[r].article_id) in gold for r in rows[:k]]
    first = next((i + 1 for i, v in enumerate(y) if v), None)
    return (1.0 / first if first else 0.0), first == 1, sum(y) / it["n_gold"]


def main():
    items = R18.load_items()
    served = R18.served_scores(items)
    res: dict[str, list] = {}
    changed = []
    for it, (order, _) in zip(items, served):
        r = S.retriever(it["source"])
        ch = r.index.chunks
        rows = [it["rows"][i] for i in order]
        fused = np.zeros(len(ch), np.float32)
        fused[np.asarray(it["rows"], dtype=np.int64)] = it["fused"]
        ranked = {"query": it["query"], "fused": fused, "cited": set(it["cited_rows"])}
        new = r.definers_first(it["query"], ranked, rows)
        a, b = _metrics(it, rows, ch), _metrics(it, new, ch)
        keys = [it["file"] + ("" if it["source"] == "phapdien" else "-" + it["mode"])]
        for key in keys + ["ALL"]:
            res.setdefault(key, []).append((a, b))
        if new[:10] != rows[:10]:
            changed.append((it["file"], it["mode"], it["qid"], a[0], b[0], it["text"][:90]))
    for key, v in sorted(res.items()):
        A = np.array([x[0] for x in v], dtype=float)
        B = np.array([x[1] for x in v], dtype=float)
        print(f"{key:24s} n={len(v):4d}  MRR@10 {A[:, 0].mean():.4f} → {B[:, 0].mean():.4f}  R@1 {A[:, 1].mean():.4f} → "
              f"{B[:, 1].mean():.4f}  R@10 {A[:, 2].mean():.4f} → {B[:, 2].mean():.4f}")
    print(len(changed), "queries whose top 10 changed:")
    for c in changed:
        print("  ", c)


if __name__ == "__main__":
    main()
