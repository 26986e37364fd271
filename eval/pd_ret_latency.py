"""Interleaved in-process A/B of ``retrieval.POOL_BY_ARTICLE`` (helper h-pdret; the setting exists only in commit 083521b,
reverted in the next): each question is searched once per
setting, alternating which goes first, after a warm-up pass (segmentation cached for both: the difference is the pool).

    PYTHONPATH=. python eval/pd_ret_latency.py eval/data/phapdien_train2.json
"""
from __future__ import annotations

import json
import sys
import time

import numpy as np

import assistant.retrieval as R


def main() -> None:
    qs = [q["text"] for f in sys.argv[1:] for q in json.load(open(f, encoding="utf-8"))]
    r = R.HybridRetriever.open("phapdien")
    for q in qs:  # warm-up: encoder, segmentation cache, article LRU
        r.search(q, 10)
    t = {True: [], False: []}
    for i, q in enumerate(qs):
        for flag in ((True, False) if i % 2 else (False, True)):
            R.POOL_BY_ARTICLE = flag
            t0 = time.perf_counter()
            r.search(q, 10)
            t[flag].append((time.perf_counter() - t0) * 1000)
    a, b = np.array(t[True]), np.array(t[False])
    print(f"n={len(qs)} article pool p50 {np.median(a):.2f} p95 {np.percentile(a, 95):.2f} ms; chunk pool p50 "
          f"{np.median(b):.2f} p95 {np.percentile(b, 95):.2f} ms; median per-question difference {np.median(a - b):+.2f} ms")


if __name__ == "__main__":
    main()
