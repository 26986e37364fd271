"""Benchmark: full ingest of a corpus (cold caches), then a second ingest of the same corpus (warm caches).

Reports wall time per stage, passage tokens, pipeline tokens/s against the embedding engine's own throughput
on a sample of the same passages (measured in the same run), and the re-ingest speed-up.

    python eval/bench_ingest.py --corpus ../shared/data/alqac2025/corpus.json --name alqac
    python eval/bench_ingest.py --corpus ../shared/data/phapdien --name phapdien [--no-dense]

Writes eval/reports/ingest-<name>.json and .md. Not a test: absolute times on shared 2-core machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.config import Settings  # noqa: E402
from assistant.index import Index  # noqa: E402
from assistant.ingest import ingest  # noqa: E402

REPORTS = Path(__file__).resolve().parent / "reports"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--no-dense", action="store_true")
    ap.add_argument("--engine-sample", type=int, default=300)
    ap.add_argument("--keep-index", type=Path, default=None, help="also copy the built index here (indexes dir)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix=f"bench-ingest-{args.name}-"))
    settings = Settings(indexes_dir=work / "indexes", cache_dir=work / "cache")
    dense = not args.no_dense

    t0 = time.perf_counter()
    cold = ingest([args.corpus], args.name, dense=dense, settings=settings, progress=_progress())
    cold_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    warm = ingest([args.corpus], args.name, dense=dense, reuse=False, settings=settings)
    warm_s = time.perf_counter() - t0

    idx = Index.open(args.name, settings)
    passages = [c.passage() for c in idx.chunks]
    result: dict = {
        "corpus": str(args.corpus),
        "n_documents": cold.n_documents,
        "n_chunks": cold.n_chunks,
        "n_skipped_files": len(cold.skipped),
        "dense": dense,
        "cold_ingest_s": round(cold_s, 2),
        "cold_timings_s": {k: round(v, 2) for k, v in cold.timings.items()},
        "warm_reingest_s": round(warm_s, 2),
        "warm_timings_s": {k: round(v, 2) for k, v in warm.timings.items()},
        "reingest_speedup": round(cold_s / warm_s, 1) if warm_s else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpu_count": os.cpu_count(),
    }
    if dense:
        from assistant.embeddings import get_embedder

        emb = get_embedder(settings.model, backend=settings.embed_backend)
        # tokens the engine actually processes (passages are truncated to the embedder's max length)
        n_tokens = emb.count_tokens(passages, truncate=True)
        n_tokens_full = emb.count_tokens(passages)
        rng = random.Random(0)
        sample = rng.sample(passages, min(args.engine_sample, len(passages)))
        s_tokens = emb.count_tokens(sample, truncate=True)
        t0 = time.perf_counter()
        emb.embed_passages(sample)
        eng_s = time.perf_counter() - t0
        engine_tps = s_tokens / eng_s
        embed_only_s = n_tokens / engine_tps
        result.update(
            {
                "model_id": emb.model_id,
                "passage_tokens_processed": n_tokens,
                "passage_tokens_full_length": n_tokens_full,
                "engine_tokens_per_s": round(engine_tps, 1),
                "pipeline_tokens_per_s": round(n_tokens / cold_s, 1),
                "embedding_share_estimate_s": round(embed_only_s, 1),
                "overhead_vs_embedding": round(cold_s / embed_only_s - 1, 3),
            }
        )
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"ingest-{args.name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    lines = [f"# Ingest benchmark: {args.name}", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in result.items()]
    (REPORTS / f"ingest-{args.name}.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.keep_index:
        from assistant.ingest import ingest as _ingest

        _ingest([args.corpus], args.name, dense=dense, settings=Settings(indexes_dir=args.keep_index, cache_dir=settings.cache_dir))
    shutil.rmtree(work, ignore_errors=True)


def _progress():
    last = {}

    def cb(stage: str, done: int, total: int) -> None:
        now = time.time()
        if done == total or now - last.get(stage, 0) > 30:
            last[stage] = now
            print(f"[{time.strftime('%H:%M:%S')}] {stage}: {done}/{total}", flush=True)

    return cb


if __name__ == "__main__":
    main()
