"""Per-stage time of ``HybridRetriever.search`` on an existing index (e.g. bench_scale.py's 100k workdir):
query normalisation, word segmentation (cold: its cache is cleared before each question), BM25, the query
encoder, the dense side (ANN graph + exact rescoring), fusion, rerank features, and the rest.

    python eval/profile_query.py --workdir /tmp/perf/scale2 --queries 200

Questions: ALQAC dev split, asked as bench_scale.py asks them (with the choices). Prints ms per question
(mean) and the share of each stage; does not change any result. Times are wall-clock on a shared machine.
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

import assistant.index as index_mod  # noqa: E402
import assistant.retrieval as retrieval_mod  # noqa: E402
import assistant.text as text_mod  # noqa: E402
from assistant.config import Settings, get_settings  # noqa: E402
from assistant.evaluation.datasets import load_alqac_questions, select_split  # noqa: E402
from assistant.retrieval import HybridRetriever  # noqa: E402

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "alqac2025" / "train.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, required=True, help="holds indexes/<collection>")
    ap.add_argument("--collection", default="scale")
    ap.add_argument("--queries", type=int, default=200)
    a = ap.parse_args()
    qs = [q for q in select_split(load_alqac_questions(TRAIN), "dev") if q.relevant][: a.queries]
    queries = [q.query("choices") for q in qs]
    s2 = Settings(indexes_dir=a.workdir / "indexes", cache_dir=get_settings().cache_dir)
    r = HybridRetriever.open(a.collection, settings=s2)
    for q in queries[:3]:
        r.search(q, 10)  # warm-up: sessions, caches of the index

    acc: dict[str, float] = {}
    inner: list[float] = []  # time spent in timed stages nested in the running one (exclusive times)

    def timed(f, label):
        @functools.wraps(f)
        def w(*args, **kw):
            inner.append(0.0)
            t = time.perf_counter()
            try:
                return f(*args, **kw)
            finally:
                dt = time.perf_counter() - t
                acc[label] = acc.get(label, 0.0) + dt - inner.pop()
                if inner:
                    inner[-1] += dt
        return w

    # stages one after another: with the encoder beside the keyword side (retrieval.OVERLAP_ENCODER) their times overlap
    retrieval_mod.OVERLAP_ENCODER = False
    retrieval_mod.prepare_query = timed(retrieval_mod.prepare_query, "normalise query")
    retrieval_mod.keyword_tokens = timed(retrieval_mod.keyword_tokens, "word segmentation")
    index_mod.Index.keyword_scores = timed(index_mod.Index.keyword_scores, "BM25 scores")
    object.__setattr__(r.embedder, "embed_queries", timed(r.embedder.embed_queries, "query encoder"))
    HybridRetriever._dense_scores = timed(HybridRetriever._dense_scores, "dense (ANN + rescore)")
    HybridRetriever._fuse = timed(HybridRetriever._fuse, "fusion")
    HybridRetriever._direct_citations = timed(HybridRetriever._direct_citations, "citation lookup")
    HybridRetriever.rerank_features = timed(HybridRetriever.rerank_features, "rerank features")
    total = []
    for q in queries:
        text_mod._segment_sentence.cache_clear()
        t = time.perf_counter()
        r.search(q, 10)
        total.append(time.perf_counter() - t)
    tot = float(np.sum(total))
    x = np.asarray(total) * 1000
    print(f"{len(queries)} questions: search p50 {np.median(x):.2f} ms, p95 {np.percentile(x, 95):.2f} ms, "
          f"mean {x.mean():.2f} ms")
    rest = tot - sum(acc.values())
    for label, v in sorted([*acc.items(), ("other", rest)], key=lambda kv: -kv[1]):
        print(f"  {label:24s} {v / len(queries) * 1000:6.2f} ms  {100 * v / tot:5.1f}%")


if __name__ == "__main__":
    main()
