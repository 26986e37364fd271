"""Search latency of the current code against a base checkout, interleaved question by question, so that both
sides see the same load on a shared machine (a figure from two separate runs mostly measures the neighbours).

    git archive 699dda2 | tar -x -C /tmp/base
    python eval/ab_latency.py --workdir /tmp/perf/scale2 --base /tmp/base --queries 200 --reps 2

Two worker processes (the base code and this code, each its own ``assistant`` on PYTHONPATH) open the same index;
each question goes to one then the other, who goes first alternating. Questions: ALQAC test split with their
choices, shuffled as eval/bench_scale.py asks them. Prints p50/p95 of both and base/new ratios, among them the
median of the per-question ratios (the steadiest under load). Does not check rankings (see rank_identity.py).
A fresh checkout has no models/ (the base converts the bundled model on first use): link this tree's models/ into it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

_WORKER = r"""
import json, random, sys, time
from pathlib import Path
from assistant.config import Settings, get_settings
from assistant.evaluation.datasets import load_alqac_questions, select_split
from assistant.retrieval import HybridRetriever
train, workdir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
qs = [q for q in select_split(load_alqac_questions(Path(train)), "test") if q.relevant]
random.Random(0).shuffle(qs)
queries = [q.query("choices") for q in qs[:n]]
r = HybridRetriever.open("scale", settings=Settings(indexes_dir=Path(workdir) / "indexes",
                                                    cache_dir=get_settings().cache_dir))
r.search(queries[0], 10)
print(len(queries), flush=True)
for line in sys.stdin:
    t = time.perf_counter()
    r.search(queries[int(line)], 10)
    print(time.perf_counter() - t, flush=True)
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, required=True, help="bench_scale.py's --workdir (holds indexes/scale)")
    ap.add_argument("--base", type=Path, required=True, help="a checkout of the base commit")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--reps", type=int, default=1, help="passes over the questions")
    a = ap.parse_args()
    train = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"
    procs = {}
    for name, code in (("base", a.base.resolve()), ("new", ROOT)):
        # cwd outside both trees: the script's own directory must not shadow PYTHONPATH's assistant package
        procs[name] = subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(train), str(a.workdir.resolve()), str(a.queries)],
            env=dict(os.environ, PYTHONPATH=str(code)), cwd="/", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True)
    n = min(int(p.stdout.readline()) for p in procs.values())
    lat: dict[str, list[float]] = {"base": [], "new": []}
    for rep in range(a.reps):
        for i in range(n):
            for name in ("base", "new") if (i + rep) % 2 == 0 else ("new", "base"):
                p = procs[name]
                p.stdin.write(f"{i}\n")
                p.stdin.flush()
                lat[name].append(float(p.stdout.readline()))
    for p in procs.values():
        p.stdin.close()
        p.wait()
    b, x = np.asarray(lat["base"]) * 1000, np.asarray(lat["new"]) * 1000
    for name, v in (("base", b), ("new", x)):
        print(f"{name}: p50 {np.median(v):.2f} ms, p95 {np.percentile(v, 95):.2f} ms, mean {v.mean():.2f} ms")
    print(f"base/new: p50 {np.median(b) / np.median(x):.3f}, p95 {np.percentile(b, 95) / np.percentile(x, 95):.3f}, "
          f"median per-question ratio {np.median(b / x):.3f} ({len(b)} searches each; "
          f"load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
