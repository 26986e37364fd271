"""Added search latency of the opt-in cross-encoder (assistant/cross_encoder.py), side by side with it off.

    python eval/bench_cross_encoder.py --model /tmp/h-ce/models/ce-e5s-128 --top 5 [--collection alqac --queries 40]

One process opens the collection twice (cross-encoder off / on, same index and query encoder) and sends every
question to both, alternating which goes first, so both sides see the same load on a shared machine. Questions:
ALQAC **dev** split (question + pasted options when there are any), shuffled with seed 0 — tuning data, so the
latency run needs no test question. ``--quantize`` also times a torch dynamic-int8 copy of the cross-encoder (Linear
layers) and reports how often its top-``n`` order differs from the fp32 one. Writes
``eval/reports/<--report>.{json,md}``: p50/p95/mean ms per side and the added p50/p95 (per-question differences).
Does not measure quality (see eval/train_cross_encoder.py tune and ``assistant eval retrieval``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"
if not TRAIN.exists():  # a worktree under /work/wt
    TRAIN = Path("/work/shared/data/alqac2025/train.json")
REPORTS = ROOT / "eval" / "reports"


def _stats(v: list[float]) -> dict[str, float]:
    a = np.asarray(v)
    return {"p50": round(float(np.median(a)), 1), "p95": round(float(np.percentile(a, 95)), 1),
            "mean": round(float(a.mean()), 1)}


def main() -> None:
    import torch

    from assistant.cross_encoder import CrossEncoderRescorer, load_cross_encoder
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.retrieval import HybridRetriever

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--top", type=int, default=None, help="default: the model dir's assistant_ce.json")
    ap.add_argument("--collection", default="alqac")
    ap.add_argument("--questions", type=Path, default=TRAIN)
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--quantize", action="store_true", help="also time a torch dynamic-int8 copy")
    ap.add_argument("--report", default="bench-cross-encoder")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    qs = [q for q in select_split(load_alqac_questions(args.questions), "dev") if q.relevant]
    random.Random(0).shuffle(qs)
    queries = [q.query("choices") for q in qs[: args.queries]]
    off = HybridRetriever.open(args.collection, cross_encoder="")
    on = HybridRetriever.open(args.collection, cross_encoder=str(args.model))
    if args.top is not None:
        on._ce = load_cross_encoder(str(args.model), args.top)
    sides = {"off": off, "on": on}
    if args.quantize:
        from sentence_transformers.cross_encoder import CrossEncoder

        qmodel = CrossEncoder(str(args.model), device="cpu", local_files_only=True, max_length=on._ce.model.max_length)
        torch.ao.quantization.quantize_dynamic(qmodel.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
        q8 = HybridRetriever.open(args.collection, cross_encoder=str(args.model))
        q8._ce = CrossEncoderRescorer(model=qmodel, path=on._ce.path, top=on._ce.top, weight=on._ce.weight)
        sides["on_int8"] = q8
    for r in sides.values():  # warm-up (first query loads lazily built state)
        r.search(queries[0], 10)
    times: dict[str, list[float]] = {k: [] for k in sides}
    firsts: dict[str, list[str]] = {k: [] for k in sides}
    for i, q in enumerate(queries):
        names = list(sides) if i % 2 == 0 else list(reversed(sides))
        for name in names:
            t0 = time.perf_counter()
            hits = sides[name].search(q, 10)
            times[name].append((time.perf_counter() - t0) * 1000)
            firsts[name].append("|".join(h.chunk.id for h in hits[: on._ce.top]))
    report = {"collection": args.collection, "model": str(args.model), "top": on._ce.top, "weight": on._ce.weight,
              "queries": len(queries), "threads": args.threads, "ms": {k: _stats(v) for k, v in times.items()}}
    for k in sides:
        if k != "off":
            report["ms"][f"added_{k}"] = _stats([a - b for a, b in zip(times[k], times["off"])])
    if args.quantize:
        report["int8_top_n_order_differs"] = sum(a != b for a, b in zip(firsts["on"], firsts["on_int8"]))
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{args.report}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    lines = [f"# Cross-encoder search latency ({args.collection}, top {on._ce.top}, {len(queries)} ALQAC dev queries, "
             f"{args.threads} torch threads)", "", "| side | p50 ms | p95 ms | mean ms |", "|---|---|---|---|"]
    for k, s in report["ms"].items():
        lines.append(f"| {k} | {s['p50']} | {s['p95']} | {s['mean']} |")
    if args.quantize:
        lines += ["", f"int8 (torch dynamic, Linear layers): top-{on._ce.top} order differs from fp32 on "
                      f"{report['int8_top_n_order_differs']} of {len(queries)} queries."]
    (REPORTS / f"{args.report}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
