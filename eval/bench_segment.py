"""Word segmentation time per question, old vs new, side by side in one run.

    python -m eval.bench_segment                 # all ALQAC questions with choices, 3 rounds
    python -m eval.bench_segment --limit 100 --rounds 2

For every question of ../shared/data/alqac2025/train.json with its choices appended (as bench_scale.py and
profile_query.py ask them), interleaved, in an order that changes each round:
- ``old``: ``segment`` with underthesea's own ``word_tokenize`` (what main did), sentence cache empty;
- ``new``: ``segment`` as it runs now (assistant/wordseg.py's tokenizer), ``_segment_sentence`` cache cleared
  before each question; the tokenizer's own token / bigram / trigram caches hold what the questions timed
  before it in this round saw (as in a server answering one question after another; emptied each round);
- ``new_cold``: ``new`` with the tokenizer's caches also emptied before each question (a first question).
A question's time is the smallest of its rounds (the machine is shared); p50/p95/mean over questions, and
the ratio old/new. Outputs must be identical (checked on every call). Writes eval/reports/bench-segment.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this worktree's assistant package, also when run as a file

from eval.segment_identity import question_texts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "eval" / "reports" / "bench-segment")
    a = ap.parse_args()
    from assistant import text as T

    texts = question_texts(a.limit)
    fast = T._tokenizer()
    slow = T.underthesea_word_tokenize()
    if not hasattr(fast, "clear_caches"):
        raise SystemExit("the fast tokenizer is not in use (see the log): nothing to compare")

    def old(t: str) -> list[str]:
        return T.segment_with(t, slow)

    def new(t: str) -> list[str]:
        T._segment_sentence.cache_clear()
        return T.segment(t)

    def new_cold(t: str) -> list[str]:
        fast.clear_caches()
        T._segment_sentence.cache_clear()
        return T.segment(t)

    variants = {"old": old, "new": new, "new_cold": new_cold}
    for t in texts[:5]:  # warm-up: imports, model, code paths
        for f in variants.values():
            f(t)
    wall = {k: np.full((a.rounds, len(texts)), np.inf) for k in variants}
    cpu = {k: np.full((a.rounds, len(texts)), np.inf) for k in variants}
    rng = random.Random(0)
    for r in range(a.rounds):
        fast.clear_caches()
        for i, t in enumerate(texts):
            names = list(variants)
            rng.shuffle(names)
            outs = {}
            for k in names:
                c0, w0 = time.thread_time(), time.perf_counter()
                outs[k] = variants[k](t)
                wall[k][r, i] = time.perf_counter() - w0
                cpu[k][r, i] = time.thread_time() - c0
            if not outs["old"] == outs["new"] == outs["new_cold"]:
                raise SystemExit(f"different words for question {i}: {t[:80]!r}")
    res: dict = {"questions": len(texts), "rounds": a.rounds, "words_per_question": float(np.mean(
        [len(old(t)) for t in texts]))}
    for clock, data in (("wall", wall), ("cpu", cpu)):
        per = {k: v.min(axis=0) * 1000 for k, v in data.items()}  # ms, best round per question
        longest = np.argsort(per["old"])[-max(1, len(texts) // 5):]  # the 20 % slowest under the old path
        res[clock] = {
            k: {"p50_ms": float(np.percentile(x, 50)), "p95_ms": float(np.percentile(x, 95)),
                "mean_ms": float(x.mean()), "longest20_mean_ms": float(x[longest].mean())}
            for k, x in per.items()
        }
        for k in ("new", "new_cold"):
            res[clock][f"ratio_old_over_{k}"] = {
                m: res[clock]["old"][m] / res[clock][k][m] for m in ("p50_ms", "p95_ms", "mean_ms", "longest20_mean_ms")
            }
    import underthesea

    res["underthesea"] = underthesea.__version__
    print(json.dumps(res, indent=1))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.with_suffix(".json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    lines = [
        "# Word segmentation time per question: underthesea's word_tokenize vs assistant/wordseg.py",
        "",
        f"`python -m eval.bench_segment` — {res['questions']} ALQAC questions with their choices "
        f"(~{res['words_per_question']:.0f} words each), {a.rounds} rounds interleaved (order shuffled per "
        "question), best round per question; `segment`'s sentence cache cleared before every call. "
        "*new*: the tokenizer's token/n-gram caches warmed by the questions before it in the round; "
        "*new_cold*: those caches emptied before every question too. Same words in every call (checked). "
        f"underthesea {res['underthesea']}. Shared 2-core machine: absolute times are noisy, the ratios less so.",
        "",
    ]
    for clock in ("wall", "cpu"):
        lines += [f"## {clock} clock (ms per question)", "",
                  "| path | p50 | p95 | mean | mean of the 20 % slowest (old) |", "|---|---:|---:|---:|---:|"]
        for k in variants:
            x = res[clock][k]
            lines.append(f"| {k} | {x['p50_ms']:.2f} | {x['p95_ms']:.2f} | {x['mean_ms']:.2f} | "
                         f"{x['longest20_mean_ms']:.2f} |")
        for k in ("new", "new_cold"):
            x = res[clock][f"ratio_old_over_{k}"]
            lines.append(f"| **old / {k}** | **×{x['p50_ms']:.2f}** | **×{x['p95_ms']:.2f}** | ×{x['mean_ms']:.2f} | "
                         f"×{x['longest20_mean_ms']:.2f} |")
        lines.append("")
    a.out.with_suffix(".md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
